/* test_header.c - the public header compiles alone, strictly, and its
 * conventions hold: every status has a string, init macros set versions.
 * Built with -std=c99 -pedantic -Werror (see Makefile.am). */
#include <bulletin.h>

#include <stdio.h>
#include <string.h>

int main(void)
{
    int n = 0, failed = 0;
    for (int s = 0; s < BULLETIN_STATUS_LAST; s++) {
        const char *text = bulletin_status_to_string((bulletin_status)s);
        int good = text && strcmp(text, "unknown status") != 0 && text[0] != '\0';
        printf("%sok %d - status %d has a description: %s\n", good ? "" : "not ", ++n, s,
               text ? text : "(null)");
        failed += !good;
    }
    int unknown = !strcmp(bulletin_status_to_string(BULLETIN_STATUS_LAST), "unknown status");
    printf("%sok %d - an out-of-range status says unknown\n", unknown ? "" : "not ", ++n);
    failed += !unknown;

    bulletin_article art = BULLETIN_ARTICLE_INIT;
    bulletin_index_options io = BULLETIN_INDEX_OPTIONS_INIT;
    bulletin_search_options so = BULLETIN_SEARCH_OPTIONS_INIT;
    int versions = art.version == BULLETIN_ARTICLE_VERSION &&
                   io.version == BULLETIN_INDEX_OPTIONS_VERSION &&
                   so.version == BULLETIN_SEARCH_OPTIONS_VERSION;
    printf("%sok %d - _INIT macros set their struct versions\n", versions ? "" : "not ", ++n);
    failed += !versions;

    const bulletin_error *e = bulletin_error_last();
    int fresh = e && e->status == BULLETIN_OK && e->message && e->message[0] == '\0';
    printf("%sok %d - before any failure the last error is empty\n", fresh ? "" : "not ", ++n);
    failed += !fresh;

    bulletin_archive *a = (bulletin_archive *)&n;  /* never dereferenced */
    bulletin_status st = bulletin_archive_open(&a, NULL, 0);
    int refused = st == BULLETIN_ERROR_INVALID_ARGUMENT && a == NULL &&
                  bulletin_error_last()->status == st;
    printf("%sok %d - a NULL path is refused and *out is set to NULL\n", refused ? "" : "not ", ++n);
    failed += !refused;

    bulletin_kind k;
    int kinds = 1;
    for (int i = 0; i < BULLETIN_KIND_LAST; i++)
        kinds &= bulletin_kind_from_string(&k, bulletin_kind_to_string((bulletin_kind)i)) ==
                     BULLETIN_OK && (int)k == i;
    printf("%sok %d - kind names round-trip\n", kinds ? "" : "not ", ++n);
    failed += !kinds;

    printf("1..%d\n", n);
    return failed ? 1 : 0;
}
