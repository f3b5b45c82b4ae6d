/* test_xml.c - bulletin XML into articles: the valid fixture gives the
 * articles it holds, every invalid one a precise input error, and no
 * document can make the parser read another file or expand entities. */
#include "config.h"
#include "ingest/ingest.h"
#include "../tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A fixture's bytes, read from $srcdir/tests/data/xml/NAME. */
static char *fixture(const char *name, char *path, size_t path_size, size_t *len)
{
    const char *srcdir = getenv("srcdir");
    snprintf(path, path_size, "%s/tests/data/xml/%s", srcdir ? srcdir : ".", name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("# cannot open %s\n", path);
        return NULL;
    }
    char *data = NULL;
    size_t n = 0, cap = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            data = realloc(data, cap);
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return data;
}

/* Does `needle` occur in any string of the batch? */
static int batch_contains(const bulletin_batch *b, const char *needle)
{
    for (size_t i = 0; i < b->string_count; i++)
        if (strstr(b->strings[i], needle))
            return 1;
    return 0;
}

static bulletin_status ingest(const char *name, char *path, size_t path_size,
                              bulletin_batch *batch)
{
    size_t len = 0;
    char *text = fixture(name, path, path_size, &len);
    if (!text)
        return BULLETIN_ERROR_IO;
    bulletin_index_options opts = BULLETIN_INDEX_OPTIONS_INIT;
    bulletin_status rc = bulletin__ingest_xml(path, text, len, &opts, batch);
    free(text);
    return rc;
}

static void check_first_article(const bulletin_article *a)
{
    is_str(a->issue_date, "2017-12-12", "article 1: issue date from <bulletin date>");
    is_int(a->page, 1, "article 1: page");
    is_int(a->position, 1, "article 1: position");
    is_str(a->key, "2017-12-12-01-xicheng", "article 1: key from @id");
    is_int(a->kind, BULLETIN_KIND_NEWS, "article 1: kind news");
    is_str(a->headline, "西城工会为户外劳动者建“避风港”", "article 1: headline");
    is_str(a->subtitle, "二十处暖心驿站年底前全部投用",
           "article 1: subtitle, wrapped line joined without a space");
    is_str(a->byline, "本报讯（记者 张晶 通讯员 李明）", "article 1: byline");
    is_str(a->author, "张晶、李明", "article 1: authors joined by 、");
    is_str(a->body,
           "入冬以来，西城区总工会在辖区内新建二十处户外劳动者暖心驿站，"
           "为环卫工人、快递员和外卖送餐员提供饮水、热饭、充电和休息的地方。\n"
           "区总工会负责人表示，驿站依托社区服务站、银行网点和商场建设，"
           "统一标识、统一标准，年底前将全部投入使用。\n"
           "据了解，今年以来全区各级工会共走访慰问一线职工12,000余人次，"
           "发放慰问金&物资折合人民币三百余万元。",
           "article 1: paragraphs trimmed (ideographic indent too) and joined by \\n");
    ok(a->source == NULL && a->id == 0, "article 1: no source or id yet");
}

static void check_other_articles(const bulletin_batch *b)
{
    const bulletin_article *a = &b->articles[1];
    is_int(a->page, 1, "article 2: page");
    is_int(a->position, 2, "article 2: position");
    ok(a->key == NULL, "article 2: no @id gives a NULL key");
    is_int(a->kind, BULLETIN_KIND_COMMENTARY, "article 2: kind commentary");
    ok(a->subtitle == NULL, "article 2: no subtitle gives NULL");
    is_str(a->author, "牛青山", "article 2: one author");
    is_str(a->body,
           "工会组织作为党联系群众的桥梁纽带，要聚焦主业，以竭诚服务职工为落脚点。\n"
           "着力解决好职工最关心最直接最现实的利益问题，增强职工的获得感、幸福感、安全感。",
           "article 2: an empty <p> leaves no empty line");

    a = &b->articles[2];
    is_int(a->page, 2, "article 3: page 2");
    is_int(a->position, 1, "article 3: position restarts on a new page");
    is_str(a->headline, "香港工聯會舉辦職工技能比賽", "article 3: traditional headline");
    ok(a->author == NULL, "article 3: no author gives NULL");
    ok(strchr(a->body, '\n') && strstr(a->body, "工匠精神"), "article 3: two paragraphs");

    a = &b->articles[3];
    is_int(a->position, 2, "article 4: position");
    ok(a->headline == NULL && a->byline == NULL, "article 4: body only");
    is_int(a->kind, BULLETIN_KIND_NEWS, "article 4: kind defaults to news");

    a = &b->articles[4];
    is_int(a->position, 3, "article 5: position");
    is_int(a->kind, BULLETIN_KIND_ADVERTISEMENT, "article 5: kind advertisement");
    is_str(a->body, "持工会会员卡享受八折优惠。", "article 5: body");
}

static void test_valid(void)
{
    char path[1024];
    bulletin_batch batch = { 0 };
    bulletin_status rc = ingest("valid.xml", path, sizeof path, &batch);
    is_int(rc, BULLETIN_OK, "valid.xml is read");
    if (rc != BULLETIN_OK)
        printf("#   %s\n", bulletin_error_last()->message);
    is_str(batch.format, "xml", "batch format is xml");
    is_int(batch.count, 5, "valid.xml has five articles");
    if (batch.count == 5) {
        check_first_article(&batch.articles[0]);
        check_other_articles(&batch);
    }
    bulletin__batch_free(&batch);
}

