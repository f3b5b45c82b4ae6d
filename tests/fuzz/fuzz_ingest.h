/* fuzz_ingest.h - the part of the page and XML harnesses they share:
 * bytes are decoded as a file's would be, then read by one reader; every
 * article that comes out must be storable. */
#ifndef BULLETIN_FUZZ_INGEST_H
#define BULLETIN_FUZZ_INGEST_H

#include "fuzz.h"
#include "ingest/ingest.h"

#include <string.h>

typedef bulletin_status (*fuzz_reader)(const char *path, const char *text, size_t len,
                                       const bulletin_index_options *opts,
                                       bulletin_batch *batch);

static void check_text(const char *s)
{
    if (s)
        FUZZ_ASSERT(bulletin_utf8_check(s, strlen(s)) == strlen(s));
}

static int fuzz_ingest(const uint8_t *data, size_t size, const char *path, fuzz_reader read)
{
    static const bulletin_index_options opts = {
        BULLETIN_INDEX_OPTIONS_VERSION, "2017-12-12", 2, NULL, NULL, NULL
    };
    char *text = NULL;
    size_t len = 0;
    bulletin_batch batch;
    memset(&batch, 0, sizeof batch);
    /* Lenient decoding, as indexing does: bad bytes become U+FFFD. */
    bulletin_decode_damage damage;
    bulletin_status st = bulletin__decode(path, (const char *)data, size, NULL, &damage,
                                          &text, &len, batch.encoding);
    if (st != BULLETIN_OK) {
        FUZZ_ASSERT(st == BULLETIN_ERROR_INPUT);
        FUZZ_ASSERT(bulletin_error_last()->path != NULL);
        return 0;
    }
    st = read(path, text, len, &opts, &batch);
    if (st == BULLETIN_OK) {
        for (size_t i = 0; i < batch.count; i++) {
            const bulletin_article *a = &batch.articles[i];
            FUZZ_ASSERT(a->body != NULL);
            FUZZ_ASSERT((unsigned)a->kind < BULLETIN_KIND_LAST);
            FUZZ_ASSERT(a->page >= 0 && a->position >= 0);
            check_text(a->headline);
            check_text(a->subtitle);
            check_text(a->byline);
            check_text(a->author);
            check_text(a->body);
            check_text(a->key);
        }
    } else {
        /* A bad file is the user's problem, told with the file's name. */
        FUZZ_ASSERT(st == BULLETIN_ERROR_INPUT);
        FUZZ_ASSERT(bulletin_error_last()->path != NULL);
        FUZZ_ASSERT(strstr(bulletin_error_last()->message, path) != NULL);
    }
    bulletin__batch_free(&batch);
    free(text);
    return 0;
}

#endif
