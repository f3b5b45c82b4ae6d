/* fts5_rank.c - bulletin_rank(), the ranking function of searches: FTS5's
 * bm25 with the same column weights and constants, but without the full
 * scans bm25 makes before it scores its first row.
 *
 * bm25 weighs each phrase of the query by its rarity (IDF), and FTS5's
 * bm25() learns how many rows hold a phrase by reading that phrase's
 * whole doclist: for a word in half of a million articles that is half a
 * million rows read per phrase, even when the search then scores twenty.
 * The IDF only needs the rough size of that number (its logarithm is
 * taken), so bulletin_rank() reads the doclist from its start until it
 * has seen SAMPLE_ROWS rows and extrapolates over the rowid range:
 * exact for rarer phrases, within a few per cent for common ones,
 * and at most SAMPLE_ROWS rows read per phrase.
 *
 *   bulletin_rank(articles_fts, max_rowid, roles, lengths, w0, w1, ...)
 *
 * max_rowid is the largest rowid of the table (the extrapolation needs the
 * end of the range, which the FTS5 API does not give); roles has one
 * letter per phrase of the MATCH expression (query.h's
 * bulletin__fts5_phrase_roles): 'j' marks a phrase that joins the last
 * 'p' phrase before it as one word: the other choices of a word's bigram
 * forms beside its whole-word form.  The group scores exactly as bm25
 * scores that word asked for as ("\x01w" OR "w"): the whole-word phrase
 * alone, plus the word in any form, weighed by the rows holding any.
 * lengths is NULL or the rows' lengths in memory (BULLETIN_FTS5_LENGTHS),
 * which spare a seek per row.  The weights are bm25's, one per column.  Lower
 * is better, as with bm25(). */
#include "config.h"
#include "fts5_tokenizer.h"

#include <math.h>
#include <stdbool.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Rows read per phrase to size its doclist. */
#define SAMPLE_ROWS 1024
#define MAX_COLUMNS 16
/* Phrases in one word's group: its whole-word form and the other choices
 * of its bigrams' forms, 2^n - 1 for n bigrams (compile.c asks for n up
 * to MAX_FORM_BIGRAMS, 2 today: 4 phrases); room for n = 3. */
#define MAX_GROUP 8

/* bm25's constants, as FTS5 uses them. */
static const double K1 = 1.2;
static const double B = 0.75;

/* What one statement's rows share: computed at the first row. */
typedef struct rank_data {
    int nphrases;
    double avgdl;          /* mean tokens per row */
    double *idf;           /* per phrase */
    /* Per phrase: the 'p' phrase a 'j' phrase joins, else -1; for a 'p'
     * phrase that others join, the IDF of rows holding any of them. */
    int *leader;
    bool *joined_by;
    double *group_idf;
    double *freq;          /* scratch for each row's phrase frequencies */
} rank_data;

/* The first rowids of one phrase's doclist, in ascending order, up to
 * `bound`. */
typedef struct sample {
    int64_t rowids[SAMPLE_ROWS];
    int64_t n;
    int64_t bound;
} sample;

static int sample_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *vs)
{
    sample *s = vs;
    int64_t rowid = api->xRowid(fts);
    /* SQLITE_DONE ends xQueryPhrase's scan without an error. */
    if (rowid > s->bound)
        return SQLITE_DONE;
    s->rowids[s->n++] = rowid;
    return s->n == SAMPLE_ROWS ? SQLITE_DONE : SQLITE_OK;
}

static int by_rowid(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return a < b ? -1 : a > b;
}

/* Rows holding any of n sampled phrases: counted when each sample is
 * complete, else the density of the stretch every sample covers carried
 * over the rest of the rowid range.  `scratch` holds n * SAMPLE_ROWS. */
static double rows_in(sample *const *samples, int n, int64_t max_rowid, int64_t total_rows,
                      int64_t *scratch)
{
    int64_t limit = INT64_MAX, first = INT64_MAX;
    for (int i = 0; i < n; i++) {
        const sample *s = samples[i];
        if (s->n == SAMPLE_ROWS && s->rowids[SAMPLE_ROWS - 1] < limit)
            limit = s->rowids[SAMPLE_ROWS - 1];
        if (s->n && s->rowids[0] < first)
            first = s->rowids[0];
    }
    /* Distinct rowids up to `limit`, over all samples. */
    size_t k = 0;
    for (int i = 0; i < n; i++)
        for (int64_t j = 0; j < samples[i]->n && samples[i]->rowids[j] <= limit; j++)
            scratch[k++] = samples[i]->rowids[j];
    if (n > 1)
        qsort(scratch, k, sizeof *scratch, by_rowid);
    int64_t rows = 0;
    for (size_t i = 0; i < k; i++)
        rows += !i || scratch[i] != scratch[i - 1];
    double estimate = (double)rows;
    if (limit != INT64_MAX && limit > first && max_rowid > limit)
        estimate *= (double)(max_rowid - first + 1) / (double)(limit - first + 1);
    return estimate < (double)total_rows ? estimate : (double)total_rows;
}

