#!/bin/sh
# test_hostile_files.sh - a folder of broken and hostile files indexed
# together with one good page: each bad file gets a clear error naming it
# (or, for a file that is merely odd, is indexed), the good page still
# goes in, nothing crashes, the library prints nothing of its own, and -
# watched with strace when it is installed - no file outside the input
# is opened and no network connection is attempted.
. "$srcdir/tests/lib.sh"

in="$work/in"
mkdir -p "$in"
cp "$srcdir/corpus/2017-12-12-p2.txt" "$in/2017-12-12-p2.txt"

# A file no input may ever reach.
secret="$work/secret.txt"
echo "SECRET-DO-NOT-INDEX" > "$secret"

: > "$in/empty.txt"
gzip -n -c < "$srcdir/corpus/2017-12-12-p2.txt" > "$in/binary-gzip.txt"
head -c 8192 /bin/sh > "$in/binary-elf.txt"
printf '西城工会\n\n　　正文里有半个字\345\237' > "$in/truncated-utf8.txt"
printf '标题\n\n　　正文\377\376坏字节。\n' > "$in/invalid-bytes.txt"
# A line of three megabytes, no line break.
awk 'BEGIN { s = "工会职工"; for (i = 0; i < 18; i++) s = s s; printf "%s", s }' \
    > "$in/megabyte-line.txt"
# Two million blank lines around one short article.
awk 'BEGIN { print "标题"; for (i = 0; i < 2000000; i++) print ""; print "　　正文。" }' \
    > "$in/blank-lines.txt"
# Nesting a hundred thousand deep.
awk 'BEGIN { printf "<bulletin date=\"2017-12-12\">"; for (i = 0; i < 100000; i++) printf "<a>";
             for (i = 0; i < 100000; i++) printf "</a>"; print "</bulletin>" }' > "$in/deep.xml"
printf '<bulletin date="2017-12-12"><page number="1"><article><p>unclosed' > "$in/truncated.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE bulletin [\n<!ENTITY s SYSTEM "file://%s">\n]>\n<bulletin date="2017-12-12"><page number="1"><article><headline>&s;</headline><p>&s;</p></article></page></bulletin>\n' \
    "$secret" > "$in/external-entity.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE bulletin SYSTEM "http://127.0.0.1:9/bulletin.dtd">\n<bulletin date="2017-12-12"><page number="1"><article><p>x</p></article></page></bulletin>\n' \
    > "$in/network-dtd.xml"
printf '<?xml version="1.0"?>\n<!DOCTYPE bulletin [\n<!ENTITY %% remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n%%remote;\n]>\n<bulletin date="2017-12-12"/>\n' \
    > "$in/parameter-entity.xml"
printf '<?xml version="1.0"?>\n<bulletin xmlns:xi="http://www.w3.org/2001/XInclude" date="2017-12-12"><page number="1"><article><p><xi:include href="file://%s" parse="text"/></p></article></page></bulletin>\n' \
    "$secret" > "$in/xinclude.xml"
printf '<?xml version="1.0"?>\n<bulletin xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://127.0.0.1:9/x.xsd" date="2017-12-12"><page number="1"><article><p>x</p></article></page></bulletin>\n' \
    > "$in/schema-location.xml"
cp "$srcdir/tests/data/xml/billion-laughs.xml" "$in/billion-laughs.xml"
printf '<?xml version="1.0"?>\n<?xml-stylesheet href="http://127.0.0.1:9/s.xsl"?>\n<bulletin date="2017-12-12"><page number="1"><article><p>x</p></article></page></bulletin>\n' \
    > "$in/stylesheet-pi.xml"
# A FIFO would block a reader forever: folder walks take regular files only.
mkfifo "$in/fifo.txt" 2>/dev/null

tracer=""
if [ -z "${BULLETIN_NO_STRACE:-}" ] && command -v strace > /dev/null 2>&1 &&
   strace -f -o /dev/null true 2>/dev/null; then
    tracer="strace -f -qq -e trace=execve,open,openat,connect,socket -o $work/trace"
