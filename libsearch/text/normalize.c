/* normalize.c - Unicode folding with a map back to the original bytes.
 *
 * ICU's NFKC_Casefold turns full-width Latin and digits into ASCII,
 * compatibility ideographs into unified ones, and case-folds Latin.  ICU's
 * normalizer reports no offsets, so the text is fed to it in the smallest
 * pieces it allows: from one normalization boundary to the next.  Each
 * piece's output characters are attributed to that piece's original bytes;
 * for almost all text a piece is one code point, so offsets stay exact. */
#include "config.h"
#include "text.h"

#include <stdlib.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

static bool ftext_grow(bulletin_ftext *ft, size_t extra)
{
    void *chars = ft->chars;
    if (!bulletin__grow(&chars, &ft->cap, ft->n + extra, sizeof *ft->chars, 256, false))
        return false;
    ft->chars = chars;
    return true;
}

/* Which class a folded code point belongs to. */
static uint8_t classify(int32_t cp)
{
    if (cp < 0)
        return BULLETIN_CC_OTHER;
    if (cp < 0x80) {
        if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
            (cp >= '0' && cp <= '9'))
            return BULLETIN_CC_WORD;
        if (cp == ' ' || (cp >= '\t' && cp <= '\r'))
            return BULLETIN_CC_SPACE;
        return BULLETIN_CC_OTHER;
    }
    if (u_isUWhiteSpace(cp))
        return BULLETIN_CC_SPACE;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(cp, &err);
    if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA ||
        script == USCRIPT_KATAKANA)
        return u_isalpha(cp) ? BULLETIN_CC_HAN : BULLETIN_CC_OTHER;
    if (u_isalnum(cp) || u_hasBinaryProperty(cp, UCHAR_DIACRITIC))
        return BULLETIN_CC_WORD;
    return BULLETIN_CC_OTHER;
}

static bool push(bulletin_ftext *ft, int32_t cp, uint32_t start, uint32_t end)
{
    if (!ftext_grow(ft, 1))
        return false;
    bulletin_fchar *c = &ft->chars[ft->n++];
    c->cp = c->simp = c->alt = cp;
    c->start = start;
    c->end = end;
    c->cls = classify(cp);
    c->seg = 0;
    return true;
}

/* Normalize the piece [start, end) holding `n16` UTF-16 units in `src`. */
static bulletin_status fold_piece(const UNormalizer2 *nfkc, const UChar *src,
                                  int32_t n16, uint32_t start, uint32_t end,
                                  bulletin_ftext *out)
{
    UChar dst[64];
    UErrorCode err = U_ZERO_ERROR;
    int32_t m = unorm2_normalize(nfkc, src, n16, dst, 64, &err);
    if (U_FAILURE(err) || m > 64) {
        /* A pathological expansion (or ICU failure): keep the original
         * characters unfolded rather than fail the whole document. */
        m = n16 <= 64 ? n16 : 64;
        for (int32_t i = 0; i < m; i++)
            dst[i] = src[i];
    }
    for (int32_t i = 0; i < m;) {
        UChar32 cp;
        U16_NEXT(dst, i, m, cp);
        if (!push(out, cp, start, end))
            return bulletin__nomem();
    }
    return BULLETIN_OK;
}

bulletin_status bulletin__normalize(const UNormalizer2 *nfkc, const char *text,
                                    size_t len, bulletin_ftext *out)
{
    out->n = 0;
    if (len > UINT32_MAX - 1)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "text of %zu bytes is too long to tokenize", len);
    if (!ftext_grow(out, len / 3 + 16))
        return bulletin__nomem();

    /* A pending piece of code points not yet normalized. */
    UChar piece[64];
    int32_t n16 = 0;
    uint32_t piece_start = 0, piece_end = 0;
    bulletin_status st;

    size_t pos = 0;
    while (pos < len) {
        size_t at = pos;
        int32_t cp = bulletin_utf8_next(text, len, &pos);
        /* Fast path: ASCII and inert characters (all common Han) need no
         * normalization and never combine with their neighbours.  (ASCII
         * followed by a combining mark is the one exception: a decomposed
         * "e\u0301" keeps its mark apart.  Chinese text never has it.) */
        bool inert = cp >= 0 && (cp < 0x80 || unorm2_isInert(nfkc, cp));
        bool boundary = cp < 0 || inert || unorm2_hasBoundaryBefore(nfkc, cp);
        if (n16 && (boundary || n16 > 60)) {
            if ((st = fold_piece(nfkc, piece, n16, piece_start, piece_end, out)))
                return st;
            n16 = 0;
        }
        if (cp < 0 || inert) {
            int32_t folded = (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
            if (!push(out, folded, (uint32_t)at, (uint32_t)pos))
                return bulletin__nomem();
            continue;
        }
        if (!n16)
            piece_start = (uint32_t)at;
        piece_end = (uint32_t)pos;
        U16_APPEND_UNSAFE(piece, n16, cp);
    }
    if (n16 && (st = fold_piece(nfkc, piece, n16, piece_start, piece_end, out)))
        return st;
    return BULLETIN_OK;
}
