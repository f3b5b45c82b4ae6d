#!/bin/sh
# bench_postgresql.sh [N] - PostgreSQL against the SQLite archive on a
# generated corpus of N articles (default 20000): push throughput, sizes,
# query p50/p99 on the primary, the standby and SQLite.  Not part of make
# check (it measures time); run by hand after make, as root or a user
# who can run initdb.
set -eu
top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD_DIR:-$top}
here=$top/bindings/postgresql/tests
N=${1:-20000}
ROUNDS=${ROUNDS:-20}
SEARCH=$build/tools/bulletin-search
export LD_LIBRARY_PATH=$build/libsearch/.libs
. "$here/pg_sandbox.sh"
trap 'pg_sandbox_stop' EXIT
pg_sandbox_init
w=$PG_TMP/work
mkdir -p "$w" && chmod 755 "$w"
[ "$(id -u)" = 0 ] && make -s -C "$build" install-postgresql >/dev/null
pg_sandbox_primary

/usr/bin/python3 "$here/gen_corpus.py" bench "$w/corpus" "$N" 1
t0=$(date +%s.%N)
"$SEARCH" --db "$w/a.db" index "$w/corpus" > /dev/null
t1=$(date +%s.%N)
psql "$PG_CONN" -X -q -c "CREATE EXTENSION bulletin"
push=$("$SEARCH" --db "$w/a.db" pg-push "$PG_CONN")
t2=$(date +%s.%N)
pg_sandbox_standby
psql "$PG_CONN" -X -q -c "VACUUM ANALYZE bulletin.articles"
lsn=$(psql "$PG_CONN" -X -A -t -c "SELECT pg_current_wal_lsn()")
until [ "$(psql "$PG_CONN2" -X -A -t -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do sleep 0.2; done

echo "corpus: $N generated articles"
echo "sqlite index: $(echo "$t1 - $t0" | bc) s ($(echo "$N / ($t1 - $t0)" | bc) articles/s)"
echo "pg-push: $push"
echo "sqlite archive file: $(stat -c %s "$w/a.db") bytes; FTS5 index: $(sqlite3 -cmd ".load $build/libsearch/.libs/bulletin" "$w/a.db" \
    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'articles_fts%'" 2>/dev/null || echo '?') bytes"
psql "$PG_CONN" -X -A -t -F ' ' -c "SELECT 'postgresql table+toast+indexes:', pg_total_relation_size('bulletin.articles'),
    'bytes; GIN index articles_tsv:', pg_relation_size('bulletin.articles_tsv'), 'bytes'"

QUERIES="西城 工会|学习 贯彻|\"暖心驿站\"|会|西城 OR 丰台|工会 -西城|(西城 OR 丰台) 职工|\"工会组织\"|劳模精神|习近平新时代"
pct() { sort -n | awk '{a[NR]=$1} END {printf "p50 %.2f ms, p99 %.2f ms (%d queries)\n", a[int(NR*0.5)+1]/1000, a[int(NR*0.99)+1]/1000, NR}'; }

cc -o "$w/bench_search" "$here/bench_search.c" -I"$top/libsearch" -L"$build/libsearch/.libs" -lbulletin
old_ifs=$IFS; IFS='|'; set -- $QUERIES; IFS=$old_ifs
printf 'sqlite (C API, 20 hits + snippets): '; "$w/bench_search" "$w/a.db" "$ROUNDS" "$@" | pct

i=0
for q in "$@"; do
    i=$((i + 1))
    cat > "$w/q$i.sql" <<SQL
SELECT id, headline, bulletin_snippet(body, \$q\$$q\$q\$) FROM bulletin.articles
 WHERE bulletin_matches(tsv, \$q\$$q\$q\$, headline, subtitle, body)
 ORDER BY ts_rank(tsv, bulletin_query(\$q\$$q\$q\$)) DESC, issue_date DESC LIMIT 20;
SQL
done
for side in primary standby; do
    conn=$PG_CONN; [ $side = standby ] && conn=$PG_CONN2
    rm -rf "$w/log" && mkdir "$w/log" && chmod 777 "$w/log"
    files=""
    for k in $(seq 1 $i); do files="$files -f $w/q$k.sql"; done
    (cd "$w/log" && pgbench -n -t $((ROUNDS * i)) -l $files "$conn" > /dev/null 2>&1)
    printf 'postgresql %s (20 hits + snippets, ranked): ' $side
    cat "$w/log"/pgbench_log.* | awk '{print $3}' | pct
done
