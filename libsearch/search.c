/* search.c - run a user query: filter, rank, count, facets, snippets in
 * the original script.
 *
 * The query's words are compiled to an FTS5 MATCH expression (query/);
 * bulletin_rank() (fts5_rank.c) ranks with bm25 weighted by column
 * (headline 10, subtitle 5, body 1), and snippets are cut from the stored
 * original text using the tokenizer's byte offsets, so the highlighted
 * text is in the article's own script whatever script the query was
 * typed in.
 *
 * Fields (district:, date: ...) and search options become one SQL WHERE
 * clause (build_where) over the narrow article_facts table (f) and the
 * tag tables, joined to the rowids FTS5 matched.  rank.c reads those rows
 * once: it folds continuations into their articles and picks the page of
 * hits; the month facet is counted from the same rows and the district
 * and topic facets from an in-memory tag index (facets.c).  Only the hits
 * shown read the articles rows, whose pages hold the article text.
 *
 * Relevance does not read every match.  A query with a few thousand
 * matches is ranked whole, but scoring and joining every one of half a
 * million matches costs a second, for twenty hits.  So matches are read
 * newest first (FTS5 walks its doclists backwards by rowid, and rowids
 * follow the order articles were indexed, which for back issues is their
 * date) and relevance ranks the first rank_window of them; the total is
 * then extrapolated from how far back those reached, and said to be an
 * estimate.  Facet counts are always exact: asking for them reads every
 * match, unscored. */
#include "config.h"
#include "archive.h"
#include "query/query.h"
#include "rank.h"
#include "facets.h"
#include "tag/tag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Marks FTS5 puts around matches; control characters, which stored text
 * never contains where it matters (they are stripped from the snippet
 * text anyway), so they cannot be confused with the article's own text. */
#define MARK_OPEN "\x02"
#define MARK_CLOSE "\x03"

#define DEFAULT_LIMIT 20
#define MAX_LIMIT 1000

struct bulletin_results {
    size_t total;
    bool total_exact;
    size_t count;
    bulletin_hit *hits;
    bulletin_facet_count *facets[BULLETIN_FACET_LAST];
    size_t nfacets[BULLETIN_FACET_LAST];
};

static void free_hit(bulletin_hit *h)
{
    free((char *)h->headline);
    free((char *)h->issue_date);
    free((char *)h->snippet);
    free((bulletin_span *)h->highlights);
    bulletin__tags_array_free(h->districts, h->district_count);
    bulletin__tags_array_free(h->topics, h->topic_count);
    /* primary_district points into districts, or is the static "". */
    for (size_t i = 0; i < h->author_count; i++)
        free((char *)h->authors[i]);
    free((char **)h->authors);
    free((bulletin_event_date *)h->event_dates);
}

void bulletin_results_free(bulletin_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++)
        free_hit(&r->hits[i]);
    free(r->hits);
    for (int f = 0; f < BULLETIN_FACET_LAST; f++) {
        for (size_t i = 0; i < r->nfacets[f]; i++)
            free((char *)r->facets[f][i].value);
        free(r->facets[f]);
    }
    free(r);
}

const bulletin_facet_count *bulletin_results_facet(const bulletin_results *r,
                                                   bulletin_facet facet, size_t *out_count)
{
    if (out_count)
        *out_count = 0;
    if (!r || (unsigned)facet >= BULLETIN_FACET_LAST || !r->nfacets[facet])
        return NULL;
    if (out_count)
        *out_count = r->nfacets[facet];
    return r->facets[facet];
}

size_t bulletin_results_total(const bulletin_results *r)
{
    return r ? r->total : 0;
}

int bulletin_results_total_is_exact(const bulletin_results *r)
{
    return r ? r->total_exact : 1;
}

size_t bulletin_results_count(const bulletin_results *r)
{
    return r ? r->count : 0;
}

const bulletin_hit *bulletin_results_hit(const bulletin_results *r, size_t i)
{
    return r && i < r->count ? &r->hits[i] : NULL;
}

/* Split FTS5's marked snippet into plain text and highlight spans, and
 * turn paragraph breaks into spaces (a snippet is one line). */
static bulletin_status unmark_snippet(const char *marked, bulletin_hit *hit)
{
    size_t len = strlen(marked), spans = 0;
    for (size_t i = 0; i < len; i++)
        spans += marked[i] == MARK_OPEN[0];
    char *text = malloc(len + 1);
    bulletin_span *hl = malloc((spans ? spans : 1) * sizeof *hl);
    if (!text || !hl) {
        free(text);
        free(hl);
        return bulletin__nomem();
    }
    size_t n = 0, k = 0;
    for (size_t i = 0; i < len; i++) {
        char c = marked[i];
        if (c == MARK_OPEN[0]) {
            if (k < spans)
                hl[k].start = hl[k].end = n;
        } else if (c == MARK_CLOSE[0]) {
            if (k < spans)
                hl[k++].end = n;
        } else if (c == '\n' || c == '\r' || c == '\t') {
            /* Collapse runs of white space to one space. */
            if (n && text[n - 1] != ' ')
                text[n++] = ' ';
        } else if ((unsigned char)c >= 0x20 || c < 0) {
            text[n++] = c;
        }
    }
    text[n] = '\0';
    /* Merge touching spans: a phrase's bigrams come back as one span
     * each, and people read "西城区" as one match, not three. */
    size_t merged = 0;
    for (size_t i = 0; i < k; i++) {
        if (merged && hl[i].start <= hl[merged - 1].end) {
            if (hl[i].end > hl[merged - 1].end)
                hl[merged - 1].end = hl[i].end;
        } else {
            hl[merged++] = hl[i];
        }
    }
    hit->snippet = text;
    hit->highlights = hl;
    hit->highlight_count = merged;
    return BULLETIN_OK;
}

/* ---------------------------------------------------------------- plan */

/* A search as SQL: the FROM and WHERE that select the matching articles
 * (as f.article_id), shared by the count, the facets and the hits. */