fi
# LeakSanitizer cannot run under ptrace (sanitizer builds): leaks are
# checked by the other tests, not under strace.
[ -n "$tracer" ] && { ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"; export ASAN_OPTIONS; }
# shellcheck disable=SC2086
$tracer "$BULLETIN_SEARCH" index --issue-date 2017-12-12 --page 1 "$in" > "$work/out" 2> "$work/err"
status=$?
out=$(cat "$work/out")
err=$(cat "$work/err")
index_out=$out
index_err=$err

is "$status" 1 "a folder with bad files: exit 1 (it finished; no crash)"
run search --json 暖心驛站
is "$(json 'j["total"]')" 1 "the good page beside them is indexed"
run search --json SECRET-DO-NOT-INDEX
is "$(json 'j["total"]')" 0 "the secret file's text is not in the archive"

# Every bad file is named in an error of its own.
for f in empty.txt binary-gzip.txt binary-elf.txt truncated-utf8.txt invalid-bytes.txt deep.xml truncated.xml external-entity.xml \
         network-dtd.xml parameter-entity.xml xinclude.xml billion-laughs.xml; do
    line=$(printf '%s\n' "$index_err" | grep -F "$in/$f")
    ok $([ -n "$line" ]; echo $?) "$f: an error naming the file: $(printf '%s' "$line" | head -c 160)"
done
for f in external-entity.xml network-dtd.xml parameter-entity.xml billion-laughs.xml; do
    contains "$(printf '%s\n' "$index_err" | grep -F "$in/$f")" "DOCTYPE" "$f: refused for its DOCTYPE"
done
contains "$(printf '%s\n' "$index_err" | grep -F "$in/truncated-utf8.txt")" "byte" \
    "truncated-utf8.txt: the error gives the byte offset"
contains "$(printf '%s\n' "$index_err" | grep -F "$in/truncated.xml")" "truncated.xml:1" \
    "truncated.xml: the error gives the line"

# The library prints nothing: every line on stderr is the CLI's own.
stray=$(printf '%s\n' "$index_err" | grep -v '^bulletin-search: ' | grep -c .)
is "$stray" 0 "no stray output from the library or libxml2 on stderr"
contains "$index_out" "errors" "the summary counts the errors"

contains "$(printf '%s\n' "$index_err" | grep -F "$in/megabyte-line.txt")" "longer than the limit" \
    "megabyte-line.txt: an article longer than 64 KiB is refused, naming the file"
run search --json -- '标题 -坏字节'  # invalid-bytes.txt is indexed too, leniently
is "$(json 'j["total"]')" 1 "the page with two million blank lines is indexed"
run check
is "$status" 0 "the archive is sound afterwards"

if [ -n "$tracer" ]; then
    # Only the program itself: a libtool wrapper script (bash, which looks
    # up the user in /etc/passwd when HOME is unset, as under CI, then ls
    # and sed) runs first and execs the real binary last, in its own pid.
    # Keep the trace from that exec on; the wrapper's children are done.
    from=$(grep -n ' execve("[^"]*bulletin-search"' "$work/trace" | tail -n 1 | cut -d: -f1)
    tail -n +"${from:-1}" "$work/trace" > "$work/trace.program"
    mv "$work/trace.program" "$work/trace"
    grep -qF "$secret" "$work/trace"
    ok $((1 - $?)) "strace: the file an entity or XInclude points to is never opened"
    net=$(grep -cE ' (connect|socket)\(' "$work/trace")
    is "$net" 0 "strace: no socket is created and no connection attempted"
    # Files opened: the input, the archive and its folder, the program and
    # its libraries and data (/usr, /lib, /etc/ld.so.*), /proc and /sys.
    # OpenCC (1.1) looks for its own configuration and dictionaries in the
    # current folder before its data folder, whatever path it is given:
    # those three names are its doing, not the input's.  The dynamic
    # loader probes its search path (an RPATH to the install prefix) for
    # shared libraries: any *.so* file is the loader's.
    bindir=$(cd "$(dirname "$BULLETIN_SEARCH")/.." && pwd)
    outside=$(sed -n 's/.*open[a-z]*([^"]*"\([^"]*\)".*/\1/p' "$work/trace" | sort -u |
        grep -v -e "^$work/" -e "^$work\$" -e "^$bindir/" \
                -e '^t2s\.json$' -e '^TSPhrases\.ocd2$' -e '^TSCharacters\.ocd2$'  -e '^/usr/' -e '^/lib' -e '^/etc/ld\.so' \
                -e '^/proc/' -e '^/sys/' -e '^/dev/' -e '^/etc/localtime$' -e '\.so[.0-9]*$')
    is "$outside" "" "strace: no file outside the input, the archive and the installation is opened"
else
    echo "# strace is not available here: the file and network checks were skipped"
fi

done_testing
