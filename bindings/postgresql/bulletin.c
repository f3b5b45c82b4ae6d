/* bulletin.c - libbulletin inside PostgreSQL: a text search parser, a
 * dictionary, and functions for queries, exact matching and snippets.
 *
 * A thin adapter: every term, query and snippet comes from the library
 * (bulletin.h), the same code the SQLite archive runs, so both engines
 * find the same articles.  See README.md in this folder for the schema
 * and the reasons behind bulletin_tsvector() and bulletin_recheck().
 *
 * Memory: the library allocates with malloc; every library object made
 * here is freed before control can leave (ereport included), and the
 * one tokenizer per backend lives as long as the backend. */
#include "postgres.h"

#include "fmgr.h"
#include "tsearch/ts_public.h"
#include "tsearch/ts_type.h"
#include "tsearch/ts_utils.h"
#include "utils/builtins.h"

#include <bulletin.h>

PG_MODULE_MAGIC;

/* Token type of the parser: one index position, its colocated
 * alternatives separated by TERM_SEP (the dictionary splits them). */
#define TOKEN_TERM 1
#define TERM_SEP ' '

static bulletin_tokenizer *backend_tokenizer;

/* Raise the library's last error as a PostgreSQL error, with our message. */
static void raise_error(void) pg_attribute_noreturn();
static void raise_error(void)
{
    const bulletin_error *e = bulletin_error_last();
    int code = ERRCODE_INTERNAL_ERROR;
    if (e->status == BULLETIN_ERROR_QUERY)
        code = ERRCODE_SYNTAX_ERROR;
    else if (e->status == BULLETIN_ERROR_NOMEM)
        code = ERRCODE_OUT_OF_MEMORY;
    else if (e->status == BULLETIN_ERROR_INVALID_ARGUMENT)
        code = ERRCODE_INVALID_PARAMETER_VALUE;
    if (e->status == BULLETIN_ERROR_QUERY && e->offset >= 0)
        ereport(ERROR, (errcode(code), errmsg("%s", e->message),
                        errdetail("byte offset %ld in the query", e->offset)));
    ereport(ERROR, (errcode(code), errmsg("%s", e->message)));
}

static bulletin_tokenizer *tokenizer(void)
{
    if (!backend_tokenizer && bulletin_tokenizer_new(&backend_tokenizer) != BULLETIN_OK)
        raise_error();
    return backend_tokenizer;
}

/* ---- collecting terms (callbacks must not ereport: no longjmp through
 * the library; allocation failures are reported by return value) ---- */

typedef struct term_rec {
    int pos;              /* 1-based index position */
    int off, len;         /* in `text` */
} term_rec;

typedef struct term_list {
    char *text;
    size_t text_len, text_cap;
    term_rec *terms;
    size_t n, cap;
    int pos;
} term_list;

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t cap2 = *cap ? *cap * 2 : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *q = MemoryContextAllocExtended(CurrentMemoryContext, cap2 * size,
                                         MCXT_ALLOC_NO_OOM | MCXT_ALLOC_HUGE);
    if (!q)
        return false;
    if (*p) {
        memcpy(q, *p, *cap * size);
        pfree(*p);
    }
    *p = q;
    *cap = cap2;
    return true;
}

static int collect_term(void *vctx, int flags, const char *term, size_t len,
                        size_t start, size_t end)
{
    term_list *l = vctx;
    if (!grow((void **)&l->terms, &l->cap, l->n + 1, sizeof *l->terms) ||
        !grow((void **)&l->text, &l->text_cap, l->text_len + len + 1, 1))
        return BULLETIN_ERROR_NOMEM;
    if (!(flags & BULLETIN_TOKEN_COLOCATED) || l->pos == 0)
        l->pos++;
    l->terms[l->n++] = (term_rec){ l->pos, (int)l->text_len, (int)len };
    memcpy(l->text + l->text_len, term, len);
    l->text_len += len;
    l->text[l->text_len++] = '\0';
    return 0;
}

