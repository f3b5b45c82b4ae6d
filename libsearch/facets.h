/* facets.h - district and topic counts, and the facts searches filter
 * on, from an in-memory index of every article (facets.c). */
#ifndef BULLETIN_FACETS_H
#define BULLETIN_FACETS_H

#include "bulletin.h"
#include "fts5_tokenizer.h"
#include "rank.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct bulletin__tag_index bulletin__tag_index;

/* A search with at least this many matches loads the index (20,000). */
extern size_t bulletin__facet_index_after;
/* An archive with article ids above this has no index (64 Mi; a
 * variable, as the one above, for tests). */
extern int64_t bulletin__tag_index_max_id;

/* The archive's tag index, up to date, or NULL in *out when a search of
 * `matches` articles should count in SQL instead (no index yet and too
 * few matches to pay for loading one, or article ids too sparse for it:
 * the archive then is not read for one again until it changes).  Owned by the archive.
 * Errors: NOMEM, and SQLite's as the archive's. */
bulletin_status bulletin__tag_index_get(bulletin_archive *a, size_t matches,
                                        bulletin__tag_index **out);

/* Count the districts and topics of the matched articles, largest first
 * (ties by name; the arrays and their values belong to the caller), and
 * their issue months into month_counts (BULLETIN__MONTHS zeroed entries,
 * the caller's), in one pass over the matches: on two threads when they
 * are as many as bulletin__threaded_count_after (a variable so that the
 * tests can thread small counts).  Errors: NOMEM. */
extern size_t bulletin__threaded_count_after;
bulletin_status bulletin__tag_index_count(const bulletin__tag_index *t,
                                          const bulletin__matches *m,
                                          bulletin_facet_count **districts, size_t *ndistricts,
                                          bulletin_facet_count **topics, size_t *ntopics,
                                          size_t *month_counts);

/* What a search's WHERE asks of an article's facts, when that is all it
 * asks besides MATCH: kinds (BULLETIN_KINDS_ALL: any), issue days
 * (YYYYMMDD; 0: unbounded), and the district and topic options (names
 * as the archive stores them; NULL: any), which the index tests as bits
 * once bulletin__tag_index_resolve() has found theirs. */
typedef struct bulletin__fact_filter {
    unsigned kinds;
    int32_t day_from, day_to;
    const char *district, *topic;
    int district_bit;            /* -1 with a district: no article has it */
    int topic_bit;
} bulletin__fact_filter;

#define BULLETIN__FACT_FILTER_INIT { BULLETIN_KINDS_ALL, 0, 0, NULL, NULL, -1, -1 }

/* Set f's district and topic bits from t's names.  Call before using f
 * with t (again whenever t was loaded anew). */
void bulletin__tag_index_resolve(const bulletin__tag_index *t, bulletin__fact_filter *f);

/* The match of FTS5 row `part` (an article or a continuation of one):
 * true, with *out filled but for its rank, when its article passes `f`;
 * false when it does not or is no article. */
bool bulletin__tag_index_match(const bulletin__tag_index *t, const bulletin__fact_filter *f,
                               int64_t part, bulletin__match *out);

/* How many articles pass `f` (*all), and how many of them have an id of
 * at least `from` (*newer).  Continuations are not counted. */
void bulletin__tag_index_passing(const bulletin__tag_index *t, const bulletin__fact_filter *f,
                                 int64_t from, size_t *all, size_t *newer);

/* The lowest and highest FTS5 row ids (articles and continuations) whose
 * article's issue date passes `f`'s dates; *lo > *hi when there is none.
 * Back issues are indexed in date order, so a search bounded by date
 * need only walk that stretch of FTS5's doclists. */
void bulletin__tag_index_day_ids(const bulletin__tag_index *t, const bulletin__fact_filter *f,
                                 int64_t *lo, int64_t *hi);

/* Every article (not continuations) with an id in [lo, hi] that passes
 * `f`, added to m with rank 0: a search without words, from the index
 * alone.  m->complete is false when out of memory. */
void bulletin__tag_index_collect(const bulletin__tag_index *t, const bulletin__fact_filter *f,
                                 int64_t lo, int64_t hi, bulletin__matches *m);

/* Whether the archive has an index loaded (maybe out of date: get it
 * with bulletin__tag_index_get before use). */
bool bulletin__tag_index_ready(const bulletin_archive *a);

/* Each FTS5 row's length in tokens, for bulletin_rank(); valid as long
 * as the index is. */
void bulletin__tag_index_lengths(const bulletin__tag_index *t, bulletin__row_lengths *out);

void bulletin__tag_index_free(bulletin__tag_index *t);

#endif
