/* tokenizer.c - bulletin text in, index terms with original offsets out.
 *
 * The pipeline: normalize.c folds Unicode (keeping each character's
 * original bytes), script.c folds traditional to simplified, segment.c
 * marks ICU word boundaries, and this file turns the result into terms.
 * No search engine is known here: FTS5 and PostgreSQL adapt to this API.
 *
 * Han text is indexed as overlapping bigrams, which give full recall for
 * any query of two or more characters wherever ICU's dictionary puts word
 * boundaries (it cuts 西城区 as 西|城区: a word index would miss 西城).
 * ICU's boundaries are kept in the term itself: a bigram that straddles a
 * boundary carries a "|" suffix.  A query asks for both forms, and once
 * more for the inside-a-word form alone, so whole-word matches score
 * higher (工会 in 总工会 above 工会 in 化工|会议) without storing any
 * position twice.  Each Han run also ends with its last character alone,
 * at the position of the last bigram, so that a one-character query is a
 * prefix search that finds every occurrence.
 *
 * Three characters inside one ICU word also make a trigram term, sharing
 * the position of their first bigram.  The inside-a-word form of a longer
 * word is then a phrase of trigrams: 下一步 is one term where it was a
 * phrase of two bigrams.  FTS5 reads one doclist where it read two and
 * compared their positions row by row, which made a common three-character
 * word the dearest part of a two-word search (下一步 也可以 at a million
 * articles: 17-25 ms before, 10-11 ms after).  The index grows by about
 * 2%: trigrams exist only inside words, and most words are shorter. */
#include "config.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

/* Terms longer than this (a URL, a hash) are cut at a character boundary:
 * nobody searches for them whole and FTS5 pays for every byte. */
#define MAX_TERM_BYTES 64

/* A trigram's folded forms: each character simplified phrase-aware or
 * character by character (script.c), where the two differ. */
#define MAX_TRIGRAM_FORMS 8

struct bulletin_tokenizer {
    const UNormalizer2 *nfkc;
    bulletin_segmenter segmenter;
    bulletin_ftext text;
    bulletin_buf scratch;
    uint32_t *run;        /* indices of the Han characters of one run */
    size_t run_cap;
    bool word_trigrams;   /* bulletin_tokenizer_set_word_trigrams() */
};

typedef struct emit_state {
    bulletin_token_fn fn;
    void *ctx;
    int rc;
} emit_state;

bulletin_status bulletin_tokenizer_new(bulletin_tokenizer **out)
{
    if (!out)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "out is NULL");
    *out = NULL;
    bulletin_status st = bulletin__script_init();
    if (st)
        return st;
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCCasefoldInstance(&err);
    if (U_FAILURE(err))
        return bulletin__error(BULLETIN_ERROR_DEPENDENCY,
                               "ICU NFKC_Casefold data unavailable: %s",
                               u_errorName(err));
    bulletin_tokenizer *t = calloc(1, sizeof *t);
    if (!t)
        return bulletin__nomem();
    t->nfkc = nfkc;
    t->word_trigrams = true;
    if ((st = bulletin__segmenter_init(&t->segmenter))) {
        free(t);
        return st;
    }
    *out = t;
    return BULLETIN_OK;
}

void bulletin_tokenizer_free(bulletin_tokenizer *t)
{
    if (!t)
        return;
    bulletin__segmenter_free(&t->segmenter);
    free(t->text.chars);
    bulletin_buf_free(&t->scratch);
    free(t->run);
    free(t);
}

void bulletin_tokenizer_set_word_trigrams(bulletin_tokenizer *t, int on)
{
    if (t)
        t->word_trigrams = on != 0;
}

static void emit(emit_state *es, int flags, const char *term, size_t len,
                 uint32_t start, uint32_t end)
{
    if (es->rc == 0)
        es->rc = es->fn(es->ctx, flags, term, len, start, end);
}

