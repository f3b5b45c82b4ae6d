/* retag.c - the archive side of tagging: which gazetteer and taxonomy an
 * archive uses, writing an article's tags, and re-tagging everything.
 *
 * An archive uses the gazetteer and taxonomy stored in its meta table
 * (keys 'gazetteer', 'taxonomy'), put there by bulletin_archive_retag()
 * from an editor's files; when there are none, the copies compiled into
 * the library from data/.  Keeping the copy in the archive makes the
 * archive self-consistent: articles indexed later are tagged, and
 * district:/topic: names resolved, with the same data as the rest. */
#include "config.h"
#include "archive.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The archive's stored copy of `key`, or NULL (then *out is NULL). */
static bulletin_status meta_text(bulletin_archive *a, const char *key, char **out)
{
    static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
    sqlite3_stmt *stmt;
    *out = NULL;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW && !(*out = bulletin__column_dup(stmt, 0)))
        st = bulletin__nomem();
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        st = bulletin__sqlite_error(a, rc, "reading the archive's tag data");
    sqlite3_reset(stmt);
    return st;
}

static bulletin_status load_tagger(bulletin_archive *a, const char *gazetteer,
                                   const char *gazetteer_origin, const char *taxonomy,
                                   const char *taxonomy_origin, bulletin_tagger **out)
{
    char *stored_gazetteer = NULL, *stored_taxonomy = NULL;
    bulletin_status st = BULLETIN_OK;
    if (!gazetteer && !(st = meta_text(a, "gazetteer", &stored_gazetteer))) {
        gazetteer = stored_gazetteer ? stored_gazetteer : bulletin__gazetteer_txt;
        gazetteer_origin = stored_gazetteer ? "the archive's gazetteer" : "gazetteer.txt";
    }
    if (!st && !taxonomy && !(st = meta_text(a, "taxonomy", &stored_taxonomy))) {
        taxonomy = stored_taxonomy ? stored_taxonomy : bulletin__taxonomy_txt;
        taxonomy_origin = stored_taxonomy ? "the archive's taxonomy" : "taxonomy.txt";
    }
    if (!st)
        st = bulletin__tagger_new(out, a->tokenizer, gazetteer, gazetteer_origin, taxonomy,
                                  taxonomy_origin);
    free(stored_gazetteer);
    free(stored_taxonomy);
    return st;
}

bulletin_status bulletin__tagger_get(bulletin_archive *a, bulletin_tagger **out)
{
    if (!a->tagger) {
        bulletin_status st = load_tagger(a, NULL, NULL, NULL, NULL, &a->tagger);
        if (st)
            return st;
    }
    *out = a->tagger;
    return BULLETIN_OK;
}

static bulletin_status step_done(bulletin_archive *a, sqlite3_stmt *stmt, const char *what)
{
    int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    return rc == SQLITE_DONE ? BULLETIN_OK : bulletin__sqlite_error(a, rc, what);
}

static bulletin_status delete_tags(bulletin_archive *a, int64_t id)
{
    static const char *const sql[] = {
        "DELETE FROM article_districts WHERE article_id = ?1",
        "DELETE FROM article_topics WHERE article_id = ?1",
        "DELETE FROM article_events WHERE article_id = ?1",
    };
    for (size_t i = 0; i < 3; i++) {
        bulletin_status st = bulletin__run_sql(a, sql[i], id, "removing old tags");
        if (st)
            return st;
    }
    return BULLETIN_OK;
}

