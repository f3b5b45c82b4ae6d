# test_pg_tags.sh - districts, topics and event dates in PostgreSQL
# (sourced by test_postgresql.sh at its end: the primary, the standby,
# the archive $db and the helpers check/sql/sql2/lit are set up there).
#
# The tags pushed must be the archive's, the facet counts and filters of
# the README's queries must give what `bulletin-search search --facets`
# gives, a retag must arrive with the next push, and a deleted article's
# tags must go.

# ---- the tables themselves, row for row (continuations are pushed
# inside their article, and search counts only the main article's tags)
not_parts="article_id NOT IN (SELECT part_id FROM article_parts)"
archive_tags() {
    sqlite3 -separator '|' "$db" \
        "SELECT article_id, district, is_primary, printf('%.6f', weight) FROM article_districts
           WHERE $not_parts ORDER BY 1, 2;
         SELECT article_id, topic, printf('%.6f', score) FROM article_topics
           WHERE $not_parts ORDER BY 1, 2;
         SELECT article_id, date_from, date_to, start_offset, end_offset FROM article_events
           WHERE $not_parts ORDER BY 1, 2, 3, 4, 5;"
}
pg_tags() { # CLIENT
    $1 -F '|' -c "SELECT article_id, district, is_primary::int, round(weight::numeric, 6)
                    FROM bulletin.article_districts ORDER BY article_id, district COLLATE \"C\"" \
              -c "SELECT article_id, topic, round(score::numeric, 6)
                    FROM bulletin.article_topics ORDER BY article_id, topic COLLATE \"C\"" \
              -c "SELECT article_id, date_from, date_to, start_offset, end_offset
                    FROM bulletin.article_events ORDER BY 1, 2, 3, 4, 5"
}
tags_equal() { # CLIENT
    archive_tags > "$work/tags.sqlite"
    pg_tags "$1" > "$work/tags.pg"
    [ "$(grep -c . "$work/tags.sqlite")" -gt 20 ] &&
        { diff "$work/tags.sqlite" "$work/tags.pg" > "$work/tags.diff" ||
          { head -20 "$work/tags.diff" | sed 's/^/# /'; false; }; }
}
"$SEARCH" --db "$db" pg-push --quiet "$PG_CONN"
check "pushed districts, topics and event dates equal the archive's ($(archive_tags | wc -l) rows)" \
    tags_equal sql
check "primary districts: exactly one per article that has districts" \
    test "$(sql -c "SELECT count(*) FROM (SELECT article_id FROM bulletin.article_districts
                    GROUP BY article_id HAVING count(*) FILTER (WHERE is_primary) <> 1) x")" = 0

# ---- facet counts: bulletin-search search --facets against GROUP BY
archive_facets() { # QUERY
    "$SEARCH" --db "$db" search --json --facets --kind all --limit 1 -- "$1" |
        /usr/bin/python3 -c 'import json, sys
f = json.load(sys.stdin)["facets"]
for name in ("district", "topic", "year", "month"):
    for value in sorted(f[name]):
        print("%s|%s|%d" % (name, value, f[name][value]))'
}
# The README's facet queries, as a CMS would run them.
pg_facets() { # CLIENT QUERY
    $1 -F '|' -c "WITH hits AS (SELECT id, issue_date FROM bulletin.articles
                    WHERE bulletin_matches(tsv, $(lit "$2"), headline, subtitle, body))
        SELECT * FROM (
          SELECT 'district' AS facet, d.district AS value, count(*) FROM hits
            JOIN bulletin.article_districts d ON d.article_id = hits.id GROUP BY d.district
          UNION ALL
          SELECT 'topic', t.topic, count(*) FROM hits
            JOIN bulletin.article_topics t ON t.article_id = hits.id GROUP BY t.topic
          UNION ALL
          SELECT 'year', to_char(issue_date, 'YYYY'), count(*) FROM hits
            WHERE issue_date IS NOT NULL GROUP BY 2
          UNION ALL
          SELECT 'month', to_char(issue_date, 'YYYY-MM'), count(*) FROM hits
            WHERE issue_date IS NOT NULL GROUP BY 2) f
        ORDER BY facet = 'month', facet = 'year', facet = 'topic', value COLLATE \"C\""
}
FACET_QUERIES='工会
职工
西城 OR 丰台
会
"暖心驿站"
劳动 -西城'
compare_facets() { # CLIENT LABEL
    echo "$FACET_QUERIES" | while IFS= read -r q; do
        archive_facets "$q" > "$work/facets.sqlite"
        pg_facets "$1" "$q" > "$work/facets.pg"
        if [ -s "$work/facets.pg" ] && diff -q "$work/facets.sqlite" "$work/facets.pg" >/dev/null
        then echo "ok - $2 $q: $(tr '\n' ' ' < "$work/facets.pg")"
        else echo "not ok - $2 $q: SQLite [$(tr '\n' ' ' < "$work/facets.sqlite")]," \
                  "PostgreSQL [$(tr '\n' ' ' < "$work/facets.pg")]"; fi
    done
}
compare_facets sql primary > "$work/facets.out"
sed 's/^/# /' "$work/facets.out"
check "district, topic, year and month counts (GROUP BY) equal search --facets for $(echo "$FACET_QUERIES" | wc -l) queries" \
    sh -c "! grep -q '^not ok' '$work/facets.out' && grep -q 'district|' '$work/facets.out' && grep -q 'topic|' '$work/facets.out'"

