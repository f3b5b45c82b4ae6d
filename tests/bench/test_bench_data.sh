#!/bin/sh
# test_bench_data.sh - the benchmark's inputs: the corpus generator draws
# its districts, places and topics from the library's own gazetteer and
# taxonomy (so the tagger finds them), writes the same bytes for the same
# seed, and the fixed query mix has the filtered and faceted rows the
# issue asks for, every one of which the library accepts.
. "$srcdir/tests/lib.sh"
gen="/usr/bin/python3 $srcdir/tools/bench/gen-bench-corpus.py --vocab $srcdir/data/bench-vocab.tsv
     --gazetteer $srcdir/data/gazetteer.txt --taxonomy $srcdir/data/taxonomy.txt"
queries="$srcdir/data/bench-queries.tsv"

# ---- the corpus
$gen --seed 3 --articles 400 --out "$work/a" > /dev/null
ok $? "the generator writes a corpus"
$gen --seed 3 --articles 400 --out "$work/b" > /dev/null
diff -r "$work/a" "$work/b" > /dev/null
ok $? "same seed, same bytes"

run index "$work/a"
is "$status" 0 "the corpus indexes"
run search --json --facets --limit 1 --from 1995
districts=$(json 'len([d for d in j["facets"]["district"] if d != "北京市"])')
sections=$(grep -c '^\[.*区\]$' "$srcdir/data/gazetteer.txt")
is "$districts" "$sections" "the tagger finds every district of the gazetteer in the articles"
topics=$(json 'len([t for t in j["facets"]["topic"] if t != "广告"])')
want=$(grep '^\[' "$srcdir/data/taxonomy.txt" | grep -vc '^\[广告\]')
is "$topics" "$want" "and every topic of the taxonomy"

# ---- the query mix
rows=$(grep -vc '^#' "$queries")
[ "$rows" -ge 200 ]
ok $? "the query mix has at least 200 rows ($rows)"
filtered=$(grep -v '^#' "$queries" | awk -F'\t' '$3$4$5$6$7 != "" || $2 ~ /(district|topic|date):/' | wc -l)
[ "$filtered" -ge 40 ]
ok $? "at least 40 rows filter or count facets ($filtered)"
for cls in facets-half two-words-20 filter-district filter-topic filter-date facets; do
    n=$(grep -v '^#' "$queries" | awk -F'\t' -v c="$cls" '$1 == c' | wc -l)
    [ "$n" -ge 3 ]
    ok $? "class $cls has rows ($n)"
done
for name in 宣武 西城; do
    grep -v '^#' "$queries" | awk -F'\t' -v d="$name" '$3 == d' | grep -q .
    ok $? "a row filters by district $name"
done

# Every filtered row runs through the CLI as the benchmark runs it
# through the library: the names and dates it uses exist.
# (read splits at '|': white-space separators would merge empty columns)
grep -v '^#' "$queries" | tr '\t' '|' | while IFS='|' read -r cls q district topic from to facets; do
    case "$q" in
        *district:* | *topic:* | *date:*) ;;
        *) [ -n "$district$topic$from$to$facets" ] || continue ;;
    esac
    set -- search --limit 1
    [ -n "$district" ] && set -- "$@" --district "$district"
    [ -n "$topic" ] && set -- "$@" --topic "$topic"
    [ -n "$from" ] && set -- "$@" --from "$from"
    [ -n "$to" ] && set -- "$@" --to "$to"
    [ -n "$facets" ] && set -- "$@" --facets
    # shellcheck disable=SC2086  # the query's words are separate arguments
    "$BULLETIN_SEARCH" "$@" $q > /dev/null 2> "$work/row-err" || {
        echo "# [$cls] $q: $(cat "$work/row-err")"
        echo bad >> "$work/bad"
    }
done
[ ! -e "$work/bad" ]
ok $? "the library accepts every filtered row"

# ---- latency alone, of an archive indexed before (how the 1,000,000-
# article figures are taken); not timed here, only run
bench="$(dirname "$BULLETIN_SEARCH")/bench/bulletin-bench"
"$bench" --archive "$BULLETIN_DB" --queries "$queries" --no-cold --rank-window 50 \
    > "$work/latency" 2> "$work/latency-err"
ok $? "bulletin-bench --archive measures an existing archive"
grep -q '^ALL  *291 ' "$work/latency"
ok $? "over the whole query mix"
grep -q 'rank window 50' "$work/latency"
ok $? "with the rank window asked for"

done_testing
