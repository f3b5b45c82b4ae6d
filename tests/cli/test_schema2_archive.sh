#!/bin/sh
# test_schema2_archive.sh - an archive written with schema 2 (no trigram
# terms: tokenize='bulletin', bulletin-search before the index stored
# three characters inside one word as one term) is still read, ranked
# and written as it is.  Its whole-word phrases are asked for as bigrams
# there, as trigrams in a new archive: the hits must not differ.  The
# fixture holds corpus/2017-12-12-p2.txt and 2017-12-19-p1.txt.
. "$srcdir/tests/lib.sh"

old="$work/schema2.db"
cp "$srcdir/tests/data/archive/schema2.db" "$old"
chmod u+w "$old"

run --db "$old" stats --json
is "$(json 'j["schema_version"]')" 2 "the fixture is a schema 2 archive"

run index "$srcdir/corpus/2017-12-12-p2.txt" "$srcdir/corpus/2017-12-19-p1.txt"
is "$status" 0 "a new archive indexes the same pages"
run stats --json
is "$(json 'j["schema_version"]')" 3 "a new archive has schema 3"

# Three- and four-character words (whole-word phrases of trigrams in the
# new archive), two together, and shorter words beside them.
for q in 新时代 凝聚力 下一步 北京市 越来越 羽毛球 暖心驿站 '新时代 工会' '"新时代 凝聚力"' \
         '凝聚力 OR 越来越' '新时代 -凝聚力' 工会 劳动者; do
    run search --json --limit 50 -- "$q"
    new=$(json '[h["headline"] for h in j["hits"]]')
    new_total=$(json 'j["total"]')
    run --db "$old" search --json --limit 50 -- "$q"
    is "$(json '[h["headline"] for h in j["hits"]]')" "$new" "$q: the same hits in the same order"
    is "$(json 'j["total"]')" "$new_total" "$q: the same total"
done
run search --json -- 新时代
ok $(( $(json 'j["total"]') > 0 ? 0 : 1 )) "新时代 is found at all (the comparison is not of two empty lists)"

# Writing to it keeps its terms: FTS5's integrity check (check) tokenizes
# every article again and compares, so a trigram written into the old
# index would fail it.
run --db "$old" index "$srcdir/corpus/2017-12-26-p4.txt"
is "$status" 0 "a schema 2 archive accepts new pages"
run --db "$old" stats --json
is "$(json 'j["schema_version"]')" 2 "and stays schema 2"
run --db "$old" search --json -- 王府井
ok $(( $(json 'j["total"]') > 0 ? 0 : 1 )) "a three-character word of the new page is found"
run --db "$old" check
is "$status" 0 "the schema 2 archive is sound afterwards"

done_testing
