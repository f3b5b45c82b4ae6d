/* export.c - what a copy of the archive elsewhere needs to stay in step:
 * every article's id and digest (store.c keeps the digest of everything
 * stored about an article), so a copier sends only what changed and
 * deletes what is gone. */
#include "config.h"
#include "archive.h"

#include <stdlib.h>

static bulletin_status list_digests(bulletin_archive *a, bulletin_article_digest **out,
                                    size_t *count)
{
    /* A continuation linked to its article is part of that article
     * (bulletin_archive_get_article returns them joined): it is not
     * listed, and the parts' digests are folded into the main article's
     * (modulo a prime, so the sum cannot overflow) so a change to any
     * part changes it. */
    static const char sql[] =
        "SELECT a.id, CASE WHEN p.n IS NULL THEN a.digest"
        " ELSE (a.digest % 1000000007) * 1000003 + p.s END"
        " FROM articles a LEFT JOIN (SELECT main_id, count(*) AS n,"
        "  sum(x.digest % 1000000007) AS s FROM article_parts"
        "  JOIN articles x ON x.id = part_id GROUP BY main_id) p ON p.main_id = a.id"
        " WHERE a.id NOT IN (SELECT part_id FROM article_parts)"
        " ORDER BY a.id";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    bulletin_article_digest *d = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        void *grown = d;
        if (!bulletin__grow(&grown, &cap, n + 1, sizeof *d, 1024, false)) {
            free(d);
            sqlite3_reset(stmt);
            return bulletin__nomem();
        }
        d = grown;
        d[n].id = sqlite3_column_int64(stmt, 0);
        d[n].digest = (uint64_t)sqlite3_column_int64(stmt, 1);
        n++;
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) {
        free(d);
        return bulletin__sqlite_error(a, rc, "listing articles");
    }
    *out = d;
    *count = n;
    return BULLETIN_OK;
}

bulletin_status bulletin_archive_digests(bulletin_article_digest **out, size_t *count,
                                         bulletin_archive *a)
{
    if (!out || !count || !a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "out, count and archive are required");
    *out = NULL;
    *count = 0;
    pthread_mutex_lock(&a->lock);
    bulletin_status st = list_digests(a, out, count);
    pthread_mutex_unlock(&a->lock);
    return st;
}

void bulletin_digests_free(bulletin_article_digest *digests)
{
    free(digests);
}
