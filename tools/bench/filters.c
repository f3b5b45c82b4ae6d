/* filters.c - the ground truth of filters and facets (see filters.h). */
#include "config.h"
#include "filters.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NAMES 64      /* districts or topics: one bit each */
#define NO_DATE_LO 0
#define NO_DATE_HI 99999999

struct tag_table {
    int64_t max_id;
    int64_t *main_of;     /* a continuation's article, 0 for the others */
    int32_t *date;        /* issue date as YYYYMMDD, 0 when unknown */
    uint8_t *exists, *is_ad;
    uint64_t *districts, *topics;   /* bit k: names[k] */
    char *dnames[MAX_NAMES], *tnames[MAX_NAMES];
    size_t nd, nt;
    char **alias, **canon;          /* gazetteer: name as typed -> district */
    size_t nalias;
};

static void say(char *err, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, len, fmt, ap);
    va_end(ap);
}

/* ---------------------------------------------------------------- gazetteer */

static void add_alias(tag_table *t, const char *name, const char *district)
{
    t->alias = realloc(t->alias, (t->nalias + 1) * sizeof *t->alias);
    t->canon = realloc(t->canon, (t->nalias + 1) * sizeof *t->canon);
    t->alias[t->nalias] = strdup(name);
    t->canon[t->nalias] = strdup(district);
    t->nalias++;
}

/* Each section's own name and its `short` and `former` names. */
static int read_gazetteer(tag_table *t, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        say(err, errlen, "cannot read %s", path);
        return -1;
    }
    char line[4096], section[256] = "";
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "#\n")] = '\0';
        char *save, *key = strtok_r(line, " \t", &save);
        if (!key)
            continue;
        if (key[0] == '[') {
            snprintf(section, sizeof section, "%s", key + 1);
            section[strcspn(section, "]")] = '\0';
            if (strcmp(section, "ignore"))
                add_alias(t, section, section);
            continue;
        }
        if (!section[0] || !strcmp(section, "ignore") ||
            (strcmp(key, "short") && strcmp(key, "former")))
            continue;
        for (char *w; (w = strtok_r(NULL, " \t", &save));)
            add_alias(t, w, section);
    }
    fclose(f);
    return t->nalias ? 0 : (say(err, errlen, "no districts in %s", path), -1);
}

static const char *resolve_district(const tag_table *t, const char *typed)
{
    for (size_t i = 0; i < t->nalias; i++)
        if (!strcmp(t->alias[i], typed))
            return t->canon[i];
    return NULL;
}

/* ---------------------------------------------------------------- loading */

static int find_name(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(names[i], name))
            return (int)i;
    return -1;
}

/* The bit of a name, given one when new; -1 when the bits are used up. */
static int name_bit(char **names, size_t *n, const char *name)
{
    int bit = find_name(names, *n, name);
    if (bit >= 0 || *n == MAX_NAMES)
        return bit;
    names[*n] = strdup(name);
    return (int)(*n)++;
}

/* "2017-12-08" -> 20171208; 0 for anything else. */
static int32_t day_number(const char *s)
{
    int y, m, d, used = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || used != 10)
        return 0;
    return y * 10000 + m * 100 + d;
}

static sqlite3_stmt *select_rows(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        say(err, errlen, "%s: %s", sql, sqlite3_errmsg(db));
        return NULL;
    }
    return st;
}

static bool in_range(const tag_table *t, int64_t id)
{
    return id >= 1 && id <= t->max_id;
}

static int load_facts(tag_table *t, sqlite3 *db, char *err, size_t errlen)
{
    sqlite3_stmt *st = select_rows(db, "SELECT article_id, issue_date, kind FROM article_facts",
                                   err, errlen);
    if (!st)
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (!in_range(t, id))
            continue;
        t->exists[id] = 1;
        t->date[id] = day_number((const char *)sqlite3_column_text(st, 1));
        const char *kind = (const char *)sqlite3_column_text(st, 2);
        t->is_ad[id] = kind && !strcmp(kind, "advertisement");
    }
    sqlite3_finalize(st);
    if (!(st = select_rows(db, "SELECT part_id, main_id FROM article_parts", err, errlen)))
        return -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        int64_t part = sqlite3_column_int64(st, 0);
        if (in_range(t, part))
            t->main_of[part] = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return 0;
}

