/* archive.c - the SQLite file: open, schema and versions, storing and
 * deleting articles, indexing files and folders.
 *
 * Tables (schema version 3; version 2 had no trigram terms in the index,
 * version 1 also had the FTS5 columns in another order):
 *   meta(key, value)        application facts (creator, creation time)
 *   articles(...)           one row per article, its original text and
 *                           metadata; `key` is its stable identity
 *   articles_fts            FTS5 over body, headline, subtitle, external
 *                           content from articles, kept in step by the
 *                           library (store.c); after editing articles with
 *                           plain SQL, run INSERT INTO articles_fts(articles_fts)
 *                           VALUES('rebuild')
 *   jumps(article_id, direction, page)
 *                           the jump lines of page text: 'to' page 3 for
 *                           "（下转第3版）", 'from' page 1 for "（上接第1版）"
 *   article_parts(part_id, main_id)
 *                           a continuation and the article it continues
 *                           (jumps.c links them); both go with their
 *                           articles when those are deleted
 *   article_facts           the narrow columns filters read (date, page,
 *                           kind, author), kept in step by triggers
 *   article_districts, article_topics, article_events
 *                           tags written by the tagger (retag.c)
 * PRAGMA application_id marks the file as ours; PRAGMA user_version holds
 * the schema version. */
#include "config.h"
#include "archive.h"
#include "fts5_tokenizer.h"
#include "pretok.h"
#include "facets.h"
#include "ingest/ingest.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How long a writer waits for another process's transaction. */
#define BUSY_TIMEOUT_MS 10000

