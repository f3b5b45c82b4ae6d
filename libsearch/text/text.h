/* text.h - the text pipeline's shared types (private to libsearch/text).
 *
 * The pipeline works on an array of "folded characters": one entry per
 * code point after Unicode folding, each remembering the byte range of
 * the ORIGINAL text it came from.  Every later stage (script folding,
 * segmentation, term emission) only adds fields to these entries, so
 * offsets back into the original never have to be reconstructed. */
#ifndef BULLETIN_TEXT_H
#define BULLETIN_TEXT_H

#include "internal.h"

#include <unicode/ubrk.h>
#include <unicode/unorm2.h>

/* Character classes, as the tokenizer sees them. */
enum {
    BULLETIN_CC_OTHER = 0,   /* punctuation, symbols, invalid bytes */
    BULLETIN_CC_SPACE,       /* white space, including line breaks */
    BULLETIN_CC_WORD,        /* letters and digits of space-separated scripts */
    BULLETIN_CC_HAN          /* Han, kana: text without spaces, indexed in bigrams */
};

/* Flags set by segmentation. */
enum {
    BULLETIN_SEG_START = 1,  /* an ICU word boundary falls before this char */
    BULLETIN_SEG_WORD = 2,   /* inside an ICU letter or number word */
    BULLETIN_SEG_SKIP = 4    /* bridged white space between Han characters */
};

typedef struct bulletin_fchar {
    int32_t cp;        /* after NFKC_Casefold; -1 for an invalid byte */
    int32_t simp;      /* simplified, phrase-aware (== cp unless Han) */
    int32_t alt;       /* simplified, character by character */
    uint32_t start;    /* original bytes [start, end) */
    uint32_t end;
    uint8_t cls;       /* BULLETIN_CC_* */
    uint8_t seg;       /* BULLETIN_SEG_* */
} bulletin_fchar;

typedef struct bulletin_ftext {
    bulletin_fchar *chars;
    size_t n;
    size_t cap;
} bulletin_ftext;

/* normalize.c: decode `text` and fold it with NFKC_Casefold into `out`
 * (which is reset first).  Fills cp, start, end, cls; simp = alt = cp. */
bulletin_status bulletin__normalize(const UNormalizer2 *nfkc, const char *text,
                                    size_t len, bulletin_ftext *out);

/* script.c: load the shared tables once (thread-safe). */
bulletin_status bulletin__script_init(void);

/* script.c: fold traditional Han characters of `ft` to simplified,
 * setting simp (phrase-aware) and alt (per character).  `scratch` is a
 * reusable buffer owned by the caller. */
bulletin_status bulletin__script_fold(bulletin_ftext *ft, bulletin_buf *scratch);

/* segment.c: mark ICU word boundaries (BULLETIN_SEG_*) on `ft`, with
 * white space between two Han characters bridged (skipped).  `words` is a
 * word BreakIterator owned by the caller; `u16` and `map` are reusable
 * scratch arrays (grown with realloc). */
typedef struct bulletin_segmenter {
    UBreakIterator *words;
    UChar *u16;
    uint32_t *map;     /* UTF-16 index -> index in ft->chars */
    size_t cap;
} bulletin_segmenter;

bulletin_status bulletin__segmenter_init(bulletin_segmenter *seg);
void bulletin__segmenter_free(bulletin_segmenter *seg);
/* With `han_words` false, Han characters are not cut into words: each
 * stands alone, as if every bigram straddled two words.  Latin words and
 * numbers are cut as usual.  For matching, where the straddle mark does
 * not matter, this spares ICU's dictionary, the dearest step. */
bulletin_status bulletin__segment(bulletin_segmenter *seg, bulletin_ftext *ft, bool han_words);

#endif
