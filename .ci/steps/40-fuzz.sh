#!/bin/sh
# 40-fuzz.sh - each libFuzzer harness (query parser, tokenizer, page-text
# ingest, XML ingest) runs for a short, bounded time: FUZZ_SECONDS each
# (default 30).  A crash fails the step and leaves the input in
# fuzz-build/crashes/NAME/, to be kept in tests/fuzz/regressions/NAME/
# once fixed (make check replays those).  Needs the build of .ci/run.
set -u
cd "$(dirname "$0")/../.."
log=$(mktemp "${TMPDIR:-/tmp}/bulletin-fuzz.XXXXXX")
trap 'rm -f "$log"' EXIT
make fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-30}" > "$log" 2>&1
status=$?
grep -E '^(ok|not ok|#|1\.\.)' "$log"
[ "$status" -eq 0 ] || tail -n 20 "$log" | sed 's/^/# /'
exit "$status"