static const char *const schema_sql =
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE articles("
    "  id INTEGER PRIMARY KEY,"
    "  key TEXT NOT NULL UNIQUE,"
    "  issue_date TEXT,"
    "  page INTEGER NOT NULL DEFAULT 0,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  kind TEXT NOT NULL DEFAULT 'news',"
    "  headline TEXT NOT NULL DEFAULT '',"
    "  subtitle TEXT NOT NULL DEFAULT '',"
    "  byline TEXT NOT NULL DEFAULT '',"
    "  author TEXT NOT NULL DEFAULT '',"
    "  body TEXT NOT NULL,"
    "  source TEXT,"
    "  digest INTEGER NOT NULL,"
    "  indexed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')));"
    "CREATE INDEX articles_by_date ON articles(issue_date, page, position);"
    "CREATE INDEX articles_by_source ON articles(source);"
    /* Body first: FTS5 writes a column number before the positions of
     * every column but the first, in every (term, article) entry of the
     * index.  Nearly all entries are the body's, and most hold a single
     * position, so putting the body first makes the whole index about a
     * quarter smaller (schema 1 had headline first; make bench). */
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    "  body, headline, subtitle,"
    "  content='articles', content_rowid='id',"
    "  tokenize='" BULLETIN_FTS5_TOKENIZER " " BULLETIN_FTS5_WORD_TRIGRAMS "');"
    /* A headline match outranks a body match; stored in the table so that
     * plain-SQL users get the same ranking with ORDER BY rank. */
    "INSERT INTO articles_fts(articles_fts, rank) VALUES('rank', 'bm25(1.0, 10.0, 5.0)');"
    "CREATE TABLE jumps("
    "  article_id INTEGER NOT NULL,"
    "  direction TEXT NOT NULL CHECK (direction IN ('from', 'to')),"
    "  page INTEGER NOT NULL,"
    "  PRIMARY KEY (article_id, direction)) WITHOUT ROWID;"
    "CREATE TABLE article_parts("
    "  part_id INTEGER PRIMARY KEY,"
    "  main_id INTEGER NOT NULL);"
    "CREATE INDEX article_parts_by_main ON article_parts(main_id);"
    "CREATE TRIGGER articles_ad_parts AFTER DELETE ON articles BEGIN"
    "  DELETE FROM jumps WHERE article_id = old.id;"
    "  DELETE FROM article_parts WHERE part_id = old.id OR main_id = old.id;"
    "END;"
    /* Facets and filters (retag.c, search.c).  Search filters and counts
     * hits by joining these narrow tables to the rowids FTS5 matched, so
     * that no filter or facet ever reads the wide articles rows (their
     * pages are mostly article text).  article_facts mirrors the columns
     * filters need and is kept in step by triggers; the tag tables are
     * written by the tagger. */
    "CREATE TABLE article_facts("
    "  article_id INTEGER PRIMARY KEY,"
    "  issue_date TEXT,"
    "  page INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  author TEXT NOT NULL);"
    "CREATE INDEX article_facts_by_date ON article_facts(issue_date);"
    "CREATE TABLE article_districts("
    "  article_id INTEGER NOT NULL,"
    "  district TEXT NOT NULL,"          /* 西城区, or 北京市 for the city */
    "  is_primary INTEGER NOT NULL,"     /* 1 for the article's own district */
    "  weight REAL NOT NULL,"
    "  PRIMARY KEY(district, article_id)) WITHOUT ROWID;"
    "CREATE INDEX article_districts_by_article ON article_districts(article_id);"
    "CREATE TABLE article_topics("
    "  article_id INTEGER NOT NULL,"
    "  topic TEXT NOT NULL,"
    "  score REAL NOT NULL,"
    "  PRIMARY KEY(topic, article_id)) WITHOUT ROWID;"
    "CREATE INDEX article_topics_by_article ON article_topics(article_id);"
    "CREATE TABLE article_events("
    "  article_id INTEGER NOT NULL,"
    "  date_from TEXT NOT NULL,"         /* the span of days the text names */
    "  date_to TEXT NOT NULL,"
    "  start_offset INTEGER NOT NULL,"   /* bytes of the body that name it */
    "  end_offset INTEGER NOT NULL);"
    "CREATE INDEX article_events_by_article ON article_events(article_id, date_from, date_to);"
    "CREATE TRIGGER articles_facts_ai AFTER INSERT ON articles BEGIN"
    "  INSERT INTO article_facts(article_id, issue_date, page, kind, author)"
    "  VALUES (new.id, new.issue_date, new.page, new.kind, new.author);"
    "END;"
    "CREATE TRIGGER articles_facts_au AFTER UPDATE OF issue_date, page, kind, author ON articles"
    " BEGIN"
    "  UPDATE article_facts SET issue_date = new.issue_date, page = new.page,"
    "  kind = new.kind, author = new.author WHERE article_id = new.id;"
    "END;"
    "CREATE TRIGGER articles_tags_ad AFTER DELETE ON articles BEGIN"
    "  DELETE FROM article_facts WHERE article_id = old.id;"
    "  DELETE FROM article_districts WHERE article_id = old.id;"
    "  DELETE FROM article_topics WHERE article_id = old.id;"
    "  DELETE FROM article_events WHERE article_id = old.id;"
    "END;";

/* The FTS5 index is written by the library at commit (see store.c), not
 * by triggers: FTS5 flushes its pending terms at every statement that
 * needs a statement journal, and a trigger per article made every article
 * its own index segment.  These per-connection tables queue the work. */
static const char *const queue_sql =
    "CREATE TEMP TABLE IF NOT EXISTS fts_pending(id INTEGER PRIMARY KEY);"
    "CREATE TEMP TABLE IF NOT EXISTS fts_stale(id INTEGER PRIMARY KEY,"
    " headline TEXT, subtitle TEXT, body TEXT);";


bulletin_status bulletin__sqlite_error(bulletin_archive *a, int rc, const char *what)
{
    const char *detail = a && a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc);
    const char *path = a ? a->path : NULL;
    switch (rc & 0xFF) {
    case SQLITE_NOMEM:
        return bulletin__nomem();
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return bulletin__error_at(BULLETIN_ERROR_BUSY, path, 0, -1,
                                  "%s: the archive %s is locked by another process; "
                                  "try again when it has finished", what, path);
    case SQLITE_READONLY:
        /* A WAL archive needs its -shm file even to be read; in a folder
         * the reader may not write to, SQLite cannot create it. */
        if (a && a->readonly &&
            (rc == SQLITE_READONLY_DIRECTORY || rc == SQLITE_READONLY_CANTINIT ||
             rc == SQLITE_READONLY_RECOVERY))
            return bulletin__error_at(BULLETIN_ERROR_READONLY, path, 0, -1,
                                      "%s: cannot read the archive %s: SQLite must create "
                                      "%s-shm beside it and the folder is read-only; allow "
                                      "writing to the folder, or serve a copy made with "
                                      "'bulletin-search backup', which needs no -shm file",
                                      what, path, path);
        return bulletin__error_at(BULLETIN_ERROR_READONLY, path, 0, -1,
                                  "%s: the archive %s cannot be written "
                                  "(read-only file or folder)", what, path);
    case SQLITE_NOTADB:
        return bulletin__error_at(BULLETIN_ERROR_ARCHIVE, path, 0, -1,
                                  "%s is not a bulletin archive (not an SQLite database)",
                                  path);
    case SQLITE_CORRUPT:
        return bulletin__error_at(BULLETIN_ERROR_ARCHIVE, path, 0, -1,
                                  "%s: the archive %s is damaged (%s)", what, path, detail);
    case SQLITE_FULL:
        return bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1,
                                  "%s: cannot write %s: the disk is full (%s)", what, path,
                                  detail);
    case SQLITE_IOERR:
        /* EFBIG (a file size limit) and ENOSPC on some paths come back as
         * a failed write rather than SQLITE_FULL. */
        if (rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC || rc == SQLITE_IOERR_TRUNCATE)
            return bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1,
                                      "%s: cannot write %s: the disk may be full, or the file "
                                      "may not grow (%s)", what, path, detail);
        /* fall through */
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
        return bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1,
                                  "%s: cannot read or write %s (%s)", what, path, detail);
    default:
        return bulletin__error_at(BULLETIN_ERROR_INTERNAL, path, 0, -1,
                                  "%s failed unexpectedly (SQLite: %s)", what, detail);
    }
}

