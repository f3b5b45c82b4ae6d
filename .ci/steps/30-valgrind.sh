#!/bin/sh
# 30-valgrind.sh - the CLI tests with every bulletin-search run under
# valgrind memcheck: zero errors and zero leaks (definite, indirect and
# possible; memory still reachable at exit is the one-time tables of ICU,
# OpenCC and the library, not a leak).  Runs on the build of .ci/run
# (./bootstrap && make), through libtool so that the uninstalled shared
# library is used.  The strace check of the hostile-files test is left
# out here: it would trace valgrind, not the program.
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
if ! command -v valgrind > /dev/null 2>&1; then
    echo "not ok 1 - valgrind is not installed (apt-get install valgrind)"
    exit 1
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bulletin-valgrind.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/bulletin-search" <<WRAP
#!/bin/sh
exec "$top/libtool" --mode=execute valgrind -q --error-exitcode=99 \
    --leak-check=full --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --log-file="$tmp/vg.%p.log" "$top/tools/bulletin-search" "\$@"
WRAP
chmod +x "$tmp/bulletin-search"

n=0
failed=0
for t in tests/cli/test_cli.sh tests/reliability/test_maintenance_cli.sh \
         tests/reliability/test_hostile_files.sh; do
    n=$((n + 1))
    rm -f "$tmp"/vg.*.log
    srcdir="$top" BULLETIN_SEARCH="$tmp/bulletin-search" \
        BULLETIN_EXTENSION="$top/libsearch/.libs/bulletin" BULLETIN_NO_STRACE=1 \
        sh "$t" > "$tmp/tap.log" 2>&1
    status=$?
    runs=$(ls "$tmp"/vg.*.log 2>/dev/null | wc -l)
    reports=$(cat "$tmp"/vg.*.log 2>/dev/null | grep -c '^==')
    checks=$(grep -c '^ok ' "$tmp/tap.log")
    if [ "$status" -eq 0 ] && [ "$reports" -eq 0 ] && [ "$runs" -gt 0 ]; then
        echo "ok $n - $t under valgrind: $checks checks pass, $runs runs of bulletin-search, 0 errors, 0 leaks"
    else
        failed=1
        echo "not ok $n - $t under valgrind: exit $status, $runs runs, $reports report lines"
        grep '^not ok' "$tmp/tap.log" | head -n 10 | sed 's/^/# /'
        cat "$tmp"/vg.*.log 2>/dev/null | head -n 80 | sed 's/^/# /'
    fi
done
echo "1..$n"
exit "$failed"
