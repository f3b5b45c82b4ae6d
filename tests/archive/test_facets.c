/* test_facets.c - districts, topics and dates through the public API, on
 * a real archive file: filters, fields, facets, sorting, hit tags,
 * retagging, and the proof that facet counts never read article rows. */
#include "config.h"

#include <bulletin.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archive.h"
#include "facets.h"
#include "internal.h"
#include "tap.h"

static char dir[] = "/tmp/bulletin-test-facets-XXXXXX";
static bulletin_archive *archive;

static char *path_in_dir(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static bulletin_results *search_opts(const char *q, const bulletin_search_options *o)
{
    bulletin_results *r = NULL;
    if (bulletin_archive_search(&r, archive, q, o) != BULLETIN_OK)
        printf("# search '%s' failed: %s\n", q ? q : "(null)", bulletin_error_last()->message);
    return r;
}

static size_t total(const char *q)
{
    bulletin_results *r = search_opts(q, NULL);
    size_t n = bulletin_results_total(r);
    bulletin_results_free(r);
    return n;
}

/* The headlines of the hits, "|"-separated. */
static const char *headlines(bulletin_results *r)
{
    static char buf[2048];
    buf[0] = '\0';
    for (size_t i = 0; i < bulletin_results_count(r); i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "|" : "",
                 bulletin_results_hit(r, i)->headline);
    return buf;
}

static size_t facet_count(bulletin_results *r, bulletin_facet f, const char *value)
{
    size_t n;
    const bulletin_facet_count *c = bulletin_results_facet(r, f, &n);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(c[i].value, value))
            return c[i].count;
    return 0;
}

static const bulletin_hit *find_hit(bulletin_results *r, const char *headline_part)
{
    for (size_t i = 0; i < bulletin_results_count(r); i++)
        if (strstr(bulletin_results_hit(r, i)->headline, headline_part))
            return bulletin_results_hit(r, i);
    return NULL;
}

static void test_each_story_of_the_sample_page_gets_its_own_district(void)
{
    static const struct { const char *headline, *district; } want[] = {
        { "坚持以党建统领", "石景山区" }, { "西城工会", "西城区" },
        { "丰台职工", "丰台区" },         { "安贞职工", "朝阳区" },
        { "百泉街道", "延庆区" },
    };
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.limit = 100;
    o.date_from = "2017-12-12";
    o.date_to = "2017-12-12";
    o.kinds = BULLETIN_KINDS_ALL;   /* the advertisement too */
    bulletin_results *r = search_opts(NULL, &o);
    is_int(bulletin_results_total(r), 7, "--from/--to alone select the sample page's 7 articles");
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const bulletin_hit *h = find_hit(r, want[i].headline);
        is_str(h ? h->primary_district : "(missing)", want[i].district,
               "sample story %s... is in %s", want[i].headline, want[i].district);
    }
    const bulletin_hit *ad = find_hit(r, "燕京啤酒");
    ok(ad && ad->district_count == 0 && !strcmp(ad->primary_district, ""),
       "the advertisement has no district");
    bulletin_results_free(r);
}

static void test_district_filter_and_historical_names(void)
{
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.district = "宣武";
    o.sort = BULLETIN_SORT_DATE_ASC;
    bulletin_results *r = search_opts("", &o);
    is_str(headlines(r),
           "西城工会为户外劳动者建“避风港”|宣武區工會舉辦職工書法展|西城区工会为环卫工人送温暖|"
           "德胜街道职工健步走迎新年",
           "district 宣武 finds 西城区 articles under either name, by street, in either "
           "script, oldest first");
    bulletin_results_free(r);
    is_int(total("district:西城区 工会"), 4, "district:西城区 with a word");
    is_int(total("district:崇文"), 2, "district:崇文 finds 东城区 (one story about it, one "
                                      "passing mention)");
    is_int(total("district:北京市"), 2, "district:北京市 finds the city-level stories");
    is_int(total("district:海淀 district:丰台"), 1, "the article about two districts is in both");
    is_int(total("district:海淀 OR district:延庆"), 2, "fields combine with OR");
    is_int(total("工会 -district:西城"), 7, "and with -");
    is_int(total("district:西城 -暖心"), 3, "words left out beside a filter");
}