static void tokenize(term_list *l, const char *text, size_t len)
{
    memset(l, 0, sizeof *l);
    bulletin_status st = bulletin_tokenizer_run(tokenizer(), text, len,
                                                BULLETIN_TOKENIZE_DOCUMENT, collect_term, l);
    if (st == BULLETIN_ERROR_NOMEM)
        ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY),
                        errmsg("out of memory tokenizing %zu bytes of text", len)));
    if (st)
        raise_error();
}

/* ---- the text search parser ---- */

typedef struct parser_state {
    term_list terms;
    char *token;          /* the current position's alternatives */
    size_t next;          /* index of the next term */
} parser_state;

PG_FUNCTION_INFO_V1(bulletin_parser_start);
Datum bulletin_parser_start(PG_FUNCTION_ARGS)
{
    parser_state *ps = palloc0(sizeof *ps);
    tokenize(&ps->terms, (const char *)PG_GETARG_POINTER(0), (size_t)PG_GETARG_INT32(1));
    ps->token = palloc(ps->terms.text_len + 1);
    PG_RETURN_POINTER(ps);
}

PG_FUNCTION_INFO_V1(bulletin_parser_nexttoken);
Datum bulletin_parser_nexttoken(PG_FUNCTION_ARGS)
{
    parser_state *ps = (parser_state *)PG_GETARG_POINTER(0);
    char **t = (char **)PG_GETARG_POINTER(1);
    int *tlen = (int *)PG_GETARG_POINTER(2);
    term_list *l = &ps->terms;
    if (ps->next >= l->n)
        PG_RETURN_INT32(0);
    /* One token per position: PostgreSQL gives every token a position,
     * and the dictionary returns the alternatives as lexemes sharing it. */
    int pos = l->terms[ps->next].pos, n = 0;
    for (; ps->next < l->n && l->terms[ps->next].pos == pos; ps->next++) {
        const term_rec *r = &l->terms[ps->next];
        if (n)
            ps->token[n++] = TERM_SEP;
        memcpy(ps->token + n, l->text + r->off, r->len);
        n += r->len;
    }
    *t = ps->token;
    *tlen = n;
    PG_RETURN_INT32(TOKEN_TERM);
}

