/* segment.c - ICU word boundaries over folded text.
 *
 * ICU's dictionary break iterator finds Chinese word boundaries; the
 * tokenizer uses them to tell a bigram inside a word from one that
 * straddles two words (for ranking), and to cut Latin text into words.
 * The iterator runs over the simplified folding, since ICU's dictionary
 * is mostly simplified, with white space between two Han characters
 * left out: a hard line wrap inside a word must not split it. */
#include "config.h"
#include "text.h"

#include <stdlib.h>
#include <unicode/utf16.h>

bulletin_status bulletin__segmenter_init(bulletin_segmenter *seg)
{
    UErrorCode err = U_ZERO_ERROR;
    seg->u16 = NULL;
    seg->map = NULL;
    seg->cap = 0;
    seg->words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
    if (U_FAILURE(err))
        return bulletin__error(BULLETIN_ERROR_DEPENDENCY,
                               "ICU word break iterator unavailable: %s",
                               u_errorName(err));
    return BULLETIN_OK;
}

void bulletin__segmenter_free(bulletin_segmenter *seg)
{
    if (seg->words)
        ubrk_close(seg->words);
    free(seg->u16);
    free(seg->map);
    seg->words = NULL;
    seg->u16 = NULL;
    seg->map = NULL;
}

/* True when char i is white space with Han characters on both sides
 * (possibly across more white space). */
static bool bridged(const bulletin_ftext *ft, size_t i)
{
    size_t a = i, b = i;
    while (a > 0 && ft->chars[a].cls == BULLETIN_CC_SPACE)
        a--;
    while (b + 1 < ft->n && ft->chars[b].cls == BULLETIN_CC_SPACE)
        b++;
    return ft->chars[a].cls == BULLETIN_CC_HAN && ft->chars[b].cls == BULLETIN_CC_HAN;
}

bulletin_status bulletin__segment(bulletin_segmenter *seg, bulletin_ftext *ft, bool han_words)
{
    /* Two UTF-16 units per character at most. */
    if (ft->n * 2 + 1 > seg->cap) {
        size_t cap = ft->n * 2 + 1;
        UChar *u16 = realloc(seg->u16, cap * sizeof *u16);
        if (!u16)
            return bulletin__nomem();
        seg->u16 = u16;
        uint32_t *map = realloc(seg->map, cap * sizeof *map);
        if (!map)
            return bulletin__nomem();
        seg->map = map;
        seg->cap = cap;
    }
    int32_t n16 = 0;
    bool in_space_run = false, space_bridged = false;
    for (size_t i = 0; i < ft->n; i++) {
        bulletin_fchar *c = &ft->chars[i];
        c->seg = 0;
        if (c->cls == BULLETIN_CC_SPACE) {
            /* Decide once per stretch of white space. */
            if (!in_space_run)
                space_bridged = bridged(ft, i);
            in_space_run = true;
            if (space_bridged) {
                c->seg = BULLETIN_SEG_SKIP;
                continue;
            }
        } else {
            in_space_run = false;
        }
        /* U+FFFD breaks on both sides and is no word: without Han words
         * each Han character stands alone and no dictionary runs. */
        UChar32 cp = c->simp >= 0 && (han_words || c->cls != BULLETIN_CC_HAN) ? c->simp
                                                                               : 0xFFFD;
        seg->map[n16] = (uint32_t)i;
        if (U_IS_BMP(cp)) {
            seg->u16[n16++] = (UChar)cp;
        } else {
            seg->map[n16 + 1] = (uint32_t)i;
            seg->u16[n16++] = U16_LEAD(cp);
            seg->u16[n16++] = U16_TRAIL(cp);
        }
    }
    UErrorCode err = U_ZERO_ERROR;
    ubrk_setText(seg->words, seg->u16, n16, &err);
    if (U_FAILURE(err))
        return bulletin__error(BULLETIN_ERROR_DEPENDENCY,
                               "ICU word break failed: %s", u_errorName(err));
    int32_t start = ubrk_first(seg->words);
    for (int32_t end = ubrk_next(seg->words); end != UBRK_DONE;
         start = end, end = ubrk_next(seg->words)) {
        int32_t status = ubrk_getRuleStatus(seg->words);
        bool word = status >= UBRK_WORD_NUMBER && status < UBRK_WORD_KANA;
        ft->chars[seg->map[start]].seg |= BULLETIN_SEG_START;
        if (word)
            for (int32_t k = start; k < end; k++)
                ft->chars[seg->map[k]].seg |= BULLETIN_SEG_WORD;
    }
    return BULLETIN_OK;
}
