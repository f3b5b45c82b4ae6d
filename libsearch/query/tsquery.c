/* tsquery.c - the user query language compiled to a PostgreSQL tsquery.
 *
 * PostgreSQL is not a dependency: this writes tsquery *text*, which the
 * extension (bindings/postgresql) turns into a tsquery value.  The tree
 * walk, the checks and the error messages are compile.c's, so a query is
 * refused by PostgreSQL exactly when the SQLite archive refuses it.
 *
 * A word or phrase becomes a chain of positions joined by "<->" (followed
 * by), each position the alternatives the tokenizer gives for it:
 *     西城区   ->   ('西城' | '西城|') <-> ('城区' | '城区|')
 * A final single Han character is a prefix match, '会':*, because the
 * index stores a character alone only where a Han run ends; everywhere
 * else it begins a bigram.  Every lexeme is quoted, so nothing a user
 * types can act as tsquery syntax. */
#include "config.h"
#include "query.h"

#include <string.h>

/* A tsquery lexeme in single quotes; quote and backslash are escaped. */
static bool append_lexeme(bulletin_buf *out, const char *term, bool prefix)
{
    if (!bulletin_buf_append_char(out, '\''))
        return false;
    for (const char *s = term; *s; s++)
        if (((*s == '\'' || *s == '\\') && !bulletin_buf_append_char(out, '\\')) ||
            !bulletin_buf_append_char(out, *s))
            return false;
    return bulletin_buf_append_str(out, prefix ? "':*" : "'");
}

static bool append_leaf(bulletin_buf *out, const bulletin_qleaf *leaf, const char *follow)
{
    bool ok = bulletin_buf_append_char(out, '(');
    for (size_t i = 0; ok && i < leaf->nterms; i++) {
        size_t g = leaf->terms[i].group;
        bool first_alt = i == 0 || leaf->terms[i - 1].group != g;
        bool last_alt = i + 1 == leaf->nterms || leaf->terms[i + 1].group != g;
        bool prefix = leaf->prefix_last && g + 1 == leaf->ngroups;
        if (first_alt && g > 0)
            ok = bulletin_buf_append_str(out, follow);
        if (ok && first_alt && !last_alt)
            ok = bulletin_buf_append_char(out, '(');
        else if (ok && !first_alt)
            ok = bulletin_buf_append_str(out, " | ");
        ok = ok && append_lexeme(out, bulletin__qleaf_term(leaf, i), prefix);
        if (ok && last_alt && !first_alt)
            ok = bulletin_buf_append_char(out, ')');
    }
    return ok && bulletin_buf_append_char(out, ')');
}

static bulletin_status leaf_text(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                 const char *follow, bulletin_buf *out, bool *empty)
{
    bulletin_qleaf leaf = BULLETIN_QLEAF_INIT;
    bulletin_status st = bulletin__qleaf_build(&leaf, tok, n->text);
    if (!st) {
        *empty = leaf.ngroups == 0;
        if (!*empty && !append_leaf(out, &leaf, follow))
            st = bulletin__nomem();
    }
    bulletin__qleaf_free(&leaf);
    return st;
}

static bulletin_status exact_text(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                  bulletin_buf *out, bool *empty)
{
    return leaf_text(n, tok, " <-> ", out, empty);
}

static bulletin_status loose_text(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                  bulletin_buf *out, bool *empty)
{
    return leaf_text(n, tok, " & ", out, empty);
}

/* "(a & b) & !c": tsquery's NOT is unary, so the excluded parts are
 * ANDed on after the included ones. */
static const bulletin_qdialect exact_dialect = { " & ", " | ", " & !", exact_text };

/* The loose form: phrases as AND, exclusions left out.  It matches every
 * text the exact form matches (and more): a pre-filter for vectors that
 * had to be stored without positions. */
static const bulletin_qdialect loose_dialect = { " & ", " | ", NULL, loose_text };

bulletin_status bulletin__query_to_tsquery(const char *query, bulletin_tokenizer *tok,
                                           unsigned flags, bulletin_buf *out)
{
    if (!query)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "query is NULL");
    bulletin_qnode *root;
    bulletin_status st = bulletin__query_parse(query, &root);
    if (st)
        return st;
    st = bulletin__query_compile_with(root, tok,
                                      (flags & BULLETIN_TSQUERY_LOOSE) ? &loose_dialect
                                                                       : &exact_dialect,
                                      out);
    bulletin__qnode_free(root);
    return st;
}

bulletin_status bulletin_query_to_tsquery(char **out, bulletin_tokenizer *tok,
                                          const char *query, unsigned flags)
{
    if (!out)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    bulletin_tokenizer *own = NULL;
    bulletin_status st = BULLETIN_OK;
    if (!tok && (st = bulletin_tokenizer_new(&own)))
        return st;
    bulletin_buf buf = BULLETIN_BUF_INIT;
    st = bulletin__query_to_tsquery(query, tok ? tok : own, flags, &buf);
    bulletin_tokenizer_free(own);
    if (st) {
        bulletin_buf_free(&buf);
        return st;
    }
    *out = bulletin_buf_detach(&buf);
    return *out ? BULLETIN_OK : bulletin__nomem();
}
