/* test_tag.c - districts, topics and event dates of single articles,
 * with the built-in gazetteer and taxonomy and with small ones of our
 * own; the data files' error messages. */
#include "config.h"

#include "tag/tag.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

static bulletin_tokenizer *tok;
static bulletin_tagger *builtin;
static bulletin__tags tags;

static bulletin_article article(const char *issue_date, const char *headline,
                                const char *byline, const char *body)
{
    bulletin_article art = BULLETIN_ARTICLE_INIT;
    art.issue_date = issue_date;
    art.headline = headline;
    art.byline = byline;
    art.body = body;
    return art;
}

static void tag(bulletin_tagger *t, const bulletin_article *art)
{
    if (bulletin__tagger_run(t, tok, art, &tags) != BULLETIN_OK)
        printf("# tagging failed: %s\n", bulletin_error_last()->message);
}

/* The districts of the last tagging as "a,b". */
static const char *districts(void)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; i < tags.ndistricts; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? "," : "",
                 tags.districts[i].name);
    return buf;
}

static const char *topics(void)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; i < tags.ntopics; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s=%g", i ? "," : "",
                 tags.topics[i].name, tags.topics[i].weight);
    return buf;
}

static const char *events(void)
{
    static char buf[512];
    buf[0] = '\0';
    for (size_t i = 0; i < tags.nevents; i++)
        snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s..%s", i ? "," : "",
                 tags.events[i].from, tags.events[i].to);
    return buf;
}

static void test_district_named_only_through_a_street(void)
{
    bulletin_article art = article("2017-12-12", "职工健步走迎新年", "本报讯（记者 张晶）",
                                   "德胜街道总工会组织辖区职工开展健步走活动。");
    tag(builtin, &art);
    is_str(districts(), "西城区", "德胜街道 alone puts the article in 西城区");
    art = article("2017-12-12", "中国结编织活动", "", "安贞街道总工会举办中国结编织活动。");
    tag(builtin, &art);
    is_str(districts(), "朝阳区", "安贞街道 is in 朝阳区");
    art = article("2017-12-12", "送温暖", "", "百泉街道总工会走访职工。");
    tag(builtin, &art);
    is_str(districts(), "延庆区", "百泉街道 is in 延庆区");
    art = article("2017-12-12", "送温暖", "", "长子营镇总工会走访职工。长子营地区的企业也参加了。");
    tag(builtin, &art);
    is_str(districts(), "大兴区", "a town (镇) and its 地区 name find the district");
}

