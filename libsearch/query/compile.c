/* compile.c - query tree to a search expression: FTS5 MATCH here, and the
 * same tree walk serves PostgreSQL's tsquery (tsquery.c) through a
 * dialect, so that both engines accept and refuse exactly the same
 * queries with the same messages.
 *
 * Each word or phrase becomes a quoted FTS5 string, which FTS5 hands to
 * the bulletin tokenizer in query mode: the tokenizer, not this file,
 * decides which terms a piece of text means, so queries and documents
 * can never drift apart.  This file adds two things the tokenizer cannot:
 *
 *  - a word of two or more Han characters is asked for twice, once in
 *    whole-words mode:  ("\x01西城" OR "西城").  Both match the same
 *    articles, but an article where the word stands as an ICU word
 *    matches both phrases and so ranks above one where it straddles two
 *    words;
 *  - a word that ends in a lone Han character is a prefix search ("会" *),
 *    because the index stores that character at the start of a bigram. */
#include "config.h"
#include "query.h"
#include "fts5_tokenizer.h"

#include <string.h>

/* What the tokenizer makes of one word or phrase. */
typedef struct term_shape {
    size_t positions;     /* distinct term positions */
    bool bigrams;         /* some position is a Han bigram */
    bool ends_single;     /* the last position is one Han character */
} term_shape;

static int observe(void *vctx, int flags, const char *term, size_t len,
                   size_t start, size_t end)
{
    term_shape *shape = vctx;
    if (flags & BULLETIN_TOKEN_COLOCATED)
        return 0;
    shape->positions++;
    /* Han characters are 3 or 4 bytes in UTF-8 and never ASCII: a term
     * whose first byte is >= 0xE0 is Han (Latin terms are folded words). */
    size_t first = 0;
    int32_t cp = bulletin_utf8_next(term, len, &first);
    bool han = (unsigned char)term[0] >= 0xE3 && cp >= 0x3000;
    bool single = han && first == len;
    shape->bigrams |= han && !single;
    shape->ends_single = single;
    return 0;
}

static bool append_quoted(bulletin_buf *out, const char *mark, const char *text,
                          bool prefix)
{
    if (!bulletin_buf_append_char(out, '"') || !bulletin_buf_append_str(out, mark))
        return false;
    /* FTS5 strings escape a quote by doubling it. */
    for (const char *s = text; *s; s++)
        if (!bulletin_buf_append_char(out, *s) ||
            (*s == '"' && !bulletin_buf_append_char(out, '"')))
            return false;
    return bulletin_buf_append_str(out, prefix ? "\" *" : "\"");
}

/* Compile one node.  `*empty` is set when it holds nothing searchable. */
static bulletin_status compile(const bulletin_qnode *n, bulletin_tokenizer *tok,
                               const bulletin_qdialect *d, bulletin_buf *out, bool *empty);

static bulletin_status compile_fts5_text(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                         bulletin_buf *out, bool *empty)
{
    term_shape shape = { 0, false, false };
    bulletin_status st = bulletin_tokenizer_run(tok, n->text, strlen(n->text),
                                                BULLETIN_TOKENIZE_QUERY, observe, &shape);
    if (st)
        return st;
    *empty = shape.positions == 0;
    if (*empty)
        return BULLETIN_OK;
    bool ok;
    if (shape.bigrams)
        ok = bulletin_buf_append_char(out, '(') &&
             append_quoted(out, BULLETIN_FTS5_WORDS_MARK, n->text, shape.ends_single) &&
             bulletin_buf_append_str(out, " OR ") &&
             append_quoted(out, "", n->text, shape.ends_single) &&
             bulletin_buf_append_char(out, ')');
    else
        ok = append_quoted(out, "", n->text, shape.ends_single);
    return ok ? BULLETIN_OK : bulletin__nomem();
}

static bulletin_status compile_and(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                  const bulletin_qdialect *d, bulletin_buf *out, bool *empty)
{
    /* FTS5's NOT is binary ("a NOT b"), so the included parts come first,
     * ANDed in parentheses, then each excluded part. */
    size_t included = 0, mark = out->len;
    const bulletin_qnode *first_excluded = NULL;
    if (!bulletin_buf_append_char(out, '('))
        return bulletin__nomem();
    for (size_t i = 0; i < n->nkids; i++) {
        const bulletin_qnode *kid = n->kids[i];
        if (kid->negated) {
            if (!first_excluded)
                first_excluded = kid;
            continue;
        }
        size_t before = out->len;
        if (included && !bulletin_buf_append_str(out, d->and_op))
            return bulletin__nomem();
        bool kid_empty;
        bulletin_status st = compile(kid, tok, d, out, &kid_empty);
        if (st)
            return st;
        if (kid_empty) {
            out->len = before;
            out->data[before] = '\0';
        } else {
            included++;
        }
    }
    if (!included) {
        out->len = mark;
        out->data[mark] = '\0';
        *empty = true;
        if (first_excluded)
            return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0,
                                      (long)first_excluded->offset,
                                      "a query cannot only leave words out: "
                                      "add a word to search for");
        return BULLETIN_OK;
    }
    if (!bulletin_buf_append_char(out, ')'))
        return bulletin__nomem();
    for (size_t i = 0; i < n->nkids; i++) {
        /* A dialect without NOT (a loose pre-filter) leaves exclusions
         * to an exact check. */
        if (!n->kids[i]->negated || !d->not_op)
            continue;
        size_t before = out->len;
        if (!bulletin_buf_append_str(out, d->not_op))
            return bulletin__nomem();
        bool kid_empty;
        bulletin_status st = compile(n->kids[i], tok, d, out, &kid_empty);
        if (st)
            return st;
        if (kid_empty) {
            out->len = before;
            out->data[before] = '\0';
        }
    }
    *empty = false;
    return BULLETIN_OK;
}

