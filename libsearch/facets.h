/* facets.h - district and topic counts from an in-memory tag index
 * (facets.c). */
#ifndef BULLETIN_FACETS_H
#define BULLETIN_FACETS_H

#include "bulletin.h"
#include "rank.h"

typedef struct bulletin__tag_index bulletin__tag_index;

/* A search with at least this many matches loads the index (20,000). */
extern size_t bulletin__facet_index_after;

/* The archive's tag index, up to date, or NULL in *out when a search of
 * `matches` articles should count in SQL instead (no index yet and too
 * few matches to pay for loading one, or more distinct districts or
 * topics than it has bits).  Owned by the archive.  Errors: NOMEM, and
 * SQLite's as the archive's. */
bulletin_status bulletin__tag_index_get(bulletin_archive *a, size_t matches,
                                        bulletin__tag_index **out);

/* Count the districts and topics of the matched articles, largest first
 * (ties by name); the arrays and their values belong to the caller.
 * Errors: NOMEM. */
bulletin_status bulletin__tag_index_count(const bulletin__tag_index *t,
                                          const bulletin__matches *m,
                                          bulletin_facet_count **districts, size_t *ndistricts,
                                          bulletin_facet_count **topics, size_t *ntopics);

void bulletin__tag_index_free(bulletin__tag_index *t);

#endif
