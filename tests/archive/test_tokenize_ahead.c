/* test_tokenize_ahead.c - indexing with files read and tagged ahead
 * (readahead.c) and text tokenized ahead (pretok.c) on helper threads
 * writes exactly the archive that indexing on one thread writes: the same
 * rows, tags and index, and the same reports in the same order, also
 * when articles are replaced and files fail; and the token cache replays
 * exactly what the tokenizer emits, and nothing for texts it never saw. */
#include "config.h"

#include <bulletin.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* One line per file report, in the order they came. */
static void log_report(void *ctx, bulletin_status status, const bulletin_file_report *r,
                       const bulletin_error *error)
{
    bulletin_buf_printf(ctx, "%d %s %s %s +%zu ~%zu =%zu -%zu a%zu ad%zu c%zu j%zu w%zu %s | %s\n",
                        (int)status, r->path, r->format ? r->format : "-",
                        r->encoding ? r->encoding : "-", r->articles_added,
                        r->articles_updated, r->articles_unchanged, r->articles_removed,
                        r->articles, r->advertisements, r->continuations, r->jumps_linked,
                        r->warnings, r->first_warning ? r->first_warning : "-",
                        error ? error->message : "-");
}

/* Index `path` into `db`; the reports are appended to `log` (may be NULL). */
static void index_into(const char *db, const char *path, int threads, bulletin_buf *log)
{
    bulletin_archive *a;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_CREATE)) {
        printf("# open: %s\n", bulletin_error_last()->message);
        return;
    }
    bulletin_index_options o = BULLETIN_INDEX_OPTIONS_INIT;
    o.threads = threads;
    o.on_file = log ? log_report : NULL;
    o.ctx = log;
    bulletin_status st = bulletin_archive_index(a, path, &o, NULL);
    if (log)
        bulletin_buf_printf(log, "run: %d %s\n", (int)st,
                            st ? bulletin_error_last()->message : "-");
    bulletin_archive_close(a);
}

/* Every row the queries return, one line each, as text. */
static char *rows_dump(const char *db_path, const char *const *queries)
{
    sqlite3 *db;
    bulletin_buf out = BULLETIN_BUF_INIT;
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    for (size_t q = 0; queries[q]; q++) {
        sqlite3_stmt *stmt;
        if (sqlite3_prepare_v2(db, queries[q], -1, &stmt, NULL) != SQLITE_OK) {
            printf("# %s: %s\n", queries[q], sqlite3_errmsg(db));
            bulletin_buf_free(&out);
            sqlite3_close(db);
            return NULL;
        }
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(stmt); c++)
                bulletin_buf_printf(&out, "%s|", sqlite3_column_text(stmt, c));
            bulletin_buf_printf(&out, "\n");
        }
        sqlite3_finalize(stmt);
    }
    sqlite3_close(db);
    return out.data;
}

/* The articles (but the time they were indexed) and everything derived
 * from them but the search index. */
static char *tables_dump(const char *db_path)
{
    static const char *const queries[] = {
        "SELECT id, key, issue_date, page, position, kind, headline, subtitle, byline,"
        " author, body, source, digest FROM articles ORDER BY id",
        "SELECT * FROM article_facts ORDER BY article_id",
        "SELECT * FROM article_districts ORDER BY article_id, district",
        "SELECT * FROM article_topics ORDER BY article_id, topic",
        "SELECT * FROM article_events ORDER BY article_id, start_offset, date_from, date_to",
        "SELECT * FROM jumps ORDER BY article_id, direction",
        "SELECT * FROM article_parts ORDER BY part_id",
        NULL,
    };
    return rows_dump(db_path, queries);
}

static char *tags_dump(const char *db_path)
{
    static const char *const queries[] = {
        "SELECT * FROM article_districts ORDER BY article_id, district",
        "SELECT * FROM article_topics ORDER BY article_id, topic",
        "SELECT * FROM article_events ORDER BY article_id, start_offset, date_from, date_to",
        NULL,
    };
    return rows_dump(db_path, queries);
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

static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char chunk[8192];
    size_t n;
    bool ok = in && out;
    while (ok && (n = fread(chunk, 1, sizeof chunk, in)) > 0)
        ok = fwrite(chunk, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out))
        ok = false;
    return ok;
}

/* More files than the read-ahead holds and than one commit takes: the
 * sample pages again and again under new dates (so new articles, tagged
 * against new issue dates), with files that fail among them. */
#define MANY_FILES 600
static const char *const samples[] = { "corpus/2017-12-12-p2.txt", "corpus/2017-12-19-p1.txt",
                                       "corpus/2017-12-19-p3.txt", "corpus/2017-12-26-p4.txt",
                                       "tests/data/tag/2017-12-20-p3.txt",
                                       "tests/data/tag/2018-01-03-p1.txt" };

/* Write file k of the many, as sample k + shift. */
static bool write_many(const char *srcdir, const char *many, int k, int shift)
{
    char from[512], to[512];
    int day = k % 28 + 1, month = k / 28 % 12 + 1, year = 2010 + k / (28 * 12);
    snprintf(from, sizeof from, "%s/%s", srcdir, samples[(k + shift) % 6]);
    snprintf(to, sizeof to, "%s/%d-%02d-%02d-p%d.txt", many, year, month, day, k % 6 + 1);
    return copy_file(from, to);
}