static bulletin_status insert_tags(bulletin_archive *a, int64_t id, const bulletin__tags *t)
{
    static const char district_sql[] =
        "INSERT INTO article_districts(article_id, district, is_primary, weight)"
        " VALUES (?1, ?2, ?3, ?4)";
    static const char topic_sql[] =
        "INSERT INTO article_topics(article_id, topic, score) VALUES (?1, ?2, ?3)";
    static const char event_sql[] =
        "INSERT INTO article_events(article_id, date_from, date_to, start_offset, end_offset)"
        " VALUES (?1, ?2, ?3, ?4, ?5)";
    sqlite3_stmt *stmt;
    bulletin_status st = BULLETIN_OK;
    for (size_t i = 0; !st && i < t->ndistricts; i++) {
        if ((st = bulletin__prepare(a, district_sql, &stmt)))
            break;
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_text(stmt, 2, t->districts[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_int(stmt, 3, i == 0);
        sqlite3_bind_double(stmt, 4, t->districts[i].weight);
        st = step_done(a, stmt, "storing district tags");
    }
    for (size_t i = 0; !st && i < t->ntopics; i++) {
        if ((st = bulletin__prepare(a, topic_sql, &stmt)))
            break;
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_text(stmt, 2, t->topics[i].name, -1, SQLITE_STATIC);
        sqlite3_bind_double(stmt, 3, t->topics[i].weight);
        st = step_done(a, stmt, "storing topic tags");
    }
    for (size_t i = 0; !st && i < t->nevents; i++) {
        if ((st = bulletin__prepare(a, event_sql, &stmt)))
            break;
        sqlite3_bind_int64(stmt, 1, id);
        sqlite3_bind_text(stmt, 2, t->events[i].from, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, t->events[i].to, -1, SQLITE_STATIC);
        sqlite3_bind_int64(stmt, 4, (int64_t)t->events[i].start);
        sqlite3_bind_int64(stmt, 5, (int64_t)t->events[i].end);
        st = step_done(a, stmt, "storing event dates");
    }
    return st;
}

bulletin_status bulletin__store_tags(bulletin_archive *a, int64_t id,
                                     const bulletin_article *art, const bulletin__tags *tags)
{
    bulletin_status st = BULLETIN_OK;
    if (!tags) {
        bulletin_tagger *tagger;
        if (!(st = bulletin__tagger_get(a, &tagger)))
            st = bulletin__tagger_run(tagger, a->tokenizer, art, &a->tags);
        tags = &a->tags;
    }
    if (!st)
        st = delete_tags(a, id);
    if (!st)
        st = insert_tags(a, id, tags);
    return st;
}

/* ---------------------------------------------------------------- retag */

static bulletin_status read_text_file(const char *path, char **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1, "cannot read %s: %s", path,
                                  strerror(errno));
    bulletin_buf buf = BULLETIN_BUF_INIT;
    char chunk[8192];
    size_t n;
    bool ok = bulletin_buf_reserve(&buf, 0);
    while (ok && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        ok = bulletin_buf_append(&buf, chunk, n);
    bool failed = ferror(f);
    fclose(f);
    if (!ok) {
        bulletin_buf_free(&buf);
        return bulletin__nomem();
    }
    if (failed) {
        bulletin_buf_free(&buf);
        return bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1, "cannot read %s", path);
    }
    if (strlen(buf.data) != buf.len) {
        bulletin_buf_free(&buf);
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, -1,
                                  "%s holds a NUL byte: not a text file", path);
    }
    *out = bulletin_buf_detach(&buf);
    return BULLETIN_OK;
}

