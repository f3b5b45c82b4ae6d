/* fts5_tokenizer.c - the bulletin tokenizer as an SQLite FTS5 tokenizer.
 *
 * A thin adapter over the public tokenizer API (bulletin.h): it adds
 * nothing to the terms, it only maps FTS5's calls and flags.  The same
 * file is compiled twice: into libbulletin, where bulletin_sqlite_register()
 * registers it on the archive's connections, and into the loadable
 * extension (BULLETIN_SQLITE_EXTENSION defined), where SQLite's routines
 * come through the extension API pointer so that the module works inside
 * any host that loads it (the sqlite3 shell, Python's sqlite3).
 *
 * Query strings written by the query compiler may start with
 * BULLETIN_FTS5_WORDS_MARK: that phrase is tokenized in "whole words"
 * mode (see bulletin_tokenize_mode).
 *
 * A table declared with tokenize='bulletin word_trigrams' (archives of
 * schema 3 on) has trigram terms; one declared tokenize='bulletin' (older
 * archives) has not, and its documents and whole-words phrases are
 * tokenized without them, so each table keeps matching what it stores. */
#include "config.h"

#ifdef BULLETIN_SQLITE_EXTENSION
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1
#else
#include <sqlite3.h>
#endif

#include "bulletin.h"
#include "fts5_tokenizer.h"
#ifndef BULLETIN_SQLITE_EXTENSION
#include "pretok.h"
#endif

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* One instance per FTS5 table: our tokenizer, and the archive's record
 * of texts tokenized ahead on another thread (pretok.h), if any. */
typedef struct instance {
    bulletin_tokenizer *tok;
    void *pretok;
    bool word_trigrams;   /* the table's index has trigram terms */
} instance;

typedef struct token_ctx {
    void *fts5_ctx;
    int (*xToken)(void *, int, const char *, int, int, int);
    int rc;                  /* what xToken returned, if not SQLITE_OK */
    size_t shift;            /* bytes of marker removed from the input */
    /* BULLETIN_FTS5_STRADDLE_MARK's mask: bit i set, position i passes
     * only its straddling forms ("ab|"), else only its inside forms. */
    unsigned straddle_mask;
    bool forms_chosen;       /* a mask was given */
    int position;            /* of the current term, from 0 */
    bool position_open;      /* a term of the current position was passed */
} token_ctx;

static int fts5_create(void *pretok, const char **argv, int argc,
                       Fts5Tokenizer **out)
{
    *out = NULL;
    /* One option: BULLETIN_FTS5_WORD_TRIGRAMS.  Anything else is refused
     * rather than ignored, a typo included. */
    bool word_trigrams = argc == 1 && !strcmp(argv[0], BULLETIN_FTS5_WORD_TRIGRAMS);
    if (argc > 1 || (argc == 1 && !word_trigrams))
        return SQLITE_ERROR;
    instance *in = malloc(sizeof *in);
    if (!in)
        return SQLITE_NOMEM;
    in->pretok = pretok;
    in->word_trigrams = word_trigrams;
    if (bulletin_tokenizer_new(&in->tok) != BULLETIN_OK) {
        free(in);
        return bulletin_error_last()->status == BULLETIN_ERROR_NOMEM
                   ? SQLITE_NOMEM : SQLITE_ERROR;
    }
    bulletin_tokenizer_set_word_trigrams(in->tok, word_trigrams);
    *out = (Fts5Tokenizer *)in;
    return SQLITE_OK;
}

static void fts5_delete(Fts5Tokenizer *tok)
{
    instance *in = (instance *)tok;
    bulletin_tokenizer_free(in->tok);
    free(in);
}

static int pass_token(void *vctx, int flags, const char *term, size_t len,
                      size_t start, size_t end)
{
    token_ctx *ctx = vctx;
    bool colocated = (flags & BULLETIN_TOKEN_COLOCATED) != 0;
    if (ctx->forms_chosen) {
        /* The position's first wanted form opens it; the others are its
         * synonyms.  The other forms are left to the phrases this one is
         * ORed with. */
        if (!colocated) {
            ctx->position++;
            ctx->position_open = false;
        }
        bool straddles = len && term[len - 1] == '|';
        bool wanted = ctx->position < 8 && ((ctx->straddle_mask >> ctx->position) & 1);
        if (straddles != wanted)
            return 0;
        colocated = ctx->position_open;
        ctx->position_open = true;
    }
    int tflags = colocated ? FTS5_TOKEN_COLOCATED : 0;
    int rc = ctx->xToken(ctx->fts5_ctx, tflags, term, (int)len,
                         (int)(start + ctx->shift), (int)(end + ctx->shift));
    if (rc != SQLITE_OK) {
        ctx->rc = rc;
        return 1;
    }
    return 0;
}