/* An invalid fixture fails with an input error that names the file, the
 * line when `line_known`, and says `words`. */
static void test_invalid(const char *name, int line_known, const char *words)
{
    char path[1024];
    bulletin_batch batch = { 0 };
    bulletin_status rc = ingest(name, path, sizeof path, &batch);
    const bulletin_error *e = bulletin_error_last();
    is_int(rc, BULLETIN_ERROR_INPUT, "%s: input error", name);
    printf("#   %s\n", e->message);
    is_int(e->status, BULLETIN_ERROR_INPUT, "%s: error recorded", name);
    is_str(e->path, path, "%s: error names the file", name);
    ok(strstr(e->message, path) != NULL, "%s: message names the file", name);
    if (line_known)
        ok(e->line > 0, "%s: error has a line (%ld)", name, e->line);
    if (words)
        ok(strstr(e->message, words) != NULL, "%s: message says '%s'", name, words);
    is_int(batch.count, 0, "%s: no articles left in the batch", name);
    ok(!batch_contains(&batch, "root:") && !strstr(e->message, "root:"),
       "%s: nothing from /etc/passwd anywhere", name);
    ok(!batch_contains(&batch, "lollol"), "%s: no entity expanded", name);
    bulletin__batch_free(&batch);
}

/* Errors keep their line: the page without a number is on line 8. */
static void test_lines(void)
{
    char path[1024];
    bulletin_batch batch = { 0 };
    ingest("no-page-number.xml", path, sizeof path, &batch);
    is_int(bulletin_error_last()->line, 8, "no-page-number.xml: error on line 8");
    ingest("bad-date.xml", path, sizeof path, &batch);
    is_int(bulletin_error_last()->line, 3, "bad-date.xml: error on line 3");
    ingest("malformed.xml", path, sizeof path, &batch);
    ok(bulletin_error_last()->line >= 8, "malformed.xml: error at the end (line %ld)",
       bulletin_error_last()->line);
    bulletin__batch_free(&batch);
}

/* In-memory documents for the checks that need no fixture file. */
static bulletin_status ingest_text(const char *text, bulletin_batch *batch)
{
    return bulletin__ingest_xml("mem.xml", text, strlen(text), NULL, batch);
}

static void test_inline(void)
{
    bulletin_batch batch = { 0 };
    bulletin_status rc = ingest_text(
        "<bulletin date='2018-01-02'><page number='1'>"
        "<article kind='bogus'><p>x</p></article></page></bulletin>", &batch);
    is_int(rc, BULLETIN_ERROR_INPUT, "unknown kind is an input error");
    ok(strstr(bulletin_error_last()->message, "kind") != NULL,
       "unknown kind: message names the attribute (%s)", bulletin_error_last()->message);

    rc = ingest_text("<bulletin date='2018-01-02'><page number='1'>"
                     "<article><headline>a</headline></article></page></bulletin>",
                     &batch);
    is_int(rc, BULLETIN_ERROR_INPUT, "article without <p> is an input error");
    printf("#   %s\n", bulletin_error_last()->message);

    rc = ingest_text("<bulletin date='2018-01-02'><page number='1'>"
                     "<article><p>  </p></article></page></bulletin>", &batch);
    is_int(rc, BULLETIN_ERROR_INPUT, "article whose paragraphs are blank is an input error");

    rc = ingest_text("<bulletin date='2018-01-02'><page number='1'>"
                     "<article id='a'><p>x</p></article><article id='a'><p>y</p>"
                     "</article></page></bulletin>", &batch);
    is_int(rc, BULLETIN_ERROR_INPUT, "duplicate article id is an input error");

    rc = ingest_text("<bulletin date='2018-01-02'><page number='1'/>"
                     "<page number='1'/></bulletin>", &batch);
    is_int(rc, BULLETIN_ERROR_INPUT, "duplicate page number is an input error");

    rc = ingest_text("<bulletin date='2018-01-02'><page number='1'><article>"
                     "<p>&nbsp;</p></article></page></bulletin>", &batch);
    is_int(rc, BULLETIN_ERROR_INPUT, "undeclared entity is an input error");

    /* Decoded text keeps its declaration: it must not be decoded again. */
    rc = ingest_text("<?xml version='1.0' encoding='GB18030'?>\n"
                     "<bulletin date='2018-01-02'><page number='3'><article>"
                     "<p>Trade\n  union 工会\n  活动</p></article></page></bulletin>",
                     &batch);
    is_int(rc, BULLETIN_OK, "declared GB18030, given as UTF-8: read as UTF-8");
    if (batch.count == 1)
        is_str(batch.articles[0].body, "Trade union 工会活动",
               "a wrapped line is a space between Latin words only");
    is_int(batch.count, 1, "failed files left nothing in the batch");
    bulletin__batch_free(&batch);
}

int main(void)
{
    test_valid();
    test_invalid("malformed.xml", 1, NULL);
    test_invalid("no-page-number.xml", 1, "lacks attribute 'number'");
    test_invalid("bad-date.xml", 1, "2017-02-30");
    test_invalid("billion-laughs.xml", 1, "DOCTYPE");
    test_invalid("external-entity.xml", 1, "DOCTYPE");
    test_invalid("external-dtd.xml", 1, "DOCTYPE");
    test_invalid("empty.xml", 0, "empty");
    test_lines();
    test_inline();
    /* Run the valid file again: the cached schema is reused. */
    test_valid();
    return tap_done();
}
