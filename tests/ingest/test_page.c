/* test_page.c - splitting page text into articles (libsearch/ingest/page.c).
 *
 * The first half reads the real sample page (corpus/2017-12-12-p2.txt,
 * found through $srcdir) and checks what a reader of the archive would
 * see: the articles, their kinds, headlines, bylines, and paragraphs
 * repaired across column breaks.  The second half feeds small pages built
 * here, one defect at a time. */
#include "ingest/ingest.h"
#include "../tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const bulletin_index_options sample_opts = {
    BULLETIN_INDEX_OPTIONS_VERSION, "2017-12-12", 2, NULL, NULL, NULL
};

static char *read_sample(size_t *len)
{
    const char *srcdir = getenv("srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/corpus/2017-12-12-p2.txt",
             srcdir && *srcdir ? srcdir : ".");
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(data, cap);
            if (!p) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = p;
        }
        got = fread(data + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

/* The kind's name, for readable failures (kept here so that this test
 * links without the archive module). */
static const char *kind_name(bulletin_kind kind)
{
    static const char *const names[] = { "news", "commentary", "advertisement",
                                         "continuation", "other" };
    return (unsigned)kind < sizeof names / sizeof *names ? names[kind] : "?";
}

static bulletin_status run(const char *text, bulletin_batch *batch)
{
    memset(batch, 0, sizeof *batch);
    return bulletin__ingest_page("test.txt", text, strlen(text), &sample_opts,
                                 batch);
}

static int contains(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

static int starts_with(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Does the paragraph (line of `body`) that contains `needle` start with
 * `prefix`?  Proves that two halves ended up in ONE paragraph. */
static int paragraph_starts(const char *body, const char *needle,
                            const char *prefix)
{
    const char *at = body ? strstr(body, needle) : NULL;
    if (!at)
        return 0;
    while (at > body && at[-1] != '\n')
        at--;
    return starts_with(at, prefix);
}

static size_t paragraphs(const char *body)
{
    size_t k = body && *body ? 1 : 0;
    for (const char *p = body; p && *p; p++)
        k += *p == '\n';
    return k;
}

static void test_sample(void)
{
    size_t len = 0;
    char *text = read_sample(&len);
    if (!ok(text != NULL, "sample page readable (srcdir=%s)",
            getenv("srcdir") ? getenv("srcdir") : "."))
        return;
    bulletin_batch b;
    memset(&b, 0, sizeof b);
    bulletin_status rc = bulletin__ingest_page("2017-12-12-p2.txt", text, len,
                                               &sample_opts, &b);
    is_int(rc, BULLETIN_OK, "sample: ingest succeeds");
    is_str(b.format, "text", "sample: format is text");
    is_int(b.count, 7, "sample: 7 articles (commentary, 4 news, ad, continuation)");
    if (b.count != 7) {
        for (size_t i = 0; i < b.count; i++)
            printf("#   %zu %s '%s'\n", i, kind_name(b.articles[i].kind),
                   b.articles[i].headline);
        bulletin__batch_free(&b);
        free(text);
        return;
    }
    static const bulletin_kind kinds[7] = {
        BULLETIN_KIND_COMMENTARY, BULLETIN_KIND_NEWS, BULLETIN_KIND_NEWS,
        BULLETIN_KIND_NEWS, BULLETIN_KIND_NEWS, BULLETIN_KIND_ADVERTISEMENT,
        BULLETIN_KIND_CONTINUATION
    };
    for (size_t i = 0; i < 7; i++) {
        const bulletin_article *a = &b.articles[i];
        is_str(kind_name(a->kind), kind_name(kinds[i]),
               "sample: article %zu kind", i + 1);
        is_int(a->position, i + 1, "sample: article %zu position", i + 1);
        is_int(a->page, 2, "sample: article %zu page", i + 1);
        is_str(a->issue_date, "2017-12-12", "sample: article %zu issue date", i + 1);
        ok(a->body && *a->body && !contains(a->body, "\n\n") &&
               a->body[strlen(a->body) - 1] != '\n',
           "sample: article %zu body non-empty, no empty paragraphs", i + 1);
        ok(!contains(a->body, "本报讯") && !contains(a->body, "上接"),
           "sample: article %zu body free of bylines and jump lines", i + 1);
    }

    const bulletin_article *c = &b.articles[0];
    is_str(c->headline, "坚持以党建统领推动工会改革向纵深拓展", "commentary: headline");
    is_str(c->author, "牛青山", "commentary: author is the name");
    is_str(c->byline, "□ 石景山区委书记 牛青山", "commentary: byline keeps the title");
    ok(!contains(c->body, "□") && !contains(c->body, "坚持以党建统领推动工会改革向纵深拓展"),
       "commentary: byline and headline are not in the body");
    ok(starts_with(c->body, "新时代的靈魂是學習貫徹"), "commentary: body opens with its first paragraph");
    ok(contains(c->body, "主動融入全區中心工作"),
       "commentary: word cut by a blank line is joined (主動融入全|區中心工作)");
    ok(paragraph_starts(c->body, "主動融入全區中心工作", "把握新方向。"),
       "commentary: ... inside one paragraph");
    ok(contains(c->body, "激发职工群众劳动热情。"),
       "commentary: 激发职工群|众劳动热情 joined");
    ok(paragraph_starts(c->body, "激发职工群众劳动热情。", "工会组织作为党联系群众"),
       "commentary: ... inside one paragraph");
    ok(contains(c->body, "“一个灵魂”就是"),
       "commentary: cut across scripts after an opening quote is joined");
    ok(contains(c->body, "時代先鋒。\n把握新方向。"),
       "commentary: a genuine paragraph end is kept");
    ok(contains(c->body, "众劳动热情。\n开创新局面。"),
       "commentary: the short paragraph end after the repair is kept");
    is_int(paragraphs(c->body), 6, "commentary: 6 paragraphs");

    const bulletin_article *n = &b.articles[1];
    is_str(n->headline, "西城工会为户外劳动者建“避风港”", "news 1: headline");
    is_str(n->subtitle, "解决喝水、热饭、如厕等难题 将在全区内设200家暖心驿站",
           "news 1: subtitle deck");
    is_str(n->byline, "本报讯（记者 张晶）", "news 1: byline");
    is_str(n->author, "张晶", "news 1: reporter in author");
    ok(starts_with(n->body, "12月8日，西城区总工会"), "news 1: byline removed from body");
    ok(contains(n->body, "如厕和就餐是他最头疼的事"), "news 1: column break joined");
    ok(contains(n->body, "为了能更大范围地服务户外劳动者，"),
       "news 1: short fragment after a paragraph end is joined, not a headline");
    is_int(paragraphs(n->body), 6, "news 1: 6 paragraphs");

    is_str(b.articles[2].headline, "丰台职工摄影爱好者有了自己的组织", "news 2: headline");
    is_str(b.articles[2].author, "余翠平", "news 2: author");
    is_str(b.articles[2].subtitle, "", "news 2: no subtitle");
    ok(starts_with(b.articles[2].body, "“我们摄影爱好者"), "news 2: body after byline");
    is_str(b.articles[3].headline, "安贞职工巧编中国结体验民俗文化", "news 3: headline");
    is_str(b.articles[3].author, "刘欣欣", "news 3: author");
    ok(contains(b.articles[3].body, "又根据其形、意命名"), "news 3: column break joined");
    is_str(b.articles[4].headline, "百泉街道工会“路边支摊”宣传建会", "news 4: headline");
    is_str(b.articles[4].author, "马超", "news 4: author");
    is_str(b.articles[4].byline, "本报讯（记者 马超）", "news 4: byline");
    ok(contains(b.articles[4].body, "利用每一个与企业"), "news 4: column break joined");
    ok(contains(b.articles[4].body, "开展一系列的摆摊设点宣传活动。") &&
           !contains(b.articles[4].body, "燕京"),
       "news 4: ends before the advertisement");

    const bulletin_article *ad = &b.articles[5];
    is_str(ad->headline, "燕京啤酒 YANJING BEER", "ad: brand line heads it");
    ok(contains(ad->body, "63522410") && contains(ad->body, "Official Partner"),
       "ad: body has the slogan and the phone number");
    is_int(paragraphs(ad->body), 3, "ad: its lines stay lines");

    const bulletin_article *k = &b.articles[6];
    is_str(k->headline, "", "continuation: no headline");
    ok(starts_with(k->body, "具体而言,要大力培育"), "continuation: jump marker stripped");
    ok(contains(k->body, "潘建新主持会议。"), "continuation: runs to the end of the page");
    is_int(paragraphs(k->body), 3, "continuation: 3 paragraphs");

    bulletin__batch_free(&b);
    free(text);
}

static void test_crlf(void)
{
    bulletin_batch b;
    is_int(run("标题一\r\n\r\n本报讯（记者 王五）正文第一段。\r\n\r\n第二段被栏\r\n"
               "\r\n截断了。\r\n", &b), BULLETIN_OK, "crlf: ok");
    is_int(b.count, 1, "crlf: one article");
    if (b.count == 1) {
        is_str(b.articles[0].headline, "标题一", "crlf: headline");
        is_str(b.articles[0].author, "王五", "crlf: author");
        is_str(b.articles[0].body, "正文第一段。\n第二段被栏截断了。",
               "crlf: no CR left, cut paragraph joined");
    }
    bulletin__batch_free(&b);

    is_int(run("标题二\r\r本报讯（记者 张三 通讯员 李四）正文。\r", &b), BULLETIN_OK,
           "cr only: ok");
    is_int(b.count, 1, "cr only: one article");
    if (b.count == 1) {
        is_str(b.articles[0].headline, "标题二", "cr only: headline");
        is_str(b.articles[0].byline, "本报讯（记者 张三 通讯员 李四）", "two names: byline");
        is_str(b.articles[0].author, "张三、李四", "two names: joined with 、");
        is_str(b.articles[0].body, "正文。", "cr only: body");
    }
    bulletin__batch_free(&b);
}

static void test_indentation(void)
{
    bulletin_batch b;
    is_int(run("\xe3\x80\x80\xe3\x80\x80第一段\x01有控制符。  \n  \t\n"
               "\xe3\x80\x80\xe3\x80\x80第二段。\t \xe3\x80\x80\n", &b),
           BULLETIN_OK, "indent: ok");
    is_int(b.count, 1, "indent: one headless article");
    if (b.count == 1) {
        is_str(b.articles[0].headline, "", "indent: no headline");
        is_str(b.articles[0].body, "第一段有控制符。\n第二段。",
               "indent: full-width indentation, trailing spaces and controls gone");
    }
    bulletin__batch_free(&b);
}

static void test_headline_only(void)
{
    bulletin_batch b;
    is_int(run("\n\n孤零零的标题\n\n", &b), BULLETIN_OK, "headline only: ok");
    is_int(b.count, 1, "headline only: one article");
    if (b.count == 1) {
        is_str(b.articles[0].headline, "孤零零的标题", "headline only: headline");
        is_str(b.articles[0].body, "", "headline only: empty body");
    }
    bulletin__batch_free(&b);
}

static void test_empty(void)
{
    bulletin_batch b;
    memset(&b, 0, sizeof b);
    is_int(bulletin__ingest_page("e.txt", NULL, 0, NULL, &b), BULLETIN_OK,
           "empty: NULL text of length 0 is fine");
    is_int(b.count, 0, "empty: no articles");
    is_int(run("", &b), BULLETIN_OK, "empty string: ok");
    is_int(b.count, 0, "empty string: no articles");
    is_int(run(" \n\xe3\x80\x80\n\r\n\t\n", &b), BULLETIN_OK, "blank page: ok");
    is_int(b.count, 0, "blank page: no articles");
    bulletin__batch_free(&b);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_long_line(void)
{
    size_t n = 1 << 20;
    char *text = malloc(n + 1);
    if (!text)
        return;
    /* "工会" repeated: 3-byte characters, no newline, no punctuation. */
    for (size_t i = 0; i + 6 <= n; i += 6)
        memcpy(text + i, "工会", 6);
    size_t len = n - n % 6;
    text[len] = '\0';
    bulletin_batch b;
    memset(&b, 0, sizeof b);
    double t = now();
    is_int(bulletin__ingest_page("long.txt", text, len, NULL, &b), BULLETIN_OK,
           "1 MB line: ok");
    t = now() - t;
    is_int(b.count, 1, "1 MB line: one article");
    if (b.count == 1) {
        ok(b.articles[0].body && strlen(b.articles[0].body) == len,
           "1 MB line: whole line kept as body");
        ok(b.articles[0].issue_date == NULL && b.articles[0].page == 0,
           "no options: no date, page 0");
    }
    printf("# 1 MB line took %.3f s (timing is reported, never asserted)\n", t);
    bulletin__batch_free(&b);
    free(text);
}

static void test_blank_lines(void)
{
    const char *head = "标题\n";
    const char *tail = "本报讯（记者 张三）正文。\n";
    size_t blanks = 100000;
    size_t len = strlen(head) + 3 * blanks + strlen(tail);
    char *text = malloc(len + 1);
    if (!text)
        return;
    char *p = text;
    memcpy(p, head, strlen(head));
    p += strlen(head);
    for (size_t i = 0; i < blanks; i++) {
        /* Every other blank line holds a stray space. */
        memcpy(p, i % 2 ? " \n\n" : "\n\n\n", 3);
        p += 3;
    }
    memcpy(p, tail, strlen(tail) + 1);
    bulletin_batch b;
    memset(&b, 0, sizeof b);
    double t = now();
    is_int(bulletin__ingest_page("blank.txt", text, len, NULL, &b), BULLETIN_OK,
           "100000 blank lines: ok");
    t = now() - t;
    printf("# 100000 blank lines took %.3f s (timing is reported, never asserted)\n", t);
    is_int(b.count, 1, "100000 blank lines: one article");
    if (b.count == 1) {
        is_str(b.articles[0].headline, "标题", "100000 blank lines: headline");
        is_str(b.articles[0].body, "正文。", "100000 blank lines: body");
    }
    bulletin__batch_free(&b);
    free(text);
}

static void test_jump_out(void)
{
    bulletin_batch b;
    is_int(run("标题甲\n\n本报讯（记者 张三）第一段。\n\n第二段说到一半（下转第2版）\n\n"
               "标题乙\n\n本报记者 李四\n\n乙的正文。\n\n又一段被截（下转第３版）\n\n"
               "截断后的文字不属于乙。\n", &b),
           BULLETIN_OK, "jump out: ok");
    is_int(b.count, 3, "jump out: three articles");
    if (b.count == 3) {
        is_str(b.articles[0].body, "第一段。\n第二段说到一半",
               "jump out: marker stripped, article ends there");
        is_str(b.articles[1].headline, "标题乙", "jump out: next headline");
        is_str(b.articles[1].byline, "本报记者 李四", "byline line: 本报记者");
        is_str(b.articles[1].author, "李四", "byline line: author");
        is_str(b.articles[1].body, "乙的正文。\n又一段被截",
               "byline line: not in the body; full-width page number stripped");
        is_str(b.articles[2].body, "截断后的文字不属于乙。",
               "jump out: text after it is not joined to the cut paragraph");
        is_int(b.articles[2].position, 3, "jump out: positions count on");
    }
    bulletin__batch_free(&b);
}

static void test_more_bylines(void)
{
    bulletin_batch b;
    is_int(run("标题丙\n\n（实习记者 王小二）正文一。\n\n标题丁\n\n文/图 赵六 近日，正文二。\n\n"
               "标题戊\n\n■ 评论员 钱七\n\n评论正文。\n", &b),
           BULLETIN_OK, "bylines: ok");
    is_int(b.count, 3, "bylines: three articles");
    if (b.count == 3) {
        is_str(b.articles[0].byline, "（实习记者 王小二）", "bylines: bracket alone");
        is_str(b.articles[0].author, "王小二", "bylines: bracket author");
        is_str(b.articles[0].body, "正文一。", "bylines: bracket stripped");
        is_str(b.articles[1].byline, "文/图 赵六", "bylines: 文/图");
        is_str(b.articles[1].author, "赵六", "bylines: 文/图 author");
        is_str(b.articles[1].body, "近日，正文二。", "bylines: 文/图 stripped");
        is_int(b.articles[2].kind, BULLETIN_KIND_COMMENTARY, "bylines: ■ commentary");
        is_str(b.articles[2].author, "钱七", "bylines: ■ author");
    }
    bulletin__batch_free(&b);

    /* A byline that is the whole paragraph stays out of the body and
     * takes nothing of what follows. */
    is_int(run("本报讯（记者 张三）\n\n正文。\n", &b), BULLETIN_OK, "byline alone: ok");
    if (b.count == 1) {
        is_str(b.articles[0].byline, "本报讯（记者 张三）", "byline alone: byline");
        is_str(b.articles[0].body, "正文。", "byline alone: body");
    } else {
        ok(0, "byline alone: one article");
    }
    bulletin__batch_free(&b);
}

static void test_jump_in_and_ad(void)
{
    bulletin_batch b;
    is_int(run("（上接第1版）续前文，\n\n到此结束。\n\n某某空调 COOLAIR\n"
               "全国服务热线：400-800-1234\n\n标题己\n\n正文己。\n", &b),
           BULLETIN_OK, "jump in + ad: ok");
    is_int(b.count, 3, "jump in + ad: three articles");
    if (b.count == 3) {
        is_int(b.articles[0].kind, BULLETIN_KIND_CONTINUATION, "jump in: continuation");
        is_str(b.articles[0].body, "续前文，到此结束。", "jump in: marker stripped, joined");
        is_int(b.articles[1].kind, BULLETIN_KIND_ADVERTISEMENT, "ad: advertisement");
        is_str(b.articles[2].headline, "标题己", "ad: headline after it");
        is_str(b.articles[2].body, "正文己。", "ad: story after it");
    }
    bulletin__batch_free(&b);

    /* An advertisement between the halves of a cut paragraph. */
    is_int(run("标题庚\n\n本报讯（记者 张三）这段被\n\n某某空调 COOLAIR\n"
               "全国服务热线：400-800-1234\n\n广告截断了。\n", &b),
           BULLETIN_OK, "ad inside: ok");
    is_int(b.count, 2, "ad inside: two articles");
    if (b.count == 2) {
        is_str(b.articles[0].body, "这段被广告截断了。", "ad inside: halves joined");
        is_int(b.articles[1].kind, BULLETIN_KIND_ADVERTISEMENT, "ad inside: ad kept apart");
    }
    bulletin__batch_free(&b);
}

static void test_mixed_scripts(void)
{
    bulletin_batch b;
    is_int(run("标题\n\n本报讯（记者 张三）A hard\nwrap and a column\n\nbreak 續寫\n\n完了。\n",
               &b), BULLETIN_OK,
           "scripts: ok");
    if (b.count == 1)
        is_str(b.articles[0].body, "A hard wrap and a columnbreak 續寫完了。",
               "scripts: space back only at a hard wrap between words");
    else
        ok(0, "scripts: one article");
    bulletin__batch_free(&b);
}

static void test_invalid(void)
{
    bulletin_batch b;
    is_int(run("第一行。\n坏\xff字节\n", &b), BULLETIN_ERROR_INPUT,
           "invalid UTF-8: input error");
    is_int(bulletin_error_last()->line, 2, "invalid UTF-8: line reported");
    is_int(bulletin_error_last()->offset, 16, "invalid UTF-8: byte offset reported");
    is_int(b.count, 0, "invalid UTF-8: no articles left behind");
    bulletin__batch_free(&b);
}

/* Each OCR debris rule drops its line, and the halves of a paragraph cut
 * around the debris still join. */
static void test_debris(void)
{
    static const char *const debris[][2] = {
        { "■", "symbols" },
        { "※ ※ ※", "symbols" },
        { "- 2 -", "page number" },
        { "第2版", "page number" },
        { "2017年12月12日 星期二 责编 王小明", "running head" },
        { "责编 王小明 美编 李四", "running head (credits)" },
        { "劳动午报 2", "masthead" },
        { "3  职工周报", "masthead, number first" },
    };
    for (size_t k = 0; k < sizeof debris / sizeof debris[0]; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 "标题在这里\n\n本报讯（记者 张三）职工们在寒冬里\n\n%s\n\n感受到了温暖。\n",
                 debris[k][0]);
        bulletin_batch b;
        is_int(run(text, &b), BULLETIN_OK, "debris %s: ok", debris[k][1]);
        ok(b.count == 1 && !contains(b.articles[0].body, debris[k][0]) &&
               contains(b.articles[0].body, "职工们在寒冬里感受到了温暖。"),
           "debris rule '%s' drops \"%s\" and the cut sentence joins", debris[k][1],
           debris[k][0]);
        bulletin__batch_free(&b);
    }
    /* Text that only looks like furniture stays. */
    bulletin_batch b;
    is_int(run("标题\n\n本报讯（记者 张三）2017年12月12日，编辑部召开会议。\n\n"
               "会议由责编王小明主持，共有2位代表发言。\n", &b), BULLETIN_OK,
           "dates and editors in prose: ok");
    ok(b.count == 1 && contains(b.articles[0].body, "2017年12月12日，编辑部") &&
           contains(b.articles[0].body, "责编王小明主持"),
       "a date or an editor inside a sentence is not debris");
    bulletin__batch_free(&b);
}

/* Jump lines give their page numbers, in any digits. */
static void test_jump_pages(void)
{
    bulletin_batch b;
    is_int(run("第一篇报道\n\n本报讯（记者 张三）工会开展活动，（下转第十二版）\n\n"
               "第二篇报道\n（上接第１版）活动取得圆满成功。\n", &b),
           BULLETIN_OK, "jump pages: ok");
    is_int(b.count, 2, "jump pages: two articles");
    if (b.count == 2) {
        is_int(b.jumps[0].to_page, 12, "（下转第十二版） names page 12");
        is_int(b.jumps[0].from_page, 0, "the first part has no 上接");
        is_int(b.jumps[1].from_page, 1, "（上接第１版） names page 1 (full-width digit)");
        is_str(kind_name(b.articles[1].kind), "continuation", "the second part is a continuation");
        is_str(b.articles[1].headline, "第二篇报道", "its repeated headline is kept");
    }
    bulletin__batch_free(&b);
}

/* Two advertisements stacked in one column stay two: contact details
 * close the first. */
static void test_two_ads(void)
{
    bulletin_batch b;
    is_int(run("本报讯（记者 张三）工会举办活动。\n\n"
               "长城牌电暖器\nStay Warm All Winter\n订购热线：010-62345678\n\n"
               "星光眼镜店\nSee The World Clearly\n服务电话：010-87654321\n", &b),
           BULLETIN_OK, "two ads: ok");
    is_int(b.count, 3, "two ads: the story and two advertisements");
    if (b.count == 3) {
        is_str(kind_name(b.articles[1].kind), "advertisement", "first ad");
        is_str(b.articles[1].headline, "长城牌电暖器", "first ad: its brand heads it");
        is_str(kind_name(b.articles[2].kind), "advertisement", "second ad");
        is_str(b.articles[2].headline, "星光眼镜店", "second ad: its brand heads it");
    }
    bulletin__batch_free(&b);
}

/* Bylines in traditional characters, as in Hong Kong and Taiwan exports. */
static void test_traditional_byline(void)
{
    bulletin_batch b;
    is_int(run("勞工講座舉行\n\n本報訊（記者 陳美玲 通訊員 林志明）講座昨日舉行。\n", &b),
           BULLETIN_OK, "traditional byline: ok");
    if (ok(b.count == 1, "traditional byline: one article")) {
        is_str(b.articles[0].byline, "本報訊（記者 陳美玲 通訊員 林志明）", "byline");
        is_str(b.articles[0].author, "陳美玲、林志明", "both people");
        is_str(b.articles[0].body, "講座昨日舉行。", "body without the byline");
    }
    bulletin__batch_free(&b);
}

/* A short line last on the page after a finished paragraph is the
 * headline of a story printed elsewhere, not text of the one above. */
static void test_headline_fragment_at_end(void)
{
    bulletin_batch b;
    is_int(run("标题\n本报讯（记者 张三）活动圆满结束。\n下期预告职工运动会\n", &b),
           BULLETIN_OK, "fragment at end: ok");
    if (ok(b.count == 2, "fragment at end: two articles")) {
        is_str(b.articles[1].headline, "下期预告职工运动会", "the fragment is a headline");
        is_str(b.articles[1].body, "", "with no body");
        ok(!contains(b.articles[0].body, "下期预告"), "not glued to the story above");
    }
    bulletin__batch_free(&b);
}

int main(void)
{
    test_sample();
    test_crlf();
    test_indentation();
    test_headline_only();
    test_empty();
    test_long_line();
    test_blank_lines();
    test_jump_out();
    test_more_bylines();
    test_jump_in_and_ad();
    test_mixed_scripts();
    test_invalid();
    test_debris();
    test_jump_pages();
    test_two_ads();
    test_traditional_byline();
    test_headline_fragment_at_end();
    return tap_done();
}