/* bm25's IDF of a phrase in `hits` of `rows` rows. */
static double idf_of(double rows, double hits)
{
    /* As bm25: a phrase in more than half the rows would weigh less than
     * nothing; it weighs next to nothing instead. */
    double idf = log((rows - hits + 0.5) / (hits + 0.5));
    return idf > 1e-6 ? idf : 1e-6;
}

static void free_rank_data(void *p)
{
    rank_data *d = p;
    if (d) {
        free(d->idf);
        free(d->leader);
        free(d->joined_by);
        free(d->group_idf);
        free(d->freq);
    }
    free(d);
}

/* The IDFs of every phrase, and of every whole-word phrase together with
 * the phrases that join it.  A group's phrases follow one another. */
static int weigh_phrases(const Fts5ExtensionApi *api, Fts5Context *fts, rank_data *d,
                         int64_t max_rowid, sqlite3_int64 nrows)
{
    sample *group[MAX_GROUP];
    int64_t *scratch = malloc(MAX_GROUP * SAMPLE_ROWS * sizeof *scratch);
    int rc = scratch ? SQLITE_OK : SQLITE_NOMEM;
    for (int g = 0; g < MAX_GROUP; g++)
        if (!(group[g] = malloc(sizeof(sample))))
            rc = SQLITE_NOMEM;
    for (int i = 0; i < d->nphrases && rc == SQLITE_OK;) {
        /* Phrase i and the phrases after it that join it. */
        int n = 1;
        while (i + n < d->nphrases && n < MAX_GROUP && d->leader[i + n] == i)
            n++;
        /* rows_in() counts a group's rows only up to the last rowid of
         * its first full sample: a phrase's rows past that one need not
         * be read.  That spares reading most of a rare form's doclist
         * (a straddling form of a common word) once the whole-word form
         * has filled its sample; the estimate is the same. */
        int64_t bound = INT64_MAX;
        for (int k = 0; k < n && rc == SQLITE_OK; k++) {
            group[k]->n = 0;
            group[k]->bound = bound;
            rc = api->xQueryPhrase(fts, i + k, group[k], sample_row);
            if (rc == SQLITE_OK && group[k]->n == SAMPLE_ROWS &&
                group[k]->rowids[SAMPLE_ROWS - 1] < bound)
                bound = group[k]->rowids[SAMPLE_ROWS - 1];
        }
        if (rc == SQLITE_OK)   /* the others are scored with their group */
            d->idf[i] = idf_of((double)nrows, rows_in(group, 1, max_rowid, nrows, scratch));
        if (rc == SQLITE_OK && d->joined_by[i])
            d->group_idf[i] = idf_of((double)nrows, rows_in(group, n, max_rowid, nrows,
                                                            scratch));
        i += n;
    }
    for (int g = 0; g < MAX_GROUP; g++)
        free(group[g]);
    free(scratch);
    return rc;
}

static int make_rank_data(const Fts5ExtensionApi *api, Fts5Context *fts, int64_t max_rowid,
                          const char *roles, rank_data **out)
{
    *out = NULL;
    sqlite3_int64 nrows = 0, ntokens = 0;
    int rc = api->xRowCount(fts, &nrows);
    if (rc == SQLITE_OK)
        rc = api->xColumnTotalSize(fts, -1, &ntokens);
    if (rc != SQLITE_OK)
        return rc;
    rank_data *d = calloc(1, sizeof *d);
    if (!d)
        return SQLITE_NOMEM;
    d->nphrases = api->xPhraseCount(fts);
    d->avgdl = nrows > 0 ? (double)ntokens / (double)nrows : 1.0;
    if (d->avgdl <= 0)
        d->avgdl = 1.0;
    size_t n = d->nphrases > 0 ? (size_t)d->nphrases : 1;
    d->idf = calloc(n, sizeof *d->idf);
    d->leader = malloc(n * sizeof *d->leader);
    d->joined_by = calloc(n, sizeof *d->joined_by);
    d->group_idf = calloc(n, sizeof *d->group_idf);
    d->freq = calloc(n, sizeof *d->freq);
    if (!d->idf || !d->leader || !d->joined_by || !d->group_idf || !d->freq) {
        free_rank_data(d);
        return SQLITE_NOMEM;
    }
    size_t nroles = roles ? strlen(roles) : 0;
    /* A 'j' joins the 'p' just before its run of 'j's; one with none, or
     * past a group's MAX_GROUP phrases, is scored on its own. */
    for (int i = 0, last_p = -1; i < d->nphrases; i++) {
        bool joins = (size_t)i < nroles && roles[i] == 'j' && last_p >= 0 &&
                     i - last_p < MAX_GROUP;
        d->leader[i] = joins ? last_p : -1;
        if (joins)
            d->joined_by[last_p] = true;
        else
            last_p = (size_t)i < nroles && roles[i] == 'j' ? -1 : i;
    }
    if ((rc = weigh_phrases(api, fts, d, max_rowid, nrows)) != SQLITE_OK) {
        free_rank_data(d);
        return rc;
    }
    /* The statement's later rows find d here; on failure xSetAuxdata has
     * already freed it. */
    if ((rc = api->xSetAuxdata(fts, d, free_rank_data)) != SQLITE_OK)
        return rc;
    *out = d;
    return SQLITE_OK;
}

