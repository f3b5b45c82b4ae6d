/* rank.h - the matching articles of a search, read once (rank.c). */
#ifndef BULLETIN_RANK_H
#define BULLETIN_RANK_H

#include "bulletin.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

/* One matching article: the part that matched best (itself, or a
 * continuation of it) and what the page is sorted by. */
typedef struct bulletin__match {
    int64_t art;          /* the article (a continuation's main article) */
    int64_t part;         /* the matching row, for its snippet */
    double rank;          /* bm25 (lower is better); 0 without words */
    int32_t day;          /* issue date as YYYYMMDD, -1 when unknown */
    int32_t page;
} bulletin__match;

typedef struct bulletin__matches {
    bulletin__match *rows;    /* one per article after reading */
    size_t n, cap;
    size_t read;              /* rows read, before folding */
    bool complete;            /* the statement had no more rows */
    int64_t last_part;        /* the part of the last row read */
} bulletin__matches;

#define BULLETIN_MATCHES_INIT { NULL, 0, 0, 0, false, 0 }

/* Read the rows of `stmt` (columns: article, part, rank, issue date,
 * page), at most `max_rows` of them (0: all), and fold parts into their
 * articles, keeping the best rank.  Errors: NOMEM, and SQLite's as the
 * archive's. */
bulletin_status bulletin__matches_read(bulletin_archive *a, sqlite3_stmt *stmt,
                                       size_t max_rows, bulletin__matches *m);

/* As bulletin__matches_read, for a statement of FTS5 rows alone
 * (columns: rowid, rank): each row's article, issue date and page come
 * from `index` (facets.h), and rows whose article fails `filter` are
 * skipped (only rows that pass count towards max_rows).
 * Errors: NOMEM, and SQLite's as the archive's. */
struct bulletin__tag_index;
struct bulletin__fact_filter;
bulletin_status bulletin__matches_read_indexed(bulletin_archive *a, sqlite3_stmt *stmt,
                                               const struct bulletin__tag_index *index,
                                               const struct bulletin__fact_filter *filter,
                                               size_t max_rows, bulletin__matches *m);

/* Add FTS5 row `part` with `rank` to m if its article passes `filter`,
 * with the article's facts from `index`: 1 when added, 0 when it does
 * not pass, -1 when out of memory. */
int bulletin__matches_add_indexed(bulletin__matches *m, const struct bulletin__tag_index *index,
                                  const struct bulletin__fact_filter *filter, int64_t part,
                                  double rank);

/* Where bulletin_collect() (fts5_collect.c) puts the rows it is given. */
typedef struct bulletin__collect_sink {
    bulletin__matches *matches;
    const struct bulletin__tag_index *index;
    const struct bulletin__fact_filter *filter;
    bool failed;              /* out of memory */
} bulletin__collect_sink;

/* Every row of FTS5 MATCH `match` with a rowid in [lo, hi], added to m
 * as bulletin__matches_add_indexed() does, through bulletin_collect() on
 * `db` (a connection of the archive's, with the library's functions);
 * parts are not folded.  Returns an SQLite result code (SQLITE_NOMEM when
 * a row could not be kept). */
int bulletin__matches_collect(sqlite3 *db, const char *match, int64_t lo, int64_t hi,
                              const struct bulletin__tag_index *index,
                              const struct bulletin__fact_filter *filter, bulletin__matches *m);

/* A set of rowids, one bit each: bit r % 64 of words[r / 64]. */
typedef struct bulletin__row_set {
    uint64_t *words;
    size_t n;
} bulletin__row_set;

/* Add `row` (>= 0) to s, growing it.  false when out of memory (or row < 0). */
bool bulletin__row_set_add(bulletin__row_set *s, int64_t row);

static inline bool bulletin__row_set_has(const bulletin__row_set *s, int64_t row)
{
    return row >= 0 && (size_t)((uint64_t)row >> 6) < s->n &&
           (s->words[(uint64_t)row >> 6] >> (row & 63) & 1);
}

/* What bulletin_match_set() (fts5_collect.c) works from and fills. */
typedef struct bulletin__set_sink {
    const char *program;      /* bulletin__fts5_set_program()'s steps */
    bulletin__row_set rows;   /* the result, owned by the caller */
    int rc;                   /* SQLITE_OK, or why the set is missing */
} bulletin__set_sink;

/* Searches expected to match at least this many rows read every match
 * as a set (below); fewer are read by FTS5's own walk, which skips
 * through a common word's doclist to a rare word's rows.  A variable
 * for tests. */
extern size_t bulletin__set_read_after;

/* As bulletin__matches_collect, from the set of rows `match` matches,
 * built by `program` (bulletin__fts5_set_program of `match`) from each
 * phrase's doclist walked once; rows are added in rowid order, and parts
 * come folded into their articles already (all rank alike, 0). */
int bulletin__matches_collect_set(sqlite3 *db, const char *match, const char *program,
                                  int64_t lo, int64_t hi,
                                  const struct bulletin__tag_index *index,
                                  const struct bulletin__fact_filter *filter,
                                  bulletin__matches *m);

/* Fold parts into their articles, keeping the best rank.  Errors: NOMEM. */
bulletin_status bulletin__matches_fold(bulletin__matches *m);

/* The hits offset .. offset + limit in `sort` order (relevance: rank,
 * then newer first); `*out` (freed by the caller) gets `*count` rows.
 * Errors: NOMEM. */
bulletin_status bulletin__matches_page(const bulletin__matches *m, bulletin_sort sort,
                                       size_t offset, size_t limit, bulletin__match **out,
                                       size_t *count);

void bulletin__matches_free(bulletin__matches *m);

/* Start an empty `m` with one of the archive's spare row buffers, if it
 * has one (the larger when `large`: many rows are to be read); give the
 * buffer back when done (the larger ones are kept).  Searches take turns
 * on a handle, so two spares serve every search. */
void bulletin__matches_reuse(bulletin_archive *a, bulletin__matches *m, bool large);
void bulletin__matches_release(bulletin_archive *a, bulletin__matches *m);

/* "2017-12-08" -> 20171208; NULL or malformed -> -1 (sorts last). */
int32_t bulletin__day_of(const unsigned char *d);

/* Issue months as the month facet counts them: counts[year * 12 + month
 * - 1], BULLETIN__MONTHS of them.  Count `day` (YYYYMMDD; -1 unknown,
 * not counted). */
#define BULLETIN__MONTHS (10000 * 12)
void bulletin__count_month(size_t *counts, int32_t day);

#endif
