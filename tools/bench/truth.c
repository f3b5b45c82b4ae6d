/* truth.c - the ground truth of the benchmark's queries (see truth.h). */
#define _GNU_SOURCE 1  /* memmem, pipe2 */
#include "config.h"
#include "truth.h"
#include "query/query.h"

#include <opencc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

/* The per-character t2s table the library generates from OpenCC at build
 * time: data, not code under test. */
extern const int32_t bulletin__t2s_table[][2];
extern const size_t bulletin__t2s_table_size;

/* OpenCC's t2s converts character by character except where one of the
 * phrases of TSPhrases occurs; text without any of them needs no call to
 * OpenCC (which converts under 1 MB/s), its phrase folding is the
 * character folding. */
#define PHRASES_OCD2 "/usr/share/opencc/TSPhrases.ocd2"

typedef struct phrase_list {
    char **keys;          /* traditional phrases, UTF-8 */
    size_t n;
    uint8_t first[256];   /* which lead bytes start some phrase */
} phrase_list;

struct truth_corpus {
    const UNormalizer2 *nfkc;
    opencc_t cc;
    phrase_list phrases;
    size_t n, cap;
    int64_t *ids;
    char **phrase;   /* phrase-aware folding, fields joined by \x01 */
    char **chars;    /* character folding, NULL when the same */
};

/* The phrases of OpenCC's t2s, dumped with opencc_dict (package opencc). */
static int load_phrases(phrase_list *pl)
{
    char path[] = "/tmp/bench-tsphrases-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "opencc_dict -i %s -o %s -f ocd2 -t text", PHRASES_OCD2, path);
    FILE *f = system(cmd) == 0 ? fopen(path, "r") : NULL;
    unlink(path);
    if (!f)
        return -1;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\t\n")] = '\0';
        if (!line[0])
            continue;
        pl->keys = realloc(pl->keys, (pl->n + 1) * sizeof *pl->keys);
        pl->keys[pl->n++] = strdup(line);
        pl->first[(unsigned char)line[0]] = 1;
    }
    fclose(f);
    return pl->n ? 0 : -1;
}

/* Does `text` hold one of the phrases? */
static bool has_phrase(const phrase_list *pl, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (!pl->first[(unsigned char)*p])
            continue;
        for (size_t k = 0; k < pl->n; k++)
            if (!strncmp(p, pl->keys[k], strlen(pl->keys[k])))
                return true;
    }
    return false;
}

truth_corpus *truth_new(void)
{
    truth_corpus *tc = calloc(1, sizeof *tc);
    UErrorCode err = U_ZERO_ERROR;
    if (!tc)
        return NULL;
    tc->nfkc = unorm2_getNFKCCasefoldInstance(&err);
    tc->cc = opencc_open("t2s.json");
    if (U_FAILURE(err) || tc->cc == (opencc_t)-1 || load_phrases(&tc->phrases)) {
        free(tc);
        return NULL;
    }
    return tc;
}

static bool is_han(UChar32 c)
{
    return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC);
}

