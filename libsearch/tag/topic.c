/* topic.c - the taxonomy, and which topics an article is about.
 *
 * Each term of the taxonomy signals one or more topics, each with a
 * weight.  An article's score for a topic is the sum, over every
 * occurrence of its terms (leftmost-longest, so 劳模精神 is not also
 * counted as 劳模), of the term's weight for that topic, times
 * headline_factor in the headline or deck; plus the topic's weight for
 * the article's kind.  The article gets each topic that scores at least
 * min_score, highest first. */
#include "config.h"
#include "tag.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct signal {
    int topic;
    double weight;
} signal;

typedef struct term {
    signal *signals;
    size_t n;
} term;

struct bulletin_taxonomy {
    char **topics;
    double (*kind_weight)[BULLETIN_KIND_LAST];  /* per topic */
    size_t ntopics;
    term *terms;
    size_t nterms, cap;
    bulletin_lexicon *lexicon;     /* terms */
    bulletin_lexicon *names;       /* folded topic names -> topic */
    double min_score;
    double headline_factor;
    char *names_list;
};

void bulletin__taxonomy_free(bulletin_taxonomy *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ntopics; i++)
        free(t->topics[i]);
    free(t->topics);
    free(t->kind_weight);
    for (size_t i = 0; i < t->nterms; i++)
        free(t->terms[i].signals);
    free(t->terms);
    bulletin__lexicon_free(t->lexicon);
    bulletin__lexicon_free(t->names);
    free(t->names_list);
    free(t);
}

typedef struct loader {
    bulletin_taxonomy *t;
    bulletin_tokenizer *tok;
    bulletin_folded folded;
    const char *origin;
    long line;
} loader;

static bulletin_status bad(const loader *ld, const char *what, const char *detail)
{
    return bulletin__error_at(BULLETIN_ERROR_INPUT, ld->origin, ld->line, -1,
                              "%s:%ld: %s%s", ld->origin, ld->line, what, detail);
}

static bool parse_number(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}

static bulletin_status start_topic(loader *ld, const char *name)
{
    bulletin_taxonomy *t = ld->t;
    bulletin_status st = bulletin__fold(ld->tok, name, strlen(name), &ld->folded);
    if (st)
        return st;
    if (bulletin__lexicon_find(t->names, ld->folded.text.data, ld->folded.text.len) >= 0)
        return bad(ld, "a topic listed twice: ", name);
    char **topics = realloc(t->topics, (t->ntopics + 1) * sizeof *topics);
    if (!topics)
        return bulletin__nomem();
    t->topics = topics;
    double (*kw)[BULLETIN_KIND_LAST] = realloc(t->kind_weight, (t->ntopics + 1) * sizeof *kw);
    if (!kw)
        return bulletin__nomem();
    t->kind_weight = kw;
    memset(kw[t->ntopics], 0, sizeof kw[t->ntopics]);
    if (!(topics[t->ntopics] = bulletin__strdup(name)))
        return bulletin__nomem();
    if ((st = bulletin__lexicon_add(t->names, ld->folded.text.data, (int32_t)t->ntopics, NULL))) {
        /* Not counted in ntopics yet, so taxonomy_free would miss it. */
        free(topics[t->ntopics]);
        return st;
    }
    /* Names are looked up while loading: keep the lexicon sorted. */
    t->ntopics++;
    return bulletin__lexicon_seal(t->names);
}

static bulletin_status add_term(loader *ld, const char *word, double weight)
{
    bulletin_taxonomy *t = ld->t;
    bulletin_status st = bulletin__fold(ld->tok, word, strlen(word), &ld->folded);
    if (st)
        return st;
    if (!ld->folded.text.len)
        return bad(ld, "a term with no letters: ", word);
    void *terms = t->terms;
    if (!bulletin__grow(&terms, &t->cap, t->nterms + 1, sizeof *t->terms, 128, false))
        return bulletin__nomem();
    t->terms = terms;
    int32_t index;
    if ((st = bulletin__lexicon_add(t->lexicon, ld->folded.text.data, (int32_t)t->nterms,
                                    &index)))
        return st;
    if ((size_t)index == t->nterms)
        t->terms[t->nterms++] = (term){ NULL, 0 };
    term *tm = &t->terms[index];
    int topic = (int)t->ntopics - 1;
    for (size_t k = 0; k < tm->n; k++)
        if (tm->signals[k].topic == topic)
            return bad(ld, "a term listed twice in one topic: ", word);
    signal *grown = realloc(tm->signals, (tm->n + 1) * sizeof *grown);
    if (!grown)
        return bulletin__nomem();
    tm->signals = grown;
    tm->signals[tm->n++] = (signal){ topic, weight };
    return BULLETIN_OK;
}