/* bulletin__prepare(), with `what` naming the work in the message of a
 * failure to prepare. */
static bulletin_status prepare_for(bulletin_archive *a, const char *sql, const char *what,
                                   sqlite3_stmt **out)
{
    size_t slots = sizeof a->cache / sizeof a->cache[0], i;
    for (i = 0; i < slots && a->cache[i].sql; i++) {
        if (a->cache[i].sql == sql) {
            sqlite3_reset(a->cache[i].stmt);
            sqlite3_clear_bindings(a->cache[i].stmt);
            *out = a->cache[i].stmt;
            return BULLETIN_OK;
        }
    }
    if (i == slots)
        return bulletin__error(BULLETIN_ERROR_INTERNAL, "statement cache full");
    /* SQLITE_PREPARE_PERSISTENT: these statements live for the handle. */
    int rc = sqlite3_prepare_v3(a->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    if (rc != SQLITE_OK)
        return bulletin__sqlite_error(a, rc, what);
    a->cache[i].sql = sql;
    a->cache[i].stmt = *out;
    return BULLETIN_OK;
}

bulletin_status bulletin__prepare(bulletin_archive *a, const char *sql,
                                  sqlite3_stmt **out)
{
    return prepare_for(a, sql, "preparing a statement", out);
}

bulletin_status bulletin__run_sql(bulletin_archive *a, const char *sql, int64_t id,
                                  const char *what)
{
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    if (id > 0)
        sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK : bulletin__sqlite_error(a, rc, what);
}

bulletin_status bulletin__single_int(bulletin_archive *a, const char *sql, const char *what,
                                     int64_t *out)
{
    sqlite3_stmt *stmt;
    /* Preparing can fail as stepping can (a locked or damaged archive),
     * so both failures name the caller's work. */
    bulletin_status st = prepare_for(a, sql, what, &stmt);
    if (st)
        return st;
    int rc = sqlite3_step(stmt);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_reset(stmt);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? BULLETIN_OK
                                                 : bulletin__sqlite_error(a, rc, what);
}

int bulletin__bind_text(sqlite3_stmt *stmt, int i, const char *s)
{
    return s ? sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT)
             : sqlite3_bind_null(stmt, i);
}

