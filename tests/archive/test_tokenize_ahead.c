/* test_tokenize_ahead.c - indexing with text tokenized ahead on a helper
 * thread (pretok.c) writes exactly the index that indexing on one thread
 * writes, also when articles are replaced; and the cache itself replays
 * exactly what the tokenizer emits, and nothing for texts it never saw. */
#include "config.h"

#include <bulletin.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "pretok.h"
#include "tap.h"

static char dir[] = "/tmp/bulletin-test-ahead-XXXXXX";

static const char *in_dir(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void index_into(const char *db, const char *path, int threads)
{
    bulletin_archive *a;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_CREATE)) {
        printf("# open: %s\n", bulletin_error_last()->message);
        return;
    }
    bulletin_index_options o = BULLETIN_INDEX_OPTIONS_INIT;
    o.threads = threads;
    if (bulletin_archive_index(a, path, &o, NULL))
        printf("# index %s: %s\n", path, bulletin_error_last()->message);
    bulletin_archive_close(a);
}

/* Every row of the FTS5 index tables, in order, as one string of hex. */
static char *index_dump(const char *db_path)
{
    sqlite3 *db;
    sqlite3_stmt *stmt;
    bulletin_buf out = BULLETIN_BUF_INIT;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT 'data', id, hex(block) FROM articles_fts_data UNION ALL"
                           " SELECT 'idx', segid, hex(term) || ':' || pgno FROM articles_fts_idx"
                           " ORDER BY 1, 2, 3",
                           -1, &stmt, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    while (sqlite3_step(stmt) == SQLITE_ROW)
        bulletin_buf_printf(&out, "%s %lld %s\n", sqlite3_column_text(stmt, 0),
                            (long long)sqlite3_column_int64(stmt, 1),
                            sqlite3_column_text(stmt, 2));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out.data;
}

static void test_the_same_index_on_one_thread_or_two(void)
{
    const char *srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
    char corpus[512], tagged[512];
    snprintf(corpus, sizeof corpus, "%s/corpus", srcdir);
    snprintf(tagged, sizeof tagged, "%s/tests/data/tag", srcdir);
    const char *one = in_dir("one.db"), *two = in_dir("two.db");
    index_into(one, corpus, 1);
    index_into(two, corpus, 0);
    char *a = index_dump(one), *b = index_dump(two);
    ok(a && b && strlen(a) > 1000, "both archives have an index (%zu bytes of dump)",
       a ? strlen(a) : 0);
    ok(a && b && !strcmp(a, b), "tokenized ahead or not, the index is the same, byte for byte");
    free(a);
    free(b);
    /* More files, then the same folder again: replaced and unchanged
     * articles (FTS5 deletes old text, which is not in the cache). */
    index_into(one, tagged, 1);
    index_into(two, tagged, 0);
    index_into(one, corpus, 1);
    index_into(two, corpus, 0);
    a = index_dump(one);
    b = index_dump(two);
    ok(a && b && !strcmp(a, b), "and still after more files and a second pass");
    free(a);
    free(b);
    bulletin_archive *arch;
    ok(bulletin_archive_open(&arch, two, 0) == BULLETIN_OK && bulletin_archive_check(arch, NULL) == BULLETIN_OK,
       "the archive indexed on two threads passes the integrity check");
    bulletin_archive_close(arch);
}

/* ---------------------------------------------------------------- the cache alone */

static int append_token(void *ctx, int flags, const char *term, size_t len, size_t start,
                        size_t end)
{
    bulletin_buf_printf(ctx, "%d:%.*s:%zu-%zu ", flags, (int)len, term, start, end);
    return 0;
}

static void test_the_cache_replays_what_the_tokenizer_emits(void)
{
    static const char *const texts[] = {
        "12月8日，西城區總工會“暖心驿站”挂牌仪式在德胜街道工会服务站举行。",
        "ＡＰＰ下载 2017年 计画 計畫",
        "短",
    };
    bulletin_tokenizer *tok;
    bulletin__pretok *p;
    if (bulletin_tokenizer_new(&tok) || bulletin__pretok_new(&p)) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        exit(1);
    }
    for (size_t i = 0; i < 3; i++)
        bulletin__pretok_queue(p, texts[i], strlen(texts[i]));
    for (size_t i = 0; i < 3; i++) {
        bulletin_buf want = BULLETIN_BUF_INIT, got = BULLETIN_BUF_INIT;
        bulletin_tokenizer_run(tok, texts[i], strlen(texts[i]), BULLETIN_TOKENIZE_DOCUMENT,
                               append_token, &want);
        int rc = bulletin__pretok_replay(p, texts[i], strlen(texts[i]), append_token, &got);
        ok(rc == 0 && want.data && got.data && !strcmp(want.data, got.data),
           "text %zu: the replay is the tokenizer's output", i + 1);
        bulletin_buf_free(&want);
        bulletin_buf_free(&got);
    }
    bulletin_buf none = BULLETIN_BUF_INIT;
    static const char other[] = "没有排队的文字";
    ok(bulletin__pretok_replay(p, other, strlen(other), append_token, &none) == -1 &&
           none.len == 0,
       "a text never queued is not replayed");
    /* Same length and first bytes, different text: compared byte for byte. */
    static const char near[] = "12月8日，西城區總工會“暖心驿站”挂牌仪式在德胜街道工会服务站举办。";
    ok(bulletin__pretok_replay(p, near, strlen(near), append_token, &none) == -1,
       "nor a text that differs in its last character");
    bulletin__pretok_clear(p);
    ok(bulletin__pretok_replay(p, texts[0], strlen(texts[0]), append_token, &none) == -1,
       "after clear nothing is replayed");
    bulletin_buf_free(&none);
    bulletin__pretok_free(p);
    bulletin_tokenizer_free(tok);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        printf("Bail out! cannot make a temporary folder\n");
        return 1;
    }
    test_the_same_index_on_one_thread_or_two();
    test_the_cache_replays_what_the_tokenizer_emits();
    const char *names[] = { "one.db", "one.db-wal", "one.db-shm", "two.db", "two.db-wal",
                            "two.db-shm" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unlink(in_dir(names[i]));
    rmdir(dir);
    return tap_done();
}