static bulletin_status compile_or(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                  const bulletin_qdialect *d, bulletin_buf *out, bool *empty)
{
    size_t parts = 0, mark = out->len;
    if (!bulletin_buf_append_char(out, '('))
        return bulletin__nomem();
    for (size_t i = 0; i < n->nkids; i++) {
        if (n->kids[i]->negated)
            return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0,
                                      (long)n->kids[i]->offset,
                                      "an excluded word cannot be an alternative "
                                      "of OR: write  a -b  or  (a OR b) -c");
        size_t before = out->len;
        if (parts && !bulletin_buf_append_str(out, d->or_op))
            return bulletin__nomem();
        bool kid_empty;
        bulletin_status st = compile(n->kids[i], tok, d, out, &kid_empty);
        if (st)
            return st;
        if (kid_empty) {
            out->len = before;
            out->data[before] = '\0';
        } else {
            parts++;
        }
    }
    if (!parts) {
        out->len = mark;
        out->data[mark] = '\0';
        *empty = true;
        return BULLETIN_OK;
    }
    *empty = false;
    return bulletin_buf_append_char(out, ')') ? BULLETIN_OK : bulletin__nomem();
}

static bulletin_status compile(const bulletin_qnode *n, bulletin_tokenizer *tok,
                               const bulletin_qdialect *d, bulletin_buf *out, bool *empty)
{
    /* Negation is the enclosing AND's business (compile_and); here a node
     * is compiled as what it matches. */
    switch (n->kind) {
    case BULLETIN_Q_TERM:
    case BULLETIN_Q_PHRASE:
        return d->text(n, tok, out, empty);
    case BULLETIN_Q_AND:
        return compile_and(n, tok, d, out, empty);
    case BULLETIN_Q_OR:
        return compile_or(n, tok, d, out, empty);
    }
    return bulletin__error(BULLETIN_ERROR_INTERNAL, "unknown query node");
}

bulletin_status bulletin__query_compile_with(const bulletin_qnode *root,
                                             bulletin_tokenizer *tok,
                                             const bulletin_qdialect *d, bulletin_buf *out)
{
    bool empty = true;
    if (root->negated)
        return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, (long)root->offset,
                                  "a query cannot only leave words out: "
                                  "add a word to search for");
    if (!bulletin_buf_reserve(out, 0))
        return bulletin__nomem();
    bulletin_status st = compile(root, tok, d, out, &empty);
    if (st)
        return st;
    if (empty)
        return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, (long)root->offset,
                                  "the query has no words to search for "
                                  "(only punctuation or symbols)");
    return BULLETIN_OK;
}

/* FTS5's NOT is binary ("a NOT b"): the excluded parts follow the
 * included ones, which is how compile_and() writes them in any dialect. */
static const bulletin_qdialect fts5_dialect = { " AND ", " OR ", " NOT ", compile_fts5_text };

bulletin_status bulletin__query_compile(const bulletin_qnode *root,
                                        bulletin_tokenizer *tok, bulletin_buf *out)
{
    return bulletin__query_compile_with(root, tok, &fts5_dialect, out);
}

bulletin_status bulletin__query_to_fts5(const char *query, bulletin_tokenizer *tok,
                                        bulletin_buf *out)
{
    if (!query)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "query is NULL");
    bulletin_qnode *root;
    bulletin_status st = bulletin__query_parse(query, &root);
    if (st)
        return st;
    st = bulletin__query_compile(root, tok, out);
    bulletin__qnode_free(root);
    return st;
}

bulletin_status bulletin_query_to_fts5(char **out, const char *query)
{
    if (!out)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    bulletin_tokenizer *tok;
    bulletin_status st = bulletin_tokenizer_new(&tok);
    if (st)
        return st;
    bulletin_buf buf = BULLETIN_BUF_INIT;
    st = bulletin__query_to_fts5(query, tok, &buf);
    bulletin_tokenizer_free(tok);
    if (st) {
        bulletin_buf_free(&buf);
        return st;
    }
    *out = bulletin_buf_detach(&buf);
    return *out ? BULLETIN_OK : bulletin__nomem();
}
