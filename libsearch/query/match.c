/* match.c - a query evaluated against a text in memory: does it match,
 * and where.
 *
 * Engines answer "which articles"; this answers the two questions an
 * engine cannot answer well for us:
 *  - where the matches are, in bytes of the ORIGINAL text (snippets in
 *    the article's own script, for engines whose own highlighter would
 *    re-parse the text: PostgreSQL's ts_headline drops and repeats text
 *    around overlapping tokens);
 *  - whether a text matches exactly, with positions, when the engine had
 *    to store it without them (PostgreSQL's tsvector limits).
 * The text is tokenized in document mode and each word or phrase of the
 * query in query mode (leaf.c): the very terms the index holds. */
#include "config.h"
#include "query.h"

#include <stdlib.h>
#include <string.h>

/* One term of the document, with its position. */
typedef struct doc_term {
    size_t offset, len;   /* in the doc's term buffer */
    size_t pos;
    size_t start, end;    /* bytes of the original text */
} doc_term;

typedef struct doc {
    bulletin_buf terms_text;
    doc_term *terms;
    size_t n, cap;
    size_t npos;
    size_t *pos_first;    /* index of the first term of each position */
    bool failed;
} doc;

typedef struct leaf_entry {
    const bulletin_qnode *node;
    bulletin_qleaf leaf;
    bool positive;        /* not under an exclusion: worth highlighting */
} leaf_entry;

struct bulletin_matcher {
    bulletin_tokenizer *tok;
    bulletin_qnode *root;
    leaf_entry *leaves;
    size_t nleaves;
    doc doc;
    bulletin_folded folded;   /* scratch for bulletin__matcher_region */
};

static void doc_reset(doc *d)
{
    bulletin_buf_clear(&d->terms_text);
    d->n = 0;
    d->npos = 0;
    d->failed = false;
}

static void doc_free(doc *d)
{
    bulletin_buf_free(&d->terms_text);
    free(d->terms);
    free(d->pos_first);
}

static int doc_collect(void *vctx, int flags, const char *term, size_t len,
                       size_t start, size_t end)
{
    doc *d = vctx;
    void *terms = d->terms;
    if (!bulletin__grow(&terms, &d->cap, d->n + 1, sizeof *d->terms, 256, false)) {
        d->failed = true;
        return 1;
    }
    d->terms = terms;
    if (!(flags & BULLETIN_TOKEN_COLOCATED) || d->npos == 0)
        d->npos++;
    doc_term *t = &d->terms[d->n];
    *t = (doc_term){ d->terms_text.len, len, d->npos - 1, start, end };
    if (!bulletin_buf_append(&d->terms_text, term, len)) {
        d->failed = true;
        return 1;
    }
    d->n++;
    return 0;
}

static bulletin_status doc_load(doc *d, bulletin_tokenizer *tok, const char *text,
                                size_t len)
{
    doc_reset(d);
    /* Query terms come in both forms (inside a word, across words), so
     * the text's ICU words do not matter here: not cutting them spares
     * the dictionary, most of a snippet's time. */
    bulletin_status st = bulletin__tokenizer_run_with(tok, text, len, BULLETIN_TOKENIZE_DOCUMENT,
                                                      false, doc_collect, d);
    if (d->failed)
        return bulletin__nomem();
    if (st)
        return st;
    size_t *first = realloc(d->pos_first, (d->npos + 1) * sizeof *first);
    if (!first)
        return bulletin__nomem();
    d->pos_first = first;
    for (size_t i = d->n; i-- > 0;)
        first[d->terms[i].pos] = i;
    first[d->npos] = d->n;
    return BULLETIN_OK;
}

/* Whether a term is one character (not a bigram that begins with it). */
static bool is_one_char(const char *term, size_t len)
{
    size_t at = 0;
    bulletin_utf8_next(term, len, &at);
    return at == len;
}

/* The document term at position `pos` that one of the leaf's
 * alternatives for group `g` matches, or -1. */
