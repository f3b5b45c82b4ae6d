/* batch.c - the articles read from one file, and the strings they use.
 *
 * A reader produces many small strings (headlines, bylines, bodies) whose
 * lifetime is exactly that of the batch.  Rather than give each article
 * its own destructor, the batch remembers every string it handed out and
 * frees them all at once, so a reader that fails half-way through never
 * has to unwind what it built. */
#include "config.h"
#include "ingest.h"

#include <stdlib.h>
#include <string.h>

char *bulletin__batch_strndup(bulletin_batch *batch, const char *s, size_t len)
{
    void *strings = batch->strings;
    bool room = bulletin__grow(&strings, &batch->string_cap, batch->string_count + 1,
                               sizeof *batch->strings, 16, false);
    batch->strings = strings;
    char *copy = room && len < SIZE_MAX ? malloc(len + 1) : NULL;
    if (!copy) {
        bulletin__nomem();
        return NULL;
    }
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    batch->strings[batch->string_count++] = copy;
    return copy;
}

char *bulletin__batch_strdup(bulletin_batch *batch, const char *s)
{
    return bulletin__batch_strndup(batch, s, strlen(s));
}

bulletin_article *bulletin__batch_add(bulletin_batch *batch)
{
    static const bulletin_article init = BULLETIN_ARTICLE_INIT;
    void *articles = batch->articles, *jumps = batch->jumps;
    size_t jumps_cap = batch->cap;
    bool room = bulletin__grow(&jumps, &jumps_cap, batch->count + 1, sizeof *batch->jumps, 16,
                               false);
    batch->jumps = jumps;
    room = room && bulletin__grow(&articles, &batch->cap, batch->count + 1,
                                  sizeof *batch->articles, 16, false);
    batch->articles = articles;
    if (!room) {
        bulletin__nomem();
        return NULL;
    }
    batch->jumps[batch->count].from_page = 0;
    batch->jumps[batch->count].to_page = 0;
    bulletin_article *article = &batch->articles[batch->count++];
    *article = init;
    return article;
}

void bulletin__batch_free(bulletin_batch *batch)
{
    if (!batch)
        return;
    for (size_t i = 0; i < batch->string_count; i++)
        free(batch->strings[i]);
    free(batch->strings);
    free(batch->articles);
    free(batch->jumps);
    /* Leave an empty, reusable batch rather than dangling pointers. */
    memset(batch, 0, sizeof *batch);
}
