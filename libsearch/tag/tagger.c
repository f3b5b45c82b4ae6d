/* tagger.c - the gazetteer, the taxonomy and the date reader together:
 * one article in, its districts, topics and event dates out. */
#include "config.h"
#include "tag.h"

#include <stdlib.h>
#include <string.h>

void bulletin__tags_reset(bulletin__tags *tags)
{
    tags->ndistricts = tags->ntopics = tags->nevents = 0;
}

void bulletin__tags_free(bulletin__tags *tags)
{
    free(tags->districts);
    free(tags->topics);
    free(tags->events);
    memset(tags, 0, sizeof *tags);
}

bool bulletin__tags_push(bulletin__tag **list, size_t *n, size_t *cap, const char *name,
                         double weight)
{
    void *grown = *list;
    if (!bulletin__grow(&grown, cap, *n + 1, sizeof **list, 8, false))
        return false;
    *list = grown;
    (*list)[(*n)++] = (bulletin__tag){ name, weight };
    return true;
}

void bulletin__tags_sort(bulletin__tag *list, size_t n)
{
    /* Insertion sort: stable, and lists are a handful long. */
    for (size_t i = 1; i < n; i++) {
        bulletin__tag t = list[i];
        size_t j = i;
        while (j > 0 && list[j - 1].weight < t.weight) {
            list[j] = list[j - 1];
            j--;
        }
        list[j] = t;
    }
}

bulletin_status bulletin__tagger_new(bulletin_tagger **out, bulletin_tokenizer *tok,
                                     const char *gazetteer, const char *gazetteer_origin,
                                     const char *taxonomy, const char *taxonomy_origin)
{
    *out = NULL;
    bulletin_tagger *t = calloc(1, sizeof *t);
    if (!t)
        return bulletin__nomem();
    bulletin_status st = bulletin__gazetteer_load(&t->gazetteer, tok, gazetteer,
                                                  gazetteer_origin);
    if (!st)
        st = bulletin__taxonomy_load(&t->taxonomy, tok, taxonomy, taxonomy_origin);
    if (st) {
        bulletin__tagger_free(t);
        return st;
    }
    *out = t;
    return BULLETIN_OK;
}

void bulletin__folded_article_free(bulletin__folded_article *f)
{
    bulletin__folded_free(&f->headline);
    bulletin__folded_free(&f->subtitle);
    bulletin__folded_free(&f->byline);
    bulletin__folded_free(&f->body);
}

void bulletin__tagger_free(bulletin_tagger *t)
{
    if (!t)
        return;
    bulletin__gazetteer_free(t->gazetteer);
    bulletin__taxonomy_free(t->taxonomy);
    bulletin__folded_free(&t->scratch);
    bulletin__folded_article_free(&t->folded);
    free(t);
}

static bulletin_status fold_field(bulletin_tokenizer *tok, const char *text,
                                  bulletin_folded *out)
{
    return bulletin__fold(tok, text ? text : "", text ? strlen(text) : 0, out);
}

bulletin_status bulletin__tagger_run_with(const bulletin_tagger *t, bulletin_tokenizer *tok,
                                          bulletin__folded_article *f,
                                          const bulletin_article *art, bulletin__tags *tags)
{
    bulletin__tags_reset(tags);
    /* Each field is folded once; folding is most of the cost. */
    bulletin_status st;
    if ((st = fold_field(tok, art->headline, &f->headline)) ||
        (st = fold_field(tok, art->subtitle, &f->subtitle)) ||
        (st = fold_field(tok, art->byline, &f->byline)) ||
        (st = fold_field(tok, art->body, &f->body)))
        return st;
    if ((st = bulletin__districts_of(t->gazetteer, f, tags)) ||
        (st = bulletin__topics_of(t->taxonomy, f, art->kind, tags)))
        return st;
    return bulletin__events_of(art->issue_date, &f->body, tags);
}

bulletin_status bulletin__tagger_run(bulletin_tagger *t, bulletin_tokenizer *tok,
                                     const bulletin_article *art, bulletin__tags *tags)
{
    return bulletin__tagger_run_with(t, tok, &t->folded, art, tags);
}