static int load_tags(sqlite3 *db, const char *sql, uint64_t *bits, char **names, size_t *n,
                     int64_t max_id, char *err, size_t errlen)
{
    sqlite3_stmt *st = select_rows(db, sql, err, errlen);
    if (!st)
        return -1;
    int rc = 0;
    while (!rc && sqlite3_step(st) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        int bit = name_bit(names, n, (const char *)sqlite3_column_text(st, 1));
        if (bit < 0) {
            say(err, errlen, "more than %d names in %s", MAX_NAMES, sql);
            rc = -1;
        } else if (id >= 1 && id <= max_id) {
            bits[id] |= UINT64_C(1) << bit;
        }
    }
    sqlite3_finalize(st);
    return rc;
}

tag_table *tags_load(sqlite3 *db, const char *gazetteer_path, char *err, size_t errlen)
{
    tag_table *t = calloc(1, sizeof *t);
    sqlite3_stmt *st = select_rows(db, "SELECT coalesce(max(id), 0) FROM articles", err, errlen);
    if (!st) {
        free(t);
        return NULL;
    }
    if (sqlite3_step(st) == SQLITE_ROW)
        t->max_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    size_t n = (size_t)t->max_id + 1;
    t->main_of = calloc(n, sizeof *t->main_of);
    t->date = calloc(n, sizeof *t->date);
    t->exists = calloc(n, 1);
    t->is_ad = calloc(n, 1);
    t->districts = calloc(n, sizeof *t->districts);
    t->topics = calloc(n, sizeof *t->topics);
    if (read_gazetteer(t, gazetteer_path, err, errlen) || load_facts(t, db, err, errlen) ||
        load_tags(db, "SELECT article_id, district FROM article_districts", t->districts,
                  t->dnames, &t->nd, t->max_id, err, errlen) ||
        load_tags(db, "SELECT article_id, topic FROM article_topics", t->topics, t->tnames,
                  &t->nt, t->max_id, err, errlen)) {
        tags_free(t);
        return NULL;
    }
    return t;
}

void tags_free(tag_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nd; i++)
        free(t->dnames[i]);
    for (size_t i = 0; i < t->nt; i++)
        free(t->tnames[i]);
    for (size_t i = 0; i < t->nalias; i++) {
        free(t->alias[i]);
        free(t->canon[i]);
    }
    free(t->alias);
    free(t->canon);
    free(t->main_of);
    free(t->date);
    free(t->exists);
    free(t->is_ad);
    free(t->districts);
    free(t->topics);
    free(t);
}

/* ---------------------------------------------------------------- filtering */

/* A period (2017, 2017-12, 2017-12-08) as its first and last day.  The
 * last day of a month may be given as its 31st: only order matters. */