static long match_group(const doc *d, const bulletin_qleaf *leaf, size_t g, size_t pos)
{
    bool prefix = leaf->prefix_last && g + 1 == leaf->ngroups;
    for (size_t i = d->pos_first[pos]; i < d->pos_first[pos + 1]; i++) {
        const char *dt = d->terms_text.data + d->terms[i].offset;
        size_t dl = d->terms[i].len;
        for (size_t k = 0; k < leaf->nterms; k++) {
            const bulletin_qterm *q = &leaf->terms[k];
            if (q->group != g)
                continue;
            if ((prefix ? dl >= q->len : dl == q->len) &&
                !memcmp(dt, bulletin__qleaf_term(leaf, k), q->len))
                return (long)i;
        }
    }
    return -1;
}

/* Where the leaf occurs in the loaded document: calls `fn` with each
 * occurrence's bytes until it returns false.  Returns whether any. */
static bool find_leaf(const doc *d, const bulletin_qleaf *leaf, const char *text,
                      size_t len, bool (*fn)(void *, size_t, size_t), void *ctx)
{
    bool any = false;
    for (size_t p = 0; leaf->ngroups && p + leaf->ngroups <= d->npos; p++) {
        long first = -1, last = -1;
        size_t g;
        for (g = 0; g < leaf->ngroups; g++) {
            last = match_group(d, leaf, g, p + g);
            if (last < 0)
                break;
            if (g == 0)
                first = last;
        }
        if (g < leaf->ngroups)
            continue;
        any = true;
        size_t start = d->terms[first].start, end = d->terms[last].end;
        const char *t = d->terms_text.data + d->terms[last].offset;
        if (leaf->prefix_last && !is_one_char(t, d->terms[last].len)) {
            /* A single character found at the start of a bigram: mark only
             * that character of the original. */
            size_t at = d->terms[last].start;
            bulletin_utf8_next(text, len, &at);
            end = at;
        }
        if (!fn || !fn(ctx, start, end))
            break;
    }
    return any;
}

/* ---- the query tree ---- */

static bulletin_status add_leaves(bulletin_matcher *m, const bulletin_qnode *n,
                                  bool positive)
{
    positive = positive && !n->negated;
    if (n->kind == BULLETIN_Q_TERM || n->kind == BULLETIN_Q_PHRASE) {
        leaf_entry *e = &m->leaves[m->nleaves++];
        e->node = n;
        e->positive = positive;
        e->leaf = (bulletin_qleaf)BULLETIN_QLEAF_INIT;
        return bulletin__qleaf_build(&e->leaf, m->tok, n->text);
    }
    for (size_t i = 0; i < n->nkids; i++) {
        bulletin_status st = add_leaves(m, n->kids[i], positive);
        if (st)
            return st;
    }
    return BULLETIN_OK;
}

static size_t count_leaves(const bulletin_qnode *n)
{
    if (n->kind == BULLETIN_Q_TERM || n->kind == BULLETIN_Q_PHRASE)
        return 1;
    size_t c = 0;
    for (size_t i = 0; i < n->nkids; i++)
        c += count_leaves(n->kids[i]);
    return c;
}

bulletin_status bulletin_matcher_new(bulletin_matcher **out, bulletin_tokenizer *tok,
                                     const char *query)
{
    if (!out || !tok || !query)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "out, tokenizer and query are required");
    *out = NULL;
    /* Compiling checks the query exactly as the engines do (only
     * exclusions, nothing searchable...), with the same messages. */
    bulletin_buf check = BULLETIN_BUF_INIT;
    bulletin_status st = bulletin__query_to_tsquery(query, tok, 0, &check);
    bulletin_buf_free(&check);
    if (st)
        return st;
    bulletin_matcher *m = calloc(1, sizeof *m);
    if (!m)
        return bulletin__nomem();
    m->tok = tok;
    if ((st = bulletin__query_parse(query, &m->root)) ||
        !(m->leaves = calloc(count_leaves(m->root), sizeof *m->leaves))) {
        bulletin_matcher_free(m);
        return st ? st : bulletin__nomem();
    }
    if ((st = add_leaves(m, m->root, true))) {
        bulletin_matcher_free(m);
        return st;
    }
    *out = m;
    return BULLETIN_OK;
}

void bulletin_matcher_free(bulletin_matcher *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nleaves; i++)
        bulletin__qleaf_free(&m->leaves[i].leaf);
    free(m->leaves);
    bulletin__qnode_free(m->root);
    doc_free(&m->doc);
    bulletin__folded_free(&m->folded);
    free(m);
}

