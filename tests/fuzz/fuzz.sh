#!/bin/sh
# fuzz.sh - build the libFuzzer harnesses with clang and run each one.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="query xml"]
#
# make passes the library's sources and flags in the environment (see
# tests/fuzz/Makefile.inc).  The library is compiled once with clang's
# fuzzer instrumentation, AddressSanitizer and UndefinedBehaviorSanitizer
# into $FUZZ_DIR/libfuzz.a; each harness links against it.  Each harness
# runs for FUZZ_SECONDS from its seed corpus (tests/fuzz/corpus/NAME),
# growing a working corpus in $FUZZ_DIR/corpus/NAME.  A crash stops that
# harness and leaves the input in $FUZZ_DIR/crashes/NAME/: copy it into
# tests/fuzz/regressions/NAME/ so that make check replays it forever.
#
# Output: one TAP line per harness with the executions run; exit status 1
# if any harness crashed or could not be built.
set -u
: "${FUZZ_SECONDS:=60}" "${FUZZ_TARGETS:=query tokenizer page xml}"
: "${FUZZ_CC:=clang}" "${FUZZ_DIR:=fuzz-build}"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-g -O1 $san -fsanitize=fuzzer-no-link"
includes="-I. -I$srcdir/libsearch -I$srcdir/libsearch/text -I$srcdir/tests/fuzz $FUZZ_DEP_CFLAGS"

mkdir -p "$FUZZ_DIR/obj" || exit 1
if ! command -v "$FUZZ_CC" >/dev/null 2>&1; then
    echo "not ok 1 - $FUZZ_CC not found (apt-get install clang libclang-rt-14-dev)"
    exit 1
fi

# The library, rebuilt only when a source is newer than the archive.
lib="$FUZZ_DIR/libfuzz.a"
stale=no
for s in $FUZZ_LIB_SOURCES; do
    [ -f "$s" ] || s="$srcdir/$s"
    [ "$lib" -nt "$s" ] || stale=yes
done
if [ "$stale" = yes ]; then
    rm -f "$lib" "$FUZZ_DIR"/obj/*.o
    for s in $FUZZ_LIB_SOURCES; do
        [ -f "$s" ] || s="$srcdir/$s"
        o="$FUZZ_DIR/obj/$(echo "$s" | sed 's|^\./||; s|[/.]|_|g').o"
        # shellcheck disable=SC2086
        $FUZZ_CC $cflags $includes -c "$s" -o "$o" || { echo "not ok 1 - compiling $s"; exit 1; }
    done
    ar rcs "$lib" "$FUZZ_DIR"/obj/*.o || exit 1
fi

n=0
failed=0
for t in $FUZZ_TARGETS; do
    n=$((n + 1))
    bin="$FUZZ_DIR/fuzz_$t"
    # shellcheck disable=SC2086
    if ! $FUZZ_CC $cflags -fsanitize=fuzzer $includes "$srcdir/tests/fuzz/fuzz_$t.c" "$lib" \
            $FUZZ_DEP_LIBS -lpthread -o "$bin"; then
        echo "not ok $n - fuzz_$t: does not build"
        failed=1
        continue
    fi
    mkdir -p "$FUZZ_DIR/corpus/$t" "$FUZZ_DIR/crashes/$t"
    log="$FUZZ_DIR/fuzz_$t.log"
    # -rss_limit_mb and -timeout turn runaway memory or time into
    # findings too: a query or a file must never take either unbounded.
    "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$FUZZ_DIR/crashes/$t/" \
        "$FUZZ_DIR/corpus/$t" "$srcdir/tests/fuzz/corpus/$t" > "$log" 2>&1
    status=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    if [ "$status" -eq 0 ]; then
        echo "ok $n - fuzz_$t: ${runs:-?} executions in ${FUZZ_SECONDS}s, $cov, no crash"
    else
        echo "not ok $n - fuzz_$t: crashed after ${runs:-?} executions; input in $FUZZ_DIR/crashes/$t/"
        grep -E 'ERROR|broken promise|SUMMARY' "$log" | head -n 5 | sed 's/^/# /'
        failed=1
    fi
done
echo "1..$n"
exit "$failed"