static void test_topic_and_page_and_kind_and_author_fields(void)
{
    is_int(total("topic:劳模与工匠"), 4, "topic: filters by topic");
    is_int(total("topic:劳模与工匠 海淀"), 1, "with a word");
    is_int(total("topic:广告"), 0, "advertisements are left out by default, topic:广告 too");
    is_int(total("topic:广告 kind:advertisement"), 1, "the advertisement has the 广告 topic");
    is_int(total("kind:advertisement"), 1, "kind:advertisement");
    is_int(total("page:3"), 2, "page:3");
    is_int(total("author:张晶"), 3, "author: matches a name of the byline, in either script (one is 張晶)");
    is_int(total("author:马超"), 2, "also one of several authors");
    is_int(total("author:張晶"), 3, "author: in the other script finds the same names");
    is_int(total("author:张"), 0, "author: matches whole names, not a part");
    is_int(total("headline:工会 -headline:西城"), 5, "headline: searches the headline only");
}

static void test_dates(void)
{
    is_int(total("date:2018"), 4, "date:2018");
    is_int(total("date:2017-12"), 8, "date:2017-12 (all but the advertisement)");
    is_int(total("date:2017-12-13..2018-01-02"), 2, "date:A..B");
    is_int(total("date:2018-01.."), 4, "an open range");
    is_int(total("event:2017-12-28"), 2,
           "event:2017-12-28 finds the 2018-01-03 story that says 12月28日 (and one of 近日)");
    is_int(total("event:2019"), 2, "event: over a span of years (2018-2020年, twice)");
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.date_from = "2017-12-13";
    o.sort = BULLETIN_SORT_DATE_DESC;
    o.limit = 1;
    bulletin_results *r = search_opts("工会", &o);
    ok(bulletin_results_total(r) == 5 && !strcmp(bulletin_results_hit(r, 0)->issue_date,
                                                 "2018-01-03"),
       "--from with newest first");
    bulletin_results_free(r);
    o.sort = BULLETIN_SORT_DATE_ASC;
    r = search_opts("工会", &o);
    is_str(r ? bulletin_results_hit(r, 0)->issue_date : "", "2017-12-20", "and oldest first");
    bulletin_results_free(r);
}

static void test_facets_count_all_hits_not_just_the_page(void)
{
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.limit = 1;
    o.facets = 1;
    bulletin_results *r = search_opts("工会", &o);
    is_int(bulletin_results_count(r), 1, "one hit shown");
    is_int(bulletin_results_total(r), 11, "of 11");
    is_int(facet_count(r, BULLETIN_FACET_DISTRICT, "西城区"), 4, "district facet: 西城区 4");
    is_int(facet_count(r, BULLETIN_FACET_DISTRICT, "东城区"), 1, "district facet: 东城区 1");
    is_int(facet_count(r, BULLETIN_FACET_DISTRICT, "北京市"), 2, "district facet: 北京市 2");
    is_int(facet_count(r, BULLETIN_FACET_YEAR, "2017"), 8, "year facet: 2017 8");
    is_int(facet_count(r, BULLETIN_FACET_YEAR, "2018"), 3, "year facet: 2018 3");
    is_int(facet_count(r, BULLETIN_FACET_MONTH, "2017-12"), 8, "month facet: 2017-12");
    is_int(facet_count(r, BULLETIN_FACET_TOPIC, "劳模与工匠"), 3, "topic facet: 劳模与工匠 3");
    size_t n;
    const bulletin_facet_count *d = bulletin_results_facet(r, BULLETIN_FACET_DISTRICT, &n);
    ok(n > 1 && d[0].count >= d[1].count, "district counts come largest first");
    bulletin_results_free(r);
    r = search_opts("工会", NULL);
    ok(bulletin_results_facet(r, BULLETIN_FACET_DISTRICT, &n) == NULL && n == 0,
       "no facets unless asked for");
    bulletin_results_free(r);
}

