/* test_tokenizer.c - the terms the archive stores, and where they point.
 *
 * Each check tokenizes real bulletin text and asserts the exact terms and
 * that every term's byte offsets cut the ORIGINAL text at the characters
 * it came from, in whatever script and width the text was written. */
#include "config.h"

#include <bulletin.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

typedef struct term {
    char text[64];
    char original[256];
    size_t start, end;
    int colocated;
} term;

typedef struct terms {
    const char *input;
    term list[4096];
    size_t n;
} terms;

static int collect(void *ctx, int flags, const char *t, size_t len, size_t start, size_t end)
{
    terms *ts = ctx;
    if (ts->n == sizeof ts->list / sizeof ts->list[0])
        return 1;
    term *x = &ts->list[ts->n++];
    snprintf(x->text, sizeof x->text, "%.*s", (int)len, t);
    snprintf(x->original, sizeof x->original, "%.*s", (int)(end - start), ts->input + start);
    x->start = start;
    x->end = end;
    x->colocated = (flags & BULLETIN_TOKEN_COLOCATED) != 0;
    return 0;
}

static bulletin_tokenizer *tok;

static terms *run(const char *text, bulletin_tokenize_mode mode)
{
    static terms ts;
    ts.input = text;
    ts.n = 0;
    bulletin_status st = bulletin_tokenizer_run(tok, text, strlen(text), mode, collect, &ts);
    if (st)
        printf("# tokenizer failed: %s\n", bulletin_error_last()->message);
    return &ts;
}

/* The original text of the first term equal to `text`, or NULL. */
static const char *original_of(const terms *ts, const char *text)
{
    for (size_t i = 0; i < ts->n; i++)
        if (!strcmp(ts->list[i].text, text))
            return ts->list[i].original;
    return NULL;
}

static bool has_term(const terms *ts, const char *text)
{
    return original_of(ts, text) != NULL;
}

static void test_simplified_bigrams_keep_word_boundaries(void)
{
    terms *ts = run("西城区总工会", BULLETIN_TOKENIZE_DOCUMENT);
    /* ICU cuts 西|城区|总|工会: 西城 straddles a boundary, 工会 does not. */
    ok(has_term(ts, "西城|"), "西城 straddling ICU's 西|城区 is stored with the straddle mark");
    ok(has_term(ts, "城区"), "城区 inside one ICU word is stored plain");
    ok(has_term(ts, "工会"), "工会 inside 总工会 is stored plain");
    is_str(ts->list[ts->n - 1].text, "会", "the run ends with its last character alone");
    ok(ts->list[ts->n - 1].colocated, "the final character shares the last bigram's position");
    is_int(ts->list[0].start, 0, "first term starts at byte 0");
    is_int(ts->list[0].end, 6, "first term ends after two 3-byte characters");
}

static void test_traditional_folds_to_simplified_with_original_offsets(void)
{
    terms *ts = run("發揮聯繫群眾的橋樑紐帶作用", BULLETIN_TOKENIZE_DOCUMENT);
    is_str(original_of(ts, "联系"), "聯繫", "联系 points at the traditional 聯繫");
    is_str(original_of(ts, "群众"), "群眾", "群众 points at 群眾");
    ok(has_term(ts, "桥梁") || has_term(ts, "桥梁|"), "橋樑 folds to 桥梁");
}

static void test_mixed_script_inside_one_word(void)
{
    /* A word whose halves are in different scripts (a column break). */
    terms *ts = run("工會工会", BULLETIN_TOKENIZE_DOCUMENT);
    size_t plain = 0;
    for (size_t i = 0; i < ts->n; i++)
        plain += !strcmp(ts->list[i].text, "工会") || !strcmp(ts->list[i].text, "工会|");
    is_int(plain, 2, "工會 and 工会 give the same term twice");
    is_str(ts->list[0].original, "工會", "the first occurrence points at the traditional bytes");
}

static void test_phrase_conversion_and_character_alternative(void)
{
    /* t2s converts 計畫 as a phrase (计划) but 畫 alone as 画: both are
     * stored, so 计划 and 计画 queries both find it. */
    terms *ts = run("工作計畫", BULLETIN_TOKENIZE_DOCUMENT);
    ok(has_term(ts, "计划") || has_term(ts, "计划|"), "計畫 indexes as 计划 (phrase rule)");
    ok(has_term(ts, "计画") || has_term(ts, "计画|"), "and as 计画 (character rule)");
    for (size_t i = 0; i < ts->n; i++)
        if (!strncmp(ts->list[i].text, "计画", 6))
            ok(ts->list[i].colocated, "the character-rule form is colocated");
    is_str(original_of(ts, "计划"), "計畫", "both point at the original 計畫");
}