typedef enum truth { T_EMPTY, T_FALSE, T_TRUE } truth;

static truth evaluate(const bulletin_matcher *m, const bool *found, const bulletin_qnode *n)
{
    if (n->kind == BULLETIN_Q_TERM || n->kind == BULLETIN_Q_PHRASE) {
        for (size_t i = 0; i < m->nleaves; i++)
            if (m->leaves[i].node == n)
                return m->leaves[i].leaf.ngroups == 0 ? T_EMPTY
                                                       : found[i] ? T_TRUE : T_FALSE;
        return T_EMPTY;
    }
    bool any_true = false, any_false = false, any_excluded_true = false;
    for (size_t i = 0; i < n->nkids; i++) {
        truth t = evaluate(m, found, n->kids[i]);
        if (n->kind == BULLETIN_Q_AND && n->kids[i]->negated)
            any_excluded_true |= t == T_TRUE;
        else if (t == T_TRUE)
            any_true = true;
        else if (t == T_FALSE)
            any_false = true;
    }
    if (!any_true && !any_false)
        return T_EMPTY;
    if (n->kind == BULLETIN_Q_OR)
        return any_true ? T_TRUE : T_FALSE;
    return !any_false && !any_excluded_true ? T_TRUE : T_FALSE;
}

bulletin_status bulletin_matcher_test(int *out, bulletin_matcher *m,
                                      const char *const *texts, const size_t *lens,
                                      size_t count)
{
    if (!out || !m || (count && (!texts || !lens)))
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "out, matcher and texts are required");
    *out = 0;
    bool *found = calloc(m->nleaves ? m->nleaves : 1, sizeof *found);
    if (!found)
        return bulletin__nomem();
    bulletin_status st = BULLETIN_OK;
    for (size_t f = 0; f < count && !st; f++) {
        if (!texts[f])
            continue;
        if ((st = doc_load(&m->doc, m->tok, texts[f], lens[f])))
            break;
        for (size_t i = 0; i < m->nleaves; i++)
            if (!found[i])
                found[i] = find_leaf(&m->doc, &m->leaves[i].leaf, texts[f], lens[f],
                                     NULL, NULL);
    }
    if (!st)
        *out = evaluate(m, found, m->root) == T_TRUE;
    free(found);
    return st;
}

/* ---- spans and snippets ---- */

typedef struct span_list {
    bulletin_span *spans;
    size_t n, cap;
    bool failed;
} span_list;

static bool add_span(void *vctx, size_t start, size_t end)
{
    span_list *l = vctx;
    void *spans = l->spans;
    if (!bulletin__grow(&spans, &l->cap, l->n + 1, sizeof *l->spans, 16, false)) {
        l->failed = true;
        return false;
    }
    l->spans = spans;
    l->spans[l->n++] = (bulletin_span){ start, end };
    return true;
}

static int by_start(const void *a, const void *b)
{
    const bulletin_span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

bulletin_status bulletin_matcher_spans(bulletin_span **out, size_t *count,
                                       bulletin_matcher *m, const char *text, size_t len)
{
    if (!out || !count || !m || (!text && len))
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "out, count, matcher and text are required");
    *out = NULL;
    *count = 0;
    bulletin_status st = doc_load(&m->doc, m->tok, text ? text : "", len);
    if (st)
        return st;
    span_list l = { NULL, 0, 0, false };
    for (size_t i = 0; i < m->nleaves && !l.failed; i++)
        if (m->leaves[i].positive)
            find_leaf(&m->doc, &m->leaves[i].leaf, text, len, add_span, &l);
    if (l.failed) {
        free(l.spans);
        return bulletin__nomem();
    }
    /* Overlapping and touching matches read as one: merge them. */
    if (l.n > 1)   /* qsort may not be given NULL, which an empty list is */
        qsort(l.spans, l.n, sizeof *l.spans, by_start);
    size_t merged = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (merged && l.spans[i].start <= l.spans[merged - 1].end) {
            if (l.spans[i].end > l.spans[merged - 1].end)
                l.spans[merged - 1].end = l.spans[i].end;
        } else {
            l.spans[merged++] = l.spans[i];
        }
    }
    *out = l.spans;
    *count = merged;
    return BULLETIN_OK;
}