static void test_hits_carry_their_tags(void)
{
    bulletin_results *r = search_opts("共建劳模创新工作室", NULL);
    const bulletin_hit *h = bulletin_results_hit(r, 0);
    ok(h && h->district_count == 2 && !strcmp(h->primary_district, "海淀区") &&
           !strcmp(h->districts[1].name, "丰台区") &&
           h->districts[0].weight > h->districts[1].weight,
       "districts, heaviest (primary) first");
    ok(h && h->topic_count >= 1 && !strcmp(h->topics[0].name, "劳模与工匠"), "topics");
    ok(h && h->author_count == 2 && !strcmp(h->authors[0], "马超") &&
           !strcmp(h->authors[1], "李明"),
       "authors");
    bulletin_results_free(r);
    r = search_opts("健步走", NULL);
    h = bulletin_results_hit(r, 0);
    ok(h && h->event_date_count == 1 && !strcmp(h->event_dates[0].from, "2017-12-28"),
       "event dates, resolved across the new year");
    bulletin_results_free(r);
}

static void test_an_articles_tags_read_by_id(void)
{
    bulletin_results *r = search_opts("共建劳模创新工作室", NULL);
    const bulletin_hit *h = bulletin_results_hit(r, 0);
    bulletin_article_tags *t = NULL;
    bulletin_status st = h ? bulletin_archive_get_tags(&t, archive, h->id) : BULLETIN_ERROR_INTERNAL;
    ok(st == BULLETIN_OK && t && t->district_count == h->district_count &&
           !strcmp(t->primary_district, "海淀区") && !strcmp(t->districts[1].name, "丰台区") &&
           t->districts[0].weight == h->districts[0].weight,
       "bulletin_archive_get_tags gives the districts a hit has, primary first");
    ok(t && t->topic_count == h->topic_count && !strcmp(t->topics[0].name, h->topics[0].name),
       "and its topics");
    bulletin_article_tags_free(t);
    bulletin_results_free(r);
    r = search_opts("健步走", NULL);
    h = bulletin_results_hit(r, 0);
    t = NULL;
    st = h ? bulletin_archive_get_tags(&t, archive, h->id) : BULLETIN_ERROR_INTERNAL;
    ok(st == BULLETIN_OK && t->event_date_count == 1 &&
           !strcmp(t->event_dates[0].from, "2017-12-28"),
       "and its event dates");
    bulletin_article_tags_free(t);
    bulletin_results_free(r);
    t = (bulletin_article_tags *)1;
    st = bulletin_archive_get_tags(&t, archive, 999999);
    ok(st == BULLETIN_ERROR_NOT_FOUND && t == NULL, "an unknown id is NOT_FOUND");
}

static void expect_query_error(const char *q, const char *needle)
{
    bulletin_results *r = NULL;
    bulletin_status st = bulletin_archive_search(&r, archive, q, NULL);
    const bulletin_error *e = bulletin_error_last();
    ok(st == BULLETIN_ERROR_QUERY && strstr(e->message, needle),
       "'%s' is a query error mentioning '%s'", q, needle);
    if (st != BULLETIN_ERROR_QUERY || !strstr(e->message, needle))
        printf("#   got: %d %s\n", st, e->message);
    bulletin_results_free(r);
}

static void test_wrong_fields_and_values_list_the_valid_ones(void)
{
    expect_query_error("district:火星", "东城区、西城区");
    expect_query_error("topic:火星", "党建、工会改革");
    expect_query_error("colour:红", "district, topic, date, event, headline, author, page, kind");
    expect_query_error("kind:ad", "news, commentary, advertisement");
    expect_query_error("date:2017-13", "date:2017-12-01..2018-03-31");
    expect_query_error("page:0", "a number from 1");
    expect_query_error("district:", "needs a value");
    expect_query_error("西城 OR district:东城", "combine it with words by AND");
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.district = "火星";
    bulletin_results *r = NULL;
    ok(bulletin_archive_search(&r, archive, "工会", &o) == BULLETIN_ERROR_QUERY &&
           strstr(bulletin_error_last()->message, "西城区"),
       "a wrong district option lists the districts");
    o.district = NULL;
    o.date_to = "2017-02-30";
    ok(bulletin_archive_search(&r, archive, "工会", &o) == BULLETIN_ERROR_QUERY,
       "a wrong --to date is an error");
}

static void test_version_1_options_still_work(void)
{
    /* A caller compiled against version 1 passes the first four fields. */
    struct { unsigned version; size_t limit, offset, snippet_chars; } v1 = { 1, 2, 0, 0 };
    bulletin_results *r = search_opts("工会", (const bulletin_search_options *)(void *)&v1);
    ok(r && bulletin_results_count(r) == 2 && bulletin_results_total(r) == 11,
       "version 1 search options are read as version 1");
    bulletin_results_free(r);
}

