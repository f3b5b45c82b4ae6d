/* bench_queries.c - the query half of bench_postgresql.sh: the benchmark's
 * query mix (data/bench-queries.tsv) against the SQLite archive through
 * the C API, or against PostgreSQL through libpq with the SQL of
 * bindings/postgresql/README.md.
 *
 *   bench_queries sqlite ARCHIVE QUERIES.tsv ROUNDS
 *   bench_queries pg CONNINFO QUERIES.tsv ROUNDS
 *
 * Both sides do the same work per query: the number of matching articles
 * (all kinds, advertisements included), the best 20 with snippets, and
 * the facet counts when the row asks for facets.  Each query runs once
 * untimed (warm-up), then ROUNDS timed times.  One line per row:
 *   ROW <TAB> CLASS <TAB> ok <TAB> COUNT <TAB> MICROSECONDS...
 *   ROW <TAB> CLASS <TAB> skipped <TAB> REASON */
#include <bulletin.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { CLASS, QUERY, DISTRICT, TOPIC, DATE_FROM, DATE_TO, FACETS, FIELDS };

typedef struct row {
    char *f[FIELDS];  /* "" when absent */
} row;

/* Split one TSV line in place; missing trailing fields are "". */
static void split(char *line, row *r)
{
    line[strcspn(line, "\r\n")] = '\0';
    for (int i = 0; i < FIELDS; i++) {
        if (!line) {
            r->f[i] = "";
            continue;
        }
        r->f[i] = line;
        char *tab = strchr(line, '\t');
        if (tab)
            *tab++ = '\0';
        line = tab;
    }
}

static long elapsed_us(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1000000L + (t1.tv_nsec - t0->tv_nsec) / 1000;
}

/* ---------------------------------------------------------------- SQLite (C API) */

/* Why the archive refuses a row (a district or topic it does not know),
 * or NULL. */
static const char *refused(bulletin_archive *a, const row *r)
{
    static char why[1024];
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.district = r->f[DISTRICT];
    o.topic = r->f[TOPIC];
    o.date_from = r->f[DATE_FROM];
    o.date_to = r->f[DATE_TO];
    bulletin_results *res;
    if (bulletin_archive_search(&res, a, r->f[QUERY], &o) == BULLETIN_ERROR_QUERY) {
        snprintf(why, sizeof why, "the archive refuses it: %s", bulletin_error_last()->message);
        return why;
    }
    bulletin_results_free(res);
    return NULL;
}

static bool sqlite_run(bulletin_archive *a, const row *r, long *count)
{
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.limit = 20;
    o.kinds = BULLETIN_KINDS_ALL;
    o.district = r->f[DISTRICT];
    o.topic = r->f[TOPIC];
    o.date_from = r->f[DATE_FROM];
    o.date_to = r->f[DATE_TO];
    o.facets = *r->f[FACETS] != '\0';
    bulletin_results *res;
    if (bulletin_archive_search(&res, a, r->f[QUERY], &o) != BULLETIN_OK) {
        fprintf(stderr, "bench_queries: %s: %s\n", r->f[QUERY], bulletin_error_last()->message);
        return false;
    }
    *count = (long)bulletin_results_total(res);
    bulletin_results_free(res);
    return true;
}

/* ---------------------------------------------------------------- PostgreSQL (libpq) */

/* A row as the README's SQL takes it: $1 the words (may be ""), $2 a
 * district and $3 a topic as PostgreSQL holds them, $4 and $5 the first
 * and last day ("" when absent). */
typedef struct pg_row {
    const char *param[5];
    char from[11], to[11];
} pg_row;

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* 2017 / 2017-12 / 2017-12-01 as the first (or last) day of that span;
 * false for anything else. */
static bool day_of(const char *v, bool last, char out[11])
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, d, n;
    if (strlen(v) == 10 && sscanf(v, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10)
        ;
    else if (strlen(v) == 7 && sscanf(v, "%4d-%2d%n", &y, &m, &n) == 2 && n == 7)
        d = last ? days[(m - 1) % 12] + (m == 2 && leap(y)) : 1;
    else if (strlen(v) == 4 && sscanf(v, "%4d%n", &y, &n) == 1 && n == 4)
        m = last ? 12 : 1, d = last ? 31 : 1;
    else
        return false;
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
             (unsigned)d % 100u);
    return true;
}