typedef struct plan {
    bool has_match;
    const char *match;        /* the MATCH expression, for snippets */
    const char *match_any;    /* the same rows, for reading them unranked */
    bulletin_buf roles;       /* match's phrase roles, for bulletin_rank() */
    bulletin_matcher *matcher; /* the query's words, for exact highlights */
    bulletin_sql from;        /* FROM ... (f is article_facts) */
    bulletin_sql where;       /* the condition, never empty */
    /* The same condition for the in-memory index (facets.h), when it is
     * MATCH, kinds, issue dates and the district and topic options only. */
    bool facts_only;
    bulletin__fact_filter facts;
    char *district, *topic;   /* the options' names as stored, for facts */
} plan;

static void plan_free(plan *p)
{
    free(p->district);
    free(p->topic);
    bulletin__sql_free(&p->from);
    bulletin__sql_free(&p->where);
    bulletin_buf_free(&p->roles);
}

/* AND one option filter into the WHERE clause. */
static bulletin_status and_option(bulletin_archive *a, bulletin_tagger *tagger,
                                  bulletin_qfield field, const char *value, plan *p)
{
    if (!value || !*value)
        return BULLETIN_OK;
    if (!bulletin__sql_append(&p->where, " AND ("))
        return bulletin__nomem();
    bulletin_status st = bulletin__field_sql(field, value, -1, a->tokenizer, tagger, &p->where);
    if (st)
        return st;
    return bulletin__sql_append(&p->where, ")") ? BULLETIN_OK : bulletin__nomem();
}

/* The district and topic options as the archive stores them, for the
 * in-memory index (both were checked by and_option). */
static bulletin_status option_facts(bulletin_archive *a, bulletin_tagger *tagger,
                                    const bulletin_search_options *o, plan *p)
{
    const char *name;
    if (o->district && *o->district &&
        (name = bulletin__gazetteer_resolve(tagger->gazetteer, a->tokenizer, o->district,
                                            &tagger->scratch)) &&
        !(p->facts.district = p->district = bulletin__strdup(name)))
        return bulletin__nomem();
    if (o->topic && *o->topic &&
        (name = bulletin__taxonomy_resolve(tagger->taxonomy, a->tokenizer, o->topic,
                                           &tagger->scratch)) &&
        !(p->facts.topic = p->topic = bulletin__strdup(name)))
        return bulletin__nomem();
    return BULLETIN_OK;
}

/* Add the query's own district:, topic: and date: fields to the facts
 * (after the options: both hold).  Two different districts or topics
 * are more than the facts can say: SQL's alone then. */
static bulletin_status query_facts(const bulletin_compiled_query *q, plan *p)
{
    if (!q->filter_is_facts)
        return BULLETIN_OK;
    if ((q->district && p->facts.district && strcmp(q->district, p->facts.district)) ||
        (q->topic && p->facts.topic && strcmp(q->topic, p->facts.topic)))
        p->facts_only = false;
    if (q->district)
        p->facts.district = q->district;
    if (q->topic)
        p->facts.topic = q->topic;
    if (q->day_from > p->facts.day_from)
        p->facts.day_from = q->day_from;
    if (q->day_to > 0 && (!p->facts.day_to || q->day_to < p->facts.day_to))
        p->facts.day_to = q->day_to;
    return BULLETIN_OK;
}

/* --from / --to: the first day of the first period, the last of the last. */
static bulletin_status and_date_bound(const char *value, bool from, plan *p)
{
    if (!value || !*value)
        return BULLETIN_OK;
    char first[11], last[11];
    if (!bulletin__date_range_parse(value, first, last) || strstr(value, ".."))
        return bulletin__error(BULLETIN_ERROR_QUERY,
                               "%s date '%s' is not a date: write 2017, 2017-12 or 2017-12-01",
                               from ? "the from" : "the to", value);
    int32_t day = bulletin__day_of((const unsigned char *)(from ? first : last));
    /* Both bounds hold when the query has a date: field too. */
    if (from && day > p->facts.day_from)
        p->facts.day_from = day;
    else if (!from && (!p->facts.day_to || day < p->facts.day_to))
        p->facts.day_to = day;
    return bulletin__sql_append(&p->where, from ? " AND f.issue_date >= "
                                                : " AND f.issue_date <= ") &&
                   bulletin__sql_text(&p->where, from ? first : last)
               ? BULLETIN_OK
               : bulletin__nomem();
}

/* Which kinds a search returns: 0 (the default) is every kind but
 * advertisements, unless the query itself names a kind: field. */
static unsigned kind_mask(unsigned kinds)
{
    return kinds ? kinds & BULLETIN_KINDS_ALL
                 : BULLETIN_KINDS_ALL & ~BULLETIN_KIND_BIT(BULLETIN_KIND_ADVERTISEMENT);
}

static bulletin_status and_kinds(unsigned kinds, const char *query, plan *p)
{
    /* kind: in the query says what the user wants; the default must not
     * contradict it (kind:advertisement with ads left out finds nothing). */
    if (!kinds && query && (strstr(query, "kind:") || strstr(query, "kind：")))
        return BULLETIN_OK;
    unsigned mask = kind_mask(kinds);
    if (mask == BULLETIN_KINDS_ALL)
        return BULLETIN_OK;
    p->facts.kinds = mask;
    bool ok = bulletin__sql_append(&p->where, " AND f.kind IN (");
    bool first = true;
    for (int k = 0; ok && k < BULLETIN_KIND_LAST; k++) {
        if (!(mask & BULLETIN_KIND_BIT(k)))
            continue;
        ok = (first || bulletin__sql_append(&p->where, ", ")) &&
             bulletin__sql_text(&p->where, bulletin_kind_to_string((bulletin_kind)k));
        first = false;
    }
    if (first)  /* no kind at all */
        ok = ok && bulletin__sql_append(&p->where, "NULL");
    return ok && bulletin__sql_append(&p->where, ")") ? BULLETIN_OK : bulletin__nomem();
}

/* The one place where the WHERE clause is put together: the query's
 * words (MATCH), its fields, then each search option.  A match in a
 * continuation counts for the article it continues (article_parts), so
 * f is always the main article's facts and each article is found once. */
