#!/bin/sh
# 20-sanitizers.sh - the whole test suite built with AddressSanitizer and
# UndefinedBehaviorSanitizer (./configure --enable-sanitizers), in a
# separate build folder (VPATH) from a clean copy of the sources (make
# distdir: an in-tree configured source folder refuses VPATH builds).
# Any ASan, LSan or UBSan report makes the test that triggered it fail
# (UBSan: -fno-sanitize-recover; ASan and LSan exit non-zero).
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-sanitizers.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# Readable by all: one test drops to user nobody to meet a read-only file.
chmod 755 "$tmp"
n=0
step() {  # step DESCRIPTION COMMAND...
    desc=$1; shift
    n=$((n + 1))
    if "$@" > "$tmp/step$n.log" 2>&1; then
        echo "ok $n - $desc"
    else
        echo "not ok $n - $desc"
        tail -n 60 "$tmp/step$n.log" | sed 's/^/# /'
        echo "1..$n"
        exit 1
    fi
}

step "clean source copy (make distdir)" make distdir distdir="$tmp/src"
mkdir "$tmp/build" "$tmp/bin"
# The sqlite3 shell loads the (instrumented) tokenizer extension in some
# tests; it is not instrumented itself, so it gets the ASan runtime
# preloaded.  Leaks inside that shell are not ours to find.
libasan=$(${CC:-gcc} -print-file-name=libasan.so)
cat > "$tmp/bin/sqlite3" <<WRAP
#!/bin/sh
LD_PRELOAD="$libasan" ASAN_OPTIONS=detect_leaks=0 exec $(command -v sqlite3) "\$@"
WRAP
chmod +x "$tmp/bin/sqlite3"
cd "$tmp/build" || exit 1
step "configure --enable-sanitizers (VPATH build)" ../src/configure --enable-sanitizers
step "build with ASan and UBSan" make -j2
export PATH="$tmp/bin:$PATH"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if make -j2 check > "$tmp/check.log" 2>&1; then
    n=$((n + 1))
    echo "ok $n - make check under ASan, LSan and UBSan: $(grep '^# PASS:' "$tmp/check.log" | tr -s ' ')"
else
    n=$((n + 1))
    echo "not ok $n - make check under ASan, LSan and UBSan"
    grep -E '^(FAIL|ERROR)' "$tmp/check.log" | head -n 20 | sed 's/^/# /'
    grep -h -A 20 -E 'ERROR: (Address|Leak)Sanitizer|runtime error' $(find . -name '*.log') 2>/dev/null |
        head -n 60 | sed 's/^/# /'
    echo "1..$n"
    exit 1
fi
echo "1..$n"
