/* bulletin-tokenize - print the index terms of text, one per line.
 *
 * A debugging aid for editors and developers: shows exactly which terms
 * the archive stores for a piece of text (or which a query asks for),
 * with the original bytes each term covers.
 *
 *   bulletin-tokenize [--query|--query-words] [TEXT]    (stdin if no TEXT)
 * Output: POSITION TAB TERM TAB START TAB END TAB ORIGINAL
 * ("+" before the position marks a term colocated with the previous). */
#include "config.h"

#include <bulletin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dump_ctx {
    const char *text;
    long position;
} dump_ctx;

static int print_term(void *vctx, int flags, const char *term, size_t len,
                      size_t start, size_t end)
{
    dump_ctx *ctx = vctx;
    if (!(flags & BULLETIN_TOKEN_COLOCATED))
        ctx->position++;
    printf("%s%ld\t%.*s\t%zu\t%zu\t%.*s\n",
           (flags & BULLETIN_TOKEN_COLOCATED) ? "+" : "", ctx->position,
           (int)len, term, start, end, (int)(end - start), ctx->text + start);
    return 0;
}

int main(int argc, char **argv)
{
    bulletin_tokenize_mode mode = BULLETIN_TOKENIZE_DOCUMENT;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i++) {
        if (!strcmp(argv[i], "--query"))
            mode = BULLETIN_TOKENIZE_QUERY;
        else if (!strcmp(argv[i], "--query-words"))
            mode = BULLETIN_TOKENIZE_QUERY_WORDS;
        else if (!strcmp(argv[i], "--help")) {
            puts("usage: bulletin-tokenize [--query|--query-words] [TEXT]");
            return 0;
        } else {
            fprintf(stderr, "bulletin-tokenize: unknown option %s\n", argv[i]);
            return 2;
        }
    }
    char *text = NULL;
    size_t len = 0;
    if (i < argc) {
        text = strdup(argv[i]);
        len = strlen(argv[i]);
    } else {
        size_t cap = 0;
        FILE *in = stdin;
        char chunk[65536];
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
            if (len + n + 1 > cap) {
                cap = (len + n + 1) * 2;
                char *grown = realloc(text, cap);
                if (!grown) {
                    fprintf(stderr, "bulletin-tokenize: out of memory\n");
                    return 1;
                }
                text = grown;
            }
            memcpy(text + len, chunk, n);
            len += n;
        }
    }
    bulletin_tokenizer *tok;
    if (bulletin_tokenizer_new(&tok)) {
        fprintf(stderr, "bulletin-tokenize: %s\n", bulletin_error_last()->message);
        return 1;
    }
    dump_ctx ctx = { text ? text : "", 0 };
    bulletin_status st = bulletin_tokenizer_run(tok, ctx.text, len, mode, print_term, &ctx);
    if (st)
        fprintf(stderr, "bulletin-tokenize: %s\n", bulletin_error_last()->message);
    bulletin_tokenizer_free(tok);
    free(text);
    return st ? 1 : 0;
}
