/* district.c - the gazetteer, and which districts an article is about.
 *
 * The rule (documented for editors in README.md):
 *  - every name of the gazetteer found in the headline, deck, byline or
 *    body counts for its district: the district's own names, its former
 *    names (崇文区 counts for 东城区), and its streets, towns and areas
 *    (德胜街道 counts for 西城区);
 *  - a mention weighs 4 in the headline, 3 in the deck or byline, 2 in
 *    the first 40 or so characters of the body (the lead, where a news
 *    story says where it happened) and 1 elsewhere; a name that lies in
 *    two districts gives each half;
 *  - the article is tagged with every district mentioned, heaviest first;
 *    the heaviest is the primary district, and on a tie the one named
 *    first.  So a district mentioned in passing ranks below the one the
 *    story is about, which is named in its headline, lead and throughout;
 *  - city-level names (市总工会, 北京市, 全市) count for the city tag
 *    "北京市", which the article gets only when it names no district or
 *    when the city outweighs every district: a city story, not a passing
 *    reference to the city in a district's story. */
#include "config.h"
#include "tag.h"

#include <stdlib.h>
#include <string.h>

#define MAX_HOMES 4           /* districts one name may lie in */
#define LEAD_BYTES 120        /* about 40 Han characters of folded text */
#define W_HEADLINE 4.0
#define W_DECK 3.0
#define W_LEAD 2.0
#define W_BODY 1.0

typedef enum name_kind { NAME_DISTRICT, NAME_FORMER, NAME_LOCAL, NAME_IGNORE } name_kind;

typedef struct place_name {
    name_kind kind;
    int homes[MAX_HOMES];     /* district indices */
    int nhomes;
} place_name;

struct bulletin_gazetteer {
    char **districts;         /* full names, the tag values */
    bool *is_city;
    size_t ndistricts;
    place_name *names;
    size_t nnames, cap;
    bulletin_lexicon *lexicon;
    char *names_list;
};

void bulletin__gazetteer_free(bulletin_gazetteer *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->ndistricts; i++)
        free(g->districts[i]);
    free(g->districts);
    free(g->is_city);
    free(g->names);
    bulletin__lexicon_free(g->lexicon);
    free(g->names_list);
    free(g);
}

typedef struct loader {
    bulletin_gazetteer *g;
    bulletin_tokenizer *tok;
    bulletin_folded folded;
    const char *origin;
    long line;
    int section;              /* district index; -1 for [ignore]; -2 before any */
} loader;

static bulletin_status bad(const loader *ld, const char *what, const char *detail)
{
    return bulletin__error_at(BULLETIN_ERROR_INPUT, ld->origin, ld->line, -1,
                              "%s:%ld: %s%s", ld->origin, ld->line, what, detail);
}

/* Add one name of the current section. */
static bulletin_status add_name(loader *ld, const char *name, name_kind kind)
{
    bulletin_gazetteer *g = ld->g;
    bulletin_status st = bulletin__fold(ld->tok, name, strlen(name), &ld->folded);
    if (st)
        return st;
    if (!ld->folded.text.len)
        return bad(ld, "a name with no letters: ", name);
    void *names = g->names;
    if (!bulletin__grow(&names, &g->cap, g->nnames + 1, sizeof *g->names, 256, false))
        return bulletin__nomem();
    g->names = names;
    int32_t index;
    if ((st = bulletin__lexicon_add(g->lexicon, ld->folded.text.data, (int32_t)g->nnames,
                                    &index)))
        return st;
    place_name *p = &g->names[index];
    if ((size_t)index == g->nnames) {
        g->nnames++;
        p->kind = ld->section < 0 ? NAME_IGNORE : kind;
        p->nhomes = 0;
    }
    if (ld->section < 0)
        return BULLETIN_OK;
    for (int k = 0; k < p->nhomes; k++)
        if (p->homes[k] == ld->section)
            return BULLETIN_OK;
    if (p->nhomes == MAX_HOMES)
        return bad(ld, "a name listed in too many districts: ", name);
    p->homes[p->nhomes++] = ld->section;
    return BULLETIN_OK;
}