# ---- filters: district:, topic:, date: and event: against the tables
district=$(sql -c "SELECT district FROM bulletin.article_districts GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
topic=$(sql -c "SELECT topic FROM bulletin.article_topics GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
# FIELD-QUERY|WORDS|SQL CONDITION ON a
FILTERS="district:$district|工会|a.id IN (SELECT article_id FROM bulletin.article_districts WHERE district = '$district')
topic:$topic|职工|a.id IN (SELECT article_id FROM bulletin.article_topics WHERE topic = '$topic')
date:2017-12-01..2017-12-12|工会|a.issue_date BETWEEN '2017-12-01' AND '2017-12-12'
event:2017-12|工会|EXISTS (SELECT 1 FROM bulletin.article_events e WHERE e.article_id = a.id AND e.days && daterange('2017-12-01', '2017-12-31', '[]'))
event:2018|会|EXISTS (SELECT 1 FROM bulletin.article_events e WHERE e.article_id = a.id AND e.days && daterange('2018-01-01', '2018-12-31', '[]'))"
echo "$FILTERS" | while IFS='|' read -r field words cond; do
    want=$(sqlite_ids "$field $words")
    got=$(sql -c "SELECT string_agg(id::text, ' ' ORDER BY id) FROM bulletin.articles a
                  WHERE bulletin_matches(tsv, $(lit "$words"), headline, subtitle, body) AND $cond")
    if [ "$want" = "$got" ] && [ -n "$got" ]; then echo "ok - $field $words: [$got]"
    else echo "not ok - $field $words: SQLite [$want], PostgreSQL [$got]"; fi
done > "$work/filters.out"
sed 's/^/# /' "$work/filters.out"
check "district:, topic:, date: and event: filters find the archive's articles" \
    sh -c "[ \$(grep -c '^ok' '$work/filters.out') = 5 ]"

# ---- a retag arrives with the next push; a second push sends no tags
cp "$top/data/taxonomy.txt" "$work/taxonomy.txt"
printf '\n[测试专题]\n工会 4\n职工 4\n' >> "$work/taxonomy.txt"
"$SEARCH" --db "$db" retag --taxonomy "$work/taxonomy.txt" >/dev/null
out=$("$SEARCH" --db "$db" pg-push "$PG_CONN")
echo "# after retag: $out"
check "after a retag that adds a topic, pg-push sends tags (and no article text)" \
    sh -c "echo '$out' | grep -q ' 0 new or changed sent, 0 deleted.*tags of [1-9][0-9]* articles sent'"
test_topic() { sql -c "SELECT count(*) FROM bulletin.article_topics WHERE topic = '测试专题'"; }
new_topic_arrived() { [ "$(test_topic)" -gt 0 ] && tags_equal sql; }
check "the new topic is in PostgreSQL, tables equal the archive's again" new_topic_arrived
out=$("$SEARCH" --db "$db" pg-push "$PG_CONN")
check "pg-push again sends no tags" sh -c "echo '$out' | grep -q 'tags of 0 articles sent'"
"$SEARCH" --db "$db" retag --builtin >/dev/null
"$SEARCH" --db "$db" pg-push --quiet "$PG_CONN"
new_topic_gone() { [ "$(test_topic)" = 0 ] && tags_equal sql; }
check "retag --builtin and push: the topic is gone again" new_topic_gone

# ---- a deleted article's tags go
victim=$(sql -c "SELECT article_id FROM bulletin.article_events e
                 WHERE EXISTS (SELECT 1 FROM bulletin.article_districts d WHERE d.article_id = e.article_id)
                   AND EXISTS (SELECT 1 FROM bulletin.article_topics t WHERE t.article_id = e.article_id)
                 ORDER BY 1 LIMIT 1")
"$SEARCH" --db "$db" delete "$victim" >/dev/null
"$SEARCH" --db "$db" pg-push --quiet "$PG_CONN"
victim_tags_gone() {
    [ -n "$victim" ] && [ "$(sql -c "SELECT
        (SELECT count(*) FROM bulletin.article_districts WHERE article_id = $victim) +
        (SELECT count(*) FROM bulletin.article_topics WHERE article_id = $victim) +
        (SELECT count(*) FROM bulletin.article_events WHERE article_id = $victim) +
        (SELECT count(*) FROM bulletin.article_tag_digests WHERE article_id = $victim)")" = 0 ] &&
        tags_equal sql
}
check "an article deleted from the archive takes its districts, topics and event dates along (id $victim)" \
    victim_tags_gone

# ---- the standby has the tags too
lsn=$(sql -c "SELECT pg_current_wal_lsn()")
for i in $(seq 1 300); do
    [ "$(sql2 -c "SELECT pg_last_wal_replay_lsn() >= '$lsn'")" = t ] && break
    sleep 0.1
done
compare_facets sql2 standby > "$work/facets2.out"
standby_tags() { tags_equal sql2 && ! grep -q '^not ok' "$work/facets2.out"; }
check "the standby gives the same tags and facet counts" standby_tags

# ---- an older schema is upgraded in place
sql -c "DROP TABLE bulletin.article_tag_digests, bulletin.article_districts,
        bulletin.article_topics, bulletin.article_events;
        UPDATE bulletin.meta SET value = '1' WHERE key = 'schema_version'"
out=$("$SEARCH" --db "$db" pg-push "$PG_CONN")
schema_version() { sql -c "SELECT value FROM bulletin.meta WHERE key = 'schema_version'"; }
upgraded() {
    echo "$out" | grep -q ' 0 new or changed sent, 0 deleted.*tags of [1-9]' &&
        [ "$(schema_version)" = 2 ] && tags_equal sql
}
check "a schema version 1 database gets the tag tables and every article's tags" upgraded
sql -c "UPDATE bulletin.meta SET value = '9' WHERE key = 'schema_version'"
"$SEARCH" --db "$db" pg-push "$PG_CONN" > "$work/v9.out" 2>&1
status=$?
check "a database of a later schema version is refused, and left as it was" \
    sh -c "[ $status = 1 ] && grep -q 'schema version 9, this tool writes version 2' '$work/v9.out'"
[ "$(schema_version)" = 9 ] || not_ok "schema version 9 left alone"

# ---- the README's queries, as a CMS would send them, run (psycopg2's
# %(name)s parameters filled in as literals)
/usr/bin/python3 - "$top/bindings/postgresql/README.md" > "$work/readme.sql" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
values = {"q": "工会 -广告", "from": "2017-01-01", "to": "2017-12-31", "district": "西城区",
          "topic": "职工服务与帮扶", "ev_from": "2017-12-01", "ev_to": "2017-12-31"}
for sql in re.findall(r'cur\.execute\("""(.*?)"""', text, re.S):
    print(re.sub(r"%\((\w+)\)s", lambda m: "'%s'" % values[m.group(1)], sql) + ";")
PY
readme_queries_run() {
    [ "$(grep -c ';$' "$work/readme.sql")" -ge 9 ] &&
        sql -f "$work/readme.sql" > "$work/readme.out" 2>&1 ||
        { sed 's/^/# /' "$work/readme.out"; false; }
}
check "the README's $(grep -c ';$' "$work/readme.sql") psycopg2 queries run on the pushed archive" readme_queries_run
