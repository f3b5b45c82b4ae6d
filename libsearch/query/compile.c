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
#include "rank.h"
#include "tag/tag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Words of at most this many bigrams (three characters) are asked for in
 * each choice of their bigrams' forms apart: 2^n - 1 phrases beside the
 * whole-words one, 3 at most.  With three bigrams the seven phrases of
 * three terms each cost FTS5 more than merging the forms (measured: the
 * phrase queries of the benchmark took twice as long). */
#define MAX_FORM_BIGRAMS 2

/* What the tokenizer makes of one word or phrase. */
typedef struct term_shape {
    size_t positions;     /* distinct term positions */
    size_t bigram_positions;
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
    shape->bigram_positions += han && !single;
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

/* A word or phrase; with `word_forms`, asked for in whole-words mode as
 * well (see the top of the file), which changes the ranking only. */
static bulletin_status compile_fts5_word(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                         bulletin_buf *out, bool *empty, bool word_forms,
                                         bool forms_allowed)
{
    term_shape shape = { 0, 0, false, false };
    bulletin_status st = bulletin_tokenizer_run(tok, n->text, strlen(n->text),
                                                BULLETIN_TOKENIZE_QUERY, observe, &shape);
    if (st)
        return st;
    *empty = shape.positions == 0;
    if (*empty)
        return BULLETIN_OK;
    /* A word of up to MAX_FORM_BIGRAMS bigrams and nothing else is found
     * in each choice of its bigrams' forms apart (inside a word, or
     * straddling words: BULLETIN_FTS5_STRADDLE_MARK), the all-inside one
     * being the whole-words phrase.  Together they match what the plain
     * phrase matches, at a third of FTS5's work on a common word, and
     * rank as the plain pair (bulletin_rank's roles). */
    bool forms_apart = forms_allowed && shape.bigram_positions == shape.positions &&
                       !shape.ends_single && shape.positions <= MAX_FORM_BIGRAMS;
    bool ok;
    if (shape.bigrams && forms_apart) {
        ok = bulletin_buf_append_char(out, '(') &&
             append_quoted(out, BULLETIN_FTS5_WORDS_MARK, n->text, false);
        for (unsigned mask = 1; ok && mask < 1u << shape.positions; mask++) {
            char mark[8];
            snprintf(mark, sizeof mark, "%s%c", BULLETIN_FTS5_STRADDLE_MARK,
                     (char)(BULLETIN_FTS5_MASK_BASE + (int)mask));
            ok = bulletin_buf_append_str(out, " OR ") && append_quoted(out, mark, n->text, false);
        }
        ok = ok && bulletin_buf_append_char(out, ')');
    } else if (shape.bigrams && word_forms) {
        ok = bulletin_buf_append_char(out, '(') &&
             append_quoted(out, BULLETIN_FTS5_WORDS_MARK, n->text, shape.ends_single) &&
             bulletin_buf_append_str(out, " OR ") &&
             append_quoted(out, "", n->text, shape.ends_single) &&
             bulletin_buf_append_char(out, ')');
    } else {
        ok = append_quoted(out, "", n->text, shape.ends_single);
    }
    return ok ? BULLETIN_OK : bulletin__nomem();
}

static bulletin_status compile_fts5_text(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                         bulletin_buf *out, bool *empty)
{
    return compile_fts5_word(n, tok, out, empty, true, true);
}

/* For FTS5's own bm25() (bulletin_query_to_fts5, for plain SQL): the
 * forms merged, since bm25 would weigh a rare straddling form apart as a
 * rare word; only bulletin_rank() knows the groups. */
static bulletin_status compile_fts5_merged_text(const bulletin_qnode *n,
                                                bulletin_tokenizer *tok, bulletin_buf *out,
                                                bool *empty)
{
    return compile_fts5_word(n, tok, out, empty, true, false);
}

/* The whole-words phrase matches a subset of what the plain one matches,
 * so without it a query matches the same rows, for less work (except for
 * a one-bigram word, whose two forms apart are cheaper still). */
static bulletin_status compile_fts5_recall_text(const bulletin_qnode *n,
                                                bulletin_tokenizer *tok, bulletin_buf *out,
                                                bool *empty)
{
    return compile_fts5_word(n, tok, out, empty, false, true);
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

/* headline:word -> FTS5's column filter around the word's expression. */
static bulletin_status compile_headline(const bulletin_qnode *n, bulletin_tokenizer *tok,
                                        const bulletin_qdialect *d, bulletin_buf *out,
                                        bool *empty)
{
    size_t mark = out->len;
    if (!bulletin_buf_append_str(out, "headline : "))
        return bulletin__nomem();
    bulletin_status st = d->text(n, tok, out, empty);
    if (st || *empty) {
        out->len = mark;
        out->data[mark] = '\0';
    }
    return st;
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
    case BULLETIN_Q_FIELD:
        /* Only FTS5 has columns; other fields are SQL filters, split off
         * before this walk (compile_search), so here they are misplaced. */
        if (n->field == BULLETIN_F_HEADLINE &&
            (d->text == compile_fts5_text || d->text == compile_fts5_recall_text ||
             d->text == compile_fts5_merged_text))
            return compile_headline(n, tok, d, out, empty);
        return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, (long)n->offset,
                                  "%s: is a filter, not text: it can be combined with "
                                  "words by AND (a space), not inside an OR of words",
                                  bulletin__qfield_name(n->field));
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
static const bulletin_qdialect fts5_recall_dialect = { " AND ", " OR ", " NOT ",
                                                       compile_fts5_recall_text };
static const bulletin_qdialect fts5_merged_dialect = { " AND ", " OR ", " NOT ",
                                                       compile_fts5_merged_text };

bulletin_status bulletin__query_compile(const bulletin_qnode *root,
                                        bulletin_tokenizer *tok, bulletin_buf *out)
{
    return bulletin__query_compile_with(root, tok, &fts5_dialect, out);
}

bool bulletin__fts5_phrase_roles(const char *match, bulletin_buf *out)
{
    if (!bulletin_buf_reserve(out, 0))
        return false;
    size_t mark = strlen(BULLETIN_FTS5_STRADDLE_MARK);
    for (const char *s = match; *s; s++) {
        if (*s != '"')
            continue;
        bool joins = !strncmp(s + 1, BULLETIN_FTS5_STRADDLE_MARK, mark);
        if (!bulletin_buf_append_char(out, joins ? 'j' : 'p'))
            return false;
        s = bulletin__fts5_string_end(s + 1);
        if (!*s)
            break;
    }
    return true;
}

bulletin_status bulletin__query_to_fts5(const char *query, bulletin_tokenizer *tok,
                                        bulletin_buf *out)
{
    if (!query)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "query is NULL");
    /* Compiled as a search first, for its checks and errors (without a
     * tagger only text compiles); then again with the forms merged. */
    bulletin_compiled_query q;
    bulletin_status st = bulletin__query_compile_search(query, false, tok, NULL, &q);
    if (st)
        return st;
    bulletin__compiled_query_free(&q);
    bulletin_qnode *root;
    if ((st = bulletin__query_parse(query, &root)))
        return st;
    st = bulletin__query_compile_with(root, tok, &fts5_merged_dialect, out);
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

/* ---------------------------------------------------------------- search */

/* What a subtree needs: FTS5 text, SQL filters, or both (only allowed
 * as the parts of the query's top-level AND). */
typedef enum part { PART_TEXT = 1, PART_FILTER = 2, PART_MIXED = 3 } part;

static part classify(const bulletin_qnode *n)
{
    if (n->kind == BULLETIN_Q_FIELD)
        return n->field == BULLETIN_F_HEADLINE ? PART_TEXT : PART_FILTER;
    if (n->kind != BULLETIN_Q_AND && n->kind != BULLETIN_Q_OR)
        return PART_TEXT;
    int parts = 0;
    for (size_t i = 0; i < n->nkids; i++)
        parts |= classify(n->kids[i]);
    return (part)parts;
}

/* The first filter field under n, for error positions. */
static const bulletin_qnode *first_filter(const bulletin_qnode *n)
{
    if (n->kind == BULLETIN_Q_FIELD && n->field != BULLETIN_F_HEADLINE)
        return n;
    for (size_t i = 0; i < n->nkids; i++) {
        const bulletin_qnode *f = first_filter(n->kids[i]);
        if (f)
            return f;
    }
    return NULL;
}

static bulletin_status mixed_error(const bulletin_qnode *n)
{
    const bulletin_qnode *f = first_filter(n);
    return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, (long)(f ? f : n)->offset,
                              "%s: is a filter, not text: combine it with words by AND "
                              "(a space), as in  暖心驿站 district:西城,  not inside an OR "
                              "or parentheses together with words",
                              bulletin__qfield_name(f ? f->field : BULLETIN_F_DISTRICT));
}

typedef struct search_ctx {
    bulletin_tokenizer *tok;
    struct bulletin_tagger *tagger;
} search_ctx;

/* A tree of filter fields as one SQL condition. */
static bulletin_status compile_filter(const search_ctx *c, const bulletin_qnode *n,
                                      bulletin_sql *out)
{
    if (n->negated && !bulletin__sql_append(out, "NOT "))
        return bulletin__nomem();
    if (n->kind == BULLETIN_Q_FIELD) {
        if (!bulletin__sql_append(out, "("))
            return bulletin__nomem();
        bulletin_status st = bulletin__field_sql(n->field, n->text, (long)n->offset, c->tok,
                                                 c->tagger, out);
        if (st)
            return st;
        return bulletin__sql_append(out, ")") ? BULLETIN_OK : bulletin__nomem();
    }
    if (!bulletin__sql_append(out, "("))
        return bulletin__nomem();
    for (size_t i = 0; i < n->nkids; i++) {
        if (i && !bulletin__sql_append(out, n->kind == BULLETIN_Q_AND ? " AND " : " OR "))
            return bulletin__nomem();
        bulletin_status st = compile_filter(c, n->kids[i], out);
        if (st)
            return st;
    }
    return bulletin__sql_append(out, ")") ? BULLETIN_OK : bulletin__nomem();
}

/* Words that are only left out, beside filters ("district:西城 -广告"):
 * FTS5 cannot match "everything but", so they become a NOT IN. */
static bulletin_status compile_exclusions(const search_ctx *c, bulletin_qnode **kids,
                                          size_t n, bulletin_sql *out)
{
    bulletin_buf match = BULLETIN_BUF_INIT;
    bulletin_status st = BULLETIN_OK;
    for (size_t i = 0; !st && i < n; i++) {
        size_t before = match.len;
        if (match.len && !bulletin_buf_append_str(&match, " OR "))
            st = bulletin__nomem();
        bool empty = false;
        if (!st)
            st = compile(kids[i], c->tok, &fts5_dialect, &match, &empty);
        if (!st && empty) {
            match.len = before;
            match.data[before] = '\0';
        }
    }
    if (!st && match.len &&
        !(bulletin__sql_append(out, "f.article_id NOT IN (SELECT rowid FROM articles_fts"
                                    " WHERE articles_fts MATCH ") &&
          bulletin__sql_text(out, match.data) && bulletin__sql_append(out, ")")))
        st = bulletin__nomem();
    bulletin_buf_free(&match);
    return st;
}

/* The top-level AND of a query that has both words and filters. */
/* Record a filter field of the top-level AND as facts, or clear
 * out->filter_is_facts when it cannot be one (the caller starts it true). */
static bulletin_status filter_fact(const search_ctx *c, const bulletin_qnode *kid,
                                   bulletin_compiled_query *out)
{
    if (kid->kind != BULLETIN_Q_FIELD || kid->negated || !kid->text) {
        out->filter_is_facts = false;
        return BULLETIN_OK;
    }
    char **name = kid->field == BULLETIN_F_DISTRICT ? &out->district
                  : kid->field == BULLETIN_F_TOPIC  ? &out->topic
                                                    : NULL;
    const char *stored = NULL;
    if (name && !*name)
        stored = kid->field == BULLETIN_F_DISTRICT
                     ? bulletin__gazetteer_resolve(c->tagger->gazetteer, c->tok, kid->text,
                                                   &c->tagger->scratch)
                     : bulletin__taxonomy_resolve(c->tagger->taxonomy, c->tok, kid->text,
                                                  &c->tagger->scratch);
    char from[11], to[11];
    if (name) {
        if (!stored)   /* a second one, or none */
            out->filter_is_facts = false;
        else if (!(*name = bulletin__strdup(stored)))
            return bulletin__nomem();
    } else if (kid->field == BULLETIN_F_DATE && !out->day_from &&
               bulletin__date_range_parse(kid->text, from, to)) {
        out->day_from = bulletin__day_of((const unsigned char *)from);
        out->day_to = bulletin__day_of((const unsigned char *)to);
    } else {
        out->filter_is_facts = false;
    }
    return BULLETIN_OK;
}

/* A query of filters only: facts when it is one field or an AND of them. */
static bulletin_status filter_facts(const search_ctx *c, const bulletin_qnode *root,
                                    bulletin_compiled_query *out)
{
    out->filter_is_facts = true;
    if (root->kind != BULLETIN_Q_AND || root->negated)
        return filter_fact(c, root, out);
    bulletin_status st = BULLETIN_OK;
    for (size_t i = 0; !st && i < root->nkids; i++)
        st = filter_fact(c, root->kids[i], out);
    return st;
}

static bulletin_status compile_split(const search_ctx *c, const bulletin_qnode *root,
                                     bulletin_compiled_query *out)
{
    out->filter_is_facts = true;
    bulletin_qnode text = *root, **kids = calloc(root->nkids, sizeof *kids);
    if (!kids)
        return bulletin__nomem();
    text.nkids = 0;
    text.kids = kids;
    size_t positive = 0;
    bulletin_status st = BULLETIN_OK;
    for (size_t i = 0; !st && i < root->nkids; i++) {
        const bulletin_qnode *kid = root->kids[i];
        part p = classify(kid);
        if (p == PART_MIXED) {
            st = mixed_error(kid);
        } else if (p == PART_TEXT) {
            kids[text.nkids++] = root->kids[i];
            positive += !kid->negated;
        } else {
            if (out->filter.text.len && !bulletin__sql_append(&out->filter, " AND "))
                st = bulletin__nomem();
            if (!st)
                st = compile_filter(c, kid, &out->filter);
            if (!st)
                st = filter_fact(c, kid, out);
        }
    }
    if (!st && positive)
        st = bulletin__query_compile(&text, c->tok, &out->match);
    else if (!st && text.nkids) {
        out->filter_is_facts = false;   /* words only left out: NOT IN */
        if (out->filter.text.len && !bulletin__sql_append(&out->filter, " AND "))
            st = bulletin__nomem();
        if (!st)
            st = compile_exclusions(c, kids, text.nkids, &out->filter);
    }
    free(kids);
    return st;
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && (*s < '\t' || *s > '\r'))
            return false;
    return true;
}