/* "X镇" and "X乡" are also called "X地区" after their offices. */
static bulletin_status add_area_alias(loader *ld, const char *name)
{
    size_t len = strlen(name);
    static const char zhen[] = "镇", xiang[] = "乡";
    if (len < 3 * 3 || (memcmp(name + len - 3, zhen, 3) && memcmp(name + len - 3, xiang, 3)))
        return BULLETIN_OK;
    char alias[256];
    if (len - 3 + sizeof "地区" > sizeof alias)
        return BULLETIN_OK;
    memcpy(alias, name, len - 3);
    strcpy(alias + len - 3, "地区");
    return add_name(ld, alias, NAME_LOCAL);
}

static bulletin_status start_section(loader *ld, const char *name)
{
    bulletin_gazetteer *g = ld->g;
    if (!strcmp(name, "ignore")) {
        ld->section = -1;
        return BULLETIN_OK;
    }
    for (size_t i = 0; i < g->ndistricts; i++)
        if (!strcmp(g->districts[i], name))
            return bad(ld, "a district listed twice: ", name);
    char **d = realloc(g->districts, (g->ndistricts + 1) * sizeof *d);
    if (!d)
        return bulletin__nomem();
    g->districts = d;
    bool *c = realloc(g->is_city, (g->ndistricts + 1) * sizeof *c);
    if (!c)
        return bulletin__nomem();
    g->is_city = c;
    if (!(d[g->ndistricts] = bulletin__strdup(name)))
        return bulletin__nomem();
    c[g->ndistricts] = false;
    ld->section = (int)g->ndistricts++;
    return add_name(ld, name, NAME_DISTRICT);
}

/* One line: "[name]" or "key name name ...".  `line` is modified. */
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
            return bad(ld, "a section header is written [name], not: ", word);
        *close = '\0';
        return start_section(ld, word + 1);
    }
    if (ld->section == -2)
        return bad(ld, "a line before the first [district] section: ", word);
    static const struct { const char *key; name_kind kind; } keys[] = {
        { "short", NAME_DISTRICT }, { "former", NAME_FORMER }, { "street", NAME_LOCAL },
        { "town", NAME_LOCAL },     { "township", NAME_LOCAL }, { "area", NAME_LOCAL },
    };
    if (!strcmp(word, "level")) {
        char *level = strtok_r(NULL, " \t\r", &save);
        if (!level || strcmp(level, "city") || ld->section < 0)
            return bad(ld, "the only level is 'level city', in a named section", "");
        ld->g->is_city[ld->section] = true;
        return BULLETIN_OK;
    }
    size_t k = 0;
    while (k < sizeof keys / sizeof keys[0] && strcmp(word, keys[k].key))
        k++;
    if (k == sizeof keys / sizeof keys[0])
        return bad(ld, "unknown key (short, former, street, town, township, area, level): ",
                   word);
    bool town = !strcmp(word, "town") || !strcmp(word, "township");
    bulletin_status st = BULLETIN_OK;
    while (!st && (word = strtok_r(NULL, " \t\r", &save)) && word[0] != '#') {
        st = add_name(ld, word, keys[k].kind);
        if (!st && town)
            st = add_area_alias(ld, word);
    }
    return st;
}

static bulletin_status list_names(bulletin_gazetteer *g)
{
    bulletin_buf list = BULLETIN_BUF_INIT;
    for (size_t i = 0; i < g->ndistricts; i++)
        if ((i && !bulletin_buf_append_str(&list, "、")) ||
            !bulletin_buf_append_str(&list, g->districts[i])) {
            bulletin_buf_free(&list);
            return bulletin__nomem();
        }
    g->names_list = bulletin_buf_detach(&list);
    return g->names_list ? BULLETIN_OK : bulletin__nomem();
}

bulletin_status bulletin__gazetteer_load(bulletin_gazetteer **out, bulletin_tokenizer *tok,
                                         const char *text, const char *origin)
{
    *out = NULL;
    loader ld = { calloc(1, sizeof(bulletin_gazetteer)), tok, BULLETIN_FOLDED_INIT,
                  origin, 0, -2 };
    if (!ld.g)
        return bulletin__nomem();
    bulletin_status st = bulletin__lexicon_new(&ld.g->lexicon);
    if (!st)
        st = bulletin__data_lines(text, origin, &ld.line, load_line, &ld);
    if (!st && !ld.g->ndistricts)
        st = bulletin__error_at(BULLETIN_ERROR_INPUT, origin, 0, -1,
                                "%s: the gazetteer names no district", origin);
    if (!st)
        st = list_names(ld.g);
    bulletin__folded_free(&ld.folded);
    if (st || (st = bulletin__lexicon_seal(ld.g->lexicon))) {
        bulletin__gazetteer_free(ld.g);
        return st;
    }
    *out = ld.g;
    return BULLETIN_OK;
}

