#!/bin/sh
# test_cli.sh - the bulletin-search command on the shipped sample page,
# in a real archive file: cross-script search, highlighting in the
# original script, re-indexing without duplicates, and exit statuses.
. "$srcdir/tests/lib.sh"

corpus="$srcdir/corpus"

# ---- index
run index "$corpus"
is "$status" 0 "index the shipped corpus: exit 0"
contains "$out" "indexed 4 files:" "the summary counts the files"
contains "$out" "16 articles added" "the four corpus pages give 16 articles (7 on the sample page)"
contains "$out" "2017-12-12-p2.txt: 5 articles, 1 ad, 1 continuation, 0 warnings" "per-file counts of the sample page"
ok "$( [ -s "$BULLETIN_DB" ]; echo $?)" "the archive file exists on disk"

# ---- cross-script search, highlighted in the article's own script
run search --json 学习贯彻
is "$status" 0 "simplified query 学习贯彻: exit 0"
is "$(json 'j["total"]')" 1 "finds the commentary written in traditional script"
is "$(json 'j["hits"][0]["kind"]')" commentary "the hit is the commentary"
contains "$(json 'j["hits"][0]["snippet_html"]')" "<mark>學習貫徹</mark>" \
    "the match is highlighted in traditional script"
is "$(json '[j["hits"][0]["snippet"][a:b] for a,b in j["hits"][0]["highlights"]][0]')" "學習貫徹" \
    "highlight offsets (characters) cut the snippet at the match"

run search --json 暖心驛站
is "$(json 'j["total"]')" 1 "traditional query 暖心驛站 finds the simplified article"
is "$(json 'j["hits"][0]["headline"]')" "西城工会为户外劳动者建“避风港”" "with its headline"
contains "$(json 'j["hits"][0]["snippet_html"]')" "<mark>暖心驿站</mark>" \
    "highlighted in simplified script"
is "$(json 'j["hits"][0]["issue_date"]')" 2017-12-12 "issue date taken from the file name"
is "$(json 'j["hits"][0]["page"]')" 2 "page taken from the file name"

run search --json 延庆
is "$(json 'j["total"]')" 1 "延庆 is found inside 延庆区 (ICU cuts it 延|庆|区)"

run search --json 主动融入全区中心工作
is "$(json 'j["total"]')" 1 "a phrase across a repaired column break (全 | 區) is found"

run search --json '西城 -暖心'
is "$(json 'j["total"]')" 0 "-word excludes"
run search --json '丰台 OR 安贞'
is "$(json 'j["total"]')" 3 "OR finds either (丰台 twice: pages 2 and 4)"
run search --json '"摄影爱好者" 丰台'
is "$(json 'j["total"]')" 1 "a phrase and a word"

run search 石景山
is "$status" 0 "plain output: exit 0"
contains "$out" "«石景山»" "plain output marks the match when not on a terminal"
run search --color=always 石景山
contains "$out" "$(printf '\033[1;31m')石景山" "--color=always highlights in colour"

run search --json 根本不存在的词语组合
is "$status" 0 "zero hits is still exit 0"
is "$(json 'j["total"]')" 0 "and total 0"

# ---- show
id=$(cd "$work" && "$BULLETIN_SEARCH" search --json 避风港 | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
run show --json "$id"
is "$status" 0 "show --json ID: exit 0"
is "$(json 'j["author"]')" 张晶 "the article's author comes from its byline"
contains "$(json 'j["body"]')" "德胜街道工会服务站" "the whole body is shown"
run show "$id"
contains "$out" "西城工会为户外劳动者建“避风港”" "plain show prints the headline"

# ---- re-index: same ids, no duplicates
run stats --json
before=$(json 'j["articles"]')
run index "$corpus/2017-12-12-p2.txt"
is "$status" 0 "re-index the same page: exit 0"
contains "$out" "0 articles added, 0 updated, 7 unchanged" "nothing is added twice"
run stats --json
is "$(json 'j["articles"]')" "$before" "the article count is unchanged"
run show --json "$id"
is "$(json 'j["headline"]')" "西城工会为户外劳动者建“避风港”" "ids are stable across re-indexing"
run stats
contains "$out" "2017-12-12 .. 2017-12-26" "stats show the date range"

# ---- errors and exit statuses
run search '(西城'
is "$status" 1 "a malformed query exits 1"
contains "$err" "never closed" "and says what is wrong"
run search --json -- '-西城'
is "$status" 1 "a query of only exclusions exits 1"
run index "$work/does-not-exist.txt"
is "$status" 1 "a missing file exits 1"
contains "$err" "does-not-exist.txt" "the error names the file"
printf '<bulletin date="2017-12-12"><page><article><p>x</p></article></page></bulletin>\n' > "$work/bad.xml"
run index "$work/bad.xml"
is "$status" 1 "an invalid XML file exits 1"
contains "$err" "bad.xml:1" "the error names the file and line"
run stats --json
is "$(json 'j["articles"]')" "$before" "a failed file leaves the archive as it was"
run show 999999
is "$status" 1 "show of an unknown id exits 1"
run frobnicate
is "$status" 2 "an unknown command exits 2"
run search
is "$status" 2 "search without a query exits 2"
run --db
is "$status" 2 "--db without a path exits 2"
run search --limit 0 x
is "$status" 2 "a bad --limit exits 2"
run --db "$work/nothing.db" search 西城
is "$status" 1 "searching a missing archive exits 1"
contains "$err" "nothing.db" "naming it"
printf 'not a database at all, just words\n' > "$work/text.db"
run --db "$work/text.db" search 西城
is "$status" 1 "searching a file that is not an archive exits 1"
contains "$err" "not a bulletin archive" "saying so"
run --help
is "$status" 0 "--help exits 0"

done_testing
