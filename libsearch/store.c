/* store.c - adding, reading and deleting articles; indexing files.
 *
 * Files are read and checked completely before any of their articles is
 * written, so a malformed file changes nothing and the next file still
 * goes in.  Files are committed in groups (FILES_PER_COMMIT): an
 * interrupted run leaves only whole files, and the FTS5 index is written
 * once per group instead of once per article. */
#include "config.h"
#include "archive.h"
#include "pretok.h"
#include "readahead.h"
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *const kind_names[BULLETIN_KIND_LAST] = {
    [BULLETIN_KIND_NEWS] = "news",
    [BULLETIN_KIND_COMMENTARY] = "commentary",
    [BULLETIN_KIND_ADVERTISEMENT] = "advertisement",
    [BULLETIN_KIND_CONTINUATION] = "continuation",
    [BULLETIN_KIND_OTHER] = "other",
};

const char *bulletin_kind_to_string(bulletin_kind kind)
{
    return (unsigned)kind < BULLETIN_KIND_LAST ? kind_names[kind] : NULL;
}

bulletin_status bulletin_kind_from_string(bulletin_kind *out, const char *name)
{
    for (int k = 0; name && k < BULLETIN_KIND_LAST; k++)
        if (!strcmp(name, kind_names[k])) {
            *out = (bulletin_kind)k;
            return BULLETIN_OK;
        }
    return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                           "unknown article kind '%s' (news, commentary, advertisement, "
                           "continuation, other)", name ? name : "(null)");
}

typedef enum store_outcome { STORED_NEW, STORED_UPDATED, STORED_UNCHANGED } store_outcome;

/* FNV-1a over the stored fields: lets a re-index skip articles whose text
 * has not changed, which is most of them. */
static uint64_t digest_of(const bulletin_article *art)
{
    const char *fields[] = { art->issue_date, art->headline, art->subtitle, art->byline,
                             art->author, art->body, art->source,
                             bulletin_kind_to_string(art->kind) };
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        for (const char *s = fields[f] ? fields[f] : ""; *s; s++)
            h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
        h = (h ^ 0xFF) * 0x100000001b3ULL;  /* field separator */
    }
    h = (h ^ (uint64_t)art->page) * 0x100000001b3ULL;
    h = (h ^ (uint64_t)art->position) * 0x100000001b3ULL;
    return h;
}

/* The longest body an article may have.  A printed page holds about
 * 15 KiB of text, so real articles stay far below this; the limit exists
 * because FTS5's snippet() takes time that grows with the square of the
 * matches in a text (measured: a 256 KiB body of one repeated word takes
 * 12 s to search, 64 KiB 1.5 s), so one absurd "article" would make every
 * search that hits it hang. */
#define MAX_BODY_BYTES (64u * 1024)

bulletin_status bulletin__check_article(const bulletin_article *art)
{
    if (!art || art->version < 1)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "article is NULL or lacks BULLETIN_ARTICLE_VERSION");
    if (!art->body)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "article has no body");
    if (art->issue_date && *art->issue_date && !bulletin__valid_date(art->issue_date))
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "issue date '%s' is not a valid YYYY-MM-DD date",
                               art->issue_date);
    if (strlen(art->body) > MAX_BODY_BYTES)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "an article of %zu bytes is longer than the limit of %u KiB "
                               "(a whole printed page is about 15 KiB): not stored",
                               strlen(art->body), MAX_BODY_BYTES >> 10);
    if (art->page < 0 || art->position < 0)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "page and position cannot be negative");
    if ((unsigned)art->kind >= BULLETIN_KIND_LAST)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "invalid article kind");
    const char *texts[] = { art->headline, art->subtitle, art->byline, art->author,
                            art->body, art->key, art->source };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i] && bulletin_utf8_check(texts[i], strlen(texts[i])) != strlen(texts[i]))
            return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                                   "article text is not valid UTF-8");
    return BULLETIN_OK;
}

/* The stable identity of an article (see bulletin_archive_add_article). */
static bool derive_key(const bulletin_article *art, char *key, size_t size)
{
    int n;
    if (art->key && *art->key)
        n = snprintf(key, size, "%s", art->key);
    else if (art->issue_date && *art->issue_date && art->page > 0)
        n = snprintf(key, size, "%s/p%d/%d", art->issue_date, art->page, art->position);
    else
        n = snprintf(key, size, "%s#%d", art->source ? art->source : "", art->position);
    return n >= 0 && (size_t)n < size;
}

