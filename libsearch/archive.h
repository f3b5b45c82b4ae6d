/* archive.h - the archive handle, shared by archive.c and search.c
 * (the only two modules that write SQL). */
#ifndef BULLETIN_ARCHIVE_H
#define BULLETIN_ARCHIVE_H

#include "internal.h"
#include "tag/tag.h"

#include <pthread.h>
#include <sqlite3.h>

/* The schema this library writes and reads.  Bump it with every change
 * to the tables, and teach archive_upgrade() the step from the last. */
#define BULLETIN_SCHEMA_VERSION 3

/* PRAGMA application_id of every archive: "BuLL". */
#define BULLETIN_APPLICATION_ID 0x42754c4c

struct bulletin_archive {
    sqlite3 *db;
    char *path;
    bool readonly;
    pthread_mutex_t lock;          /* serialises every public call */
    bulletin_tokenizer *tokenizer; /* for compiling queries, and for tagging */
    bulletin_tagger *tagger;       /* loaded on first use (retag.c) */
    bulletin__tags tags;           /* scratch for tagging one article */
    bulletin_folded fold_scratch;  /* for the SQL function bulletin_fold() */
    struct bulletin__pretok *pretok;  /* texts tokenized ahead (pretok.h); NULL read-only */
    bool tokenize_ahead;           /* bulletin_archive_index() queues texts there */
    struct bulletin__tag_index *tag_index;  /* for facet counts (facets.c), or NULL */
    bool tag_index_wanted;         /* a search read many matches without it (search.c) */
    struct {                       /* the archive's state when it could not be loaded */
        bool refused;
        int64_t data_version, changes;
    } tag_index_refusal;
    /* Row buffers of finished searches, for the next (rank.c): reading
     * half a million matches into fresh memory spends a fifth of its
     * time faulting pages in. */
    struct bulletin__match *spare_rows[2];
    size_t spare_cap[2];
    int schema_version;            /* of the file (1 to 3) */
    const char *rank_weights;      /* bm25's column weights in this schema's order */
    struct {                       /* prepared statements, by SQL text */
        const char *sql;
        sqlite3_stmt *stmt;
    } cache[96];
};

/* Record an error from SQLite's state, in words for people: raw SQLite
 * messages never reach users, but they are kept after a colon for
 * developers.  `what` says what was being done ("storing an article"). */
bulletin_status bulletin__sqlite_error(bulletin_archive *a, int rc, const char *what);

/* The prepared statement for `sql`, a string literal (the cache is keyed
 * by its address), reset and with its bindings cleared.  The statement
 * belongs to the archive: never finalize it. */
bulletin_status bulletin__prepare(bulletin_archive *a, const char *sql,
                                  sqlite3_stmt **out);

/* Run the cached statement `sql` (a string literal) once, with ?1 bound
 * to `id` when `id` > 0, expecting no rows; `what` names the work in the
 * error message. */
bulletin_status bulletin__run_sql(bulletin_archive *a, const char *sql, int64_t id,
                                  const char *what);

/* Run the cached statement `sql` (a string literal) and set *out to the
 * integer in the first column of its first row (0 when it returns no
 * row).  A failure to prepare or to step is recorded as the archive's
 * SQLite error with `what` naming the work ("reading the archive
 * header"), through bulletin__sqlite_error(): SQLite's own message only
 * after a colon, never the SQL.  *out is left as it was when preparing
 * fails. */
bulletin_status bulletin__single_int(bulletin_archive *a, const char *sql, const char *what,
                                     int64_t *out);

/* Bind text or NULL when s is NULL. */
int bulletin__bind_text(sqlite3_stmt *stmt, int i, const char *s);

/* Duplicate a column's text ("" for NULL); NULL on out-of-memory. */
char *bulletin__column_dup(sqlite3_stmt *stmt, int i);

/* ---- jump lines (jumps.c) ---- */
struct bulletin_jumps;

/* Store the jump lines of article `id` (NULL or zeros: it has none),
 * replacing those it had. */
bulletin_status bulletin__jumps_save(bulletin_archive *a, int64_t id,
                                     const struct bulletin_jumps *jumps);

/* Link the parts of the articles of issue `date` anew.  `*linked` grows
 * by the number of jump lines of the articles `batch_ids` (n of them)
 * that found their other part. */
bulletin_status bulletin__jumps_relink(bulletin_archive *a, const char *date,
                                       const int64_t *batch_ids, size_t n,
                                       size_t *linked);

/* The main part of the article that `id` belongs to (`id` itself when it
 * is not a linked continuation). */
bulletin_status bulletin__jumps_main(bulletin_archive *a, int64_t id, int64_t *main);

/* Append the bodies of the continuations of `main` to `*body` (malloc'd;
 * replaced by the whole). */
bulletin_status bulletin__jumps_join_bodies(bulletin_archive *a, int64_t main,
                                            char **body);
/* ---- retag.c ---- */

/* The archive's tagger: built on first use from the gazetteer and
 * taxonomy stored in the archive (by `retag`), else the built-in ones. */
bulletin_status bulletin__tagger_get(bulletin_archive *a, bulletin_tagger **out);

/* Write the tags of the stored article `id` (replacing old ones): `tags`,
 * found ahead by another thread, or when NULL the tags the archive's
 * tagger finds in `art`.  The caller holds the lock and a transaction. */
bulletin_status bulletin__store_tags(bulletin_archive *a, int64_t id,
                                     const bulletin_article *art, const bulletin__tags *tags);

/* ---- store.c ---- */

/* Check an article before anything of it is stored: fields present and
 * valid UTF-8, a valid date, a body within the length limit.  Errors:
 * INVALID_ARGUMENT. */
bulletin_status bulletin__check_article(const bulletin_article *art);

/* Stored tags (tags.c).  bulletin__read_tags runs `sql`, one of the two
 * below (?1 = article id, rows of name and weight); the arrays belong to
 * the caller, released with bulletin__tags_array_free() and free(). */
extern const char bulletin__districts_sql[];
extern const char bulletin__topics_sql[];
bulletin_status bulletin__read_tags(bulletin_archive *a, const char *sql, int64_t id,
                                    const bulletin_tag **out, size_t *count);
bulletin_status bulletin__read_events(bulletin_archive *a, int64_t id,
                                      const bulletin_event_date **out, size_t *count);
void bulletin__tags_array_free(const bulletin_tag *tags, size_t n);

#endif
