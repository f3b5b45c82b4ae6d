#!/bin/sh
# test_pages.sh - page text through the real CLI on real archive files:
# jump lines linked in either order, advertisements left out of the
# default search, OCR debris dropped, undecodable bytes indexed with a
# warning, binary files refused, date and page required, and the same
# page in every encoding giving the same articles.
. "$srcdir/tests/lib.sh"

corpus="$srcdir/corpus"
py=/usr/bin/python3

# ---- jump lines: page 3 indexed before page 1, then the other way round
run index "$corpus/2017-12-19-p3.txt"
is "$status" 0 "index page 3 alone: exit 0"
contains "$out" "2017-12-19-p3.txt: 0 articles, 2 ads, 2 continuations, 0 warnings" \
    "page 3: two continuations and two separate ads"
run index "$corpus/2017-12-19-p1.txt"
contains "$out" "2017-12-19-p1.txt: 2 jump lines linked" "page 1 then links both of its jumps"

# 一户一档 is only in the part on page 3; the hit is the article of page 1.
run search --json 一户一档
is "$(json 'j["total"]')" 1 "a word of the continuation finds one article"
is "$(json 'j["hits"][0]["headline"]')" "海淀区总工会启动“冬季送温暖”专项行动" \
    "under the main part's headline (linked by headline, not by order)"
is "$(json 'j["hits"][0]["page"]')" 1 "and its page"
main=$(json 'j["hits"][0]["id"]')
# 区总工会 is in both parts: still one hit.
run search --json '海淀 OR 帮扶台账'
is "$(json 'j["total"]')" 1 "a query matching both parts returns the article once"
run search --json 朝陽區職工籃球聯賽
is "$(json 'j["total"]')" 1 "the second story's two parts are one hit too"
contains "$(json 'j["hits"][0]["headline"]')" "籃球聯賽落幕" "with its headline"

run show --json "$main"
contains "$(json 'j["body"]')" "实际困难，并建立一户一档的帮扶台账" \
    "show gives the whole article, the jump's cut sentence joined"
contains "$(json 'j["body"]')" "感受到组织的温暖。" "down to the end of the continuation"
is "$(json 'j["author"]')" "李文静、赵磊" "byline people: reporter and correspondent"
run show "$main"
contains "$out" "continued on page 3" "plain show names the page it continues on"
contains "$out" "为一线职工送去棉衣、药品和慰问金" "and prints the subtitle"
part=$(sqlite3 "$BULLETIN_DB" "SELECT part_id FROM article_parts WHERE main_id = $main" 2>/dev/null)
if [ -n "$part" ]; then
    run show --json "$part"
    is "$(json 'j["id"]')" "$main" "show of the continuation's id gives the whole article"
else
    ok 1 "the continuation is linked in article_parts"
fi

# The other order, in a fresh archive: page 1 first.
other="$work/other.db"
run --db "$other" index "$corpus/2017-12-19-p1.txt"
contains "$out" "2017-12-19-p1.txt: 2 articles, 0 ads, 0 continuations, 0 warnings" \
    "page 1: two stories, running head and page number dropped"
run --db "$other" index "$corpus/2017-12-19-p3.txt"
contains "$out" "2017-12-19-p3.txt: 2 jump lines linked" "page 3 second links both"
run --db "$other" search --json 一户一档
is "$(json 'j["hits"][0]["headline"]')" "海淀区总工会启动“冬季送温暖”专项行动" \
    "either order gives the same link"
# Re-indexing a page keeps the links.
run --db "$other" index "$corpus/2017-12-19-p3.txt"
run --db "$other" search --json 一户一档
is "$(json 'j["total"]')" 1 "re-indexing page 3 keeps one linked hit"

# ---- advertisements
run search --json 羽绒服
is "$(json 'j["total"]')" 0 "the default search leaves advertisements out"
run search --json --kind advertisement 羽绒服
is "$(json 'j["total"]')" 1 "--kind advertisement finds the ad"
is "$(json 'j["hits"][0]["kind"]')" advertisement "of kind advertisement"
run search --json --ads 家政
is "$(json 'j["total"]')" 1 "--ads finds the second ad of the page, a separate article"
run search --json --kind all 工会
total_all=$(json 'j["total"]')
run search --json --kind news 工会
total_news=$(json 'j["total"]')
ok "$( [ "$total_news" -ge 1 ] && [ "$total_news" -le "$total_all" ]; echo $?)" \
    "--kind news finds a subset of --kind all ($total_news of $total_all)"
run search --kind bogus 工会
is "$status" 2 "an unknown --kind is a usage error"

# ---- OCR debris
run search --json --kind all 责编
is "$(json 'j["total"]')" 0 "running heads (date, weekday, editor) are not indexed"
run search --json --kind all 职工周报
is "$(json 'j["total"]')" 0 "masthead-and-page-number lines are not indexed"

# ---- a page with no blank lines at all, ending in a headline alone
run index "$corpus/2017-12-26-p4.txt"
contains "$out" "2017-12-26-p4.txt: 3 articles" "no blank lines: three articles"
run search --json 书法作品展
is "$(json 'j["hits"][0]["headline"]')" "丰台职工书法作品展开幕" "the second story keeps its headline"
run search --json 夜读课堂
contains "$(json 'j["hits"][0]["snippet"]')" "夜读课堂" "the first story is found"

