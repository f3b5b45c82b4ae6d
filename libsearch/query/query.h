/* query.h - the user query language: parse to a tree, compile to FTS5.
 *
 * Users never write FTS5 syntax.  Their query is parsed here into a small
 * tree, and every word or phrase is written into the MATCH expression as
 * a quoted FTS5 string, so no character a user types can act as FTS5 or
 * SQL syntax.  Errors carry the byte offset of the problem. */
#ifndef BULLETIN_QUERY_H
#define BULLETIN_QUERY_H

#include "internal.h"

/* Limits that bound the time and memory one query can take. */
#define BULLETIN_QUERY_MAX_BYTES 4096
#define BULLETIN_QUERY_MAX_TERMS 64
#define BULLETIN_QUERY_MAX_DEPTH 16

typedef enum bulletin_qkind {
    BULLETIN_Q_TERM,      /* a word: matches inside longer words */
    BULLETIN_Q_PHRASE,    /* "...": the words adjacent, in order */
    BULLETIN_Q_AND,
    BULLETIN_Q_OR,
    BULLETIN_Q_FIELD      /* field:value (district:西城, headline:"a b") */
} bulletin_qkind;

/* The fields of FIELD:VALUE (sql.c turns them into SQL). */
typedef enum bulletin_qfield {
    BULLETIN_F_DISTRICT,
    BULLETIN_F_TOPIC,
    BULLETIN_F_DATE,
    BULLETIN_F_EVENT,
    BULLETIN_F_HEADLINE,  /* the only field that is FTS5 text */
    BULLETIN_F_AUTHOR,
    BULLETIN_F_PAGE,
    BULLETIN_F_KIND,
    BULLETIN_F_LAST
} bulletin_qfield;

/* "district", "topic", ... ; NULL for an invalid value. */
const char *bulletin__qfield_name(bulletin_qfield field);
/* "district, topic, date, event, headline, author, page, kind" */
#define BULLETIN_QFIELD_LIST "district, topic, date, event, headline, author, page, kind"

typedef struct bulletin_qnode {
    bulletin_qkind kind;
    bool negated;             /* -word, -"phrase", -(group) */
    bulletin_qfield field;    /* FIELD: which */
    bool quoted;              /* FIELD: the value was a "phrase" */
    char *text;               /* TERM/PHRASE: the text, control chars removed;
                               * FIELD: the value */
    size_t offset;            /* byte offset in the query */
    struct bulletin_qnode **kids;
    size_t nkids;
} bulletin_qnode;

/* Parse `query` into a tree (caller frees it with bulletin__qnode_free).
 * Errors: BULLETIN_ERROR_QUERY with the offset, BULLETIN_ERROR_NOMEM. */
bulletin_status bulletin__query_parse(const char *query, bulletin_qnode **out);
void bulletin__qnode_free(bulletin_qnode *node);

/* Compile a tree into an FTS5 MATCH expression appended to `out`.
 * `tok` tells which terms have searchable text.  Errors:
 * BULLETIN_ERROR_QUERY (nothing to search for, only exclusions). */
bulletin_status bulletin__query_compile(const bulletin_qnode *root,
                                        bulletin_tokenizer *tok, bulletin_buf *out);

/* ---- sql.c: SQL text with its parameters, and fields as SQL ---- */

typedef struct bulletin_sql_param {
    bool is_int;
    int64_t i;
    char *s;
    /* A pointer passed to an SQL function (sqlite3_bind_pointer), with
     * its type name; NULL type: not a pointer. */
    const void *ptr;
    const char *ptr_type;
} bulletin_sql_param;

/* An SQL fragment with "?" placeholders and their values, in order. */
typedef struct bulletin_sql {
    bulletin_buf text;
    bulletin_sql_param *params;
    size_t nparams, cap;
} bulletin_sql;

#define BULLETIN_SQL_INIT { BULLETIN_BUF_INIT, NULL, 0, 0 }

bool bulletin__sql_append(bulletin_sql *sql, const char *text);
/* Append "?" bound to a copy of `value`. */
bool bulletin__sql_text(bulletin_sql *sql, const char *value);
bool bulletin__sql_int(bulletin_sql *sql, int64_t value);
/* Append "?" bound to `ptr` as a pointer of type `type` (a static
 * string), which must outlive the statement; a NULL ptr binds NULL. */
bool bulletin__sql_pointer(bulletin_sql *sql, const void *ptr, const char *type);
/* Append another fragment, text and parameters. */
bool bulletin__sql_append_sql(bulletin_sql *sql, const bulletin_sql *other);
void bulletin__sql_free(bulletin_sql *sql);

struct bulletin_tagger;

/* The SQL condition for `field:value`, over the archive's article_facts
 * table as `f` (retag.c, archive.c).  `offset` is the position in the
 * query for errors (-1 for a search option).  Errors: BULLETIN_ERROR_QUERY
 * naming the valid values, NOMEM. */
bulletin_status bulletin__field_sql(bulletin_qfield field, const char *value, long offset,
                                    bulletin_tokenizer *tok, struct bulletin_tagger *tagger,
                                    bulletin_sql *out);

/* ---- a query for the archive: FTS5 text and SQL filters ---- */

typedef struct bulletin_compiled_query {
    bulletin_buf match;       /* FTS5 MATCH expression; len 0: no words */
    /* The same rows without the whole-word alternatives, which only
     * rank: for reading matches unranked.  len 0: use match. */
    bulletin_buf match_any;
    bulletin_sql filter;      /* SQL condition over f; text.len 0: none */
    /* The filter again as facts, when it is only district:, topic: and
     * date: fields ANDed, each at most once: names as the archive stores
     * them (NULL: none), issue days as YYYYMMDD (0: unbounded). */
    bool filter_is_facts;
    char *district, *topic;
    int32_t day_from, day_to;
} bulletin_compiled_query;

