/* match_set.c - a MATCH expression written by compile.c, as the set
 * operations over its phrases that give the rows it matches.
 *
 * Counting the facets of a search that matches half the archive needs
 * every matching row, not their order or rank.  FTS5 finds them by
 * walking the expression row by row: for ("时代" OR "时代|") it merges
 * the two phrases' doclists and, per row, SQLite's loop calls back into
 * FTS5 and into the caller.  Walking each phrase's doclist on its own
 * into a bitmap and combining the bitmaps is the same set, at under
 * half the cost (488,000 rows: 21 ms against 36 ms for count(*)).
 *
 * The program is postfix, one byte per step: 'P' pushes the next phrase
 * (the k-th 'P' is FTS5's phrase k, as phrases are numbered left to
 * right), '|' and '&' replace the top two sets by their union and
 * intersection, '-' by the first without the second.  A column filter
 * ("headline : ...") adds no step: FTS5 gives each phrase under it the
 * filter, and walks it with the filter (xQueryPhrase). */
#include "config.h"
#include "query.h"
#include "fts5_tokenizer.h"

#include <stdbool.h>

#include <string.h>

const char *bulletin__fts5_string_end(const char *s)
{
    /* A doubled quote is one inside the string. */
    while (*s && !(s[0] == '"' && s[1] != '"'))
        s += *s == '"' ? 2 : 1;
    return s;
}

int bulletin__fts5_drop_phrases(bulletin_buf *match,
                                int (*empty)(void *ctx, const char *phrase, size_t len),
                                void *ctx)
{
    static const char lead[] = " OR \"" BULLETIN_FTS5_STRADDLE_MARK;
    if (!match->data)
        return 0;
    bulletin_buf out = BULLETIN_BUF_INIT;
    const char *s = match->data;
    int rc = 0;
    bool dropped = false;
    while (rc == 0 && *s) {
        const char *at = strstr(s, lead);
        if (!at)
            break;
        const char *open = at + 4, *close = bulletin__fts5_string_end(open + 1);
        /* Only a whole phrase with nothing after it but the group's next
         * phrase or its end (compile.c writes no prefix on these). */
        bool whole = *close == '"' && (close[1] == ')' || !strncmp(close + 1, " OR ", 4));
        int verdict = whole ? empty(ctx, open, (size_t)(close + 1 - open)) : 0;
        if (verdict < 0) {
            rc = verdict;
            break;
        }
        /* Keep the text up to the phrase, and the phrase unless dropped. */
        dropped |= verdict > 0;
        const char *upto = verdict ? at : close + 1;
        if (!bulletin_buf_append(&out, s, (size_t)(upto - s)))
            rc = -1;
        s = close + 1;
    }
    if (rc == 0 && dropped) {
        if (!bulletin_buf_append_str(&out, s))
            rc = -1;
        else {
            bulletin_buf_free(match);
            *match = out;
            return 0;
        }
    }
    bulletin_buf_free(&out);
    return rc;
}

typedef enum { T_END, T_OPEN, T_CLOSE, T_PHRASE, T_WORD, T_COLON, T_BAD } token_kind;

typedef struct lexer {
    const char *s;
    token_kind kind;
    const char *word;   /* T_WORD: its first byte */
    size_t len;         /* T_WORD: its length */
} lexer;

/* Read the next token into lx->kind. */
static void advance(lexer *lx)
{
    while (*lx->s == ' ')
        lx->s++;
    char c = *lx->s;
    if (!c) {
        lx->kind = T_END;
        return;
    }
    lx->s++;
    if (c == '(' || c == ')' || c == ':') {
        lx->kind = c == '(' ? T_OPEN : c == ')' ? T_CLOSE : T_COLON;
        return;
    }
    if (c == '"') {
        lx->s = bulletin__fts5_string_end(lx->s);
        if (!*lx->s) {
            lx->kind = T_BAD;
            return;
        }
        lx->s++;
        /* A prefix phrase ("会" *) is still one phrase. */
        const char *after = lx->s;
        while (*after == ' ')
            after++;
        if (*after == '*')
            lx->s = after + 1;
        lx->kind = T_PHRASE;
        return;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        lx->word = lx->s - 1;
        while ((*lx->s >= 'a' && *lx->s <= 'z') || (*lx->s >= 'A' && *lx->s <= 'Z') ||
               *lx->s == '_')
            lx->s++;
        lx->len = (size_t)(lx->s - lx->word);
        lx->kind = T_WORD;
        return;
    }
    lx->kind = T_BAD;   /* NEAR(...), +, {columns}: never written by compile.c */
}

static bool is_word(const lexer *lx, const char *w)
{
    return lx->kind == T_WORD && lx->len == strlen(w) && !memcmp(lx->word, w, lx->len);
}

/* FTS5's precedence: NOT binds tighter than AND, AND than OR; all three
 * group to the left.  0 when the token is not an operator. */
static int precedence(const lexer *lx, char *step)
{
    static const struct { const char *word; char step; int prec; } ops[] = {
        { "OR", '|', 1 }, { "AND", '&', 2 }, { "NOT", '-', 3 },
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (is_word(lx, ops[i].word)) {
            *step = ops[i].step;
            return ops[i].prec;
        }
    return 0;
}

static bool parse_expr(lexer *lx, int min_prec, bulletin_buf *out, size_t depth);

static bool parse_primary(lexer *lx, bulletin_buf *out, size_t depth)
{
    if (depth > 200)   /* compile.c nests as the query does: refuse a stack-deep one */
        return false;
    char step;
    switch (lx->kind) {
    case T_OPEN:
        advance(lx);
        if (!parse_expr(lx, 1, out, depth + 1) || lx->kind != T_CLOSE)
            return false;
        advance(lx);
        return true;
    case T_PHRASE:
        advance(lx);
        return bulletin_buf_append_char(out, 'P');
    case T_WORD:   /* a column filter: "headline : ..." */
        if (precedence(lx, &step))
            return false;
        advance(lx);
        if (lx->kind != T_COLON)
            return false;
        advance(lx);
        return parse_primary(lx, out, depth + 1);
    default:
        return false;
    }
}

/* Precedence climbing: operands and operators at or above min_prec. */
static bool parse_expr(lexer *lx, int min_prec, bulletin_buf *out, size_t depth)
{
    if (!parse_primary(lx, out, depth))
        return false;
    for (;;) {
        char step;
        int prec = precedence(lx, &step);
        if (!prec) /* the end, a ')', or FTS5's implicit AND (never written) */
            return lx->kind == T_END || lx->kind == T_CLOSE;
        if (prec < min_prec)
            return true;
        advance(lx);
        if (!parse_expr(lx, prec + 1, out, depth + 1) || !bulletin_buf_append_char(out, step))
            return false;
    }
}

bool bulletin__fts5_set_program(const char *match, bulletin_buf *out)
{
    size_t mark = out->len;
    lexer lx = { match, T_BAD, NULL, 0 };
    advance(&lx);
    if (bulletin_buf_reserve(out, 0) && parse_expr(&lx, 1, out, 0) && lx.kind == T_END)
        return true;
    if (out->data) {
        out->len = mark;
        out->data[mark] = '\0';
    }
    return false;
}
