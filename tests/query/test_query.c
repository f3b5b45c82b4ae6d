/* test_query.c - the user query language: what it compiles to, and the
 * clear errors (with positions) it gives for anything malformed or
 * hostile.  No string a user can type may reach FTS5 unquoted. */
#include "config.h"

#include <bulletin.h>
#include <stdlib.h>
#include <string.h>

#include "query/query.h"
#include "tap.h"

static bulletin_tokenizer *tok;

/* Compile `q` as a search does; returns the FTS5 expression (static) or
 * NULL on error. */
static const char *compile(const char *q)
{
    static bulletin_buf out = BULLETIN_BUF_INIT;
    bulletin_buf_clear(&out);
    bulletin_compiled_query cq;
    if (bulletin__query_compile_search(q, false, tok, NULL, &cq) != BULLETIN_OK)
        return NULL;
    bulletin_buf_append(&out, cq.match.data, cq.match.len);
    bulletin__compiled_query_free(&cq);
    return out.data;
}

static void expect_fts5(const char *q, const char *want)
{
    const char *got = compile(q);
    is_str(got, want, "query %s compiles as expected", q);
}

/* The query fails with a query error at byte `offset`. */
static void expect_error(const char *q, long offset, const char *needle)
{
    const char *got = compile(q);
    const bulletin_error *e = bulletin_error_last();
    ok(!got && e->status == BULLETIN_ERROR_QUERY && e->offset == offset &&
           strstr(e->message, needle),
       "query '%s' is an error at byte %ld mentioning '%s'", q, offset, needle);
    if (got || e->offset != offset || !strstr(e->message, needle))
        printf("#   got: %s / offset %ld / %s\n", got ? got : "(error)", e->offset, e->message);
}

static void test_words_are_anded_and_han_words_ranked_twice(void)
{
    expect_fts5("西城 工会",
                "((\"\x01西城\" OR \"\x02" "A西城\") AND (\"\x01工会\" OR \"\x02" "A工会\"))");
    expect_fts5("app", "\"app\"");
    expect_fts5("会", "\"会\" *");
}

static void test_phrases_or_and_exclusion(void)
{
    /* Two bigrams: the whole-words phrase and the 3 other choices of the
     * bigrams' forms (mask characters A to C). */
    expect_fts5("下一步",
                "(\"\x01下一步\" OR \"\x02" "A下一步\" OR \"\x02" "B下一步\" OR "
                "\"\x02" "C下一步\")");
    /* Past three characters, the plain phrase, its forms merged by FTS5. */
    expect_fts5("\"暖心 驿站\"", "(\"\x01暖心 驿站\" OR \"暖心 驿站\")");
    expect_fts5("“暖心驿站”", "(\"\x01暖心驿站\" OR \"暖心驿站\")");
    expect_fts5("西城 OR 东城",
                "((\"\x01西城\" OR \"\x02" "A西城\") OR (\"\x01东城\" OR \"\x02" "A东城\"))");
    expect_fts5("工会 -广告",
                "((\"\x01工会\" OR \"\x02" "A工会\")) NOT (\"\x01广告\" OR \"\x02" "A广告\")");
    expect_fts5("(西城 OR 东城) 工会",
                "(((\"\x01西城\" OR \"\x02" "A西城\") OR (\"\x01东城\" OR \"\x02" "A东城\")) AND "
                "(\"\x01工会\" OR \"\x02" "A工会\"))");
    expect_fts5("or and", "(\"or\" AND \"and\")");
    /* Ends in a lone Han character: a prefix search for it. */
    expect_fts5("2018-2020年", "\"2018-2020年\" *");
}

static void test_fts5_syntax_is_only_text(void)
{
    /* Every operator of FTS5 arrives quoted, as plain text. */
    expect_fts5("NEAR(a b)", "(\"NEAR\" AND (\"a\" AND \"b\"))");
    /* FTS5's column syntax is not: an unknown field is an error, and
     * quoted it is plain text. */
    expect_error("body:x", 0, "unknown field 'body'");
    expect_fts5("\"body:x\"", "\"body:x\"");
    expect_fts5("a* ^b", "(\"a*\" AND \"^b\")");
    expect_fts5("x'; DROP TABLE articles; --", "(\"x';\" AND \"DROP\" AND \"TABLE\" AND \"articles;\")");
}

static void test_hostile_queries_give_positioned_errors(void)
{
    expect_error("", 0, "empty");
    expect_error("   ", 0, "empty");
    expect_error("\"西城", 0, "never closed");
    expect_error("西城 \"工会", 7, "never closed");
    expect_error("(西城", 0, "never closed");
    expect_error("西城)", 6, "without an opening");
    expect_error("()", 0, "empty parentheses");
    expect_error("OR 西城", 0, "operator");
    expect_error("西城 OR", 7, "OR needs");
    expect_error("西城 OR OR 东城", 7, "OR needs");
    expect_error("-西城", 0, "only leave words out");
    expect_error("- 西城", 0, "followed directly");
    expect_error("西城 OR -东城", 10, "alternative of OR");
    expect_error("，。！", 0, "no words");
    expect_error("西城 \xff", 7, "UTF-8");
}