static int fts5_tokenize(Fts5Tokenizer *tok, void *fts5_ctx, int flags,
                         const char *text, int len,
                         int (*xToken)(void *, int, const char *, int, int, int))
{
    token_ctx ctx = { fts5_ctx, xToken, SQLITE_OK, 0, 0, false, -1, false };
    bulletin_tokenize_mode mode = BULLETIN_TOKENIZE_DOCUMENT;
    if (len < 0)
        len = 0;
    if (flags & FTS5_TOKENIZE_QUERY) {
        mode = BULLETIN_TOKENIZE_QUERY;
        size_t mark = strlen(BULLETIN_FTS5_WORDS_MARK);
        if ((size_t)len >= mark && !memcmp(text, BULLETIN_FTS5_WORDS_MARK, mark)) {
            mode = BULLETIN_TOKENIZE_QUERY_WORDS;
            text += mark;
            len -= (int)mark;
            ctx.shift = mark;
        } else if ((size_t)len > mark && !memcmp(text, BULLETIN_FTS5_STRADDLE_MARK, mark) &&
                   text[mark] >= BULLETIN_FTS5_MASK_BASE &&
                   text[mark] <= BULLETIN_FTS5_MASK_BASE + 31) {
            ctx.forms_chosen = true;
            ctx.straddle_mask = (unsigned)(text[mark] - BULLETIN_FTS5_MASK_BASE);
            text += mark + 1;
            len -= (int)mark + 1;
            ctx.shift = mark + 1;
        }
    }
    instance *in = (instance *)tok;
#ifndef BULLETIN_SQLITE_EXTENSION
    /* Text being indexed may have been tokenized already, on the archive's
     * helper thread: the same terms, recorded. */
    if (mode == BULLETIN_TOKENIZE_DOCUMENT && in->pretok &&
        bulletin__pretok_word_trigrams(in->pretok) == in->word_trigrams &&
        bulletin__pretok_replay(in->pretok, text, (size_t)len, pass_token, &ctx) == 0)
        return ctx.rc;
#endif
    bulletin_status st = bulletin_tokenizer_run(in->tok, text, (size_t)len, mode,
                                                pass_token, &ctx);
    if (ctx.rc != SQLITE_OK)
        return ctx.rc;
    if (st == BULLETIN_OK)
        return SQLITE_OK;
    return st == BULLETIN_ERROR_NOMEM ? SQLITE_NOMEM : SQLITE_ERROR;
}

/* Find the fts5_api of a connection (the documented way, SQLite >= 3.20). */
static fts5_api *fts5_api_of(sqlite3 *db)
{
    fts5_api *api = NULL;
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
        return NULL;
    sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(stmt);
    sqlite3_finalize(stmt);
    return api;
}

int bulletin__fts5_register_with(sqlite3 *db, void *pretok)
{
    fts5_api *api = fts5_api_of(db);
    if (!api)
        return SQLITE_ERROR;
    static fts5_tokenizer methods = { fts5_create, fts5_delete, fts5_tokenize };
    int rc = api->xCreateTokenizer(api, BULLETIN_FTS5_TOKENIZER, pretok, &methods, NULL);
#ifndef BULLETIN_SQLITE_EXTENSION
    if (rc == SQLITE_OK)
        rc = bulletin__fts5_rank_register(api);
    if (rc == SQLITE_OK)
        rc = bulletin__fts5_collect_register(api);
#endif
    return rc;
}

int bulletin__fts5_register(sqlite3 *db)
{
    return bulletin__fts5_register_with(db, NULL);
}

#ifdef BULLETIN_SQLITE_EXTENSION
/* Entry point of the loadable extension "bulletin" (bulletin.so):
 *   sqlite3 bulletins.db
 *   sqlite> .load /usr/lib/x86_64-linux-gnu/bulletin-search/bulletin
 * after which the archive's FTS5 table can be queried with plain SQL. */
int sqlite3_bulletin_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);
int sqlite3_bulletin_init(sqlite3 *db, char **errmsg, const sqlite3_api_routines *api)
{
    SQLITE_EXTENSION_INIT2(api);
    int rc = bulletin__fts5_register(db);
    if (rc != SQLITE_OK && errmsg)
        *errmsg = sqlite3_mprintf("bulletin: cannot register the FTS5 tokenizer "
                                  "(is FTS5 compiled into this SQLite?)");
    return rc;
}
#endif
