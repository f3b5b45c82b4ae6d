/* test_hostile_query.c - whatever a member of the public types into the
 * search box, on a real archive: results or a clear query error, never a
 * crash, never SQLite's or FTS5's own error text, and within the
 * documented limits (4096 bytes, 64 words, 16 levels of parentheses). */
#include "config.h"

#include <bulletin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tap.h"

static char dir[] = "/tmp/bulletin-test-hostile-XXXXXX";

/* Text only SQLite or FTS5 would write: none of it may reach a user. */
static const char *const engine_words[] = {
    "fts5", "syntax error", "SQL", "sqlite", "no such column", "unrecognized",
    "malformed MATCH", "near \"", NULL
};

static const char *engine_text(const char *message)
{
    for (int i = 0; engine_words[i]; i++)
        if (strstr(message, engine_words[i]))
            return engine_words[i];
    return NULL;
}

/* Run one query; it must give results or a query error in words. */
static void try_query(bulletin_archive *a, const char *name, const char *query,
                      int want_error)
{
    bulletin_results *r = NULL;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    bulletin_status st = bulletin_archive_search(&r, a, query, NULL);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
    const bulletin_error *e = bulletin_error_last();
    const char *leak = st ? engine_text(e->message) : NULL;
    if (st == BULLETIN_OK) {
        ok(want_error != 1, "%s: %zu hits (%.1f ms)", name, bulletin_results_total(r), ms);
    } else {
        ok(st == BULLETIN_ERROR_QUERY && want_error != 0 && e->message[0] && !leak,
           "%s: query error (%.1f ms): %.120s", name, ms, e->message);
        if (leak)
            printf("#   the message shows engine text '%s'\n", leak);
        if (st == BULLETIN_ERROR_QUERY)
            ok(e->offset >= 0 && (size_t)e->offset <= strlen(query),
               "%s: the error's position %ld lies in the query", name, e->offset);
    }
    bulletin_results_free(r);
}

/* A query of `n` copies of `unit`. */
static char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);
    if (!s)
        exit(1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    char db[256];
    snprintf(db, sizeof db, "%s/hostile.db", dir);
    bulletin_archive *a;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_CREATE) != BULLETIN_OK)
        return 1;
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.key = "a1";
    art.headline = "西城工会为户外劳动者建避风港";
    art.body = "暖心驿站 body: NEAR 工会 app2018 OR AND NOT";
    bulletin_archive_add_article(a, &art, NULL, NULL);

    /* -1: either outcome is right; 0: results; 1: a query error. */
    static const struct { const char *name, *query; int want_error; } cases[] = {
        { "unbalanced quote", "\"西城 工会", 1 },
        { "unbalanced Chinese quote", "“西城 工会", 1 },
        { "unbalanced parenthesis", "(西城 OR 工会", 1 },
        { "closing parenthesis alone", "西城)", 1 },
        { "lone OR", "OR", 1 },
        { "lone AND", "AND", 1 },
        { "lone NOT", "NOT", 1 },
        { "lone minus", "-", -1 },
        { "dangling OR", "西城 OR", 1 },
        { "only exclusions", "-西城 -工会", 1 },
        { "empty parentheses", "()", 1 },
        { "empty query", "", 1 },
        { "only spaces", "   \t  ", 1 },
        { "FTS5 NEAR", "NEAR(西城 工会, 2)", -1 },
        { "FTS5 NEAR unclosed", "NEAR(", 1 },
        { "FTS5 star", "西城*", -1 },
        { "FTS5 lone star", "*", -1 },
        { "FTS5 caret", "^工会", -1 },
        { "FTS5 column filter", "body:西城", -1 },
        { "FTS5 column set", "{headline body}:西城", -1 },
        { "FTS5 plus", "西城 + 工会", -1 },
        { "SQL injection quote", "'; DROP TABLE articles; --", -1 },
        { "SQL injection comment", "西城\" OR 1=1 --", 1 },
        { "SQL fragment", "SELECT * FROM articles_fts WHERE 1", -1 },
        { "control characters", "西城\001\002\033[31m工会\177", -1 },
        { "only control characters", "\001\002\003", 1 },
        { "invalid UTF-8", "西城\xff\xfe工会", 1 },
        { "truncated UTF-8", "西城\xe5\x9f", 1 },
        { "overlong UTF-8", "\xc0\xaf", 1 },
        { "UTF-16 surrogate in UTF-8", "\xed\xa0\x80", 1 },
        { "quote inside word", "西\"城", 1 },
        { "doubled quotes", "\"\"", 1 },
        { "marks FTS5 uses internally", "\x01西城 \x02工会\x03", -1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        try_query(a, cases[i].name, cases[i].query, cases[i].want_error);

    char *q = repeat("工", 1 << 20);
    try_query(a, "a megabyte-long query", q, 1);
    free(q);
    q = repeat("西城 ", 10000);
    try_query(a, "ten thousand terms", q, 1);
    free(q);
    q = repeat("x ", 64);
    try_query(a, "64 terms (the limit)", q, 0);
    free(q);
    q = repeat("(", 100000);
    try_query(a, "a hundred thousand open parentheses", q, 1);
    free(q);
    q = repeat("-", 4000);
    try_query(a, "four thousand minus signs", q, -1);
    free(q);
    q = repeat("\"", 4001);
    try_query(a, "four thousand quotes", q, 1);
    free(q);
    q = repeat("OR ", 1300);
    try_query(a, "a run of OR", q, 1);
    free(q);

    bulletin_archive_close(a);
    unlink(db);
    char side[300];
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
    rmdir(dir);
    return tap_done();
}