/* The term for Han characters a (and b, if b >= 0), with the straddle
 * suffix when asked.  Returns its length in `out` (16 bytes of room). */
static size_t han_term(char *out, int32_t a, int32_t b, bool straddle)
{
    size_t n = bulletin_utf8_put(out, a);
    if (b >= 0)
        n += bulletin_utf8_put(out + n, b);
    if (straddle)
        out[n++] = '|';
    return n;
}

/* The forms of the trigram of Han characters x, y and z: every choice of
 * each one's two foldings, where those differ.  A phrase of bigrams
 * matched with any folding at each position; a trigram must match all
 * three characters at once, so it carries every mix (almost always just
 * one: the foldings differ only around OpenCC's phrase pivots).  Returns
 * the number of forms, their lengths in `lens`. */
static size_t han_trigram_forms(char out[][16], size_t *lens, const bulletin_fchar *x,
                                const bulletin_fchar *y, const bulletin_fchar *z)
{
    const bulletin_fchar *ch[3] = { x, y, z };
    unsigned differs = 0;
    for (unsigned k = 0; k < 3; k++)
        differs |= (unsigned)(ch[k]->simp != ch[k]->alt) << k;
    size_t count = 0;
    for (unsigned pick = 0; pick < MAX_TRIGRAM_FORMS; pick++) {
        if (pick & ~differs)   /* the alternative of a character that has none */
            continue;
        size_t n = 0;
        for (unsigned k = 0; k < 3; k++)
            n += bulletin_utf8_put(out[count] + n, (pick >> k) & 1 ? ch[k]->alt : ch[k]->simp);
        lens[count++] = n;
    }
    return count;
}

/* Emit the distinct terms of one position, the first as a new position
 * (unless `colocated_first`), the rest colocated with it. */
static void emit_position(emit_state *es, char terms[][16], size_t *lens,
                          size_t count, bool colocated_first,
                          uint32_t start, uint32_t end)
{
    for (size_t k = 0; k < count; k++) {
        bool seen = false;
        for (size_t j = 0; j < k && !seen; j++)
            seen = lens[j] == lens[k] && !memcmp(terms[j], terms[k], lens[k]);
        if (seen)
            continue;
        int flags = (k > 0 || colocated_first) ? BULLETIN_TOKEN_COLOCATED : 0;
        emit(es, flags, terms[k], lens[k], start, end);
    }
}

