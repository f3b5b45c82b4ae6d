#!/bin/sh
# test_no_exit_no_print.sh - the library never exits the process and
# never prints: the shared libbulletin imports none of the C library's
# exit, abort, assert or stdio output functions, nor stdout and stderr.
# (libxml2's own printing is silenced by xml.c, and test_hostile_files.sh
# checks that nothing reaches stderr.)
. "$srcdir/tests/lib.sh"

lib="$(dirname "$BULLETIN_SEARCH")/../libsearch/.libs/libbulletin.so"
if [ ! -f "$lib" ] || ! command -v nm > /dev/null 2>&1; then
    echo "1..0 # SKIP no shared libbulletin.so or no nm here"
    exit 0
fi
imports=$(nm -D --undefined-only "$lib" | awk '{ print $2 }' | sed 's/@.*//')
ok "$([ -n "$imports" ]; echo $?)" "libbulletin.so imports symbols (nm works on it)"
for sym in exit _exit _Exit abort __assert_fail quick_exit \
           printf fprintf vprintf vfprintf __printf_chk __fprintf_chk __vfprintf_chk \
           puts fputs putchar fputc putc fwrite perror stdout stderr; do
    printf '%s\n' "$imports" | grep -qx "$sym"
    ok $((1 - $?)) "libbulletin does not use $sym"
done
done_testing