/* Every statement a facet search runs, for EXPLAIN QUERY PLAN. */
static char *traced[32];
static size_t ntraced;

static int trace(unsigned type, void *ctx, void *p, void *x)
{
    if (ntraced < 32 && (strstr((const char *)x, "count(") ||
                         !strncmp((const char *)x, "SELECT f.article_id, ", 21)))
        traced[ntraced++] = strdup((const char *)x);
    return 0;
}

/* What the query plan of `sql` reads, one step a line. */
static char *explain(sqlite3 *db, const char *sql)
{
    static char buf[4096];
    char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
    sqlite3_stmt *stmt;
    buf[0] = '\0';
    if (sqlite3_prepare_v2(db, q, -1, &stmt, NULL) == SQLITE_OK) {
        while (sqlite3_step(stmt) == SQLITE_ROW)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s\n",
                     (const char *)sqlite3_column_text(stmt, 3));
        sqlite3_finalize(stmt);
    }
    sqlite3_free(q);
    return buf;
}

static void test_facet_counts_never_read_article_rows(void)
{
    sqlite3_trace_v2(archive->db, SQLITE_TRACE_STMT, trace, NULL);
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.facets = 1;
    o.date_from = "2017";
    bulletin_results *r = search_opts("工会 district:西城 topic:文体活动 event:2017", &o);
    bulletin_results_free(r);
    sqlite3_trace_v2(archive->db, 0, NULL, NULL);
    is_int(ntraced, 3, "one pass over the matches (count, months, hits) and two facet queries ran");
    for (size_t i = 0; i < ntraced; i++) {
        const char *plan = explain(archive->db, traced[i]);
        /* "articles" alone (not articles_fts) would be the wide table. */
        bool reads_articles = false;
        for (const char *p = plan; (p = strstr(p, "articles")); p++)
            reads_articles |= p[8] != '_';
        ok(plan[0] && !reads_articles && strstr(plan, "articles_fts"),
           "match/facet query %zu uses the FTS5 index and narrow tables only", i + 1);
        printf("#   %s\n#   plan:\n", traced[i]);
        for (const char *p = plan; *p;) {
            const char *nl = strchr(p, '\n');
            printf("#     %.*s\n", (int)(nl - p), p);
            p = nl + 1;
        }
        free(traced[i]);
    }
}

/* All the facets of a search as one string, to compare two searches. */
static char *facets_of(const char *query)
{
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.facets = 1;
    o.kinds = BULLETIN_KINDS_ALL;
    bulletin_results *r = search_opts(query, &o);
    bulletin_buf out = BULLETIN_BUF_INIT;
    for (int f = 0; r && f < BULLETIN_FACET_LAST; f++) {
        size_t n;
        const bulletin_facet_count *c = bulletin_results_facet(r, f, &n);
        for (size_t i = 0; i < n; i++)
            bulletin_buf_printf(&out, "%d:%s=%zu ", f, c[i].value, c[i].count);
    }
    bulletin_results_free(r);
    return out.data ? out.data : strdup("");
}

static void test_facets_from_the_tag_index_equal_sql(void)
{
    static const char *const queries[] = { "工会", "职工 OR 劳模", "date:2017", "-啤酒 工会",
                                           "kind:advertisement" };
    for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
        bulletin__facet_index_after = (size_t)-1;   /* SQL */
        char *sql = facets_of(queries[i]);
        bulletin__facet_index_after = 0;            /* the in-memory index */
        char *index = facets_of(queries[i]);
        ok(strlen(sql) > 0 && !strcmp(sql, index), "%s: the tag index counts as SQL does",
           queries[i]);
        if (strcmp(sql, index))
            printf("#   sql:   %s\n#   index: %s\n", sql, index);
        free(sql);
        free(index);
    }
    /* A change to the archive is seen: the index is loaded again. */
    char *before = facets_of("date:2017");
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.key = "tag-index-test";
    art.issue_date = "2017-12-30";
    art.headline = "海淀区职工运动会开幕";
    art.body = "海淀区总工会举办职工运动会。";
    int64_t id = 0;
    bulletin_archive_add_article(archive, &art, &id, NULL);
    char *after_index = facets_of("date:2017");
    bulletin__facet_index_after = (size_t)-1;
    char *after_sql = facets_of("date:2017");
    ok(strcmp(before, after_index) && !strcmp(after_index, after_sql),
       "after an article is added the index counts it too");
    bulletin_archive_delete_article(archive, id);
    bulletin__facet_index_after = 20000;
    free(before);
    free(after_index);
    free(after_sql);
}