static bulletin_status exec_sql(bulletin_archive *a, const char *sql, const char *what)
{
    int rc = sqlite3_exec(a->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? BULLETIN_OK : bulletin__sqlite_error(a, rc, what);
}

static bulletin_status store_meta(bulletin_archive *a, const char *key, const char *value)
{
    static const char set_sql[] = "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)";
    static const char clear_sql[] = "DELETE FROM meta WHERE key = ?1";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, value ? set_sql : clear_sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_text(stmt, 1, key, -1, SQLITE_STATIC);
    if (value)
        sqlite3_bind_text(stmt, 2, value, -1, SQLITE_STATIC);
    return step_done(a, stmt, "storing tag data in the archive");
}

/* Tag every article again; the caller holds the lock and a transaction. */
static bulletin_status retag_all(bulletin_archive *a, bulletin_retag_stats *stats)
{
    static const char sql[] =
        "SELECT id, issue_date, kind, headline, subtitle, byline, body FROM articles";
    bulletin_status st = exec_sql(a,
                                  "DELETE FROM article_districts; DELETE FROM article_topics;"
                                  " DELETE FROM article_events;",
                                  "clearing old tags");
    sqlite3_stmt *stmt;
    if (st || (st = bulletin__prepare(a, sql, &stmt)))
        return st;
    int rc;
    while (!st && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        bulletin_article art = BULLETIN_ARTICLE_INIT;
        int64_t id = sqlite3_column_int64(stmt, 0);
        art.issue_date = (const char *)sqlite3_column_text(stmt, 1);
        const char *kind = (const char *)sqlite3_column_text(stmt, 2);
        if (!kind || bulletin_kind_from_string(&art.kind, kind))
            art.kind = BULLETIN_KIND_OTHER;
        art.headline = (const char *)sqlite3_column_text(stmt, 3);
        art.subtitle = (const char *)sqlite3_column_text(stmt, 4);
        art.byline = (const char *)sqlite3_column_text(stmt, 5);
        art.body = (const char *)sqlite3_column_text(stmt, 6);
        st = bulletin__tagger_run(a->tagger, a->tokenizer, &art, &a->tags);
        if (!st)
            st = insert_tags(a, id, &a->tags);
        if (!st) {
            stats->articles++;
            stats->districts += a->tags.ndistricts;
            stats->topics += a->tags.ntopics;
            stats->events += a->tags.nevents;
        }
    }
    if (!st && rc != SQLITE_DONE)
        st = bulletin__sqlite_error(a, rc, "reading articles to re-tag");
    sqlite3_reset(stmt);
    return st;
}

/* Read the editor's files (if any) and build the tagger they make, so
 * that a bad file is refused before anything changes. */
static bulletin_status prepare_data(bulletin_archive *a, const bulletin_retag_options *o,
                                    char **gazetteer, char **taxonomy, bulletin_tagger **out)
{
    bulletin_status st = BULLETIN_OK;
    if (o->gazetteer)
        st = read_text_file(o->gazetteer, gazetteer);
    if (!st && o->taxonomy)
        st = read_text_file(o->taxonomy, taxonomy);
    if (st)
        return st;
    /* With `builtin`, what is not given comes from the library. */
    const char *g = *gazetteer ? *gazetteer : o->builtin ? bulletin__gazetteer_txt : NULL;
    const char *t = *taxonomy ? *taxonomy : o->builtin ? bulletin__taxonomy_txt : NULL;
    return load_tagger(a, g, o->gazetteer ? o->gazetteer : "gazetteer.txt", t,
                       o->taxonomy ? o->taxonomy : "taxonomy.txt", out);
}

static bulletin_status retag_locked(bulletin_archive *a, const bulletin_retag_options *o,
                                    bulletin_retag_stats *stats)
{
    char *gazetteer = NULL, *taxonomy = NULL;
    bulletin_tagger *tagger = NULL;
    bulletin_status st = prepare_data(a, o, &gazetteer, &taxonomy, &tagger);
    if (!st)
        st = exec_sql(a, "BEGIN IMMEDIATE", "starting a transaction");
    if (st)
        goto done;
    if (o->builtin && !gazetteer)
        st = store_meta(a, "gazetteer", NULL);
    if (!st && o->builtin && !taxonomy)
        st = store_meta(a, "taxonomy", NULL);
    if (!st && gazetteer)
        st = store_meta(a, "gazetteer", gazetteer);
    if (!st && taxonomy)
        st = store_meta(a, "taxonomy", taxonomy);
    bulletin_tagger *old = a->tagger;
    a->tagger = tagger;
    if (!st)
        st = retag_all(a, stats);
    if (!st)
        st = exec_sql(a, "COMMIT", "committing the new tags");
    if (st) {
        sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
        a->tagger = old;   /* the archive still has its old data */
    } else {
        tagger = old;      /* freed below */
    }
done:
    bulletin__tagger_free(tagger);
    free(gazetteer);
    free(taxonomy);
    return st;
}

bulletin_status bulletin_archive_retag(bulletin_archive *a, const bulletin_retag_options *o,
                                       bulletin_retag_stats *out_stats)
{
    bulletin_retag_options defaults = BULLETIN_RETAG_OPTIONS_INIT;
    bulletin_retag_stats stats = { 0, 0, 0, 0 };
    if (out_stats)
        *out_stats = stats;
    if (!a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "archive is NULL");
    if (o && o->version < 1)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "retag options lack BULLETIN_RETAG_OPTIONS_VERSION");
    if (a->readonly)
        return bulletin__error_at(BULLETIN_ERROR_READONLY, a->path, 0, -1,
                                  "the archive %s is open read-only", a->path);
    pthread_mutex_lock(&a->lock);
    bulletin_status st = retag_locked(a, o ? o : &defaults, &stats);
    pthread_mutex_unlock(&a->lock);
    if (!st && out_stats)
        *out_stats = stats;
    return st;
}
