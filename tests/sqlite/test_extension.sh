#!/bin/sh
# test_extension.sh - the loadable extension: plain SQL over an archive in
# the sqlite3 shell, with the same tokenizer and the same results.
. "$srcdir/tests/lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "1..0 # SKIP the sqlite3 shell is not installed (Debian package sqlite3)"
    exit 0
fi
run index "$srcdir/corpus"
is "$status" 0 "index the corpus"

q() { sqlite3 -batch "$BULLETIN_DB" ".load $BULLETIN_EXTENSION" "$1" 2>&1; }
is "$(q "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"西城\"'")" 1 \
    "MATCH through the loaded tokenizer finds 西城 inside 西城区"
is "$(q "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"學習\"'")" 1 \
    "a traditional query finds the commentary"
is "$(q "SELECT highlight(articles_fts, 0, '[', ']') LIKE '%[学习]%' OR highlight(articles_fts, 0, '[', ']') LIKE '%[學習]%' FROM articles_fts WHERE articles_fts MATCH '\"学习\"' LIMIT 1")" 1 \
    "highlight() marks the original text"
is "$(q "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check'); SELECT 'ok'")" ok \
    "FTS5 integrity-check passes on the archive"
contains "$(sqlite3 -batch "$BULLETIN_DB" "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '西城'" 2>&1)" \
    "no such tokenizer" "without the extension SQLite says the tokenizer is missing"
done_testing
