/* pg_push_tags.c - the tags half of pg-push: districts, topics and event
 * dates of every pushed article, into bulletin.article_districts,
 * bulletin.article_topics and bulletin.article_events.
 *
 * The public API gives an article's tags only on search hits, so this
 * module reads the archive's tag tables (article_districts,
 * article_topics, article_events) with its own read-only SQLite
 * connection.  It is the one place that knows those tables: a public
 * call listing an article's tags would replace read_tags() alone.
 *
 * Incremental like the articles: for each article the lines it would
 * send are hashed (FNV-1a); PostgreSQL keeps the hash in
 * bulletin.article_tag_digests, and only articles whose hash differs
 * are sent (one COPY into a staging table, then delete-and-insert per
 * article).  Articles deleted from PostgreSQL lose their tags by
 * ON DELETE CASCADE. */
#include "config.h"

#include <bulletin.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg_push.h"

const char bulletin_pg_tags_schema_sql[] =
    "CREATE TABLE IF NOT EXISTS bulletin.article_districts("
    "  article_id bigint NOT NULL REFERENCES bulletin.articles(id) ON DELETE CASCADE,"
    "  district text NOT NULL,"
    "  is_primary boolean NOT NULL,"
    "  weight double precision NOT NULL,"
    "  PRIMARY KEY (district, article_id));"
    "CREATE INDEX IF NOT EXISTS article_districts_by_article"
    "  ON bulletin.article_districts (article_id);"
    "CREATE TABLE IF NOT EXISTS bulletin.article_topics("
    "  article_id bigint NOT NULL REFERENCES bulletin.articles(id) ON DELETE CASCADE,"
    "  topic text NOT NULL,"
    "  score double precision NOT NULL,"
    "  PRIMARY KEY (topic, article_id));"
    "CREATE INDEX IF NOT EXISTS article_topics_by_article ON bulletin.article_topics (article_id);"
    "CREATE TABLE IF NOT EXISTS bulletin.article_events("
    "  article_id bigint NOT NULL REFERENCES bulletin.articles(id) ON DELETE CASCADE,"
    "  date_from date NOT NULL,"
    "  date_to date NOT NULL,"
    "  days daterange GENERATED ALWAYS AS (daterange(date_from, date_to, '[]')) STORED,"
    "  start_offset integer NOT NULL,"
    "  end_offset integer NOT NULL);"
    "CREATE INDEX IF NOT EXISTS article_events_by_article"
    "  ON bulletin.article_events (article_id, date_from);"
    "CREATE INDEX IF NOT EXISTS article_events_days ON bulletin.article_events USING gist (days);"
    "CREATE TABLE IF NOT EXISTS bulletin.article_tag_digests("
    "  article_id bigint PRIMARY KEY REFERENCES bulletin.articles(id) ON DELETE CASCADE,"
    "  digest bigint NOT NULL);";

/* ---------------------------------------------------------------- reading the archive */

/* The archive's three tag tables, each read in article order. */
enum { TAG_DISTRICTS, TAG_TOPICS, TAG_EVENTS, TAG_TABLES };

static const char *const tag_sql[TAG_TABLES] = {
    "SELECT article_id, district, is_primary, weight FROM article_districts"
    " ORDER BY article_id, is_primary DESC, weight DESC, district",
    "SELECT article_id, topic, score FROM article_topics ORDER BY article_id, score DESC, topic",
    "SELECT article_id, date_from, date_to, start_offset, end_offset FROM article_events"
    " ORDER BY article_id, start_offset, end_offset, date_from, date_to",
};

typedef struct tag_reader {
    sqlite3 *db;
    sqlite3_stmt *stmt[TAG_TABLES];
    bool has_row[TAG_TABLES];
} tag_reader;

