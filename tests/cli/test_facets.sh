#!/bin/sh
# test_facets.sh - districts, topics and dates through the bulletin-search
# command on a real archive file: the sample page (each story its own
# district), filters, fields, --facets JSON, sorting, errors, and retag
# with an edited taxonomy.
. "$srcdir/tests/lib.sh"

run index "$srcdir/corpus/2017-12-12-p2.txt" "$srcdir/tests/data/tag"
is "$status" 0 "index the sample page and the tag test pages"

# ---- the sample page: each story gets its own district
run search --json --limit 50 --kind all --from 2017-12-12 --to 2017-12-12
is "$(json 'j["total"]')" 7 "--from/--to without a query (and --kind all) select the sample page"
is "$(json '";".join(h["headline"][:4] + "=" + str(h["primary_district"]) for h in sorted(j["hits"], key=lambda h: h["id"]))')" \
    "坚持以党=石景山区;西城工会=西城区;丰台职工=丰台区;安贞职工=朝阳区;百泉街道=延庆区;燕京啤酒=None;=北京市" \
    "each story of the sample page gets its own district (the jump-in text is city-level)"

# ---- hits carry their tags
run search --json 暖心驿站
is "$(json 'j["hits"][0]["districts"]')" "['西城区']" "hits have districts"
is "$(json 'j["hits"][0]["primary_district"]')" 西城区 "and a primary district"
is "$(json 'j["hits"][0]["topics"][0]["name"]')" 职工服务与帮扶 "and topics with scores"
is "$(json 'j["hits"][0]["authors"]')" "['张晶']" "and authors"
is "$(json 'j["hits"][0]["event_dates"]')" "[{'from': '2017-12-08', 'to': '2017-12-08'}]" \
    "and event dates (12月8日 in an issue of 2017-12-12)"

# ---- show gives an article's tags too
id=$(json 'j["hits"][0]["id"]')
run show --json "$id"
is "$(json '(j["districts"], j["primary_district"], j["topics"][0]["name"], j["event_dates"])')" \
    "(['西城区'], '西城区', '职工服务与帮扶', [{'from': '2017-12-08', 'to': '2017-12-08'}])" \
    "show --json: districts, primary district, topics and event dates"
run show "$id"
contains "$out" "districts: 西城区 (its own)" "show: the districts, its own first"
contains "$out" "dates named: 2017-12-08" "show: the dates its text names"

# ---- filters and fields
run search --json --district 宣武 --sort date-asc
is "$(json '[h["issue_date"] for h in j["hits"]]')" \
    "['2017-12-12', '2017-12-20', '2017-12-20', '2018-01-03']" \
    "--district 宣武 finds 西城区 under either name, oldest first with --sort date-asc"
run search --json --sort date 'district:西城'
is "$(json 'j["hits"][0]["issue_date"]')" 2018-01-03 "--sort date: newest first"
run search --json --topic 劳模与工匠 海淀
is "$(json 'j["total"]')" 1 "--topic with a word"
run search --json 'event:2017-12-28'
contains "$(json '[h["headline"] for h in j["hits"]]')" "德胜街道职工健步走迎新年" \
    "event:2017-12-28 finds the 2018-01-03 story that says 12月28日"
run search --json '工会 date:2017-12-13..2018-01-02'
is "$(json 'j["total"]')" 2 "date:A..B in the query"
run search --json 'kind:advertisement'
is "$(json 'j["hits"][0]["headline"]')" "燕京啤酒 YANJING BEER" "kind:advertisement"

# ---- facets over all hits, not just the page shown
run search --json --facets --limit 1 工会
is "$(json 'len(j["hits"])')" 1 "one hit shown"
is "$(json 'j["facets"]["district"]["西城区"]')" 4 "district facet counts all hits"
is "$(json 'j["facets"]["year"]')" "{'2017': 8, '2018': 3}" "year facet"
is "$(json 'j["facets"]["month"]')" "{'2017-12': 8, '2018-01': 3}" "month facet"
is "$(json 'sorted(j["facets"])')" "['district', 'month', 'topic', 'year']" "the four facets"

# ---- the rank window: 工会 has 11 matches, more than a window of 3
run search --json --rank-window 3 --limit 2 工会
is "$(json 'j["total_exact"]')" False "--rank-window 3: the total of 11 matches is an estimate"
is "$(json 'j["total"] > 3')" True "larger than the window ($(json 'j["total"]'))"
run search --rank-window 3 --limit 2 工会
contains "$out" "about " "the text output says the total is about so many"
run search --json --exact 工会
is "$(json '(j["total"], j["total_exact"])')" "(11, True)" "--exact counts every match"
run search --json --rank-window 3 --facets --limit 2 工会
is "$(json '(j["total"], j["total_exact"])')" "(11, True)" "--facets counts every match too"
run search --rank-window 0 工会
is "$status" 2 "--rank-window 0 is a usage error"
run search --facets 工会
contains "$out" "district  西城区 4" "plain output prints the facets"

# ---- errors list the valid choices
run search 'district:火星'
is "$status" 1 "an unknown district: exit 1"
contains "$err" "东城区、西城区" "the error lists the districts"
run search 'topic:火星'
contains "$err" "党建、工会改革" "an unknown topic lists the topics"
run search 'colour:红'
contains "$err" "the fields are district, topic, date" "an unknown field lists the fields"
run search --sort sideways 工会
is "$status" 2 "a bad --sort is a usage error"
run search --from 2017-13 工会
is "$status" 1 "a bad --from date: exit 1"

# ---- retag with an edited taxonomy
cp "$srcdir/data/taxonomy.txt" "$work/taxonomy.txt"
printf '\n[书画]\n书法 5\n' >> "$work/taxonomy.txt"
run retag --taxonomy "$work/taxonomy.txt"
is "$status" 0 "retag with an edited taxonomy: exit 0"
contains "$out" "retagged 13 articles" "retag reports the articles"
run search --json 'topic:书画'
is "$(json 'j["hits"][0]["headline"]')" "宣武區工會舉辦職工書法展" "the new topic finds its article"
printf '[书画]\n书法 lots\n' > "$work/bad.txt"
run retag --taxonomy "$work/bad.txt"
is "$status" 1 "a malformed taxonomy: exit 1"
contains "$err" "bad.txt:2:" "the error names file and line"
run search --json 'topic:书画'
is "$(json 'j["total"]')" 1 "and the archive keeps its tags"
run retag --builtin
run search 'topic:书画'
contains "$err" "topic:书画 does not exist" "retag --builtin goes back to the built-in taxonomy"

done_testing