char *bulletin__column_dup(sqlite3_stmt *stmt, int i)
{
    const char *s = (const char *)sqlite3_column_text(stmt, i);
    return bulletin__strdup(s ? s : "");
}

static bulletin_status exec(bulletin_archive *a, const char *sql, const char *what)
{
    int rc = sqlite3_exec(a->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? BULLETIN_OK : bulletin__sqlite_error(a, rc, what);
}

/* See BULLETIN_FTS5_HASHSIZE (fts5_tokenizer.h).  The setting is stored in
 * the archive; archives created before it keep theirs, which is only
 * slower. */
static bulletin_status tune_fts5(bulletin_archive *a)
{
    char sql[128];
    snprintf(sql, sizeof sql,
             "INSERT INTO articles_fts(articles_fts, rank) VALUES('hashsize', %d)",
             BULLETIN_FTS5_HASHSIZE);
    return exec(a, sql, "creating the archive");
}

static bulletin_status create_schema(bulletin_archive *a)
{
    bulletin_status st;
    char sql[256];
    if ((st = exec(a, "BEGIN IMMEDIATE", "creating the archive")))
        return st;
    snprintf(sql, sizeof sql,
             "PRAGMA application_id=%d; PRAGMA user_version=%d;"
             "INSERT INTO meta VALUES('creator','bulletin-search %s'),"
             "('created', strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now'));",
             BULLETIN_APPLICATION_ID, BULLETIN_SCHEMA_VERSION, PACKAGE_VERSION);
    if ((st = exec(a, schema_sql, "creating the archive")) ||
        (st = tune_fts5(a)) ||
        (st = exec(a, sql, "creating the archive")) ||
        (st = exec(a, "COMMIT", "creating the archive"))) {
        sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    return BULLETIN_OK;
}

/* Check that the file is an archive this library can read (creating the
 * schema in an empty file when allowed). */
static bulletin_status check_schema(bulletin_archive *a, bool create)
{
    static const char header[] = "reading the archive header";
    int64_t app_id, version, tables;
    bulletin_status st;
    if ((st = bulletin__single_int(a, "PRAGMA application_id", header, &app_id)) ||
        (st = bulletin__single_int(a, "PRAGMA user_version", header, &version)) ||
        (st = bulletin__single_int(a, "SELECT count(*) FROM sqlite_master", header, &tables)))
        return st;
    if (app_id == 0 && tables == 0) {
        if (!create || a->readonly)
            return bulletin__error_at(BULLETIN_ERROR_ARCHIVE, a->path, 0, -1,
                                      "%s is empty, not a bulletin archive", a->path);
        if ((st = create_schema(a)))
            return st;
        version = BULLETIN_SCHEMA_VERSION;
        app_id = BULLETIN_APPLICATION_ID;
    }
    if (app_id != BULLETIN_APPLICATION_ID)
        return bulletin__error_at(BULLETIN_ERROR_ARCHIVE, a->path, 0, -1,
                                  "%s is an SQLite database but not a bulletin archive",
                                  a->path);
    if (version > BULLETIN_SCHEMA_VERSION)
        return bulletin__error_at(BULLETIN_ERROR_VERSION, a->path, 0, -1,
                                  "%s was written by a newer bulletin-search "
                                  "(schema %" PRId64 "; this version reads up to %d): "
                                  "upgrade bulletin-search",
                                  a->path, version, BULLETIN_SCHEMA_VERSION);
    if (version < 1)
        return bulletin__error_at(BULLETIN_ERROR_VERSION, a->path, 0, -1,
                                  "%s has schema %" PRId64 ", which this version cannot "
                                  "upgrade in place: re-index the sources into a new archive",
                                  a->path, version);
    /* Schema 1 differs from 2 only in the order of the FTS5 columns
     * (headline, subtitle, body): it is read and written as it is, ranked
     * with the same weights (headline 10, subtitle 5, body 1) in its own
     * order.  Schemas 1 and 2 differ from 3 only in the trigram terms,
     * which their tables' tokenizer neither writes nor asks for
     * (fts5_tokenizer.c): the texts tokenized ahead must not have them
     * either. */
    a->schema_version = (int)version;   /* from 1 to BULLETIN_SCHEMA_VERSION by now */
    if (a->pretok)
        bulletin__pretok_set_word_trigrams(a->pretok, version >= 3);
    a->rank_weights = version == 1 ? "10.0, 5.0, 1.0" : "1.0, 10.0, 5.0";
    return BULLETIN_OK;
}

/* bulletin_fold(text): the text folded as the index folds it (NFKC,
 * case, traditional to simplified), for filters that compare stored
 * values such as author names in either script.  Runs under the
 * archive's lock, like every statement, so one scratch buffer serves. */
static void fold_sql_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    bulletin_archive *a = sqlite3_user_data(ctx);
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text) {
        sqlite3_result_null(ctx);
        return;
    }
    if (bulletin__fold(a->tokenizer, text, (size_t)sqlite3_value_bytes(argv[0]),
                       &a->fold_scratch) != BULLETIN_OK) {
        sqlite3_result_error_nomem(ctx);
        return;
    }
    const bulletin_buf *f = &a->fold_scratch.text;
    sqlite3_result_text(ctx, f->data ? f->data : "", (int)f->len, SQLITE_TRANSIENT);
}

