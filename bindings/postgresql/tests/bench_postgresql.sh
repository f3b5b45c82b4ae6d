#!/bin/sh
# bench_postgresql.sh - PostgreSQL against the SQLite archive on the
# benchmark corpus (`make bench-pg`; not part of make check: it measures
# time).  Run after make, as root or as a user who can run initdb.
#
#   bench_postgresql.sh --corpus DIR --archive FILE --queries TSV
#                       [--rounds N] [--json FILE]
#
# Indexes DIR into the SQLite archive FILE unless FILE is already newer
# than the corpus, starts a throwaway primary and a streaming standby
# (pg_sandbox.sh), pushes the archive with pg-push (timed), measures sizes,
# runs the query mix on SQLite (C API), the primary and the standby
# (bench_queries.c, N timed rounds after one warm-up), and prints one
# table; bench_summary.py also writes the JSON.
set -eu
top=$(cd "$(dirname "$0")/../../.." && pwd)
build=${BUILD_DIR:-$top}
here=$top/bindings/postgresql/tests
corpus= archive= queries= json=bench-pg-results.json rounds=3
while [ $# -gt 0 ]; do
    case $1 in
        --corpus) corpus=$2 ;; --archive) archive=$2 ;; --queries) queries=$2 ;;
        --rounds) rounds=$2 ;; --json) json=$2 ;;
        *) echo "bench_postgresql.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift 2
done
[ -n "$corpus" ] && [ -n "$archive" ] && [ -n "$queries" ] ||
    { echo "usage: bench_postgresql.sh --corpus DIR --archive FILE --queries TSV [--rounds N] [--json FILE]" >&2; exit 2; }
command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ] ||
    { echo "bench_postgresql.sh: needs a PostgreSQL 15 server (apt-get install postgresql-15)" >&2; exit 1; }
SEARCH=$build/tools/bulletin-search
export LD_LIBRARY_PATH=$build/libsearch/.libs
now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

. "$here/pg_sandbox.sh"
trap 'pg_sandbox_stop' EXIT
pg_sandbox_init
w=$PG_TMP/work
mkdir -p "$w" && chmod 755 "$w"
facts=$w/facts   # KEY VALUE lines for bench_summary.py
echo "load_start $(load)" > "$facts"

# ---- the SQLite archive (kept between runs, like the corpus)
index_s=
if [ ! -f "$archive" ] || [ "$corpus/.done" -nt "$archive" ]; then
    rm -f "$archive" "$archive-wal" "$archive-shm"
    t0=$(now)
    "$SEARCH" --db "$archive" index "$corpus" > "$w/index.log"
    index_s=$(echo "$(now) $t0" | awk '{print $1 - $2}')
fi
echo "index_s ${index_s:-reused}" >> "$facts"

# ---- servers: the standby streams during the push
[ "$(id -u)" = 0 ] && make -s -C "$build" install-postgresql >/dev/null
pg_sandbox_primary
pg_sandbox_standby
psql "$PG_CONN" -X -q -c "CREATE EXTENSION bulletin"
sync_standby() {
    lsn=$(psql "$PG_CONN" -X -A -t -c "SELECT pg_current_wal_lsn()")
    until [ "$(psql "$PG_CONN2" -X -A -t -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ]; do
        sleep 0.2
    done
}

# ---- the push, then the standby catching up, then a second (empty) push
echo "load_before_push $(load)" >> "$facts"
t0=$(now)
"$SEARCH" --db "$archive" pg-push "$PG_CONN" > "$w/push.out"
t1=$(now)
sync_standby
t2=$(now)
"$SEARCH" --db "$archive" pg-push "$PG_CONN" > "$w/push2.out"
t3=$(now)
echo "push_s $(echo "$t1 $t0" | awk '{print $1 - $2}')" >> "$facts"
echo "standby_catchup_s $(echo "$t2 $t1" | awk '{print $1 - $2}')" >> "$facts"
echo "push_again_s $(echo "$t3 $t2" | awk '{print $1 - $2}')" >> "$facts"
echo "push_output $(cat "$w/push.out")" >> "$facts"
echo "push_again_output $(cat "$w/push2.out")" >> "$facts"
echo "load_after_push $(load)" >> "$facts"
psql "$PG_CONN" -X -q -c "VACUUM ANALYZE"
sync_standby

# ---- sizes
psql "$PG_CONN" -X -A -t -F ' ' -c "SELECT 'pg_articles_total', pg_total_relation_size('bulletin.articles')
    UNION ALL SELECT 'pg_gin', pg_relation_size('bulletin.articles_tsv')
    UNION ALL SELECT 'pg_tags_total', pg_total_relation_size('bulletin.article_districts')
        + pg_total_relation_size('bulletin.article_topics') + pg_total_relation_size('bulletin.article_events')
        + pg_total_relation_size('bulletin.article_tag_digests')
    UNION ALL SELECT 'pg_database', pg_database_size(current_database())
    UNION ALL SELECT 'articles', count(*) FROM bulletin.articles
    UNION ALL SELECT 'text_bytes', sum(octet_length(headline) + octet_length(subtitle) + octet_length(body))
        FROM bulletin.articles" >> "$facts"
echo "sqlite_file $(stat -c %s "$archive")" >> "$facts"
echo "corpus_bytes $(du -sb "$corpus" | cut -f1)" >> "$facts"
echo "settings $(psql "$PG_CONN" -X -A -t -c "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ' ')
    FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'fsync')")" >> "$facts"

# ---- the query mix on the three
cc -O2 -o "$w/bench_queries" "$here/bench_queries.c" -I"$top/libsearch" \
    -I"$(pg_config --includedir)" -L"$build/libsearch/.libs" -lbulletin -lpq
echo "load_before_queries $(load)" >> "$facts"
"$w/bench_queries" sqlite "$archive" "$queries" "$rounds" > "$w/sqlite.tsv"
"$w/bench_queries" pg "$PG_CONN" "$queries" "$rounds" > "$w/primary.tsv"
"$w/bench_queries" pg "$PG_CONN2" "$queries" "$rounds" > "$w/standby.tsv"
echo "load_end $(load)" >> "$facts"
echo "rounds $rounds" >> "$facts"
/usr/bin/python3 "$here/bench_summary.py" "$facts" "$w/sqlite.tsv" "$w/primary.tsv" \
    "$w/standby.tsv" "$json"
