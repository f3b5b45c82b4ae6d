/* lexicon.c - find many names in a text at once, leftmost-longest; and
 * reading the lines of the data files those names come from.
 *
 * The words are kept sorted bytewise, so the words that start with a
 * given prefix form one contiguous range.  Scanning a text, at each
 * character the range is narrowed one character at a time by binary
 * search until it is empty; the last length at which a whole word ended
 * is the longest match there.  The range of each first character is
 * looked up in a small hash table built when the lexicon is sealed, so
 * the many characters that start no word cost one probe, and the others
 * a binary search or two per further character, whatever the number of
 * words. */
#include "config.h"
#include "tag.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
    char *word;
    size_t len;
    int32_t payload;
} entry;

/* The entries [lo, hi) whose first character is `key` (its UTF-8 bytes
 * packed in a uint32; 0 marks a free slot: no word starts with NUL). */
typedef struct first_char {
    uint32_t key;
    uint32_t lo, hi;
} first_char;

struct bulletin_lexicon {
    entry *entries;
    size_t n;
    size_t cap;
    bool sealed;
    first_char *firsts;   /* open addressing, `nfirsts` slots (a power of 2) */
    size_t nfirsts;
};

bulletin_status bulletin__lexicon_new(bulletin_lexicon **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? BULLETIN_OK : bulletin__nomem();
}

void bulletin__lexicon_free(bulletin_lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->n; i++)
        free(lx->entries[i].word);
    free(lx->entries);
    free(lx->firsts);
    free(lx);
}

static int compare_entries(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->word, b->word, n);
    if (c)
        return c;
    return (a->len > b->len) - (a->len < b->len);
}

