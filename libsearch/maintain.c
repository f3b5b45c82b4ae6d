/* maintain.c - keeping an archive safe and fast: online backups,
 * integrity checks, and merging the search index after bulk imports.
 *
 * Both work on a live archive.  The archive is in WAL mode, so a read
 * transaction sees one committed state for as long as it lasts, whatever
 * writers do meanwhile; the backup copies inside one such transaction and
 * therefore produces a snapshot, never a mixture of two states. */
#include "config.h"
#include "archive.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* Backup                                                              */
/* ------------------------------------------------------------------ */

/* True if `dest` names the archive file itself (through any path), which
 * a backup would destroy. */
static bool same_file(const char *archive_path, const char *dest)
{
    struct stat a, d;
    return stat(archive_path, &a) == 0 && stat(dest, &d) == 0 &&
           a.st_dev == d.st_dev && a.st_ino == d.st_ino;
}

/* Record an error about the copy `dest` from SQLite's state on `db`. */
static bulletin_status dest_error(sqlite3 *db, int rc, const char *dest)
{
    if ((rc & 0xFF) == SQLITE_NOMEM)
        return bulletin__nomem();
    return bulletin__error_at(BULLETIN_ERROR_IO, dest, 0, -1,
                              "cannot write the backup %s (%s)", dest,
                              db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
}

/* Copy the archive into the open, empty database `dst` (to become
 * `dest`) and turn it into a self-contained rollback-journal file. */
static bulletin_status copy_into(bulletin_archive *a, sqlite3 *dst, const char *dest)
{
    sqlite3_backup *b = sqlite3_backup_init(dst, "main", a->db, "main");
    if (!b)
        return dest_error(dst, sqlite3_errcode(dst), dest);
    /* All pages in one step: one read transaction on the archive, hence
     * one consistent snapshot.  Writers in WAL mode are not held up. */
    int rc = sqlite3_backup_step(b, -1);
    int frc = sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        /* A failure on the archive's side is reported as the archive's;
         * one on the copy's side (disk full) as the copy's. */
        int src_rc = sqlite3_errcode(a->db);
        if (src_rc != SQLITE_OK && src_rc != SQLITE_DONE && src_rc != SQLITE_ROW)
            return bulletin__sqlite_error(a, src_rc, "backing up the archive");
        return dest_error(dst, rc, dest);
    }
    if (frc != SQLITE_OK)
        return dest_error(dst, frc, dest);
    /* The copied header says WAL; a replica on read-only media must not
     * need -wal and -shm files beside it. */
    rc = sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
    if (rc != SQLITE_OK)
        return dest_error(dst, rc, dest);
    return BULLETIN_OK;
}

bulletin_status bulletin_archive_backup(bulletin_archive *a, const char *dest)
{
    if (!a || !dest || !*dest)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "an archive and a destination path are required");
    if (same_file(a->path, dest))
        return bulletin__error_at(BULLETIN_ERROR_INVALID_ARGUMENT, dest, 0, -1,
                                  "%s is the archive itself; back it up to another file",
                                  dest);
    size_t n = strlen(dest) + sizeof ".partial-XXXXXX";
    char *tmp = malloc(n);
    if (!tmp)
        return bulletin__nomem();
    snprintf(tmp, n, "%s.partial-XXXXXX", dest);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        bulletin_status st = bulletin__error_at(BULLETIN_ERROR_IO, dest, 0, -1,
                                                "cannot write the backup %s: %s", dest,
                                                strerror(errno));
        free(tmp);
        return st;
    }
    close(fd);

    pthread_mutex_lock(&a->lock);
    sqlite3 *dst = NULL;
    bulletin_status st;
    int rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
    if (rc != SQLITE_OK)
        st = dest_error(dst, rc, dest);
    else
        st = copy_into(a, dst, dest);
    pthread_mutex_unlock(&a->lock);
    rc = sqlite3_close(dst);
    if (!st && rc != SQLITE_OK)
        st = dest_error(NULL, rc, dest);
    /* Only a complete copy takes the destination's name. */
    if (!st && rename(tmp, dest) != 0)
        st = bulletin__error_at(BULLETIN_ERROR_IO, dest, 0, -1,
                                "cannot write the backup %s: %s", dest, strerror(errno));
    if (st)
        unlink(tmp);
    free(tmp);
    return st;
}

/* ------------------------------------------------------------------ */
/* Integrity checks                                                    */
/* ------------------------------------------------------------------ */

/* SQLite's own check of every page and index.  Sets *ok; on damage,
 * records in `first` the first problem SQLite listed and counts them. */
static bulletin_status check_database(bulletin_archive *a, int *ok, int *problems,
                                      char *first, size_t size)
{
    sqlite3_stmt *stmt;
    *ok = 0;
    *problems = 0;
    int rc = sqlite3_prepare_v2(a->db, "PRAGMA integrity_check(20)", -1, &stmt, NULL);
    while (stmt && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        const char *row = (const char *)sqlite3_column_text(stmt, 0);
        if (row && !strcmp(row, "ok") && *problems == 0) {
            *ok = 1;
            continue;
        }
        if ((*problems)++ == 0)
            snprintf(first, size, "%s", row ? row : "unknown problem");
    }
    sqlite3_finalize(stmt);
    if (rc == SQLITE_DONE)
        return BULLETIN_OK;
    /* A file damaged badly enough makes the check itself fail. */
    if ((rc & 0xFF) == SQLITE_CORRUPT || (rc & 0xFF) == SQLITE_NOTADB) {
        *ok = 0;
        *problems += 1;
        snprintf(first, size, "%s", sqlite3_errmsg(a->db));
        return BULLETIN_OK;
    }
    return bulletin__sqlite_error(a, rc, "checking the archive");
}

