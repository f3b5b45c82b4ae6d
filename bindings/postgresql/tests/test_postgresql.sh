#!/bin/sh
# test_postgresql.sh - the PostgreSQL extension and pg-push against a
# throwaway server (run by .ci/steps/30-postgresql.sh after make).
#
# Starts a primary (and later a streaming standby) from pg_sandbox.sh,
# installs the extension (as root; otherwise it must be installed
# already), pushes the shipped corpus plus one article beyond tsvector's
# limits, and checks PostgreSQL against the SQLite archive.  Prints TAP.
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD_DIR:-$top}
here=$top/bindings/postgresql/tests
SEARCH=$build/tools/bulletin-search
export LD_LIBRARY_PATH=$build/libsearch/.libs
. "$here/pg_sandbox.sh"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # DESCRIPTION COMMAND...
    d=$1; shift
    if "$@"; then ok "$d"; else not_ok "$d"; fi
}
finish() {
    pg_sandbox_stop
    echo "1..$n"
    [ "$failed" -eq 0 ]
}
trap 'finish; exit $?' EXIT
trap 'exit 1' INT TERM HUP

if ! command -v pg_config >/dev/null || [ ! -x "$(pg_config --bindir)/initdb" ]; then
    echo "1..0 # SKIP PostgreSQL 15 server not installed (apt-get install postgresql-15)"
    trap - EXIT
    exit 0
fi
if [ "$(id -u)" = 0 ]; then
    make -s -C "$build" install-postgresql >/dev/null || { not_ok "install the extension"; exit 1; }
fi

pg_sandbox_init
work=$PG_TMP/work
mkdir -p "$work" && chmod 755 "$work"
check "a throwaway primary starts on 127.0.0.1:$PG_PORT" pg_sandbox_primary || exit 1