static bulletin_status build_where(bulletin_archive *a, bulletin_tagger *tagger,
                                   const char *query, const bulletin_compiled_query *q,
                                   const bulletin_search_options *o, plan *p)
{
    p->has_match = q->match.len > 0;
    p->match = q->match.data;
    p->match_any = q->match_any.len ? q->match_any.data : q->match.data;
    if (p->has_match && !bulletin__fts5_phrase_roles(p->match, &p->roles))
        return bulletin__nomem();
    /* Fields in the query are SQL's, and facts too when they are simple. */
    p->facts_only = !q->filter.text.len || q->filter_is_facts;
    p->facts = (bulletin__fact_filter)BULLETIN__FACT_FILTER_INIT;
    bool ok = bulletin__sql_append(&p->from, p->has_match
                                                 ? " FROM articles_fts"
                                                   " LEFT JOIN article_parts pp"
                                                   " ON pp.part_id = articles_fts.rowid"
                                                   " JOIN article_facts f ON f.article_id ="
                                                   " coalesce(pp.main_id, articles_fts.rowid)"
                                                 : " FROM article_facts f") &&
              bulletin__sql_append(&p->where, p->has_match
                                                  ? " WHERE 1"
                                                  : " WHERE f.article_id NOT IN"
                                                    " (SELECT part_id FROM article_parts)");
    if (ok && p->has_match)
        ok = bulletin__sql_append(&p->where, " AND articles_fts MATCH ") &&
             bulletin__sql_text(&p->where, q->match.data);
    if (ok && q->filter.text.len)
        ok = bulletin__sql_append(&p->where, " AND (") &&
             bulletin__sql_append_sql(&p->where, &q->filter) &&
             bulletin__sql_append(&p->where, ")");
    if (!ok)
        return bulletin__nomem();
    bulletin_status st;
    if ((st = and_option(a, tagger, BULLETIN_F_DISTRICT, o->district, p)) ||
        (st = and_option(a, tagger, BULLETIN_F_TOPIC, o->topic, p)) ||
        (st = option_facts(a, tagger, o, p)) ||
        (st = query_facts(q, p)) ||
        (st = and_date_bound(o->date_from, true, p)) ||
        (st = and_date_bound(o->date_to, false, p)) ||
        (st = and_kinds(o->kinds, query, p)))
        return st;
    return BULLETIN_OK;
}

static bulletin_status prepare_sql(bulletin_archive *a, const bulletin_sql *sql,
                                   sqlite3_stmt **out)
{
    int rc = sqlite3_prepare_v2(a->db, sql->text.data, -1, out, NULL);
    if (rc != SQLITE_OK)
        return bulletin__sqlite_error(a, rc, "preparing a search");
    for (size_t i = 0; i < sql->nparams; i++) {
        const bulletin_sql_param *prm = &sql->params[i];
        if (prm->ptr_type)
            sqlite3_bind_pointer(*out, (int)i + 1, (void *)prm->ptr, prm->ptr_type, NULL);
        else if (prm->is_int)
            sqlite3_bind_int64(*out, (int)i + 1, prm->i);
        else
            sqlite3_bind_text(*out, (int)i + 1, prm->s, -1, SQLITE_STATIC);
    }
    return BULLETIN_OK;
}

/* ---------------------------------------------------------------- count and facets */

/* How the matches of a search are read. */
typedef enum read_mode {
    READ_ALL,          /* every match, unscored: counts, facets, date order */
    READ_ALL_RANKED,   /* every match, scored */
    READ_NEWEST_RANKED /* scored, newest first, as many as asked */
} read_mode;

/* The matching articles with their best part and what the hits are
 * sorted by (rank.c), read in one pass shared by the count, the month
 * facet and the page of hits. */
/* The rowids a search bounded by date can match, from the in-memory
 * index (back issues are indexed in date order, so FTS5 can start and
 * stop its walk there: a search of 2014-11 need not score every match
 * since 2015).  false when the search has no dates or no index serves it. */
static bool date_stretch(const plan *p, const bulletin__tag_index *index, int64_t stretch[2])
{
    if (!index || !p->facts_only || (!p->facts.day_from && !p->facts.day_to))
        return false;
    bulletin__tag_index_day_ids(index, &p->facts, &stretch[0], &stretch[1]);
    return true;
}

/* Whether every match of an indexed search is read as the set of its
 * phrases' rows (rank.h), into `program`: when it is expected to have
 * many (`estimate`, 0 when unknown), or when its expression has no AND.
 * Without an AND each phrase's rows are walked whole either way, and
 * FTS5's walk adds its merging of them row by row; with one, FTS5 skips
 * through one side to the other's rows, which pays when the rows both
 * have are few. */
static bool reads_as_set(const plan *p, size_t estimate, bulletin_buf *program)
{
    return bulletin__fts5_set_program(p->match_any, program) &&
           (estimate >= bulletin__set_read_after || !strchr(program->data, '&'));
}

/* `stretch` (NULL: none) bounds the rowids read, from date_stretch.
 * `estimate` is how many matches READ_ALL is expected to find (0: not
 * known). */
