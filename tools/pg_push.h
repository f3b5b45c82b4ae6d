/* pg_push.h - bulletin-search pg-push: copy an archive into PostgreSQL. */
#ifndef BULLETIN_PG_PUSH_H
#define BULLETIN_PG_PUSH_H

/* Run "pg-push [--quiet] CONNINFO" (argv[0] is "pg-push"); returns the
 * exit status.  `program` prefixes messages. */
int bulletin_cli_pg_push(const char *program, const char *db, int argc, char **argv);

#endif