static const char *nonnull(const char *s)
{
    return s ? s : "";
}

/* Bring the FTS5 index up to date with the transaction's changes: one
 * statement for all removals, one for all additions, so FTS5 writes one
 * segment per transaction instead of one per article. */
static bulletin_status flush_index(bulletin_archive *a)
{
    static const char *const steps[] = {
        "INSERT INTO articles_fts(articles_fts, rowid, headline, subtitle, body)"
        " SELECT 'delete', id, headline, subtitle, body FROM temp.fts_stale",
        "INSERT INTO articles_fts(rowid, headline, subtitle, body)"
        " SELECT a.id, a.headline, a.subtitle, a.body"
        " FROM temp.fts_pending p JOIN articles a ON a.id = p.id",
        "DELETE FROM temp.fts_stale",
        "DELETE FROM temp.fts_pending",
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        bulletin_status st = bulletin__run_sql(a, steps[i], 0, "updating the search index");
        if (st)
            return st;
    }
    return BULLETIN_OK;
}

/* Before an article's row changes or goes: keep the text the FTS5 index
 * holds for it (unless it was added in this transaction and so is not in
 * the index yet), and take it off the queue of rows to index. */
static bulletin_status unindex_article(bulletin_archive *a, int64_t id)
{
    static const char *const steps[] = {
        "INSERT OR IGNORE INTO temp.fts_stale(id, headline, subtitle, body)"
        " SELECT id, headline, subtitle, body FROM articles"
        " WHERE id = ?1 AND id NOT IN (SELECT id FROM temp.fts_pending)",
        "DELETE FROM temp.fts_pending WHERE id = ?1",
    };
    for (size_t i = 0; i < 2; i++) {
        bulletin_status st = bulletin__run_sql(a, steps[i], id, "updating the search index");
        if (st)
            return st;
    }
    return BULLETIN_OK;
}

/* Queue an article's current row for indexing at commit. */
static bulletin_status queue_article(bulletin_archive *a, int64_t id)
{
    static const char sql[] = "INSERT OR IGNORE INTO temp.fts_pending(id) VALUES (?1)";
    return bulletin__run_sql(a, sql, id, "updating the search index");
}

/* Store one article with its tags (`tags`, or NULL to tag it here); the
 * caller holds the lock and a transaction. */
static bulletin_status store_article(bulletin_archive *a, const bulletin_article *art,
                                     const bulletin__tags *tags, int64_t *out_id,
                                     store_outcome *outcome)
{
    char key[PATH_MAX + 64];
    if (!derive_key(art, key, sizeof key))
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "article key too long");
    uint64_t digest = digest_of(art);
    static const char find_sql[] = "SELECT id, digest FROM articles WHERE key = ?1";
    static const char insert_sql[] =
        "INSERT INTO articles(key, issue_date, page, position, kind, headline, subtitle,"
        " byline, author, body, source, digest)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    static const char update_sql[] =
        "UPDATE articles SET issue_date=?2, page=?3, position=?4, kind=?5, headline=?6,"
        " subtitle=?7, byline=?8, author=?9, body=?10, source=?11, digest=?12,"
        " indexed_at=strftime('%Y-%m-%dT%H:%M:%SZ','now') WHERE key=?1";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, find_sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(stmt);
    int64_t id = 0;
    bool exists = rc == SQLITE_ROW;
    if (exists) {
        id = sqlite3_column_int64(stmt, 0);
        if ((uint64_t)sqlite3_column_int64(stmt, 1) == digest) {
            sqlite3_reset(stmt);
            *out_id = id;
            *outcome = STORED_UNCHANGED;
            return BULLETIN_OK;
        }
    } else if (rc != SQLITE_DONE) {
        return bulletin__sqlite_error(a, rc, "looking up an article");
    }
    sqlite3_reset(stmt);
    if (exists && (st = unindex_article(a, id)))
        return st;
    if ((st = bulletin__prepare(a, exists ? update_sql : insert_sql, &stmt)))
        return st;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_TRANSIENT);
    bulletin__bind_text(stmt, 2, art->issue_date && *art->issue_date ? art->issue_date : NULL);
    sqlite3_bind_int(stmt, 3, art->page);
    sqlite3_bind_int(stmt, 4, art->position);
    sqlite3_bind_text(stmt, 5, bulletin_kind_to_string(art->kind), -1, SQLITE_STATIC);
    bulletin__bind_text(stmt, 6, nonnull(art->headline));
    bulletin__bind_text(stmt, 7, nonnull(art->subtitle));
    bulletin__bind_text(stmt, 8, nonnull(art->byline));
    bulletin__bind_text(stmt, 9, nonnull(art->author));
    bulletin__bind_text(stmt, 10, art->body);
    bulletin__bind_text(stmt, 11, art->source);
    sqlite3_bind_int64(stmt, 12, (int64_t)digest);
    rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return bulletin__sqlite_error(a, rc, "storing an article");
    *out_id = exists ? id : sqlite3_last_insert_rowid(a->db);
    *outcome = exists ? STORED_UPDATED : STORED_NEW;
    if (a->tokenize_ahead) {  /* in FTS5's column order, while we tag */
        bulletin__pretok_queue(a->pretok, art->body, strlen(art->body));
        bulletin__pretok_queue(a->pretok, nonnull(art->headline), strlen(nonnull(art->headline)));
        bulletin__pretok_queue(a->pretok, nonnull(art->subtitle), strlen(nonnull(art->subtitle)));
    }
    bulletin_status tag_st = bulletin__store_tags(a, *out_id, art, tags);
    if (tag_st)
        return tag_st;
    return queue_article(a, *out_id);
}

