#!/bin/sh
# test_schema1_archive.sh - an archive written with schema 1 (FTS5 columns
# headline, subtitle, body; bulletin-search 0.1.0 before the body moved
# first) is still read, ranked and written as it is.  The fixture holds
# corpus/2017-12-12-p2.txt and 2017-12-19-p1.txt.
. "$srcdir/tests/lib.sh"

old="$work/schema1.db"
cp "$srcdir/tests/data/archive/schema1.db" "$old"
chmod u+w "$old"

run --db "$old" stats --json
is "$(json 'j["schema_version"]')" 1 "the fixture is a schema 1 archive"

# The same two pages in a new archive.
run index "$srcdir/corpus/2017-12-12-p2.txt" "$srcdir/corpus/2017-12-19-p1.txt"
is "$status" 0 "a new archive indexes the same pages"
run stats --json
is "$(json 'j["schema_version"]')" 3 "a new archive has schema 3"

# Same hits in the same order: the weights follow each schema's columns
# (a headline match outranks a body match in both).
for q in 工会 西城 职工 驿站 劳动者 '"暖心驿站"' 北京 服务; do
    run search --json --limit 50 -- "$q"
    new=$(json '[h["headline"] for h in j["hits"]]')
    run --db "$old" search --json --limit 50 -- "$q"
    is "$(json '[h["headline"] for h in j["hits"]]')" "$new" "$q: the same hits in the same order"
done
run --db "$old" search --json -- 工会
headline_first=$(json 'int("工会" in j["hits"][0]["headline"])')
is "$headline_first" 1 "schema 1: a headline match ranks first"

# Writing to it keeps its layout.
run --db "$old" index "$srcdir/corpus/2017-12-26-p4.txt"
is "$status" 0 "a schema 1 archive accepts new pages"
run --db "$old" stats --json
is "$(json 'j["schema_version"]')" 1 "and stays schema 1"
run --db "$old" search --json -- 'date:2017-12-26'
ok $(( $(json 'j["total"]') > 0 ? 0 : 1 )) "the new page is found"
run --db "$old" check
is "$status" 0 "the schema 1 archive is sound afterwards"

done_testing
