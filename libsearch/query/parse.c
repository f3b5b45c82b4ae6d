/* parse.c - the user query language, by recursive descent.
 *
 *   query    := or
 *   or       := and ( "OR" and )*
 *   and      := unary ( ["AND"] unary )*
 *   unary    := ( "-" | "NOT" ) primary | primary
 *   primary  := "(" or ")" | '"' text '"' | '“' text '”' | field | word
 *   field    := letters ( ":" | "：" ) ( phrase | word )
 *
 * A word runs to the next white space, parenthesis or quote; a "-" inside
 * a word (2018-2020) is part of it.  OR, AND and NOT are operators only in
 * upper case, so that Latin words "or", "and" stay searchable. */
#include "config.h"
#include "query.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>

typedef struct parser {
    const char *q;
    size_t len;
    size_t pos;
    size_t terms;
    int depth;
} parser;

/* Full-width and ideographic quotes, as typed with a Chinese input method. */
#define LQUOTE 0x201C /* “ */
#define RQUOTE 0x201D /* ” */

static bulletin_status fail(const parser *p, size_t at, const char *what)
{
    /* Report the position in characters too: that is what people count. */
    size_t chars = 0;
    for (size_t i = 0; i < at && i < p->len;) {
        bulletin_utf8_next(p->q, p->len, &i);
        chars++;
    }
    return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, (long)at,
                              "query error at character %zu: %s", chars + 1, what);
}

static int32_t peek(const parser *p, size_t *next)
{
    size_t at = p->pos;
    if (at >= p->len) {
        *next = at;
        return -1;
    }
    int32_t cp = bulletin_utf8_next(p->q, p->len, &at);
    *next = at;
    return cp;
}

static bool is_space(int32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || (cp > 0x7F && u_isUWhiteSpace(cp));
}

static void skip_space(parser *p)
{
    size_t next;
    int32_t cp;
    while ((cp = peek(p, &next)) >= 0 && is_space(cp))
        p->pos = next;
}

static bool ends_word(int32_t cp)
{
    return cp < 0 || is_space(cp) || cp == '(' || cp == ')' || cp == '"' ||
           cp == LQUOTE || cp == RQUOTE;
}

/* True if the query continues with the operator `op` as a whole word. */
static bool at_operator(const parser *p, const char *op)
{
    size_t n = strlen(op);
    if (p->len - p->pos < n || memcmp(p->q + p->pos, op, n))
        return false;
    parser after = *p;
    after.pos += n;
    size_t next;
    return ends_word(peek(&after, &next));
}

static bulletin_qnode *node_new(bulletin_qkind kind, size_t offset)
{
    bulletin_qnode *n = calloc(1, sizeof *n);
    if (n) {
        n->kind = kind;
        n->offset = offset;
    }
    return n;
}

void bulletin__qnode_free(bulletin_qnode *node)
{
    if (!node)
        return;
    for (size_t i = 0; i < node->nkids; i++)
        bulletin__qnode_free(node->kids[i]);
    free(node->kids);
    free(node->text);
    free(node);
}

static bool add_kid(bulletin_qnode *parent, bulletin_qnode *kid)
{
    bulletin_qnode **kids = realloc(parent->kids, (parent->nkids + 1) * sizeof *kids);
    if (!kids)
        return false;
    kids[parent->nkids++] = kid;
    parent->kids = kids;
    return true;
}

/* Copy [from, to) of the query, dropping control characters (so that no
 * user byte can act as a marker in the compiled query) and invalid UTF-8. */
