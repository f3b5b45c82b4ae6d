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
 *   bulletin_rank(articles_fts, max_rowid, w0, w1, ...)
 *
 * max_rowid is the largest rowid of the table (the extrapolation needs the
 * end of the range, which the FTS5 API does not give); the weights are
 * bm25's, one per column.  Lower is better, as with bm25(). */
#include "config.h"
#include "fts5_tokenizer.h"

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Rows read per phrase to size its doclist. */
#define SAMPLE_ROWS 1024
#define MAX_COLUMNS 16

/* bm25's constants, as FTS5 uses them. */
static const double K1 = 1.2;
static const double B = 0.75;

/* What one statement's rows share: computed at the first row. */
typedef struct rank_data {
    int nphrases;
    double avgdl;          /* mean tokens per row */
    double *idf;           /* per phrase */
} rank_data;

typedef struct sample {
    int64_t first, last;   /* rowids seen first and last */
    int64_t rows;
} sample;

static int sample_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *vs)
{
    sample *s = vs;
    int64_t rowid = api->xRowid(fts);
    if (!s->rows)
        s->first = rowid;
    s->last = rowid;
    /* SQLITE_DONE ends xQueryPhrase's scan without an error. */
    return ++s->rows == SAMPLE_ROWS ? SQLITE_DONE : SQLITE_OK;
}

/* Rows holding phrase i: counted when there are fewer than SAMPLE_ROWS,
 * else the sample's density carried over the rest of the rowid range. */
static int phrase_rows(const Fts5ExtensionApi *api, Fts5Context *fts, int i,
                       int64_t max_rowid, int64_t total_rows, double *out)
{
    sample s = { 0, 0, 0 };
    int rc = api->xQueryPhrase(fts, i, &s, sample_row);
    if (rc != SQLITE_OK)
        return rc;
    double rows = (double)s.rows;
    if (s.rows == SAMPLE_ROWS && s.last > s.first && max_rowid > s.last)
        rows *= (double)(max_rowid - s.first + 1) / (double)(s.last - s.first + 1);
    *out = rows < (double)total_rows ? rows : (double)total_rows;
    return SQLITE_OK;
}

static void free_rank_data(void *p)
{
    rank_data *d = p;
    if (d)
        free(d->idf);
    free(d);
}

static int make_rank_data(const Fts5ExtensionApi *api, Fts5Context *fts, int64_t max_rowid,
                          rank_data **out)
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
    d->idf = calloc(d->nphrases > 0 ? (size_t)d->nphrases : 1, sizeof *d->idf);
    if (!d->idf) {
        free_rank_data(d);
        return SQLITE_NOMEM;
    }
    for (int i = 0; i < d->nphrases && rc == SQLITE_OK; i++) {
        double hits = 0;
        rc = phrase_rows(api, fts, i, max_rowid, nrows, &hits);
        /* As bm25: a phrase in more than half the rows would weigh less
         * than nothing; it weighs next to nothing instead. */
        double idf = log(((double)nrows - hits + 0.5) / (hits + 0.5));
        d->idf[i] = idf > 1e-6 ? idf : 1e-6;
    }
    if (rc != SQLITE_OK) {
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
                     const double *weights, int nweights, double *out)
{
    double freq[64];
    int nphrases = d->nphrases < 64 ? d->nphrases : 64;
    memset(freq, 0, sizeof freq);
    int ninst = 0;
    int rc = api->xInstCount(fts, &ninst);
    for (int i = 0; i < ninst && rc == SQLITE_OK; i++) {
        int phrase, column, offset;
        rc = api->xInst(fts, i, &phrase, &column, &offset);
        if (rc == SQLITE_OK && phrase < nphrases)
            freq[phrase] += column < nweights ? weights[column] : 1.0;
    }
    int tokens = 0;
    if (rc == SQLITE_OK)
        rc = api->xColumnSize(fts, -1, &tokens);
    if (rc != SQLITE_OK)
        return rc;
    double norm = K1 * (1 - B + B * (double)tokens / d->avgdl);
    double score = 0;
    for (int i = 0; i < nphrases; i++)
        score += d->idf[i] * (freq[i] * (K1 + 1)) / (freq[i] + norm);
    *out = -score;
    return SQLITE_OK;
}

static void bulletin_rank(const Fts5ExtensionApi *api, Fts5Context *fts,
                          sqlite3_context *ctx, int nargs, sqlite3_value **args)
{
    int64_t max_rowid = nargs > 0 ? sqlite3_value_int64(args[0]) : 0;
    double weights[MAX_COLUMNS];
    int nweights = 0;
    for (int i = 1; i < nargs && nweights < MAX_COLUMNS; i++)
        weights[nweights++] = sqlite3_value_double(args[i]);
    rank_data *d = api->xGetAuxdata(fts, 0);
    int rc = d ? SQLITE_OK : make_rank_data(api, fts, max_rowid, &d);
    double score = 0;
    if (rc == SQLITE_OK)
        rc = score_row(api, fts, d, weights, nweights, &score);
    if (rc == SQLITE_OK)
        sqlite3_result_double(ctx, score);
    else
        sqlite3_result_error_code(ctx, rc);
}

int bulletin__fts5_rank_register(fts5_api *api)
{
    return api->xCreateFunction(api, BULLETIN_FTS5_RANK, NULL, bulletin_rank, NULL);
}