bulletin_status bulletin_archive_open(bulletin_archive **out, const char *path,
                                      unsigned flags)
{
    if (out)
        *out = NULL;
    if (!out || !path || !*path)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "an archive path is required");
    bulletin_archive *a = calloc(1, sizeof *a);
    if (!a || !(a->path = bulletin__strdup(path))) {
        free(a);
        return bulletin__nomem();
    }
    pthread_mutex_init(&a->lock, NULL);
    a->readonly = (flags & BULLETIN_OPEN_READONLY) != 0;
    bool create = (flags & BULLETIN_OPEN_CREATE) && !a->readonly;
    int oflags = SQLITE_OPEN_NOMUTEX |  /* a->lock serialises calls */
                 (a->readonly ? SQLITE_OPEN_READONLY
                              : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0));
    bulletin_status st;
    struct stat sb;
    if (!create && stat(path, &sb) != 0) {
        st = bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1,
                                "archive %s does not exist", path);
        goto fail;
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        st = bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1,
                                "%s is a folder, not an archive file", path);
        goto fail;
    }
    int rc = sqlite3_open_v2(path, &a->db, oflags, NULL);
    if (rc != SQLITE_OK) {
        st = bulletin__error_at(rc == SQLITE_NOMEM ? BULLETIN_ERROR_NOMEM : BULLETIN_ERROR_IO,
                                path, 0, -1, "cannot open archive %s (%s)", path,
                                a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc));
        goto fail;
    }
    sqlite3_extended_result_codes(a->db, 1);
    sqlite3_busy_timeout(a->db, BUSY_TIMEOUT_MS);
    if (!a->readonly && (st = bulletin__pretok_new(&a->pretok)))
        goto fail;
    if (bulletin__fts5_register_with(a->db, a->pretok) != SQLITE_OK) {
        st = bulletin__error(BULLETIN_ERROR_DEPENDENCY,
                             "cannot register the bulletin tokenizer: %s",
                             bulletin_error_last()->message[0]
                                 ? bulletin_error_last()->message
                                 : "SQLite lacks FTS5");
        goto fail;
    }
    if ((st = bulletin_tokenizer_new(&a->tokenizer)))
        goto fail;
    rc = sqlite3_create_function_v2(a->db, "bulletin_fold", 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, a,
                                    fold_sql_function, NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        st = bulletin__sqlite_error(a, rc, "opening the archive");
        goto fail;
    }
    if (!a->readonly &&
        (st = exec(a, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                   "opening the archive")))
        goto fail;
    /* A long-lived handle (a web application's) searches the same hot
     * index pages again and again: keep up to 32 MB of them rather than
     * SQLite's 2 MB, which at a million articles re-reads most pages of a
     * common word's doclist from the OS on every search. */
    if ((st = exec(a, "PRAGMA cache_size=-32768;", "opening the archive")))
        goto fail;
    if ((st = check_schema(a, create)))
        goto fail;
    if (!a->readonly && (st = exec(a, queue_sql, "opening the archive")))
        goto fail;
    *out = a;
    return BULLETIN_OK;