static bulletin_status read_matches(bulletin_archive *a, const plan *p, read_mode mode,
                                    size_t max_rows, size_t estimate,
                                    const bulletin__tag_index *index, const int64_t *stretch,
                                    bulletin__matches *m)
{
    bulletin_sql sql = BULLETIN_SQL_INIT;
    sqlite3_stmt *stmt = NULL;
    bool ranked = mode != READ_ALL;
    if (!p->facts_only)
        index = NULL;
    if (index && !p->has_match) {   /* no words: the index alone */
        bulletin__tag_index_collect(index, &p->facts, stretch ? stretch[0] : 0,
                                    stretch ? stretch[1] : INT64_MAX, m);
        return m->complete ? BULLETIN_OK : bulletin__nomem();
    }
    if (index && !ranked) {   /* FTS5 alone: as a set, or every row in one step */
        int64_t lo = stretch ? stretch[0] : 0, hi = stretch ? stretch[1] : INT64_MAX;
        bulletin_buf program = BULLETIN_BUF_INIT;
        bool as_set = reads_as_set(p, estimate, &program);
        int rc = as_set ? bulletin__matches_collect_set(a->db, p->match_any, program.data, lo,
                                                        hi, index, &p->facts, m)
                        : bulletin__matches_collect(a->db, p->match_any, lo, hi, index,
                                                    &p->facts, m);
        bulletin_buf_free(&program);
        if (rc == SQLITE_NOMEM)
            return bulletin__nomem();
        if (rc != SQLITE_OK)
            return bulletin__sqlite_error(a, rc, "searching");
        return as_set ? BULLETIN_OK : bulletin__matches_fold(m);   /* a set comes folded */
    }
    bulletin__row_lengths lengths = { NULL, 0 };
    if (index)
        bulletin__tag_index_lengths(index, &lengths);
    bool ok = index ? bulletin__sql_append(&sql, "SELECT articles_fts.rowid, ")
                    : bulletin__sql_append(&sql, "SELECT f.article_id, ") &&
                          bulletin__sql_append(&sql, p->has_match ? "articles_fts.rowid, "
                                                                  : "f.article_id, ");
    if (ok && ranked)
        ok = bulletin_buf_printf(&sql.text, "bulletin_rank(articles_fts, "
                                 "coalesce((SELECT max(article_id) FROM article_facts), 0), "
                                 "'%s', ",   /* roles are letters only */
                                 p->roles.data ? p->roles.data : "") &&
             bulletin__sql_pointer(&sql, index ? &lengths : NULL, BULLETIN_FTS5_LENGTHS) &&
             bulletin_buf_printf(&sql.text, ", %s)", a->rank_weights);
    else if (ok)
        ok = bulletin__sql_append(&sql, "0.0");
    if (ok && index)  /* ranked, the facts from the index: FTS5 alone */
        ok = bulletin__sql_append(&sql, " FROM articles_fts WHERE articles_fts MATCH ") &&
             bulletin__sql_text(&sql, p->match);
    else if (ok)
        ok = bulletin__sql_append(&sql, ", f.issue_date, f.page") &&
             bulletin__sql_append_sql(&sql, &p->from) && bulletin__sql_append_sql(&sql, &p->where);
    if (ok && index && stretch)
        ok = bulletin_buf_printf(&sql.text, " AND articles_fts.rowid BETWEEN %lld AND %lld",
                                 (long long)stretch[0], (long long)stretch[1]);
    /* FTS5 walks its doclists backwards itself: no sorting. */
    if (ok && mode == READ_NEWEST_RANKED)
        ok = bulletin__sql_append(&sql, " ORDER BY articles_fts.rowid DESC");
    bulletin_status st = ok ? prepare_sql(a, &sql, &stmt) : bulletin__nomem();
    size_t limit = mode == READ_NEWEST_RANKED ? max_rows : 0;
    if (!st)
        st = index ? bulletin__matches_read_indexed(a, stmt, index, &p->facts, limit, m)
                   : bulletin__matches_read(a, stmt, limit, m);
    sqlite3_finalize(stmt);
    bulletin__sql_free(&sql);
    return st;
}

/* The lowest and highest article ids. */
static bulletin_status id_range(bulletin_archive *a, int64_t *lo, int64_t *hi)
{
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, "SELECT (SELECT min(article_id) FROM article_facts),"
                                  " (SELECT max(article_id) FROM article_facts)", &stmt);
    if (st)
        return st;
    int rc = sqlite3_step(stmt);
    *lo = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    *hi = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 1) : 0;
    sqlite3_reset(stmt);
    return rc == SQLITE_ROW ? BULLETIN_OK : bulletin__sqlite_error(a, rc, "counting matches");
}

/* Of the articles a search bounded by date lets through (by date, kind,
 * district and topic; continuations count as their articles), how many there are (*all)
 * and how many have an id of at least `from` (*newer): from the in-memory
 * index when loaded, else in SQL.  Without date bounds, *all = 0: the ids
 * themselves are the measure. */
static bulletin_status passing_articles(bulletin_archive *a, const plan *p,
                                        const bulletin__tag_index *index, int64_t from,
                                        size_t *all, size_t *newer)
{
    *all = *newer = 0;
    if (!p->facts.day_from && !p->facts.day_to)
        return BULLETIN_OK;
    if (index) {
        bulletin__tag_index_passing(index, &p->facts, from, all, newer);
        return BULLETIN_OK;
    }
    char first[16], last[16];
    int32_t lo = p->facts.day_from > 0 ? p->facts.day_from : 10101;
    int32_t hi = p->facts.day_to > 0 ? p->facts.day_to : 99991231;
    snprintf(first, sizeof first, "%04d-%02d-%02d", lo / 10000, lo / 100 % 100, lo % 100);
    snprintf(last, sizeof last, "%04d-%02d-%02d", hi / 10000, hi / 100 % 100, hi % 100);
    sqlite3_stmt *stmt;
    /* A NULL district or topic lets every article through. */
    bulletin_status st = bulletin__prepare(
        a, "SELECT kind, count(*), sum(article_id >= ?1) FROM article_facts"
           " WHERE issue_date BETWEEN ?2 AND ?3"
           " AND article_id NOT IN (SELECT part_id FROM article_parts)"
           " AND (?4 IS NULL OR article_id IN"
           "      (SELECT article_id FROM article_districts WHERE district = ?4))"
           " AND (?5 IS NULL OR article_id IN"
           "      (SELECT article_id FROM article_topics WHERE topic = ?5)) GROUP BY kind",
        &stmt);
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, from);
    sqlite3_bind_text(stmt, 2, first, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(stmt, 3, last, -1, SQLITE_TRANSIENT);
    if (p->facts.district)
        sqlite3_bind_text(stmt, 4, p->facts.district, -1, SQLITE_STATIC);
    if (p->facts.topic)
        sqlite3_bind_text(stmt, 5, p->facts.topic, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        bulletin_kind kind;
        const char *name = (const char *)sqlite3_column_text(stmt, 0);
        bool known = name && !bulletin_kind_from_string(&kind, name);
        if (p->facts.kinds != BULLETIN_KINDS_ALL &&
            (!known || !(p->facts.kinds & BULLETIN_KIND_BIT(kind))))
            continue;
        *all += (size_t)sqlite3_column_int64(stmt, 1);
        *newer += (size_t)sqlite3_column_int64(stmt, 2);
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK : bulletin__sqlite_error(a, rc, "counting matches");
}

/* The total of a search whose newest matches were read but not all: the
 * matches read, over the share of the articles the search could match
 * that they reached back through.  Matches are spread evenly enough over
 * a back-issue archive for this to land within a few per cent; dates
 * bound where they can be (a search from 2020 reaches back through the
 * articles since 2020, not through the archive). */
static bulletin_status estimate_total(bulletin_archive *a, const plan *p,
                                      const bulletin__tag_index *index,
                                      const bulletin__matches *m, int64_t lo, int64_t hi,
                                      size_t *out)
{
    size_t all, newer;
    bulletin_status st = passing_articles(a, p, index, m->last_part, &all, &newer);
    if (st)
        return st;
    double estimate = (double)m->n;
    if (all && newer)
        estimate = (double)m->n * (double)all / (double)newer;
    else if (hi >= m->last_part && m->last_part >= lo)
        estimate = (double)m->n * (double)(hi - lo + 1) / (double)(hi - m->last_part + 1);
    *out = estimate > (double)m->n ? (size_t)(estimate + 0.5) : m->n + 1;
    return BULLETIN_OK;
}

/* Read (value, count) rows into a facet. */
static bulletin_status read_facet(bulletin_archive *a, sqlite3_stmt *stmt,
                                  bulletin_results *r, bulletin_facet facet)
{
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        void *grown = r->facets[facet];
        if (!bulletin__grow(&grown, &cap, r->nfacets[facet] + 1, sizeof *r->facets[facet], 16,
                            false))
            return bulletin__nomem();
        r->facets[facet] = grown;
        bulletin_facet_count *fc = &r->facets[facet][r->nfacets[facet]];
        if (!(fc->value = bulletin__column_dup(stmt, 0)))
            return bulletin__nomem();
        fc->count = (size_t)sqlite3_column_int64(stmt, 1);
        r->nfacets[facet]++;
    }
    return rc == SQLITE_DONE ? BULLETIN_OK : bulletin__sqlite_error(a, rc, "counting facets");
}

