#!/bin/sh
# test_concurrency.sh - processes at once on one archive file:
#   - four reader processes search continuously (and one takes backups)
#     while a writer indexes a folder: every search succeeds, none shows
#     "locked", and each reader's count never goes down (a snapshot of
#     whole files); every backup passes check and holds whole files;
#   - two writers index two folders at once: each completes (the second
#     waits for the first's transaction, up to the 10 s busy timeout) or
#     fails cleanly with the "locked" message; re-running what failed
#     leaves exactly the expected articles.
# The checks hold however the processes interleave: no timing assumed.
. "$srcdir/tests/lib.sh"

make_pages() {  # make_pages DIR YEAR N: N copies of the sample page
    mkdir -p "$1"
    i=0
    while [ "$i" -lt "$3" ]; do
        cp "$srcdir/corpus/2017-12-12-p2.txt" \
            "$1/$(printf '%04d-%02d-%02d' "$2" $((i / 28 + 1)) $((i % 28 + 1)))-p2.txt"
        i=$((i + 1))
    done
}

pages=40
make_pages "$work/pages" 2001 "$pages"
# The archive exists before the readers start (one page in it).
run index "$work/pages/2001-01-01-p2.txt"
is "$status" 0 "the archive is created with one page"

reader() {  # reader N: search until the writer is done; log "status total"
    : > "$work/reader$1.log"
    while :; do
        # Look first: a search started after the writer finished sees all.
        done=no
        [ -f "$work/writer.done" ] && done=yes
        "$BULLETIN_SEARCH" search --json 避风港 > "$work/reader$1.out" 2> "$work/reader$1.err"
        st=$?
        total=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' \
            "$work/reader$1.out" 2>/dev/null || echo "-")
        echo "$st $total" >> "$work/reader$1.log"
        cat "$work/reader$1.err" >> "$work/reader$1.errors"
        [ "$done" = yes ] && break
    done
}

backups() {  # take backups until the writer is done
    n=0
    while :; do
        n=$((n + 1))
        if "$BULLETIN_SEARCH" backup "$work/backup$n.db" > /dev/null 2>> "$work/backup.errors"; then
            echo "$work/backup$n.db" >> "$work/backups.list"
        else
            echo "backup $n failed" >> "$work/backup.errors"
        fi
        [ -f "$work/writer.done" ] && break
    done
}

: > "$work/backups.list"
: > "$work/backup.errors"
for r in 1 2 3 4; do : > "$work/reader$r.errors"; reader "$r" & done
backups &
"$BULLETIN_SEARCH" index "$work/pages" > "$work/writer.out" 2> "$work/writer.err"
writer_status=$?
touch "$work/writer.done"
wait

is "$writer_status" 0 "the writer completes while readers search"
searches=0 failures=0 decreasing=0
for r in 1 2 3 4; do
    n=$(grep -c . "$work/reader$r.log")
    searches=$((searches + n))
    failures=$((failures + $(grep -vc '^0 [0-9]' "$work/reader$r.log")))
    decreasing=$((decreasing + $(awk '$2 < last { d++ } { last = $2 } END { print d + 0 }' "$work/reader$r.log")))
done
echo "# 4 readers ran $searches searches during the index run"
is "$failures" 0 "every search of every reader succeeded ($searches searches)"
locked=$(cat "$work"/reader*.errors | grep -ci 'lock')
is "$locked" 0 "no reader ever saw 'locked'"
is "$decreasing" 0 "each reader's count only grows (whole files, consistent snapshots)"
last=$(tail -n 1 "$work/reader1.log" | cut -d' ' -f2)
is "$last" "$pages" "the last search sees every page"

nb=$(grep -c . "$work/backups.list")
is "$(grep -c . "$work/backup.errors")" 0 "every backup taken during the index run succeeded ($nb backups)"
bad=0
for b in $(cat "$work/backups.list"); do
    "$BULLETIN_SEARCH" --db "$b" check > /dev/null 2>&1 || bad=$((bad + 1))
    whole=$(sqlite3 "$b" "SELECT count(*) % 7 FROM articles")
    [ "$whole" = 0 ] || bad=$((bad + 1))
done
is "$bad" 0 "every backup passes check and holds whole files only"

# ---- two writers at once
make_pages "$work/a" 2002 30
make_pages "$work/b" 2003 30
"$BULLETIN_SEARCH" index "$work/a" > "$work/a.out" 2> "$work/a.err" &
pa=$!
"$BULLETIN_SEARCH" index "$work/b" > "$work/b.out" 2> "$work/b.err" &
pb=$!
wait "$pa"; sa=$?
wait "$pb"; sb=$?
clean=0
for w in a b; do
    eval "st=\$s$w"
    if [ "$st" -ne 0 ]; then
        echo "# writer $w failed: $(head -n 1 "$work/$w.err")"
        grep -q 'locked by another process' "$work/$w.err" || clean=1
        "$BULLETIN_SEARCH" index "$work/$w" > /dev/null 2>&1 || clean=1
    fi
done
echo "# two writers: exit statuses $sa and $sb"
is "$clean" 0 "two writers: each completes, or fails with the 'locked' message and completes when re-run"
run stats --json
is "$(json 'j["articles"]')" $(((pages + 60) * 7)) "nothing is lost: $(((pages + 60) * 7)) articles"
run check
is "$status" 0 "the archive is sound"

done_testing