/* FTS5's check of the search index against the articles it indexes. */
static bulletin_status check_index(bulletin_archive *a, int *ok)
{
    int rc = sqlite3_exec(a->db,
                          "INSERT INTO articles_fts(articles_fts, rank) "
                          "VALUES('integrity-check', 1)",
                          NULL, NULL, NULL);
    *ok = rc == SQLITE_OK;
    if (rc == SQLITE_OK || (rc & 0xFF) == SQLITE_CORRUPT)
        return BULLETIN_OK;
    return bulletin__sqlite_error(a, rc, "checking the search index");
}

/* Every article must be in the index exactly once: FTS5 keeps one
 * docsize row per indexed document. */
static bulletin_status count_rows(bulletin_archive *a, int64_t *articles, int64_t *indexed)
{
    sqlite3_stmt *stmt;
    int rc = sqlite3_prepare_v2(a->db,
                                "SELECT (SELECT count(*) FROM articles),"
                                " (SELECT count(*) FROM articles_fts_docsize)",
                                -1, &stmt, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        *articles = sqlite3_column_int64(stmt, 0);
        *indexed = sqlite3_column_int64(stmt, 1);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(stmt);
    if (rc == SQLITE_OK || (rc & 0xFF) == SQLITE_CORRUPT) {
        if (rc != SQLITE_OK)
            *indexed = -1;
        return BULLETIN_OK;
    }
    return bulletin__sqlite_error(a, rc, "counting articles");
}

static bulletin_status run_checks(bulletin_archive *a, bulletin_check_report *r)
{
    char first[512] = "";
    int problems = 0;
    bulletin_status st;
    if ((st = check_database(a, &r->database_ok, &problems, first, sizeof first)))
        return st;
    if (!r->database_ok)
        return bulletin__error_at(BULLETIN_ERROR_ARCHIVE, a->path, 0, -1,
                                  "the archive %s is damaged: SQLite's integrity check found "
                                  "%d problem%s in the database file (first: %s). Restore "
                                  "it from a backup, or index the source files into a new "
                                  "archive", a->path, problems, problems == 1 ? "" : "s",
                                  first);
    if ((st = count_rows(a, &r->articles, &r->indexed)) || (st = check_index(a, &r->index_ok)))
        return st;
    if (r->index_ok && r->indexed != r->articles)
        r->index_ok = 0;
    if (!r->index_ok)
        return bulletin__error_at(BULLETIN_ERROR_ARCHIVE, a->path, 0, -1,
                                  "the search index of %s does not match its %lld articles "
                                  "(the articles themselves are intact). Rebuild the index: "
                                  "sqlite3 %s \".load bulletin\" \"INSERT INTO "
                                  "articles_fts(articles_fts) VALUES('rebuild')\"",
                                  a->path, (long long)r->articles, a->path);
    return BULLETIN_OK;
}

bulletin_status bulletin_archive_check(bulletin_archive *a, bulletin_check_report *out)
{
    bulletin_check_report report;
    memset(&report, 0, sizeof report);
    if (out)
        *out = report;
    if (!a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "archive is NULL");
    if (a->readonly)
        return bulletin__error_at(BULLETIN_ERROR_READONLY, a->path, 0, -1,
                                  "checking %s needs it opened for writing (FTS5's check "
                                  "is a write statement, though it changes nothing)",
                                  a->path);
    pthread_mutex_lock(&a->lock);
    bulletin_status st = run_checks(a, &report);
    pthread_mutex_unlock(&a->lock);
    if (out)
        *out = report;
    return st;
}

/* ------------------------------------------------------------------ */
/* Merging the search index                                            */
/* ------------------------------------------------------------------ */

bulletin_status bulletin_archive_optimize(bulletin_archive *a)
{
    if (!a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "archive is NULL");
    if (a->readonly)
        return bulletin__error_at(BULLETIN_ERROR_READONLY, a->path, 0, -1,
                                  "optimizing %s needs it opened for writing", a->path);
    pthread_mutex_lock(&a->lock);
    /* One transaction: FTS5 writes the merged segment beside the old ones
     * and drops them at commit, so a failure (a full disk) leaves the
     * index as it was. */
    int rc = sqlite3_exec(a->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_exec(a->db, "INSERT INTO articles_fts(articles_fts) VALUES('optimize')",
                          NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL);
        if (rc != SQLITE_OK)
            sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
    }
    bulletin_status st = rc == SQLITE_OK ? BULLETIN_OK
                                         : bulletin__sqlite_error(a, rc,
                                                                  "optimizing the search index");
    /* The merged index passed through the WAL, which is now as large as
     * the index: give the space back if no reader holds it (a reader that
     * does keeps the WAL until SQLite's next checkpoint). */
    if (!st)
        sqlite3_wal_checkpoint_v2(a->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    pthread_mutex_unlock(&a->lock);
    return st;
}
