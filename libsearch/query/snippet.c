/* snippet.c - a stretch of the original text around a query's matches,
 * with the matches marked.
 *
 * The text between the marks is copied byte for byte from the original:
 * nothing is re-parsed, so nothing is dropped, repeated or converted to
 * the other script.  The stretch is chosen to hold as many matches as
 * possible, starting a little before the first of them. */
#include "config.h"
#include "query.h"

#include <stdlib.h>
#include <string.h>

/* Byte offset of every character start, plus `len` at the end. */
static size_t *char_starts(const char *text, size_t len, size_t *nchars)
{
    size_t *at = malloc((len + 1) * sizeof *at), n = 0;
    if (!at)
        return NULL;
    for (size_t i = 0; i < len;) {
        at[n++] = i;
        bulletin_utf8_next(text, len, &i);
    }
    at[n] = len;
    *nchars = n;
    return at;
}

/* The character index holding byte `b` (the last start <= b). */
static size_t char_of(const size_t *at, size_t n, size_t b)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi + 1) / 2;
        if (at[mid] <= b)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* Choose [*from, *to) in bytes: `max_chars` characters holding the most
 * spans, never cutting one. */
static void choose_window(const bulletin_span *spans, size_t nspans, const size_t *at,
                          size_t nchars, size_t max_chars, size_t *from, size_t *to)
{
    size_t best_start = 0, best_count = 0;
    size_t lead = max_chars / 4;
    for (size_t i = 0; i < nspans && i < 256; i++) {
        size_t c = char_of(at, nchars, spans[i].start);
        size_t start = c > lead ? c - lead : 0;
        size_t end = start + max_chars < nchars ? start + max_chars : nchars;
        size_t count = 0;
        for (size_t k = i; k < nspans && spans[k].end <= at[end]; k++)
            count++;
        if (count > best_count) {
            best_count = count;
            best_start = start;
        }
    }
    size_t end = best_start + max_chars < nchars ? best_start + max_chars : nchars;
    *from = at[best_start];
    *to = at[end];
    for (size_t k = 0; k < nspans; k++) {
        if (spans[k].start < *from && spans[k].end > *from)
            *from = spans[k].start;
        if (spans[k].start < *to && spans[k].end > *to)
            *to = spans[k].end;
    }
}

static bool append_text(bulletin_buf *out, const char *s, size_t len, bool html)
{
    if (!html)
        return bulletin_buf_append(out, s, len);
    bool ok = true;
    for (size_t i = 0; ok && i < len; i++) {
        switch (s[i]) {
        case '&': ok = bulletin_buf_append_str(out, "&amp;"); break;
        case '<': ok = bulletin_buf_append_str(out, "&lt;"); break;
        case '>': ok = bulletin_buf_append_str(out, "&gt;"); break;
        case '"': ok = bulletin_buf_append_str(out, "&quot;"); break;
        default: ok = bulletin_buf_append_char(out, s[i]);
        }
    }
    return ok;
}

static bool write_snippet(bulletin_buf *out, const char *text, size_t len, size_t from,
                          size_t to, const bulletin_span *spans, size_t nspans,
                          const bulletin_snippet_options *o)
{
    const char *open = o->open ? o->open : "<mark>";
    const char *close = o->close ? o->close : "</mark>";
    const char *ellipsis = o->ellipsis ? o->ellipsis : "…";
    bool ok = bulletin_buf_reserve(out, to - from + 16);
    if (ok && from > 0)
        ok = bulletin_buf_append_str(out, ellipsis);
    size_t at = from;
    for (size_t k = 0; ok && k < nspans; k++) {
        if (spans[k].end <= from || spans[k].start >= to)
            continue;
        ok = append_text(out, text + at, spans[k].start - at, o->html) &&
             bulletin_buf_append_str(out, open) &&
             append_text(out, text + spans[k].start, spans[k].end - spans[k].start,
                         o->html) &&
             bulletin_buf_append_str(out, close);
        at = spans[k].end;
    }
    ok = ok && append_text(out, text + at, to - at, o->html);
    if (ok && to < len)
        ok = bulletin_buf_append_str(out, ellipsis);
    return ok;
}

/* The matches of a long text are looked for only where the snippet will
 * be (bulletin__matcher_region): segmenting a whole article with ICU's
 * dictionary is most of the cost of a page of hits.  Spans come back in
 * the whole text's offsets.  Where the region turns out to hold no exact
 * match, the whole text is searched after all. */
static bulletin_status region_spans(bulletin_matcher *m, const char *text, size_t len,
                                    size_t max_chars, bulletin_span **spans, size_t *nspans)
{
    size_t from, to;
    if (bulletin__matcher_region(m, text, len, max_chars, &from, &to)) {
        bulletin_status st = bulletin_matcher_spans(spans, nspans, m, text + from, to - from);
        if (st || *nspans) {
            for (size_t i = 0; !st && i < *nspans; i++) {
                (*spans)[i].start += from;
                (*spans)[i].end += from;
            }
            return st;
        }
        bulletin_spans_free(*spans);
    }
    return bulletin_matcher_spans(spans, nspans, m, text, len);
}

bulletin_status bulletin_matcher_snippet(char **out, bulletin_matcher *m, const char *text,
                                         size_t len, const bulletin_snippet_options *options)
{
    if (!out || !m || (!text && len))
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "out, matcher and text are required");
    *out = NULL;
    bulletin_snippet_options o = BULLETIN_SNIPPET_OPTIONS_INIT;
    if (options) {
        if (options->version < 1)
            return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                                   "snippet options lack BULLETIN_SNIPPET_OPTIONS_VERSION");
        o = *options;
    }
    if (!text)
        text = "";
    bulletin_span *spans;
    size_t nspans, nchars;
    bulletin_status st = region_spans(m, text, len, o.max_chars, &spans, &nspans);
    if (st)
        return st;
    size_t *at = char_starts(text, len, &nchars);
    if (!at) {
        bulletin_spans_free(spans);
        return bulletin__nomem();
    }
    size_t from = 0, to = len;
    if (o.max_chars && o.max_chars < nchars)
        choose_window(spans, nspans, at, nchars, o.max_chars, &from, &to);
    bulletin_buf buf = BULLETIN_BUF_INIT;
    bool ok = write_snippet(&buf, text, len, from, to, spans, nspans, &o);
    free(at);
    bulletin_spans_free(spans);
    if (!ok) {
        bulletin_buf_free(&buf);
        return bulletin__nomem();
    }
    *out = bulletin_buf_detach(&buf);
    return *out ? BULLETIN_OK : bulletin__nomem();
}
