/* facets.c - district and topic counts over a search's matches, from an
 * in-memory index of every article's tags and facts.
 *
 * Counting in SQL joins every match to the tag tables and runs the MATCH
 * again for each facet: for a query that matches half of a million
 * articles, each facet costs as much as the search.  Instead each article
 * id maps to a bit set of its districts and one of its topics (a word of
 * 64 bits each while there are at most 64 names of a kind, one more word
 * for every 64 past that), loaded once per handle from the two tag tables
 * and loaded again only after the archive changed; counting is then a
 * few nanoseconds a match.  The sets cost 16 bytes an article (16 MB for
 * a million) and the index a second or so to load at that size, so a
 * search builds it only when it would pay: it already exists, or the
 * matches are many (bulletin__facet_index_after).
 *
 * The same index holds what a search filters and sorts on (the
 * article_facts columns, the article a continuation belongs to, and the
 * row's length for ranking), so that reading many matches is a walk of
 * FTS5's rowids, without a join per match to two tables: at half a
 * million matches, 60 ms instead of a second.  That adds 15 bytes an
 * article. */
#include "config.h"
#include "archive.h"
#include "facets.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Below this many matches SQL's joins are cheaper than loading (a
 * variable so that the tests can take either path). */
size_t bulletin__facet_index_after = 20000;
/* Counting this many matches or more takes two threads. */
size_t bulletin__threaded_count_after = 100000;
/* Archives whose article ids reach past this are not indexed: the index
 * takes about 30 bytes for every id up to the highest. */
int64_t bulletin__tag_index_max_id = 64 * 1024 * 1024;

/* One kind of tag (districts, or topics) of every article, as bit sets
 * of `words` 64-bit words an article: bit i is names[i].  The archive's
 * tags are a few dozen names of each kind; a taxonomy of more than 64
 * topics widens every article's set by a word. */
typedef struct tag_sets {
    char **names;
    size_t n, cap;
    size_t words;              /* per article, at least 1 */
    uint64_t *bits;            /* words * (max_id + 1), by article id */
} tag_sets;

static bool tag_sets_has(const tag_sets *s, int64_t id, int bit)
{
    return bit >= 0 && (s->bits[(size_t)id * s->words + (size_t)bit / 64] >> (bit % 64) & 1);
}

/* kind[] of an id that is no article (deleted, or never used). */
#define NO_ARTICLE 0xFF
/* kind[] of an article whose stored kind this version does not know. */
#define UNKNOWN_KIND 31

struct bulletin__tag_index {
    int64_t data_version;      /* of the file, when loaded ... */
    int64_t changes;           /* ... and this connection's changes then */
    int64_t max_id;
    tag_sets districts, topics;
    /* by article id, from article_facts and article_parts: */
    int32_t *day;              /* issue date as YYYYMMDD, -1 unknown */
    int16_t *page;
    uint8_t *kind;             /* bulletin_kind, UNKNOWN_KIND or NO_ARTICLE */
    uint32_t *main_of;         /* the article a continuation belongs to, or 0 */
    unsigned *tokens;          /* FTS5 row length (all columns), 0 unknown */
};

static void tag_sets_free(tag_sets *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
    free(s->bits);
}

void bulletin__tag_index_free(bulletin__tag_index *t)
{
    if (!t)
        return;
    tag_sets_free(&t->districts);
    tag_sets_free(&t->topics);
    free(t->day);
    free(t->page);
    free(t->kind);
    free(t->main_of);
    free(t->tokens);
    free(t);
}

/* Room for one more word in every article's set: the rows move apart,
 * from the last so that none is overwritten before it has moved. */
static bool widen(tag_sets *s, size_t articles)
{
    size_t words = s->words + 1;
    if (articles > SIZE_MAX / sizeof *s->bits / words)
        return false;
    uint64_t *bits = realloc(s->bits, articles * words * sizeof *bits);
    if (!bits)
        return false;
    for (size_t id = articles; id-- > 0;) {
        memmove(bits + id * words, bits + id * s->words, s->words * sizeof *bits);
        bits[id * words + s->words] = 0;
    }
    s->bits = bits;
    s->words = words;
    return true;
}

