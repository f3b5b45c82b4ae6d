/* facets.c - district and topic counts over a search's matches, from an
 * in-memory index of every article's tags and facts.
 *
 * Counting in SQL joins every match to the tag tables and runs the MATCH
 * again for each facet: for a query that matches half of a million
 * articles, each facet costs as much as the search.  Instead each article
 * id maps to a bit set of its districts and one of its topics (there are
 * a few dozen of each), loaded once per handle from the two tag tables
 * and loaded again only after the archive changed; counting is then a
 * few nanoseconds a match.  The index costs 12 bytes an article (12 MB
 * for a million) and a second or so to load at that size, so a search
 * builds it only when it would pay: it already exists, or the matches
 * are many (bulletin__facet_index_after).
 *
 * The same index holds what a search filters and sorts on (the
 * article_facts columns and the article a continuation belongs to), so
 * that reading many matches is a walk of FTS5's rowids, without a join
 * per match to two tables: at half a million matches, 60 ms instead of
 * a second.  That adds 11 bytes an article. */
#include "config.h"
#include "archive.h"
#include "facets.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Below this many matches SQL's joins are cheaper than loading (a
 * variable so that the tests can take either path). */
size_t bulletin__facet_index_after = 20000;
/* Counting this many matches or more takes two threads. */
size_t bulletin__threaded_count_after = 100000;
/* Article ids up to this (12 bytes each) are indexed. */
#define MAX_ARTICLE_ID (64 * 1024 * 1024)

typedef struct name_set {
    char *names[64];
    size_t n;
} name_set;

/* kind[] of an id that is no article (deleted, or never used). */
#define NO_ARTICLE 0xFF
/* kind[] of an article whose stored kind this version does not know. */
#define UNKNOWN_KIND 31

struct bulletin__tag_index {
    int64_t data_version;      /* of the file, when loaded ... */
    int64_t changes;           /* ... and this connection's changes then */
    int64_t max_id;
    uint32_t *districts;       /* bit i: district names[i]; by article id */
    uint64_t *topics;
    name_set district_names, topic_names;
    /* by article id, from article_facts and article_parts: */
    int32_t *day;              /* issue date as YYYYMMDD, -1 unknown */
    int16_t *page;
    uint8_t *kind;             /* bulletin_kind, UNKNOWN_KIND or NO_ARTICLE */
    uint32_t *main_of;         /* the article a continuation belongs to, or 0 */
    unsigned *tokens;          /* FTS5 row length (all columns), 0 unknown */
};

static void free_names(name_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    s->n = 0;
}

void bulletin__tag_index_free(bulletin__tag_index *t)
{
    if (!t)
        return;
    free(t->districts);
    free(t->topics);
    free(t->day);
    free(t->page);
    free(t->kind);
    free(t->main_of);
    free(t->tokens);
    free_names(&t->district_names);
    free_names(&t->topic_names);
    free(t);
}

/* The bit of `name` in `s` (added if new); -1 when all `width` bits are
 * taken (the caller then counts in SQL) or without memory. */
static int bit_of(name_set *s, const char *name, size_t width)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->names[i], name))
            return (int)i;
    if (s->n == width || !(s->names[s->n] = bulletin__strdup(name)))
        return -1;
    return (int)s->n++;
}

/* Read one tag table into bit sets.  *usable is false when it has more
 * distinct values than bits. */
static bulletin_status load_table(bulletin_archive *a, const char *sql, bulletin__tag_index *t,
                                  bool districts, bool *usable)
{
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    name_set *names = districts ? &t->district_names : &t->topic_names;
    size_t width = districts ? 32 : 64;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(stmt, 0);
        const char *name = (const char *)sqlite3_column_text(stmt, 1);
        if (id < 1 || id > t->max_id || !name)
            continue;
        int bit = bit_of(names, name, width);
        if (bit < 0) {
            *usable = false;
            break;
        }
        if (districts)
            t->districts[id] |= (uint32_t)1 << bit;
        else
            t->topics[id] |= (uint64_t)1 << bit;
    }
    sqlite3_reset(stmt);
    if (*usable && rc != SQLITE_DONE)
        return bulletin__sqlite_error(a, rc, "counting facets");
    return BULLETIN_OK;
}