/* Parse `query` and split it: words and headline: into the MATCH
 * expression, other fields into the SQL filter.  An empty `query` is
 * allowed when `allow_empty` (filters come from options).  `tagger` may
 * be NULL, in which case fields other than headline: are refused. */
bulletin_status bulletin__query_compile_search(const char *query, bool allow_empty,
                                               bulletin_tokenizer *tok,
                                               struct bulletin_tagger *tagger,
                                               bulletin_compiled_query *out);
void bulletin__compiled_query_free(bulletin_compiled_query *q);

/* The roles of the phrases of a MATCH expression written by this module,
 * in FTS5's phrase order, for bulletin_rank() (fts5_rank.c): one letter
 * per phrase, 'j' for a straddle phrase (BULLETIN_FTS5_STRADDLE_MARK),
 * which joins the phrase before it as one word, else 'p'.  Appended to
 * *out; false when out of memory. */
bool bulletin__fts5_phrase_roles(const char *match, bulletin_buf *out);
/* The set operations over the phrases of a MATCH expression written by
 * this module that give the rows it matches (match_set.c): postfix, 'P'
 * for each phrase in FTS5's order, '|' union, '&' intersection, '-'
 * difference.  Appended to *out; false when the expression holds
 * something else (nothing compile.c writes) or out of memory. */
bool bulletin__fts5_set_program(const char *match, bulletin_buf *out);

/* Drop from `match`, a MATCH expression compile.c wrote, each straddle
 * phrase (one choice of a word's bigram forms apart, written
 * ` OR "\x02..."` after the word's whole-word phrase) for which
 * `empty(ctx, phrase, len)` returns 1; `phrase` is the quoted FTS5
 * string.  A form that no article holds still costs FTS5 a walk of its
 * terms' doclists in every search, and bulletin_rank() another to weigh
 * it; one look that finds it empty spares both.  `empty` returns 0 to
 * keep the phrase, or a negative value to stop, which this returns
 * (0 when done, -1 out of memory). */
int bulletin__fts5_drop_phrases(bulletin_buf *match,
                                int (*empty)(void *ctx, const char *phrase, size_t len),
                                void *ctx);

/* The closing quote of the FTS5 string whose text starts at `s` (just
 * past its opening quote), or its terminating NUL when it has none: FTS5
 * writes a quote inside a string as two (match_set.c). */
const char *bulletin__fts5_string_end(const char *s);
/* How one engine writes a compiled query: its AND, OR and NOT operators
 * (NOT is written after the included parts: "(a AND b) NOT c") and how
 * a word or phrase node becomes an operand.  `text` sets `*empty` when
 * the node has nothing searchable (only punctuation). */
typedef struct bulletin_qdialect {
    const char *and_op;
    const char *or_op;
    const char *not_op;       /* NULL: exclusions are left out */
    bulletin_status (*text)(const bulletin_qnode *n, bulletin_tokenizer *tok,
                            bulletin_buf *out, bool *empty);
} bulletin_qdialect;

/* Compile a tree for the engine described by `d` (the walk, the checks
 * and the errors of bulletin__query_compile). */
bulletin_status bulletin__query_compile_with(const bulletin_qnode *root,
                                             bulletin_tokenizer *tok,
                                             const bulletin_qdialect *d, bulletin_buf *out);

/* The terms a word or phrase stands for, as the tokenizer gives them in
 * query mode: `ngroups` consecutive positions, each with one or more
 * alternative terms (synonyms: script foldings, straddle forms).  When
 * `prefix_last` is set, the last position is a single Han character that
 * matches as a prefix (it also stands at the start of bigrams). */
typedef struct bulletin_qterm {
    size_t offset;      /* into the leaf's `text`, NUL-terminated there */
    size_t len;
    size_t group;       /* 0-based position in the word or phrase */
} bulletin_qterm;

typedef struct bulletin_qleaf {
    bulletin_buf text;
    bulletin_qterm *terms;
    size_t nterms;
    size_t ngroups;
    bool prefix_last;
} bulletin_qleaf;

#define BULLETIN_QLEAF_INIT { BULLETIN_BUF_INIT, NULL, 0, 0, false }

/* Fill `leaf` (reset first) with the terms of `text`.  Errors: NOMEM. */
bulletin_status bulletin__qleaf_build(bulletin_qleaf *leaf, bulletin_tokenizer *tok,
                                      const char *text);
void bulletin__qleaf_free(bulletin_qleaf *leaf);

/* The term of `leaf` at index i, NUL-terminated. */
static inline const char *bulletin__qleaf_term(const bulletin_qleaf *leaf, size_t i)
{
    return leaf->text.data + leaf->terms[i].offset;
}

/* The stretch [*from, *to) of `text` that holds the best snippet of
 * `max_chars` characters, found without segmenting the text: where the
 * query's words cluster most, widened by a snippet's width to sentence
 * ends.  false when the whole text should be used instead (it is short,
 * or nothing like the words is in it). */
bool bulletin__matcher_region(bulletin_matcher *m, const char *text, size_t len,
                              size_t max_chars, size_t *from, size_t *to);

/* Query to tsquery text, with a caller's tokenizer (tsquery.c). */
bulletin_status bulletin__query_to_tsquery(const char *query, bulletin_tokenizer *tok,
                                           unsigned flags, bulletin_buf *out);

/* Both steps; `query` is also checked for length and UTF-8.  Words are
 * written for FTS5's own bm25() (their bigram forms merged), not as
 * searches write them (bulletin__query_compile_search). */
bulletin_status bulletin__query_to_fts5(const char *query, bulletin_tokenizer *tok,
                                        bulletin_buf *out);

#endif