# ---- undecodable bytes: indexed with U+FFFD, a warning with file and byte
$py - "$corpus/2017-12-12-p2.txt" "$work/2017-12-12-p2.txt" <<'PY'
import sys
data = bytearray(open(sys.argv[1], 'rb').read())
at = data.index('德胜街道'.encode())
data[at:at + 3] = b'\xff\xfe\xff'     # one character becomes three bad bytes
open(sys.argv[2], 'wb').write(bytes(data))
print(at)
PY
bad_at=$($py -c "import sys; print(open(sys.argv[1],'rb').read().index(b'\xff'))" "$work/2017-12-12-p2.txt")
run --db "$work/damaged.db" index "$work/2017-12-12-p2.txt"
is "$status" 0 "a page with invalid UTF-8 is still indexed"
contains "$err" "WARNING" "with a WARNING"
contains "$err" "2017-12-12-p2.txt: invalid UTF-8 at byte $bad_at" "naming the file and byte offset"
contains "$out" "1 warning" "counted in the per-file line"
run --db "$work/damaged.db" search --json 暖心驿站
is "$(json 'j["total"]')" 1 "the damaged page's articles are found"
run --db "$work/damaged.db" show --json "$(json 'j["hits"][0]["id"]')"
contains "$(json 'j["body"]')" "$(printf '\357\277\275')胜街道" "the bad bytes read as U+FFFD"

# ---- binary files are refused, nothing indexed
$py -c "import sys; open(sys.argv[1],'wb').write(bytes(range(256)) * 16)" "$work/2017-12-12-p9.txt"
run --db "$work/binary.db" index "$work/2017-12-12-p9.txt"
is "$status" 1 "a binary file: exit 1"
contains "$err" "2017-12-12-p9.txt: not a text file" "with an error naming it"
run --db "$work/binary.db" stats --json
is "$(json 'j["articles"]')" 0 "and nothing indexed from it"

# ---- issue date and page: options, else the file name, else an error
cp "$corpus/2017-12-12-p2.txt" "$work/notes.txt"
run --db "$work/dates.db" index "$work/notes.txt"
is "$status" 1 "page text without date or page: exit 1"
contains "$err" "notes.txt: the issue date and page of this page text are not known" \
    "saying what is missing"
run --db "$work/dates.db" index --issue-date 2017-12-12 "$work/notes.txt"
contains "$err" "the page of this page text" "a date alone is not enough"
run --db "$work/dates.db" index --issue-date 2017-12-12 --page 2 "$work/notes.txt"
is "$status" 0 "--issue-date and --page: indexed"
mkdir -p "$work/2017-12-05" "$work/20171206"
cp "$corpus/2017-12-12-p2.txt" "$work/2017-12-05/page-06.txt"
cp "$corpus/2017-12-12-p2.txt" "$work/20171206/P07.txt"
run --db "$work/names.db" index "$work/2017-12-05" "$work/20171206"
is "$status" 0 "dated folders with page files: indexed"
run --db "$work/names.db" search --json --limit 5 暖心驿站
is "$($py -c 'import json,sys; j=json.load(open(sys.argv[1])); print(sorted((h["issue_date"], h["page"]) for h in j["hits"]))' "$work/out")" \
    "[('2017-12-05', 6), ('2017-12-06', 7)]" "date and page from folder and file names"

# ---- the same page in every encoding gives the same articles
page="$srcdir/tests/data/pages/traditional.txt"
mkdir -p "$work/enc"
$py - "$page" "$work/enc" <<'PY'
import sys
text = open(sys.argv[1], encoding='utf-8').read()
forms = {'utf8': text.encode('utf-8'), 'utf8bom': b'\xef\xbb\xbf' + text.encode('utf-8'),
         'utf16le': b'\xff\xfe' + text.encode('utf-16-le'),
         'utf16be': b'\xfe\xff' + text.encode('utf-16-be'),
         'gb18030': text.encode('gb18030'), 'big5': text.encode('big5'),
         'crlf': text.replace('\n', '\r\n').encode('gb18030')}
for name, data in forms.items():
    open('%s/%s.txt' % (sys.argv[2], name), 'wb').write(data)
PY
dump() {  # dump DB: every article's fields, in order
    sqlite3 "$1" "SELECT kind, headline, subtitle, byline, author, body FROM articles ORDER BY position"
}
for form in utf8 utf8bom utf16le utf16be gb18030 big5 crlf; do
    run --db "$work/enc-$form.db" index --issue-date 2017-12-05 --page 6 "$work/enc/$form.txt"
    is "$status" 0 "$form: indexed"
    dump "$work/enc-$form.db" > "$work/enc-$form.dump"
done
contains "$(cat "$work/enc-utf8.dump")" "本報訊（記者 陳美玲）" "the UTF-8 page gives its traditional byline"
contains "$(cat "$work/enc-utf8.dump")" "advertisement" "and its advertisement"
for form in utf8bom utf16le utf16be gb18030 big5 crlf; do
    ok "$(cmp -s "$work/enc-utf8.dump" "$work/enc-$form.dump"; echo $?)" \
        "$form gives the same articles as UTF-8"
done
run --db "$work/enc-big5.db" search --json 劳动基准法
is "$(json 'j["total"]')" 1 "the Big5 page is found with a simplified query"

done_testing
