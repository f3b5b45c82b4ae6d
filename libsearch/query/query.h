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

/* Both steps; `query` is also checked for length and UTF-8. */
bulletin_status bulletin__query_to_fts5(const char *query, bulletin_tokenizer *tok,
                                        bulletin_buf *out);

#endif