const char *bulletin__gazetteer_names(const bulletin_gazetteer *g)
{
    return g->names_list;
}

const char *bulletin__gazetteer_resolve(const bulletin_gazetteer *g, bulletin_tokenizer *tok,
                                        const char *name, bulletin_folded *scratch)
{
    if (bulletin__fold(tok, name, strlen(name), scratch))
        return NULL;
    int32_t i = bulletin__lexicon_find(g->lexicon, scratch->text.data, scratch->text.len);
    if (i < 0)
        return NULL;
    const place_name *p = &g->names[i];
    if ((p->kind != NAME_DISTRICT && p->kind != NAME_FORMER) || p->nhomes != 1)
        return NULL;
    return g->districts[p->homes[0]];
}

/* ---------------------------------------------------------------- tagging */

typedef struct scoring {
    const bulletin_gazetteer *g;
    double *score;
    int *first;               /* order of first mention, 0 = not mentioned */
    int mentions;
    double weight;            /* of the field being scanned */
    size_t lead;              /* bytes of the field counted as the lead */
} scoring;

static void on_match(void *ctx, int32_t payload, size_t start, size_t end)
{
    scoring *s = ctx;
    const place_name *p = &s->g->names[payload];
    if (p->kind == NAME_IGNORE || !p->nhomes)
        return;
    double w = start < s->lead ? W_LEAD : s->weight;
    for (int k = 0; k < p->nhomes; k++) {
        int d = p->homes[k];
        s->score[d] += w / p->nhomes;
        if (!s->first[d])
            s->first[d] = ++s->mentions;
    }
}

static void scan_field(scoring *s, const bulletin_folded *text, double weight, size_t lead)
{
    s->weight = weight;
    s->lead = lead;
    bulletin__lexicon_scan(s->g->lexicon, text->text.data, text->text.len, on_match, s);
}

bulletin_status bulletin__districts_of(const bulletin_gazetteer *g,
                                       const bulletin__folded_article *art,
                                       bulletin__tags *tags)
{
    tags->ndistricts = 0;
    scoring s = { g, calloc(g->ndistricts, sizeof(double)), calloc(g->ndistricts, sizeof(int)),
                  0, 0, 0 };
    bulletin_status st = (!s.score || !s.first) ? bulletin__nomem() : BULLETIN_OK;
    if (!st) {
        scan_field(&s, &art->headline, W_HEADLINE, 0);
        scan_field(&s, &art->subtitle, W_DECK, 0);
        scan_field(&s, &art->byline, W_DECK, 0);
        scan_field(&s, &art->body, W_BODY, LEAD_BYTES);
    }
    /* Districts in the order they were first mentioned, so that the
     * stable sort below breaks ties by that order. */
    double best = 0, city = 0;
    int city_index = -1;
    for (size_t d = 0; !st && d < g->ndistricts; d++) {
        if (g->is_city[d]) {
            if (s.score[d] > city) {
                city = s.score[d];
                city_index = (int)d;
            }
        } else if (s.score[d] > best) {
            best = s.score[d];
        }
    }
    for (int order = 1; !st && order <= s.mentions; order++) {
        for (size_t d = 0; d < g->ndistricts; d++) {
            if (s.first[d] != order)
                continue;
            bool keep = g->is_city[d] ? (int)d == city_index && city > best : true;
            if (keep && !bulletin__tags_push(&tags->districts, &tags->ndistricts,
                                             &tags->cap_districts, g->districts[d],
                                             s.score[d]))
                st = bulletin__nomem();
        }
    }
    if (!st)
        bulletin__tags_sort(tags->districts, tags->ndistricts);
    free(s.score);
    free(s.first);
    return st;
}