/* The SQL of the district or topic facet over the plan's matches (months
 * and years are counted from the matches themselves). */
static bulletin_status facet_sql(const plan *p, bulletin_facet facet, bulletin_sql *out)
{
    static const char *const tables[] = { "article_districts", "article_topics" };
    static const char *const columns[] = { "district", "topic" };
    bulletin_buf head = BULLETIN_BUF_INIT;
    bool ok = bulletin_buf_printf(&head, "SELECT t.%s, count(*) FROM %s t"
                                  " WHERE t.article_id IN (SELECT f.article_id",
                                  columns[facet], tables[facet]) &&
              bulletin__sql_append(out, head.data) && bulletin__sql_append_sql(out, &p->from) &&
              bulletin__sql_append_sql(out, &p->where) &&
              bulletin_buf_printf(&out->text, ") GROUP BY t.%s ORDER BY count(*) DESC, t.%s",
                                  columns[facet], columns[facet]);
    bulletin_buf_free(&head);
    return ok ? BULLETIN_OK : bulletin__nomem();
}

static bulletin_status count_facet(bulletin_archive *a, const plan *p, bulletin_results *r,
                                   bulletin_facet facet)
{
    bulletin_sql sql = BULLETIN_SQL_INIT;
    sqlite3_stmt *stmt = NULL;
    bulletin_status st = facet_sql(p, facet, &sql);
    if (!st)
        st = prepare_sql(a, &sql, &stmt);
    if (!st)
        st = read_facet(a, stmt, r, facet);
    sqlite3_finalize(stmt);
    bulletin__sql_free(&sql);
    return st;
}

/* Years from the months: no second pass over the matches. */
static bulletin_status years_from_months(bulletin_results *r)
{
    const bulletin_facet_count *months = r->facets[BULLETIN_FACET_MONTH];
    for (size_t i = 0; i < r->nfacets[BULLETIN_FACET_MONTH]; i++) {
        size_t n = r->nfacets[BULLETIN_FACET_YEAR];
        if (n && !strncmp(r->facets[BULLETIN_FACET_YEAR][n - 1].value, months[i].value, 4)) {
            r->facets[BULLETIN_FACET_YEAR][n - 1].count += months[i].count;
            continue;
        }
        bulletin_facet_count *grown =
            realloc(r->facets[BULLETIN_FACET_YEAR], (n + 1) * sizeof *grown);
        if (!grown)
            return bulletin__nomem();
        r->facets[BULLETIN_FACET_YEAR] = grown;
        char year[5];
        snprintf(year, sizeof year, "%.4s", months[i].value);
        if (!(grown[n].value = bulletin__strdup(year)))
            return bulletin__nomem();
        grown[n].count = months[i].count;
        r->nfacets[BULLETIN_FACET_YEAR]++;
    }
    return BULLETIN_OK;
}

/* Months from the matches already read: no pass over the index.  Issue
 * dates are years 1 to 9999; the counts go by month number. */
/* The month facet from counts by month index (BULLETIN__MONTHS of them). */
static bulletin_status months_from_counts(const size_t *counts, bulletin_results *r)
{
    size_t distinct = 0;
    for (size_t month = 0; month < BULLETIN__MONTHS; month++)
        distinct += counts[month] > 0;
    bulletin_status st = BULLETIN_OK;
    bulletin_facet_count *out = distinct ? calloc(distinct, sizeof *out) : NULL;
    if (distinct && !out)
        st = bulletin__nomem();
    for (size_t month = 0, n = 0; !st && month < BULLETIN__MONTHS && n < distinct; month++) {
        if (!counts[month])
            continue;
        char value[16];
        snprintf(value, sizeof value, "%04zu-%02zu", month / 12, month % 12 + 1);
        if (!(out[n].value = bulletin__strdup(value)))
            st = bulletin__nomem();
        out[n++].count = counts[month];
        r->nfacets[BULLETIN_FACET_MONTH] = n;
    }
    r->facets[BULLETIN_FACET_MONTH] = out;
    return st;
}


/* Districts and topics from the archive's tag index when it pays
 * (facets.c), else in SQL; months and years from the matches. */