/* ---- where a snippet will be ---- */

/* At most this many candidate places are looked at. */
#define MAX_CANDIDATES 256
/* How far a region reaches for the end of a sentence. */
#define SENTENCE_REACH 240

/* memmem, which C99 lacks. */
static const char *find_bytes(const char *hay, size_t n, const char *needle, size_t len)
{
    for (const char *end = hay + n; (size_t)(end - hay) >= len;) {
        const char *at = memchr(hay, needle[0], (size_t)(end - hay) - len + 1);
        if (!at)
            return NULL;
        if (!memcmp(at, needle, len))
            return at;
        hay = at + 1;
    }
    return NULL;
}

static int by_offset(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* The original byte offsets where the first term of a positive word
 * occurs in the folded text, as a plain string: a superset of where the
 * word matches (a word's first bigram, in either straddle form, is found
 * wherever the word is). */
static size_t find_candidates(const bulletin_matcher *m, const bulletin_folded *f,
                              size_t *out)
{
    size_t n = 0;
    for (size_t i = 0; i < m->nleaves; i++) {
        const bulletin_qleaf *leaf = &m->leaves[i].leaf;
        if (!m->leaves[i].positive)
            continue;
        for (size_t t = 0; t < leaf->nterms && leaf->terms[t].group == 0; t++) {
            const char *term = bulletin__qleaf_term(leaf, t);
            size_t len = leaf->terms[t].len;
            if (len && term[len - 1] == '|')   /* the straddle form: the same letters */
                len--;
            if (!len)
                continue;
            const char *hay = f->text.data, *end = hay + f->text.len, *at = hay;
            while (n < MAX_CANDIDATES &&
                   (at = find_bytes(at, (size_t)(end - at), term, len)) != NULL) {
                out[n++] = f->start[at - hay];
                at += len;
            }
        }
    }
    return n;
}

/* Back from `at` to just after a line or sentence end ("。"), at most
 * SENTENCE_REACH bytes; else to a character boundary. */
static size_t sentence_start(const char *text, size_t at)
{
    for (size_t i = at; i > 0 && at - i < SENTENCE_REACH; i--) {
        if (text[i - 1] == '\n')
            return i;
        if (i >= 3 && !memcmp(text + i - 3, "\xE3\x80\x82", 3))
            return i;
    }
    if (at < SENTENCE_REACH)
        return 0;
    while (at > 0 && ((unsigned char)text[at] & 0xC0) == 0x80)
        at--;
    return at;
}

static size_t sentence_end(const char *text, size_t len, size_t at)
{
    for (size_t i = at; i < len && i - at < SENTENCE_REACH; i++) {
        if (text[i] == '\n')
            return i;
        if (i + 3 <= len && !memcmp(text + i, "\xE3\x80\x82", 3))
            return i + 3;
    }
    if (len - at < SENTENCE_REACH)
        return len;
    while (at < len && ((unsigned char)text[at] & 0xC0) == 0x80)
        at++;
    return at;
}

bool bulletin__matcher_region(bulletin_matcher *m, const char *text, size_t len,
                              size_t max_chars, size_t *from, size_t *to)
{
    size_t width = max_chars * 3;   /* bytes, as Han text goes */
    if (!m || !max_chars || len < 4 * width)
        return false;
    if (bulletin__fold(m->tok, text, len, &m->folded))
        return false;
    size_t offsets[MAX_CANDIDATES];
    size_t n = find_candidates(m, &m->folded, offsets);
    if (!n)
        return false;
    qsort(offsets, n, sizeof *offsets, by_offset);
    /* The densest cluster: the most candidates within one snippet's width. */
    size_t best = 0, best_count = 0;
    for (size_t i = 0, j = 0; i < n; i++) {
        while (j < n && offsets[j] < offsets[i] + width)
            j++;
        if (j - i > best_count) {
            best = i;
            best_count = j - i;
        }
    }
    size_t first = offsets[best], last = offsets[best + best_count - 1];
    *from = sentence_start(text, first > width ? first - width : 0);
    *to = sentence_end(text, len, last + width < len ? last + width : len);
    return *to > *from && *to - *from < len / 2;
}

void bulletin_spans_free(bulletin_span *spans)
{
    free(spans);
}