static bool reader_step(tag_reader *r, int t)
{
    int rc = sqlite3_step(r->stmt[t]);
    r->has_row[t] = rc == SQLITE_ROW;
    return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

static void reader_close(tag_reader *r)
{
    for (int t = 0; t < TAG_TABLES; t++)
        sqlite3_finalize(r->stmt[t]);
    if (r->db)
        sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(r->db);
}

/* One read transaction over the three tables, so that a retag running
 * meanwhile is seen whole or not at all. */
static bool reader_open(tag_reader *r, const char *path, const char *program)
{
    memset(r, 0, sizeof *r);
    bool ok = sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
              sqlite3_busy_timeout(r->db, 10000) == SQLITE_OK &&
              sqlite3_exec(r->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
    for (int t = 0; ok && t < TAG_TABLES; t++)
        ok = sqlite3_prepare_v2(r->db, tag_sql[t], -1, &r->stmt[t], NULL) == SQLITE_OK &&
             reader_step(r, t);
    if (!ok)
        fprintf(stderr, "%s: pg-push: cannot read the tags of %s (%s)\n", program, path,
                r->db ? sqlite3_errmsg(r->db) : "out of memory");
    return ok;
}

/* ---------------------------------------------------------------- one article's lines */


static const char *column_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? (const char *)t : "";
}

/* Staging rows: article_id, kind, name, is_primary, score, date_from,
 * date_to, start_offset, end_offset, digest.  %.17g keeps a double
 * exact through float8's input. */
static void put_row(FILE *f, int t, sqlite3_stmt *s)
{
    int64_t id = sqlite3_column_int64(s, 0);
    switch (t) {
    case TAG_DISTRICTS:
        fprintf(f, "%" PRId64 "\td\t", id);
        bulletin_pg_copy_text(f, column_text(s, 1));
        fprintf(f, "\t%s\t%.17g\t\\N\t\\N\t\\N\t\\N\t\\N\n",
                sqlite3_column_int(s, 2) ? "t" : "f", sqlite3_column_double(s, 3));
        break;
    case TAG_TOPICS:
        fprintf(f, "%" PRId64 "\tt\t", id);
        bulletin_pg_copy_text(f, column_text(s, 1));
        fprintf(f, "\t\\N\t%.17g\t\\N\t\\N\t\\N\t\\N\t\\N\n", sqlite3_column_double(s, 2));
        break;
    default:
        fprintf(f, "%" PRId64 "\te\t\\N\t\\N\t\\N\t", id);
        bulletin_pg_copy_text(f, column_text(s, 1));
        fputc('\t', f);
        bulletin_pg_copy_text(f, column_text(s, 2));
        fprintf(f, "\t%d\t%d\t\\N\n", sqlite3_column_int(s, 3), sqlite3_column_int(s, 4));
    }
}

/* The staging lines of article `id` (its tags in a fixed order) into f;
 * tags of ids before it (continuations pushed inside their article) are
 * skipped. */
static bool read_tags(tag_reader *r, int64_t id, FILE *f)
{
    for (int t = 0; t < TAG_TABLES; t++) {
        while (r->has_row[t] && sqlite3_column_int64(r->stmt[t], 0) <= id) {
            if (sqlite3_column_int64(r->stmt[t], 0) == id)
                put_row(f, t, r->stmt[t]);
            if (!reader_step(r, t))
                return false;
        }
    }
    return true;
}

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
    return h;
}

/* ---------------------------------------------------------------- PostgreSQL */

static bool pg_ok(PGconn *pg, PGresult *r, ExecStatusType want, const char *what,
                  const char *program)
{
    bool ok = PQresultStatus(r) == want;
    if (!ok)
        fprintf(stderr, "%s: pg-push: %s: %s", program, what, PQerrorMessage(pg));
    PQclear(r);
    return ok;
}

/* The tag digests PostgreSQL has, in article order. */
static bool remote_tag_digests(PGconn *pg, bulletin_article_digest **out, size_t *count,
                               const char *program)
{
    PGresult *r = PQexec(pg, "SELECT article_id, digest FROM bulletin.article_tag_digests"
                             " ORDER BY article_id");
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_ok(pg, r, PGRES_TUPLES_OK, "reading the tags already pushed", program);
    size_t n = (size_t)PQntuples(r);
    bulletin_article_digest *d = malloc((n ? n : 1) * sizeof *d);
    for (size_t i = 0; d && i < n; i++) {
        d[i].id = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
        d[i].digest = (uint64_t)strtoll(PQgetvalue(r, (int)i, 1), NULL, 10);
    }
    PQclear(r);
    if (!d)
        fprintf(stderr, "%s: pg-push: out of memory\n", program);
    *out = d;
    *count = n;
    return d != NULL;
}

