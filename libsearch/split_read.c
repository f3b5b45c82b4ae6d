/* split_read.c - reading every match of a large search on two cores.
 *
 * Counting facets over half a million matches is mostly FTS5 walking its
 * doclists, one row at a time, on one core.  FTS5 can start a walk at any
 * rowid, so the rowid range is cut in two: a second, read-only connection
 * to the same file walks the upper half on a helper thread while the
 * archive's own connection walks the lower half, and the two lists are
 * joined (lower first, so rowids stay in order) and folded.
 *
 * Both connections read the file as it is when their walk starts.  A
 * write committed by another process between those two moments would
 * show in one half and not in the other: the counts then mix the states
 * just before and after that write, which is all a search running while
 * the archive changes can promise anyway.  When this connection has a
 * transaction open, its own uncommitted changes would be missed by the
 * second connection, so the read is not split. */
#include "config.h"
#include "archive.h"
#include "facets.h"
#include "fts5_tokenizer.h"
#include "rank.h"
#include "split_read.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t bulletin__split_read_after = 100000;


/* The second connection, opened on first use and kept with the handle. */
static sqlite3 *second_connection(bulletin_archive *a)
{
    if (a->second_db || a->second_db_failed)
        return a->second_db;
    sqlite3 *db = NULL;
    bool ok = a->path &&
              sqlite3_open_v2(a->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                              NULL) == SQLITE_OK &&
              bulletin__fts5_register(db) == SQLITE_OK &&
              sqlite3_exec(db, "PRAGMA cache_size=-32768", NULL, NULL, NULL) == SQLITE_OK;
    if (!ok) {   /* not fatal: the search reads on one core */
        sqlite3_close(db);
        a->second_db_failed = true;
        return NULL;
    }
    a->second_db = db;
    return db;
}

typedef struct half {
    bulletin_archive *archive;
    sqlite3 *db;
    int upper;
    const char *match;
    int64_t mid;
    int64_t end;           /* the far end of this half: lo or hi */
    const bulletin__tag_index *index;
    const bulletin__fact_filter *filter;
    bulletin__matches rows;
    bulletin_status status;
    char message[512];     /* the helper's error, for the caller's thread */
} half;

/* The lower half is [end, mid], the upper (mid, end]. */
static bulletin_status read_half(half *h)
{
    int64_t lo = h->upper ? h->mid + 1 : h->end, hi = h->upper ? h->end : h->mid;
    int rc = bulletin__matches_collect(h->db, h->match, lo, hi, h->index, h->filter, &h->rows);
    if (rc == SQLITE_NOMEM)
        return bulletin__nomem();
    if (rc != SQLITE_OK)
        return bulletin__error(BULLETIN_ERROR_IO, "cannot read the archive's index: %s",
                               sqlite3_errmsg(h->db));
    return BULLETIN_OK;
}

static void *read_upper_half(void *vh)
{
    half *h = vh;
    h->status = read_half(h);
    if (h->status)   /* errors are per thread: carry the words over */
        snprintf(h->message, sizeof h->message, "%s", bulletin_error_last()->message);
    return NULL;
}

/* The helper's rows after the caller's; the helper's buffer is freed. */
static bulletin_status join(bulletin__matches *m, bulletin__matches *upper)
{
    if (m->n + upper->n > m->cap) {
        bulletin__match *grown = realloc(m->rows, (m->n + upper->n) * sizeof *grown);
        if (!grown)
            return bulletin__nomem();
        m->rows = grown;
        m->cap = m->n + upper->n;
    }
    if (upper->n)
        memcpy(m->rows + m->n, upper->rows, upper->n * sizeof *upper->rows);
    m->n += upper->n;
    m->read += upper->read;
    return BULLETIN_OK;
}

bool bulletin__split_read_pays(bulletin_archive *a, size_t expected)
{
    return expected >= bulletin__split_read_after && sqlite3_get_autocommit(a->db) &&
           second_connection(a) != NULL;
}

bulletin_status bulletin__split_read(bulletin_archive *a, const char *match, int64_t lo,
                                     int64_t hi, const bulletin__tag_index *index,
                                     const bulletin__fact_filter *filter, bulletin__matches *m)
{
    int64_t mid = lo + (hi - lo) / 2;
    half upper = { a, a->second_db, 1, match, mid, hi, index, filter,
                   BULLETIN_MATCHES_INIT, BULLETIN_OK, "" };
    half lower = { a, a->db, 0, match, mid, lo, index, filter, *m, BULLETIN_OK, "" };
    pthread_t thread;
    bool threaded = pthread_create(&thread, NULL, read_upper_half, &upper) == 0;
    lower.status = read_half(&lower);
    if (threaded)
        pthread_join(thread, NULL);
    else
        read_upper_half(&upper);   /* no thread to be had: one after the other */
    *m = lower.rows;
    bulletin_status st = lower.status;
    if (!st && upper.status)
        st = bulletin__error(upper.status, "%s", upper.message);
    if (!st)
        st = join(m, &upper.rows);
    bulletin__matches_free(&upper.rows);
    if (!st)
        st = bulletin__matches_fold(m);
    m->complete = true;
    return st;
}
