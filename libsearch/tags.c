/* tags.c - reading an article's stored tags (districts, topics, event
 * dates), for search hits and for bulletin_archive_get_tags(). */
#include "config.h"
#include "archive.h"

#include <stdio.h>
#include <stdlib.h>

bulletin_status bulletin__read_tags(bulletin_archive *a, const char *sql, int64_t id,
                                    const bulletin_tag **out, size_t *count)
{
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    *out = NULL;
    *count = 0;
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, id);
    bulletin_tag *tags = NULL;
    size_t n = 0;
    int rc;
    while (!st && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        bulletin_tag *grown = realloc(tags, (n + 1) * sizeof *grown);
        if (!grown) {
            st = bulletin__nomem();
            break;
        }
        tags = grown;
        tags[n].weight = sqlite3_column_double(stmt, 1);
        if (!(tags[n].name = bulletin__column_dup(stmt, 0)))
            st = bulletin__nomem();
        else
            n++;
    }
    if (!st && rc != SQLITE_DONE)
        st = bulletin__sqlite_error(a, rc, "reading tags");
    sqlite3_reset(stmt);
    *out = tags;
    *count = n;
    return st;
}

bulletin_status bulletin__read_events(bulletin_archive *a, int64_t id,
                                      const bulletin_event_date **out, size_t *count)
{
    static const char sql[] =
        "SELECT date_from, date_to, start_offset, end_offset FROM article_events"
        " WHERE article_id = ?1 ORDER BY start_offset";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, sql, &stmt);
    *out = NULL;
    *count = 0;
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, id);
    bulletin_event_date *events = NULL;
    size_t n = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        bulletin_event_date *grown = realloc(events, (n + 1) * sizeof *grown);
        if (!grown) {
            st = bulletin__nomem();
            break;
        }
        events = grown;
        const char *from = (const char *)sqlite3_column_text(stmt, 0);
        const char *to = (const char *)sqlite3_column_text(stmt, 1);
        snprintf(events[n].from, sizeof events[n].from, "%s", from ? from : "");
        snprintf(events[n].to, sizeof events[n].to, "%s", to ? to : "");
        events[n].start = (size_t)sqlite3_column_int64(stmt, 2);
        events[n].end = (size_t)sqlite3_column_int64(stmt, 3);
        n++;
    }
    if (!st && rc != SQLITE_DONE)
        st = bulletin__sqlite_error(a, rc, "reading event dates");
    sqlite3_reset(stmt);
    *out = events;
    *count = n;
    return st;
}

void bulletin__tags_array_free(const bulletin_tag *tags, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free((char *)tags[i].name);
    free((bulletin_tag *)tags);
}

/* The primary district first, then by weight. */
const char bulletin__districts_sql[] =
    "SELECT district, weight FROM article_districts WHERE article_id = ?1"
    " ORDER BY is_primary DESC, weight DESC, district";
const char bulletin__topics_sql[] =
    "SELECT topic, score FROM article_topics WHERE article_id = ?1"
    " ORDER BY score DESC, topic";

static bulletin_status get_tags_locked(bulletin_archive *a, int64_t id,
                                       bulletin_article_tags *t)
{
    /* A continuation's tags are its article's: search folds parts the same
     * way (article_parts). */
    static const char main_sql[] =
        "SELECT coalesce((SELECT main_id FROM article_parts WHERE part_id = ?1), id)"
        " FROM articles WHERE id = ?1";
    sqlite3_stmt *stmt;
    bulletin_status st = bulletin__prepare(a, main_sql, &stmt);
    if (st)
        return st;
    sqlite3_bind_int64(stmt, 1, id);
    int rc = sqlite3_step(stmt);
    int64_t main_id = rc == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
    sqlite3_reset(stmt);
    if (rc == SQLITE_DONE)
        return bulletin__error(BULLETIN_ERROR_NOT_FOUND, "no article with id %lld",
                               (long long)id);
    if (rc != SQLITE_ROW)
        return bulletin__sqlite_error(a, rc, "reading tags");
    t->primary_district = "";
    if ((st = bulletin__read_tags(a, bulletin__districts_sql, main_id, &t->districts,
                                  &t->district_count)) ||
        (st = bulletin__read_tags(a, bulletin__topics_sql, main_id, &t->topics,
                                  &t->topic_count)) ||
        (st = bulletin__read_events(a, main_id, &t->event_dates, &t->event_date_count)))
        return st;
    if (t->district_count)
        t->primary_district = t->districts[0].name;
    return BULLETIN_OK;
}

bulletin_status bulletin_archive_get_tags(bulletin_article_tags **out,
                                          bulletin_archive *a, int64_t id)
{
    if (out)
        *out = NULL;
    if (!out || !a)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT, "archive and out are required");
    bulletin_article_tags *t = calloc(1, sizeof *t);
    if (!t)
        return bulletin__nomem();
    pthread_mutex_lock(&a->lock);
    bulletin_status st = get_tags_locked(a, id, t);
    pthread_mutex_unlock(&a->lock);
    if (st) {
        bulletin_article_tags_free(t);
        return st;
    }
    *out = t;
    return BULLETIN_OK;
}

void bulletin_article_tags_free(bulletin_article_tags *t)
{
    if (!t)
        return;
    bulletin__tags_array_free(t->districts, t->district_count);
    bulletin__tags_array_free(t->topics, t->topic_count);
    free((bulletin_event_date *)t->event_dates);
    free(t);
}
