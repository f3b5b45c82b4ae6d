/* fuzz_query.c - any byte string as a user query.
 *
 * Promises checked: parsing and compiling never crash, fail only with
 * BULLETIN_ERROR_QUERY (with an offset inside the query), and whatever
 * they accept is an FTS5 expression that FTS5 itself accepts: no user
 * input ever reaches SQLite as syntax. */
#include "config.h"
#include "fuzz.h"
#include "query/query.h"
#include "fts5_tokenizer.h"

#include <sqlite3.h>
#include <string.h>

static bulletin_tokenizer *tok;
static sqlite3 *db;
static sqlite3_stmt *stmt;

static void setup(void)
{
    FUZZ_ASSERT(bulletin_tokenizer_new(&tok) == BULLETIN_OK);
    FUZZ_ASSERT(sqlite3_open(":memory:", &db) == SQLITE_OK);
    FUZZ_ASSERT(bulletin__fts5_register(db) == SQLITE_OK);
    FUZZ_ASSERT(sqlite3_exec(db,
                             "CREATE VIRTUAL TABLE t USING fts5(headline, subtitle, body,"
                             " tokenize='" BULLETIN_FTS5_TOKENIZER "');"
                             "INSERT INTO t VALUES('西城工会', '', '暖心驿站 為戶外勞動者 app 2018');",
                             NULL, NULL, NULL) == SQLITE_OK);
    FUZZ_ASSERT(sqlite3_prepare_v2(db, "SELECT count(*) FROM t WHERE t MATCH ?1", -1,
                                   &stmt, NULL) == SQLITE_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!tok)
        setup();
    char *query = malloc(size + 1);
    if (!query)
        return 0;
    memcpy(query, data, size);
    query[size] = '\0';
    bulletin_buf match = BULLETIN_BUF_INIT;
    bulletin_status st = bulletin__query_to_fts5(query, tok, &match);
    if (st == BULLETIN_OK) {
        sqlite3_reset(stmt);
        sqlite3_bind_text(stmt, 1, match.data, -1, SQLITE_STATIC);
        int rc = sqlite3_step(stmt);
        if (rc != SQLITE_ROW)
            fprintf(stderr, "FTS5 refused '%s': %s\n", match.data, sqlite3_errmsg(db));
        FUZZ_ASSERT(rc == SQLITE_ROW);
        sqlite3_reset(stmt);
    } else {
        const bulletin_error *e = bulletin_error_last();
        FUZZ_ASSERT(st == BULLETIN_ERROR_QUERY);
        FUZZ_ASSERT(e->offset >= 0 && (size_t)e->offset <= strlen(query));
        FUZZ_ASSERT(e->message[0] != '\0');
    }
    bulletin_buf_free(&match);
    free(query);
    return 0;
}