static bulletin_status begin(bulletin_archive *a)
{
    if (a->readonly)
        return bulletin__error_at(BULLETIN_ERROR_READONLY, a->path, 0, -1,
                                  "the archive %s is open read-only", a->path);
    int rc = sqlite3_exec(a->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    return rc == SQLITE_OK ? BULLETIN_OK
                           : bulletin__sqlite_error(a, rc, "starting a transaction");
}

static bulletin_status finish(bulletin_archive *a, bulletin_status st)
{
    if (st == BULLETIN_OK)
        st = flush_index(a);
    bulletin__pretok_clear(a->pretok);
    if (st == BULLETIN_OK) {
        int rc = sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return BULLETIN_OK;
        st = bulletin__sqlite_error(a, rc, "committing");
    }
    /* Keep the first error's message: ROLLBACK cannot fail in a way that
     * matters more to the user. */
    sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
    return st;
}

bulletin_status bulletin_archive_add_article(bulletin_archive *a,
                                             const bulletin_article *art,
                                             int64_t *out_id, int *out_created)
{
    if (!a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "archive is NULL");
    bulletin_status st = bulletin__check_article(art);
    if (st)
        return st;
    pthread_mutex_lock(&a->lock);
    int64_t id = 0;
    store_outcome outcome = STORED_UNCHANGED;
    if (!(st = begin(a)))
        st = finish(a, store_article(a, art, NULL, &id, &outcome));
    pthread_mutex_unlock(&a->lock);
    if (st)
        return st;
    if (out_id)
        *out_id = id;
    if (out_created)
        *out_created = outcome == STORED_NEW;
    return BULLETIN_OK;
}

void bulletin_article_free(bulletin_article *art)
{
    if (!art)
        return;
    free((char *)art->key);
    free((char *)art->issue_date);
    free((char *)art->headline);
    free((char *)art->subtitle);
    free((char *)art->byline);
    free((char *)art->author);
    free((char *)art->body);
    free((char *)art->source);
    free(art);
}

bulletin_status bulletin_archive_get_article(bulletin_article **out,
                                             bulletin_archive *a, int64_t id)
{
    if (out)
        *out = NULL;
    if (!out || !a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "out and archive are required");
    static const char sql[] =
        "SELECT key, issue_date, page, position, kind, headline, subtitle, byline,"
        " author, body, source FROM articles WHERE id = ?1";
    pthread_mutex_lock(&a->lock);
    sqlite3_stmt *stmt;
    int64_t main_id;
    bulletin_status st = bulletin__jumps_main(a, id, &main_id);
    if (st || (st = bulletin__prepare(a, sql, &stmt)))
        goto done;
    sqlite3_bind_int64(stmt, 1, main_id);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) {
        st = bulletin__error(BULLETIN_ERROR_NOT_FOUND, "no article with id %lld",
                             (long long)id);
    } else if (rc != SQLITE_ROW) {
        st = bulletin__sqlite_error(a, rc, "reading an article");
    } else {
        bulletin_article *art = calloc(1, sizeof *art);
        if (!art) {
            st = bulletin__nomem();
            goto done;
        }
        art->version = BULLETIN_ARTICLE_VERSION;
        art->id = main_id;
        art->key = bulletin__column_dup(stmt, 0);
        art->issue_date = bulletin__column_dup(stmt, 1);
        art->page = sqlite3_column_int(stmt, 2);
        art->position = sqlite3_column_int(stmt, 3);
        const char *kind = (const char *)sqlite3_column_text(stmt, 4);
        if (!kind || bulletin_kind_from_string(&art->kind, kind))
            art->kind = BULLETIN_KIND_OTHER;
        art->headline = bulletin__column_dup(stmt, 5);
        art->subtitle = bulletin__column_dup(stmt, 6);
        art->byline = bulletin__column_dup(stmt, 7);
        art->author = bulletin__column_dup(stmt, 8);
        art->body = bulletin__column_dup(stmt, 9);
        art->source = bulletin__column_dup(stmt, 10);
        if (!art->key || !art->issue_date || !art->headline || !art->subtitle ||
            !art->byline || !art->author || !art->body || !art->source) {
            bulletin_article_free(art);
            st = bulletin__nomem();
        } else {
            sqlite3_reset(stmt);
            st = bulletin__jumps_join_bodies(a, main_id, (char **)&art->body);
            if (st)
                bulletin_article_free(art);
            else
                *out = art;
        }
    }
done:
    pthread_mutex_unlock(&a->lock);
    return st;
}

