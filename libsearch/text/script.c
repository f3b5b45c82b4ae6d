/* script.c - traditional to simplified folding with OpenCC, offsets kept.
 *
 * OpenCC converts whole strings and reports no offsets, and each call
 * costs about 5 us whatever its length.  Calling it on every Han run
 * would make it the slowest stage of indexing by far, so:
 *
 *  - At build time every Han code point is converted once, alone, by
 *    OpenCC (tools/gen-t2s-table), giving a per-character table (t2s maps
 *    each character to exactly one).
 *  - OpenCC's phrase rules are needed only where a phrase converts a
 *    character differently from the table (計畫 -> 计划, not 计画).  The
 *    characters where that can happen ("pivots") are listed in
 *    data/t2s-context-chars.txt.  Only runs holding a pivot go through
 *    OpenCC, all runs of one document in a single call, separated by
 *    newlines (which no phrase spans).
 *  - t2s phrase conversion never changes the number of characters, so the
 *    converted run lines up with the original character by character, and
 *    each character keeps its original byte range.  A run whose length
 *    changed anyway (a future dictionary) keeps the table folding.
 *
 * Each character ends with two foldings: `simp` (phrase-aware) and `alt`
 * (the table).  Where they differ the tokenizer emits both, so a
 * simplified query for either reading finds the traditional text. */
#include "config.h"
#include "text.h"

#include <opencc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const char bulletin__t2s_context_chars[];

/* Code points below this get a flag byte; Han lives in the BMP and in
 * planes 2 and 3. */
#define FLAG_LIMIT 0x40000
#define FLAG_CHANGED 1   /* the table folds it to another character */
#define FLAG_PIVOT 2     /* phrases may fold it otherwise */

typedef struct fold_pair {
    int32_t from;
    int32_t to;
} fold_pair;

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static bulletin_status init_status;
static char init_message[512];
static opencc_t converter;
static pthread_mutex_t converter_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t *flags;
static const fold_pair *pairs;
static size_t pair_count;

extern const int32_t bulletin__t2s_table[][2];
extern const size_t bulletin__t2s_table_size;

static void init_fail(bulletin_status status, const char *what)
{
    init_status = status;
    snprintf(init_message, sizeof init_message, "%s", what);
}

/* Flag the characters the generated table (tools/gen-t2s-table, run at
 * build time against the same OpenCC) folds to another character. */
static void mark_changed(void)
{
    pairs = (const fold_pair *)bulletin__t2s_table;
    pair_count = bulletin__t2s_table_size;
    for (size_t i = 0; i < pair_count; i++)
        if (pairs[i].from < FLAG_LIMIT)
            flags[pairs[i].from] |= FLAG_CHANGED;
}

static void mark_pivots(void)
{
    const char *s = bulletin__t2s_context_chars;
    size_t len = strlen(s), pos = 0;
    while (pos < len) {
        if (s[pos] == '#') { /* a comment line */
            while (pos < len && s[pos] != '\n')
                pos++;
            continue;
        }
        int32_t cp = bulletin_utf8_next(s, len, &pos);
        if (cp > 0x7F && cp < FLAG_LIMIT)
            flags[cp] |= FLAG_PIVOT;
    }
}

static void init_tables(void)
{
    converter = opencc_open("t2s.json");
    if (converter == (opencc_t)-1) {
        char what[400];
        snprintf(what, sizeof what,
                 "OpenCC cannot load its t2s.json configuration (%s); "
                 "install the Debian package libopencc1.1 (OpenCC data)",
                 opencc_error());
        init_fail(BULLETIN_ERROR_DEPENDENCY, what);
        return;
    }
    flags = calloc(FLAG_LIMIT, 1);
    if (!flags) {
        init_fail(BULLETIN_ERROR_NOMEM, "out of memory");
        return;
    }
    mark_changed();
    mark_pivots();
}

bulletin_status bulletin__script_init(void)
{
    pthread_once(&init_once, init_tables);
    if (init_status != BULLETIN_OK)
        return bulletin__error(init_status, "%s", init_message);
    return BULLETIN_OK;
}