static void test_historical_names_map_to_todays_district(void)
{
    static const struct { const char *text, *want; } cases[] = {
        { "原崇文区总工会", "东城区" }, { "宣武区总工会", "西城区" },
        { "延庆县总工会", "延庆区" },   { "密云县总工会", "密云区" },
        { "通县总工会", "通州区" },     { "燕山区总工会", "房山区" },
        { "平谷县总工会", "平谷区" },   { "怀柔县总工会", "怀柔区" },
        { "顺义县总工会", "顺义区" },   { "昌平县总工会", "昌平区" },
        { "大兴县总工会", "大兴区" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bulletin_article art = article("1995-05-01", "", "", cases[i].text);
        tag(builtin, &art);
        is_str(districts(), cases[i].want, "%s is in today's %s", cases[i].text, cases[i].want);
    }
    bulletin_article art = article("1995-05-01", "崇文區工會舉辦書法展", "", "展覽在崇文區舉行。");
    tag(builtin, &art);
    is_str(districts(), "东城区", "a historical name in traditional script (崇文區) too");
}

static void test_city_level_story_gets_the_city(void)
{
    bulletin_article art = article("2018-01-03", "市总工会部署职工服务工作", "",
                                   "北京市总工会召开会议，要求全市各级工会做好服务。");
    tag(builtin, &art);
    is_str(districts(), "北京市", "a city-level story is tagged 北京市, not a district");
    art = article("2017-12-12", "丰台职工摄影学会成立", "",
                  "丰台区总工会职工摄影学会成立。学会的成立是区总工会落实市总工会改革方案的举措。");
    tag(builtin, &art);
    is_str(districts(), "丰台区", "a passing mention of 市总工会 leaves the district story alone");
}

static void test_article_about_two_districts(void)
{
    bulletin_article art = article("2018-01-03", "海淀丰台两区工会共建劳模创新工作室", "",
                                   "海淀区总工会与丰台区总工会签订协议。海淀区中关村的工作室"
                                   "将与丰台区企业结对，海淀区总工会提供支持。");
    tag(builtin, &art);
    is_str(districts(), "海淀区,丰台区", "both districts, the one named more often first");
    ok(tags.ndistricts == 2 && tags.districts[0].weight > tags.districts[1].weight,
       "the primary district weighs more than the other");
    art = article("2017-12-12", "西城区工会为环卫工人送温暖", "",
                  "西城区总工会走访慰问辖区环卫工人。东城区总工会也派人参加了活动。");
    tag(builtin, &art);
    is_str(districts(), "西城区,东城区", "a district mentioned in passing ranks below the story's own");
}

static void test_longest_name_wins(void)
{
    bulletin_article art = article("2017-12-12", "", "", "朝阳门街道开展活动。");
    tag(builtin, &art);
    is_str(districts(), "东城区", "朝阳门街道 is in 东城区, not 朝阳区");
    art = article("2017-12-12", "", "", "大兴安岭的职工来京交流。");
    tag(builtin, &art);
    is_str(districts(), "", "大兴安岭 is not 大兴区");
    art = article("2017-12-12", "", "", "八里庄街道工会。");
    tag(builtin, &art);
    ok(tags.ndistricts == 2 && tags.districts[0].weight == tags.districts[1].weight,
       "八里庄街道, in two districts, counts half for each (%s)", districts());
}

static void test_gazetteer_resolves_names_for_queries(void)
{
    bulletin_folded scratch = BULLETIN_FOLDED_INIT;
    static const struct { const char *name, *want; } cases[] = {
        { "西城", "西城区" }, { "西城区", "西城区" }, { "宣武", "西城区" },
        { "崇文區", "东城区" }, { "延庆县", "延庆区" }, { "经开区", "北京经济技术开发区" },
        { "北京市", "北京市" }, { "德胜街道", NULL }, { "火星", NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = bulletin__gazetteer_resolve(builtin->gazetteer, tok, cases[i].name,
                                                      &scratch);
        if (cases[i].want)
            is_str(got, cases[i].want, "district:%s means %s", cases[i].name, cases[i].want);
        else
            ok(got == NULL, "district:%s names no district", cases[i].name);
    }
    ok(strstr(bulletin__gazetteer_names(builtin->gazetteer), "东城区、西城区") != NULL,
       "the gazetteer lists its districts for error messages");
    bulletin__folded_free(&scratch);
}

static void test_gazetteer_covers_every_district(void)
{
    static const char *const all[] = { "东城区", "西城区", "朝阳区", "丰台区", "石景山区",
                                       "海淀区", "门头沟区", "房山区", "通州区", "顺义区",
                                       "昌平区", "大兴区", "怀柔区", "平谷区", "密云区",
                                       "延庆区", "北京经济技术开发区" };
    size_t found = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        found += strstr(bulletin__gazetteer_names(builtin->gazetteer), all[i]) != NULL;
    is_int(found, 17, "the 16 districts and the development area are all there");
}

/* data/gazetteer-reference.tsv is the NBS list of every 街道, 镇, 乡 and
 * 地区 of Beijing: an article whose headline names one must be about its
 * district. */
static void test_gazetteer_covers_every_township_of_the_reference_list(void)
{
    const char *srcdir = getenv("srcdir") ? getenv("srcdir") : ".";
    char path[4096], line[512];
    snprintf(path, sizeof path, "%s/data/gazetteer-reference.tsv", srcdir);
    FILE *f = fopen(path, "r");
    ok(f != NULL, "the reference list %s is there", path);
    if (!f)
        return;
    size_t places = 0, found = 0;
    while (fgets(line, sizeof line, f)) {
        char *code = strtok(line, "\t\n"), *name = strtok(NULL, "\t\n"),
             *district = strtok(NULL, "\t\n");
        if (!code || code[0] == '#' || !name || !district)
            continue;
        places++;
        bulletin_article art = article("2022-12-01", name, NULL, "工会工作会议召开。");
        tag(builtin, &art);
        bool here = false;
        for (size_t i = 0; i < tags.ndistricts; i++)
            here |= !strcmp(tags.districts[i].name, district);
        if (here)
            found++;
        else
            printf("# %s %s: tagged [%s], not %s\n", code, name, districts(), district);
    }
    fclose(f);
    is_int(places, 349, "the reference list has the 349 places of the 2022 NBS codes");
    is_int(found, places, "each of them tags an article with its district");
}

static void test_topics_with_overlapping_terms(void)
{
    static const char taxonomy[] =
        "min_score 2\n"
        "headline_factor 2\n"
        "[甲]\n劳模 1\n劳模精神 3\n"
        "[乙]\n劳模精神 1\n工匠 2\n"
        "[丙]\n书法 1\n";
    bulletin_tagger *t;
    bulletin_status st = bulletin__tagger_new(&t, tok, bulletin__gazetteer_txt, "g",
                                              taxonomy, "small.txt");
    ok(st == BULLETIN_OK, "a small taxonomy loads");
    if (st)
        return;
    bulletin_article art = article("2018-01-03", "", "", "弘扬劳模精神，学习劳模和工匠。书法");
    tag(t, &art);
    is_str(topics(), "甲=4,乙=3",
           "the longest term wins (劳模精神 is not also 劳模), a shared term counts for both "
           "topics, below min_score is left out");
    art = article("2018-01-03", "勞模精神", "", "");
    tag(t, &art);
    is_str(topics(), "甲=6,乙=2", "a headline term counts headline_factor times, in either script");
    bulletin__tagger_free(t);
}

static void test_builtin_taxonomy(void)
{
    bulletin_article art = article("2017-12-12", "坚持以党建统领推动工会改革", "",
                                   "深化工会改革，坚持党建带工建。");
    tag(builtin, &art);
    ok(tags.ntopics >= 2 && (!strcmp(tags.topics[0].name, "党建") ||
                             !strcmp(tags.topics[0].name, "工会改革")),
       "党建 and 工会改革 are found (%s)", topics());
    art = article("2017-12-12", "燕京啤酒", "", "官方合作伙伴 登报咨询电话:63522410");
    art.kind = BULLETIN_KIND_ADVERTISEMENT;
    tag(builtin, &art);
    ok(tags.ntopics >= 1 && !strcmp(tags.topics[0].name, "广告"),
       "an advertisement gets 广告 (%s)", topics());
    art = article("2017-12-12", "天气", "", "今天晴。");
    tag(builtin, &art);
    is_int(tags.ntopics, 0, "an article may have no topic");
}

static void test_event_dates(void)
{
    bulletin_article art = article("2018-01-03", "", "", "12月28日，德胜街道总工会组织活动。");
    tag(builtin, &art);
    is_str(events(), "2017-12-28..2017-12-28",
           "12月28日 in an issue of 2018-01-03 is in 2017 (across the new year)");
    ok(tags.nevents == 1 && tags.events[0].start == 0 &&
           tags.events[0].end == strlen("12月28日"),
       "its offsets are the bytes of 12月28日 in the body");
    art = article("2017-12-28", "", "", "会议定于1月5日召开。");
    tag(builtin, &art);
    is_str(events(), "2018-01-05..2018-01-05", "and 1月5日 in an issue of 2017-12-28 is in 2018");
    art = article("2017-12-12", "", "", "上周，朝阳区安贞街道举办活动。");
    tag(builtin, &art);
    is_str(events(), "2017-12-04..2017-12-10", "上周 is the week before the issue");
    art = article("2017-12-12", "", "", "已提前完成2018-2020年违法建设拆除任务");
    tag(builtin, &art);
    is_str(events(), "2018-01-01..2020-12-31", "2018-2020年 is a span of years");
    art = article("2017-12-12", "", "", "2016年3月，１２月８日至１０日，近日，2015年10月1日");
    tag(builtin, &art);
    is_str(events(), "2016-03-01..2016-03-31,2017-12-08..2017-12-10,2017-12-05..2017-12-12,"
                     "2015-10-01..2015-10-01",
           "a month, a span of days in full-width digits, 近日, a full date");
    art = article(NULL, "", "", "12月8日和上周，2017年");
    tag(builtin, &art);
    is_str(events(), "2017-01-01..2017-12-31", "without an issue date only dates with a year");
    art = article("2018-01-03", "", "", "今年3月，去年12月8日，550多家，30余名");
    tag(builtin, &art);
    is_str(events(), "2018-03-01..2018-03-31,2017-12-08..2017-12-08",
           "今年 and 去年 give the year; other numbers are not dates");
}

static void test_date_values_in_queries(void)
{
    char from[11], to[11];
    static const struct { const char *value, *from, *to; } good[] = {
        { "2017", "2017-01-01", "2017-12-31" },
        { "2016-02", "2016-02-01", "2016-02-29" },
        { "2017-12-08", "2017-12-08", "2017-12-08" },
        { "2017-12-01..2018-03-31", "2017-12-01", "2018-03-31" },
        { "2016..", "2016-01-01", "9999-12-31" },
        { "..2017-06", "1000-01-01", "2017-06-30" },
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        bool ok_ = bulletin__date_range_parse(good[i].value, from, to);
        ok(ok_ && !strcmp(from, good[i].from) && !strcmp(to, good[i].to),
           "date value %s is %s..%s", good[i].value, good[i].from, good[i].to);
    }
    static const char *const bad[] = { "2017-13", "2017-02-30", "..", "17", "2018..2017",
                                       "2017/12", "" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ok(!bulletin__date_range_parse(bad[i], from, to), "date value '%s' is refused", bad[i]);
}

static void test_data_file_errors_name_file_and_line(void)
{
    bulletin_tagger *t = NULL;
    bulletin_status st = bulletin__tagger_new(&t, tok, "[西城区]\nshort 西城\nstreets 德胜街道\n",
                                              "my-gazetteer.txt", bulletin__taxonomy_txt, "t");
    const bulletin_error *e = bulletin_error_last();
    ok(st == BULLETIN_ERROR_INPUT && e->line == 3 &&
           strstr(e->message, "my-gazetteer.txt:3:") && strstr(e->message, "streets"),
       "an unknown gazetteer key is an error at its file and line (%s)", e->message);
    st = bulletin__tagger_new(&t, tok, bulletin__gazetteer_txt, "g",
                              "[党建]\n党建 3\n党组织 two\n", "my-taxonomy.txt");
    e = bulletin_error_last();
    ok(st == BULLETIN_ERROR_INPUT && strstr(e->message, "my-taxonomy.txt:3:"),
       "a bad weight is an error at its file and line (%s)", e->message);
    st = bulletin__tagger_new(&t, tok, bulletin__gazetteer_txt, "g", "党建 3\n", "x.txt");
    ok(st == BULLETIN_ERROR_INPUT && strstr(bulletin_error_last()->message, "x.txt:1:"),
       "a term before any topic is an error");
    st = bulletin__tagger_new(&t, tok, bulletin__gazetteer_txt, "g", "[a]\n[a]\n", "x.txt");
    ok(st == BULLETIN_ERROR_INPUT && strstr(bulletin_error_last()->message, "twice"),
       "a topic listed twice is an error");
    ok(t == NULL, "no tagger comes out of bad data");
}

int main(void)
{
    if (bulletin_tokenizer_new(&tok) ||
        bulletin__tagger_new(&builtin, tok, bulletin__gazetteer_txt, "gazetteer.txt",
                             bulletin__taxonomy_txt, "taxonomy.txt")) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        return 1;
    }
    test_district_named_only_through_a_street();
    test_historical_names_map_to_todays_district();
    test_city_level_story_gets_the_city();
    test_article_about_two_districts();
    test_longest_name_wins();
    test_gazetteer_resolves_names_for_queries();
    test_gazetteer_covers_every_district();
    test_gazetteer_covers_every_township_of_the_reference_list();
    test_topics_with_overlapping_terms();
    test_builtin_taxonomy();
    test_event_dates();
    test_date_values_in_queries();
    test_data_file_errors_name_file_and_line();
    bulletin__tags_free(&tags);
    bulletin__tagger_free(builtin);
    bulletin_tokenizer_free(tok);
    return tap_done();
}