static bulletin_status load_line(void *ctx, char *line)
{
    loader *ld = ctx;
    char *save = NULL;
    char *word = strtok_r(line, " \t\r", &save);
    if (!word || word[0] == '#')
        return BULLETIN_OK;
    if (word[0] == '[') {
        char *close = strchr(word, ']');
        if (!close || close == word + 1 || close[1] || strtok_r(NULL, " \t\r", &save))
            return bad(ld, "a topic header is written [name], not: ", word);
        *close = '\0';
        return start_topic(ld, word + 1);
    }
    char *arg = strtok_r(NULL, " \t\r", &save);
    char *arg2 = arg ? strtok_r(NULL, " \t\r", &save) : NULL;
    if (arg2 && arg2[0] == '#')
        arg2 = NULL;
    if (!strcmp(word, "min_score") || !strcmp(word, "headline_factor")) {
        double v;
        if (!arg || arg2 || !parse_number(arg, &v) || v <= 0)
            return bad(ld, word, " needs one positive number");
        *(!strcmp(word, "min_score") ? &ld->t->min_score : &ld->t->headline_factor) = v;
        return BULLETIN_OK;
    }
    if (!ld->t->ntopics)
        return bad(ld, "a term before the first [topic]: ", word);
    double weight = 1;
    if (!strcmp(word, "kind")) {
        bulletin_kind kind;
        if (!arg || !arg2 || bulletin_kind_from_string(&kind, arg) || !parse_number(arg2, &weight))
            return bad(ld, "write 'kind KIND WEIGHT' with KIND one of news, commentary, "
                       "advertisement, continuation, other; not: kind ", arg ? arg : "");
        ld->t->kind_weight[ld->t->ntopics - 1][kind] = weight;
        return BULLETIN_OK;
    }
    if (arg2 || (arg && arg[0] != '#' && (!parse_number(arg, &weight) || weight == 0)))
        return bad(ld, "write 'TERM WEIGHT' with a non-zero number as the weight: ", word);
    return add_term(ld, word, weight);
}

static bulletin_status list_names(bulletin_taxonomy *t)
{
    bulletin_buf list = BULLETIN_BUF_INIT;
    for (size_t i = 0; i < t->ntopics; i++)
        if ((i && !bulletin_buf_append_str(&list, "、")) ||
            !bulletin_buf_append_str(&list, t->topics[i])) {
            bulletin_buf_free(&list);
            return bulletin__nomem();
        }
    t->names_list = bulletin_buf_detach(&list);
    return t->names_list ? BULLETIN_OK : bulletin__nomem();
}

bulletin_status bulletin__taxonomy_load(bulletin_taxonomy **out, bulletin_tokenizer *tok,
                                        const char *text, const char *origin)
{
    *out = NULL;
    loader ld = { calloc(1, sizeof(bulletin_taxonomy)), tok, BULLETIN_FOLDED_INIT, origin, 0 };
    if (!ld.t)
        return bulletin__nomem();
    ld.t->min_score = 4;
    ld.t->headline_factor = 3;
    bulletin_status st = bulletin__lexicon_new(&ld.t->lexicon);
    if (!st)
        st = bulletin__lexicon_new(&ld.t->names);
    if (!st)
        st = bulletin__data_lines(text, origin, &ld.line, load_line, &ld);
    if (!st && !ld.t->ntopics)
        st = bulletin__error_at(BULLETIN_ERROR_INPUT, origin, 0, -1,
                                "%s: the taxonomy has no [topic]", origin);
    if (!st)
        st = list_names(ld.t);
    bulletin__folded_free(&ld.folded);
    if (st || (st = bulletin__lexicon_seal(ld.t->lexicon))) {
        bulletin__taxonomy_free(ld.t);
        return st;
    }
    *out = ld.t;
    return BULLETIN_OK;
}

const char *bulletin__taxonomy_names(const bulletin_taxonomy *t)
{
    return t->names_list;
}

const char *bulletin__taxonomy_resolve(const bulletin_taxonomy *t, bulletin_tokenizer *tok,
                                       const char *name, bulletin_folded *scratch)
{
    if (bulletin__fold(tok, name, strlen(name), scratch))
        return NULL;
    int32_t i = bulletin__lexicon_find(t->names, scratch->text.data, scratch->text.len);
    return i < 0 ? NULL : t->topics[i];
}

typedef struct scoring {
    const bulletin_taxonomy *t;
    double *score;
    double factor;
} scoring;

static void on_match(void *ctx, int32_t payload, size_t start, size_t end)
{
    scoring *s = ctx;
    const term *tm = &s->t->terms[payload];
    for (size_t k = 0; k < tm->n; k++)
        s->score[tm->signals[k].topic] += tm->signals[k].weight * s->factor;
}

static void scan_field(scoring *s, const bulletin_folded *text, double factor)
{
    s->factor = factor;
    bulletin__lexicon_scan(s->t->lexicon, text->text.data, text->text.len, on_match, s);
}

bulletin_status bulletin__topics_of(const bulletin_taxonomy *t,
                                    const bulletin__folded_article *art, bulletin_kind kind,
                                    bulletin__tags *tags)
{
    tags->ntopics = 0;
    scoring s = { t, calloc(t->ntopics, sizeof(double)), 1 };
    if (!s.score)
        return bulletin__nomem();
    scan_field(&s, &art->headline, t->headline_factor);
    scan_field(&s, &art->subtitle, t->headline_factor);
    scan_field(&s, &art->body, 1);
    bulletin_status st = BULLETIN_OK;
    for (size_t i = 0; !st && i < t->ntopics; i++) {
        if ((unsigned)kind < BULLETIN_KIND_LAST)
            s.score[i] += t->kind_weight[i][kind];
        if (s.score[i] >= t->min_score &&
            !bulletin__tags_push(&tags->topics, &tags->ntopics, &tags->cap_topics,
                                 t->topics[i], s.score[i]))
            st = bulletin__nomem();
    }
    if (!st)
        bulletin__tags_sort(tags->topics, tags->ntopics);
    free(s.score);
    return st;
}
