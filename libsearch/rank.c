/* rank.c - the matching articles of a search, read once: counted, their
 * parts folded into their articles, and the page of hits picked.
 *
 * SQLite could do all of this (count(DISTINCT), GROUP BY, ORDER BY ...
 * LIMIT), but only by running the MATCH and its joins once for the count
 * and again for the page, and sorting every match to keep twenty.  Here
 * the matches are read once into a compact array; folding parts is a
 * hash lookup per row and the page a bounded heap, so the cost past
 * FTS5's own is a few nanoseconds a match. */
#include "config.h"
#include "archive.h"
#include "rank.h"
#include "facets.h"
#include "fts5_tokenizer.h"

#include <stdlib.h>
#include <string.h>

void bulletin__matches_free(bulletin__matches *m)
{
    free(m->rows);
    memset(m, 0, sizeof *m);
}

void bulletin__count_month(size_t *counts, int32_t day)
{
    size_t month = (size_t)(day / 10000) * 12 + (size_t)(day / 100 % 100) - 1;
    if (day >= 0 && month < BULLETIN__MONTHS)
        counts[month]++;
}

int32_t bulletin__day_of(const unsigned char *d)
{
    if (!d || strlen((const char *)d) < 10)
        return -1;
    int32_t v = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (d[i] < '0' || d[i] > '9')
            return -1;
        v = v * 10 + (d[i] - '0');
    }
    return v;
}

void bulletin__matches_reuse(bulletin_archive *a, bulletin__matches *m, bool large)
{
    int k = large ? a->spare_cap[1] > a->spare_cap[0] : a->spare_cap[1] < a->spare_cap[0];
    if (!a->spare_rows[k])
        return;
    m->rows = a->spare_rows[k];
    m->cap = a->spare_cap[k];
    a->spare_rows[k] = NULL;
    a->spare_cap[k] = 0;
}

void bulletin__matches_release(bulletin_archive *a, bulletin__matches *m)
{
    int k = a->spare_cap[1] < a->spare_cap[0];   /* the smaller slot */
    if (m->rows && m->cap > a->spare_cap[k]) {
        free(a->spare_rows[k]);
        a->spare_rows[k] = m->rows;
        a->spare_cap[k] = m->cap;
        m->rows = NULL;
    }
    bulletin__matches_free(m);
}

/* Open-addressing table from article id to its row, for folding parts.
 * It holds only the articles that have a matching part: continuations
 * are a few in a hundred, so the table stays small (in cache) even when
 * the matches are half a million. */
typedef struct fold_table {
    int64_t *keys;     /* 0 = free (article ids start at 1) */
    size_t *rows;      /* SIZE_MAX: no row kept yet */
    size_t mask;
} fold_table;

static size_t fold_slot(const fold_table *t, int64_t key)
{
    size_t i = (size_t)((uint64_t)key * 0x9E3779B97F4A7C15u >> 17) & t->mask;
    while (t->keys[i] && t->keys[i] != key)
        i = (i + 1) & t->mask;
    return i;
}

/* Keep one row per article: the best-ranked of its matching parts.  The
 * articles with parts are gathered first, in the table and in a bitmap
 * by id; every other row is kept as it is, after a bit test rather than
 * a lookup (half a million lookups took as long as counting the facets). */