/* facets_of(q) in SQL and from the in-memory index, compared. */
static bool counted_alike(const char *q)
{
    bulletin__facet_index_after = (size_t)-1;
    char *sql = facets_of(q);
    bulletin__facet_index_after = 0;
    char *counted = facets_of(q);
    bool same = *sql && !strcmp(sql, counted);
    if (!same)
        printf("#   %s\n#   sql:   %s\n#   index: %s\n", q, sql, counted);
    free(sql);
    free(counted);
    return same;
}

/* An editor's taxonomy may have more topics than one 64-bit word holds:
 * the in-memory index widens every article's set.  An archive it cannot
 * index (ids too sparse) is counted in SQL, and not read for an index
 * again until it changes. */
static void test_a_taxonomy_of_seventy_topics_is_counted_from_the_index(void)
{
    static const char marks[] = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土日月星山川"
                                "河海江湖春夏秋冬东南西北梅兰竹菊琴棋书画诗酒花茶风雨雷电云雾霜雪"
                                "松柏桃李杏桑";
    enum { TOPICS = 70 };
    FILE *f = fopen(path_in_dir("seventy.txt"), "w");
    fputs("min_score 1\n", f);
    for (int i = 0; i < TOPICS; i++)
        fprintf(f, "[主题%02d]\n标志%.3s 1\n", i, marks + 3 * i);
    fclose(f);
    bulletin_archive *many = NULL, *saved = archive;
    bulletin_retag_options ro = BULLETIN_RETAG_OPTIONS_INIT;
    ro.taxonomy = path_in_dir("seventy.txt");
    if (bulletin_archive_open(&many, path_in_dir("seventy.db"), BULLETIN_OPEN_CREATE) ||
        bulletin_archive_retag(many, &ro, NULL)) {
        ok(0, "an archive with 70 topics: %s", bulletin_error_last()->message);
        return;
    }
    /* Article i has topics i and i + 1: every word boundary is crossed. */
    for (int i = 0; i < TOPICS; i++) {
        char body[160], key[16];
        snprintf(body, sizeof body, "第%d篇：工会举办职工活动，标志%.3s，又标志%.3s。", i,
                 marks + 3 * i, marks + 3 * ((i + 1) % TOPICS));
        snprintf(key, sizeof key, "t%d", i);
        bulletin_article art = BULLETIN_ARTICLE_INIT;
        art.key = key;
        art.issue_date = "2018-03-01";
        art.page = 1;
        art.headline = "职工活动";
        art.body = body;
        bulletin_archive_add_article(many, &art, NULL, NULL);
    }
    archive = many;

    bulletin__tag_index_max_id = 10;   /* 70 ids: too many for it */
    ok(counted_alike("工会") && !bulletin__tag_index_ready(many) &&
           many->tag_index_refusal.refused,
       "an archive the index cannot hold is counted in SQL, and the handle remembers");
    bulletin__tag_index_max_id = 64 * 1024 * 1024;
    ok(counted_alike("工会") && !bulletin__tag_index_ready(many),
       "it does not try again while the archive is unchanged");
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.issue_date = "2018-03-02";
    art.headline = "职工活动";
    art.body = "工会又举办职工活动，标志桑。";
    int64_t id = 0;
    bulletin_archive_add_article(many, &art, &id, NULL);

    ok(counted_alike("工会") && bulletin__tag_index_ready(many),
       "once it changed, the index is built, and counts as SQL does");
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.facets = 1;
    bulletin_results *r = search_opts("工会", &o);
    size_t ntopics = 0;
    bulletin_results_facet(r, BULLETIN_FACET_TOPIC, &ntopics);
    is_int((int)ntopics, TOPICS, "all 70 topics are counted");
    is_int((int)facet_count(r, BULLETIN_FACET_TOPIC, "主题69"), 3,
           "a topic past the first 64 counts its three articles");
    bulletin_results_free(r);
    ok(counted_alike("工会 topic:主题69") && counted_alike("topic:主题03") &&
           counted_alike("工会 -topic:主题65"),
       "topics past the first 64 filter as in SQL");
    bulletin__facet_index_after = 0;
    o.topic = "主题66";
    r = search_opts("职工", &o);
    is_int((int)bulletin_results_total(r), 2, "and as a search option");
    bulletin_results_free(r);
    bulletin_archive_delete_article(many, id);
    bulletin__facet_index_after = 20000;
    archive = saved;
    bulletin_archive_close(many);
}