static bool make_many(const char *srcdir, const char *many)
{
    if (mkdir(many, 0700))
        return false;
    for (int k = 0; k < MANY_FILES; k++)
        if (!write_many(srcdir, many, k, 0))
            return false;
    /* Failures, reported in their turn: a name that leads nowhere (a
     * dangling link: the walk fails on it), a bad XML file, and a page
     * without a date. */
    char from[512], to[512];
    snprintf(from, sizeof from, "%s/tests/data/xml/malformed.xml", srcdir);
    snprintf(to, sizeof to, "%s/2011-01-01-p9.xml", many);
    if (!copy_file(from, to))
        return false;
    snprintf(from, sizeof from, "%s/tests/data/pages/traditional.txt", srcdir);
    snprintf(to, sizeof to, "%s/2011-06-01-undated.txt", many);
    if (!copy_file(from, to))
        return false;
    snprintf(to, sizeof to, "%s/2010-06-01-p9.txt", many);
    return symlink("nowhere", to) == 0;
}

static void remove_many(const char *many)
{
    char path[512];
    DIR *d = opendir(many);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(path, sizeof path, "%s/%s", many, e->d_name);
            unlink(path);
        }
    if (d)
        closedir(d);
    rmdir(many);
}

/* Each dump of one archive, compared with the other's. */
static void compare(const char *one, const char *two, const char *when)
{
    char *a = index_dump(one), *b = index_dump(two);
    ok(a && b && strlen(a) > 1000 && !strcmp(a, b),
       "%s: the search index is the same, byte for byte (%zu bytes of dump)", when,
       a ? strlen(a) : 0);
    free(a);
    free(b);
    a = tags_dump(one);
    b = tags_dump(two);
    ok(a && b && strlen(a) > 100 && !strcmp(a, b),
       "%s: the same districts, topics and event dates (%zu bytes of dump)", when,
       a ? strlen(a) : 0);
    free(a);
    free(b);
    a = tables_dump(one);
    b = tables_dump(two);
    ok(a && b && !strcmp(a, b), "%s: the same articles, facts and jumps", when);
    free(a);
    free(b);
}

static void test_the_same_archive_on_one_thread_or_two(void)
{
    const char *srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
    char corpus[512], tagged[512];
    snprintf(corpus, sizeof corpus, "%s/corpus", srcdir);
    snprintf(tagged, sizeof tagged, "%s/tests/data/tag", srcdir);
    const char *one = in_dir("one.db"), *two = in_dir("two.db"), *many = in_dir("many");
    if (!make_many(srcdir, many)) {
        printf("Bail out! cannot make %s\n", many);
        exit(1);
    }
    bulletin_buf log_one = BULLETIN_BUF_INIT, log_two = BULLETIN_BUF_INIT;
    index_into(one, corpus, 1, &log_one);
    index_into(two, corpus, 0, &log_two);
    compare(one, two, "the sample corpus");
    /* Many files, more files, then the same folders again: replaced and
     * unchanged articles (FTS5 deletes old text, which is not in the
     * cache). */
    index_into(one, many, 1, &log_one);
    index_into(two, many, 0, &log_two);
    compare(one, two, "many files");
    index_into(one, tagged, 1, &log_one);
    index_into(two, tagged, 0, &log_two);
    index_into(one, corpus, 1, &log_one);
    index_into(two, corpus, 0, &log_two);
    /* Runs of unchanged files (which the read-ahead stops tagging ahead)
     * and changed ones (which it tags again). */
    for (int k = 0; k < MANY_FILES; k += 100)
        for (int i = k; i < k + 3; i++)
            if (!write_many(srcdir, many, i, 1))
                printf("# cannot rewrite file %d of %s\n", i, many);
    index_into(one, many, 1, &log_one);
    index_into(two, many, 0, &log_two);
    compare(one, two, "a second pass");
    ok(log_one.data && strstr(log_one.data, " +0 ~3 =") && strstr(log_one.data, " +0 ~0 ="),
       "the second pass found unchanged and changed files");
    ok(log_one.data && log_two.data && strstr(log_one.data, "2010-06-01-p9.txt") &&
           strstr(log_one.data, "2011-01-01-p9.xml") && strstr(log_one.data, "2011-06-01-undated.txt"),
       "the failing files were reported");
    ok(log_one.data && log_two.data && !strcmp(log_one.data, log_two.data),
       "every file was reported alike and in the same order (%zu bytes of reports)",
       log_one.len);
    bulletin_buf_free(&log_one);
    bulletin_buf_free(&log_two);
    remove_many(many);
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
    bulletin__pretok_wait_for_all(p);
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
    test_the_same_archive_on_one_thread_or_two();
    test_the_cache_replays_what_the_tokenizer_emits();
    const char *names[] = { "one.db", "one.db-wal", "one.db-shm", "two.db", "two.db-wal",
                            "two.db-shm" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        unlink(in_dir(names[i]));
    rmdir(dir);
    return tap_done();
}
