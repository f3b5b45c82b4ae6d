#!/bin/sh
# make install into a prefix, then build a program against the installed
# library with pkg-config and run it on the shipped corpus, and load the
# installed SQLite extension.
set -u
# DESTDIR staging: the build was configured for its own prefix; libtool
# relinks for that prefix, and pkg-config follows with a sysroot.
dest=$(mktemp -d /tmp/bulletin-destdir.XXXXXX)
trap 'rm -rf "$dest"' EXIT
configured=$(sed -n 's/^prefix = //p' Makefile)
prefix="$dest$configured"
n=0
failed=0
check() {  # check STATUS DESCRIPTION
    n=$((n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}
make install DESTDIR="$dest" >/dev/null
check $? "make install DESTDIR=$dest"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$dest"
cat > "$prefix/example.c" <<'C'
#include <bulletin.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    bulletin_archive *a;
    bulletin_results *r;
    if (bulletin_archive_open(&a, argv[1], BULLETIN_OPEN_CREATE) ||
        bulletin_archive_index(a, argv[2], NULL, NULL) ||
        bulletin_archive_search(&r, a, "暖心驛站", NULL)) {
        fprintf(stderr, "%s\n", bulletin_error_last()->message);
        return 1;
    }
    printf("%zu %s\n", bulletin_results_total(r), bulletin_results_hit(r, 0)->headline);
    bulletin_results_free(r);
    bulletin_archive_close(a);
    return 0;
}
C
cc -o "$prefix/example" "$prefix/example.c" $(pkg-config --cflags --libs bulletin)
check $? "a program builds with pkg-config --cflags --libs bulletin"
out=$(LD_LIBRARY_PATH="$prefix/lib" "$prefix/example" "$prefix/a.db" corpus 2>&1)
check $? "it indexes and searches the corpus with the installed library"
case "$out" in "1 西城工会为户外劳动者建“避风港”") check 0 "and finds the article: $out" ;;
    *) check 1 "and finds the article (got: $out)" ;; esac
LD_LIBRARY_PATH="$prefix/lib" "$prefix/bin/bulletin-search" --db "$prefix/a.db" stats >/dev/null
check $? "the installed bulletin-search reads the archive"
if command -v sqlite3 >/dev/null; then
    got=$(LD_LIBRARY_PATH="$prefix/lib" sqlite3 "$prefix/a.db" ".load $prefix/lib/bulletin-search/bulletin" \
        "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '\"西城\"'")
    [ "$got" = 1 ]
    check $? "the installed SQLite extension loads and matches (got $got)"
fi
nm -D --defined-only "$prefix/lib/libbulletin.so" | awk '{print $3}' | grep -v -E '^bulletin_[a-z]' > "$prefix/extra-symbols"
[ ! -s "$prefix/extra-symbols" ]
check $? "libbulletin exports only bulletin_* names ($(wc -l < "$prefix/extra-symbols") others)"
echo "1..$n"
exit $failed