static int32_t table_fold(int32_t cp)
{
    if (cp >= FLAG_LIMIT || !(flags[cp] & FLAG_CHANGED))
        return cp;
    size_t lo = 0, hi = pair_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pairs[mid].from < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return pairs[lo].to;
}

static bool is_pivot(int32_t cp)
{
    return cp >= 0 && cp < FLAG_LIMIT && (flags[cp] & FLAG_PIVOT);
}

/* A Han run: chars [first, last] of the text, bridging white space. */
static size_t run_end(const bulletin_ftext *ft, size_t i)
{
    size_t last = i;
    for (size_t j = i + 1; j < ft->n; j++) {
        if (ft->chars[j].cls == BULLETIN_CC_HAN)
            last = j;
        else if (ft->chars[j].cls != BULLETIN_CC_SPACE)
            break;
    }
    return last;
}

/* Copy OpenCC's phrase-aware output for the pivot runs into `simp`. */
static void apply_phrases(bulletin_ftext *ft, const char *out, size_t olen)
{
    size_t op = 0;
    for (size_t i = 0; i < ft->n && op < olen; i++) {
        if (ft->chars[i].cls != BULLETIN_CC_HAN)
            continue;
        size_t last = run_end(ft, i);
        bool pivot = false;
        for (size_t j = i; j <= last && !pivot; j++)
            pivot = ft->chars[j].cls == BULLETIN_CC_HAN && is_pivot(ft->chars[j].cp);
        if (!pivot) {
            i = last;
            continue;
        }
        /* Count the characters of this run's output line first. */
        size_t line_end = op, n_out = 0, n_in = 0;
        while (line_end < olen && out[line_end] != '\n') {
            bulletin_utf8_next(out, olen, &line_end);
            n_out++;
        }
        for (size_t j = i; j <= last; j++)
            n_in += ft->chars[j].cls == BULLETIN_CC_HAN;
        if (n_out == n_in) {
            for (size_t j = i; j <= last; j++)
                if (ft->chars[j].cls == BULLETIN_CC_HAN)
                    ft->chars[j].simp = bulletin_utf8_next(out, olen, &op);
        }
        op = line_end + 1;
        i = last;
    }
}

bulletin_status bulletin__script_fold(bulletin_ftext *ft, bulletin_buf *scratch)
{
    bool any_pivot = false;
    for (size_t i = 0; i < ft->n; i++) {
        bulletin_fchar *c = &ft->chars[i];
        if (c->cls != BULLETIN_CC_HAN)
            continue;
        c->simp = c->alt = table_fold(c->cp);
        any_pivot |= is_pivot(c->cp);
    }
    if (!any_pivot)
        return BULLETIN_OK;

    /* Gather the runs that hold a pivot, one per line.  The original
     * (NFKC-folded, not table-folded) characters go in: OpenCC's phrases
     * are written in traditional characters. */
    bulletin_buf_clear(scratch);
    for (size_t i = 0; i < ft->n; i++) {
        if (ft->chars[i].cls != BULLETIN_CC_HAN)
            continue;
        size_t last = run_end(ft, i);
        bool pivot = false;
        for (size_t j = i; j <= last && !pivot; j++)
            pivot = ft->chars[j].cls == BULLETIN_CC_HAN && is_pivot(ft->chars[j].cp);
        if (pivot) {
            for (size_t j = i; j <= last; j++) {
                if (ft->chars[j].cls != BULLETIN_CC_HAN)
                    continue;
                char u8[4];
                if (!bulletin_buf_append(scratch, u8,
                                         bulletin_utf8_put(u8, ft->chars[j].cp)))
                    return bulletin__nomem();
            }
            if (!bulletin_buf_append_char(scratch, '\n'))
                return bulletin__nomem();
        }
        i = last;
    }
    pthread_mutex_lock(&converter_lock);
    char *out = opencc_convert_utf8(converter, scratch->data, scratch->len);
    pthread_mutex_unlock(&converter_lock);
    if (!out)
        return bulletin__error(BULLETIN_ERROR_DEPENDENCY,
                               "OpenCC could not convert text: %s", opencc_error());
    apply_phrases(ft, out, strlen(out));
    opencc_convert_utf8_free(out);
    return BULLETIN_OK;
}