PG_FUNCTION_INFO_V1(bulletin_parser_end);
Datum bulletin_parser_end(PG_FUNCTION_ARGS)
{
    PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(bulletin_parser_lextype);
Datum bulletin_parser_lextype(PG_FUNCTION_ARGS)
{
    LexDescr *d = palloc0(2 * sizeof *d);
    d[0].lexid = TOKEN_TERM;
    d[0].alias = pstrdup("term");
    d[0].descr = pstrdup("bulletin term: Han bigrams, trigrams inside one word, a run's "
                         "last character, Latin words, numbers (alternatives "
                         "space-separated)");
    PG_RETURN_POINTER(d);
}

/* ---- the dictionary: one lexeme per alternative, same position ---- */

PG_FUNCTION_INFO_V1(bulletin_dict_init);
Datum bulletin_dict_init(PG_FUNCTION_ARGS)
{
    PG_RETURN_POINTER(NULL);
}

PG_FUNCTION_INFO_V1(bulletin_dict_lexize);
Datum bulletin_dict_lexize(PG_FUNCTION_ARGS)
{
    const char *in = (const char *)PG_GETARG_POINTER(1);
    int len = PG_GETARG_INT32(2);
    int count = 1;
    for (int i = 0; i < len; i++)
        count += in[i] == TERM_SEP;
    TSLexeme *res = palloc0((count + 1) * sizeof *res);
    int k = 0, from = 0;
    for (int i = 0; i <= len; i++) {
        if (i < len && in[i] != TERM_SEP)
            continue;
        if (i > from)
            res[k++].lexeme = pnstrdup(in + from, i - from);
        from = i + 1;
    }
    PG_RETURN_POINTER(res);
}

/* ---- bulletin_tsvector(headline, subtitle, body) ----
 *
 * One weighted vector for an article (headline A, subtitle B, body D),
 * with a gap of one position between fields so that no phrase matches
 * across two of them (the SQLite archive keeps fields apart too).
 *
 * PostgreSQL's tsvector keeps positions up to 16383 and at most 255 per
 * lexeme; beyond that it clamps or drops positions without a word.  When
 * an article goes past either limit, this returns the vector *without
 * positions* instead: every lexeme is still there, so single-position
 * words and AND/OR/NOT stay exact; PostgreSQL never matches a phrase on a vector
 * without positions, so bulletin_matches() pre-filters with the loose
 * query (phrases as AND) and bulletin_recheck() decides from the text.
 * Nothing is lost silently. */

typedef struct field_vector {
    TSVector vector;
    bool overflow;
} field_vector;

static TSVector build_vector(const term_list *l, int first_pos, bool positions)
{
    ParsedText prs;
    prs.lenwords = l->n ? (int32)l->n : 1;
    prs.curwords = 0;
    prs.pos = 0;
    prs.words = palloc_extended(prs.lenwords * sizeof(ParsedWord), MCXT_ALLOC_HUGE);
    for (size_t i = 0; i < l->n; i++) {
        ParsedWord *w = &prs.words[prs.curwords++];
        w->len = (uint16)l->terms[i].len;
        w->nvariant = 0;
        w->flags = 0;
        w->alen = 0;
        w->word = pnstrdup(l->text + l->terms[i].off, l->terms[i].len);
        w->pos.pos = positions ? (uint16)(l->terms[i].pos + first_pos - 1) : 1;
    }
    return make_tsvector(&prs);
}

/* Whether PostgreSQL dropped positions: a lexeme at its cap. */
static bool positions_capped(TSVector v)
{
    WordEntry *e = ARRPTR(v);
    for (int32 i = 0; i < v->size; i++)
        if (e[i].haspos && POSDATALEN(v, &e[i]) >= MAXNUMPOS - 1)
            return true;
    return false;
}

static field_vector vector_of(text *t, int first_pos)
{
    field_vector fv = { NULL, false };
    term_list l;
    tokenize(&l, VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
    /* An upper bound of make_tsvector()'s string size, to switch to the
     * position-less form before PostgreSQL refuses the vector. */
    size_t bytes = 0;
    int last = l.n ? l.terms[l.n - 1].pos + first_pos - 1 : 0;
    for (size_t i = 0; i < l.n; i++)
        bytes += l.terms[i].len + 2 * sizeof(WordEntryPos) + sizeof(uint16);
    fv.overflow = last >= MAXENTRYPOS || bytes > MAXSTRPOS;
    if (!fv.overflow) {
        fv.vector = build_vector(&l, first_pos, true);
        fv.overflow = positions_capped(fv.vector);
    }
    if (fv.overflow)
        fv.vector = build_vector(&l, 1, false);
    return fv;
}

PG_FUNCTION_INFO_V1(bulletin_tsvector);
Datum bulletin_tsvector(PG_FUNCTION_ARGS)
{
    static const char weights[] = { 'A', 'B', 'D' };
    Datum result = 0;
    bool overflow = false, have = false;
    for (int f = 0; f < 3; f++) {
        if (PG_ARGISNULL(f))
            continue;
        /* Position 2 for a field after another: a one-position gap. */
        field_vector fv = vector_of(PG_GETARG_TEXT_PP(f), have ? 2 : 1);
        Datum v = DirectFunctionCall2(tsvector_setweight, PointerGetDatum(fv.vector),
                                      CharGetDatum(weights[f]));
        result = have ? DirectFunctionCall2(tsvector_concat, result, v) : v;
        have = true;
        overflow |= fv.overflow;
    }
    if (!have)
        result = DirectFunctionCall1(tsvectorin, CStringGetDatum(""));
    if (overflow)
        result = DirectFunctionCall1(tsvector_strip, result);
    PG_RETURN_DATUM(result);
}

/* ---- bulletin_query(text) ---- */

PG_FUNCTION_INFO_V1(bulletin_query);
Datum bulletin_query(PG_FUNCTION_ARGS)
{
    char *query = text_to_cstring(PG_GETARG_TEXT_PP(0));
    unsigned flags = PG_GETARG_BOOL(1) ? BULLETIN_TSQUERY_LOOSE : 0;
    char *ts;
    if (bulletin_query_to_tsquery(&ts, tokenizer(), query, flags) != BULLETIN_OK)
        raise_error();
    char *copy = pstrdup(ts);
    bulletin_string_free(ts);
    PG_RETURN_DATUM(DirectFunctionCall1(tsqueryin, CStringGetDatum(copy)));
}

/* ---- bulletin_recheck(tsv, query, headline, subtitle, body) ----
 * For a vector stored without positions (an article beyond tsvector's
 * limits): whether the article matches exactly, decided from its text
 * (PostgreSQL cannot evaluate a phrase, nor an excluded phrase, on such a
 * vector).  For any other vector: NULL at once, meaning "tsv @@
 * bulletin_query() decides exactly" (see bulletin_matches() in the SQL). */

static bulletin_matcher *matcher_for(text *query)
{
    char *q = text_to_cstring(query);
    bulletin_matcher *m;
    if (bulletin_matcher_new(&m, tokenizer(), q) != BULLETIN_OK)
        raise_error();
    pfree(q);
    return m;
}

PG_FUNCTION_INFO_V1(bulletin_recheck);
Datum bulletin_recheck(PG_FUNCTION_ARGS)
{
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
        PG_RETURN_NULL();
    /* Only the header and the first entry: a vector with positions was
     * matched exactly by @@ already, and reading its start is cheap even
     * when it is large and compressed. */
    TSVector head = (TSVector)PG_DETOAST_DATUM_SLICE(PG_GETARG_DATUM(0), 0,
                                                     sizeof(int32) + sizeof(WordEntry));
    if (head->size == 0 || ARRPTR(head)[0].haspos)
        PG_RETURN_NULL();
    const char *texts[3];
    size_t lens[3];
    for (int f = 0; f < 3; f++) {
        texts[f] = NULL;
        lens[f] = 0;
        if (!PG_ARGISNULL(2 + f)) {
            text *t = PG_GETARG_TEXT_PP(2 + f);
            texts[f] = VARDATA_ANY(t);
            lens[f] = VARSIZE_ANY_EXHDR(t);
        }
    }
    bulletin_matcher *m = matcher_for(PG_GETARG_TEXT_PP(1));
    int matches = 0;
    bulletin_status st = bulletin_matcher_test(&matches, m, texts, lens, 3);
    bulletin_matcher_free(m);
    if (st)
        raise_error();
    PG_RETURN_BOOL(matches != 0);
}

/* ---- bulletin_snippet(body, query, max_chars, open, close, ellipsis, html) ---- */

PG_FUNCTION_INFO_V1(bulletin_snippet);
Datum bulletin_snippet(PG_FUNCTION_ARGS)
{
    text *body = PG_GETARG_TEXT_PP(0);
    int32 max_chars = PG_GETARG_INT32(2);
    if (max_chars < 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("bulletin_snippet: max_chars must be 0 (whole text) or more, "
                               "not %d", max_chars)));
    bulletin_snippet_options o = BULLETIN_SNIPPET_OPTIONS_INIT;
    o.max_chars = (size_t)max_chars;
    o.open = text_to_cstring(PG_GETARG_TEXT_PP(3));
    o.close = text_to_cstring(PG_GETARG_TEXT_PP(4));
    o.ellipsis = text_to_cstring(PG_GETARG_TEXT_PP(5));
    o.html = PG_GETARG_BOOL(6);
    bulletin_matcher *m = matcher_for(PG_GETARG_TEXT_PP(1));
    char *s;
    bulletin_status st = bulletin_matcher_snippet(&s, m, VARDATA_ANY(body),
                                                  VARSIZE_ANY_EXHDR(body), &o);
    bulletin_matcher_free(m);
    if (st)
        raise_error();
    text *result = cstring_to_text(s);
    bulletin_string_free(s);
    PG_RETURN_TEXT_P(result);
}