/* Emit the terms of one Han run (indices in t->run, `n` of them). */
static void emit_han_run(bulletin_tokenizer *t, size_t n, bulletin_tokenize_mode mode,
                         emit_state *es)
{
    bool trigrams = t->word_trigrams;
    const bulletin_fchar *c = t->text.chars;
    const uint32_t *r = t->run;
    char terms[MAX_TRIGRAM_FORMS][16];
    size_t lens[MAX_TRIGRAM_FORMS];

    if (n == 1) {
        lens[0] = han_term(terms[0], c[r[0]].simp, -1, false);
        lens[1] = han_term(terms[1], c[r[0]].alt, -1, false);
        emit_position(es, terms, lens, 2, false, c[r[0]].start, c[r[0]].end);
        return;
    }
    if (mode == BULLETIN_TOKENIZE_QUERY_WORDS && trigrams && n >= 3) {
        /* Inside one word: the run's trigrams, as the document has them
         * wherever no boundary falls between their characters. */
        for (size_t i = 0; i + 2 < n; i++) {
            const bulletin_fchar *a = &c[r[i]], *b = &c[r[i + 1]], *z = &c[r[i + 2]];
            size_t count = han_trigram_forms(terms, lens, a, b, z);
            emit_position(es, terms, lens, count, false, a->start, z->end);
        }
        return;
    }
    for (size_t i = 0; i + 1 < n; i++) {
        const bulletin_fchar *a = &c[r[i]], *b = &c[r[i + 1]];
        bool straddle = (b->seg & BULLETIN_SEG_START) != 0;
        size_t count;
        if (mode == BULLETIN_TOKENIZE_DOCUMENT) {
            lens[0] = han_term(terms[0], a->simp, b->simp, straddle);
            lens[1] = han_term(terms[1], a->alt, b->alt, straddle);
            emit_position(es, terms, lens, 2, false, a->start, b->end);
            if (trigrams && !straddle && i + 2 < n && !(c[r[i + 2]].seg & BULLETIN_SEG_START)) {
                const bulletin_fchar *z = &c[r[i + 2]];
                count = han_trigram_forms(terms, lens, a, b, z);
                emit_position(es, terms, lens, count, true, a->start, z->end);
            }
            continue;
        }
        if (mode == BULLETIN_TOKENIZE_QUERY_WORDS) {
            lens[0] = han_term(terms[0], a->simp, b->simp, false);
            lens[1] = han_term(terms[1], a->alt, b->alt, false);
            count = 2;
        } else {
            lens[0] = han_term(terms[0], a->simp, b->simp, false);
            lens[1] = han_term(terms[1], a->simp, b->simp, true);
            lens[2] = han_term(terms[2], a->alt, b->alt, false);
            lens[3] = han_term(terms[3], a->alt, b->alt, true);
            count = 4;
        }
        emit_position(es, terms, lens, count, false, a->start, b->end);
    }
    if (mode == BULLETIN_TOKENIZE_DOCUMENT) {
        /* The run's last character alone, sharing the last bigram's
         * position so that phrases across runs stay adjacent. */
        const bulletin_fchar *z = &c[r[n - 1]];
        lens[0] = han_term(terms[0], z->simp, -1, false);
        lens[1] = han_term(terms[1], z->alt, -1, false);
        emit_position(es, terms, lens, 2, true, z->start, z->end);
    }
}

/* Emit one Latin word or number: chars [i, j). */
static void emit_word(bulletin_tokenizer *t, size_t i, size_t j, emit_state *es)
{
    const bulletin_fchar *c = t->text.chars;
    char term[MAX_TERM_BYTES + 4];
    size_t len = 0;
    for (size_t k = i; k < j; k++) {
        if (c[k].cp < 0 || c[k].cls == BULLETIN_CC_SPACE)
            continue;
        if (len + 4 > MAX_TERM_BYTES)
            break;
        len += bulletin_utf8_put(term + len, c[k].cp);
    }
    if (len)
        emit(es, 0, term, len, c[i].start, c[j - 1].end);
}

static bool is_word_char(const bulletin_fchar *c)
{
    return c->cls != BULLETIN_CC_HAN && c->cp >= 0 &&
           ((c->seg & BULLETIN_SEG_WORD) || c->cls == BULLETIN_CC_WORD);
}

bulletin_status bulletin_tokenizer_run(bulletin_tokenizer *t, const char *text,
                                       size_t len, bulletin_tokenize_mode mode,
                                       bulletin_token_fn fn, void *ctx)
{
    return bulletin__tokenizer_run_with(t, text, len, mode, true, fn, ctx);
}

bulletin_status bulletin__tokenizer_run_with(bulletin_tokenizer *t, const char *text,
                                             size_t len, bulletin_tokenize_mode mode,
                                             bool han_words, bulletin_token_fn fn, void *ctx)
{
    if (!t || (!text && len) || !fn)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "tokenizer, text and callback are required");
    bulletin_status st;
    if ((st = bulletin__normalize(t->nfkc, text ? text : "", len, &t->text)) ||
        (st = bulletin__script_fold(&t->text, &t->scratch)) ||
        (st = bulletin__segment(&t->segmenter, &t->text, han_words)))
        return st;
    if (t->text.n > t->run_cap) {
        uint32_t *run = realloc(t->run, t->text.n * sizeof *run);
        if (!run)
            return bulletin__nomem();
        t->run = run;
        t->run_cap = t->text.n;
    }

    emit_state es = { fn, ctx, 0 };
    const bulletin_fchar *c = t->text.chars;
    size_t n = t->text.n;
    for (size_t i = 0; i < n && es.rc == 0;) {
        if (c[i].cls == BULLETIN_CC_HAN) {
            size_t count = 0, j = i;
            for (; j < n; j++) {
                if (c[j].cls == BULLETIN_CC_HAN)
                    t->run[count++] = (uint32_t)j;
                else if (!(c[j].seg & BULLETIN_SEG_SKIP))
                    break;
            }
            emit_han_run(t, count, mode, &es);
            i = j;
        } else if (is_word_char(&c[i])) {
            size_t j = i + 1;
            while (j < n && is_word_char(&c[j]) && !(c[j].seg & BULLETIN_SEG_START))
                j++;
            emit_word(t, i, j, &es);
            i = j;
        } else {
            i++;
        }
    }
    return (bulletin_status)es.rc;
}

