/* fts5_collect.c - bulletin_collect(), which hands every row a MATCH finds
 * to the library inside one statement step, and bulletin_match_set(),
 * which gives those rows as a set without walking the statement at all.
 *
 * Reading half a million matches row by row costs more in sqlite3_step()
 * and sqlite3_column_*() (a mutex, checks and a return per row) than FTS5
 * spends finding them: 80 ms against 37 ms for count(*) over the same
 * rows.  Called as an auxiliary function in a filter that nothing passes,
 *
 *   SELECT 1 FROM articles_fts WHERE articles_fts MATCH ?
 *    AND rowid >= ? AND rowid <= ? AND bulletin_collect(articles_fts, ?sink) = 0
 *
 * it is evaluated once per row within SQLite's loop and adds the row to
 * the sink's matches (rank.h), with the article's facts from the
 * in-memory index, while the statement returns no row at all.  (FTS5
 * refuses its functions inside an aggregate such as count().) */
#include "config.h"
#include "fts5_tokenizer.h"
#include "internal.h"
#include "rank.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static void bulletin_collect(const Fts5ExtensionApi *api, Fts5Context *fts,
                             sqlite3_context *ctx, int nargs, sqlite3_value **args)
{
    bulletin__collect_sink *sink =
        nargs > 0 ? sqlite3_value_pointer(args[0], BULLETIN_FTS5_COLLECT_SINK) : NULL;
    if (!sink) {
        sqlite3_result_error(ctx, "bulletin_collect: no sink", -1);
        return;
    }
    if (bulletin__matches_add_indexed(sink->matches, sink->index, sink->filter,
                                      api->xRowid(fts), 0.0) < 0) {
        sink->failed = true;
        sqlite3_result_error_nomem(ctx);
        return;
    }
    sqlite3_result_int(ctx, 1);
}

/* ------------------------------------------------------- bulletin_match_set
 *
 * Every phrase of the statement's expression is walked once through
 * xQueryPhrase(), a loop inside FTS5 that hands each of the phrase's
 * rows to a callback (in rowid order), and the sets are combined as the
 * program says (query/match_set.c).  The statement itself only has to
 * find its first row for the function to be called. */

static int add_phrase_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *vset)
{
    sqlite3_int64 row = api->xRowid(fts);
    if (row < 0)   /* articles' ids are positive; a set has no place for it */
        return SQLITE_RANGE;
    return bulletin__row_set_add(vset, row) ? SQLITE_OK : SQLITE_NOMEM;
}

/* a = a op b; b is left as it was. */
static bool combine(bulletin__row_set *a, const bulletin__row_set *b, char op)
{
    size_t common = a->n < b->n ? a->n : b->n;
    switch (op) {
    case '&':
        for (size_t i = 0; i < common; i++)
            a->words[i] &= b->words[i];
        a->n = common;   /* past b's end, a & b is empty */
        return true;
    case '-':
        for (size_t i = 0; i < common; i++)
            a->words[i] &= ~b->words[i];
        return true;
    case '|': {
        /* Doubling could leave a larger than b (the extra words zero); it
         * does not, as every set doubles from the same first size
         * (bulletin__row_set_add) and an empty a takes b's size. */
        void *words = a->words;
        if (!bulletin__grow(&words, &a->n, b->n, sizeof *a->words, b->n, true))
            return false;
        a->words = words;
        for (size_t i = 0; i < b->n; i++)
            a->words[i] |= b->words[i];
        return true;
    }
    }
    return false;
}

/* Run the sink's program; the result is left in stack[0]. */
static int run_program(const Fts5ExtensionApi *api, Fts5Context *fts, const char *program,
                       bulletin__row_set *stack)
{
    size_t depth = 0;
    int phrase = 0, rc = SQLITE_OK;
    for (const char *step = program; *step && rc == SQLITE_OK; step++) {
        if (*step == 'P') {
            rc = api->xQueryPhrase(fts, phrase++, &stack[depth++], add_phrase_row);
            continue;
        }
        if (depth < 2)
            return SQLITE_MISUSE;
        depth--;
        if (!combine(&stack[depth - 1], &stack[depth], *step))
            rc = strchr("&|-", *step) ? SQLITE_NOMEM : SQLITE_MISUSE;
        free(stack[depth].words);
        stack[depth] = (bulletin__row_set){ NULL, 0 };
    }
    return rc != SQLITE_OK ? rc : depth == 1 ? SQLITE_OK : SQLITE_MISUSE;
}

static void bulletin_match_set(const Fts5ExtensionApi *api, Fts5Context *fts,
                               sqlite3_context *ctx, int nargs, sqlite3_value **args)
{
    bulletin__set_sink *sink =
        nargs > 0 ? sqlite3_value_pointer(args[0], BULLETIN_FTS5_SET_SINK) : NULL;
    if (!sink || !sink->program || sink->rows.words) {
        sqlite3_result_error(ctx, "bulletin_match_set: no sink, or called twice", -1);
        return;
    }
    /* The program must be this expression's: one 'P' per phrase. */
    int phrases = 0;
    for (const char *step = sink->program; *step; step++)
        phrases += *step == 'P';
    if (phrases == 0 || phrases != api->xPhraseCount(fts)) {
        sink->rc = SQLITE_MISUSE;
        sqlite3_result_error(ctx, "bulletin_match_set: the program is not the expression's", -1);
        return;
    }
    bulletin__row_set *stack = calloc((size_t)phrases, sizeof *stack);
    int rc = stack ? run_program(api, fts, sink->program, stack) : SQLITE_NOMEM;
    if (rc == SQLITE_OK) {
        sink->rows = stack[0];
        stack[0] = (bulletin__row_set){ NULL, 0 };
    }
    for (int i = 0; stack && i < phrases; i++)
        free(stack[i].words);
    free(stack);
    sink->rc = rc;
    if (rc != SQLITE_OK)
        sqlite3_result_error_code(ctx, rc);
    else
        sqlite3_result_int(ctx, 1);
}

int bulletin__fts5_collect_register(fts5_api *api)
{
    int rc = api->xCreateFunction(api, BULLETIN_FTS5_COLLECT, NULL, bulletin_collect, NULL);
    if (rc == SQLITE_OK)
        rc = api->xCreateFunction(api, BULLETIN_FTS5_MATCH_SET, NULL, bulletin_match_set, NULL);
    return rc;
}
