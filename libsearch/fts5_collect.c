/* fts5_collect.c - bulletin_collect(), which hands every row a MATCH finds
 * to the library inside one statement step.
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
#include "rank.h"

#include <sqlite3.h>

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

int bulletin__fts5_collect_register(fts5_api *api)
{
    return api->xCreateFunction(api, BULLETIN_FTS5_COLLECT, NULL, bulletin_collect, NULL);
}