static bulletin_status delete_locked(bulletin_archive *a, int64_t id)
{
    static const char sql[] = "DELETE FROM articles WHERE id = ?1";
    sqlite3_stmt *stmt;
    bulletin_status st = unindex_article(a, id);
    if (st || (st = bulletin__prepare(a, sql, &stmt)))
        return st;
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        return bulletin__sqlite_error(a, rc, "deleting an article");
    if (sqlite3_changes(a->db) == 0)
        return bulletin__error(BULLETIN_ERROR_NOT_FOUND, "no article with id %lld",
                               (long long)id);
    return BULLETIN_OK;
}

bulletin_status bulletin_archive_delete_article(bulletin_archive *a, int64_t id)
{
    if (!a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "archive is NULL");
    pthread_mutex_lock(&a->lock);
    bulletin_status st = begin(a);
    if (!st)
        st = finish(a, delete_locked(a, id));
    pthread_mutex_unlock(&a->lock);
    return st;
}

/* ---------------------------------------------------------------- files */

static int compare_ids(const void *x, const void *y)
{
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    return (a > b) - (a < b);
}

/* Remove the articles an earlier version of `source` had and this one
 * lacks.  `ids` (sorted) are the articles just stored. */
static bulletin_status remove_stale(bulletin_archive *a, const char *source,
                                    const int64_t *ids, size_t n, size_t *removed)
{
    static const char sql[] = "SELECT id FROM articles WHERE source = ?1";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, source, -1, SQLITE_TRANSIENT);
    int64_t *stale = NULL;
    size_t count = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(stmt, 0);
        if (bsearch(&id, ids, n, sizeof *ids, compare_ids))
            continue;
        void *grown = stale;
        if (!bulletin__grow(&grown, &cap, count + 1, sizeof *stale, 16, false)) {
            free(stale);
            sqlite3_reset(stmt);
            return bulletin__nomem();
        }
        stale = grown;
        stale[count++] = id;
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE)
        st = bulletin__sqlite_error(a, rc, "finding stale articles");
    for (size_t i = 0; i < count && !st; i++)
        st = delete_locked(a, stale[i]);
    free(stale);
    if (!st)
        *removed = count;
    return st;
}

/* Files are stored in one transaction per group of files, committed
 * after this many files or bytes of text.  FTS5 writes an index segment
 * at every commit and at every SAVEPOINT, so committing (or
 * savepointing) each page of seven articles would make SQLite the slowest
 * stage by far; and the fewer the segments, the less merging.  256 pages
 * (about 2,500 articles, 2-3 s of work) took 12% less CPU than 64 over
 * 29,000 articles; a concurrent writer waits that long at most, well
 * within the 10 s busy timeout. */
