/* pg_push.c - bulletin-search pg-push CONNINFO: copy the archive's articles
 * into PostgreSQL (the schema of bindings/postgresql/README.md), sending
 * only what changed and deleting what the archive no longer has.
 *
 * Why this lives in the tool and not in libbulletin: the library must not
 * depend on libpq (it is the whole of a SQLite-only installation, and of
 * the Python bindings).  The library gives every copier what it needs,
 * bulletin_archive_digests() and bulletin_archive_get_article(); this
 * file only speaks PostgreSQL's protocol.  A C program can do the same
 * with the same public calls.
 *
 * One transaction: the old ids and digests come out with COPY TO, the
 * ids to delete and the new or changed articles go in with COPY FROM into
 * temporary tables, then one DELETE and one INSERT ... ON CONFLICT apply
 * them.  A second run finds every digest equal and sends nothing.  The
 * articles' tags follow in the same transaction (pg_push_tags.c). */
#include "config.h"

#include <bulletin.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pg_push.h"

/* Bumped when the schema below changes.  Version 2 added the tag tables
 * (pg_push_tags.c); a version 1 database is upgraded in place (the
 * statements only create what is missing). */
#define PUSH_SCHEMA_VERSION 2

static const char schema_sql[] =
    "CREATE EXTENSION IF NOT EXISTS bulletin;"
    "CREATE SCHEMA IF NOT EXISTS bulletin;"
    "CREATE TABLE IF NOT EXISTS bulletin.meta(key text PRIMARY KEY, value text NOT NULL);"
    "CREATE TABLE IF NOT EXISTS bulletin.articles("
    "  id bigint PRIMARY KEY,"
    "  key text NOT NULL UNIQUE,"
    "  issue_date date,"
    "  page integer NOT NULL,"
    "  position integer NOT NULL,"
    "  kind text NOT NULL,"
    "  headline text NOT NULL,"
    "  subtitle text NOT NULL,"
    "  byline text NOT NULL,"
    "  author text NOT NULL,"
    "  authors text[] GENERATED ALWAYS AS (string_to_array(nullif(author, ''), '、')) STORED,"
    "  body text NOT NULL,"
    "  source text,"
    "  digest bigint NOT NULL,"
    "  pushed_at timestamptz NOT NULL DEFAULT now(),"
    "  tsv tsvector GENERATED ALWAYS AS (bulletin_tsvector(headline, subtitle, body)) STORED);"
    "CREATE INDEX IF NOT EXISTS articles_tsv ON bulletin.articles USING gin (tsv);"
    "CREATE INDEX IF NOT EXISTS articles_issue_date ON bulletin.articles (issue_date, page);"
    "CREATE INDEX IF NOT EXISTS articles_kind ON bulletin.articles (kind);"
    /* The archive's ranking, as near as ts_rank comes (README.md,
     * "Ranking"): weights 10:5:1 for headline, subtitle, body (the
     * vector's A, B and D), plus a second rank over the query without its
     * straddling ('ab|') alternatives, so that an article where a word
     * stands whole ranks above one where it straddles two words.  One
     * expression without FROM, so that PostgreSQL inlines it and turns
     * both tsqueries into constants once per statement, not per row. */
    "CREATE OR REPLACE FUNCTION bulletin.rank(tsv tsvector, query text) RETURNS real"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$"
    "  SELECT ts_rank('{0.1, 0.2, 0.5, 1.0}', $1, bulletin_query($2))"
    "       + ts_rank('{0.1, 0.2, 0.5, 1.0}', $1, regexp_replace(regexp_replace("
    "           bulletin_query($2)::text, ' \\| ''[^'']*\\|''', '', 'g'),"
    "           '''[^'']*\\|'' \\| ', '', 'g')::tsquery) $$;";

static const char *program_name = "bulletin-search";

typedef struct push_stats {
    size_t archive, sent, deleted, tags_sent;
} push_stats;

