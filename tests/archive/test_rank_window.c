/* test_rank_window.c - relevance on large result sets: bulletin_rank()
 * scores as FTS5's bm25 does, and a search ranks only its newest
 * rank_window matches, estimating the total, unless asked for facets or
 * for every match. */
#include "config.h"

#include <bulletin.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "facets.h"
#include "fts5_tokenizer.h"
#include "internal.h"
#include "rank.h"
#include "tap.h"

static char dir[] = "/tmp/bulletin-test-rank-XXXXXX";

static char *path_in_dir(const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

/* ---- bulletin_rank() against bm25(), on a plain FTS5 table */

/* A table of `rows` short texts; row i holds 工会 when i % every == 0 and
 * 劳模 when i % 7 == 0, and varies in length so that length counts. */
static sqlite3 *table_of(const char *name, int rows, int every)
{
    sqlite3 *db = NULL;
    if (sqlite3_open(path_in_dir(name), &db) != SQLITE_OK ||
        bulletin__fts5_register(db) != SQLITE_OK ||
        sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(body, headline, "
                     "tokenize='bulletin'); BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
        printf("# cannot make the table: %s\n", db ? sqlite3_errmsg(db) : "no memory");
        return db;
    }
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db, "INSERT INTO t(rowid, body, headline) VALUES (?, ?, ?)", -1, &ins,
                       NULL);
    for (int i = 1; i <= rows; i++) {
        char body[512] = "", headline[64] = "新闻";
        for (int k = 0; k < 1 + i % 5; k++)
            strcat(body, "北京市职工参加活动。");
        if (i % every == 0)
            strcat(body, "工会");
        if (i % 7 == 0)
            strcat(body, "劳模");
        if (i % 13 == 0)   /* 工会 straddling ICU's words: 化工|会议 */
            strcat(body, "化工会议");
        if (i % 17 == 0)   /* 总工会 as a word, and cut in other ways */
            strcat(body, "区总工会召开会议。");
        if (i % 19 == 0)
            strcat(body, "总工会计划总工会员。");
        if (i % 11 == 0)
            strcpy(headline, "工会新闻");
        sqlite3_bind_int(ins, 1, i);
        sqlite3_bind_text(ins, 2, body, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(ins, 3, headline, -1, SQLITE_TRANSIENT);
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    return db;
}

/* bm25's score of every row matching `theirs`, and bulletin_rank's (with
 * phrase roles `roles`) of every row matching `ours`, by rowid; the count,
 * or -1 if the two queries match different rows. */
static int scores(sqlite3 *db, const char *theirs, const char *ours_match, const char *roles,
                  double *bm25, double *ours, int max)
{
    sqlite3_stmt *a, *b;
    if (sqlite3_prepare_v2(db, "SELECT rowid, bm25(t, 1.0, 10.0) FROM t WHERE t MATCH ?"
                           " ORDER BY rowid", -1, &a, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "SELECT rowid, bulletin_rank(t, (SELECT max(rowid) FROM t), ?,"
                           " NULL, 1.0, 10.0) FROM t WHERE t MATCH ? ORDER BY rowid", -1, &b,
                           NULL) != SQLITE_OK) {
        printf("# %s\n", sqlite3_errmsg(db));
        return -1;
    }
    sqlite3_bind_text(a, 1, theirs, -1, SQLITE_STATIC);
    sqlite3_bind_text(b, 1, roles, -1, SQLITE_STATIC);
    sqlite3_bind_text(b, 2, ours_match, -1, SQLITE_STATIC);
    int n = 0, ra, rb = SQLITE_DONE;
    while ((ra = sqlite3_step(a)) == SQLITE_ROW && (rb = sqlite3_step(b)) == SQLITE_ROW &&
           n < max) {
        if (sqlite3_column_int64(a, 0) != sqlite3_column_int64(b, 0)) {
            n = -1;
            break;
        }
        bm25[n] = sqlite3_column_double(a, 1);
        ours[n++] = sqlite3_column_double(b, 1);
    }
    if (n >= 0 && n < max && (ra != SQLITE_DONE || sqlite3_step(b) != SQLITE_DONE))
        n = -1;   /* an error, or one query has rows the other lacks */
    if (n < 0)
        printf("# %s / %s: %s\n", theirs, ours_match, sqlite3_errmsg(db));
    sqlite3_finalize(a);
    sqlite3_finalize(b);
    return n;
}

static int count_differing(const double *bm25, const double *ours, int n)
{
    int differ = 0;
    for (int i = 0; i < n; i++)
        differ += fabs(bm25[i] - ours[i]) > 1e-9 * fabs(bm25[i]);
    return differ;
}

static void test_bulletin_rank_is_bm25_when_phrases_are_rarer_than_the_sample(void)
{
    sqlite3 *db = table_of("small.db", 600, 2);
    static double bm25[1000], ours[1000];
    int n = scores(db, "\"工会\" OR \"劳模\"", "\"工会\" OR \"劳模\"", "", bm25, ours, 1000);
    ok(n > 300, "the query matches %d rows", n);
    is_int(count_differing(bm25, ours, n), 0,
           "bulletin_rank gives bm25's score on every row (IDF counted exactly)");
    sqlite3_close(db);
}

/* A word of one or two bigrams is asked for in each choice of its
 * bigrams' forms apart (compile.c); bulletin_rank scores the group as bm25
 * scores the whole-word form beside the plain word. */
static void test_a_word_in_its_forms_apart_scores_as_bm25_of_the_plain_pair(void)
{
    sqlite3 *db = table_of("forms.db", 600, 5);
    static double bm25[1000], ours[1000];
    int n = scores(db, "(\"\x01工会\" OR \"工会\") AND \"劳模\"",
                   "(\"\x01工会\" OR \"\x02" "A工会\") AND \"劳模\"", "pjp", bm25, ours, 1000);
    ok(n > 10, "both forms match the same %d rows", n);
    is_int(count_differing(bm25, ours, n), 0, "and every row scores as bm25 scores the pair");
    /* A word of two bigrams: its four choices of forms. */
    n = scores(db, "(\"\x01总工会\" OR \"总工会\")",
               "(\"\x01总工会\" OR \"\x02" "A总工会\" OR \"\x02" "B总工会\" OR \"\x02" "C总工会\")", "pjjj",
               bm25, ours, 1000);
    ok(n > 40, "a word of three characters in its four choices of forms matches the same %d rows",
       n);
    is_int(count_differing(bm25, ours, n), 0, "and every row scores as bm25 scores the pair");
    sqlite3_close(db);
}

static void test_a_word_in_its_forms_apart_finds_it_across_words_too(void)
{
    sqlite3 *db = table_of("across.db", 600, 5);
    static double bm25[1000], ours[1000];
    int n = scores(db, "\"工会\"", "\"\x01工会\" OR \"\x02" "A工会\"", "pj", bm25, ours, 1000);
    int expected = 0;
    for (int i = 1; i <= 600; i++)
        expected += i % 5 == 0 || i % 11 == 0 || i % 13 == 0 || i % 17 == 0 || i % 19 == 0;
    is_int(n, expected, "the word alone: the rows holding it across words are found too");
    sqlite3_close(db);
}

/* Lower is better: every row holding 工会 as a word (in the body only)
 * scores below every row holding it only across words. */
static void test_a_word_ranks_above_the_same_letters_across_words(void)
{
    sqlite3 *db = table_of("ranks.db", 600, 5);
    sqlite3_stmt *stmt;
    double worst_word = -1e9, best_across = 1e9;
    if (sqlite3_prepare_v2(db, "SELECT rowid, bulletin_rank(t, 600, 'pj', NULL, 1.0, 10.0) FROM t"
                           " WHERE t MATCH '\"\x01工会\" OR \"\x02" "A工会\"'", -1, &stmt,
                           NULL) == SQLITE_OK) {
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(stmt, 0);
            double score = sqlite3_column_double(stmt, 1);
            if (id % 11 == 0 || id % 17 == 0 || id % 19 == 0)
                continue;   /* the headline's 工会 counts more; 总工会 */
            if (id % 5 == 0 && score > worst_word)
                worst_word = score;
            if (id % 5 != 0 && score < best_across)
                best_across = score;
        }
        sqlite3_finalize(stmt);
    }
    ok(worst_word < best_across && best_across < 1e9,
       "a word ranks above the same letters across words (worst %.3f, best %.3f)",
       worst_word, best_across);
    sqlite3_close(db);
}

static void test_bulletin_rank_estimates_common_phrases_within_a_few_per_cent(void)
{
    /* 工会 in 4,000 of 8,000 rows: past the 1,024-row sample, so its IDF
     * comes from the sample's density. */
    sqlite3 *db = table_of("large.db", 8000, 2);
    static double bm25[8000], ours[8000];
    int n = scores(db, "(\"\x01工会\" OR \"工会\") AND \"劳模\"",
                   "(\"\x01工会\" OR \"\x02" "A工会\") AND \"劳模\"", "pjp", bm25, ours, 8000);
    ok(n > 500, "the query matches %d rows", n);
    double worst = 0;
    int order_kept = 1;
    for (int i = 0; i < n; i++) {
        double rel = fabs(bm25[i] - ours[i]) / fabs(bm25[i]);
        if (rel > worst)
            worst = rel;
        for (int j = i + 1; j < n && j < i + 50; j++)   /* neighbours' order */
            if ((bm25[i] < bm25[j] - 1e-9 && ours[i] > ours[j] + 1e-9) ||
                (bm25[i] > bm25[j] + 1e-9 && ours[i] < ours[j] - 1e-9))
                order_kept = 0;
    }
    ok(worst < 0.05, "scores within 5%% of bm25's (worst %.4f)", worst);
    ok(order_kept, "and rows rank in the same order");
    sqlite3_close(db);
}

/* ---- the rank window through the public API */

static bulletin_archive *archive;

/* 120 articles, one a day from 2001-01-01; the even ones mention 工会
 * (60 matches).  Article 2 (the oldest match) has 工会 in its headline
 * three times over, and so does article 100. */
static void fill_archive(void)
{
    if (bulletin_archive_open(&archive, path_in_dir("window.db"), BULLETIN_OPEN_CREATE)) {
        printf("# %s\n", bulletin_error_last()->message);
        return;
    }
    for (int i = 1; i <= 120; i++) {
        char date[16], key[16], body[256], headline[64];
        snprintf(date, sizeof date, "2001-%02d-%02d", 1 + (i - 1) / 28, 1 + (i - 1) % 28);
        snprintf(key, sizeof key, "a%d", i);
        snprintf(body, sizeof body, "第%d篇。北京市职工参加活动，大家都很高兴。%s", i,
                 i % 2 == 0 ? "工会组织了这次活动。" : "");
        snprintf(headline, sizeof headline, "%s", i == 2 || i == 100 ? "工会工会工会" : "新闻");
        bulletin_article art = BULLETIN_ARTICLE_INIT;
        art.key = key;
        art.issue_date = date;
        art.page = 1;
        art.position = 1;
        art.headline = headline;
        art.body = body;
        if (bulletin_archive_add_article(archive, &art, NULL, NULL))
            printf("# %s\n", bulletin_error_last()->message);
    }
}

static bulletin_results *search(const char *q, size_t window, int facets, bulletin_sort sort)
{
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.rank_window = window;
    o.facets = facets;
    o.sort = sort;
    o.limit = 5;
    bulletin_results *r = NULL;
    if (bulletin_archive_search(&r, archive, q, &o))
        printf("# search failed: %s\n", bulletin_error_last()->message);
    return r;
}

static void test_a_query_within_the_window_is_counted_exactly(void)
{
    bulletin_results *r = search("工会", 0, 0, BULLETIN_SORT_RELEVANCE);
    is_int(bulletin_results_total(r), 60, "60 matches, fewer than the default window");
    ok(bulletin_results_total_is_exact(r), "counted exactly");
    is_int(bulletin_results_hit(r, 0)->id, 100, "the newer of the two headline matches first");
    is_int(bulletin_results_hit(r, 1)->id, 2, "then the older");
    bulletin_results_free(r);
}

static void test_beyond_the_window_the_newest_matches_are_ranked_and_the_total_estimated(void)
{
    bulletin_results *r = search("工会", 20, 0, BULLETIN_SORT_RELEVANCE);
    ok(!bulletin_results_total_is_exact(r), "the total is said to be an estimate");
    size_t total = bulletin_results_total(r);
    ok(total >= 54 && total <= 66, "estimated within 10%% of the 60 matches (%zu)", total);
    /* The window is the 20 newest matches: ids 82..120. */
    int outside = 0;
    for (size_t i = 0; i < bulletin_results_count(r); i++)
        outside += bulletin_results_hit(r, i)->id < 82;
    is_int(outside, 0, "every hit is one of the 20 newest matches");
    is_int(bulletin_results_hit(r, 0)->id, 100, "ranked by relevance inside the window");
    bulletin_results_free(r);

    r = search("工会", BULLETIN_RANK_ALL, 0, BULLETIN_SORT_RELEVANCE);
    ok(bulletin_results_total_is_exact(r) && bulletin_results_total(r) == 60,
       "BULLETIN_RANK_ALL counts every match");
    is_int(bulletin_results_hit(r, 1)->id, 2, "and ranks the oldest headline match too");
    bulletin_results_free(r);
}

static void test_a_date_bounded_estimate_reaches_back_through_those_dates_only(void)
{
    /* 2001-04-01 on: ids 85..120, of which the 18 even ones match. */
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.rank_window = 5;
    o.limit = 5;
    o.date_from = "2001-04";
    for (int indexed = 0; indexed < 2; indexed++) {
        bulletin__facet_index_after = indexed ? 0 : (size_t)-1;
        if (indexed) {   /* load the in-memory index */
            bulletin_search_options f = BULLETIN_SEARCH_OPTIONS_INIT;
            f.facets = 1;
            bulletin_results *r = NULL;
            bulletin_archive_search(&r, archive, "工会", &f);
            bulletin_results_free(r);
        }
        bulletin_results *r = NULL;
        bulletin_archive_search(&r, archive, "工会", &o);
        size_t total = bulletin_results_total(r);
        ok(!bulletin_results_total_is_exact(r) && total >= 14 && total <= 24,
           "%s: 18 matches since 2001-04 estimated as %zu, not over the whole archive",
           indexed ? "from the in-memory index" : "in SQL", total);
        bulletin_results_free(r);
    }
    bulletin__facet_index_after = 20000;
}

static void test_facets_and_date_order_always_count_every_match(void)
{
    bulletin_results *r = search("工会", 20, 1, BULLETIN_SORT_RELEVANCE);
    ok(bulletin_results_total_is_exact(r) && bulletin_results_total(r) == 60,
       "with facets the total is exact");
    size_t n;
    const bulletin_facet_count *years = bulletin_results_facet(r, BULLETIN_FACET_YEAR, &n);
    ok(n == 1 && years[0].count == 60, "and so are the facet counts");
    is_int(bulletin_results_hit(r, 0)->id, 100, "hits still come from the window");
    bulletin_results_free(r);

    r = search("工会", 20, 0, BULLETIN_SORT_DATE_ASC);
    ok(bulletin_results_total_is_exact(r) && bulletin_results_total(r) == 60,
       "sorting by date counts every match");
    is_int(bulletin_results_hit(r, 0)->id, 2, "oldest first");
    bulletin_results_free(r);
}

/* The ids of r's hits, and its total, as text (static). */
static const char *hit_ids(const bulletin_results *r)
{
    static char out[256];
    int len = snprintf(out, sizeof out, "%zu:", r ? bulletin_results_total(r) : 0);
    for (size_t i = 0; r && i < bulletin_results_count(r) && len < (int)sizeof out - 12; i++)
        len += snprintf(out + len, sizeof out - (size_t)len, " %lld",
                        (long long)bulletin_results_hit(r, i)->id);
    return out;
}

static void test_a_handle_that_read_many_matches_by_date_loads_the_index_for_the_next(void)
{
    bulletin__facet_index_after = 50;   /* 工会 has 60 matches, 第1篇 one */
    bulletin_archive *kept = NULL;
    if (bulletin_archive_open(&kept, path_in_dir("window.db"), BULLETIN_OPEN_READONLY)) {
        ok(0, "open a second handle: %s", bulletin_error_last()->message);
        return;
    }
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.sort = BULLETIN_SORT_DATE_DESC;
    o.limit = 5;
    bulletin_results *r = NULL;
    char first[256];
    bulletin_archive_search(&r, kept, "第1篇", &o);
    bulletin_results_free(r);
    bulletin_archive_search(&r, kept, "第1篇", &o);
    bulletin_results_free(r);
    ok(!bulletin__tag_index_ready(kept), "reading few matches by date never loads the index");
    bulletin_archive_search(&r, kept, "工会", &o);
    snprintf(first, sizeof first, "%s", hit_ids(r));
    bulletin_results_free(r);
    ok(!bulletin__tag_index_ready(kept), "the first read of many matches by date does not");
    bulletin_archive_search(&r, kept, "工会", &o);
    ok(bulletin__tag_index_ready(kept), "the next one by date loads it");
    is_str(hit_ids(r), first, "and finds the same hits in the same order");
    bulletin_results_free(r);
    bulletin_archive_close(kept);
    bulletin__facet_index_after = 20000;
}

static void test_the_window_grows_to_cover_the_page_asked_for(void)
{
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.rank_window = 10;
    o.offset = 25;
    o.limit = 10;
    bulletin_results *r = NULL;
    is_int(bulletin_archive_search(&r, archive, "工会", &o), BULLETIN_OK, "a page past the window");
    is_int(bulletin_results_count(r), 10, "is full: the window grew to offset + limit");
    bulletin_results_free(r);
}

static void test_version_2_options_get_the_default_window(void)
{
    /* A caller built against version 2 has no rank_window field; what
     * follows its struct must not be read. */
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.version = 2;
    o.rank_window = 1;   /* would shrink the window if it were read */
    bulletin_results *r = NULL;
    is_int(bulletin_archive_search(&r, archive, "工会", &o), BULLETIN_OK, "version 2 options");
    ok(bulletin_results_total_is_exact(r) && bulletin_results_total(r) == 60,
       "rank with the default window");
    bulletin_results_free(r);
}

/* ---- the in-memory index of facts reads matches as SQL's joins do */

/* Everything a search returns, as one string, to compare two searches. */
static char *digest(bulletin_archive *a, const char *q, const bulletin_search_options *o)
{
    bulletin_results *r = NULL;
    bulletin_buf out = BULLETIN_BUF_INIT;
    if (bulletin_archive_search(&r, a, q, o)) {
        bulletin_buf_printf(&out, "error %s", bulletin_error_last()->message);
        return bulletin_buf_detach(&out);
    }
    bulletin_buf_printf(&out, "total %zu%s;", bulletin_results_total(r),
                        bulletin_results_total_is_exact(r) ? "" : "~");
    for (size_t i = 0; i < bulletin_results_count(r); i++) {
        const bulletin_hit *h = bulletin_results_hit(r, i);
        bulletin_buf_printf(&out, " %lld/%s/%d/%.6f", (long long)h->id, h->issue_date, h->page,
                            h->score);
    }
    for (int f = 0; f < BULLETIN_FACET_LAST; f++) {
        size_t n;
        const bulletin_facet_count *c = bulletin_results_facet(r, f, &n);
        for (size_t i = 0; i < n; i++)
            bulletin_buf_printf(&out, " %d:%s=%zu", f, c[i].value, c[i].count);
    }
    bulletin_results_free(r);
    return bulletin_buf_detach(&out);
}

static void test_the_in_memory_facts_read_as_the_sql_joins_do(void)
{
    const char *srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
    char corpus[1024], pages[1024];
    snprintf(corpus, sizeof corpus, "%s/corpus", srcdir);
    snprintf(pages, sizeof pages, "%s/tests/data/tag", srcdir);
    bulletin_archive *plain = NULL, *indexed = NULL;
    char db[300];
    snprintf(db, sizeof db, "%s", path_in_dir("corpus.db"));
    if (bulletin_archive_open(&plain, db, BULLETIN_OPEN_CREATE) ||
        bulletin_archive_index(plain, corpus, NULL, NULL) ||
        bulletin_archive_index(plain, pages, NULL, NULL) ||
        bulletin_archive_open(&indexed, db, BULLETIN_OPEN_READONLY)) {
        printf("# %s\n", bulletin_error_last()->message);
        ok(0, "index the corpus");
        return;
    }
    /* `indexed` loads the index at its first search with facets. */
    bulletin__facet_index_after = 0;
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.facets = 1;
    free(digest(indexed, "工会", &o));
    bulletin__facet_index_after = (size_t)-1;   /* `plain` never does */
    ok(bulletin__tag_index_ready(indexed) && !bulletin__tag_index_ready(plain),
       "one handle has the index, the other not");

    /* Words that find continuations (linked to their articles on other
     * pages), advertisements, and articles of several dates. */
    /* And the query's own district:, topic: and date: fields, which the
     * index serves as facts when they are plain, SQL when not. */
    static const char *const queries[] = {
        "工会", "职工", "啤酒", "北京", "驿站 OR 劳模", "",
        "工会 district:西城", "职工 topic:文体活动 date:2017-12", "district:东城 topic:工会改革",
        "北京 date:2017-12-19..2018-01-31", "工会 -district:西城", "district:西城 district:东城",
        "工会 district:宣武 date:2017",
        /* Every operator and phrase shape of the expression, which a read
         * of every match as a set (bulletin_match_set) must follow. */
        "工会 -北京", "(职工 OR 劳模) -啤酒 -驿站", "headline:工会", "\"北京市总工会\"", "会",
        "职工 OR (工会 -北京)",
    };
    /* District and topic options too: the index tests them as bits. 密云
     * is a district no article is about. */
    static const struct {
        unsigned kinds;
        const char *from, *to;
        int facets;
        size_t window;
        const char *district, *topic;
        bulletin_sort sort;
    } options[] = {
        { 0, NULL, NULL, 0, 0, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { 0, NULL, NULL, 1, 2, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { BULLETIN_KINDS_ALL, NULL, NULL, 1, 0, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { BULLETIN_KIND_BIT(BULLETIN_KIND_ADVERTISEMENT), NULL, NULL, 0, 0, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { 0, "2017-12-19", NULL, 1, 0, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { 0, NULL, "2017-12-19", 0, 2, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { 0, "2017-12", "2017-12", 1, BULLETIN_RANK_ALL, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { 0, "2017-12-19", NULL, 1, 2, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { BULLETIN_KINDS_ALL, NULL, "2017-12-19", 1, 2, NULL, NULL, BULLETIN_SORT_RELEVANCE },
        { 0, NULL, NULL, 1, 0, "西城", NULL, BULLETIN_SORT_RELEVANCE },
        { 0, NULL, NULL, 0, 2, NULL, "文体活动", BULLETIN_SORT_RELEVANCE },
        { 0, "2017-12-19", NULL, 0, 2, "宣武", NULL, BULLETIN_SORT_RELEVANCE },
        { BULLETIN_KINDS_ALL, NULL, NULL, 1, 0, "东城区", "工会改革", BULLETIN_SORT_RELEVANCE },
        { 0, NULL, NULL, 1, 2, "密云", NULL, BULLETIN_SORT_RELEVANCE },
        /* Sorted by date, every match is read, as a set when the
         * expression has no AND. */
        { 0, NULL, NULL, 0, 0, NULL, NULL, BULLETIN_SORT_DATE_DESC },
        { 0, "2017-12-19", NULL, 1, 0, NULL, NULL, BULLETIN_SORT_DATE_ASC },
        { BULLETIN_KINDS_ALL, NULL, NULL, 0, 0, "西城", NULL, BULLETIN_SORT_DATE_DESC },
    };
    int differ = 0, compared = 0;
    /* Every match read as the set of each phrase's rows only when the
     * expression has no AND, and counted on one core (0); or always read
     * as a set, and counted on two (1). */
    for (int sets = 0; sets < 2; sets++)
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++)
        for (size_t k = 0; k < sizeof options / sizeof options[0]; k++) {
            bulletin__set_read_after = sets ? 0 : (size_t)-1;
            bulletin__threaded_count_after = sets ? 0 : (size_t)-1;
            o = (bulletin_search_options)BULLETIN_SEARCH_OPTIONS_INIT;
            o.kinds = options[k].kinds;
            o.date_from = options[k].from;
            o.date_to = options[k].to;
            o.facets = options[k].facets;
            o.rank_window = options[k].window;
            o.district = options[k].district;
            o.topic = options[k].topic;
            o.sort = options[k].sort;
            o.limit = options[k].window == 2 ? 1 : 50;   /* a window of 2 stays 2 */
            char *a = digest(plain, queries[i], &o), *b = digest(indexed, queries[i], &o);
            compared += strncmp(a, "total 0;", 8) != 0;
            if (strcmp(a, b)) {
                differ++;
                printf("#   %s (options %zu, sets %d)\n#   sql:    %s\n#   memory: %s\n",
                       queries[i], k, sets, a, b);
            }
            free(a);
            free(b);
        }
    ok(compared > 50, "%d of the searches find something", compared);
    is_int(differ, 0, "every search gives the same hits, totals and facets, read row by row "
           "or as sets of its phrases' rows, counted on one core or two, in any order");
    bulletin__facet_index_after = 20000;
    bulletin__threaded_count_after = 100000;
    bulletin__set_read_after = 100000;
    bulletin_archive_close(indexed);
    bulletin_archive_close(plain);
}

/* ---- forms apart that no article holds are left out of a search */

static size_t total_of(bulletin_archive *a, const char *q, bulletin_sort sort)
{
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.sort = sort;
    bulletin_results *r;
    if (bulletin_archive_search(&r, a, q, &o)) {
        printf("# %s: %s\n", q, bulletin_error_last()->message);
        return (size_t)-1;
    }
    size_t n = bulletin_results_total(r);
    bulletin_results_free(r);
    return n;
}

static bool add_text(bulletin_archive *a, const char *key, const char *body)
{
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.key = key;
    art.issue_date = "2020-01-01";
    art.headline = "消息";
    art.body = body;
    return bulletin_archive_add_article(a, &art, NULL, NULL) == BULLETIN_OK;
}

static void test_a_form_no_article_holds_is_looked_for_again_at_the_next_search(void)
{
    /* ICU cuts 北京市|总|工会 (总工会 with 总工 across words: form A) and
     * 总|工|会员 (both bigrams across words: form C). */
    bulletin_archive *a;
    if (bulletin_archive_open(&a, path_in_dir("forms-apart.db"), BULLETIN_OPEN_CREATE)) {
        ok(0, "open: %s", bulletin_error_last()->message);
        return;
    }
    ok(add_text(a, "a", "北京市总工会举办活动。"), "an article with 总工会 in form A");
    is_int(total_of(a, "总工会", BULLETIN_SORT_RELEVANCE), 1, "总工会 finds it, ranked");
    is_int(total_of(a, "总工会", BULLETIN_SORT_DATE_DESC), 1, "and by date");
    ok(add_text(a, "c", "总工会员们参加了活动。"), "then one in form C, which no article held");
    is_int(total_of(a, "总工会", BULLETIN_SORT_RELEVANCE), 2, "the next search finds both");
    is_int(total_of(a, "总工会", BULLETIN_SORT_DATE_DESC), 2, "also by date");
    is_int(total_of(a, "总工会 活动", BULLETIN_SORT_RELEVANCE), 2, "and with another word");
    is_int(total_of(a, "活动 -总工会", BULLETIN_SORT_RELEVANCE), 0, "and left out");
    bulletin_archive_close(a);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    test_bulletin_rank_is_bm25_when_phrases_are_rarer_than_the_sample();
    test_a_word_in_its_forms_apart_scores_as_bm25_of_the_plain_pair();
    test_a_word_in_its_forms_apart_finds_it_across_words_too();
    test_a_word_ranks_above_the_same_letters_across_words();
    test_bulletin_rank_estimates_common_phrases_within_a_few_per_cent();
    fill_archive();
    test_a_query_within_the_window_is_counted_exactly();
    test_beyond_the_window_the_newest_matches_are_ranked_and_the_total_estimated();
    test_a_date_bounded_estimate_reaches_back_through_those_dates_only();
    test_facets_and_date_order_always_count_every_match();
    test_a_handle_that_read_many_matches_by_date_loads_the_index_for_the_next();
    test_the_window_grows_to_cover_the_page_asked_for();
    test_version_2_options_get_the_default_window();
    bulletin_archive_close(archive);
    test_the_in_memory_facts_read_as_the_sql_joins_do();
    test_a_form_no_article_holds_is_looked_for_again_at_the_next_search();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