/* Replace the tags of every article with an 'a' row by the staged ones. */
static const char apply_sql[] =
    "ANALYZE push_tags;"
    "DELETE FROM bulletin.article_districts t USING push_tags p"
    " WHERE p.kind = 'a' AND t.article_id = p.article_id;"
    "DELETE FROM bulletin.article_topics t USING push_tags p"
    " WHERE p.kind = 'a' AND t.article_id = p.article_id;"
    "DELETE FROM bulletin.article_events t USING push_tags p"
    " WHERE p.kind = 'a' AND t.article_id = p.article_id;"
    "INSERT INTO bulletin.article_districts (article_id, district, is_primary, weight)"
    " SELECT article_id, name, is_primary, score FROM push_tags WHERE kind = 'd';"
    "INSERT INTO bulletin.article_topics (article_id, topic, score)"
    " SELECT article_id, name, score FROM push_tags WHERE kind = 't';"
    "INSERT INTO bulletin.article_events (article_id, date_from, date_to, start_offset,"
    " end_offset) SELECT article_id, date_from, date_to, start_offset, end_offset"
    " FROM push_tags WHERE kind = 'e';"
    "INSERT INTO bulletin.article_tag_digests (article_id, digest)"
    " SELECT article_id, digest FROM push_tags WHERE kind = 'a'"
    " ON CONFLICT (article_id) DO UPDATE SET digest = EXCLUDED.digest;";

/* Hash each article's lines; send the lines of those whose hash
 * PostgreSQL does not have, each after its 'a' row. */
static bool send_changed(PGconn *pg, tag_reader *r, const bulletin_article_digest *local,
                         size_t nl, const bulletin_article_digest *remote, size_t nr,
                         size_t *sent, const char *program)
{
    char *buf = NULL;
    size_t len = 0, k = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < nl; i++) {
        FILE *f = open_memstream(&buf, &len);
        ok = f && read_tags(r, local[i].id, f);
        if (f)
            fclose(f);
        if (!ok)
            break;
        uint64_t h = fnv1a(buf, len);
        while (k < nr && remote[k].id < local[i].id)
            k++;
        if (!(k < nr && remote[k].id == local[i].id && remote[k].digest == h)) {
            char head[96];
            int n = snprintf(head, sizeof head,
                             "%" PRId64 "\ta\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t%" PRId64 "\n",
                             local[i].id, (int64_t)h);
            ok = PQputCopyData(pg, head, n) == 1 &&
                 (len == 0 || PQputCopyData(pg, buf, (int)len) == 1);
            ++*sent;
        }
        free(buf);
        buf = NULL;
    }
    if (!ok)
        fprintf(stderr, "%s: pg-push: sending tags: %s\n", program,
                sqlite3_errcode(r->db) != SQLITE_OK && sqlite3_errcode(r->db) != SQLITE_ROW &&
                        sqlite3_errcode(r->db) != SQLITE_DONE
                    ? sqlite3_errmsg(r->db)
                    : PQerrorMessage(pg));
    return ok;
}

/* End the COPY: normally, or (after a failure) aborting it. */
static bool copy_finish(PGconn *pg, bool sent_all, const char *program)
{
    if (PQputCopyEnd(pg, sent_all ? NULL : "pg-push failed while reading the archive") != 1) {
        fprintf(stderr, "%s: pg-push: sending tags: %s", program, PQerrorMessage(pg));
        return false;
    }
    PGresult *r;
    bool ok = true;
    while ((r = PQgetResult(pg))) {
        ok &= PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
    }
    if (!ok && sent_all)
        fprintf(stderr, "%s: pg-push: storing tags: %s", program, PQerrorMessage(pg));
    return ok && sent_all;
}

bool bulletin_pg_push_tags(PGconn *pg, const char *db, const bulletin_article_digest *local,
                           size_t nl, size_t *sent, const char *program)
{
    bulletin_article_digest *remote = NULL;
    size_t nr = 0;
    *sent = 0;
    tag_reader r;
    if (!remote_tag_digests(pg, &remote, &nr, program))
        return false;
    bool ok = reader_open(&r, db, program) &&
              pg_ok(pg, PQexec(pg, "CREATE TEMP TABLE push_tags(article_id bigint, kind \"char\","
                                   " name text, is_primary boolean, score float8,"
                                   " date_from date, date_to date, start_offset integer,"
                                   " end_offset integer, digest bigint) ON COMMIT DROP"),
                    PGRES_COMMAND_OK, "creating a staging table", program) &&
              pg_ok(pg, PQexec(pg, "COPY push_tags FROM STDIN"), PGRES_COPY_IN,
                    "starting COPY", program);
    if (ok) {
        ok = copy_finish(pg, send_changed(pg, &r, local, nl, remote, nr, sent, program),
                         program);
    }
    ok = ok && pg_ok(pg, PQexec(pg, apply_sql), PGRES_COMMAND_OK, "storing tags", program);
    reader_close(&r);
    free(remote);
    return ok;
}
