/* test_tsquery_match.c - the query language for engines other than FTS5
 * (PostgreSQL tsquery text) and for texts in memory (matcher, spans,
 * snippets): same terms, same errors, original text untouched. */
#include "config.h"

#include <bulletin.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static bulletin_tokenizer *tok;

static char *tsq(const char *q, unsigned flags)
{
    char *out = NULL;
    bulletin_query_to_tsquery(&out, tok, q, flags);
    return out;
}

static void expect_tsquery(const char *q, unsigned flags, const char *want)
{
    char *got = tsq(q, flags);
    is_str(got, want, "%s query %s becomes the expected tsquery",
           flags ? "loose" : "exact", q);
    bulletin_string_free(got);
}

static void test_words_phrases_and_operators(void)
{
    expect_tsquery("西城区", 0, "(('西城' | '西城|') <-> ('城区' | '城区|'))");
    expect_tsquery("會", 0, "('会':*)");
    expect_tsquery("app", 0, "('app')");
    expect_tsquery("西城 OR 东城", 0, "((('西城' | '西城|')) | (('东城' | '东城|')))");
    expect_tsquery("工会 -广告", 0, "((('工会' | '工会|'))) & !(('广告' | '广告|'))");
    expect_tsquery("it's", 0, "('it\\'s')");
}

static void test_loose_form_drops_order_and_exclusions(void)
{
    expect_tsquery("西城区 -广告", BULLETIN_TSQUERY_LOOSE,
                   "((('西城' | '西城|') & ('城区' | '城区|')))");
}

static void test_errors_match_the_archive(void)
{
    const char *bad[] = { "\"open", "(工会", "工会)", "OR 工会", "-工会", "。，", "工会 OR -x" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *fts5 = NULL, *ts;
        bulletin_query_to_fts5(&fts5, bad[i]);
        char fts5_msg[256];
        snprintf(fts5_msg, sizeof fts5_msg, "%s", bulletin_error_last()->message);
        ts = tsq(bad[i], 0);
        ok(!ts && !fts5 && bulletin_error_last()->status == BULLETIN_ERROR_QUERY &&
               !strcmp(fts5_msg, bulletin_error_last()->message),
           "query '%s' is refused for tsquery with the archive's message", bad[i]);
    }
}

static int test_one(const char *query, const char *text)
{
    bulletin_matcher *m;
    if (bulletin_matcher_new(&m, tok, query))
        return -1;
    const char *texts[] = { text };
    size_t lens[] = { strlen(text) };
    int r = -1;
    bulletin_matcher_test(&r, m, texts, lens, 1);
    bulletin_matcher_free(m);
    return r;
}

static void test_matcher_decides_phrases_from_the_text(void)
{
    const char *t = "长文开头，口号结束。最后一段：长文结尾暗号。";
    is_int(test_one("结尾暗号", t), 1, "a phrase present in order matches");
    is_int(test_one("暗号结尾", t), 0, "its bigrams present out of order do not");
    is_int(test_one("学习", "學習貫徹"), 1, "a simplified query matches traditional text");
    is_int(test_one("会 -暗号", t), 0, "an excluded word present rejects the text");
    is_int(test_one("会 OR 口号", t), 1, "one side of OR is enough");
}

static void test_snippet_keeps_the_original_text(void)
{
    const char *t = "北京市西城區總工會的暖心驛站，为户外劳动者服务。";
    bulletin_matcher *m;
    bulletin_matcher_new(&m, tok, "暖心驿站 西城");
    char *s = NULL;
    bulletin_snippet_options o = BULLETIN_SNIPPET_OPTIONS_INIT;
    o.open = "[";
    o.close = "]";
    bulletin_matcher_snippet(&s, m, t, strlen(t), &o);
    is_str(s, "北京市[西城]區總工會的[暖心驛站]，为户外劳动者服务。",
           "whole-text snippet marks matches in the original script");
    bulletin_string_free(s);
    o.max_chars = 8;
    o.ellipsis = "~";
    bulletin_matcher_snippet(&s, m, t, strlen(t), &o);
    is_str(s, "~京市[西城]區總工會~", "a short snippet is a stretch of the original");
    bulletin_string_free(s);
    bulletin_matcher_free(m);
}

static size_t count_of(const char *s, const char *what)
{
    size_t n = 0;
    for (const char *p = s; p && (p = strstr(p, what)); p += strlen(what))
        n++;
    return n;
}

static void test_a_long_texts_snippet_is_where_its_matches_cluster(void)
{
    /* Some 12 KB: a lone match early on, the cluster in the middle. */
    static char t[16384];
    const char *filler = "职工们参加了这次活动，大家都很高兴。";
    t[0] = '\0';
    for (int i = 0; i < 40; i++)
        strcat(t, filler);
    strcat(t, "这里提到一次西城區。");
    for (int i = 0; i < 40; i++)
        strcat(t, filler);
    strcat(t, "西城區西城區西城區的暖心驛站開放了。");
    for (int i = 0; i < 40; i++)
        strcat(t, filler);
    bulletin_matcher *m;
    bulletin_matcher_new(&m, tok, "西城 暖心驿站");
    bulletin_snippet_options o = BULLETIN_SNIPPET_OPTIONS_INIT;
    o.open = "[";
    o.close = "]";
    o.ellipsis = "~";
    o.max_chars = 24;
    char *s = NULL;
    is_int(bulletin_matcher_snippet(&s, m, t, strlen(t), &o), BULLETIN_OK, "a long text");
    ok(s && count_of(s, "[西城]") == 3 && count_of(s, "[暖心驛站]") == 1,
       "its snippet is the cluster of matches, in the original script: %s", s ? s : "");
    ok(s && s[0] == '~' && s[strlen(s) - 1] == '~', "cut from the middle of the text");
    bulletin_string_free(s);
    /* Spans of the whole text are still every match. */
    bulletin_span *spans;
    size_t n;
    bulletin_matcher_spans(&spans, &n, m, t, strlen(t));
    is_int(n, 5, "bulletin_matcher_spans still finds all five matches");
    bulletin_spans_free(spans);
    bulletin_matcher_free(m);
}

int main(void)
{
    if (bulletin_tokenizer_new(&tok)) {
        printf("Bail out! no tokenizer: %s\n", bulletin_error_last()->message);
        return 1;
    }
    test_words_phrases_and_operators();
    test_loose_form_drops_order_and_exclusions();
    test_errors_match_the_archive();
    test_matcher_decides_phrases_from_the_text();
    test_snippet_keeps_the_original_text();
    test_a_long_texts_snippet_is_where_its_matches_cluster();
    bulletin_tokenizer_free(tok);
    printf("1..%d\n", tap_count);
    return tap_failed != 0;
}