static bool pg_holds(PGconn *pg, const char *table, const char *column, const char *value)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM bulletin.%s WHERE %s = $1)",
             table, column);
    PGresult *res = PQexecParams(pg, sql, 1, NULL, &value, NULL, NULL, 0);
    bool yes = PQresultStatus(res) == PGRES_TUPLES_OK && !strcmp(PQgetvalue(res, 0, 0), "t");
    PQclear(res);
    return yes;
}

/* Put a row into the README's SQL; NULL, or why it cannot be. */
static const char *translate(PGconn *pg, const row *r, pg_row *p)
{
    static const char *const fields[] = { "district", "topic", "date", "event", "headline",
                                          "author", "page", "kind" };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        char ascii[16], full[16];
        snprintf(ascii, sizeof ascii, "%s:", fields[i]);
        snprintf(full, sizeof full, "%s：", fields[i]);
        if (strstr(r->f[QUERY], ascii) || strstr(r->f[QUERY], full))
            return "a field inside the query text (bulletin_query() takes words only; in SQL "
                   "a field is a condition, which the row's columns would have to give)";
    }
    if ((*r->f[DATE_FROM] && !day_of(r->f[DATE_FROM], false, p->from)) ||
        (*r->f[DATE_TO] && !day_of(r->f[DATE_TO], true, p->to)))
        return "a date bound that is not 2017, 2017-12 or 2017-12-01";
    if (*r->f[DISTRICT] && !pg_holds(pg, "article_districts", "district", r->f[DISTRICT]))
        return "a district name PostgreSQL does not hold (the archive resolves short and "
               "former names with its gazetteer, 西城 or 宣武 to 西城区; the tables hold "
               "full names)";
    if (*r->f[TOPIC] && !pg_holds(pg, "article_topics", "topic", r->f[TOPIC]))
        return "a topic PostgreSQL does not hold";
    p->param[0] = r->f[QUERY];
    p->param[1] = r->f[DISTRICT];
    p->param[2] = r->f[TOPIC];
    p->param[3] = *r->f[DATE_FROM] ? p->from : "";
    p->param[4] = *r->f[DATE_TO] ? p->to : "";
    return NULL;
}

typedef struct sqlbuf {
    char s[4096];
} sqlbuf;
typedef struct wherebuf {
    char s[1024];
} wherebuf;

/* The FROM and WHERE of every statement of one row. */
static void where_of(const pg_row *p, wherebuf *w)
{
    snprintf(w->s, sizeof w->s, " FROM bulletin.articles a WHERE %s%s%s%s%s",
             *p->param[0] ? "bulletin_matches(a.tsv, $1, a.headline, a.subtitle, a.body)"
                          : "true",
             *p->param[1] ? " AND a.id IN (SELECT article_id FROM bulletin.article_districts"
                            " WHERE district = $2)" : "",
             *p->param[2] ? " AND a.id IN (SELECT article_id FROM bulletin.article_topics"
                            " WHERE topic = $3)" : "",
             *p->param[3] ? " AND a.issue_date >= $4::date" : "",
             *p->param[4] ? " AND a.issue_date <= $5::date" : "");
}

static bool pg_exec(PGconn *pg, const char *sql, const pg_row *p, PGresult **out)
{
    static const Oid text_types[5] = { 25, 25, 25, 25, 25 };  /* text: unused ones too */
    PGresult *res = PQexecParams(pg, sql, 5, text_types, p->param, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        fprintf(stderr, "bench_queries: %s: %s", p->param[0], PQerrorMessage(pg));
        PQclear(res);
        return false;
    }
    if (out)
        *out = res;
    else
        PQclear(res);
    return true;
}