static bulletin_status count_facets(bulletin_archive *a, const plan *p,
                                    const bulletin__matches *m, bulletin_results *r)
{
    bulletin__tag_index *index;
    bulletin_status st = bulletin__tag_index_get(a, m->n, &index);
    if (st)
        return st;
    size_t *months = calloc(BULLETIN__MONTHS, sizeof *months);
    if (!months)
        return bulletin__nomem();
    if (index) {   /* districts, topics and months in one pass */
        st = bulletin__tag_index_count(index, m, &r->facets[BULLETIN_FACET_DISTRICT],
                                       &r->nfacets[BULLETIN_FACET_DISTRICT],
                                       &r->facets[BULLETIN_FACET_TOPIC],
                                       &r->nfacets[BULLETIN_FACET_TOPIC], months);
    } else if (!(st = count_facet(a, p, r, BULLETIN_FACET_DISTRICT)) &&
               !(st = count_facet(a, p, r, BULLETIN_FACET_TOPIC))) {
        for (size_t i = 0; i < m->n; i++)
            bulletin__count_month(months, m->rows[i].day);
    }
    if (!st)
        st = months_from_counts(months, r);
    free(months);
    return st ? st : years_from_months(r);
}

/* ---------------------------------------------------------------- hits */

/* "张晶、余翠平" -> {"张晶", "余翠平"}. */
static bulletin_status split_authors(const char *author, bulletin_hit *h)
{
    static const char sep[] = "、";
    size_t n = 0;
    char **names = NULL;
    for (const char *p = author; p && *p;) {
        const char *end = strstr(p, sep);
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len) {
            char **grown = realloc(names, (n + 1) * sizeof *grown);
            if (!grown || !(grown[n] = strndup(p, len))) {
                names = grown ? grown : names;
                h->authors = (const char *const *)names;
                h->author_count = n;
                return bulletin__nomem();
            }
            names = grown;
            n++;
        }
        p += len + (end ? strlen(sep) : 0);
    }
    h->authors = (const char *const *)names;
    h->author_count = n;
    return BULLETIN_OK;
}

static bulletin_status read_hit_tags(bulletin_archive *a, bulletin_hit *h, const char *author)
{
    bulletin_status st;
    h->primary_district = "";
    if ((st = bulletin__read_tags(a, bulletin__districts_sql, h->id, &h->districts,
                                  &h->district_count)) ||
        (st = bulletin__read_tags(a, bulletin__topics_sql, h->id, &h->topics, &h->topic_count)) ||
        (st = bulletin__read_events(a, h->id, &h->event_dates, &h->event_date_count)) ||
        (st = split_authors(author, h)))
        return st;
    if (h->district_count)
        h->primary_district = h->districts[0].name;
    return BULLETIN_OK;
}

/* The snippet of one matching part. */
static bulletin_status part_snippet(bulletin_archive *a, const char *match, int64_t part,
                                    int snippet_tokens, bulletin_hit *h)
{
    static const char sql[] =
        "SELECT snippet(articles_fts, -1, '" MARK_OPEN "', '" MARK_CLOSE "', '…', ?3)"
        " FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?2";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, part);
    sqlite3_bind_int(stmt, 3, snippet_tokens);
    int rc = sqlite3_step(stmt);
    const char *marked = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(stmt, 0) : NULL;
    st = rc == SQLITE_ROW || rc == SQLITE_DONE ? unmark_snippet(marked ? marked : "", h)
                                               : bulletin__sqlite_error(a, rc, "searching");
    sqlite3_reset(stmt);
    return st;
}

/* The snippet of one matching part cut by the library's matcher from
 * the part's body, else its subtitle, else its headline (where FTS5's
 * snippet() would cut it too: the words are somewhere in the part).  The
 * matcher folds the text and compares characters; FTS5's snippet() runs
 * the query again and tokenizes the whole article, ICU's dictionary
 * included, several times the cost (half of a search's time when the
 * best hits match in their headlines).  *found is false when no column
 * holds a match the matcher sees: FTS5's snippet() is used then. */
static bulletin_status matcher_snippet(bulletin_archive *a, bulletin_matcher *m, int64_t part,
                                       size_t chars, bulletin_hit *h, bool *found)
{
    static const char sql[] = "SELECT body, subtitle, headline FROM articles WHERE id = ?1";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    *found = false;
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, part);
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        return rc == SQLITE_DONE ? BULLETIN_OK : bulletin__sqlite_error(a, rc, "searching");
    }
    bulletin_snippet_options o = BULLETIN_SNIPPET_OPTIONS_INIT;
    o.max_chars = chars;
    o.open = MARK_OPEN;
    o.close = MARK_CLOSE;
    for (int column = 0; !st && !*found && column < 3; column++) {
        const char *text = (const char *)sqlite3_column_text(stmt, column);
        if (!text || !*text)
            continue;
        char *marked = NULL;
        st = bulletin_matcher_snippet(&marked, m, text, (size_t)sqlite3_column_bytes(stmt, column),
                                      &o);
        if (!st && strchr(marked, MARK_OPEN[0])) {
            *found = true;
            st = unmark_snippet(marked, h);
        }
        bulletin_string_free(marked);
    }
    sqlite3_reset(stmt);
    return st;
}

/* Replace FTS5's highlights of a snippet by the matcher's, which cover
 * exactly the matched characters.  Where the matcher finds nothing (a
 * match FTS5 made across the snippet's cut), FTS5's stay. */
static bulletin_status exact_highlights(bulletin_matcher *m, bulletin_hit *h)
{
    bulletin_span *spans = NULL;
    size_t n = 0;
    bulletin_status st = bulletin_matcher_spans(&spans, &n, m, h->snippet, strlen(h->snippet));
    if (st || !n) {
        bulletin_spans_free(spans);
        return st;
    }
    free((bulletin_span *)h->highlights);
    h->highlights = spans;
    h->highlight_count = n;
    return BULLETIN_OK;
}

/* FTS5 counts snippet length in tokens: about one per Han character. */
static int snippet_tokens(size_t chars)
{
    return chars > 64 ? 64 : (int)chars;
}

