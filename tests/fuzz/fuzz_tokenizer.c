/* fuzz_tokenizer.c - any bytes through the tokenizer, in every mode.
 *
 * Promises checked: no crash; every term is non-empty with offsets
 * inside the input; a colocated term never comes first; the same input
 * gives the same terms twice (FTS5 deletes rely on it). */
#include "config.h"
#include "fuzz.h"
#include "internal.h"

#include <string.h>

static bulletin_tokenizer *tok;

typedef struct seen {
    size_t len;
    size_t count;
    uint64_t hash;   /* of every term and offset, to compare two runs */
} seen;

static int on_term(void *vctx, int flags, const char *term, size_t term_len,
                   size_t start, size_t end)
{
    seen *s = vctx;
    FUZZ_ASSERT(term_len > 0);
    FUZZ_ASSERT(start <= end && end <= s->len);
    FUZZ_ASSERT(s->count > 0 || !(flags & BULLETIN_TOKEN_COLOCATED));
    for (size_t i = 0; i < term_len; i++)
        s->hash = (s->hash ^ (unsigned char)term[i]) * 0x100000001b3ULL;
    s->hash = (s->hash ^ start ^ (end << 20) ^ ((uint64_t)flags << 40)) * 0x100000001b3ULL;
    s->count++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tok)
        FUZZ_ASSERT(bulletin_tokenizer_new(&tok) == BULLETIN_OK);
    static const bulletin_tokenize_mode modes[] = {
        BULLETIN_TOKENIZE_DOCUMENT, BULLETIN_TOKENIZE_QUERY, BULLETIN_TOKENIZE_QUERY_WORDS
    };
    for (size_t m = 0; m < sizeof modes / sizeof modes[0]; m++) {
        seen first = { size, 0, 0 }, again = { size, 0, 0 };
        bulletin_status st = bulletin_tokenizer_run(tok, (const char *)data, size, modes[m],
                                                    on_term, &first);
        FUZZ_ASSERT(st == BULLETIN_OK);
        st = bulletin_tokenizer_run(tok, (const char *)data, size, modes[m], on_term, &again);
        FUZZ_ASSERT(st == BULLETIN_OK);
        FUZZ_ASSERT(first.count == again.count && first.hash == again.hash);
    }
    return 0;
}