static bool pg_run(PGconn *pg, const row *r, const pg_row *p, long *count)
{
    wherebuf w;
    sqlbuf sql;
    where_of(p, &w);
    PGresult *res;
    snprintf(sql.s, sizeof sql.s, "SELECT count(*)%s", w.s);
    if (!pg_exec(pg, sql.s, p, &res))
        return false;
    *count = atol(PQgetvalue(res, 0, 0));
    PQclear(res);
    /* Without words, as the archive: every article passing the filters,
     * newest first, its beginning as the snippet. */
    bool words = *p->param[0] != '\0';
    snprintf(sql.s, sizeof sql.s,
             "SELECT a.id, a.headline, a.issue_date, a.page, a.kind, %s%s ORDER BY %s LIMIT 20",
             words ? "bulletin_snippet(a.body, $1)" : "left(a.body, 60)", w.s,
             words ? "bulletin.rank(a.tsv, $1) DESC, a.issue_date DESC" : "a.issue_date DESC");
    if (!pg_exec(pg, sql.s, p, NULL))
        return false;
    if (!*r->f[FACETS])
        return true;
    /* As the library does with facets on: districts, topics and months
     * (years are summed from the months). */
    static const char *const facet_sql[] = {
        "SELECT d.district, count(*) FROM bulletin.article_districts d"
        " WHERE d.article_id IN (SELECT a.id%s) GROUP BY 1 ORDER BY 2 DESC",
        "SELECT t.topic, count(*) FROM bulletin.article_topics t"
        " WHERE t.article_id IN (SELECT a.id%s) GROUP BY 1 ORDER BY 2 DESC",
        "SELECT to_char(a.issue_date, 'YYYY-MM') AS month, count(*)%s"
        " AND a.issue_date IS NOT NULL GROUP BY 1 ORDER BY 1",
    };
    for (size_t i = 0; i < sizeof facet_sql / sizeof facet_sql[0]; i++) {
        snprintf(sql.s, sizeof sql.s, facet_sql[i], w.s);
        if (!pg_exec(pg, sql.s, p, NULL))
            return false;
    }
    return true;
}

/* ---------------------------------------------------------------- main */

int main(int argc, char **argv)
{
    if (argc != 5 || (strcmp(argv[1], "sqlite") && strcmp(argv[1], "pg"))) {
        fprintf(stderr, "usage: bench_queries sqlite|pg ARCHIVE|CONNINFO QUERIES.tsv ROUNDS\n");
        return 2;
    }
    bool pg_side = !strcmp(argv[1], "pg");
    bulletin_archive *a = NULL;
    PGconn *pg = NULL;
    if (pg_side ? PQstatus(pg = PQconnectdb(argv[2])) != CONNECTION_OK
                : bulletin_archive_open(&a, argv[2], BULLETIN_OPEN_READONLY) != BULLETIN_OK) {
        fprintf(stderr, "bench_queries: cannot open %s\n", argv[2]);
        return 1;
    }
    FILE *tsv = fopen(argv[3], "r");
    if (!tsv) {
        perror(argv[3]);
        return 1;
    }
    int rounds = atoi(argv[4]);
    char line[4096];
    int n = 0, status = 0;
    while (fgets(line, sizeof line, tsv)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        row r;
        split(line, &r);
        n++;
        pg_row p;
        const char *why = pg_side ? translate(pg, &r, &p) : refused(a, &r);
        if (why) {
            printf("%d\t%s\tskipped\t%s\n", n, r.f[CLASS], why);
            continue;
        }
        long count = -1;
        bool ok = true;
        printf("%d\t%s\t", n, r.f[CLASS]);
        for (int k = 0; ok && k <= rounds; k++) {
            struct timespec t0;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            ok = pg_side ? pg_run(pg, &r, &p, &count) : sqlite_run(a, &r, &count);
            long us = elapsed_us(&t0);
            if (ok && k == 0)
                printf("ok\t%ld", count);
            else if (ok)
                printf("\t%ld", us);
        }
        if (!ok) {
            printf("error\tsee stderr");
            status = 1;
        }
        putchar('\n');
        fflush(stdout);
    }
    fclose(tsv);
    PQfinish(pg);
    bulletin_archive_close(a);
    return status;
}
