/* leaf.c - what one word or phrase of a query stands for, as positions of
 * alternative terms.
 *
 * The FTS5 compiler hands the text to FTS5, which calls the tokenizer
 * itself; engines that take a finished expression (PostgreSQL's tsquery)
 * and the in-memory matcher (match.c) need the terms spelled out.  They
 * come from the same tokenizer in the same query mode, so every engine
 * searches for the same terms. */
#include "config.h"
#include "query.h"

#include <stdlib.h>
#include <string.h>

typedef struct leaf_ctx {
    bulletin_qleaf *leaf;
    size_t cap;
    bool failed;
} leaf_ctx;

/* A single Han character: one code point of 3 or 4 UTF-8 bytes from the
 * CJK blocks on (the same test as compile.c's observe()). */
static bool is_single_han(const char *term, size_t len)
{
    size_t first = 0;
    int32_t cp = bulletin_utf8_next(term, len, &first);
    return first == len && (unsigned char)term[0] >= 0xE3 && cp >= 0x3000;
}

static int collect(void *vctx, int flags, const char *term, size_t len,
                   size_t start, size_t end)
{
    leaf_ctx *c = vctx;
    bulletin_qleaf *leaf = c->leaf;
    void *terms = leaf->terms;
    if (!bulletin__grow(&terms, &c->cap, leaf->nterms + 1, sizeof *leaf->terms, 16, false)) {
        c->failed = true;
        return 1;
    }
    leaf->terms = terms;
    if (!(flags & BULLETIN_TOKEN_COLOCATED) || leaf->ngroups == 0) {
        leaf->ngroups++;
        leaf->prefix_last = is_single_han(term, len);
    }
    bulletin_qterm *t = &leaf->terms[leaf->nterms];
    t->offset = leaf->text.len;
    t->len = len;
    t->group = leaf->ngroups - 1;
    if (!bulletin_buf_append(&leaf->text, term, len) ||
        !bulletin_buf_append_char(&leaf->text, '\0')) {
        c->failed = true;
        return 1;
    }
    leaf->nterms++;
    return 0;
}

bulletin_status bulletin__qleaf_build(bulletin_qleaf *leaf, bulletin_tokenizer *tok,
                                      const char *text)
{
    bulletin__qleaf_free(leaf);
    leaf_ctx c = { leaf, 0, false };
    bulletin_status st = bulletin_tokenizer_run(tok, text, strlen(text),
                                                BULLETIN_TOKENIZE_QUERY, collect, &c);
    if (c.failed)
        return bulletin__nomem();
    return st;
}

void bulletin__qleaf_free(bulletin_qleaf *leaf)
{
    bulletin_buf_free(&leaf->text);
    free(leaf->terms);
    *leaf = (bulletin_qleaf)BULLETIN_QLEAF_INIT;
}
