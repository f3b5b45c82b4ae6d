/* pg_push.h - bulletin-search pg-push: copy an archive into PostgreSQL. */
#ifndef BULLETIN_PG_PUSH_H
#define BULLETIN_PG_PUSH_H

#include <bulletin.h>
#include <libpq-fe.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Run "pg-push [--quiet] CONNINFO" (argv[0] is "pg-push"); returns the
 * exit status.  `program` prefixes messages. */
int bulletin_cli_pg_push(const char *program, const char *db, int argc, char **argv);

/* Write `s` in COPY's text format: backslash, tab, newline and carriage
 * return escaped; NULL is \N. */
void bulletin_pg_copy_text(FILE *f, const char *s);

/* pg_push_tags.c: the tag tables of the PostgreSQL schema (run after the
 * articles table exists). */
extern const char bulletin_pg_tags_schema_sql[];

/* Inside pg-push's transaction, after the articles: bring the tags of
 * the articles `local[0..nl)` (sorted by id, all present in
 * bulletin.articles) in step with the archive file `db`.  `*sent`
 * receives the number of articles whose tags were sent.  Prints its own
 * messages; false on failure (the caller rolls back). */
bool bulletin_pg_push_tags(PGconn *pg, const char *db, const bulletin_article_digest *local,
                           size_t nl, size_t *sent, const char *program);

#endif