static bulletin_status fold_parts(bulletin__matches *m, size_t nparts)
{
    size_t slots = 16;
    while (slots < 2 * nparts)
        slots *= 2;
    int64_t max_art = 0;
    for (size_t i = 0; i < m->n; i++)
        if (m->rows[i].art > max_art)
            max_art = m->rows[i].art;
    fold_table t = { calloc(slots, sizeof *t.keys), malloc(slots * sizeof *t.rows), slots - 1 };
    uint8_t *has_parts = calloc((size_t)max_art / 8 + 1, 1);
    if (!t.keys || !t.rows || !has_parts) {
        free(t.keys);
        free(t.rows);
        free(has_parts);
        return bulletin__nomem();
    }
    for (size_t i = 0; i < m->n; i++) {
        int64_t art = m->rows[i].art;
        if (art == m->rows[i].part || art < 0)
            continue;
        size_t s = fold_slot(&t, art);
        t.keys[s] = art;
        t.rows[s] = SIZE_MAX;
        has_parts[art / 8] |= (uint8_t)(1u << (art % 8));
    }
    size_t kept = 0;
    for (size_t i = 0; i < m->n; i++) {
        bulletin__match row = m->rows[i];
        if (row.art < 0 || !(has_parts[row.art / 8] & (1u << (row.art % 8)))) {
            m->rows[kept++] = row;           /* an article without parts */
            continue;
        }
        size_t s = fold_slot(&t, row.art);   /* in the table: its bit is set */
        if (t.rows[s] == SIZE_MAX) {         /* its first row */
            t.rows[s] = kept;
            m->rows[kept++] = row;
        } else if (row.rank < m->rows[t.rows[s]].rank) {
            m->rows[t.rows[s]] = row;
        }
    }
    m->n = kept;
    free(t.keys);
    free(t.rows);
    free(has_parts);
    return BULLETIN_OK;
}

/* Room for one more row. */
static bulletin__match *new_row(bulletin__matches *m)
{
    void *rows = m->rows;
    if (!bulletin__grow(&rows, &m->cap, m->n + 1, sizeof *m->rows, 256, false))
        return NULL;
    m->rows = rows;
    return &m->rows[m->n];
}

int bulletin__matches_add_indexed(bulletin__matches *m, const bulletin__tag_index *index,
                                  const bulletin__fact_filter *filter, int64_t part,
                                  double rank)
{
    bulletin__match *row = new_row(m);
    if (!row)
        return -1;
    if (!bulletin__tag_index_match(index, filter, part, row))
        return 0;
    row->rank = rank;
    m->last_part = part;   /* as SQL's filter would leave it */
    m->n++;
    m->read++;
    return 1;
}