static void test_fullwidth_latin_and_digits_fold_with_offsets(void)
{
    const char *text = "在手机ＡＰＰ上，２０１８年";
    terms *ts = run(text, BULLETIN_TOKENIZE_DOCUMENT);
    is_str(original_of(ts, "app"), "ＡＰＰ", "full-width ＡＰＰ folds to app, offsets cover 9 bytes");
    is_str(original_of(ts, "2018"), "２０１８", "full-width digits fold to 2018");
}

static void test_length_changing_normalization(void)
{
    /* NFKC expands ㈱ (one character, 3 bytes) to "(株)": the expansion
     * keeps the original character's bytes. */
    const char *text = "北京㈱公司";
    terms *ts = run(text, BULLETIN_TOKENIZE_DOCUMENT);
    ok(has_term(ts, "北京") || has_term(ts, "北京|"), "text before the expansion is intact");
    ok(has_term(ts, "公司"), "text after the expansion is intact");
    is_str(original_of(ts, "株"), "㈱", "株 (from ㈱) points at the 3 original bytes of ㈱");
    /* A 4-byte supplementary Han character between 3-byte ones. */
    const char *supp = "𠮷野家";
    ts = run(supp, BULLETIN_TOKENIZE_DOCUMENT);
    is_int(ts->list[0].start, 0, "supplementary character starts at 0");
    is_int(ts->list[0].end, 7, "bigram with a 4-byte character ends at byte 7");
}

static void test_latin_case_folding_and_mixed_text(void)
{
    terms *ts = run("Beijing职工Union 2017-12-12", BULLETIN_TOKENIZE_DOCUMENT);
    is_str(original_of(ts, "beijing"), "Beijing", "Latin is case-folded");
    is_str(original_of(ts, "union"), "Union", "a Latin word after Han text");
    ok(has_term(ts, "2017") && has_term(ts, "12"), "numbers are terms");
    is_str(original_of(ts, "职工"), "职工", "Han between Latin words");
}

static void test_line_wrap_inside_a_word_is_bridged(void)
{
    const char *text = "激发职工群\n\n　　众劳动热情";
    terms *ts = run(text, BULLETIN_TOKENIZE_DOCUMENT);
    const char *orig = original_of(ts, "群众");
    if (!orig)
        orig = original_of(ts, "群众|");
    ok(orig && !strncmp(orig, "群", 3) && strstr(orig, "众"),
       "群众 is found across the line break, covering the break in the original");
}

/* The position (0 first) of the first term equal to `text`, or -1. */
static long position_of(const terms *ts, const char *text)
{
    long pos = -1;
    for (size_t i = 0; i < ts->n; i++) {
        pos += !ts->list[i].colocated;
        if (!strcmp(ts->list[i].text, text))
            return pos;
    }
    return -1;
}

static size_t positions(const terms *ts)
{
    size_t n = 0;
    for (size_t i = 0; i < ts->n; i++)
        n += !ts->list[i].colocated;
    return n;
}

static void test_trigrams_inside_one_word_share_their_first_bigrams_position(void)
{
    /* ICU cuts 下一步|工作|也可以. */
    terms *ts = run("下一步工作也可以", BULLETIN_TOKENIZE_DOCUMENT);
    is_str(original_of(ts, "下一步"), "下一步", "下一步 inside one word is a trigram over its 9 bytes");
    is_int(position_of(ts, "下一步"), position_of(ts, "下一"), "at the position of its bigram 下一");
    is_str(original_of(ts, "也可以"), "也可以", "也可以 too");
    ok(!has_term(ts, "一步工") && !has_term(ts, "步工作") && !has_term(ts, "作也可"),
       "no trigram across a word boundary");
    is_int(positions(ts), 7, "trigrams take no position of their own (7 bigrams)");
    ts = run("西城区总工会", BULLETIN_TOKENIZE_DOCUMENT);
    ok(!has_term(ts, "西城区") && !has_term(ts, "城区总") && !has_term(ts, "区总工") &&
           !has_term(ts, "总工会"),
       "西|城区|总|工会 has no three characters inside one word");
}

static void test_trigrams_carry_each_characters_foldings(void)
{
    /* OpenCC keeps 乾 in 乾隆 (phrase rule); the table folds it to 干. */
    terms *ts = run("乾隆皇帝", BULLETIN_TOKENIZE_DOCUMENT);
    ok(has_term(ts, "乾隆皇") && has_term(ts, "干隆皇"), "乾隆皇 is stored in both foldings");
    is_int(position_of(ts, "干隆皇"), position_of(ts, "乾隆皇"), "at one position");
    ok(has_term(ts, "隆皇帝") && !has_term(ts, "干皇帝"), "a trigram without 乾 has one form");
    ts = run("乾隆皇", BULLETIN_TOKENIZE_QUERY_WORDS);
    ok(has_term(ts, "乾隆皇") && has_term(ts, "干隆皇"), "a whole-words query asks for both");
}

