/* internal.h - declarations shared by the library's modules; not installed.
 *
 * Every module reports failure the same way: it records the details with
 * one of the bulletin__error_*() calls (which also return the status) and
 * returns the status up the stack.  Callers that add context (a file name,
 * a line) do so by recording a new error with the old message inside. */
#ifndef BULLETIN_INTERNAL_H
#define BULLETIN_INTERNAL_H

#include "bulletin.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define BULLETIN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define BULLETIN_PRINTF(f, a)
#endif

/* ---- errors (status.c) ---- */

/* Record an error for this thread and return `status`. */
bulletin_status bulletin__error(bulletin_status status, const char *fmt, ...)
    BULLETIN_PRINTF(2, 3);

/* Same, with a file, line and byte offset (line 0 / offset -1: unknown). */
bulletin_status bulletin__error_at(bulletin_status status, const char *path,
                                   long line, long offset, const char *fmt, ...)
    BULLETIN_PRINTF(5, 6);

/* Record BULLETIN_ERROR_NOMEM and return it. */
bulletin_status bulletin__nomem(void);

/* Forget the last error (used before a call that may succeed). */
void bulletin__error_clear(void);

/* ---- growable byte buffer (buffer.c) ---- */

typedef struct bulletin_buf {
    char *data;      /* always NUL-terminated when non-NULL */
    size_t len;
    size_t cap;
} bulletin_buf;

#define BULLETIN_BUF_INIT { NULL, 0, 0 }

bool bulletin_buf_reserve(bulletin_buf *buf, size_t extra);
bool bulletin_buf_append(bulletin_buf *buf, const void *data, size_t len);
bool bulletin_buf_append_str(bulletin_buf *buf, const char *str);
bool bulletin_buf_append_char(bulletin_buf *buf, char c);
bool bulletin_buf_printf(bulletin_buf *buf, const char *fmt, ...)
    BULLETIN_PRINTF(2, 3);
void bulletin_buf_clear(bulletin_buf *buf);
/* Hand the buffer's string to the caller (never NULL unless out of
 * memory) and reset the buffer. */
char *bulletin_buf_detach(bulletin_buf *buf);
void bulletin_buf_free(bulletin_buf *buf);

/* The part of bulletin__grow() below that reallocates; call that one. */
bool bulletin__grow_slow(void **items, size_t *cap, size_t need, size_t size, size_t first,
                         bool zero);

/* Make room for at least `need` elements of `size` bytes (size > 0) in
 * the malloc'd array *items (NULL when *cap is 0), which has room for
 * *cap: the room doubles, from `first` when there is none, until it holds
 * `need`.  With `zero`, the elements past the old *cap are zeroed.  The
 * array may move; it stays the caller's, to free().  Returns false when
 * out of memory or when the size would overflow a size_t, leaving *items
 * and *cap as they were, and records no error (the caller knows what was
 * being done).  Pass a void * copy of the array pointer, not a cast of
 * its address: an element pointer must not be written as a void *.
 * Inline because callers append an element at a time, up to a row per
 * match of a search: nearly every call finds room, and a call into
 * buffer.c to learn that would cost more than the check. */
static inline bool bulletin__grow(void **items, size_t *cap, size_t need, size_t size,
                                  size_t first, bool zero)
{
    return need <= *cap || bulletin__grow_slow(items, cap, need, size, first, zero);
}

/* ---- UTF-8 (utf8.c) ---- */

/* Decode the code point at text[*pos], advancing *pos.  Returns the code
 * point, or -1 for an invalid or truncated sequence (then *pos advances by
 * one byte, so that every byte is visited once). */
int32_t bulletin_utf8_next(const char *text, size_t len, size_t *pos);

/* Encode `cp` into out (4 bytes room); returns the byte count. */
size_t bulletin_utf8_put(char *out, int32_t cp);

/* The byte offset of the first invalid sequence, or `len` if valid. */
size_t bulletin_utf8_check(const char *text, size_t len);

/* strdup that may return NULL on failure (and then records NOMEM). */
char *bulletin__strdup(const char *s);

/* 1 if `s` is a valid "YYYY-MM-DD" calendar date. */
bool bulletin__valid_date(const char *s);

/* ---- folded text for dictionary matching (text/tokenizer.c) ---- */

/* Text folded the way the tokenizer folds it (NFKC_Casefold, then
 * traditional to simplified), as one UTF-8 string, so that a name in a
 * gazetteer matches whatever script an article is written in.  White
 * space between two Han characters (a line wrap) is dropped; other runs
 * of white space become one space.  For every byte of `text`, `start` and
 * `end` give the byte range of the ORIGINAL character it came from. */
typedef struct bulletin_folded {
    bulletin_buf text;
    uint32_t *start;
    uint32_t *end;
    size_t cap;        /* entries allocated in start and end */
} bulletin_folded;

#define BULLETIN_FOLDED_INIT { BULLETIN_BUF_INIT, NULL, NULL, 0 }

/* Fold `len` bytes of `text` into `out` (reset first; its memory is
 * reused between calls).  Errors: NOMEM, DEPENDENCY. */
bulletin_status bulletin__fold(bulletin_tokenizer *tok, const char *text, size_t len,
                               bulletin_folded *out);
void bulletin__folded_free(bulletin_folded *f);

/* bulletin_tokenizer_run() with the choice of cutting Han text into ICU
 * words (the public call always does).  Without (`han_words` false) every
 * bigram comes out in its straddling form and ICU's dictionary, the
 * dearest step, never runs: for matching, where either form will do. */
bulletin_status bulletin__tokenizer_run_with(bulletin_tokenizer *t, const char *text,
                                             size_t len, bulletin_tokenize_mode mode,
                                             bool han_words, bulletin_token_fn fn, void *ctx);

#endif