static bool parse_period(const char *s, size_t len, int32_t *first, int32_t *last)
{
    char buf[16];
    int y, m, d, used = 0;
    if (len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (len == 4 && sscanf(buf, "%4d%n", &y, &used) == 1 && used == 4) {
        *first = y * 10000 + 101;
        *last = y * 10000 + 1231;
        return true;
    }
    if (len == 7 && sscanf(buf, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7) {
        *first = y * 10000 + m * 100 + 1;
        *last = y * 10000 + m * 100 + 31;
        return true;
    }
    if (len == 10 && sscanf(buf, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10) {
        *first = *last = y * 10000 + m * 100 + d;
        return true;
    }
    return false;
}

/* "A", "A..B", "A..", "..B" as a span of days. */
static bool parse_range(const char *s, int32_t *lo, int32_t *hi)
{
    const char *dots = strstr(s, "..");
    int32_t unused;
    if (!dots)
        return parse_period(s, strlen(s), lo, hi);
    *lo = NO_DATE_LO;
    *hi = NO_DATE_HI;
    return (dots == s || parse_period(s, (size_t)(dots - s), lo, &unused)) &&
           (!dots[2] || parse_period(dots + 2, strlen(dots + 2), &unused, hi));
}

typedef struct compiled {
    bool by_district, by_topic, by_date;
    int district_bit, topic_bit;    /* -1: a name no article has */
    int32_t lo, hi;
} compiled;

static int compile_filter(const tag_table *t, const bench_filter *f, compiled *c, char *err,
                          size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->lo = NO_DATE_LO;
    c->hi = NO_DATE_HI;
    if ((c->by_district = f->district[0])) {
        const char *d = resolve_district(t, f->district);
        if (!d) {
            say(err, errlen, "district %s is not in the gazetteer", f->district);
            return -1;
        }
        c->district_bit = find_name(t->dnames, t->nd, d);
    }
    if ((c->by_topic = f->topic[0]))
        c->topic_bit = find_name(t->tnames, t->nt, f->topic);
    int32_t a, b, unused;
    if (f->date_from[0]) {
        if (!parse_period(f->date_from, strlen(f->date_from), &a, &unused))
            return say(err, errlen, "date %s does not parse", f->date_from), -1;
        c->lo = a > c->lo ? a : c->lo;
    }
    if (f->date_to[0]) {
        if (!parse_period(f->date_to, strlen(f->date_to), &unused, &b))
            return say(err, errlen, "date %s does not parse", f->date_to), -1;
        c->hi = b < c->hi ? b : c->hi;
    }
    if (f->date_range[0]) {
        if (!parse_range(f->date_range, &a, &b))
            return say(err, errlen, "date %s does not parse", f->date_range), -1;
        c->lo = a > c->lo ? a : c->lo;
        c->hi = b < c->hi ? b : c->hi;
    }
    c->by_date = f->date_from[0] || f->date_to[0] || f->date_range[0];
    return 0;
}

static bool passes(const tag_table *t, const compiled *c, int64_t id)
{
    if (!t->exists[id] || t->is_ad[id])
        return false;
    if (c->by_district && (c->district_bit < 0 || !(t->districts[id] >> c->district_bit & 1)))
        return false;
    if (c->by_topic && (c->topic_bit < 0 || !(t->topics[id] >> c->topic_bit & 1)))
        return false;
    return !c->by_date || (t->date[id] && t->date[id] >= c->lo && t->date[id] <= c->hi);
}

int tags_filter(const tag_table *t, const bench_filter *f, const int64_t *row_ids,
                const uint8_t *hits, size_t n, idset *out, char *err, size_t errlen)
{
    compiled c;
    out->ids = NULL;
    out->n = 0;
    if (compile_filter(t, f, &c, err, errlen))
        return -1;
    uint8_t *mark = calloc((size_t)t->max_id + 1, 1);
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t id = row_ids[i];
        if ((hits && !hits[i]) || !in_range(t, id))
            continue;
        int64_t main = t->main_of[id] ? t->main_of[id] : id;
        if (in_range(t, main) && !mark[main] && passes(t, &c, main)) {
            mark[main] = 1;
            count++;
        }
    }
    out->ids = malloc((count ? count : 1) * sizeof *out->ids);
    for (int64_t id = 1; id <= t->max_id; id++)
        if (mark[id])
            out->ids[out->n++] = id;
    free(mark);
    return 0;
}

/* ---------------------------------------------------------------- facets */

static const struct {
    const char *name;
    bulletin_facet facet;
    const char *sql;
} facet_sql[] = {
    { "district", BULLETIN_FACET_DISTRICT,
      "SELECT district, count(*) FROM article_districts"
      " WHERE article_id IN (SELECT id FROM temp.bench_truth) GROUP BY district" },
    { "topic", BULLETIN_FACET_TOPIC,
      "SELECT topic, count(*) FROM article_topics"
      " WHERE article_id IN (SELECT id FROM temp.bench_truth) GROUP BY topic" },
    { "year", BULLETIN_FACET_YEAR,
      "SELECT substr(issue_date, 1, 4), count(*) FROM article_facts"
      " WHERE article_id IN (SELECT id FROM temp.bench_truth) AND issue_date IS NOT NULL"
      " GROUP BY 1" },
    { "month", BULLETIN_FACET_MONTH,
      "SELECT substr(issue_date, 1, 7), count(*) FROM article_facts"
      " WHERE article_id IN (SELECT id FROM temp.bench_truth) AND issue_date IS NOT NULL"
      " GROUP BY 1" },
};

static int fill_truth_table(sqlite3 *db, const idset *truth, char *msg, size_t msglen)
{
    char *e = NULL;
    if (sqlite3_exec(db, "CREATE TEMP TABLE IF NOT EXISTS bench_truth(id INTEGER PRIMARY KEY);"
                         "DELETE FROM temp.bench_truth; BEGIN", NULL, NULL, &e) != SQLITE_OK) {
        say(msg, msglen, "temporary table: %s", e);
        sqlite3_free(e);
        return -1;
    }
    sqlite3_stmt *ins;
    sqlite3_prepare_v2(db, "INSERT INTO temp.bench_truth VALUES(?)", -1, &ins, NULL);
    for (size_t i = 0; i < truth->n; i++) {
        sqlite3_bind_int64(ins, 1, truth->ids[i]);
        sqlite3_step(ins);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    return sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* One facet: every (value, count) of the GROUP BY is in the library's
 * list with the same count, and the list has no other value.  The sum
 * of its counts goes to *sum. */
static int check_one(sqlite3 *db, int k, const bulletin_results *r, size_t *sum, char *msg,
                     size_t msglen)
{
    size_t nlib = 0, nsql = 0;
    const bulletin_facet_count *lib = bulletin_results_facet(r, facet_sql[k].facet, &nlib);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, facet_sql[k].sql, -1, &st, NULL) != SQLITE_OK)
        return say(msg, msglen, "%s", sqlite3_errmsg(db)), 0;
    int ok = 1;
    *sum = 0;
    for (size_t i = 0; i < nlib; i++)
        *sum += lib[i].count;
    while (ok && sqlite3_step(st) == SQLITE_ROW) {
        const char *value = (const char *)sqlite3_column_text(st, 0);
        size_t count = (size_t)sqlite3_column_int64(st, 1), i;
        nsql++;
        for (i = 0; i < nlib && strcmp(lib[i].value, value); i++)
            ;
        if (i == nlib || lib[i].count != count) {
            say(msg, msglen, "%s %s: library %zu, SQL GROUP BY %zu", facet_sql[k].name, value,
                i == nlib ? (size_t)0 : lib[i].count, count);
            ok = 0;
        }
    }
    sqlite3_finalize(st);
    if (ok && nsql != nlib) {
        say(msg, msglen, "%s: library has %zu values, SQL GROUP BY %zu", facet_sql[k].name,
            nlib, nsql);
        ok = 0;
    }
    return ok;
}

int facets_check(sqlite3 *db, const idset *truth, const bulletin_results *results,
                 const char *which, char *msg, size_t msglen)
{
    msg[0] = '\0';
    if (fill_truth_table(db, truth, msg, msglen))
        return 0;
    size_t sums[4] = { 0 };
    bool asked[4] = { false };
    for (int k = 0; k < 4; k++) {
        asked[k] = strstr(which, facet_sql[k].name) != NULL;
        if (asked[k] && !check_one(db, k, results, &sums[k], msg, msglen))
            return 0;
    }
    /* Each article has one issue date: years and months count every
     * matching article with a date once; a district or topic count can
     * be at most the number of matches. */
    if (asked[2] && asked[3] && sums[2] != sums[3])
        return say(msg, msglen, "years add up to %zu, months to %zu", sums[2], sums[3]), 0;
    if (asked[2] && sums[2] > bulletin_results_total(results))
        return say(msg, msglen, "years add up to %zu, more than the %zu matches", sums[2],
                   bulletin_results_total(results)), 0;
    return 1;
}
