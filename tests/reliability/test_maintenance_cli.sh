#!/bin/sh
# test_maintenance_cli.sh - bulletin-search backup, check and optimize on
# real archive files: a sound archive, a damaged index, a damaged file,
# backups that are complete, self-contained and never half-written, and an
# index merged into one segment that finds what it found before.
. "$srcdir/tests/lib.sh"

sql() {  # sql DB SQL...: the sqlite3 shell with the bulletin tokenizer
    db=$1; shift
    sqlite3 -batch "$db" ".load $BULLETIN_EXTENSION" "$@"
}

run index "$srcdir/corpus/2017-12-12-p2.txt"
is "$status" 0 "index the sample page"

# ---- check
run check
is "$status" 0 "check on a sound archive: exit 0"
contains "$out" "is sound" "says the archive is sound"
contains "$out" "all 7 articles" "counts the articles it checked"
run --db "$work/missing.db" check
is "$status" 1 "check of a missing archive: exit 1"
contains "$err" "missing.db" "naming it"
run check extra
is "$status" 2 "check with arguments: usage error"

# ---- backup
run backup "$work/copy.db"
is "$status" 0 "backup: exit 0"
contains "$out" "copy.db" "names the copy"
ok "$( [ ! -e "$work/copy.db-wal" ] && [ "$(od -An -tu1 -j18 -N1 "$work/copy.db" | tr -d ' ')" = 1 ]; echo $?)" \
    "the copy is one self-contained file (rollback journal, not WAL)"
ls "$work" | grep -q partial
ok $((1 - $?)) "no temporary file is left beside it"
run --db "$work/copy.db" search --json 暖心驛站
is "$(json 'j["total"]')" 1 "the copy is searchable"
run --db "$work/copy.db" check
is "$status" 0 "the copy passes check"
chmod a-w "$work/copy.db"
"$BULLETIN_SEARCH" --db "$work/copy.db" stats > /dev/null 2>&1
ok $? "the copy opens read-only for searching (stats)"
chmod u+w "$work/copy.db"
run backup "$work/copy.db"
is "$status" 0 "backup over an earlier copy replaces it"
run backup "$BULLETIN_DB"
is "$status" 1 "backup onto the archive itself is refused"
contains "$err" "archive itself" "saying why"
run search --json 暖心驛站
is "$(json 'j["total"]')" 1 "and the archive is intact"
run backup "$work/no/such/folder/copy.db"
is "$status" 1 "backup into a missing folder: exit 1"
contains "$err" "no/such/folder/copy.db" "naming the destination"
run backup
is "$status" 2 "backup without DEST: usage error"

# ---- optimize: one transaction per file leaves one index segment each
run index "$srcdir/corpus/2017-12-19-p1.txt"
run index "$srcdir/corpus/2017-12-19-p3.txt"
segments() { sqlite3 "$BULLETIN_DB" "SELECT count(DISTINCT segid) FROM articles_fts_idx"; }
ok $(( $(segments) > 1 ? 0 : 1 )) "three files indexed apart: several index segments"
run search --json --limit 50 职工
before=$(json '[(h["id"], h["snippet"]) for h in j["hits"]]')
run optimize
is "$status" 0 "optimize: exit 0"
contains "$out" "one segment" "says what it did"
is "$(segments)" 1 "the index is one segment"
run search --json --limit 50 职工
is "$(json '[(h["id"], h["snippet"]) for h in j["hits"]]')" "$before" "the same hits and snippets as before"
run check
is "$status" 0 "the archive passes check afterwards"
run optimize extra
is "$status" 2 "optimize with arguments: usage error"
run --db "$work/missing.db" optimize
is "$status" 1 "optimize of a missing archive: exit 1"
contains "$err" "missing.db" "naming it"

# ---- a damaged search index: rows of the index removed behind FTS5's back
cp "$BULLETIN_DB" "$work/damaged-index.db"
sql "$work/damaged-index.db" "DELETE FROM articles_fts_docsize WHERE id = (SELECT min(id) FROM articles)" >/dev/null
run --db "$work/damaged-index.db" check
is "$status" 1 "check of an archive with a damaged index: exit 1"
contains "$err" "search index" "says the search index is damaged"
contains "$err" "articles themselves are intact" "and that the articles are not"
sql "$work/damaged-index.db" "INSERT INTO articles_fts(articles_fts) VALUES('rebuild')" >/dev/null
run --db "$work/damaged-index.db" check
is "$status" 0 "the rebuild it suggests repairs it"

cp "$BULLETIN_DB" "$work/damaged-fts.db"
sql "$work/damaged-fts.db" "UPDATE articles_fts_data SET block = zeroblob(length(block)) WHERE id > 10" >/dev/null
run --db "$work/damaged-fts.db" check
is "$status" 1 "check of an archive with garbled index pages: exit 1"
contains "$err" "search index" "says the search index is damaged"

# ---- a damaged file: a page of the articles table overwritten
cp "$BULLETIN_DB" "$work/damaged-file.db"
page=$(sqlite3 "$work/damaged-file.db" "SELECT rootpage FROM sqlite_master WHERE name = 'articles_by_source'")
size=$(sqlite3 "$work/damaged-file.db" "PRAGMA page_size")
head -c "$size" /dev/zero | tr '\0' '\377' |
    dd of="$work/damaged-file.db" bs="$size" seek=$((page - 1)) conv=notrunc 2>/dev/null
run --db "$work/damaged-file.db" check
is "$status" 1 "check of a damaged database file: exit 1"
contains "$err" "is damaged" "says the archive is damaged"
contains "$err" "backup" "and what to do"

done_testing