static bulletin_status load_facts(bulletin_archive *a, bulletin__tag_index *t)
{
    memset(t->kind, NO_ARTICLE, (size_t)t->max_id + 1);
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(
        a, "SELECT article_id, issue_date, page, kind FROM article_facts", &stmt);
    if (st)
        return st;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(stmt, 0);
        if (id < 1 || id > t->max_id)
            continue;
        t->day[id] = bulletin__day_of(sqlite3_column_text(stmt, 1));
        int page = sqlite3_column_int(stmt, 2);
        t->page[id] = (int16_t)(page < 0 ? 0 : page > INT16_MAX ? INT16_MAX : page);
        bulletin_kind kind;
        const char *name = (const char *)sqlite3_column_text(stmt, 3);
        t->kind[id] = name && !bulletin_kind_from_string(&kind, name) ? (uint8_t)kind
                                                                       : UNKNOWN_KIND;
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return bulletin__sqlite_error(a, rc, "reading the articles' facts");
    if ((st = bulletin__prepare(a, "SELECT part_id, main_id FROM article_parts", &stmt)))
        return st;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t part = sqlite3_column_int64(stmt, 0), main = sqlite3_column_int64(stmt, 1);
        if (part >= 1 && part <= t->max_id && main >= 1 && main <= t->max_id)
            t->main_of[part] = (uint32_t)main;
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK
                             : bulletin__sqlite_error(a, rc, "reading the articles' parts");
}

/* An SQLite varint (FTS5 writes its sizes so): 7 bits a byte, high bit
 * set on all but the last, the ninth byte whole.  The bytes read, 0 when
 * the blob ends inside it. */
static size_t get_varint(const unsigned char *p, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n && i < 9; i++) {
        if (i == 8) {
            *out = (v << 8) | p[i];
            return 9;
        }
        v = (v << 7) | (p[i] & 0x7F);
        if (!(p[i] & 0x80)) {
            *out = v;
            return i + 1;
        }
    }
    return 0;
}

/* Each FTS5 row's length, the sum of its columns' token counts as FTS5
 * stores them in its docsize table (one varint per column), for
 * bulletin_rank() to score rows without a seek each. */
static bulletin_status load_lengths(bulletin_archive *a, bulletin__tag_index *t)
{
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, "SELECT id, sz FROM articles_fts_docsize", &stmt);
    if (st)
        return st;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(stmt, 0);
        const unsigned char *sz = sqlite3_column_blob(stmt, 1);
        size_t n = (size_t)sqlite3_column_bytes(stmt, 1);
        if (id < 1 || id > t->max_id || !sz)
            continue;
        uint64_t total = 0, column;
        for (size_t at = 0, used; at < n; at += used) {
            if (!(used = get_varint(sz + at, n - at, &column)))
                break;
            total += column;
        }
        t->tokens[id] = total > UINT32_MAX ? 0 : (unsigned)total;   /* 0: ask FTS5 */
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK
                             : bulletin__sqlite_error(a, rc, "reading the articles' lengths");
}

void bulletin__tag_index_lengths(const bulletin__tag_index *t, bulletin__row_lengths *out)
{
    out->tokens = t->tokens;
    out->n = t->max_id + 1;
}

static bulletin_status load(bulletin_archive *a, bulletin__tag_index **out)
{
    *out = NULL;
    bulletin__tag_index *t = calloc(1, sizeof *t);
    if (!t)
        return bulletin__nomem();
    bulletin_status st;
    bool usable = true;
    if ((st = bulletin__single_int(a, "PRAGMA data_version", "counting facets",
                                   &t->data_version)) ||
        (st = bulletin__single_int(a, "SELECT coalesce(max(id), 0) FROM articles",
                                   "counting facets", &t->max_id))) {
        bulletin__tag_index_free(t);
        return st;
    }
    t->changes = sqlite3_total_changes64(a->db);
    if (t->max_id > MAX_ARTICLE_ID) {   /* ids this sparse: SQL is the better tool */
        bulletin__tag_index_free(t);
        return BULLETIN_OK;
    }
    size_t n = (size_t)t->max_id + 1;
    t->districts = calloc(n, sizeof *t->districts);
    t->topics = calloc(n, sizeof *t->topics);
    t->day = malloc(n * sizeof *t->day);
    t->page = malloc(n * sizeof *t->page);
    t->kind = malloc(n);
    t->main_of = calloc(n, sizeof *t->main_of);
    t->tokens = calloc(n, sizeof *t->tokens);
    if (!t->districts || !t->topics || !t->day || !t->page || !t->kind || !t->main_of ||
        !t->tokens)
        st = bulletin__nomem();
    if (!st)
        st = load_facts(a, t);
    if (!st)
        st = load_lengths(a, t);
    if (!st)
        st = load_table(a, "SELECT article_id, district FROM article_districts", t, true,
                        &usable);
    if (!st && usable)
        st = load_table(a, "SELECT article_id, topic FROM article_topics", t, false, &usable);
    if (st || !usable) {
        bulletin__tag_index_free(t);
        return st;
    }
    *out = t;
    return BULLETIN_OK;
}

