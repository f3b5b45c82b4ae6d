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
    BULLETIN_Q_OR
} bulletin_qkind;

typedef struct bulletin_qnode {
    bulletin_qkind kind;
    bool negated;             /* -word, -"phrase", -(group) */
    char *text;               /* TERM/PHRASE: the text, control chars removed */
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

/* Query to tsquery text, with a caller's tokenizer (tsquery.c). */
bulletin_status bulletin__query_to_tsquery(const char *query, bulletin_tokenizer *tok,
                                           unsigned flags, bulletin_buf *out);

/* Both steps; `query` is also checked for length and UTF-8. */
bulletin_status bulletin__query_to_fts5(const char *query, bulletin_tokenizer *tok,
                                        bulletin_buf *out);

#endif
