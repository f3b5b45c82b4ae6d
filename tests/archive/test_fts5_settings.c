/* test_fts5_settings.c - the FTS5 settings a new archive is created with,
 * read back from a real archive file on disk. */
#include "config.h"

#include <bulletin.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

static char dir[] = "/tmp/bulletin-test-fts5-XXXXXX";

/* The value of an FTS5 setting in the table's %_config shadow table. */
static long long fts5_setting(const char *path, const char *key)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT v FROM articles_fts_config WHERE k = ?1", -1, &st,
                           NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

static void test_new_archive_holds_a_commit_group_in_memory(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/new.db", dir);
    bulletin_archive *a;
    ok(bulletin_archive_open(&a, path, BULLETIN_OPEN_CREATE) == BULLETIN_OK,
       "a new archive is created");
    bulletin_archive_close(a);
    /* 32 MB of pending terms: one FTS5 segment per commit group of files
     * instead of one per megabyte. */
    is_int(fts5_setting(path, "hashsize"), 32 * 1024 * 1024,
           "FTS5 flushes pending terms at 32 MB, not at its default 1 MB");
}

static void test_reopening_keeps_the_setting(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/new.db", dir);
    bulletin_archive *a;
    ok(bulletin_archive_open(&a, path, 0) == BULLETIN_OK, "the archive reopens");
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.key = "k1";
    art.body = "西城区总工会暖心驿站";
    ok(bulletin_archive_add_article(a, &art, NULL, NULL) == BULLETIN_OK,
       "an article is stored");
    bulletin_results *r = NULL;
    ok(bulletin_archive_search(&r, a, "驿站", NULL) == BULLETIN_OK &&
       bulletin_results_total(r) == 1, "and found");
    bulletin_results_free(r);
    bulletin_archive_close(a);
    is_int(fts5_setting(path, "hashsize"), 32 * 1024 * 1024, "the setting stays");
}

int main(void)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_new_archive_holds_a_commit_group_in_memory();
    test_reopening_keeps_the_setting();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