/* One hit of the page: its row and facts, snippet and tags. */
static bulletin_status read_hit(bulletin_archive *a, const plan *p, const bulletin__match *m,
                                size_t snippet_chars, bulletin_hit *h)
{
    static const char sql[] =
        "SELECT a.headline, coalesce(f.issue_date, ''), f.page, f.kind, f.author,"
        " substr(a.body, 1, 80)"
        " FROM articles a JOIN article_facts f ON f.article_id = a.id WHERE a.id = ?1";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, m->art);
    int rc = sqlite3_step(stmt);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        return rc == SQLITE_DONE ? bulletin__error(BULLETIN_ERROR_INTERNAL,
                                                   "article %lld vanished while searching",
                                                   (long long)m->art)
                                 : bulletin__sqlite_error(a, rc, "searching");
    }
    h->id = m->art;
    h->headline = bulletin__column_dup(stmt, 0);
    h->issue_date = bulletin__column_dup(stmt, 1);
    h->page = sqlite3_column_int(stmt, 2);
    const char *kind = (const char *)sqlite3_column_text(stmt, 3);
    if (!kind || bulletin_kind_from_string(&h->kind, kind))
        h->kind = BULLETIN_KIND_OTHER;
    h->score = -m->rank;
    h->primary_district = "";
    char *author = bulletin__column_dup(stmt, 4);
    char *start = p->has_match ? NULL : bulletin__column_dup(stmt, 5);
    sqlite3_reset(stmt);   /* snippets and tags run their own statements */
    if (!h->headline || !h->issue_date || !author || (!p->has_match && !start))
        st = bulletin__nomem();
    if (!st && p->has_match) {
        bool found = false;
        if (p->matcher)
            st = matcher_snippet(a, p->matcher, m->part, snippet_chars, h, &found);
        if (!st && !found) {
            st = part_snippet(a, p->match, m->part, snippet_tokens(snippet_chars), h);
            if (!st && p->matcher)
                st = exact_highlights(p->matcher, h);
        }
    } else if (!st) {  /* no words: the start of the article */
        st = unmark_snippet(start, h);
    }
    if (!st)
        st = read_hit_tags(a, h, author);
    free(author);
    free(start);
    return st;
}

static bulletin_status fetch_hits(bulletin_archive *a, const plan *p,
                                  const bulletin__matches *m, size_t limit, size_t offset,
                                  size_t snippet_chars, bulletin_sort sort, bulletin_results *r)
{
    bulletin__match *page;
    size_t n;
    bulletin_status st = bulletin__matches_page(m, sort, offset, limit, &page, &n);
    if (st)
        return st;
    r->hits = calloc(n ? n : 1, sizeof *r->hits);
    if (!r->hits)
        st = bulletin__nomem();
    for (size_t i = 0; !st && i < n; i++)
        st = read_hit(a, p, &page[i], snippet_chars, &r->hits[r->count++]);
    free(page);
    return st;
}

/* ---------------------------------------------------------------- search */

static bool has_option_filter(const bulletin_search_options *o)
{
    return (o->district && *o->district) || (o->topic && *o->topic) ||
           (o->date_from && *o->date_from) || (o->date_to && *o->date_to);
}

/* The matches the hits are picked from (m), the total and the facets.
 * Relevance reads the newest rank_window matches, scored; when there are
 * more, the total is estimated, or counted exactly in a second, unscored
 * pass over every match if facets need that pass anyway. */
static bulletin_status read_hits_and_count(bulletin_archive *a, plan *p,
                                           const bulletin_search_options *o, bulletin_sort sort,
                                           size_t limit, bulletin_results *r,
                                           bulletin__matches *m)
{
    size_t window = o->rank_window ? o->rank_window : BULLETIN_RANK_WINDOW_DEFAULT;
    if (window < o->offset + limit)
        window = o->offset + limit;
    read_mode mode = sort != BULLETIN_SORT_RELEVANCE  ? READ_ALL
                     : window == BULLETIN_RANK_ALL ? READ_ALL_RANKED
                                                   : READ_NEWEST_RANKED;
    /* The index, if loaded, spares the joins.  It is loaded for reading
     * every match when they are many (facets.c).  For facets that is
     * known in advance (the estimate, below); for a read of every match
     * in date order only once it is done, so the index is loaded for the
     * handle's next such read: a handle kept for many searches gains it
     * (350 → 31 ms for half a million matches), one used for a single
     * search does not pay the load (600 ms at a million articles). */
    bulletin__tag_index *index = NULL;
    bool reads_all = mode != READ_NEWEST_RANKED;
    bulletin__matches_reuse(a, m, reads_all);
    bulletin_status st = BULLETIN_OK;
    bool wanted = reads_all && a->tag_index_wanted;
    if (bulletin__tag_index_ready(a) || wanted)
        st = bulletin__tag_index_get(a, wanted ? SIZE_MAX : 0, &index);
    if (index)
        bulletin__tag_index_resolve(index, &p->facts);
    int64_t stretch[2];
    bool bounded = date_stretch(p, index, stretch);
    if (!st)
        st = read_matches(a, p, mode, window, 0, index, bounded ? stretch : NULL, m);
    if (!st && reads_all && !index && m->n >= bulletin__facet_index_after)
        a->tag_index_wanted = true;
    if (st)
        return st;
    r->total = m->n;
    r->total_exact = m->complete;
    if (m->complete) {
        if (o->facets)
            st = count_facets(a, p, m, r);
        return st;
    }
    int64_t lo, hi;
    if ((st = id_range(a, &lo, &hi)))   /* the estimate's range */
        return st;
    size_t estimate = 0;
    if ((st = estimate_total(a, p, index, m, lo, hi, &estimate)))
        return st;
    r->total = estimate;
    if (!o->facets)
        return BULLETIN_OK;
    if (!index) {   /* loaded now if the matches are many */
        if ((st = bulletin__tag_index_get(a, estimate, &index)))
            return st;
        if (index)
            bulletin__tag_index_resolve(index, &p->facts);
        bounded = date_stretch(p, index, stretch);
    }
    bulletin__matches all = BULLETIN_MATCHES_INIT;
    bulletin__matches_reuse(a, &all, true);
    st = read_matches(a, p, READ_ALL, 0, estimate, index, bounded ? stretch : NULL, &all);
    if (!st) {
        r->total = all.n;
        r->total_exact = true;
        st = count_facets(a, p, &all, r);
    }
    bulletin__matches_release(a, &all);
    return st;
}