#define FILES_PER_COMMIT 256
#define BYTES_PER_COMMIT (16u * 1024 * 1024)

/* A file stored in the open transaction, reported once it is committed. */
typedef struct pending_file {
    char *path;
    char encoding[32];
    const char *format;
    char first_warning[512];
    bulletin_file_report counts;
} pending_file;

/* Count the file's articles by kind, for the report. */
static void count_kinds(const bulletin_batch *batch, bulletin_file_report *report)
{
    for (size_t i = 0; i < batch->count; i++) {
        bulletin_kind kind = batch->articles[i].kind;
        report->advertisements += kind == BULLETIN_KIND_ADVERTISEMENT;
        report->continuations += kind == BULLETIN_KIND_CONTINUATION;
        report->articles += kind != BULLETIN_KIND_ADVERTISEMENT &&
                            kind != BULLETIN_KIND_CONTINUATION;
    }
}

/* Link the parts of every issue the batch has jump lines in (the ids are
 * sorted; the batch's own articles may be the first or the last part). */
static bulletin_status relink_batch(bulletin_archive *a, const bulletin_batch *batch,
                                    const int64_t *ids, bulletin_file_report *report)
{
    const char *done = NULL;
    for (size_t i = 0; i < batch->count; i++) {
        const char *date = batch->articles[i].issue_date;
        if (!batch->jumps || (!batch->jumps[i].from_page && !batch->jumps[i].to_page) ||
            !date || (done && !strcmp(done, date)))
            continue;
        bulletin_status st = bulletin__jumps_relink(a, date, ids, batch->count,
                                                    &report->jumps_linked);
        if (st)
            return st;
        done = date;
    }
    return BULLETIN_OK;
}


typedef struct index_run {
    bulletin_archive *archive;
    const bulletin_index_options *opts;
    bulletin__readahead *ahead;     /* the files found and not stored yet */
    bulletin_index_stats stats;
    bool in_transaction;
    pending_file pending[FILES_PER_COMMIT];
    size_t pending_count;
    size_t pending_bytes;
    bulletin_status first_error;
    bulletin_error saved;           /* the first error, to return at the end */
    char saved_message[1024];
    char saved_path[PATH_MAX];
} index_run;

static void note_error(index_run *run, bulletin_status st)
{
    if (run->first_error)
        return;
    const bulletin_error *e = bulletin_error_last();
    run->first_error = st;
    run->saved = *e;
    snprintf(run->saved_message, sizeof run->saved_message, "%s", e->message);
    snprintf(run->saved_path, sizeof run->saved_path, "%s", e->path ? e->path : "");
}

/* Tell the caller how one file went, and count it. */
static void report_file(index_run *run, bulletin_status st, bulletin_file_report *report)
{
    if (st) {
        /* Make sure the message names the file. */
        const bulletin_error *e = bulletin_error_last();
        if (!e->path)
            bulletin__error_at(st, report->path, 0, -1, "%s: %s", report->path, e->message);
        note_error(run, st);
        run->stats.files_failed++;
    } else {
        run->stats.files++;
        run->stats.articles_added += report->articles_added;
        run->stats.articles_updated += report->articles_updated;
        run->stats.articles_unchanged += report->articles_unchanged;
        run->stats.articles_removed += report->articles_removed;
    }
    if (run->opts && run->opts->on_file)
        run->opts->on_file(run->opts->ctx, st, report, st ? bulletin_error_last() : NULL);
}

/* End the open transaction: commit it when `st` is OK, else roll it back,
 * and report every file it held (as failed, if it was rolled back). */
static void end_transaction(index_run *run, bulletin_status st)
{
    if (!run->in_transaction)
        return;
    run->in_transaction = false;
    st = finish(run->archive, st);
    char why[1024];
    snprintf(why, sizeof why, "%s", bulletin_error_last()->message);
    for (size_t i = 0; i < run->pending_count; i++) {
        pending_file *f = &run->pending[i];
        f->counts.path = f->path;
        f->counts.format = f->format;
        f->counts.encoding = f->encoding;
        if (f->counts.first_warning)
            f->counts.first_warning = f->first_warning;
        if (st)
            bulletin__error_at(st, f->path, 0, -1, "%s: not stored: %s", f->path, why);
        report_file(run, st, &f->counts);
        free(f->path);
    }
    run->pending_count = run->pending_bytes = 0;
}