static void test_whole_words_mode_asks_for_trigrams(void)
{
    terms *ts = run("下一步", BULLETIN_TOKENIZE_QUERY_WORDS);
    is_int(ts->n, 1, "a three-character word is one term");
    is_str(ts->list[0].text, "下一步", "its trigram");
    ts = run("暖心驿站", BULLETIN_TOKENIZE_QUERY_WORDS);
    is_int(positions(ts), 2, "a four-character word is a phrase of two trigrams");
    ok(position_of(ts, "暖心驿") == 0 && position_of(ts, "心驿站") == 1, "in order");
    ts = run("工会", BULLETIN_TOKENIZE_QUERY_WORDS);
    is_str(ts->list[0].text, "工会", "a two-character word stays a bigram");
    ts = run("下一步", BULLETIN_TOKENIZE_QUERY);
    ok(!has_term(ts, "下一步") && has_term(ts, "下一|"), "a plain query asks for bigrams only");
}

static void test_word_trigrams_can_be_turned_off(void)
{
    bulletin_tokenizer *old;
    if (bulletin_tokenizer_new(&old) != BULLETIN_OK) {
        ok(0, "tokenizer: %s", bulletin_error_last()->message);
        return;
    }
    bulletin_tokenizer_set_word_trigrams(old, 0);
    bulletin_tokenizer *keep = tok;
    tok = old;
    terms *ts = run("下一步工作也可以", BULLETIN_TOKENIZE_DOCUMENT);
    ok(!has_term(ts, "下一步") && !has_term(ts, "也可以") && has_term(ts, "下一"),
       "off: documents have bigrams only, as archives of schema 2 store");
    ts = run("下一步", BULLETIN_TOKENIZE_QUERY_WORDS);
    ok(ts->n == 2 && !strcmp(ts->list[0].text, "下一") && !strcmp(ts->list[1].text, "一步"),
       "off: a whole-words query is a phrase of bigrams");
    tok = keep;
    bulletin_tokenizer_free(old);
    ts = run("下一步", BULLETIN_TOKENIZE_DOCUMENT);
    ok(has_term(ts, "下一步"), "another tokenizer keeps its own setting");
}

static void test_query_mode_offers_both_forms(void)
{
    terms *ts = run("工会", BULLETIN_TOKENIZE_QUERY);
    ok(has_term(ts, "工会") && has_term(ts, "工会|"), "a query asks for both bigram forms");
    ts = run("工会", BULLETIN_TOKENIZE_QUERY_WORDS);
    ok(has_term(ts, "工会") && !has_term(ts, "工会|"), "whole-words mode asks for one form");
    ts = run("會", BULLETIN_TOKENIZE_QUERY);
    is_str(ts->list[0].text, "会", "a one-character query is that character, folded");
}

static void test_invalid_utf8_is_skipped(void)
{
    const char text[] = "工会\xff\xfe职工\xe5";
    terms *ts = run(text, BULLETIN_TOKENIZE_DOCUMENT);
    ok(has_term(ts, "工会") && has_term(ts, "职工"), "valid text around invalid bytes is indexed");
    is_str(original_of(ts, "职工"), "职工", "offsets after invalid bytes stay exact");
}

static void test_deterministic(void)
{
    const char *text = "當前，石景山區正全面落實“五位一体”总体布局 and 战略";
    terms first = *run(text, BULLETIN_TOKENIZE_DOCUMENT);
    terms *second = run(text, BULLETIN_TOKENIZE_DOCUMENT);
    int same = first.n == second->n;
    for (size_t i = 0; same && i < first.n; i++)
        same = !strcmp(first.list[i].text, second->list[i].text) &&
               first.list[i].start == second->list[i].start;
    ok(same, "the same text gives the same terms every time (%zu terms)", first.n);
}

static void test_empty_and_punctuation(void)
{
    terms *ts = run("", BULLETIN_TOKENIZE_DOCUMENT);
    is_int(ts->n, 0, "empty text has no terms");
    ts = run("，。“”！？ ……", BULLETIN_TOKENIZE_DOCUMENT);
    is_int(ts->n, 0, "punctuation alone has no terms");
}

int main(void)
{
    if (bulletin_tokenizer_new(&tok) != BULLETIN_OK) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        return 1;
    }
    test_simplified_bigrams_keep_word_boundaries();
    test_traditional_folds_to_simplified_with_original_offsets();
    test_mixed_script_inside_one_word();
    test_phrase_conversion_and_character_alternative();
    test_fullwidth_latin_and_digits_fold_with_offsets();
    test_length_changing_normalization();
    test_latin_case_folding_and_mixed_text();
    test_line_wrap_inside_a_word_is_bridged();
    test_query_mode_offers_both_forms();
    test_trigrams_inside_one_word_share_their_first_bigrams_position();
    test_trigrams_carry_each_characters_foldings();
    test_whole_words_mode_asks_for_trigrams();
    test_word_trigrams_can_be_turned_off();
    test_invalid_utf8_is_skipped();
    test_deterministic();
    test_empty_and_punctuation();
    bulletin_tokenizer_free(tok);
    return tap_done();
}