/* Index of `word` among the sorted entries, or -1. */
static long find_index(const bulletin_lexicon *lx, const char *word, size_t len)
{
    entry key = { (char *)word, len, 0 };
    size_t lo = 0, hi = lx->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = compare_entries(&lx->entries[mid], &key);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

bulletin_status bulletin__lexicon_add(bulletin_lexicon *lx, const char *word,
                                      int32_t payload, int32_t *out_payload)
{
    size_t len = strlen(word);
    /* Duplicates are rare (a name listed twice): a linear check while
     * loading keeps the structure simple. */
    for (size_t i = 0; i < lx->n; i++)
        if (lx->entries[i].len == len && !memcmp(lx->entries[i].word, word, len)) {
            if (out_payload)
                *out_payload = lx->entries[i].payload;
            return BULLETIN_OK;
        }
    void *entries = lx->entries;
    if (!bulletin__grow(&entries, &lx->cap, lx->n + 1, sizeof *lx->entries, 64, false))
        return bulletin__nomem();
    lx->entries = entries;
    char *copy = bulletin__strdup(word);
    if (!copy)
        return bulletin__nomem();
    lx->entries[lx->n++] = (entry){ copy, len, payload };
    lx->sealed = false;
    if (out_payload)
        *out_payload = payload;
    return BULLETIN_OK;
}

/* Byte length of the UTF-8 character starting with byte b. */
static size_t char_len(unsigned char b)
{
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

static uint32_t pack_char(const char *s, size_t n)
{
    uint32_t key = 0;
    for (size_t i = 0; i < n; i++)
        key = key << 8 | (unsigned char)s[i];
    return key;
}

static size_t first_slot(const bulletin_lexicon *lx, uint32_t key)
{
    size_t mask = lx->nfirsts - 1, i = (key * 2654435761u) & mask;
    while (lx->firsts[i].key && lx->firsts[i].key != key)
        i = (i + 1) & mask;
    return i;
}

bulletin_status bulletin__lexicon_seal(bulletin_lexicon *lx)
{
    if (lx->n > 1)   /* entries is NULL when empty, which qsort may not be given */
        qsort(lx->entries, lx->n, sizeof *lx->entries, compare_entries);
    size_t slots = 16;
    while (slots < 2 * lx->n)
        slots *= 2;
    first_char *firsts = calloc(slots, sizeof *firsts);
    if (!firsts)
        return bulletin__nomem();
    free(lx->firsts);
    lx->firsts = firsts;
    lx->nfirsts = slots;
    for (size_t i = 0; i < lx->n; i++) {
        const entry *e = &lx->entries[i];
        size_t n = char_len((unsigned char)e->word[0]);
        if (!e->len || n > e->len)
            continue;   /* empty or cut: never matched */
        uint32_t key = pack_char(e->word, n);
        first_char *f = &firsts[first_slot(lx, key)];
        if (!f->key)
            *f = (first_char){ key, (uint32_t)i, (uint32_t)i };
        f->hi = (uint32_t)i + 1;   /* sorted: the entries of one key are contiguous */
    }
    lx->sealed = true;
    return BULLETIN_OK;
}

int32_t bulletin__lexicon_find(const bulletin_lexicon *lx, const char *word, size_t len)
{
    long i = find_index(lx, word, len);
    return i < 0 ? -1 : lx->entries[i].payload;
}

/* Compare the first `n` bytes of an entry with `prefix` (n bytes), an
 * entry shorter than n sorting first. */
static int compare_prefix(const entry *e, const char *prefix, size_t n)
{
    size_t m = e->len < n ? e->len : n;
    int c = memcmp(e->word, prefix, m);
    if (c)
        return c;
    return e->len < n ? -1 : 0;
}

/* Narrow [*lo, *hi) to the entries starting with prefix[0..n). */
static void narrow(const bulletin_lexicon *lx, const char *prefix, size_t n,
                   size_t *lo, size_t *hi)
{
    size_t a = *lo, b = *hi;
    while (a < b) {   /* first entry >= prefix */
        size_t mid = a + (b - a) / 2;
        if (compare_prefix(&lx->entries[mid], prefix, n) < 0)
            a = mid + 1;
        else
            b = mid;
    }
    size_t c = a, d = *hi;
    while (c < d) {   /* first entry > prefix */
        size_t mid = c + (d - c) / 2;
        if (compare_prefix(&lx->entries[mid], prefix, n) <= 0)
            c = mid + 1;
        else
            d = mid;
    }
    *lo = a;
    *hi = c;
}

void bulletin__lexicon_scan(const bulletin_lexicon *lx, const char *text, size_t len,
                            bulletin_match_fn fn, void *ctx)
{
    if (!lx->n)
        return;
    size_t i = 0;
    while (i < len) {
        size_t n = char_len((unsigned char)text[i]);
        if (i + n > len)
            break;
        const first_char *f = &lx->firsts[first_slot(lx, pack_char(text + i, n))];
        if (!f->key) {   /* no word starts with this character */
            i += n;
            continue;
        }
        size_t lo = f->lo, hi = f->hi, best = 0;
        int32_t payload = -1;
        if (lx->entries[lo].len == n) {
            best = n;
            payload = lx->entries[lo].payload;
        }
        while (i + n < len && lo < hi) {
            n += char_len((unsigned char)text[i + n]);
            if (i + n > len)
                break;
            narrow(lx, text + i, n, &lo, &hi);
            if (lo < hi && lx->entries[lo].len == n) {
                best = n;
                payload = lx->entries[lo].payload;
            }
        }
        if (best) {
            fn(ctx, payload, i, i + best);
            i += best;
        } else {
            i += char_len((unsigned char)text[i]);
        }
    }
}

bulletin_status bulletin__data_lines(const char *text, const char *origin, long *line,
                                     bulletin_status (*fn)(void *ctx, char *line), void *ctx)
{
    size_t len = strlen(text), bad_at = bulletin_utf8_check(text, len);
    if (bad_at < len)
        return bulletin__error_at(BULLETIN_ERROR_INPUT, origin, 0, (long)bad_at,
                                  "%s: not valid UTF-8 at byte %zu", origin, bad_at);
    bulletin_status st = BULLETIN_OK;
    for (const char *p = text; !st && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *copy = malloc(n + 1);
        if (!copy)
            return bulletin__nomem();
        memcpy(copy, p, n);
        copy[n] = '\0';
        ++*line;
        st = fn(ctx, copy);
        free(copy);
        p += n + (nl ? 1 : 0);
    }
    return st;
}