static bool fail(PGconn *pg, const char *what)
{
    fprintf(stderr, "%s: pg-push: %s: %s", program_name, what,
            pg ? PQerrorMessage(pg) : "\n");
    return false;
}

static bool exec_ok(PGconn *pg, const char *sql, const char *what)
{
    PGresult *r = PQexec(pg, sql);
    ExecStatusType s = PQresultStatus(r);
    PQclear(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK ? true : fail(pg, what);
}

static bool ensure_schema(PGconn *pg)
{
    char sql[240];
    /* Versions before this one are upgraded by the CREATE ... IF NOT
     * EXISTS statements; a later one is left alone (checked below). */
    snprintf(sql, sizeof sql,
             "INSERT INTO bulletin.meta VALUES ('schema_version', '%d') "
             "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value "
             "WHERE bulletin.meta.value::integer < EXCLUDED.value::integer",
             PUSH_SCHEMA_VERSION);
    if (!exec_ok(pg, "SET client_min_messages = warning", "setting up") ||
        !exec_ok(pg, schema_sql, "creating the schema (is the bulletin extension "
                                 "installed on the server?)") ||
        !exec_ok(pg, bulletin_pg_tags_schema_sql, "creating the tag tables") ||
        !exec_ok(pg, sql, "recording the schema version"))
        return false;
    PGresult *r = PQexec(pg, "SELECT value FROM bulletin.meta WHERE key = 'schema_version'");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 &&
              atoi(PQgetvalue(r, 0, 0)) == PUSH_SCHEMA_VERSION;
    if (!ok)
        fprintf(stderr, "%s: pg-push: the database holds bulletin schema version %s, "
                        "this tool writes version %d\n", program_name,
                PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "(unknown)", PUSH_SCHEMA_VERSION);
    PQclear(r);
    return ok;
}

static int by_id(const void *a, const void *b)
{
    const bulletin_article_digest *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* The ids and digests PostgreSQL has, sorted by id. */
static bool remote_digests(PGconn *pg, bulletin_article_digest **out, size_t *count)
{
    PGresult *r = PQexec(pg, "SELECT id, digest FROM bulletin.articles ORDER BY id");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        PQclear(r);
        return fail(pg, "reading the ids already pushed");
    }
    size_t n = (size_t)PQntuples(r);
    bulletin_article_digest *d = malloc((n ? n : 1) * sizeof *d);
    if (!d) {
        PQclear(r);
        return fail(NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        d[i].id = strtoll(PQgetvalue(r, (int)i, 0), NULL, 10);
        d[i].digest = (uint64_t)strtoll(PQgetvalue(r, (int)i, 1), NULL, 10);
    }
    PQclear(r);
    qsort(d, n, sizeof *d, by_id);
    *out = d;
    *count = n;
    return true;
}

void bulletin_pg_copy_text(FILE *f, const char *s)
{
    if (!s) {
        fputs("\\N", f);
        return;
    }
    for (; *s; s++) {
        switch (*s) {
        case '\\': fputs("\\\\", f); break;
        case '\t': fputs("\\t", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        default: fputc(*s, f);
        }
    }
}

static void put_field(FILE *f, const char *s, bool last)
{
    bulletin_pg_copy_text(f, s);
    fputc(last ? '\n' : '\t', f);
}

static bool copy_data(PGconn *pg, const char *data, size_t len)
{
    return PQputCopyData(pg, data, (int)len) == 1 || fail(pg, "sending data");
}

static bool copy_start(PGconn *pg, const char *sql)
{
    PGresult *r = PQexec(pg, sql);
    bool ok = PQresultStatus(r) == PGRES_COPY_IN;
    PQclear(r);
    return ok || fail(pg, "starting COPY");
}

static bool copy_end(PGconn *pg, const char *what)
{
    if (PQputCopyEnd(pg, NULL) != 1)
        return fail(pg, what);
    PGresult *r;
    bool ok = true;
    while ((r = PQgetResult(pg))) {
        ok &= PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
    }
    return ok || fail(pg, what);
}

/* Send the ids PostgreSQL has and the archive lacks, then delete them. */
static bool push_deletions(PGconn *pg, const bulletin_article_digest *local, size_t nl,
                           const bulletin_article_digest *remote, size_t nr,
                           push_stats *stats)
{
    if (!exec_ok(pg, "CREATE TEMP TABLE push_gone(id bigint) ON COMMIT DROP",
                 "creating a staging table") ||
        !copy_start(pg, "COPY push_gone FROM STDIN"))
        return false;
    size_t i = 0;
    for (size_t k = 0; k < nr; k++) {
        while (i < nl && local[i].id < remote[k].id)
            i++;
        if (i < nl && local[i].id == remote[k].id)
            continue;
        char line[32];
        int n = snprintf(line, sizeof line, "%" PRId64 "\n", remote[k].id);
        if (!copy_data(pg, line, (size_t)n))
            return false;
        stats->deleted++;
    }
    return copy_end(pg, "sending deleted ids") &&
           exec_ok(pg, "DELETE FROM bulletin.articles a USING push_gone g WHERE a.id = g.id",
                   "deleting articles");
}

static bool send_article(PGconn *pg, bulletin_archive *archive, int64_t id,
                         uint64_t digest, char **buf, size_t *buflen)
{
    bulletin_article *a;
    if (bulletin_archive_get_article(&a, archive, id) != BULLETIN_OK) {
        fprintf(stderr, "%s: pg-push: %s\n", program_name, bulletin_error_last()->message);
        return false;
    }
    FILE *f = open_memstream(buf, buflen);
    if (!f) {
        bulletin_article_free(a);
        return fail(NULL, "out of memory");
    }
    char num[3][24];
    snprintf(num[0], sizeof num[0], "%" PRId64, id);
    snprintf(num[1], sizeof num[1], "%d", a->page);
    snprintf(num[2], sizeof num[2], "%d", a->position);
    char dig[24];
    snprintf(dig, sizeof dig, "%" PRId64, (int64_t)digest);
    put_field(f, num[0], false);
    put_field(f, a->key, false);
    put_field(f, a->issue_date && *a->issue_date ? a->issue_date : NULL, false);
    put_field(f, num[1], false);
    put_field(f, num[2], false);
    put_field(f, bulletin_kind_to_string(a->kind), false);
    put_field(f, a->headline ? a->headline : "", false);
    put_field(f, a->subtitle ? a->subtitle : "", false);
    put_field(f, a->byline ? a->byline : "", false);
    put_field(f, a->author ? a->author : "", false);
    put_field(f, a->body, false);
    put_field(f, a->source, false);
    put_field(f, dig, true);
    fclose(f);
    bulletin_article_free(a);
    bool ok = copy_data(pg, *buf, *buflen);
    free(*buf);
    *buf = NULL;
    return ok;
}

#define COLUMNS "id, key, issue_date, page, position, kind, headline, subtitle, byline, " \
                "author, body, source, digest"

/* Send new and changed articles, then upsert them. */
static bool push_changes(PGconn *pg, bulletin_archive *archive,
                         const bulletin_article_digest *local, size_t nl,
                         const bulletin_article_digest *remote, size_t nr, push_stats *stats)
{
    if (!exec_ok(pg, "CREATE TEMP TABLE push_new(id bigint, key text, issue_date date,"
                     " page integer, position integer, kind text, headline text,"
                     " subtitle text, byline text, author text, body text, source text,"
                     " digest bigint) ON COMMIT DROP", "creating a staging table") ||
        !copy_start(pg, "COPY push_new (" COLUMNS ") FROM STDIN"))
        return false;
    size_t k = 0;
    char *buf = NULL;
    size_t buflen = 0;
    for (size_t i = 0; i < nl; i++) {
        while (k < nr && remote[k].id < local[i].id)
            k++;
        if (k < nr && remote[k].id == local[i].id && remote[k].digest == local[i].digest)
            continue;
        if (!send_article(pg, archive, local[i].id, local[i].digest, &buf, &buflen))
            return false;
        stats->sent++;
    }
    return copy_end(pg, "sending articles") &&
           exec_ok(pg,
                   /* A key that moved to another id (re-created in the
                    * archive) is freed first. */
                   "DELETE FROM bulletin.articles a USING push_new n"
                   " WHERE a.key = n.key AND a.id <> n.id;"
                   "INSERT INTO bulletin.articles (" COLUMNS ")"
                   " SELECT " COLUMNS " FROM push_new"
                   " ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key,"
                   " issue_date = EXCLUDED.issue_date, page = EXCLUDED.page,"
                   " position = EXCLUDED.position, kind = EXCLUDED.kind,"
                   " headline = EXCLUDED.headline, subtitle = EXCLUDED.subtitle,"
                   " byline = EXCLUDED.byline, author = EXCLUDED.author,"
                   " body = EXCLUDED.body, source = EXCLUDED.source,"
                   " digest = EXCLUDED.digest, pushed_at = now()",
                   "storing articles");
}

static bool push(PGconn *pg, bulletin_archive *archive, const char *db, push_stats *stats)
{
    bulletin_article_digest *local = NULL, *remote = NULL;
    size_t nl = 0, nr = 0;
    if (bulletin_archive_digests(&local, &nl, archive) != BULLETIN_OK) {
        fprintf(stderr, "%s: pg-push: %s\n", program_name, bulletin_error_last()->message);
        return false;
    }
    stats->archive = nl;
    bool ok = exec_ok(pg, "BEGIN", "starting a transaction") && ensure_schema(pg) &&
              exec_ok(pg, "LOCK TABLE bulletin.articles IN SHARE ROW EXCLUSIVE MODE",
                      "locking the articles table") &&
              remote_digests(pg, &remote, &nr) &&
              push_deletions(pg, local, nl, remote, nr, stats) &&
              push_changes(pg, archive, local, nl, remote, nr, stats) &&
              bulletin_pg_push_tags(pg, db, local, nl, &stats->tags_sent, program_name) &&
              exec_ok(pg, "COMMIT", "committing");
    bulletin_digests_free(local);
    free(remote);
    return ok;
}

int bulletin_cli_pg_push(const char *program, const char *db, int argc, char **argv)
{
    program_name = program;
    bool quiet = argc == 3 && !strcmp(argv[1], "--quiet");
    if (argc != 2 && !quiet) {
        fprintf(stderr, "%s: pg-push needs one CONNINFO, e.g. "
                        "'host=db.example.org dbname=bulletins'\n"
                        "Try '%s --help'.\n", program, program);
        return 2;
    }
    bulletin_archive *archive;
    if (bulletin_archive_open(&archive, db, BULLETIN_OPEN_READONLY) != BULLETIN_OK) {
        fprintf(stderr, "%s: %s\n", program, bulletin_error_last()->message);
        return 1;
    }
    PGconn *pg = PQconnectdb(argv[argc - 1]);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    push_stats stats = { 0, 0, 0, 0 };
    bool ok = PQstatus(pg) == CONNECTION_OK ? push(pg, archive, db, &stats)
                                            : fail(pg, "cannot connect");
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    if (ok && !quiet)
        printf("pushed %zu articles: %zu new or changed sent, %zu deleted, "
               "%zu unchanged; tags of %zu articles sent; %.2f s (%.0f sent articles/s)\n",
               stats.archive, stats.sent, stats.deleted, stats.archive - stats.sent,
               stats.tags_sent, secs, secs > 0 ? stats.sent / secs : 0.0);
    PQfinish(pg);
    bulletin_archive_close(archive);
    return ok ? 0 : 1;
}