/* Store a file's articles (already checked) in the open transaction.
 * On an SQLite error the caller rolls the transaction back. */
static bulletin_status store_batch(bulletin_archive *a, const bulletin_batch *batch,
                                   const bulletin__tags *tags, const char *source,
                                   bulletin_file_report *report)
{
    bulletin_status st = BULLETIN_OK;
    int64_t *ids = malloc((batch->count + 1) * sizeof *ids);
    if (!ids)
        st = bulletin__nomem();
    for (size_t i = 0; i < batch->count && !st; i++) {
        store_outcome outcome;
        if ((st = store_article(a, &batch->articles[i], tags ? &tags[i] : NULL, &ids[i],
                                &outcome)) ||
            (st = bulletin__jumps_save(a, ids[i], batch->jumps ? &batch->jumps[i] : NULL)))
            break;
        report->articles_added += outcome == STORED_NEW;
        report->articles_updated += outcome == STORED_UPDATED;
        report->articles_unchanged += outcome == STORED_UNCHANGED;
    }
    if (!st) {
        qsort(ids, batch->count, sizeof *ids, compare_ids);
        st = remove_stale(a, source, ids, batch->count, &report->articles_removed);
    }
    if (!st)
        st = relink_batch(a, batch, ids, report);
    if (!st)
        count_kinds(batch, report);
    free(ids);
    return st;
}

/* Store the oldest file found (read, checked and perhaps tagged by the
 * read-ahead), or report why it cannot be.  False when none is left. */
static bool store_next_file(index_run *run)
{
    bulletin_archive *a = run->archive;
    bulletin__ready_file *f = bulletin__readahead_take(run->ahead);
    if (!f)
        return false;
    bulletin_file_report report;
    memset(&report, 0, sizeof report);
    report.path = f->path;
    bulletin_batch *batch = &f->batch;
    bulletin_status st = BULLETIN_OK;
    if (!f->was_read) {           /* nothing written: report it now */
        report_file(run, bulletin__ready_error(f), &report);
        goto done;
    }
    report.format = batch->format;
    report.encoding = batch->encoding;
    report.warnings = batch->warnings;
    report.first_warning = batch->warnings ? batch->first_warning : NULL;
    if (!run->in_transaction) {
        if ((st = begin(a))) {
            report_file(run, st, &report);
            goto done;
        }
        run->in_transaction = true;
    }
    /* Articles were checked before anything is written: a malformed one
     * fails its file alone. */
    if (f->status) {
        report_file(run, bulletin__ready_error(f), &report);
        goto done;
    }
    st = store_batch(a, batch, f->tags, f->source, &report);
    pending_file *p = &run->pending[run->pending_count];
    p->path = bulletin__strdup(f->path);
    if (!st && !p->path)
        st = bulletin__nomem();
    if (st) {
        free(p->path);
        /* The transaction is unusable: roll it back with its other files,
         * which are reported as not stored, then this file. */
        end_transaction(run, st);
        report_file(run, st, &report);
        goto done;
    }
    snprintf(p->encoding, sizeof p->encoding, "%s", batch->encoding);
    snprintf(p->first_warning, sizeof p->first_warning, "%s", batch->first_warning);
    p->format = batch->format;
    p->counts = report;
    run->pending_count++;
    run->pending_bytes += f->text_bytes;
    /* Tag ahead while files bring new text; a re-run over unchanged
     * files would only waste the tags. */
    bulletin__readahead_tag_ahead(run->ahead,
                                  report.articles_added + report.articles_updated > 0);
    if (run->pending_count == FILES_PER_COMMIT || run->pending_bytes >= BYTES_PER_COMMIT)
        end_transaction(run, BULLETIN_OK);
done:
    bulletin__readahead_release(run->ahead, f);
    return true;
}

/* Files found and not stored yet: the read-ahead's room to work in. */
#define FILES_AHEAD FILES_PER_COMMIT