static void test_limits(void)
{
    char *big = malloc(1 << 20);
    memset(big, 'a', (1 << 20) - 1);
    big[(1 << 20) - 1] = '\0';
    expect_error(big, 4096, "too long");
    /* Ten thousand terms. */
    size_t n = 0;
    for (int i = 0; i < 10000 && n + 3 < (1 << 20); i++) {
        big[n++] = 'a';
        big[n++] = ' ';
    }
    big[n] = '\0';
    const char *got = compile(big);
    ok(!got && bulletin_error_last()->status == BULLETIN_ERROR_QUERY,
       "ten thousand terms give a query error (too long or too many)");
    strcpy(big, "");
    for (int i = 0; i < 70; i++)
        strcat(big, "x ");
    expect_error(big, 128, "too many words");
    big[0] = '\0';
    for (int i = 0; i < 20; i++)
        strcat(big, "(");
    strcat(big, "a");
    for (int i = 0; i < 20; i++)
        strcat(big, ")");
    expect_error(big, 16, "nested too deeply");
    free(big);
}

/* bulletin_query_to_fts5 is for plain SQL, ranked by FTS5's bm25(): a
 * rare straddling form apart would weigh as a rare word there, so its
 * words keep their forms merged. */
static void test_the_public_expression_merges_forms_for_bm25(void)
{
    char *got = NULL;
    ok(!bulletin_query_to_fts5(&got, "工会 下一步") && got &&
           !strcmp(got, "((\"\x01工会\" OR \"工会\") AND (\"\x01下一步\" OR \"下一步\"))"),
       "bulletin_query_to_fts5 merges the forms: %s", got ? got : "(error)");
    bulletin_string_free(got);
    got = NULL;
    ok(bulletin_query_to_fts5(&got, "工会 district:西城") == BULLETIN_ERROR_QUERY && !got,
       "and refuses filter fields as before");
}

static void test_control_characters_cannot_forge_markers(void)
{
    /* \x01 is the whole-words marker inside compiled queries: a user
     * cannot smuggle one in. */
    const char *got = compile("\x01工会");
    ok(got && !strstr(got, "\"\x01\x01"), "a user's \\x01 is dropped, not passed on");
    /* \x02 (the straddling form's marker) neither. */
    got = compile("\x02工会 \x02劳\x02模");
    ok(got && !strstr(got, "\x02\x02") && !strstr(got, "\"\x01\x02") &&
           strstr(got, "\"\x02" "A 工会\""),
       "a user's \\x02 is dropped, not passed on: %s", got ? got + 1 : "(error)");
    expect_error("a\"b", 1, "never closed");
}

/* The set program of `q`'s compiled expression (static), or NULL. */
static const char *program_of(const char *q)
{
    static bulletin_buf out = BULLETIN_BUF_INIT;
    bulletin_buf_clear(&out);
    const char *match = compile(q);
    return match && bulletin__fts5_set_program(match, &out) ? out.data : NULL;
}

static void test_an_expression_becomes_set_operations_over_its_phrases(void)
{
    static const struct { const char *query, *program; } cases[] = {
        { "app", "P" },
        { "会", "P" },                             /* a prefix phrase */
        { "工会", "PP|" },                         /* a word's two forms */
        { "西城 app", "PP|P&" },
        { "下一步 OR app", "PP|P|P|P|" },    /* OR groups to the left */
        { "工会 -北京", "PP|PP|-" },
        { "app -bar -baz", "PP-P-" },              /* NOT groups to the left */
        { "app (bar OR baz -qux) zot", "PPPP-|&P&" },   /* NOT binds before OR */
        { "headline:app bar", "PP&" },             /* a column filter adds no step */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        is_str(program_of(cases[i].query), cases[i].program, "%s: the set program of %s",
               cases[i].query, compile(cases[i].query));
    /* One 'P' for each of FTS5's phrases, as bulletin_rank's roles count
     * them, on queries of every shape the language has. */
    static const char *const shapes[] = {
        "工会 下一步 也可以", "(劳模 OR 工匠) -北京 headline:驿站", "\"北京市 总工会\" 会",
        "a OR (b c -d) OR headline:工会", "職工 职工 app*",
    };
    int mismatched = 0;
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        const char *program = program_of(shapes[i]);
        bulletin_buf roles = BULLETIN_BUF_INIT;
        size_t phrases = 0;
        for (const char *step = program; step && *step; step++)
            phrases += *step == 'P';
        if (!program || !bulletin__fts5_phrase_roles(compile(shapes[i]), &roles) ||
            phrases != roles.len) {
            printf("#   %s: %s\n", shapes[i], program ? program : "(none)");
            mismatched++;
        }
        bulletin_buf_free(&roles);
    }
    is_int(mismatched, 0, "every query's program has as many phrases as its expression");
    bulletin_buf quoted = BULLETIN_BUF_INIT;   /* a quote doubled inside a phrase */
    ok(bulletin__fts5_set_program("(\"a\"\"b\" OR \"c\")", &quoted) &&
           !strcmp(quoted.data, "PP|"),
       "a doubled quote stays inside its phrase");
    bulletin_buf_free(&quoted);
    /* What compile.c never writes is refused, not guessed at. */
    static const char *const foreign[] = {
        "NEAR(\"a\" \"b\")", "\"a\" \"b\"", "(\"a\"", "\"a\" AND", "\"a", "{headline}: \"a\"",
        "OR \"a\"",
    };
    for (size_t i = 0; i < sizeof foreign / sizeof foreign[0]; i++) {
        bulletin_buf out = BULLETIN_BUF_INIT;
        ok(!bulletin__fts5_set_program(foreign[i], &out) && (!out.data || !out.len),
           "no program for %s", foreign[i]);
        bulletin_buf_free(&out);
    }
}

