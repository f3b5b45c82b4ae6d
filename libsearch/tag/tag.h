/* tag.h - articles to facets: the districts an article is about (from a
 * gazetteer), its topics (from a taxonomy) and the dates it names.
 *
 * These modules only read text and data files; retag.c stores what they
 * find in the archive's tag tables.  All matching is done on folded text
 * (bulletin__fold), so names match in either script. */
#ifndef BULLETIN_TAG_H
#define BULLETIN_TAG_H

#include "internal.h"

/* The tag of city-level articles (市总工会, 北京市): not a district. */
#define BULLETIN_CITY_TAG "北京市"

/* ---- lexicon.c: leftmost-longest matching of many names at once ---- */

typedef struct bulletin_lexicon bulletin_lexicon;

bulletin_status bulletin__lexicon_new(bulletin_lexicon **out);
void bulletin__lexicon_free(bulletin_lexicon *lx);
/* Add a folded word (NUL-terminated) with a payload.  A word added twice
 * keeps its first payload; `*out_payload` receives the payload stored. */
bulletin_status bulletin__lexicon_add(bulletin_lexicon *lx, const char *word,
                                      int32_t payload, int32_t *out_payload);
/* Look a whole word up; -1 when absent.  Call after bulletin__lexicon_seal. */
int32_t bulletin__lexicon_find(const bulletin_lexicon *lx, const char *word, size_t len);
/* Sort and index the words: call after the last add, before find or
 * scan.  Errors: NOMEM (the lexicon is then not usable for scans). */
bulletin_status bulletin__lexicon_seal(bulletin_lexicon *lx);

/* Called for each match: bytes [start, end) of the scanned text. */
typedef void (*bulletin_match_fn)(void *ctx, int32_t payload, size_t start, size_t end);
/* Report every leftmost-longest, non-overlapping match in `text`. */
void bulletin__lexicon_scan(const bulletin_lexicon *lx, const char *text, size_t len,
                            bulletin_match_fn fn, void *ctx);

/* ---- the data files (gazetteer, taxonomy) ---- */

/* Check that `text` (the file `origin`) is UTF-8, then call `fn` on each
 * of its lines in turn: a modifiable copy without the newline, counted in
 * *line (1 for the first).  Stops at the first error `fn` returns.
 * Errors: INPUT (not UTF-8: names the byte), NOMEM, and fn's. */
bulletin_status bulletin__data_lines(const char *text, const char *origin, long *line,
                                     bulletin_status (*fn)(void *ctx, char *line), void *ctx);

/* ---- results of tagging one article ---- */

typedef struct bulletin__tag {
    const char *name;   /* borrowed from the gazetteer or taxonomy */
    double weight;
} bulletin__tag;

typedef struct bulletin__event {
    char from[11];      /* "YYYY-MM-DD" */
    char to[11];
    size_t start;       /* byte offsets into the article's body */
    size_t end;
} bulletin__event;

typedef struct bulletin__tags {
    bulletin__tag *districts;   /* heaviest first: [0] is the primary */
    size_t ndistricts;
    bulletin__tag *topics;      /* highest score first */
    size_t ntopics;
    bulletin__event *events;    /* in text order */
    size_t nevents;
    size_t cap_districts, cap_topics, cap_events;
} bulletin__tags;

void bulletin__tags_reset(bulletin__tags *tags);
void bulletin__tags_free(bulletin__tags *tags);
bool bulletin__tags_push(bulletin__tag **list, size_t *n, size_t *cap, const char *name,
                         double weight);
/* Sort tags heaviest first; equal weights keep their order. */
void bulletin__tags_sort(bulletin__tag *list, size_t n);

/* An article's text fields, folded once (tagger.c) for every module. */
typedef struct bulletin__folded_article {
    bulletin_folded headline;
    bulletin_folded subtitle;
    bulletin_folded byline;
    bulletin_folded body;
} bulletin__folded_article;

/* ---- district.c: the gazetteer ---- */

typedef struct bulletin_gazetteer bulletin_gazetteer;

/* Parse gazetteer text (format: data/gazetteer.txt).  `origin` names it
 * in errors ("data/gazetteer.txt:12: ...").  Errors: BULLETIN_ERROR_INPUT,
 * NOMEM. */