static void put_utf8(char **p, UChar32 c)
{
    unsigned char *s = (unsigned char *)*p;
    if (c < 0x80) {
        *s++ = (unsigned char)c;
    } else if (c < 0x800) {
        *s++ = (unsigned char)(0xC0 | (c >> 6));
        *s++ = (unsigned char)(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *s++ = (unsigned char)(0xE0 | (c >> 12));
        *s++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        *s++ = (unsigned char)(0x80 | (c & 0x3F));
    } else {
        *s++ = (unsigned char)(0xF0 | (c >> 18));
        *s++ = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
        *s++ = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        *s++ = (unsigned char)(0x80 | (c & 0x3F));
    }
    *p = (char *)s;
}

/* NFKC_Casefold, then white space: dropped between two Han characters,
 * else one space (none at the ends).  malloc'd UTF-8. */
static char *fold_base(truth_corpus *tc, const char *text)
{
    UErrorCode err = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8Lenient(NULL, 0, &n16, text, -1, &err);
    err = U_ZERO_ERROR;
    UChar *src = malloc((size_t)(n16 + 1) * sizeof *src);
    u_strFromUTF8Lenient(src, n16 + 1, NULL, text, -1, &err);
    int32_t cap = n16 * 3 + 16;
    UChar *dst = malloc((size_t)cap * sizeof *dst);
    err = U_ZERO_ERROR;
    int32_t m = unorm2_normalize(tc->nfkc, src, n16, dst, cap, &err);
    if (U_FAILURE(err))
        m = 0;
    char *out = malloc((size_t)m * 3 + 1), *p = out;
    UChar32 last = 0;             /* last character written */
    bool pending_space = false;
    for (int32_t i = 0; i < m;) {
        UChar32 c;
        U16_NEXT(dst, i, m, c);
        if (u_isUWhiteSpace(c)) {
            pending_space = last != 0;
            continue;
        }
        if (pending_space && !(is_han(last) && is_han(c)))
            *p++ = ' ';
        pending_space = false;
        put_utf8(&p, c);
        last = c;
    }
    *p = '\0';
    free(src);
    free(dst);
    return out;
}

static int32_t table_fold(int32_t cp)
{
    size_t lo = 0, hi = bulletin__t2s_table_size;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (bulletin__t2s_table[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < bulletin__t2s_table_size && bulletin__t2s_table[lo][0] == cp
               ? bulletin__t2s_table[lo][1] : cp;
}

static char *fold_chars(const char *base)
{
    size_t len = strlen(base);
    char *out = malloc(len * 2 + 1), *p = out;
    for (size_t i = 0; i < len;) {
        UChar32 c;
        U8_NEXT(base, i, (int32_t)len, c);
        if (c >= 0)
            put_utf8(&p, table_fold(c));
    }
    *p = '\0';
    return out;
}

static char *fold_phrase(truth_corpus *tc, const char *base)
{
    if (!has_phrase(&tc->phrases, base))
        return fold_chars(base);
    char *conv = opencc_convert_utf8(tc->cc, base, strlen(base));
    char *out = strdup(conv ? conv : base);
    if (conv)
        opencc_convert_utf8_free(conv);
    return out;
}

char *truth_fold(truth_corpus *tc, const char *text, int phrase)
{
    char *base = fold_base(tc, text);
    char *out = phrase ? fold_phrase(tc, base) : fold_chars(base);
    free(base);
    return out;
}

/* Append `s` to the growing string *acc (with a \x01 separator). */
static void join(char **acc, size_t *len, const char *s)
{
    size_t n = strlen(s);
    *acc = realloc(*acc, *len + n + 2);
    if (*len)
        (*acc)[(*len)++] = '\x01';
    memcpy(*acc + *len, s, n + 1);
    *len += n;
}

int truth_add(truth_corpus *tc, int64_t id, const char *const fields[3])
{
    if (tc->n == tc->cap) {
        tc->cap = tc->cap ? tc->cap * 2 : 1024;
        tc->ids = realloc(tc->ids, tc->cap * sizeof *tc->ids);
        tc->phrase = realloc(tc->phrase, tc->cap * sizeof *tc->phrase);
        tc->chars = realloc(tc->chars, tc->cap * sizeof *tc->chars);
    }
    char *ph = NULL, *ch = NULL;
    size_t phl = 0, chl = 0;
    for (int f = 0; f < 3; f++) {
        char *base = fold_base(tc, fields[f] ? fields[f] : "");
        char *a = fold_phrase(tc, base), *b = fold_chars(base);
        join(&ph, &phl, a);
        join(&ch, &chl, b);
        free(base);
        free(a);
        free(b);
    }
    if (!strcmp(ph, ch)) {
        free(ch);
        ch = NULL;
    }
    tc->ids[tc->n] = id;
    tc->phrase[tc->n] = ph;
    tc->chars[tc->n] = ch;
    tc->n++;
    return 0;
}

size_t truth_count(const truth_corpus *tc)
{
    return tc->n;
}

int64_t truth_id(const truth_corpus *tc, size_t i)
{
    return tc->ids[i];
}

static bool word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Does `needle` occur in `hay`, with Latin letters and digits at its ends
 * not running on into the text around it? */
static bool occurs(const char *hay, const char *needle, size_t nlen)
{
    bool left = word_byte(needle[0]), right = word_byte(needle[nlen - 1]);
    size_t hlen = strlen(hay);
    const char *p = hay, *end = hay + hlen;
    while (p < end && (p = memmem(p, (size_t)(end - p), needle, nlen))) {
        if (!(left && p > hay && word_byte(p[-1])) && !(right && word_byte(p[nlen])))
            return true;
        p++;
    }
    return false;
}

/* The articles holding one word or phrase, in either folding. */
static void eval_text(truth_corpus *tc, const char *text, uint8_t *hits)
{
    char *q[2] = { truth_fold(tc, text, 1), truth_fold(tc, text, 0) };
    size_t ql[2] = { strlen(q[0]), strlen(q[1]) };
    bool same = !strcmp(q[0], q[1]);
    for (size_t i = 0; i < tc->n; i++) {
        const char *t[2] = { tc->phrase[i], tc->chars[i] };
        bool hit = false;
        for (int a = 0; a < 2 && !hit; a++)
            for (int b = 0; b < (same ? 1 : 2) && !hit; b++)
                hit = t[a] && ql[b] && occurs(t[a], q[b], ql[b]);
        hits[i] = hit;
    }
    free(q[0]);
    free(q[1]);
}

static void eval_node(truth_corpus *tc, const bulletin_qnode *n, uint8_t *hits)
{
    if (n->kind == BULLETIN_Q_TERM || n->kind == BULLETIN_Q_PHRASE) {
        eval_text(tc, n->text, hits);
        return;
    }
    bool and = n->kind == BULLETIN_Q_AND;
    uint8_t *kid = malloc(tc->n ? tc->n : 1);
    memset(hits, and ? 1 : 0, tc->n);
    for (size_t k = 0; k < n->nkids; k++) {
        eval_node(tc, n->kids[k], kid);
        bool neg = n->kids[k]->negated;
        for (size_t i = 0; i < tc->n; i++) {
            uint8_t v = neg ? !kid[i] : kid[i];
            hits[i] = and ? (hits[i] && v) : (hits[i] || v);
        }
    }
    free(kid);
}

int truth_eval(truth_corpus *tc, const char *query, uint8_t *hits)
{
    bulletin_qnode *root;
    if (bulletin__query_parse(query, &root) != BULLETIN_OK)
        return -1;
    eval_node(tc, root, hits);
    bulletin__qnode_free(root);
    return 0;
}

void truth_free(truth_corpus *tc)
{
    if (!tc)
        return;
    for (size_t i = 0; i < tc->n; i++) {
        free(tc->phrase[i]);
        free(tc->chars[i]);
    }
    free(tc->ids);
    free(tc->phrase);
    free(tc->chars);
    if (tc->cc != (opencc_t)-1)
        opencc_close(tc->cc);
    for (size_t k = 0; k < tc->phrases.n; k++)
        free(tc->phrases.keys[k]);
    free(tc->phrases.keys);
    free(tc);
}