bulletin_status bulletin__tag_index_get(bulletin_archive *a, size_t matches,
                                        bulletin__tag_index **out)
{
    *out = NULL;
    bulletin__tag_index *t = a->tag_index;
    if (t) {
        int64_t version;
        bulletin_status st = bulletin__single_int(a, "PRAGMA data_version", "counting facets",
                                                  &version);
        if (st)
            return st;
        if (version == t->data_version && sqlite3_total_changes64(a->db) == t->changes) {
            *out = t;
            return BULLETIN_OK;
        }
        bulletin__tag_index_free(t);   /* the archive changed */
        a->tag_index = NULL;
    }
    if (matches < bulletin__facet_index_after)
        return BULLETIN_OK;
    /* An archive whose index could not be built (more names than bits,
     * ids too sparse) is not read for it again until it changes: a
     * failed load reads every tag first. */
    int64_t version;
    bulletin_status st = bulletin__single_int(a, "PRAGMA data_version", "counting facets",
                                              &version);
    if (st)
        return st;
    int64_t changes = sqlite3_total_changes64(a->db);
    if (a->tag_index_refusal.refused && a->tag_index_refusal.data_version == version &&
        a->tag_index_refusal.changes == changes)
        return BULLETIN_OK;
    st = load(a, &a->tag_index);
    if (!st && !a->tag_index) {
        a->tag_index_refusal.refused = true;
        a->tag_index_refusal.data_version = version;
        a->tag_index_refusal.changes = changes;
    }
    *out = a->tag_index;
    return st;
}

/* Whether an issue day (YYYYMMDD, -1 unknown) passes f's dates. */
static bool day_passes(const bulletin__fact_filter *f, int32_t day)
{
    return !(f->day_from > 0 && day < f->day_from) &&
           !(f->day_to > 0 && (day < 0 || day > f->day_to));
}

bool bulletin__tag_index_match(const bulletin__tag_index *t, const bulletin__fact_filter *f,
                                int64_t part, bulletin__match *out)
{
    if (part < 1 || part > t->max_id)
        return false;
    int64_t art = t->main_of[part] ? t->main_of[part] : part;
    uint8_t kind = t->kind[art];
    if (kind == NO_ARTICLE || (f->kinds != BULLETIN_KINDS_ALL &&
                               (kind >= 32 || !(f->kinds & (1u << kind)))))
        return false;
    int32_t day = t->day[art];
    if (!day_passes(f, day))
        return false;
    if ((f->district && !(t->districts[art] & f->district_bits)) ||
        (f->topic && !(t->topics[art] & f->topic_bits)))
        return false;
    out->art = art;
    out->part = part;
    out->day = day;
    out->page = t->page[art];
    return true;
}

void bulletin__tag_index_passing(const bulletin__tag_index *t, const bulletin__fact_filter *f,
                                 int64_t from, size_t *all, size_t *newer)
{
    bulletin__match scratch;
    *all = *newer = 0;
    for (int64_t id = 1; id <= t->max_id; id++) {
        if (t->main_of[id] || !bulletin__tag_index_match(t, f, id, &scratch))
            continue;   /* continuations count as their articles */
        ++*all;
        *newer += id >= from;
    }
}

void bulletin__tag_index_day_ids(const bulletin__tag_index *t, const bulletin__fact_filter *f,
                                 int64_t *lo, int64_t *hi)
{
    *lo = 0;
    *hi = -1;
    for (int64_t id = 1; id <= t->max_id; id++) {
        int32_t day = t->day[t->main_of[id] ? t->main_of[id] : id];
        if (t->kind[id] == NO_ARTICLE || !day_passes(f, day))
            continue;
        if (*hi < 0)
            *lo = id;
        *hi = id;
    }
}

/* The bit of `name` in `names`, or 0 when no article has that name. */
static uint64_t bit_named(const name_set *names, const char *name)
{
    for (size_t i = 0; name && i < names->n; i++)
        if (!strcmp(names->names[i], name))
            return (uint64_t)1 << i;
    return 0;
}

void bulletin__tag_index_resolve(const bulletin__tag_index *t, bulletin__fact_filter *f)
{
    f->district_bits = (uint32_t)bit_named(&t->district_names, f->district);
    f->topic_bits = bit_named(&t->topic_names, f->topic);
}