/* Which straddle phrases (forms apart) of one search the archive holds,
 * looked up once each: match and match_any hold the same ones. */
typedef struct form_lookup {
    bulletin_archive *a;
    bulletin_status st;
    struct {
        char *phrase;
        int empty;
    } seen[32];
    size_t n;
} form_lookup;

static int form_is_empty(void *ctx, const char *phrase, size_t len)
{
    form_lookup *f = ctx;
    for (size_t i = 0; i < f->n; i++)
        if (strlen(f->seen[i].phrase) == len && !memcmp(f->seen[i].phrase, phrase, len))
            return f->seen[i].empty;
    static const char sql[] = "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?1 LIMIT 1";
    sqlite3_stmt *stmt;
    if ((f->st = bulletin__prepare(f->a, sql, &stmt)))
        return -2;
    sqlite3_bind_text(stmt, 1, phrase, (int)len, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        f->st = bulletin__sqlite_error(f->a, rc, "searching");
        return -2;
    }
    int empty = rc == SQLITE_DONE;
    if (f->n < sizeof f->seen / sizeof f->seen[0] &&
        (f->seen[f->n].phrase = strndup(phrase, len)) != NULL)
        f->seen[f->n++].empty = empty;
    return empty;
}

/* Drop the forms apart of the query's words that no article holds (see
 * bulletin__fts5_drop_phrases): a three-character word has three, and
 * for most words some are empty (下一步 也可以 at a million articles:
 * five of six, which cost FTS5 and bulletin_rank() about 2 ms of its
 * 11).  Finding one empty costs one walk of its terms, which the search
 * would have made anyway to weigh it.  An article indexed between this
 * look and the search is found by the next search. */
static bulletin_status drop_empty_forms(bulletin_archive *a, bulletin_compiled_query *q)
{
    form_lookup f = { a, BULLETIN_OK, { { NULL, 0 } }, 0 };
    int rc = bulletin__fts5_drop_phrases(&q->match, form_is_empty, &f);
    if (rc == 0 && q->match_any.len)
        rc = bulletin__fts5_drop_phrases(&q->match_any, form_is_empty, &f);
    for (size_t i = 0; i < f.n; i++)
        free(f.seen[i].phrase);
    return rc == -1 ? bulletin__nomem() : rc ? f.st : BULLETIN_OK;
}

static bulletin_status run_search(bulletin_archive *a, const char *query,
                                  const bulletin_search_options *o, size_t limit, size_t chars,
                                  bulletin_results *r)
{
    bulletin_tagger *tagger;
    bulletin_compiled_query q;
    plan p = { false, NULL, NULL, BULLETIN_BUF_INIT, NULL, BULLETIN_SQL_INIT, BULLETIN_SQL_INIT, false,
               BULLETIN__FACT_FILTER_INIT, NULL, NULL };
    bulletin_status st = bulletin__tagger_get(a, &tagger);
    if (st)
        return st;
    if ((st = bulletin__query_compile_search(query, has_option_filter(o), a->tokenizer, tagger,
                                             &q)))
        return st;
    st = drop_empty_forms(a, &q);
    if (!st)
        st = build_where(a, tagger, query, &q, o, &p);
    /* FTS5 marks whole index terms: a one-character query would light up
     * the bigram it prefixes (百«泉街»道).  The matcher marks exactly the
     * characters the query's words stand for.  A query with filter fields
     * keeps FTS5's marks (the matcher reads words only). */
    if (!st && p.has_match && bulletin_matcher_new(&p.matcher, a->tokenizer, query))
        p.matcher = NULL;
    /* Without words there is no relevance: newest first. */
    bulletin_sort sort = o->sort == BULLETIN_SORT_RELEVANCE && !p.has_match
                             ? BULLETIN_SORT_DATE_DESC : o->sort;
    bulletin__matches m = BULLETIN_MATCHES_INIT;
    if (!st)
        st = read_hits_and_count(a, &p, o, sort, limit, r, &m);
    if (!st)
        st = fetch_hits(a, &p, &m, limit, o->offset, chars, sort, r);
    bulletin__matches_release(a, &m);
    bulletin_matcher_free(p.matcher);
    plan_free(&p);
    bulletin__compiled_query_free(&q);
    return st;
}

bulletin_status bulletin_archive_search(bulletin_results **out, bulletin_archive *a,
                                        const char *query,
                                        const bulletin_search_options *options)
{
    if (!out || !a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "out and archive are required");
    *out = NULL;
    bulletin_search_options opts = BULLETIN_SEARCH_OPTIONS_INIT;
    if (options) {
        if (options->version < 1)
            return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                                   "search options lack BULLETIN_SEARCH_OPTIONS_VERSION");
        /* A caller built against an older version has only its fields:
         * version 2 added kinds, district, topic, dates, sort and facets,
         * version 3 rank_window. */
        opts.limit = options->limit;
        opts.offset = options->offset;
        opts.snippet_chars = options->snippet_chars;
        if (options->version >= 2) {
            opts.kinds = options->kinds;
            opts.district = options->district;
            opts.topic = options->topic;
            opts.date_from = options->date_from;
            opts.date_to = options->date_to;
            opts.sort = options->sort;
            opts.facets = options->facets;
        }
        if (options->version >= 3)
            opts.rank_window = options->rank_window;
    }
    if (!query && !has_option_filter(&opts))
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "a query is required unless a filter option is set");
    if ((unsigned)opts.sort > BULLETIN_SORT_DATE_ASC)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "invalid sort order %d",
                               (int)opts.sort);
    size_t limit = opts.limit ? opts.limit : DEFAULT_LIMIT;
    if (limit > MAX_LIMIT)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "limit %zu is above the maximum of %d", limit, MAX_LIMIT);
    size_t chars = opts.snippet_chars ? opts.snippet_chars : 60;

    bulletin_results *r = calloc(1, sizeof *r);
    if (!r)
        return bulletin__nomem();
    pthread_mutex_lock(&a->lock);
    bulletin_status st = run_search(a, query ? query : "", &opts, limit, chars, r);
    pthread_mutex_unlock(&a->lock);
    if (st) {
        bulletin_results_free(r);
        return st;
    }
    *out = r;
    return BULLETIN_OK;
}
