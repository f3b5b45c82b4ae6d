#!/bin/sh
# test_bench_compare.sh - `make bench`'s results file and the tool that
# reads it: bulletin-bench runs end to end on a small generated corpus and
# writes JSON that bench-compare.py reads, judges against the benchmark's
# targets and sets beside an earlier run.  Verdicts on speed are tested on
# copies of that real file with the one figure changed, so nothing here
# depends on how fast this machine is.
. "$srcdir/tests/lib.sh"
py=/usr/bin/python3
compare="$py $srcdir/tools/bench/bench-compare.py"
bench=$PWD/tools/bench/bulletin-bench

$py "$srcdir/tools/bench/gen-bench-corpus.py" --vocab "$srcdir/data/bench-vocab.tsv" \
    --gazetteer "$srcdir/data/gazetteer.txt" --taxonomy "$srcdir/data/taxonomy.txt" \
    --seed 5 --articles 300 --out "$work/corpus" > /dev/null
ok $? "the generator writes a small corpus"

"$bench" --corpus "$work/corpus" --work "$work/bench" --cli "$BULLETIN_SEARCH" \
    --queries "$srcdir/data/bench-queries.tsv" --gazetteer "$srcdir/data/gazetteer.txt" \
    --seed 5 --no-cold --json "$work/run.json" > "$work/table" 2> "$work/bench.log"
ok $? "bulletin-bench runs end to end on it"
contains "$(cat "$work/table")" "FTS5 trigram" "its table compares ours with FTS5 trigram"

# edit FILE OUT PYTHON: a copy of a results file with one change (`j`).
edit() {
    $py -c 'import json,sys; j=json.load(open(sys.argv[1])); exec(sys.argv[3]); json.dump(j, open(sys.argv[2], "w"))' \
        "$1" "$2" "$3"
}

# ---- one run against the targets
$compare "$work/run.json" > "$work/out" 2>&1
st=$?
out=$(cat "$work/out")
[ "$st" -le 1 ]
ok $? "bench-compare reads the file bulletin-bench wrote (status $st)"
contains "$out" "articles):" "it says how many articles the run had"
contains "$out" "ours finds every article of the ground truth (recall)" "it judges recall"
contains "$out" "ours finds no article beyond it (precision)" "and precision"
recall_line=$(grep "ground truth (recall)" "$work/out")
case "$recall_line" in *" met") st=0 ;; *) st=1 ;; esac
ok $st "and ours found every article of every row"
p99_line=$(grep "showing 20 hits" "$work/out")
contains "$p99_line" "n/a (judged from 1,000,000 articles)" \
    "a target set for a million articles is not judged on a small run"

# ---- verdicts, on the real file with one figure changed
million='j["articles"] = 1000000'
edit "$work/run.json" "$work/fast.json" "$million
for k in ('two-words-20', 'facets-half'): j['latency_ms']['ours']['warm'][k]['p99'] = 4.0
j['indexing']['ours']['wall_s'] = 500; j['indexing']['ours']['peak_rss_mb'] = 100
j['indexing']['ours']['index_x_source'] = 1.3
j['ratios']['ours_over_trigram_wall'] = 1.4; j['ratios']['ours_over_ceiling_wall'] = 0.8"
$compare "$work/fast.json" > "$work/out" 2>&1
is "$?" 0 "every target met: status 0"
is "$(grep -c 'NOT MET' "$work/out")" 0 "and no target is reported as not met"
edit "$work/fast.json" "$work/slow.json" "j['latency_ms']['ours']['warm']['two-words-20']['p99'] = 12.5"
$compare "$work/slow.json" > "$work/out" 2>&1
is "$?" 1 "a two-word p99 of 12.5 ms at a million articles fails"
is "$(grep -c 'NOT MET' "$work/out")" 1 "one target is not met"
contains "$(grep 'showing 20 hits' "$work/out")" "NOT MET" "and it is that one"
edit "$work/fast.json" "$work/big.json" "j['indexing']['ours']['index_x_source'] = 1.6"
$compare "$work/big.json" > "$work/out" 2>&1
is "$?" 1 "an index of 1.6 x the text fails"
contains "$(grep '1.5 x the source' "$work/out")" "NOT MET" "on the index size target"
edit "$work/fast.json" "$work/missed.json" "q = next(q for q in j['queries'] if q['truth'] > 0); q['ours'] = q['truth'] - 1"
$compare "$work/missed.json" > "$work/out" 2>&1
is "$?" 1 "an article missed by ours fails, whatever the speed"
missed=$(grep -c "^    \[.*found [0-9]* of [0-9]*" "$work/out")
is "$missed" 1 "and the row that missed is listed"
contains "$(grep 'ground truth (recall)' "$work/out")" "NOT MET" "under recall"
edit "$work/fast.json" "$work/extra.json" "j['queries'][0]['ours_extra'] = 2"
$compare "$work/extra.json" > "$work/out" 2>&1
is "$?" 1 "an article found beyond the truth fails too"
contains "$(grep -A1 'beyond it (precision)' "$work/out")" "2 articles beyond the truth" \
    "listed under precision"

# ---- two runs side by side
$compare "$work/run.json" "$work/slow.json" > "$work/out" 2>&1
contains "$(cat "$work/out")" "compare ratios, not times" "runs of different sizes are flagged"
grep -q "^warm two-words-20  *[0-9.]* > [0-9.]* .*[0-9.]* > 12.5 " "$work/out"
ok $? "latency is set beside the old run's, class by class"
edit "$work/run.json" "$work/worse.json" "j['indexing']['ours']['wall_s'] *= 2"
$compare "$work/run.json" "$work/worse.json" > "$work/out" 2>&1
contains "$(grep 'ours: index wall' "$work/out")" "+100.0% (worse)" "a slower run is marked worse"

# ---- bad input
printf '{"articles": 3,' > "$work/cut.json"
$compare "$work/cut.json" > "$work/out" 2> "$work/err"
is "$?" 2 "a cut-off file: status 2"
contains "$(cat "$work/err")" "$work/cut.json: not a benchmark result (invalid JSON" \
    "the message names the file and what is wrong"
$compare "$work/none.json" > "$work/out" 2> "$work/err"
is "$?" 2 "a missing file: status 2"
contains "$(cat "$work/err")" "none.json: cannot read" "named"

done_testing