/* Queue a file the walk found (or, when `failed`, the last error about
 * it), storing the oldest when the queue is full. */
static void found_file(index_run *run, const char *path, bool failed)
{
    bulletin_status st = failed ? bulletin__readahead_add_failed(run->ahead, path)
                                : bulletin__readahead_add(run->ahead, path);
    if (st)
        note_error(run, st);
    while (bulletin__readahead_queued(run->ahead) > FILES_AHEAD)
        store_next_file(run);
}

/* Files a folder walk picks up; a file named outright is always read. */
static bool indexable_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot && (!strcasecmp(dot, ".txt") || !strcasecmp(dot, ".xml"));
}

static int by_name(const struct dirent **x, const struct dirent **y)
{
    return strcmp((*x)->d_name, (*y)->d_name);
}

static void index_path(index_run *run, const char *path, int depth, bool named)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1, "%s: %s", path, strerror(errno));
        found_file(run, path, true);
        return;
    }
    if (!S_ISDIR(sb.st_mode)) {
        if (named || (S_ISREG(sb.st_mode) && indexable_name(path)))
            found_file(run, path, false);
        return;
    }
    if (depth > 32)  /* a symlink loop, most likely */
        return;
    struct dirent **entries;
    int n = scandir(path, &entries, NULL, by_name);
    if (n < 0) {
        bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1, "%s: %s", path, strerror(errno));
        found_file(run, path, true);
        return;
    }
    for (int i = 0; i < n; i++) {
        if (entries[i]->d_name[0] != '.') {
            size_t len = strlen(path) + strlen(entries[i]->d_name) + 2;
            char *child = malloc(len);
            if (child) {
                snprintf(child, len, "%s/%s", path, entries[i]->d_name);
                index_path(run, child, depth + 1, false);
                free(child);
            } else {
                note_error(run, bulletin__nomem());
            }
        }
        free(entries[i]);
    }
    free(entries);
}

/* The read-ahead of the run: on a helper thread that also tags, when
 * `threaded`; else files are read when stored and tagged as they are
 * stored, all on this thread. */
static bulletin_status start_run(index_run *run, bool threaded)
{
    bulletin_archive *a = run->archive;
    bulletin_tagger *tagger = NULL;
    /* Without a usable tagger files are tagged when stored, which
     * reports its error for each file as before. */
    if (threaded && bulletin__tagger_get(a, &tagger))
        tagger = NULL;
    return bulletin__readahead_new(&run->ahead, run->opts, tagger, a->tokenizer, threaded);
}

bulletin_status bulletin_archive_index(bulletin_archive *a, const char *path,
                                       const bulletin_index_options *opts,
                                       bulletin_index_stats *out_stats)
{
    if (out_stats)
        memset(out_stats, 0, sizeof *out_stats);
    if (!a || !path)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "archive and path are required");
    if (opts && opts->version < 1)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "index options lack BULLETIN_INDEX_OPTIONS_VERSION");
    if (opts && opts->issue_date && !bulletin__valid_date(opts->issue_date))
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "issue date '%s' is not a valid YYYY-MM-DD date",
                               opts->issue_date);
    if (opts && opts->page < 0)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "page cannot be negative");
    if (a->readonly)
        return bulletin__error_at(BULLETIN_ERROR_READONLY, a->path, 0, -1,
                                  "the archive %s is open read-only", a->path);
    index_run run;
    memset(&run, 0, sizeof run);
    run.archive = a;
    run.opts = opts;
    pthread_mutex_lock(&a->lock);
    bool threaded = !opts || opts->version < 2 || opts->threads != 1;
    bulletin_status st = start_run(&run, threaded);
    if (!st) {
        a->tokenize_ahead = threaded;
        index_path(&run, path, 0, true);
        while (store_next_file(&run))
            ;
        end_transaction(&run, BULLETIN_OK);
        a->tokenize_ahead = false;
    }
    bulletin__readahead_free(run.ahead);
    pthread_mutex_unlock(&a->lock);
    if (st)
        return st;
    if (out_stats)
        *out_stats = run.stats;
    if (run.first_error)
        return bulletin__error_at(run.first_error,
                                  run.saved_path[0] ? run.saved_path : NULL,
                                  run.saved.line, run.saved.offset, "%s",
                                  run.saved_message);
    return BULLETIN_OK;
}
