#!/bin/sh
# test_phrase_breaks.sh - a word must not be found where punctuation
# stands inside it.  The index holds Han text as overlapping bigrams, one
# position each, and a run of Han characters that ends at punctuation
# goes on at the next position after it: in 职工”工之家 the bigrams
# 职工, 工之, 之家 stand at three positions in a row, exactly as in
# 职工之家, so the phrase 职工之家 matches text that does not hold it.
# `make bench` found it at a million articles (phrase "职工 之家": one
# article beyond the ground truth, bench-compare's precision line).
#
# The false match is a known defect, marked TODO below (an expected
# failure for automake's TAP driver; when the fix lands it passes and
# the run reports it as XPASS, a failure, until the TODO is removed).
# The fix: a Han run followed by another after punctuation takes one
# more position (its last character alone at a position of its own
# instead of sharing the last bigram's), in documents and queries alike,
# for archives of a new schema (old ones keep their positions: FTS5
# re-tokenizes stored text to delete it).  The rest pins what must not
# change with it.
. "$srcdir/tests/lib.sh"

cat > "$work/breaks.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<bulletin date="2018-03-06">
  <page number="1">
    <article id="whole"><headline>区总工会</headline>
      <p>西城区新建一批职工之家，方便一线职工休息。</p></article>
    <article id="broken"><headline>等中国职工</headline>
      <p>要做好“等中国职工”工之家工作，赋予全面的服务。</p></article>
    <article id="latin"><headline>工会2018年工作</headline>
      <p>区总工会发布工会2018工作要点。</p></article>
  </page>
</bulletin>
EOF
run index "$work/breaks.xml"
is "$status" 0 "the page indexes"

todo() {  # todo STATUS DESCRIPTION REASON: a TAP TODO test
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then
        echo "ok $tap_n - $2 # TODO $3"
    else
        echo "not ok $tap_n - $2 # TODO $3"
    fi
}

run search --json -- 职工之家
is "$status" 0 "职工之家 searches"
heads=$(json '" ".join(sorted(h["headline"] for h in j["hits"]))')
contains "$heads" "区总工会" "the article that holds 职工之家 is found"
case "$heads" in *等中国职工*) st=1 ;; *) st=0 ;; esac
todo $st "职工”工之家 (punctuation between two 工) is not found by 职工之家" \
    "bigram positions run on across punctuation (known defect, see the top of this file)"

# What the fix must keep: a phrase of Han and a number stays adjacent
# (the run's last character shares the last bigram's position when
# no Han run follows), and a one-character query finds every article.
run search --json -- '"工会 2018"'
is "$(json '" ".join(sorted(h["headline"] for h in j["hits"]))')" "工会2018年工作" \
    "\"工会 2018\" finds Han and a number side by side"
run search --json -- 之
is "$(json 'j["total"]')" 2 "a one-character query finds each article that holds it"

done_testing
