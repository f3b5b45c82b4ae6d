/* search.c - run a user query: rank, count, snippets in the original script.
 *
 * The query is compiled to an FTS5 MATCH expression (query/); FTS5 ranks
 * with bm25 weighted by column (headline 10, subtitle 5, body 1) and cuts
 * snippets from the stored original text using the tokenizer's byte
 * offsets, so the highlighted text is in the article's own script whatever
 * script the query was typed in.
 *
 * An article that jump lines split across pages is one hit: every
 * matching part is folded into its main part (article_parts, jumps.c),
 * which gives the hit its id, headline, date and kind; the best-ranked
 * part gives the score and the snippet.  Advertisements are left out
 * unless the options ask for them (kind_mask). */
#include "config.h"
#include "archive.h"
#include "query/query.h"

#include <stddef.h>
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
    size_t count;
    bulletin_hit *hits;
};

static void free_hit(bulletin_hit *h)
{
    free((char *)h->headline);
    free((char *)h->issue_date);
    free((char *)h->snippet);
    free((bulletin_span *)h->highlights);
}

void bulletin_results_free(bulletin_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->count; i++)
        free_hit(&r->hits[i]);
    free(r->hits);
    free(r);
}

size_t bulletin_results_total(const bulletin_results *r)
{
    return r ? r->total : 0;
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

/* The kinds to return, as bits by bulletin_kind: what the caller asked,
 * or by default everything but advertisements. */
static unsigned kind_mask(unsigned kinds)
{
    return kinds ? kinds & BULLETIN_KINDS_ALL
                 : BULLETIN_KINDS_ALL & ~BULLETIN_KIND_BIT(BULLETIN_KIND_ADVERTISEMENT);
}

/* SQL: is the kind of article x (its main part's) in the mask ?9?  The
 * numbers are bulletin_kind's values. */
#define KIND_FILTER \
    " ((?9 >> CASE x.kind WHEN 'news' THEN 0 WHEN 'commentary' THEN 1" \
    " WHEN 'advertisement' THEN 2 WHEN 'continuation' THEN 3 ELSE 4 END) & 1)"

/* SQL: the matching rows, each with the article it belongs to. */
#define MATCHING_PARTS \
    " SELECT coalesce(p.main_id, a.id) AS art, a.id AS part," \
    " bm25(articles_fts, 10.0, 5.0, 1.0) AS r" \
    " FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid" \
    " LEFT JOIN article_parts p ON p.part_id = a.id" \
    " WHERE articles_fts MATCH ?1"

/* The same rows without the rank: counting needs no bm25 per row. */
#define MATCHING_ARTICLES \
    " SELECT DISTINCT coalesce(p.main_id, articles_fts.rowid) AS art" \
    " FROM articles_fts LEFT JOIN article_parts p ON p.part_id = articles_fts.rowid" \
    " WHERE articles_fts MATCH ?1"

static bulletin_status count_matches(bulletin_archive *a, const char *match,
                                     unsigned kinds, size_t *total)
{
    static const char sql[] =
        "SELECT count(*) FROM (" MATCHING_ARTICLES ") g"
        " JOIN articles x ON x.id = g.art WHERE" KIND_FILTER;
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int(stmt, 9, (int)kind_mask(kinds));
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        *total = (size_t)sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    return rc == SQLITE_ROW ? BULLETIN_OK : bulletin__sqlite_error(a, rc, "searching");
}

/* The snippet of one matching part (FTS5 cannot cut snippets inside the
 * grouping that folds parts, so it is asked for each hit shown). */
static bulletin_status part_snippet(bulletin_archive *a, const char *match,
                                    int64_t part, int snippet_tokens, bulletin_hit *h)
{
    /* Rank first, then cut snippets for the page of hits only: computed
     * in one SELECT with ORDER BY, snippet() would re-tokenize the text of
     * every matching article before the sort. */
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

static bulletin_status fetch_hits(bulletin_archive *a, const char *match, size_t limit,
                                  size_t offset, int snippet_tokens, unsigned kinds,
                                  bulletin_results *r)
{
    /* MATERIALIZED: bm25() may not be called inside the grouping. */
    static const char sql[] =
        "WITH m AS MATERIALIZED (" MATCHING_PARTS ")"
        " SELECT g.art, x.headline, coalesce(x.issue_date, ''), x.page, x.kind, -g.r, g.part"
        " FROM (SELECT art, part, min(r) AS r FROM m GROUP BY art) g"
        " JOIN articles x ON x.id = g.art WHERE" KIND_FILTER
        " ORDER BY g.r, x.issue_date DESC, x.id"
        " LIMIT ?2 OFFSET ?3";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, (int64_t)limit);
    sqlite3_bind_int64(stmt, 3, (int64_t)offset);
    sqlite3_bind_int(stmt, 9, (int)kind_mask(kinds));
    r->hits = calloc(limit ? limit : 1, sizeof *r->hits);
    int64_t *parts = calloc(limit ? limit : 1, sizeof *parts);
    if (!r->hits || !parts) {
        free(parts);
        return bulletin__nomem();
    }
    int rc = SQLITE_DONE;
    while (!st && r->count < limit && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        bulletin_hit *h = &r->hits[r->count++];
        h->id = sqlite3_column_int64(stmt, 0);
        h->headline = bulletin__column_dup(stmt, 1);
        h->issue_date = bulletin__column_dup(stmt, 2);
        h->page = sqlite3_column_int(stmt, 3);
        const char *kind = (const char *)sqlite3_column_text(stmt, 4);
        if (!kind || bulletin_kind_from_string(&h->kind, kind))
            h->kind = BULLETIN_KIND_OTHER;
        h->score = sqlite3_column_double(stmt, 5);
        parts[r->count - 1] = sqlite3_column_int64(stmt, 6);
        if (!h->headline || !h->issue_date)
            st = bulletin__nomem();
    }
    if (!st && r->count < limit && rc != SQLITE_DONE)
        st = bulletin__sqlite_error(a, rc, "searching");
    sqlite3_reset(stmt);
    for (size_t i = 0; i < r->count && !st; i++)
        st = part_snippet(a, match, parts[i], snippet_tokens, &r->hits[i]);
    free(parts);
    return st;
}

bulletin_status bulletin_archive_search(bulletin_results **out, bulletin_archive *a,
                                        const char *query,
                                        const bulletin_search_options *options)
{
    if (out)
        *out = NULL;
    if (!out || !a || !query)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "out, archive and query are required");
    bulletin_search_options opts = BULLETIN_SEARCH_OPTIONS_INIT;
    if (options) {
        if (options->version < 1)
            return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                                   "search options lack BULLETIN_SEARCH_OPTIONS_VERSION");
        /* A version-1 caller's struct ends before `kinds`. */
        if (options->version < 2)
            memcpy(&opts, options, offsetof(bulletin_search_options, kinds));
        else
            opts = *options;
        opts.version = BULLETIN_SEARCH_OPTIONS_VERSION;
    }
    unsigned kinds = opts.kinds;
    size_t limit = opts.limit ? opts.limit : DEFAULT_LIMIT;
    if (limit > MAX_LIMIT)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "limit %zu is above the maximum of %d", limit, MAX_LIMIT);
    /* FTS5 counts snippet length in tokens: about one per Han character. */
    size_t chars = opts.snippet_chars ? opts.snippet_chars : 60;
    int tokens = chars > 64 ? 64 : (int)chars;

    bulletin_results *r = calloc(1, sizeof *r);
    if (!r)
        return bulletin__nomem();
    bulletin_buf match = BULLETIN_BUF_INIT;
    pthread_mutex_lock(&a->lock);
    bulletin_status st = bulletin__query_to_fts5(query, a->tokenizer, &match);
    if (!st)
        st = count_matches(a, match.data, kinds, &r->total);
    if (!st && r->total > opts.offset)
        st = fetch_hits(a, match.data, limit, opts.offset, tokens, kinds, r);
    pthread_mutex_unlock(&a->lock);
    bulletin_buf_free(&match);
    if (st) {
        bulletin_results_free(r);
        return st;
    }
    *out = r;
    return BULLETIN_OK;
}