/* The bit of `name` in `s`, or -1 when no article has that name. */
static int bit_named(const tag_sets *s, const char *name)
{
    for (size_t i = 0; name && i < s->n; i++)
        if (!strcmp(s->names[i], name))
            return (int)i;
    return -1;
}

/* The bit of `name` in `s`, added if new (widening every article's set
 * past each 64th name); -1 without memory. */
static int bit_of(tag_sets *s, const char *name, size_t articles)
{
    int bit = bit_named(s, name);
    if (bit >= 0)
        return bit;
    if (s->n > INT_MAX - 1 || (s->n == s->words * 64 && !widen(s, articles)))
        return -1;
    void *names = s->names;
    if (!bulletin__grow(&names, &s->cap, s->n + 1, sizeof *s->names, 16, false))
        return -1;
    s->names = names;
    if (!(s->names[s->n] = bulletin__strdup(name)))
        return -1;
    return (int)s->n++;
}

/* Read one tag table into `s`, whose bits are allocated (one word). */
static bulletin_status load_table(bulletin_archive *a, const char *sql, bulletin__tag_index *t,
                                  tag_sets *s)
{
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    size_t articles = (size_t)t->max_id + 1;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(stmt, 0);
        const char *name = (const char *)sqlite3_column_text(stmt, 1);
        if (id < 1 || id > t->max_id || !name)
            continue;
        int bit = bit_of(s, name, articles);
        if (bit < 0) {
            sqlite3_reset(stmt);
            return bulletin__nomem();
        }
        s->bits[(size_t)id * s->words + (size_t)bit / 64] |= UINT64_C(1) << (bit % 64);
    }
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK : bulletin__sqlite_error(a, rc, "counting facets");
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

/* The index of the archive as it is at `version` (PRAGMA data_version)
 * and `changes` (this connection's), or NULL in *out when its ids are
 * too sparse for one. */