/* ---------------------------------------------------------------- folding */

static bool folded_put(bulletin_folded *out, int32_t cp, uint32_t start, uint32_t end)
{
    char bytes[4];
    size_t n = bulletin_utf8_put(bytes, cp);
    size_t need = out->text.len + n + 1;
    /* start and end share out->cap, so it moves only once both have grown
     * (to the same room, from the same cap). */
    void *start_v = out->start, *end_v = out->end;
    size_t start_cap = out->cap;
    bool room = bulletin__grow(&start_v, &start_cap, need, sizeof *out->start, 256, false);
    out->start = start_v;
    room = room && bulletin__grow(&end_v, &out->cap, need, sizeof *out->end, 256, false);
    out->end = end_v;
    if (!room)
        return false;
    for (size_t k = 0; k < n; k++) {
        out->start[out->text.len + k] = start;
        out->end[out->text.len + k] = end;
    }
    return bulletin_buf_append(&out->text, bytes, n);
}

/* True if the next character after white space run starting at i is Han. */
static bool han_follows(const bulletin_ftext *ft, size_t i)
{
    while (i < ft->n && ft->chars[i].cls == BULLETIN_CC_SPACE)
        i++;
    return i < ft->n && ft->chars[i].cls == BULLETIN_CC_HAN;
}

bulletin_status bulletin__fold(bulletin_tokenizer *t, const char *text, size_t len,
                               bulletin_folded *out)
{
    bulletin_status st;
    bulletin_buf_clear(&out->text);
    if (!bulletin_buf_reserve(&out->text, len + 1))
        return bulletin__nomem();
    if ((st = bulletin__normalize(t->nfkc, text ? text : "", len, &t->text)) ||
        (st = bulletin__script_fold(&t->text, &t->scratch)))
        return st;
    const bulletin_fchar *c = t->text.chars;
    int last_cls = BULLETIN_CC_SPACE;  /* nothing emitted yet: no leading space */
    for (size_t i = 0; i < t->text.n; i++) {
        if (c[i].cp < 0)
            continue;
        if (c[i].cls == BULLETIN_CC_SPACE) {
            if (last_cls == BULLETIN_CC_SPACE ||
                (last_cls == BULLETIN_CC_HAN && han_follows(&t->text, i)))
                continue;
            if (!folded_put(out, ' ', c[i].start, c[i].end))
                return bulletin__nomem();
            last_cls = BULLETIN_CC_SPACE;
            continue;
        }
        if (!folded_put(out, c[i].simp, c[i].start, c[i].end))
            return bulletin__nomem();
        last_cls = c[i].cls;
    }
    if (out->start && out->cap > out->text.len) {
        /* A sentinel, so that a match ending at the end has an end. */
        out->start[out->text.len] = (uint32_t)len;
        out->end[out->text.len] = (uint32_t)len;
    }
    return BULLETIN_OK;
}

void bulletin__folded_free(bulletin_folded *f)
{
    bulletin_buf_free(&f->text);
    free(f->start);
    free(f->end);
    f->start = f->end = NULL;
    f->cap = 0;
}
