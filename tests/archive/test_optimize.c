/* test_optimize.c - bulletin_archive_optimize() merges the search index
 * of an archive indexed a file at a time into one segment, and searches
 * find exactly what they found before: the same hits, in the same order,
 * with the same snippets and totals.  The archive stays sound and takes
 * new articles afterwards; a read-only handle is refused. */
#include "config.h"

#include <bulletin.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "tap.h"

static char dir[] = "/tmp/bulletin-test-optimize-XXXXXX";
static char db_path[600];
static const char *srcdir;

static bulletin_status index_file(bulletin_archive *a, const char *name)
{
    char path[600];
    snprintf(path, sizeof path, "%s/corpus/%s", srcdir, name);
    bulletin_status st = bulletin_archive_index(a, path, NULL, NULL);
    if (st)
        printf("# index %s: %s\n", name, bulletin_error_last()->message);
    return st;
}

/* FTS5 lists each segment's leaf pages in the %_idx table by segid. */
static int segments(void)
{
    sqlite3 *db;
    sqlite3_stmt *stmt;
    int n = -1;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT count(DISTINCT segid) FROM articles_fts_idx", -1,
                           &stmt, NULL) == SQLITE_OK) {
        if (sqlite3_step(stmt) == SQLITE_ROW)
            n = sqlite3_column_int(stmt, 0);
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return n;
}

static const char *const queries[] = { "工会", "新时代", "下一步", "职工 服务", "\"暖心驿站\"",
                                       "劳动者 OR 羽毛球", "北京 -工会", "暖心驛站", NULL };

/* Every hit of every query (id, score order, snippet) and each total. */
static char *searches(bulletin_archive *a)
{
    bulletin_buf out = BULLETIN_BUF_INIT;
    for (size_t q = 0; queries[q]; q++) {
        bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
        o.limit = 50;
        bulletin_results *r;
        if (bulletin_archive_search(&r, a, queries[q], &o)) {
            bulletin_buf_printf(&out, "%s: %s\n", queries[q], bulletin_error_last()->message);
            continue;
        }
        bulletin_buf_printf(&out, "%s: %zu\n", queries[q], bulletin_results_total(r));
        for (size_t i = 0; i < bulletin_results_count(r); i++) {
            const bulletin_hit *h = bulletin_results_hit(r, i);
            bulletin_buf_printf(&out, "  %lld %.6f | %s\n", (long long)h->id, h->score,
                                h->snippet ? h->snippet : "");
        }
        bulletin_results_free(r);
    }
    return out.data;
}

int main(void)
{
    srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
    if (!mkdtemp(dir)) {
        printf("Bail out! mkdtemp\n");
        return 1;
    }
    snprintf(db_path, sizeof db_path, "%s/archive.db", dir);
    bulletin_archive *a;
    if (bulletin_archive_open(&a, db_path, BULLETIN_OPEN_CREATE)) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        return 1;
    }
    /* One transaction per file: one segment each. */
    ok(!index_file(a, "2017-12-12-p2.txt") && !index_file(a, "2017-12-19-p1.txt") &&
           !index_file(a, "2017-12-19-p3.txt"),
       "three pages indexed one at a time");
    int before = segments();
    ok(before > 1, "the index is in several segments (%d)", before);
    char *found = searches(a);

    is_int(bulletin_archive_optimize(a), BULLETIN_OK, "optimize succeeds");
    is_int(segments(), 1, "the index is in one segment");
    char *after = searches(a);
    ok(found && after && !strcmp(found, after),
       "every search finds the same hits, in the same order, with the same snippets");
    if (found && after && strcmp(found, after))
        printf("# before:\n%s# after:\n%s", found, after);
    ok(found && strstr(found, "新时代: 0") == NULL && strstr(found, "工会: 0") == NULL,
       "the searches compared found something");
    bulletin_check_report report;
    is_int(bulletin_archive_check(a, &report), BULLETIN_OK, "the archive is sound afterwards");

    ok(!index_file(a, "2017-12-26-p4.txt"), "a page is indexed after the merge");
    bulletin_results *r;
    ok(!bulletin_archive_search(&r, a, "王府井", NULL) && bulletin_results_total(r) > 0,
       "and found");
    bulletin_results_free(r);
    is_int(bulletin_archive_optimize(a), BULLETIN_OK, "optimize runs again");
    is_int(bulletin_archive_check(a, &report), BULLETIN_OK, "and the archive stays sound");
    bulletin_archive_close(a);

    if (bulletin_archive_open(&a, db_path, BULLETIN_OPEN_READONLY)) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        return 1;
    }
    is_int(bulletin_archive_optimize(a), BULLETIN_ERROR_READONLY,
           "a read-only handle is refused");
    ok(strstr(bulletin_error_last()->message, db_path) != NULL, "naming the archive: %s",
       bulletin_error_last()->message);
    bulletin_archive_close(a);
    is_int(bulletin_archive_optimize(NULL), BULLETIN_ERROR_INVALID_ARGUMENT,
           "no archive: invalid argument");

    free(found);
    free(after);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