/* The row's score: the sum over phrases of IDF times the saturated,
 * column-weighted frequency, normalized by the row's length. */
static int score_row(const Fts5ExtensionApi *api, Fts5Context *fts, const rank_data *d,
                     const bulletin__row_lengths *lengths, const double *weights,
                     int nweights, double *out)
{
    double *freq = d->freq;
    int nphrases = d->nphrases;
    memset(freq, 0, (size_t)nphrases * sizeof *freq);
    /* Each phrase's hits walked on their own: xInst would first merge
     * every phrase's hits into one sorted list, which only order needs. */
    int rc = SQLITE_OK;
    for (int i = 0; i < nphrases && rc == SQLITE_OK; i++) {
        Fts5PhraseIter iter;
        int column, offset;
        rc = api->xPhraseFirst(fts, i, &iter, &column, &offset);
        for (; rc == SQLITE_OK && column >= 0; api->xPhraseNext(fts, &iter, &column, &offset))
            freq[i] += column < nweights ? weights[column] : 1.0;
    }
    int tokens = 0;
    int64_t rowid = api->xRowid(fts);
    if (lengths && rowid >= 0 && rowid < lengths->n && lengths->tokens[rowid])
        tokens = (int)lengths->tokens[rowid];
    else if (rc == SQLITE_OK)   /* a matching row has tokens: 0 is unknown */
        rc = api->xColumnSize(fts, -1, &tokens);
    if (rc != SQLITE_OK)
        return rc;
    double norm = K1 * (1 - B + B * (double)tokens / d->avgdl);
    double score = 0;
    for (int i = 0; i < nphrases; i++) {
        if (d->leader[i] >= 0)
            continue;   /* scored with its group */
        score += d->idf[i] * (freq[i] * (K1 + 1)) / (freq[i] + norm);
        if (d->joined_by[i]) {   /* the word in any form */
            double f = freq[i];
            for (int j = i + 1; j < nphrases && d->leader[j] == i; j++)
                f += freq[j];
            score += d->group_idf[i] * (f * (K1 + 1)) / (f + norm);
        }
    }
    *out = -score;
    return SQLITE_OK;
}

static void bulletin_rank(const Fts5ExtensionApi *api, Fts5Context *fts,
                          sqlite3_context *ctx, int nargs, sqlite3_value **args)
{
    int64_t max_rowid = nargs > 0 ? sqlite3_value_int64(args[0]) : 0;
    const char *roles = nargs > 1 ? (const char *)sqlite3_value_text(args[1]) : NULL;
    const bulletin__row_lengths *lengths =
        nargs > 2 ? sqlite3_value_pointer(args[2], BULLETIN_FTS5_LENGTHS) : NULL;
    double weights[MAX_COLUMNS];
    int nweights = 0;
    for (int i = 3; i < nargs && nweights < MAX_COLUMNS; i++)
        weights[nweights++] = sqlite3_value_double(args[i]);
    rank_data *d = api->xGetAuxdata(fts, 0);
    int rc = d ? SQLITE_OK : make_rank_data(api, fts, max_rowid, roles, &d);
    double score = 0;
    if (rc == SQLITE_OK)
        rc = score_row(api, fts, d, lengths, weights, nweights, &score);
    if (rc == SQLITE_OK)
        sqlite3_result_double(ctx, score);
    else
        sqlite3_result_error_code(ctx, rc);
}

int bulletin__fts5_rank_register(fts5_api *api)
{
    return api->xCreateFunction(api, BULLETIN_FTS5_RANK, NULL, bulletin_rank, NULL);
}