void bulletin__tag_index_collect(const bulletin__tag_index *t, const bulletin__fact_filter *f,
                                 int64_t lo, int64_t hi, bulletin__matches *m)
{
    m->complete = true;
    for (int64_t id = lo > 1 ? lo : 1; id <= t->max_id && id <= hi; id++) {
        if (t->main_of[id])
            continue;   /* continuations count as their articles */
        if (bulletin__matches_add_indexed(m, t, f, id, 0.0) < 0) {
            m->complete = false;
            return;
        }
    }
}

bool bulletin__tag_index_ready(const bulletin_archive *a)
{
    return a->tag_index != NULL;
}

static int by_count(const void *x, const void *y)
{
    const bulletin_facet_count *a = x, *b = y;
    if (a->count != b->count)
        return a->count < b->count ? 1 : -1;
    return strcmp(a->value, b->value);
}

/* The counts of one name set, largest first, names copied. */
static bulletin_status counts_of(const name_set *names, const size_t *counts,
                                 bulletin_facet_count **out, size_t *nout)
{
    size_t n = 0;
    for (size_t i = 0; i < names->n; i++)
        n += counts[i] > 0;
    *out = NULL;
    *nout = 0;
    if (!n)
        return BULLETIN_OK;
    bulletin_facet_count *fc = calloc(n, sizeof *fc);
    if (!fc)
        return bulletin__nomem();
    size_t k = 0;
    for (size_t i = 0; i < names->n; i++) {
        if (!counts[i])
            continue;
        fc[k].count = counts[i];
        if (!(fc[k++].value = bulletin__strdup(names->names[i]))) {
            for (size_t j = 0; j + 1 < k; j++)
                free((char *)fc[j].value);
            free(fc);
            return bulletin__nomem();
        }
    }
    qsort(fc, n, sizeof *fc, by_count);
    *out = fc;
    *nout = n;
    return BULLETIN_OK;
}

/* One thread's share of a count: rows [from, to) of the matches. */
typedef struct tally {
    const bulletin__tag_index *t;
    const bulletin__match *rows;
    size_t from, to;
    size_t districts[32], topics[64];
    size_t *months;       /* BULLETIN__MONTHS entries */
} tally;

static void *count_rows(void *vt)
{
    tally *c = vt;
    const bulletin__tag_index *t = c->t;
    for (size_t i = c->from; i < c->to; i++) {
        int64_t id = c->rows[i].art;
        if (id >= 1 && id <= t->max_id) {
            for (uint32_t bits = t->districts[id]; bits; bits &= bits - 1)
                c->districts[__builtin_ctz(bits)]++;
            for (uint64_t bits = t->topics[id]; bits; bits &= bits - 1)
                c->topics[__builtin_ctzll(bits)]++;
        }
        bulletin__count_month(c->months, c->rows[i].day);
    }
    return NULL;
}

bulletin_status bulletin__tag_index_count(const bulletin__tag_index *t,
                                          const bulletin__matches *m,
                                          bulletin_facet_count **districts, size_t *ndistricts,
                                          bulletin_facet_count **topics, size_t *ntopics,
                                          size_t *month_counts)
{
    tally lower = { t, m->rows, 0, m->n, { 0 }, { 0 }, month_counts }, upper = lower;
    /* Half a million matches take milliseconds to count: the upper half
     * goes to a helper thread, into its own months. */
    pthread_t thread;
    bool threaded = false;
    if (m->n >= bulletin__threaded_count_after && m->n > 1 &&
        (upper.months = calloc(BULLETIN__MONTHS, sizeof *upper.months)) != NULL) {
        upper.from = lower.to = m->n / 2;
        threaded = pthread_create(&thread, NULL, count_rows, &upper) == 0;
        if (!threaded)
            lower.to = m->n;   /* no thread to be had: all on this one */
    }
    count_rows(&lower);
    if (threaded) {
        pthread_join(thread, NULL);
        for (int i = 0; i < 32; i++)
            lower.districts[i] += upper.districts[i];
        for (int i = 0; i < 64; i++)
            lower.topics[i] += upper.topics[i];
        for (size_t i = 0; i < BULLETIN__MONTHS; i++)
            month_counts[i] += upper.months[i];
    }
    if (upper.months != month_counts)
        free(upper.months);
    bulletin_status st = counts_of(&t->district_names, lower.districts, districts, ndistricts);
    if (!st)
        st = counts_of(&t->topic_names, lower.topics, topics, ntopics);
    return st;
}