int bulletin__matches_collect(sqlite3 *db, const char *match, int64_t lo, int64_t hi,
                              const bulletin__tag_index *index,
                              const bulletin__fact_filter *filter, bulletin__matches *m)
{
    sqlite3_stmt *stmt;
    /* The function is a filter that lets nothing through: the statement
     * returns no row, and SQLite calls it once per match. */
    int rc = sqlite3_prepare_v2(db, "SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?2"
                                " AND rowid >= ?3 AND rowid <= ?4"
                                " AND " BULLETIN_FTS5_COLLECT "(articles_fts, ?1) = 0",
                                -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    bulletin__collect_sink sink = { m, index, filter, false };
    sqlite3_bind_pointer(stmt, 1, &sink, BULLETIN_FTS5_COLLECT_SINK, NULL);
    sqlite3_bind_text(stmt, 2, match, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, lo);
    sqlite3_bind_int64(stmt, 4, hi);
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (sink.failed)
        return SQLITE_NOMEM;
    m->complete = rc == SQLITE_DONE;
    return rc == SQLITE_DONE ? SQLITE_OK : rc == SQLITE_ROW ? SQLITE_INTERNAL : rc;
}

bool bulletin__row_set_add(bulletin__row_set *s, int64_t row)
{
    if (row < 0)
        return false;
    size_t w = (size_t)((uint64_t)row >> 6);
    /* Rows mostly come in order: grow by doubling, the new words empty. */
    void *words = s->words;
    if (!bulletin__grow(&words, &s->n, w + 1, sizeof *s->words, 1024, true))
        return false;
    s->words = words;
    s->words[w] |= UINT64_C(1) << (row & 63);
    return true;
}

size_t bulletin__set_read_after = 100000;

int bulletin__matches_collect_set(sqlite3 *db, const char *match, const char *program,
                                  int64_t lo, int64_t hi, const bulletin__tag_index *index,
                                  const bulletin__fact_filter *filter, bulletin__matches *m)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(db, "SELECT " BULLETIN_FTS5_MATCH_SET "(articles_fts, ?1)"
                                " FROM articles_fts WHERE articles_fts MATCH ?2 LIMIT 1",
                                -1, &stmt, NULL);
    if (rc != SQLITE_OK)
        return rc;
    bulletin__set_sink sink = { program, { NULL, 0 }, SQLITE_OK };
    sqlite3_bind_pointer(stmt, 1, &sink, BULLETIN_FTS5_SET_SINK, NULL);
    sqlite3_bind_text(stmt, 2, match, -1, SQLITE_STATIC);
    rc = sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE)   /* DONE: no row matched, nothing to add */
        rc = sink.rc;
    /* The set's rows within [lo, hi], a word of 64 at a time.  Parts are
     * folded on the way: an article already added (through any of its
     * parts: all rank alike here) is not added again. */
    bulletin__row_set seen = { NULL, 0 };
    if (lo < 0)
        lo = 0;
    for (size_t w = (size_t)((uint64_t)lo >> 6); rc == SQLITE_OK && w < sink.rows.n &&
                                                   (int64_t)(w << 6) <= hi;
         w++) {
        uint64_t bits = sink.rows.words[w];
        while (bits) {
            int64_t row = (int64_t)(w << 6) + __builtin_ctzll(bits);
            bits &= bits - 1;
            if (row < lo || row > hi)
                continue;
            int added = bulletin__matches_add_indexed(m, index, filter, row, 0.0);
            if (added < 0) {
                rc = SQLITE_NOMEM;
                break;
            }
            if (!added)
                continue;
            int64_t art = m->rows[m->n - 1].art;
            if (bulletin__row_set_has(&seen, art))
                m->n--;
            else if (!bulletin__row_set_add(&seen, art)) {
                rc = SQLITE_NOMEM;
                break;
            }
        }
    }
    free(seen.words);
    free(sink.rows.words);
    m->complete = rc == SQLITE_OK;
    return rc;
}

/* The rows of `stmt`, either as SQL joined them (index NULL: article,
 * part, rank, issue date, page) or as FTS5 gave them (rowid, rank) with
 * the rest from the index. */
static bulletin_status read_rows(bulletin_archive *a, sqlite3_stmt *stmt,
                                 const bulletin__tag_index *index,
                                 const bulletin__fact_filter *filter, size_t max_rows,
                                 bulletin__matches *m)
{
    size_t nparts = 0;
    int rc = SQLITE_DONE;
    while ((!max_rows || m->read < max_rows) && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        if (index) {
            int added = bulletin__matches_add_indexed(m, index, filter,
                                                      sqlite3_column_int64(stmt, 0),
                                                      sqlite3_column_double(stmt, 1));
            if (added < 0)
                return bulletin__nomem();
            nparts += added && m->rows[m->n - 1].art != m->rows[m->n - 1].part;
            continue;
        }
        bulletin__match *row = new_row(m);
        if (!row)
            return bulletin__nomem();
        row->art = sqlite3_column_int64(stmt, 0);
        row->part = sqlite3_column_int64(stmt, 1);
        row->rank = sqlite3_column_double(stmt, 2);
        row->day = bulletin__day_of(sqlite3_column_text(stmt, 3));
        row->page = sqlite3_column_int(stmt, 4);
        m->last_part = row->part;
        nparts += row->art != row->part;
        m->n++;
        m->read++;
    }
    /* Stopped at max_rows: is there more?  With the index, more that
     * passes the filter, as SQL's WHERE would answer. */
    bulletin__match scratch;
    if (rc == SQLITE_ROW)
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW && index &&
               !bulletin__tag_index_match(index, filter, sqlite3_column_int64(stmt, 0), &scratch))
            ;
    m->complete = rc == SQLITE_DONE;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return bulletin__sqlite_error(a, rc, "searching");
    return nparts ? fold_parts(m, nparts) : BULLETIN_OK;
}