/* Drops every straddle phrase whose mask letter is in `ctx`, records
 * what it was asked. */
typedef struct dropper {
    const char *masks;
    bulletin_buf asked;
    int fail_at;   /* 1-based call that fails, 0: none */
    int calls;
} dropper;

static int drop_masks(void *ctx, const char *phrase, size_t len)
{
    dropper *d = ctx;
    d->calls++;
    bulletin_buf_append(&d->asked, phrase, len);
    bulletin_buf_append_char(&d->asked, ';');
    if (d->calls == d->fail_at)
        return -2;
    return strchr(d->masks, phrase[2]) != NULL;   /* "\x02" then the mask letter */
}

static void test_empty_forms_apart_are_dropped_from_an_expression(void)
{
    bulletin_buf m = BULLETIN_BUF_INIT;
    bulletin_buf_append_str(&m, compile("下一步 也可以 app"));
    dropper d = { "BC", BULLETIN_BUF_INIT, 0, 0 };
    is_int(bulletin__fts5_drop_phrases(&m, drop_masks, &d), 0, "dropping succeeds");
    is_str(m.data,
           "((\"\x01下一步\" OR \"\x02" "A下一步\") AND (\"\x01也可以\" OR \"\x02"
           "A也可以\") AND \"app\")",
           "forms B and C of both words are gone, with their ORs; the rest is as it was");
    is_int(d.calls, 6, "each straddle phrase was asked about once, whole-word ones never");
    ok(strstr(d.asked.data, "\"\x02" "C也可以\";") != NULL, "with its quotes: %s",
       d.asked.data + 1);
    bulletin_buf program = BULLETIN_BUF_INIT;
    ok(bulletin__fts5_set_program(m.data, &program) && !strcmp(program.data, "PP|PP|&P&"),
       "what is left is still an expression the set reader knows: %s",
       program.data ? program.data : "(none)");
    bulletin_buf_free(&program);

    dropper all = { "ABC", BULLETIN_BUF_INIT, 0, 0 };
    bulletin__fts5_drop_phrases(&m, drop_masks, &all);
    is_str(m.data, "((\"\x01下一步\") AND (\"\x01也可以\") AND \"app\")",
           "all forms apart dropped: each word keeps its whole-word phrase");

    bulletin_buf_clear(&m);
    bulletin_buf_append_str(&m, compile("工会"));
    char *before = strdup(m.data);
    dropper failing = { "A", BULLETIN_BUF_INIT, 1, 0 };
    is_int(bulletin__fts5_drop_phrases(&m, drop_masks, &failing), -2,
           "the lookup's failure is returned");
    is_str(m.data, before, "and the expression is left as it was");
    dropper none = { "", BULLETIN_BUF_INIT, 0, 0 };
    is_int(bulletin__fts5_drop_phrases(&m, drop_masks, &none), 0, "nothing to drop");
    is_str(m.data, before, "leaves it as it was");
    free(before);
    bulletin_buf_free(&m);
    bulletin_buf_free(&d.asked);
    bulletin_buf_free(&all.asked);
    bulletin_buf_free(&failing.asked);
    bulletin_buf_free(&none.asked);
}

int main(void)
{
    if (bulletin_tokenizer_new(&tok) != BULLETIN_OK) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        return 1;
    }
    test_words_are_anded_and_han_words_ranked_twice();
    test_phrases_or_and_exclusion();
    test_fts5_syntax_is_only_text();
    test_hostile_queries_give_positioned_errors();
    test_limits();
    test_the_public_expression_merges_forms_for_bm25();
    test_control_characters_cannot_forge_markers();
    test_an_expression_becomes_set_operations_over_its_phrases();
    test_empty_forms_apart_are_dropped_from_an_expression();
    bulletin_tokenizer_free(tok);
    return tap_done();
}
