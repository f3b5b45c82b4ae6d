#!/bin/sh
# test_full_disk.sh - an archive that cannot be written: a full disk
# (simulated with a file size limit, RLIMIT_FSIZE through `ulimit -f`,
# which needs no root and no mount; writes past it fail with EFBIG just as
# they fail with ENOSPC on a full disk) and a read-only archive file (the
# test drops to user nobody with setpriv when it runs as root, for whom
# file permissions do not apply).  Each gives a clear error; the archive
# keeps exactly the articles it had, and passes its checks.
. "$srcdir/tests/lib.sh"

mkdir -p "$work/pages"
i=1
while [ "$i" -le 20 ]; do
    cp "$srcdir/corpus/2017-12-12-p2.txt" "$work/pages/2006-01-$(printf %02d "$i")-p2.txt"
    i=$((i + 1))
done
run index "$srcdir/corpus/2017-12-12-p2.txt"
is "$status" 0 "an archive with the sample page"
snapshot() {
    sqlite3 "$BULLETIN_DB" "SELECT id, key, digest FROM articles ORDER BY id" | cksum
}
before=$(snapshot)

# ---- a full disk: the WAL may not grow past 100 KiB
( trap '' XFSZ; ulimit -f 200; exec "$BULLETIN_SEARCH" index "$work/pages" ) \
    > "$work/out" 2> "$work/err"
is "$?" 1 "indexing onto a full disk: exit 1"
contains "$(head -n 1 "$work/err")" "cannot write $BULLETIN_DB: the disk may be full" \
    "a clear error naming the archive"
stray=$(grep -vc '^bulletin-search: ' "$work/err")
is "$stray" 0 "every error line is the tool's own"
run check
is "$status" 0 "the archive passes check afterwards"
whole=$(sqlite3 "$BULLETIN_DB" \
    "SELECT count(*) FROM (SELECT source FROM articles GROUP BY source HAVING count(*) <> 7)")
is "$whole" 0 "it holds whole files only"
sqlite3 "$BULLETIN_DB" "SELECT id, key, digest FROM articles WHERE source LIKE '%corpus%' ORDER BY id" \
    | cksum > "$work/kept"
sqlite3 "$BULLETIN_DB" "SELECT id, key, digest FROM articles ORDER BY id LIMIT 7" | cksum > "$work/first"
is "$(cat "$work/first")" "$before" "the articles it had are unchanged"
run index "$work/pages"
is "$status" 0 "with room again, the same command completes"
run stats --json
is "$(json 'j["articles"]')" 147 "with all 147 articles"

# ---- a read-only archive file
before=$(snapshot)
cp "$BULLETIN_DB" "$work/before.db"
as_other=""
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv > /dev/null 2>&1; then
        as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"
        chmod 755 "$work"
        chmod -R a+rX "$work" "$srcdir/corpus" 2>/dev/null
        # shellcheck disable=SC2086
        if ! $as_other "$BULLETIN_SEARCH" --version > /dev/null 2>&1; then
            echo "# user nobody cannot run $BULLETIN_SEARCH (a private build folder):" \
                 "the read-only file checks are skipped"
            as_other=""
            skip_readonly=yes
        fi
    else
        echo "# running as root without setpriv: the read-only file checks are skipped"
    fi
fi
skip_readonly=${skip_readonly:-no}
if [ "$skip_readonly" = no ] && { [ "$(id -u)" != 0 ] || [ -n "$as_other" ]; }; then
    chmod 444 "$BULLETIN_DB"
    # shellcheck disable=SC2086
    $as_other "$BULLETIN_SEARCH" index "$srcdir/corpus" > "$work/out" 2> "$work/err"
    is "$?" 1 "indexing into a read-only archive file: exit 1"
    contains "$(cat "$work/err")" "cannot be written (read-only file or folder)" "a clear error"
    # shellcheck disable=SC2086
    $as_other "$BULLETIN_SEARCH" search --json 避风港 > "$work/out" 2> "$work/err"
    # In a folder the reader cannot write to, SQLite cannot create the
    # WAL index (-shm), so even reading is refused, with that explanation.
    if [ -w "$work" ] && [ -z "$as_other" ]; then
        is "$?" 0 "searching a read-only archive file still works"
    else
        is "$?" 1 "searching a read-only archive in a read-only folder: exit 1"
        contains "$(cat "$work/err")" "-shm beside it and the folder is read-only" \
            "explaining why and what to do (a backup copy needs no -shm)"
    fi
    chmod 644 "$BULLETIN_DB"
    is "$(snapshot)" "$before" "the archive's articles are unchanged"
    cmp -s "$BULLETIN_DB" "$work/before.db"
    is "$?" 0 "the archive file is byte for byte as it was"
fi

run --db "$work/no-such-folder/x.db" index "$srcdir/corpus"
is "$status" 1 "an archive in a missing folder: exit 1"
contains "$err" "no-such-folder/x.db" "naming it"

done_testing
