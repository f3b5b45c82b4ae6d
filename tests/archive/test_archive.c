/* test_archive.c - the archive file and search through the public API,
 * on a real SQLite file on disk. */
#include "config.h"

#include <bulletin.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fts5_tokenizer.h"
#include "tap.h"

static char dir[] = "/tmp/bulletin-test-archive-XXXXXX";

static char *path_in_dir(const char *name)
{
    static char buf[8][256];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static int64_t add(bulletin_archive *a, const char *key, const char *headline,
                   const char *body)
{
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.key = key;
    art.issue_date = "2017-12-12";
    art.page = 2;
    art.headline = headline;
    art.body = body;
    int64_t id = 0;
    if (bulletin_archive_add_article(a, &art, &id, NULL) != BULLETIN_OK)
        printf("# add failed: %s\n", bulletin_error_last()->message);
    return id;
}

static bulletin_results *search(bulletin_archive *a, const char *q)
{
    bulletin_results *r = NULL;
    if (bulletin_archive_search(&r, a, q, NULL) != BULLETIN_OK)
        printf("# search '%s' failed: %s\n", q, bulletin_error_last()->message);
    return r;
}

/* The highlighted text of hit i, span k. */
static const char *highlighted(bulletin_results *r, size_t i, size_t k)
{
    static char buf[256];
    const bulletin_hit *h = bulletin_results_hit(r, i);
    if (!h || k >= h->highlight_count)
        return "";
    snprintf(buf, sizeof buf, "%.*s", (int)(h->highlights[k].end - h->highlights[k].start),
             h->snippet + h->highlights[k].start);
    return buf;
}

static void test_cross_script_search_highlights_original(bulletin_archive *a)
{
    int64_t trad = add(a, "t1", "工會新聞", "各級工會要以學習貫徹為首要政治任務，發揮聯繫群眾的橋樑紐帶作用。");
    int64_t simp = add(a, "s1", "工会新闻", "西城区总工会“暖心驿站”挂牌仪式在德胜街道工会服务站举行。");
    bulletin_results *r = search(a, "联系群众");
    ok(r && bulletin_results_total(r) == 1 && bulletin_results_hit(r, 0)->id == trad,
       "a simplified query finds the traditional article");
    is_str(highlighted(r, 0, 0), "聯繫群眾", "and highlights it in traditional script");
    bulletin_results_free(r);
    r = search(a, "暖心驛站");
    ok(r && bulletin_results_total(r) == 1 && bulletin_results_hit(r, 0)->id == simp,
       "a traditional query finds the simplified article");
    is_str(highlighted(r, 0, 0), "暖心驿站", "and highlights it in simplified script");
    bulletin_results_free(r);
    r = search(a, "工会");
    is_int(r ? bulletin_results_total(r) : 0, 2, "工会 finds both scripts (inside 总工会 too)");
    bulletin_results_free(r);
}

static void test_subword_recall(bulletin_archive *a)
{
    add(a, "d1", "", "延庆区百泉街道舜泽园社区的路边摆开了展板。");
    bulletin_results *r = search(a, "延庆");
    is_int(r ? bulletin_results_total(r) : 0, 1, "延庆 is found although ICU cuts 延|庆|区");
    bulletin_results_free(r);
    r = search(a, "泉");
    is_int(r ? bulletin_results_total(r) : 0, 1, "a one-character query finds its article");
    is_str(highlighted(r, 0, 0), "泉", "and highlights that character alone, not its bigram");
    bulletin_results_free(r);
    r = search(a, "西城");
    is_int(r ? bulletin_results_total(r) : 0, 1, "西城 is found inside 西城区 (ICU: 西|城区)");
    bulletin_results_free(r);
}

static void test_whole_word_ranks_above_straddling(bulletin_archive *a)
{
    /* Same length, one occurrence each: only the word boundary differs. */
    int64_t straddle = add(a, "r1", "", "化工会议在服务中心召开。");
    int64_t word = add(a, "r2", "", "区总工会在服务中心召开。");
    bulletin_results *r = search(a, "工会 服务");
    ok(r && bulletin_results_count(r) >= 2, "both articles match 工会 服务");
    int64_t first = 0, second = 0;
    for (size_t i = 0; r && i < bulletin_results_count(r); i++) {
        int64_t id = bulletin_results_hit(r, i)->id;
        if (id == word && !first)
            first = id;
        if (id == straddle && first)
            second = id;
    }
    ok(first == word && second == straddle,
       "工会 as a word (总工会) ranks above 工会 across words (化工|会议)");
    bulletin_results_free(r);
}

static void test_a_headline_only_match_is_snippeted_from_the_headline(bulletin_archive *a)
{
    /* Traditional headline, simplified query: the words are in the
     * headline alone, so the snippet is the headline, highlighted in its
     * own script. */
    add(a, "hs1", "馬格里布地區職工來訪", "代表团参观了工人文化宫，双方交流了经验。");
    bulletin_results *r = search(a, "马格里布");
    const bulletin_hit *h = r && bulletin_results_count(r) == 1 ? bulletin_results_hit(r, 0)
                                                                : NULL;
    ok(h && !strcmp(h->snippet, "馬格里布地區職工來訪"),
       "the snippet is the headline: %s", h ? h->snippet : "(no hit)");
    const char *mark = r ? highlighted(r, 0, 0) : NULL;
    ok(h && h->highlight_count == 1 && mark && !strcmp(mark, "馬格里布"),
       "with the matched characters highlighted: %s", mark ? mark : "(none)");
    bulletin_results_free(r);
}

static void test_headline_ranks_above_body(bulletin_archive *a)
{
    int64_t body = add(a, "h1", "职工摄影活动", "会上提到了劳模精神，职工踊跃参加。");
    int64_t head = add(a, "h2", "弘扬劳模精神", "职工踊跃参加摄影活动，会上气氛热烈。");
    bulletin_results *r = search(a, "劳模精神");
    ok(r && bulletin_results_count(r) >= 2 && bulletin_results_hit(r, 0)->id == head &&
           body != head,
       "a headline match ranks above a body match");
    bulletin_results_free(r);
}

static void test_stable_ids_and_no_duplicates(bulletin_archive *a)
{
    int64_t id1 = add(a, "same", "标题", "第一版正文。");
    int64_t id2 = add(a, "same", "标题", "第二版正文，内容更新。");
    is_int(id2, id1, "storing the same key again keeps the id");
    bulletin_article *art = NULL;
    ok(bulletin_archive_get_article(&art, a, id1) == BULLETIN_OK && art &&
           !strcmp(art->body, "第二版正文，内容更新。"),
       "and replaces the text");
    bulletin_article_free(art);
    bulletin_results *r = search(a, "第一版");
    is_int(r ? bulletin_results_total(r) : -1, 0, "the old text is no longer found");
    bulletin_results_free(r);
}

static void test_delete_and_not_found(bulletin_archive *a)
{
    int64_t id = add(a, "del", "", "即将删除的文章。");
    ok(bulletin_archive_delete_article(a, id) == BULLETIN_OK, "delete an article");
    bulletin_article *art = NULL;
    is_int(bulletin_archive_get_article(&art, a, id), BULLETIN_ERROR_NOT_FOUND,
           "a deleted article is not found");
    is_int(bulletin_archive_delete_article(a, id), BULLETIN_ERROR_NOT_FOUND,
           "deleting it again says not found");
    bulletin_results *r = search(a, "删除");
    is_int(r ? bulletin_results_total(r) : -1, 0, "its text is gone from the index");
    bulletin_results_free(r);
}

static void test_invalid_articles_rejected(bulletin_archive *a)
{
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.body = "正文";
    art.issue_date = "2017-13-40";
    is_int(bulletin_archive_add_article(a, &art, NULL, NULL), BULLETIN_ERROR_INVALID_ARGUMENT,
           "a malformed issue date is refused");
    art.issue_date = NULL;
    art.body = NULL;
    is_int(bulletin_archive_add_article(a, &art, NULL, NULL), BULLETIN_ERROR_INVALID_ARGUMENT,
           "an article without a body is refused");
}

static void test_query_errors_are_query_errors(bulletin_archive *a)
{
    bulletin_results *r = NULL;
    is_int(bulletin_archive_search(&r, a, "(西城", NULL), BULLETIN_ERROR_QUERY,
           "a malformed query is a query error");
    ok(!strstr(bulletin_error_last()->message, "fts5") &&
           !strstr(bulletin_error_last()->message, "SQL"),
       "the message is ours, not SQLite's: %s", bulletin_error_last()->message);
    ok(r == NULL, "no results on error");
}

static void test_paging(bulletin_archive *a)
{
    bulletin_search_options opts = BULLETIN_SEARCH_OPTIONS_INIT;
    opts.limit = 1;
    opts.offset = 1;
    bulletin_results *r = NULL;
    ok(bulletin_archive_search(&r, a, "工会", &opts) == BULLETIN_OK && r &&
           bulletin_results_count(r) == 1 && bulletin_results_total(r) > 1,
       "limit and offset page through the hits, total stays the full count");
    bulletin_results_free(r);
}

/* FTS5's own consistency check of the index against the stored text,
 * after adds, replacements and deletes in one archive. */
static void test_index_consistent_with_text(void)
{
    sqlite3 *db;
    sqlite3_open(path_in_dir("main.db"), &db);
    bulletin__fts5_register(db);
    int rc = sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                          NULL, NULL, NULL);
    ok(rc == SQLITE_OK, "FTS5 integrity-check passes after adds, updates and deletes (%s)",
       sqlite3_errmsg(db));
    sqlite3_stmt *stmt;
    sqlite3_prepare_v2(db, "SELECT (SELECT count(*) FROM articles), "
                           "(SELECT count(*) FROM articles_fts_docsize)", -1, &stmt, NULL);
    sqlite3_step(stmt);
    is_int(sqlite3_column_int(stmt, 1), sqlite3_column_int(stmt, 0),
           "the index holds exactly one entry per stored article");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

static void test_open_errors(void)
{
    bulletin_archive *a = NULL;
    /* A text file is not an archive. */
    FILE *f = fopen(path_in_dir("notes.txt"), "w");
    fputs("这不是数据库，只是一段文字。\n", f);
    fclose(f);
    is_int(bulletin_archive_open(&a, path_in_dir("notes.txt"), 0), BULLETIN_ERROR_ARCHIVE,
           "a text file is not an archive");
    ok(strstr(bulletin_error_last()->message, "notes.txt") != NULL,
       "the error names the file: %s", bulletin_error_last()->message);
    /* Another application's SQLite database. */
    sqlite3 *db;
    sqlite3_open(path_in_dir("other.db"), &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(db);
    is_int(bulletin_archive_open(&a, path_in_dir("other.db"), 0), BULLETIN_ERROR_ARCHIVE,
           "another SQLite database is not an archive");
    /* A newer schema. */
    ok(bulletin_archive_open(&a, path_in_dir("newer.db"), BULLETIN_OPEN_CREATE) == BULLETIN_OK,
       "create an archive");
    bulletin_archive_close(a);
    sqlite3_open(path_in_dir("newer.db"), &db);
    sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL);
    sqlite3_close(db);
    is_int(bulletin_archive_open(&a, path_in_dir("newer.db"), 0), BULLETIN_ERROR_VERSION,
           "an archive from a newer version gives a version error");
    ok(strstr(bulletin_error_last()->message, "newer") != NULL, "saying so: %s",
       bulletin_error_last()->message);
    is_int(bulletin_archive_open(&a, path_in_dir("missing.db"), 0), BULLETIN_ERROR_IO,
           "a missing archive without CREATE is an I/O error");
    is_int(bulletin_archive_open(&a, path_in_dir("missing.db"), BULLETIN_OPEN_READONLY),
           BULLETIN_ERROR_IO, "also when opened read-only");
}

static void test_readonly(void)
{
    bulletin_archive *a = NULL;
    ok(bulletin_archive_open(&a, path_in_dir("main.db"), BULLETIN_OPEN_READONLY) == BULLETIN_OK,
       "open read-only");
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.body = "正文";
    is_int(bulletin_archive_add_article(a, &art, NULL, NULL), BULLETIN_ERROR_READONLY,
           "writing to a read-only archive is refused");
    bulletin_archive_stats s;
    ok(bulletin_archive_stats_get(&s, a) == BULLETIN_OK && s.articles > 5 &&
           !strcmp(s.first_date, "2017-12-12"),
       "stats count the articles (%lld) and dates", (long long)s.articles);
    bulletin_archive_close(a);
}

int main(void)
{
    if (!mkdtemp(dir)) {
        puts("Bail out! cannot make a temporary folder");
        return 1;
    }
    bulletin_archive *a = NULL;
    if (bulletin_archive_open(&a, path_in_dir("main.db"), BULLETIN_OPEN_CREATE) != BULLETIN_OK) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        return 1;
    }
    test_cross_script_search_highlights_original(a);
    test_subword_recall(a);
    test_whole_word_ranks_above_straddling(a);
    test_headline_ranks_above_body(a);
    test_a_headline_only_match_is_snippeted_from_the_headline(a);
    test_stable_ids_and_no_duplicates(a);
    test_delete_and_not_found(a);
    test_invalid_articles_rejected(a);
    test_query_errors_are_query_errors(a);
    test_paging(a);
    bulletin_archive_close(a);
    test_index_consistent_with_text();
    test_open_errors();
    test_readonly();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        puts("# could not remove the temporary folder");
    return tap_done();
}