bulletin_status bulletin__matches_read(bulletin_archive *a, sqlite3_stmt *stmt,
                                       size_t max_rows, bulletin__matches *m)
{
    return read_rows(a, stmt, NULL, NULL, max_rows, m);
}

bulletin_status bulletin__matches_read_indexed(bulletin_archive *a, sqlite3_stmt *stmt,
                                               const bulletin__tag_index *index,
                                               const bulletin__fact_filter *filter,
                                               size_t max_rows, bulletin__matches *m)
{
    return read_rows(a, stmt, index, filter, max_rows, m);
}

bulletin_status bulletin__matches_fold(bulletin__matches *m)
{
    size_t nparts = 0;
    for (size_t i = 0; i < m->n; i++)
        nparts += m->rows[i].art != m->rows[i].part;
    return nparts ? fold_parts(m, nparts) : BULLETIN_OK;
}

/* Does x come before y in the order asked for?  By relevance, ties go to
 * the newer; by date, ties go by page; then the lower id.  Undated
 * articles come after dated ones of the same rank, and last by date. */
static bool before(const bulletin__match *x, const bulletin__match *y, bulletin_sort sort)
{
    if (sort == BULLETIN_SORT_RELEVANCE && x->rank != y->rank)
        return x->rank < y->rank;   /* bm25: lower is better */
    if ((x->day < 0) != (y->day < 0))
        return y->day < 0;
    if (x->day != y->day)
        return sort == BULLETIN_SORT_DATE_ASC ? x->day < y->day : x->day > y->day;
    if (sort != BULLETIN_SORT_RELEVANCE && x->page != y->page)
        return x->page < y->page;
    return x->art < y->art;
}

/* A max-heap on `before`: the root is the worst of the best k so far. */
static void sift_down(bulletin__match *h, size_t n, size_t i, bulletin_sort sort)
{
    for (;;) {
        size_t worst = i, l = 2 * i + 1, r = l + 1;
        if (l < n && before(&h[worst], &h[l], sort))
            worst = l;
        if (r < n && before(&h[worst], &h[r], sort))
            worst = r;
        if (worst == i)
            return;
        bulletin__match tmp = h[i];
        h[i] = h[worst];
        h[worst] = tmp;
        i = worst;
    }
}

static void sift_up(bulletin__match *h, size_t i, bulletin_sort sort)
{
    while (i) {
        size_t parent = (i - 1) / 2;
        if (!before(&h[parent], &h[i], sort))
            return;
        bulletin__match tmp = h[i];
        h[i] = h[parent];
        h[parent] = tmp;
        i = parent;
    }
}

bulletin_status bulletin__matches_page(const bulletin__matches *m, bulletin_sort sort,
                                       size_t offset, size_t limit, bulletin__match **out,
                                       size_t *count)
{
    *out = NULL;
    *count = 0;
    if (offset >= m->n || !limit)
        return BULLETIN_OK;
    size_t k = offset + limit < m->n ? offset + limit : m->n;
    bulletin__match *heap = malloc(k * sizeof *heap);
    if (!heap)
        return bulletin__nomem();
    size_t n = 0;
    for (size_t i = 0; i < m->n; i++) {
        if (n < k) {
            heap[n] = m->rows[i];
            sift_up(heap, n++, sort);
        } else if (before(&m->rows[i], &heap[0], sort)) {
            heap[0] = m->rows[i];
            sift_down(heap, n, 0, sort);
        }
    }
    /* Heapsort the k best, the worst going to the back: best first, and
     * the page is the part after `offset`. */
    for (size_t end = n; end > 1; end--) {
        bulletin__match tmp = heap[0];
        heap[0] = heap[end - 1];
        heap[end - 1] = tmp;
        sift_down(heap, end - 1, 0, sort);
    }
    memmove(heap, heap + offset, (n - offset) * sizeof *heap);
    *out = heap;
    *count = n - offset;
    return BULLETIN_OK;
}