# psql as a client: unaligned, quiet, stop on error.
sql() { psql "$PG_CONN" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
sql2() { psql "$PG_CONN2" -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
# A query as an SQL literal (dollar-quoted: nothing to escape).
lit() { printf '$q$%s$q$' "$1"; }

check "CREATE EXTENSION bulletin" sql -c "CREATE EXTENSION bulletin"

# ---- the archive and the push
db=$work/archive.db
cp -r "$top/corpus" "$work/corpus"
/usr/bin/python3 "$here/gen_corpus.py" long "$work/corpus/long.xml"
"$SEARCH" --db "$db" index "$work/corpus" >/dev/null
out=$("$SEARCH" --db "$db" pg-push "$PG_CONN" 2>&1)
echo "# $out"
check "pg-push copies every article" \
    test "$(sql -c 'SELECT count(*) FROM bulletin.articles')" = "$(sqlite3 "$db" 'SELECT count(*) FROM articles WHERE id NOT IN (SELECT part_id FROM article_parts)')"
out=$("$SEARCH" --db "$db" pg-push "$PG_CONN" 2>&1)
echo "# $out"
check "pg-push a second time sends nothing" \
    sh -c "echo '$out' | grep -q ' 0 new or changed sent, 0 deleted'"

# ---- one tokenizer, two engines: the same terms at the same positions
# (articles whose continuation is joined to them are pushed whole, so they
# and their parts are left out of this comparison)
joined=$(sqlite3 "$db" "SELECT group_concat(id) FROM (SELECT part_id AS id FROM article_parts UNION SELECT main_id FROM article_parts)")
joined=${joined:-0}
sqlite3 -separator "$(printf '\t')" -cmd ".load $build/libsearch/.libs/bulletin" "$db" "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, articles_fts, 'instance');
  SELECT doc, term, offset + 1 FROM temp.v WHERE col = 'body' AND doc IN
    (SELECT id FROM articles WHERE length(body) < 8000 AND id NOT IN ($joined)) ORDER BY 1, 2, 3;" > "$work/fts5.terms"
sql -F "$(printf '\t')" -c "SELECT id, lexeme, p FROM bulletin.articles a,
    unnest(to_tsvector('bulletin', a.body)) u, unnest(u.positions) p
    WHERE length(a.body) < 8000 AND id NOT IN ($joined) ORDER BY id, lexeme COLLATE \"C\", p" > "$work/pg.terms"
terms=$(wc -l < "$work/pg.terms")
check "to_tsvector('bulletin') gives the FTS5 tokenizer's terms and positions on the corpus ($terms terms)" \
    sh -c "[ $terms -gt 1000 ] && diff '$work/fts5.terms' '$work/pg.terms'"

# ---- the same articles for the same queries
QUERIES='西城
西城区
學習
学习
习近平
會
会
燕
"暖心驿站"
“暖心 驿站”
"工会 组织"
"两大战略"
西城 OR 丰台
(西城 OR 丰台) 职工
工会 -西城
工会 -"西城工会"
beer
YANJING
2018
结尾暗号
暗号结尾
"长文结尾暗号"
工会 -暗号
工会 -"长文结尾暗号"
口号结束'
sqlite_ids() { "$SEARCH" --db "$db" search --json --kind all --limit 1000 -- "$1" |
    /usr/bin/python3 -c 'import json,sys; print(" ".join(str(i) for i in sorted(h["id"] for h in json.load(sys.stdin)["hits"])))'; }
pg_ids() { # CLIENT QUERY
    $1 -c "SELECT string_agg(id::text, ' ' ORDER BY id) FROM bulletin.articles
           WHERE bulletin_matches(tsv, $(lit "$2"), headline, subtitle, body)"; }
compare_queries() { # CLIENT LABEL
    echo "$QUERIES" | while IFS= read -r q; do
        want=$(sqlite_ids "$q"); got=$(pg_ids "$1" "$q")
        if [ "$want" = "$got" ]; then echo "ok - $2 $q: [$got]"
        else echo "not ok - $2 $q: SQLite [$want], PostgreSQL [$got]"; fi
    done
}
compare_queries sql primary > "$work/compare.out"
sed 's/^/# /' "$work/compare.out"
check "PostgreSQL finds the same articles as SQLite for $(echo "$QUERIES" | wc -l) queries" \
    sh -c "! grep -q '^not ok' '$work/compare.out' && grep -q '暗号结尾: \[\]' '$work/compare.out' && grep -q '结尾暗号: \[[0-9]' '$work/compare.out'"

long_tsv=$(sql -c "SELECT bool_and(p IS NULL) FROM bulletin.articles a, unnest(a.tsv) u
                   LEFT JOIN LATERAL unnest(u.positions) p ON true WHERE key = '2017-12-20-long'")
check "the article beyond tsvector's limits is stored without positions, every lexeme kept" \
    test "$long_tsv" = t
check "its tail (past position 16383) is found by bulletin_matches, not by a bare @@" \
    test "$(sql -c "SELECT count(*) FILTER (WHERE bulletin_matches(tsv, '\"长文结尾暗号\"', headline, subtitle, body)),
                           count(*) FILTER (WHERE tsv @@ bulletin_query('\"长文结尾暗号\"'))
                    FROM bulletin.articles")" = "1|0"

plan=$(sql -c "SET enable_seqscan = off" -c "EXPLAIN SELECT id FROM bulletin.articles
             WHERE bulletin_matches(tsv, '西城 工会', headline, subtitle, body)")
echo "$plan" | sed 's/^/# /'
echo "$plan" > "$work/plan.txt"
check "EXPLAIN shows the GIN index on tsv" grep -q 'Index Scan on articles_tsv' "$work/plan.txt"

# ---- snippets: the original script, nothing dropped or repeated
snip=$(sql -c "SELECT bulletin_snippet(body, '学习', 0, '[', ']') FROM bulletin.articles WHERE id = 1")
check "a simplified query marks the traditional original: [學習]" \
    sh -c "echo '$snip' | grep -q '\[學習\]'"
bad=$(sql -c "SELECT count(*) FROM bulletin.articles a,
    (VALUES ('西城'), ('學習'), ('会'), ('\"工会 组织\"'), ('西城 OR 丰台'), ('工会 -西城'), ('2018')) q(q)
    WHERE bulletin_matches(a.tsv, q.q, a.headline, a.subtitle, a.body) AND (
      replace(replace(bulletin_snippet(a.body, q.q, 0, chr(2), chr(3)), chr(2), ''), chr(3), '') <> a.body
      OR strpos(bulletin_snippet(a.body, q.q, 0, chr(2), chr(3)), chr(2)) = 0 AND strpos(a.headline, '西城') = 0)")
check "whole-text snippets, marks removed, equal the body byte for byte" test "$bad" = 0
bad=$(sql -c "SELECT count(*) FROM bulletin.articles a, (VALUES ('西城'), ('會'), ('\"工会 组织\"')) q(q)
    WHERE strpos(a.body, replace(replace(replace(bulletin_snippet(a.body, q.q, 40, chr(2), chr(3), chr(4)),
                 chr(2), ''), chr(3), ''), chr(4), '')) = 0")
check "40-character snippets are unaltered stretches of the body" test "$bad" = 0
check "html => true escapes the text, not the marks" \
    test "$(sql -c "SELECT bulletin_snippet('<b>西城</b> & 区', '西城', 0, html => true)")" = \
         "&lt;b&gt;<mark>西城</mark>&lt;/b&gt; &amp; 区"

# ---- hostile queries: our errors, never a crashed backend
pid_before=$(sql -c "SELECT pg_backend_pid()")
hostile_ok=true
long_q=$(/usr/bin/python3 -c 'print("工会 " * 1500)')
deep_q=$(/usr/bin/python3 -c 'print("(" * 200 + "工会" + ")" * 200)')
for q in '"unbalanced' '(工会' '工会)' 'OR 工会' '工会 OR' '-工会' '。，！' "$long_q" "$deep_q" \
         '-(a OR b)' '工会 OR -西城' ''; do
    for f in "bulletin_query($(lit "$q"))" "bulletin_snippet('工会', $(lit "$q"))" \
             "bulletin_matches('x'::tsvector, $(lit "$q"), '', '', '')"; do
        err=$(sql -c "SELECT $f" 2>&1 >/dev/null)
        case $err in
            *"ERROR:  query"*|*"ERROR:  a query"*|*"ERROR:  an "*|*"ERROR:  the "*|*"ERROR:  a closing"*|*"ERROR:  '-'"*|*"ERROR:  OR "*) ;;
            *) hostile_ok=false; echo "# $f -> $err" | head -c 300; echo ;;
        esac
    done
done
check "malformed and hostile queries raise our PostgreSQL errors" $hostile_ok
check "the server survived them (no backend crashed)" \
    sh -c "! grep -q 'terminated by signal' '$PG_TMP/primary.log'"
check "bad snippet arguments are errors too" \
    sh -c "sql() { psql \"$PG_CONN\" -X -q -A -t -c \"\$1\" 2>&1; }; sql \"SELECT bulletin_snippet('x', 'x', -1)\" | grep -q 'max_chars must be'"

# ---- many thousands of calls leak nothing (backend RSS stays flat)
leak_sql="DO \$\$ DECLARE r text; BEGIN FOR i IN 1..LOOPS LOOP
    r := bulletin_query('西城区 \"暖心驿站\" -广告 会')::text;
    r := bulletin_snippet('北京市西城區總工會的暖心驛站，为户外劳动者服务。', '暖心驿站 西城', 10);
    r := to_tsvector('bulletin', '北京市西城區總工會的暖心驛站 APP 2018')::text;
    r := bulletin_tsvector('标题', NULL, '正文西城区')::text;
    PERFORM bulletin_recheck(strip('a'::tsvector), '\"西城 总工会\" -广告', NULL, NULL, '西城总工会');
    BEGIN PERFORM bulletin_query('\"unbalanced'); EXCEPTION WHEN syntax_error THEN NULL; END;
  END LOOP; END \$\$;"
rss() { grep VmRSS "/proc/$1/status" | awk '{print $2}'; }
mkfifo "$work/leak.in"
psql "$PG_CONN" -X -q -A -t < "$work/leak.in" > "$work/leak.out" 2>&1 &
psql_pid=$!
exec 9> "$work/leak.in"
echo "SELECT pg_backend_pid();" >&9
echo "$(echo "$leak_sql" | sed 's/LOOPS/3000/')" >&9
echo "\\! touch $work/leak.warm" >&9
for i in $(seq 1 600); do [ -f "$work/leak.warm" ] && break; sleep 0.1; done
bpid=$(head -n1 "$work/leak.out")
rss1=$(rss "$bpid")
echo "$(echo "$leak_sql" | sed 's/LOOPS/30000/')" >&9
echo "\\! touch $work/leak.done" >&9
for i in $(seq 1 1200); do [ -f "$work/leak.done" ] && break; sleep 0.1; done
rss2=$(rss "$bpid")
exec 9>&-
wait $psql_pid
echo "# backend RSS after 3000 rounds: ${rss1} kB; after 30000 more: ${rss2} kB"
check "30000 rounds of every function (and errors) grow the backend by < 2 MB" \
    test -n "$rss1" -a -n "$rss2" -a $((rss2 - rss1)) -lt 2048

# ---- a streaming standby answers after the primary commits
check "a standby from pg_basebackup -R starts on 127.0.0.1:$PG_PORT2" pg_sandbox_standby
cat > "$work/corpus/new.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<bulletin date="2017-12-21"><page number="1">
<article id="2017-12-21-new"><headline>东城区总工会新建职工书屋</headline>
<p>东城区总工会在西城区交界处新建职工书屋，暖心驿站同步开放。</p></article>
</page></bulletin>
XML
"$SEARCH" --db "$db" index "$work/corpus" >/dev/null
"$SEARCH" --db "$db" pg-push --quiet "$PG_CONN"
lsn=$(sql -c "SELECT pg_current_wal_lsn()")
for i in $(seq 1 300); do
    [ "$(sql2 -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] && break
    sleep 0.1
done
compare_queries sql2 standby > "$work/compare2.out"
sed 's/^/# /' "$work/compare2.out"
check "the standby gives SQLite's articles for every query, the new one included" \
    sh -c "! grep -q '^not ok' '$work/compare2.out' && grep -q '^ok - standby 西城区: \[.* ' '$work/compare2.out'"
check "the standby is read-only: a write is refused" \
    sh -c "! psql '$PG_CONN2' -X -q -c 'DELETE FROM bulletin.articles' 2>/dev/null"

# ---- deletions follow
victim=$(sql -c "SELECT id FROM bulletin.articles WHERE key = '2017-12-21-new'")
"$SEARCH" --db "$db" delete "$victim" >/dev/null
out=$("$SEARCH" --db "$db" pg-push "$PG_CONN")
echo "# $out"
check "an article deleted from the archive is deleted by pg-push" \
    test "$(sql -c "SELECT count(*) FROM bulletin.articles WHERE id = $victim")" = 0
check "and only it: 0 sent, 1 deleted" sh -c "echo '$out' | grep -q ' 0 new or changed sent, 1 deleted'"
"$SEARCH" --db "$db" pg-push "host=127.0.0.1 port=1 connect_timeout=2" > "$work/unreachable.out" 2>&1
status=$?
check "pg-push to an unreachable server exits 1 with a message" \
    sh -c "[ $status = 1 ] && grep -q 'pg-push: cannot connect' '$work/unreachable.out'"

# ---- ranking (bulletin.rank, made by pg-push; README "Ranking")
rank_of() { sql -c "SELECT bulletin.rank(bulletin_tsvector($1), '$2')"; }
greater() { /usr/bin/python3 -c 'import sys; a = [float(x) for x in sys.argv[1:]]; sys.exit(not all(x > y for x, y in zip(a, a[1:])))' "$@"; }
check "a whole-word match (工会 in 总工会) ranks above a straddling one (化工会议)" \
    greater "$(rank_of "'', '', '北京市总工会召开会议'" 工会)" "$(rank_of "'', '', '北京市化工会议召开'" 工会)"
check "a headline match ranks above a subtitle match, above a body match" \
    greater "$(rank_of "'工会', '', '北京'" 工会)" "$(rank_of "'', '工会', '北京'" 工会)" \
            "$(rank_of "'', '', '工会北京'" 工会)"
rank_all_queries() {
    echo "$QUERIES" | while IFS= read -r q; do
        sql -c "SELECT count(*) FROM bulletin.articles WHERE bulletin.rank(tsv, $(lit "$q")) >= 0" \
            > /dev/null || return 1
    done
}
check "bulletin.rank takes every query of the comparison (phrases, OR, -, prefixes, Latin)" \
    rank_all_queries

# ---- districts, topics and event dates
. "$here/test_pg_tags.sh"
