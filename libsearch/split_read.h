/* split_read.h - reading every match of a large search on two cores
 * (split_read.c). */
#ifndef BULLETIN_SPLIT_READ_H
#define BULLETIN_SPLIT_READ_H

#include "bulletin.h"
#include "facets.h"
#include "rank.h"

#include <stdbool.h>
#include <stdint.h>

/* Searches expected to match at least this many rows are split (a
 * variable so that the tests can split small ones). */
extern size_t bulletin__split_read_after;

/* Whether reading `expected` matches should be split: they are many, no
 * transaction is open on the archive's connection, and a second
 * connection could be opened (it is kept with the handle). */
bool bulletin__split_read_pays(bulletin_archive *a, size_t expected);

/* Every FTS5 row matching `match` with rowids lo..hi (all the rows that
 * can pass `filter`), in two halves on two
 * threads, their facts from `index` and filtered by `filter` as
 * bulletin__matches_read_indexed does; `m` (empty, maybe with a spare
 * buffer) gets them folded.  Errors: NOMEM, IO, and SQLite's. */
bulletin_status bulletin__split_read(bulletin_archive *a, const char *match, int64_t lo,
                                     int64_t hi, const bulletin__tag_index *index,
                                     const bulletin__fact_filter *filter, bulletin__matches *m);

#endif