fail:
    bulletin_archive_close(a);
    return st;
}

void bulletin_archive_close(bulletin_archive *a)
{
    if (!a)
        return;
    /* Only our own statements: FTS5 keeps prepared statements on the same
     * connection and finalizes them itself when the table disconnects. */
    for (size_t i = 0; i < sizeof a->cache / sizeof a->cache[0]; i++)
        if (a->cache[i].stmt)
            sqlite3_finalize(a->cache[i].stmt);
    if (a->db)
        sqlite3_close(a->db);
    /* After the connection: its FTS5 tokenizers point to the cache. */
    bulletin__pretok_free(a->pretok);
    bulletin__tag_index_free(a->tag_index);
    free(a->spare_rows[0]);
    free(a->spare_rows[1]);
    bulletin_tokenizer_free(a->tokenizer);
    bulletin__tagger_free(a->tagger);
    bulletin__tags_free(&a->tags);
    bulletin__folded_free(&a->fold_scratch);
    pthread_mutex_destroy(&a->lock);
    free(a->path);
    free(a);
}

bulletin_status bulletin_archive_stats_get(bulletin_archive_stats *out,
                                           bulletin_archive *a)
{
    if (!out || !a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "archive is NULL");
    memset(out, 0, sizeof *out);
    pthread_mutex_lock(&a->lock);
    static const char sql[] =
        "SELECT count(*), count(DISTINCT issue_date), count(DISTINCT source),"
        " min(issue_date), max(issue_date) FROM articles";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (!st) {
        int rc = sqlite3_step(stmt);
        if (rc == SQLITE_ROW) {
            out->articles = sqlite3_column_int64(stmt, 0);
            out->issues = sqlite3_column_int64(stmt, 1);
            out->sources = sqlite3_column_int64(stmt, 2);
            const char *first = (const char *)sqlite3_column_text(stmt, 3);
            const char *last = (const char *)sqlite3_column_text(stmt, 4);
            snprintf(out->first_date, sizeof out->first_date, "%s", first ? first : "");
            snprintf(out->last_date, sizeof out->last_date, "%s", last ? last : "");
        } else {
            st = bulletin__sqlite_error(a, rc, "reading archive statistics");
        }
        sqlite3_reset(stmt);
    }
    out->schema_version = a->schema_version;
    struct stat sb;
    if (stat(a->path, &sb) == 0)
        out->file_bytes += sb.st_size;
    size_t n = strlen(a->path) + 5;
    char *wal = malloc(n);
    if (wal) {
        snprintf(wal, n, "%s-wal", a->path);
        if (stat(wal, &sb) == 0)
            out->file_bytes += sb.st_size;
        free(wal);
    }
    pthread_mutex_unlock(&a->lock);
    return st;
}