static bulletin_status load(bulletin_archive *a, int64_t version, int64_t changes,
                            bulletin__tag_index **out)
{
    *out = NULL;
    bulletin__tag_index *t = calloc(1, sizeof *t);
    if (!t)
        return bulletin__nomem();
    t->data_version = version;
    t->changes = changes;
    bulletin_status st = bulletin__single_int(a, "SELECT coalesce(max(id), 0) FROM articles",
                                              "counting facets", &t->max_id);
    if (st) {
        bulletin__tag_index_free(t);
        return st;
    }
    if (t->max_id > bulletin__tag_index_max_id) {   /* ids this sparse: SQL is better */
        bulletin__tag_index_free(t);
        return BULLETIN_OK;
    }
    size_t n = (size_t)t->max_id + 1;
    t->districts = (tag_sets){ NULL, 0, 0, 1, calloc(n, sizeof *t->districts.bits) };
    t->topics = (tag_sets){ NULL, 0, 0, 1, calloc(n, sizeof *t->topics.bits) };
    t->day = malloc(n * sizeof *t->day);
    t->page = malloc(n * sizeof *t->page);
    t->kind = malloc(n);
    t->main_of = calloc(n, sizeof *t->main_of);
    t->tokens = calloc(n, sizeof *t->tokens);
    if (!t->districts.bits || !t->topics.bits || !t->day || !t->page || !t->kind || !t->main_of ||
        !t->tokens)
        st = bulletin__nomem();
    if (!st)
        st = load_facts(a, t);
    if (!st)
        st = load_lengths(a, t);
    if (!st)
        st = load_table(a, "SELECT article_id, district FROM article_districts", t,
                        &t->districts);
    if (!st)
        st = load_table(a, "SELECT article_id, topic FROM article_topics", t, &t->topics);
    if (st) {
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
    if (!t && matches < bulletin__facet_index_after)
        return BULLETIN_OK;
    /* The archive's state, against which the index (or a refusal to
     * build one) is checked. */
    int64_t version;
    bulletin_status st = bulletin__single_int(a, "PRAGMA data_version", "counting facets",
                                              &version);
    if (st)
        return st;
    int64_t changes = sqlite3_total_changes64(a->db);
    if (t) {
        if (version == t->data_version && changes == t->changes) {
            *out = t;
            return BULLETIN_OK;
        }
        bulletin__tag_index_free(t);   /* the archive changed */
        a->tag_index = NULL;
    }
    if (matches < bulletin__facet_index_after)
        return BULLETIN_OK;
    /* An archive whose index could not be built (ids too sparse) is not
     * asked again until it changes. */
    if (a->tag_index_refusal.refused && a->tag_index_refusal.data_version == version &&
        a->tag_index_refusal.changes == changes)
        return BULLETIN_OK;
    st = load(a, version, changes, &a->tag_index);
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
    if ((f->district && !tag_sets_has(&t->districts, art, f->district_bit)) ||
        (f->topic && !tag_sets_has(&t->topics, art, f->topic_bit)))
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

void bulletin__tag_index_resolve(const bulletin__tag_index *t, bulletin__fact_filter *f)
{
    f->district_bit = bit_named(&t->districts, f->district);
    f->topic_bit = bit_named(&t->topics, f->topic);
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
static bulletin_status counts_of(const tag_sets *names, const size_t *counts,
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
    size_t *districts, *topics;   /* by bit */
    size_t *months;               /* BULLETIN__MONTHS entries */
} tally;

static void count_tags(const tag_sets *s, int64_t id, size_t *counts)
{
    const uint64_t *w = s->bits + (size_t)id * s->words;
    for (size_t j = 0; j < s->words; j++)
        for (uint64_t bits = w[j]; bits; bits &= bits - 1)
            counts[j * 64 + (size_t)__builtin_ctzll(bits)]++;
}

static void *count_rows(void *vt)
{
    tally *c = vt;
    const bulletin__tag_index *t = c->t;
    for (size_t i = c->from; i < c->to; i++) {
        int64_t id = c->rows[i].art;
        if (id >= 1 && id <= t->max_id) {
            count_tags(&t->districts, id, c->districts);
            count_tags(&t->topics, id, c->topics);
        }
        bulletin__count_month(c->months, c->rows[i].day);
    }
    return NULL;
}

/* A tally's district and topic counters, zeroed, in one block. */
static size_t *new_counters(const bulletin__tag_index *t, tally *c)
{
    size_t *counts = calloc(t->districts.n + t->topics.n + 1, sizeof *counts);
    c->districts = counts;
    c->topics = counts ? counts + t->districts.n : NULL;
    return counts;
}

bulletin_status bulletin__tag_index_count(const bulletin__tag_index *t,
                                          const bulletin__matches *m,
                                          bulletin_facet_count **districts, size_t *ndistricts,
                                          bulletin_facet_count **topics, size_t *ntopics,
                                          size_t *month_counts)
{
    tally lower = { t, m->rows, 0, m->n, NULL, NULL, month_counts }, upper = lower;
    size_t *lower_counts = new_counters(t, &lower), *upper_counts = NULL;
    if (!lower_counts)
        return bulletin__nomem();
    /* Half a million matches take milliseconds to count: the upper half
     * goes to a helper thread, into its own counters. */
    pthread_t thread;
    bool threaded = false;
    if (m->n >= bulletin__threaded_count_after && m->n > 1 &&
        (upper_counts = new_counters(t, &upper)) != NULL &&
        (upper.months = calloc(BULLETIN__MONTHS, sizeof *upper.months)) != NULL) {
        upper.from = lower.to = m->n / 2;
        threaded = pthread_create(&thread, NULL, count_rows, &upper) == 0;
        if (!threaded)
            lower.to = m->n;   /* no thread to be had: all on this one */
    }
    count_rows(&lower);
    if (threaded) {
        pthread_join(thread, NULL);
        for (size_t i = 0; i < t->districts.n + t->topics.n; i++)
            lower_counts[i] += upper_counts[i];
        for (size_t i = 0; i < BULLETIN__MONTHS; i++)
            month_counts[i] += upper.months[i];
    }
    if (upper.months != month_counts)
        free(upper.months);
    free(upper_counts);
    bulletin_status st = counts_of(&t->districts, lower.districts, districts, ndistricts);
    if (!st)
        st = counts_of(&t->topics, lower.topics, topics, ntopics);
    free(lower_counts);
    return st;
}