/* A query of words only: the MATCH expression, and the same for reading
 * every match unranked. */
static bulletin_status compile_text(const bulletin_qnode *root, bulletin_tokenizer *tok,
                                    bulletin_compiled_query *out)
{
    bulletin_status st = bulletin__query_compile(root, tok, &out->match);
    if (!st)
        st = bulletin__query_compile_with(root, tok, &fts5_recall_dialect, &out->match_any);
    return st;
}

bulletin_status bulletin__query_compile_search(const char *query, bool allow_empty,
                                               bulletin_tokenizer *tok,
                                               struct bulletin_tagger *tagger,
                                               bulletin_compiled_query *out)
{
    memset(out, 0, sizeof *out);
    if (!query || (allow_empty && blank(query)))
        return BULLETIN_OK;
    bulletin_qnode *root;
    bulletin_status st = bulletin__query_parse(query, &root);
    if (st)
        return st;
    search_ctx c = { tok, tagger };
    part p = classify(root);
    if (p != PART_TEXT && !tagger)
        st = bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, (long)first_filter(root)->offset,
                                "%s: is a filter on an archive's tags, not FTS5 text: "
                                "search an archive to use it",
                                bulletin__qfield_name(first_filter(root)->field));
    else if (p == PART_TEXT)
        st = compile_text(root, tok, out);
    else if (p == PART_FILTER) {
        if (!(st = compile_filter(&c, root, &out->filter)))
            st = filter_facts(&c, root, out);
    } else if (root->kind == BULLETIN_Q_AND && !root->negated)
        st = compile_split(&c, root, out);
    else
        st = mixed_error(root);
    bulletin__qnode_free(root);
    if (st)
        bulletin__compiled_query_free(out);
    return st;
}

void bulletin__compiled_query_free(bulletin_compiled_query *q)
{
    bulletin_buf_free(&q->match);
    bulletin_buf_free(&q->match_any);
    bulletin__sql_free(&q->filter);
    free(q->district);
    free(q->topic);
    q->district = q->topic = NULL;
}
