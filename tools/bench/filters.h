/* filters.h - the ground truth of the benchmark's filters and facets.
 *
 * A filtered query should find the articles whose text matches (truth.h)
 * and whose stored tags and issue date pass the filters.  This module
 * reads the archive's tag tables (article_districts, article_topics,
 * article_facts, article_parts) with plain SQLite into memory and applies
 * the filters the way bulletin.h documents them, in its own code:
 *   - a match in a continuation counts for the article it continues;
 *   - advertisements are left out (the default `kinds`);
 *   - district: any district the article is tagged with, the value
 *     resolved through data/gazetteer.txt (西城, 宣武 -> 西城区);
 *   - topic: any topic the article is tagged with;
 *   - date: the issue date within [first day of from, last day of to].
 * Facet counts are checked against plain SQL GROUP BY queries over the
 * true set of articles (put in a temporary table). */
#ifndef BENCH_FILTERS_H
#define BENCH_FILTERS_H

#include "bulletin.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

/* A sorted set of article ids. */
typedef struct idset {
    int64_t *ids;
    size_t n;
} idset;

/* The filters of one query row, as typed (district 宣武, date 2017-12). */
typedef struct bench_filter {
    char district[64];
    char topic[128];
    char date_from[32];   /* a period: 2017, 2017-12, 2017-12-01 */
    char date_to[32];
    char date_range[48];  /* a date: field: a period or FROM..TO */
} bench_filter;

typedef struct tag_table tag_table;

/* Read the tags of the archive `db` and the names of `gazetteer_path`
 * (data/gazetteer.txt).  NULL with a message in `err` on failure. */
tag_table *tags_load(sqlite3 *db, const char *gazetteer_path, char *err, size_t errlen);
void tags_free(tag_table *t);

/* The articles that should match: `hits` marks the article rows (ids
 * `row_ids`, n of them) whose text matches; NULL means every row.  The
 * result goes to `out` (malloc'd, sorted).  Returns 0, or -1 with a
 * message in `err` (a district or date that does not parse). */
int tags_filter(const tag_table *t, const bench_filter *f, const int64_t *row_ids,
                const uint8_t *hits, size_t n, idset *out, char *err, size_t errlen);

/* Compare the facets of `results` (searched with facets set) named in
 * `which` ("district,topic,year,month") with SQL GROUP BY over `truth`
 * in `db`, and check that the years and months add up.  Returns 1 when
 * all agree, 0 otherwise with the first difference in `msg`. */
int facets_check(sqlite3 *db, const idset *truth, const bulletin_results *results,
                 const char *which, char *msg, size_t msglen);

#endif