static void test_retag_with_an_edited_taxonomy(void)
{
    FILE *f = fopen(path_in_dir("taxonomy.txt"), "w");
    fputs("min_score 1\n[书画]\n书法 1\n", f);
    fclose(f);
    f = fopen(path_in_dir("bad.txt"), "w");
    fputs("[书画]\n书法 lots\n", f);
    fclose(f);
    bulletin_retag_options o = BULLETIN_RETAG_OPTIONS_INIT;
    o.taxonomy = path_in_dir("bad.txt");
    bulletin_retag_stats stats;
    bulletin_status st = bulletin_archive_retag(archive, &o, &stats);
    ok(st == BULLETIN_ERROR_INPUT && strstr(bulletin_error_last()->message, "bad.txt:2:"),
       "a malformed taxonomy is refused, naming file and line");
    is_int(total("topic:劳模与工匠"), 4, "and the archive keeps its tags");
    o.taxonomy = path_in_dir("missing.txt");
    ok(bulletin_archive_retag(archive, &o, NULL) == BULLETIN_ERROR_IO, "a missing file: IO");
    o.taxonomy = path_in_dir("taxonomy.txt");
    st = bulletin_archive_retag(archive, &o, &stats);
    ok(st == BULLETIN_OK && stats.articles == 13 && stats.topics == 1,
       "retag with the edited taxonomy: 13 articles, 1 topic tag");
    is_int(total("topic:书画"), 1, "the new topic can be searched");
    expect_query_error("topic:劳模与工匠", "the topics are 书画");
    /* The copy is kept in the archive: a new handle, and new articles,
     * use it. */
    bulletin_archive_close(archive);
    bulletin_archive_open(&archive, path_in_dir("a.db"), 0);
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.issue_date = "2018-02-01";
    art.page = 1;
    art.headline = "书法比赛";
    art.body = "延庆区举办职工书法比赛。";
    int64_t id = 0;
    bulletin_archive_add_article(archive, &art, &id, NULL);
    is_int(total("topic:书画 district:延庆"), 1, "an article added later is tagged with it");
    bulletin_archive_delete_article(archive, id);
    is_int(total("topic:书画"), 1, "deleting an article deletes its tags");
    o.taxonomy = NULL;
    o.builtin = 1;
    st = bulletin_archive_retag(archive, &o, &stats);
    ok(st == BULLETIN_OK && total("topic:劳模与工匠") == 4, "--builtin goes back to the built-in taxonomy");
}

int main(void)
{
    if (!mkdtemp(dir)) {
        printf("Bail out! cannot make a temporary folder\n");
        return 1;
    }
    const char *srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
    char corpus[1024], pages[1024];
    snprintf(corpus, sizeof corpus, "%s/corpus/2017-12-12-p2.txt", srcdir);
    snprintf(pages, sizeof pages, "%s/tests/data/tag", srcdir);
    bulletin_index_stats stats;
    if (bulletin_archive_open(&archive, path_in_dir("a.db"), BULLETIN_OPEN_CREATE) ||
        bulletin_archive_index(archive, corpus, NULL, &stats) ||
        bulletin_archive_index(archive, pages, NULL, &stats)) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        return 1;
    }
    test_each_story_of_the_sample_page_gets_its_own_district();
    test_district_filter_and_historical_names();
    test_topic_and_page_and_kind_and_author_fields();
    test_dates();
    test_facets_count_all_hits_not_just_the_page();
    test_hits_carry_their_tags();
    test_an_articles_tags_read_by_id();
    test_facets_from_the_tag_index_equal_sql();
    test_a_taxonomy_of_seventy_topics_is_counted_from_the_index();
    test_wrong_fields_and_values_list_the_valid_ones();
    test_version_1_options_still_work();
    test_facet_counts_never_read_article_rows();
    test_retag_with_an_edited_taxonomy();
    bulletin_archive_close(archive);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
    return tap_done();
}