static char *copy_text(const parser *p, size_t from, size_t to)
{
    char *s = malloc(to - from + 1);
    if (!s)
        return NULL;
    size_t n = 0;
    for (size_t i = from; i < to;) {
        size_t at = i;
        int32_t cp = bulletin_utf8_next(p->q, to, &i);
        if (cp < 0 || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            s[n++] = ' ';
        else {
            memcpy(s + n, p->q + at, i - at);
            n += i - at;
        }
    }
    s[n] = '\0';
    return s;
}

static bulletin_status parse_or(parser *p, bulletin_qnode **out);

static bulletin_status count_term(parser *p, size_t at)
{
    if (++p->terms > BULLETIN_QUERY_MAX_TERMS)
        return fail(p, at, "too many words (at most 64)");
    return BULLETIN_OK;
}

static bulletin_status parse_phrase(parser *p, int32_t close, bulletin_qnode **out)
{
    size_t open_at = p->pos, next;
    peek(p, &next);
    p->pos = next;
    size_t start = p->pos;
    int32_t cp;
    /* A phrase opened with an ASCII quote closes with one; one opened
     * with “ closes with ” (or ", as people mix them). */
    while ((cp = peek(p, &next)) >= 0 && cp != '"' && cp != close)
        p->pos = next;
    if (cp < 0)
        return fail(p, open_at, "the quotation mark opened here is never closed");
    size_t end = p->pos;
    p->pos = next;
    bulletin_status st = count_term(p, open_at);
    if (st)
        return st;
    bulletin_qnode *n = node_new(BULLETIN_Q_PHRASE, open_at);
    if (!n || !(n->text = copy_text(p, start, end))) {
        bulletin__qnode_free(n);
        return bulletin__nomem();
    }
    *out = n;
    return BULLETIN_OK;
}

static const char *const field_names[BULLETIN_F_LAST] = {
    [BULLETIN_F_DISTRICT] = "district", [BULLETIN_F_TOPIC] = "topic",
    [BULLETIN_F_DATE] = "date",         [BULLETIN_F_EVENT] = "event",
    [BULLETIN_F_HEADLINE] = "headline", [BULLETIN_F_AUTHOR] = "author",
    [BULLETIN_F_PAGE] = "page",         [BULLETIN_F_KIND] = "kind",
};

const char *bulletin__qfield_name(bulletin_qfield field)
{
    return (unsigned)field < BULLETIN_F_LAST ? field_names[field] : NULL;
}

/* The length of "name:" (or "name：") at the parser's position, with the
 * name's length in *name_len; 0 when the word is not a field. */
static size_t field_prefix(const parser *p, size_t *name_len)
{
    size_t i = p->pos;
    while (i < p->len && ((p->q[i] >= 'a' && p->q[i] <= 'z') ||
                          (p->q[i] >= 'A' && p->q[i] <= 'Z')))
        i++;
    *name_len = i - p->pos;
    if (!*name_len || i >= p->len)
        return 0;
    if (p->q[i] == ':')
        return *name_len + 1;
    if (p->len - i >= 3 && !memcmp(p->q + i, "：", 3))
        return *name_len + 3;
    return 0;
}

/* field:value, field:"a phrase".  A field is one term of the query. */
static bulletin_status parse_field(parser *p, size_t prefix, size_t name_len,
                                   bulletin_qnode **out)
{
    size_t at = p->pos, next;
    int f = 0;
    while (f < BULLETIN_F_LAST &&
           (strlen(field_names[f]) != name_len ||
            strncasecmp(p->q + at, field_names[f], name_len)))
        f++;
    if (f == BULLETIN_F_LAST) {
        char what[160];
        snprintf(what, sizeof what,
                 "unknown field '%.*s': the fields are " BULLETIN_QFIELD_LIST
                 " (put a word with a colon in quotes)", (int)(name_len > 32 ? 32 : name_len),
                 p->q + at);
        return fail(p, at, what);
    }
    p->pos += prefix;
    int32_t cp = peek(p, &next);
    bulletin_qnode *n = NULL;
    bulletin_status st;
    if (cp == '"' || cp == LQUOTE) {
        if ((st = parse_phrase(p, cp == LQUOTE ? RQUOTE : '"', &n)))
            return st;
        n->quoted = true;
    } else {
        size_t start = p->pos;
        while (!ends_word(cp)) {
            p->pos = next;
            cp = peek(p, &next);
        }
        if (p->pos == start) {
            char what[160];
            snprintf(what, sizeof what, "%s: needs a value right after the colon, "
                     "as in district:西城", field_names[f]);
            return fail(p, at, what);
        }
        if ((st = count_term(p, at)))
            return st;
        if (!(n = node_new(BULLETIN_Q_TERM, at)) || !(n->text = copy_text(p, start, p->pos))) {
            bulletin__qnode_free(n);
            return bulletin__nomem();
        }
    }
    n->kind = BULLETIN_Q_FIELD;
    n->field = (bulletin_qfield)f;
    n->offset = at;
    *out = n;
    return BULLETIN_OK;
}

static bulletin_status parse_primary(parser *p, bulletin_qnode **out)
{
    skip_space(p);
    size_t at = p->pos, next;
    int32_t cp = peek(p, &next);
    if (cp < 0)
        return fail(p, at, "a word is missing at the end of the query");
    if (cp == '(') {
        if (++p->depth > BULLETIN_QUERY_MAX_DEPTH)
            return fail(p, at, "parentheses nested too deeply (at most 16)");
        p->pos = next;
        skip_space(p);
        if (peek(p, &next) == ')')
            return fail(p, at, "empty parentheses");
        bulletin_status st = parse_or(p, out);
        if (st)
            return st;
        skip_space(p);
        if (peek(p, &next) != ')') {
            bulletin__qnode_free(*out);
            *out = NULL;
            return fail(p, at, "the parenthesis opened here is never closed");
        }
        p->pos = next;
        p->depth--;
        return BULLETIN_OK;
    }
    if (cp == ')')
        return fail(p, at, "a closing parenthesis without an opening one");
    if (cp == '"' || cp == LQUOTE)
        return parse_phrase(p, cp == LQUOTE ? RQUOTE : '"', out);
    if (cp == RQUOTE)
        return fail(p, at, "a closing quotation mark without an opening one");
    if (at_operator(p, "OR") || at_operator(p, "AND"))
        return fail(p, at, "an operator needs a word before and after it");
    size_t name_len, prefix = field_prefix(p, &name_len);
    if (prefix)
        return parse_field(p, prefix, name_len, out);

    while (!ends_word(cp)) {
        p->pos = next;
        cp = peek(p, &next);
    }
    bulletin_status st = count_term(p, at);
    if (st)
        return st;
    bulletin_qnode *n = node_new(BULLETIN_Q_TERM, at);
    if (!n || !(n->text = copy_text(p, at, p->pos))) {
        bulletin__qnode_free(n);
        return bulletin__nomem();
    }
    *out = n;
    return BULLETIN_OK;
}

static bulletin_status parse_unary(parser *p, bulletin_qnode **out)
{
    skip_space(p);
    size_t at = p->pos, next;
    int32_t cp = peek(p, &next);
    bool negated = false;
    if (cp == '-') {
        parser after = *p;
        after.pos = next;
        size_t next2;
        if (ends_word(peek(&after, &next2)) && peek(&after, &next2) != '(' &&
            peek(&after, &next2) != '"' && peek(&after, &next2) != LQUOTE)
            return fail(p, at, "'-' must be followed directly by the word to leave out");
        p->pos = next;
        negated = true;
    } else if (at_operator(p, "NOT")) {
        p->pos += 3;
        negated = true;
    }
    bulletin_status st = parse_primary(p, out);
    if (st)
        return st;
    if (negated) {
        if ((*out)->negated) {
            bulletin__qnode_free(*out);
            *out = NULL;
            return fail(p, at, "a word cannot be excluded twice");
        }
        (*out)->negated = true;
        (*out)->offset = at;
    }
    return BULLETIN_OK;
}

/* Parse a sequence of one kind (AND or OR) of sub-expressions. */
static bulletin_status parse_list(parser *p, bulletin_qkind kind,
                                  bulletin_status (*sub)(parser *, bulletin_qnode **),
                                  bulletin_qnode **out)
{
    size_t at = p->pos;
    bulletin_qnode *first = NULL;
    bulletin_status st = sub(p, &first);
    if (st)
        return st;
    bulletin_qnode *list = NULL;
    for (;;) {
        skip_space(p);
        size_t next;
        int32_t cp = peek(p, &next);
        if (cp < 0 || cp == ')')
            break;
        if (kind == BULLETIN_Q_OR) {
            if (!at_operator(p, "OR"))
                break;
            size_t op_at = p->pos;
            p->pos += 2;
            skip_space(p);
            if (peek(p, &next) < 0 || peek(p, &next) == ')' || at_operator(p, "OR")) {
                st = fail(p, op_at, "OR needs a word after it");
                break;
            }
        } else {
            if (at_operator(p, "OR"))
                break;
            if (at_operator(p, "AND")) {
                size_t op_at = p->pos;
                p->pos += 3;
                skip_space(p);
                if (peek(p, &next) < 0 || peek(p, &next) == ')' ||
                    at_operator(p, "OR") || at_operator(p, "AND")) {
                    st = fail(p, op_at, "AND needs a word after it");
                    break;
                }
            }
        }
        if (!list) {
            if (!(list = node_new(kind, at)) || !add_kid(list, first)) {
                st = bulletin__nomem();
                break;
            }
            first = NULL;
        }
        bulletin_qnode *next_node = NULL;
        if ((st = sub(p, &next_node)))
            break;
        if (!add_kid(list, next_node)) {
            bulletin__qnode_free(next_node);
            st = bulletin__nomem();
            break;
        }
    }
    if (st) {
        bulletin__qnode_free(first);
        bulletin__qnode_free(list);
        return st;
    }
    *out = list ? list : first;
    return BULLETIN_OK;
}

static bulletin_status parse_and(parser *p, bulletin_qnode **out)
{
    return parse_list(p, BULLETIN_Q_AND, parse_unary, out);
}

static bulletin_status parse_or(parser *p, bulletin_qnode **out)
{
    return parse_list(p, BULLETIN_Q_OR, parse_and, out);
}

bulletin_status bulletin__query_parse(const char *query, bulletin_qnode **out)
{
    *out = NULL;
    parser p = { query, strlen(query), 0, 0, 0 };
    if (p.len > BULLETIN_QUERY_MAX_BYTES)
        return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, BULLETIN_QUERY_MAX_BYTES,
                                  "query too long: %zu bytes (at most %d)", p.len,
                                  BULLETIN_QUERY_MAX_BYTES);
    size_t bad = bulletin_utf8_check(query, p.len);
    if (bad < p.len)
        return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, (long)bad,
                                  "query is not valid UTF-8 (byte %zu)", bad);
    skip_space(&p);
    if (p.pos == p.len)
        return bulletin__error_at(BULLETIN_ERROR_QUERY, NULL, 0, 0, "the query is empty");
    bulletin_status st = parse_or(&p, out);
    if (st)
        return st;
    skip_space(&p);
    if (p.pos < p.len) {
        bulletin__qnode_free(*out);
        *out = NULL;
        return fail(&p, p.pos, "a closing parenthesis without an opening one");
    }
    return BULLETIN_OK;
}