bulletin_status bulletin__gazetteer_load(bulletin_gazetteer **out, bulletin_tokenizer *tok,
                                         const char *text, const char *origin);
void bulletin__gazetteer_free(bulletin_gazetteer *g);

/* The district (or the city tag) that a user-typed name means: its full,
 * short or former name in either script; NULL when it names none.
 * `scratch` is reused memory. */
const char *bulletin__gazetteer_resolve(const bulletin_gazetteer *g, bulletin_tokenizer *tok,
                                        const char *name, bulletin_folded *scratch);
/* All district names, "、"-separated, for error messages (owned by g). */
const char *bulletin__gazetteer_names(const bulletin_gazetteer *g);

/* The districts an article is about, into tags->districts (see
 * district.c for the rule). */
bulletin_status bulletin__districts_of(const bulletin_gazetteer *g,
                                       const bulletin__folded_article *art,
                                       bulletin__tags *tags);

/* ---- topic.c: the taxonomy ---- */

typedef struct bulletin_taxonomy bulletin_taxonomy;

bulletin_status bulletin__taxonomy_load(bulletin_taxonomy **out, bulletin_tokenizer *tok,
                                        const char *text, const char *origin);
void bulletin__taxonomy_free(bulletin_taxonomy *t);
/* The topic a user-typed name means (either script); NULL if none. */
const char *bulletin__taxonomy_resolve(const bulletin_taxonomy *t, bulletin_tokenizer *tok,
                                       const char *name, bulletin_folded *scratch);
/* All topic names, "、"-separated, for error messages (owned by t). */
const char *bulletin__taxonomy_names(const bulletin_taxonomy *t);
bulletin_status bulletin__topics_of(const bulletin_taxonomy *t,
                                    const bulletin__folded_article *art, bulletin_kind kind,
                                    bulletin__tags *tags);

/* ---- date.c: dates named in the text, and date values in queries ---- */

/* The dates the folded `body` names, resolved against the issue date
 * (which may be NULL or "": then only dates with a year are kept). */
bulletin_status bulletin__events_of(const char *issue_date, const bulletin_folded *body,
                                    bulletin__tags *tags);

/* A date value as users write it: "2017", "2017-12", "2017-12-08", or a
 * range "A..B" of those (either end may be left out: "2016.."), as the
 * first and last day it covers.  False when malformed. */
bool bulletin__date_range_parse(const char *value, char from[11], char to[11]);

/* ---- tagger.c: all of the above for one article ---- */

typedef struct bulletin_tagger {
    bulletin_gazetteer *gazetteer;
    bulletin_taxonomy *taxonomy;
    bulletin_folded scratch;          /* for names typed in queries */
    bulletin__folded_article folded;  /* the article being tagged */
} bulletin_tagger;

/* Build a tagger from gazetteer and taxonomy text. */
bulletin_status bulletin__tagger_new(bulletin_tagger **out, bulletin_tokenizer *tok,
                                     const char *gazetteer, const char *gazetteer_origin,
                                     const char *taxonomy, const char *taxonomy_origin);
void bulletin__tagger_free(bulletin_tagger *t);
/* Tag one article (tags is reset first), folding it in the tagger's own
 * scratch. */
bulletin_status bulletin__tagger_run(bulletin_tagger *t, bulletin_tokenizer *tok,
                                     const bulletin_article *art, bulletin__tags *tags);
/* The same with the caller's scratch `folded`.  The tagger is only read
 * (the gazetteer, the taxonomy and their lexicons are not changed after
 * loading), so threads may tag with one tagger at once, each with its
 * own tokenizer and scratch; the tags' names point into the tagger. */
bulletin_status bulletin__tagger_run_with(const bulletin_tagger *t, bulletin_tokenizer *tok,
                                          bulletin__folded_article *folded,
                                          const bulletin_article *art, bulletin__tags *tags);
void bulletin__folded_article_free(bulletin__folded_article *f);

/* The copies compiled into the library (generated from data/). */
extern const char bulletin__gazetteer_txt[];
extern const char bulletin__taxonomy_txt[];

#endif
