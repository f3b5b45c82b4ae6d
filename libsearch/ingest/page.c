/* page.c - split the plain text of one printed page into articles.
 *
 * Text extracted from a printed page follows the page's layout, not the
 * articles' logic.  Paragraphs are cut wherever a column ended, often in
 * the middle of a word; headlines, decks and bylines are short lines that
 * look much like such cut-off fragments; advertisements and jump lines
 * ("(上接第1版)") sit between the stories.  Nothing marks any of this, so
 * every decision below is a judgement from punctuation, length and a
 * little lookahead.  The rules are generic: the same defects occur on
 * every page with other words.
 *
 * The work is four passes, each linear in the size of the page:
 *   1. clean:    normalise line ends, drop control characters, trim each
 *                line; blank lines only count the gap before the next line;
 *                OCR debris lines (page furniture, scanner noise) are
 *                dropped by four named rules (see debris_rule);
 *   2. annotate: note what each line could be (short, a paragraph end, a
 *                byline, a jump line);
 *   3. ads:      mark runs of short, slogan-like blocks as advertisements;
 *   4. assemble: walk the lines with two lines of lookahead and build the
 *                articles, which are copied into the batch at the end.
 *
 * The signals, each a named function or constant below: line length
 * (HEADLINE_MAX_CHARS, U_SHORT), sentence-final punctuation
 * (ends_paragraph, U_ENDS), byline patterns (news_byline, U_NBYLINE;
 * commentary_byline, U_CBYLINE; simplified and traditional role words),
 * headline position (headline_at), jump lines (parse_jump, U_JUMP_IN,
 * U_JUMP_OUT, with the page they name), advertisement signs (line_signs:
 * SIGN_PHONE, SIGN_LATIN, SIGN_BRAND, SIGN_PRICE, SIGN_WEB; split_ads)
 * and debris rules (debris_rule).  A bug report about a page becomes a
 * test in tests/ingest/test_page.c and a change to one of these.
 *
 * The cleaned page is valid UTF-8 (pass 1 re-encodes every code point),
 * so the later passes may decode backwards without further checks. */
#include "config.h"
#include "ingest.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A headline or a deck is at most this long; a paragraph cut by a column
 * end can be shorter, which is why length alone never decides. */
#define HEADLINE_MAX_CHARS 40
/* Advertisement lines are slogans, not prose. */
#define AD_LINE_MAX_CHARS 80
/* "新华社北京12月8日电" and the like, before a bracketed byline. */
#define BYLINE_LEAD_MAX_CHARS 24
/* "（记者 张三 通讯员 李四）" */
#define BYLINE_BRACKET_MAX_CHARS 48
/* Chinese personal names; five allows "本报评论员"-style signatures. */
#define NAME_MAX_CHARS 5
/* "（下转第12版）" with some slack for spaces. */
#define JUMP_MAX_CHARS 16
/* A closing bracket after sentence-final punctuation: "……。（完）". */
#define TAIL_BRACKET_MAX_CHARS 24

#define NONE SIZE_MAX

/* What a line could be (unit.flags). */
enum {
    U_SHORT = 1 << 0,     /* at most HEADLINE_MAX_CHARS characters */
    U_ENDS = 1 << 1,      /* ends a paragraph (sentence-final punctuation) */
    U_CBYLINE = 1 << 2,   /* "□ 石景山区委书记 牛青山" */
    U_NBYLINE = 1 << 3,   /* starts with "本报讯（记者 张晶）" or the like */
    U_JUMP_IN = 1 << 4,   /* starts with "（上接第1版）" */
    U_JUMP_OUT = 1 << 5,  /* ends with "（下转第2版）" */
    U_AD = 1 << 6,        /* part of an advertisement */
    U_AD_FIRST = 1 << 7   /* first line of an advertisement */
};

/* Signs of an advertisement, counted per kind. */
enum {
    SIGN_PHONE = 1 << 0,  /* 电话/热线/TEL with a phone number */
    SIGN_LATIN = 1 << 1,  /* a line of English, e.g. a slogan */
    SIGN_BRAND = 1 << 2,  /* Chinese with an upper-case brand: "燕京啤酒 YANJING" */
    SIGN_PRICE = 1 << 3,  /* ¥ 99, 99元 */
    SIGN_WEB = 1 << 4     /* www., http, .com */
};

/* One non-blank line of the page. */
typedef struct unit {
    size_t start, end;    /* its bytes in page.clean */
    size_t gap;           /* blank lines before it */
    size_t block;         /* lines with no blank line between share a block */
    size_t nchars;        /* code points */
    unsigned flags;       /* U_* */
} unit;

typedef struct page {
    const char *path;
    char *clean;          /* the cleaned lines, back to back */
    unit *units;
    size_t count, cap;
    size_t blocks;
    size_t debris;        /* OCR debris lines dropped */
} page;

/* An article while it is being built.  Headline, subtitle and byline are
 * whole lines or prefixes of lines, so they are kept as ranges of
 * page.clean; author and body are assembled. */
typedef struct draft {
    bulletin_kind kind;
    size_t head, head_len;
    size_t sub, sub_len;
    size_t byline, byline_len;
    bool has_head, has_sub, has_byline;
    int jump_from;        /* "（上接第1版）" opened it: page 1; else 0 */
    int jump_to;          /* "（下转第3版）" ended it: page 3; else 0 */
    bulletin_buf author;
    bulletin_buf body;
} draft;

typedef struct assembler {
    page *pg;
    draft *drafts;
    size_t count, cap;
    size_t cur;           /* the article body text goes to, or NONE */
    bool pending;         /* its last paragraph was cut by a column end */
    size_t last_unit;     /* the unit appended last to `cur` */
} assembler;

/* ------------------------------------------------------------------ */
/* Characters                                                          */
/* ------------------------------------------------------------------ */

/* Decode the code point before *pos in valid UTF-8 and move *pos to it. */
static int32_t prev_cp(const char *s, size_t *pos)
{
    size_t end = *pos, p = *pos;
    do
        p--;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80);
    *pos = p;
    size_t q = p;
    return bulletin_utf8_next(s, end, &q);
}

static bool is_space(int32_t c)
{
    return u_isUWhiteSpace(c);
}

static bool is_han(int32_t c)
{
    return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC);
}

/* Closing quotes and brackets may follow the full stop of a sentence. */
static bool is_closer(int32_t c)
{
    int8_t t = u_charType(c);
    return t == U_END_PUNCTUATION || t == U_FINAL_PUNCTUATION;
}

static bool is_open_bracket(int32_t c)
{
    return u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE) == U_BPT_OPEN;
}

static bool is_close_bracket(int32_t c)
{
    return u_getIntPropertyValue(c, UCHAR_BIDI_PAIRED_BRACKET_TYPE) == U_BPT_CLOSE;
}

/* Punctuation that can end a printed paragraph.  Sentence_Terminal covers
 * 。！？.!? in every script; semicolons, colons (a list or speech
 * follows) and ellipses end paragraphs too but are not in that set. */
static bool is_final(int32_t c)
{
    if (u_hasBinaryProperty(c, UCHAR_S_TERM))
        return true;
    switch (c) {
    case ';': case ':': case 0xFF1B: case 0xFF1A: case 0xFE54: case 0xFE55:
    case 0x2026: case 0x22EF: case 0x2025:
        return true;
    default:
        return false;
    }
}

static bool is_line_break(int32_t c)
{
    /* \f is how pdftotext separates pages: a line end like any other. */
    return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 ||
           c == 0x2028 || c == 0x2029;
}

/* Separators between names in a byline: spaces, 、，; and the like
 * (Sentence_Break=SContinue is exactly the comma-like class). */
static bool is_name_sep(int32_t c)
{
    return is_space(c) ||
           u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK) == U_SB_SCONTINUE;
}

/* Letters of a Chinese name, with the middle dot of transcribed names. */
static bool is_name_char(int32_t c)
{
    return is_han(c) || c == 0x00B7 || c == 0x30FB;
}

/* Letters and digits of scripts written with spaces between words: two
 * of them meeting at a hard line wrap need the space back. */
static bool is_spaced_alnum(int32_t c)
{
    if (!u_isalnum(c) || is_han(c))
        return false;
    UErrorCode err = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &err);
    return sc != USCRIPT_HIRAGANA && sc != USCRIPT_KATAKANA && sc != USCRIPT_THAI;
}

static size_t count_chars(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

/* Does s[pos..n) start with the UTF-8 string `word`? */
static bool at_word(const char *s, size_t n, size_t pos, const char *word)
{
    size_t w = strlen(word);
    return n - pos >= w && memcmp(s + pos, word, w) == 0;
}

static bool ends_with_word(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n >= w && memcmp(s + n - w, word, w) == 0;
}

static size_t skip_spaces(const char *s, size_t n, size_t pos)
{
    while (pos < n) {
        size_t p = pos;
        if (!is_space(bulletin_utf8_next(s, n, &p)))
            break;
        pos = p;
    }
    return pos;
}

/* ------------------------------------------------------------------ */
/* Pass 1: clean lines                                                 */
/* ------------------------------------------------------------------ */

static bool ends_paragraph(const char *s, size_t n);

/* ---- OCR debris ----------------------------------------------------
 * Lines that are page furniture or scanner noise, not text of any
 * article.  They are dropped while the lines are cleaned, before any
 * other rule sees them.  The rules, by the name tests and bug reports
 * use for them:
 *   symbols      no letter and no digit at all: "■", "※ ※", "——", "…"
 *   page number  a page number alone, perhaps with dashes or brackets
 *                around it: "2", "- 2 -", "（2）", "第2版"
 *   running head the issue date written out in full (YYYY年M月D日) with
 *                a weekday or an editor's credit on one short line:
 *                "2017年12月12日 星期二 责编 王小明", or credits alone:
 *                "责编 王小明 美编 李四"
 *   masthead     the paper's name beside the page number, as printed at
 *                the top of a page: "劳动午报 2", "2 劳动午报"
 * The rules need the line to be short (RUNNING_HEAD_MAX_CHARS) and
 * never look at words of a story, so a headline or a paragraph that
 * mentions a date or an editor is kept. */
#define RUNNING_HEAD_MAX_CHARS 40
#define MASTHEAD_MAX_CHARS 8
#define PAGE_NUMBER_MAX_DIGITS 3

/* Punctuation that frames a page number: "- 2 -", "—2—", "（2）". */
static bool is_page_frame(int32_t c)
{
    return is_space(c) || c == '-' || c == '.' || c == 0x2014 || c == 0x2013 ||
           c == 0x00B7 || is_open_bracket(c) || is_close_bracket(c);
}

static bool debris_symbols(const char *s, size_t n)
{
    for (size_t p = 0; p < n;) {
        int32_t c = bulletin_utf8_next(s, n, &p);
        if (u_isalnum(c))
            return false;
    }
    return true;
}

static bool debris_page_number(const char *s, size_t n)
{
    size_t p = 0, digits = 0;
    while (p < n) {
        size_t q = p;
        int32_t c = bulletin_utf8_next(s, n, &q);
        bool page_word = (c == 0x7B2C /* 第 */ && digits == 0) ||
                         ((c == 0x7248 /* 版 */ || c == 0x9875 /* 页 */) && digits > 0);
        if (u_isdigit(c))
            digits++;
        else if (!page_word && !is_page_frame(c))
            return false;
        p = q;
    }
    return digits > 0 && digits <= PAGE_NUMBER_MAX_DIGITS;
}

/* The next space-separated field of s[*pos..n): [*start, *end). */
static bool next_field(const char *s, size_t n, size_t *pos, size_t *start,
                       size_t *end)
{
    size_t p = skip_spaces(s, n, *pos);
    if (p >= n)
        return false;
    *start = p;
    while (p < n) {
        size_t q = p;
        if (is_space(bulletin_utf8_next(s, n, &q)))
            break;
        p = q;
    }
    *pos = *end = p;
    return true;
}

/* "2017年12月12日": digits, 年, digits, 月, digits, 日, somewhere. */
static bool has_full_date(const char *s, size_t n)
{
    static const int32_t marks[] = { 0x5E74 /* 年 */, 0x6708 /* 月 */, 0x65E5 /* 日 */ };
    size_t p = 0, digits = 0, k = 0;
    while (p < n && k < 3) {
        int32_t c = bulletin_utf8_next(s, n, &p);
        if (u_isdigit(c)) {
            digits++;
        } else if (c == marks[k] && digits >= (k == 0 ? 4u : 1u) && digits <= 4) {
            k++;
            digits = 0;
        } else {
            k = 0;
            digits = 0;
        }
    }
    return k == 3;
}

static bool is_credit_word(const char *s, size_t n)
{
    static const char *const credits[] = { "责编", "责任编辑", "美编", "校对",
                                           "版式", "责校", "本版编辑", NULL };
    for (size_t i = 0; credits[i]; i++)
        if (at_word(s, n, 0, credits[i]))
            return true;
    return false;
}

static bool is_weekday(const char *s, size_t n)
{
    return (at_word(s, n, 0, "星期") || at_word(s, n, 0, "周")) &&
           count_chars(s, n) <= 3;
}

static bool debris_running_head(const char *s, size_t n)
{
    if (count_chars(s, n) > RUNNING_HEAD_MAX_CHARS || ends_paragraph(s, n))
        return false;
    bool date = has_full_date(s, n), weekday = false, credit = false;
    size_t pos = 0, a, b, fields = 0;
    while (next_field(s, n, &pos, &a, &b)) {
        fields++;
        weekday |= is_weekday(s + a, b - a);
        credit |= is_credit_word(s + a, b - a);
    }
    return (date && (weekday || credit)) || (credit && fields <= 6 && is_credit_word(s, n));
}

static bool all_han(const char *s, size_t n, size_t *chars)
{
    size_t k = 0;
    for (size_t p = 0; p < n; k++)
        if (!is_han(bulletin_utf8_next(s, n, &p)))
            return false;
    *chars = k;
    return true;
}

static bool debris_masthead(const char *s, size_t n)
{
    size_t pos = 0, f[2][2], k = 0, a, b, han;
    while (next_field(s, n, &pos, &a, &b)) {
        if (k == 2)
            return false;
        f[k][0] = a;
        f[k++][1] = b;
    }
    if (k != 2)
        return false;
    for (int name = 0; name < 2; name++) {
        size_t ns = f[name][0], ne = f[name][1], ps = f[!name][0], pe = f[!name][1];
        if (all_han(s + ns, ne - ns, &han) && han >= 2 && han <= MASTHEAD_MAX_CHARS &&
            debris_page_number(s + ps, pe - ps))
            return true;
    }
    return false;
}

/* The debris rule a line falls under, or NULL for a line of text. */
static const char *debris_rule(const char *s, size_t n)
{
    if (debris_symbols(s, n))
        return "symbols";
    if (debris_page_number(s, n))
        return "page number";
    if (debris_running_head(s, n))
        return "running head";
    if (debris_masthead(s, n))
        return "masthead";
    return NULL;
}

static bool push_unit(page *pg, size_t start, size_t end, size_t gap)
{
    void *units = pg->units;
    if (!bulletin__grow(&units, &pg->cap, pg->count + 1, sizeof *pg->units, 64, false))
        return false;
    pg->units = units;
    /* The first line, and every line after a blank one, opens a block. */
    if (pg->count == 0 || gap > 0)
        pg->blocks++;
    unit *u = &pg->units[pg->count++];
    memset(u, 0, sizeof *u);
    u->start = start;
    u->end = end;
    u->gap = gap;
    u->block = pg->blocks - 1;
    return true;
}

/* Copy `text` into pg->clean line by line: line ends of every convention
 * end a line, indentation (ASCII or U+3000) and trailing spaces go,
 * control characters go (a tab becomes a space), and a line with nothing
 * left is blank.  Blank lines are only counted, so a million of them cost
 * no memory.  The copy never grows: every rewrite shortens or keeps. */
static bulletin_status clean_lines(page *pg, const char *text, size_t len)
{
    pg->clean = malloc(len + 1);
    if (!pg->clean)
        return bulletin__nomem();
    size_t in = 0, out = 0, line_start = 0, keep = 0, gap = 0;
    long line_no = 1;
    for (;;) {
        bool eof = in >= len;
        size_t at = in;
        int32_t c = eof ? '\n' : bulletin_utf8_next(text, len, &in);
        if (c < 0)
            return bulletin__error_at(BULLETIN_ERROR_INPUT, pg->path, line_no,
                                      (long)at,
                                      "%s:%ld: invalid UTF-8 at byte %zu "
                                      "(page text must be decoded first)",
                                      pg->path ? pg->path : "(page)", line_no, at);
        if (is_line_break(c)) {
            if (c == '\r' && in < len && text[in] == '\n')
                in++;
            if (keep > line_start &&
                debris_rule(pg->clean + line_start, keep - line_start)) {
                /* Furniture, not text: as if the line were not there (it
                 * is not even a gap, so halves around it still join). */
                pg->debris++;
            } else if (keep > line_start) {
                if (!push_unit(pg, line_start, keep, gap))
                    return bulletin__nomem();
                gap = 0;
                line_start = keep;
            } else if (!eof) {
                gap++;
            }
            out = keep = line_start;
            line_no++;
            if (eof)
                break;
            continue;
        }
        if (c == '\t')
            c = ' ';
        else if (u_charType(c) == U_CONTROL_CHAR || c == 0xFEFF)
            continue;
        if (out == line_start && is_space(c))
            continue;
        out += bulletin_utf8_put(pg->clean + out, c);
        if (!is_space(c))
            keep = out;
    }
    pg->clean[out] = '\0';
    return BULLETIN_OK;
}

/* ------------------------------------------------------------------ */
/* Pass 2: what each line could be                                     */
/* ------------------------------------------------------------------ */

/* Is the text before `end` sentence-final, allowing closing quotes and
 * brackets after the punctuation ("……。”")? */
static bool final_before(const char *s, size_t end)
{
    size_t p = end;
    while (p > 0) {
        int32_t c = prev_cp(s, &p);
        if (is_final(c))
            return true;
        if (!is_closer(c))
            return false;
    }
    return false;
}

/* Does the line end a paragraph?  Besides "。" and "。”", a short bracket
 * after the full stop counts: "……。（完）", "……。（张三）". A closing
 * quote alone does not: a headline may end in one (建“避风港”). */
static bool ends_paragraph(const char *s, size_t n)
{
    if (final_before(s, n))
        return true;
    size_t p = n;
    if (p == 0 || !is_close_bracket(prev_cp(s, &p)))
        return false;
    for (int k = 0; p > 0 && k < TAIL_BRACKET_MAX_CHARS; k++) {
        int32_t c = prev_cp(s, &p);
        if (is_open_bracket(c))
            return final_before(s, p);
    }
    return false;
}

/* Accumulate one numeral of a page number written in Arabic, full-width
 * or Chinese digits: "12", "１２", "十二", "二十三". */
static void add_numeral(int32_t c, int *total, int *cur)
{
    double v = u_getNumericValue(c);
    if (v == 10 || v == 100) {        /* 十, 百 multiply what came before */
        *total += (*cur ? *cur : 1) * (int)v;
        *cur = 0;
    } else if (v >= 0 && v < 10 && *cur < 1000) {
        *cur = *cur * 10 + (int)v;
    }
}

/* Parse a jump marker "（上接第1版）" (words "上接", "接") or "（下转第2版）"
 * ("下转", "转") at s[pos].  Returns the end of the marker, or 0; the page
 * it names goes to *page_out (may be NULL). */
static size_t parse_jump(const char *s, size_t n, size_t pos, bool in, int *page_out)
{
    size_t p = pos;
    if (p >= n || !is_open_bracket(bulletin_utf8_next(s, n, &p)))
        return 0;
    p = skip_spaces(s, n, p);
    const char *longw = in ? "上接" : "下转", *shortw = in ? "接" : "转";
    if (at_word(s, n, p, longw))
        p += strlen(longw);
    else if (at_word(s, n, p, shortw))
        p += strlen(shortw);
    else
        return 0;
    p = skip_spaces(s, n, p);
    if (at_word(s, n, p, "第"))
        p = skip_spaces(s, n, p + strlen("第"));
    /* Page numbers come as 1, １, 二, 十二 or A1. */
    size_t digits = 0;
    int total = 0, cur = 0;
    while (p < n && digits < JUMP_MAX_CHARS) {
        size_t q = p;
        int32_t c = bulletin_utf8_next(s, n, &q);
        if (u_getNumericValue(c) != U_NO_NUMERIC_VALUE)
            digits++, add_numeral(c, &total, &cur);
        else if (!(c < 0x80 && u_isalpha(c)))
            break;
        p = q;
    }
    if (digits == 0)
        return 0;
    p = skip_spaces(s, n, p);
    if (at_word(s, n, p, "版"))
        p += strlen("版");
    else if (at_word(s, n, p, "页"))
        p += strlen("页");
    else
        return 0;
    p = skip_spaces(s, n, p);
    if (p >= n || !is_close_bracket(bulletin_utf8_next(s, n, &p)))
        return 0;
    if (page_out)
        *page_out = total + cur;
    return p;
}

/* Where a trailing "（下转第2版）" starts, or NONE. */
static size_t find_jump_out(const char *s, size_t n)
{
    size_t p = n;
    for (int k = 0; p > 0 && k < JUMP_MAX_CHARS; k++) {
        int32_t c = prev_cp(s, &p);
        if (is_open_bracket(c))
            return parse_jump(s, n, p, false, NULL) == n ? p : NONE;
    }
    return NONE;
}

/* Role words of news bylines.  Longer ones first: they are matched as
 * prefixes of a name token ("记者张晶").  Only these are stripped from
 * the front of a name; the one-character roles below only as whole
 * tokens, since 文 and 图 also begin names. */
static const char *const byline_roles[] = {
    "本报特约记者", "本报实习记者", "本报见习记者", "本报记者", "本报通讯员",
    "特约通讯员", "特约记者", "实习记者", "见习记者", "首席记者", "摄影记者",
    "通讯员", "实习生", "记者", "摄影",
    /* The same in traditional characters (Hong Kong, Taiwan exports). */
    "本報特約記者", "本報實習記者", "本報見習記者", "本報記者", "本報通訊員",
    "特約通訊員", "特約記者", "實習記者", "見習記者", "首席記者", "攝影記者",
    "通訊員", "實習生", "記者", "攝影", NULL
};
static const char *const byline_short_roles[] = {
    "文/图", "图/文", "文", "图", "摄", "报道", NULL
};

static size_t role_prefix(const char *s, size_t n, size_t pos)
{
    for (size_t i = 0; byline_roles[i]; i++)
        if (at_word(s, n, pos, byline_roles[i]))
            return strlen(byline_roles[i]);
    return 0;
}

static bool is_short_role(const char *s, size_t len)
{
    for (size_t i = 0; byline_short_roles[i]; i++)
        if (strlen(byline_short_roles[i]) == len &&
            memcmp(s, byline_short_roles[i], len) == 0)
            return true;
    return false;
}

/* Append a name to "、"-separated `names` (may be NULL: only counting). */
static bool add_name(bulletin_buf *names, const char *s, size_t len)
{
    if (!names)
        return true;
    if (names->len && !bulletin_buf_append_str(names, "、"))
        return false;
    return bulletin_buf_append(names, s, len);
}

/* The names inside "记者 张三 通讯员 李四": tokens between separators,
 * with role words dropped.  Returns how many, or -1 when a token is too
 * long to be a name (then it is not a byline) or memory ran out. */
static int bracket_names(const char *s, size_t n, bulletin_buf *names)
{
    int found = 0;
    size_t p = 0;
    while (p < n) {
        size_t tok = p;
        while (p < n) {
            size_t q = p;
            if (is_name_sep(bulletin_utf8_next(s, n, &q)))
                break;
            p = q;
        }
        size_t end = p;
        if (p < n)
            bulletin_utf8_next(s, n, &p);
        if (end == tok || is_short_role(s + tok, end - tok))
            continue;
        tok += role_prefix(s, end, tok);
        if (end == tok)
            continue;
        if (count_chars(s + tok, end - tok) > NAME_MAX_CHARS)
            return -1;
        if (!add_name(names, s + tok, end - tok))
            return -1;
        found++;
    }
    return found;
}

/* "本报讯（记者 张晶）", "新华社北京12月8日电（记者 张三）", "（实习记者 李四）":
 * an optional lead ending in 讯 or 电, then a bracket that opens with a
 * role word.  Returns the byline's length, or 0. */
static size_t bracket_byline(const char *s, size_t n, bulletin_buf *names)
{
    size_t p = 0, lead_end = 0;
    int k = 0;
    int32_t c = 0;
    while (p < n && k++ <= BYLINE_LEAD_MAX_CHARS) {
        size_t q = p;
        c = bulletin_utf8_next(s, n, &q);
        if (is_open_bracket(c) || is_space(c) || u_ispunct(c))
            break;
        p = lead_end = q;
    }
    if (lead_end > 0 && !ends_with_word(s, lead_end, "讯") &&
        !ends_with_word(s, lead_end, "电") && !ends_with_word(s, lead_end, "訊") &&
        !ends_with_word(s, lead_end, "電"))
        return 0;
    p = skip_spaces(s, n, p);
    if (p >= n || !is_open_bracket(bulletin_utf8_next(s, n, &p)))
        return 0;
    size_t inner = skip_spaces(s, n, p);
    if (!role_prefix(s, n, inner) && !at_word(s, n, inner, "文/图"))
        return 0;
    for (k = 0; p < n && k < BYLINE_BRACKET_MAX_CHARS; k++) {
        size_t close = p;
        if (is_close_bracket(bulletin_utf8_next(s, n, &p))) {
            size_t mark = names ? names->len : 0;
            if (bracket_names(s + inner, close - inner, names) > 0)
                return p;
            if (names && names->data) {
                names->len = mark;
                names->data[mark] = '\0';
            }
            return 0;
        }
    }
    return 0;
}

/* A run of names after a role: "张晶", "张三 李四", "张三、李四", with role
 * words between them.  A name must be followed by a space, 、, a digit,
 * a closing bracket or the end, so that "本报记者 张晶 今天，" does not
 * take 今天 for a name.  Returns the end of the last name, or 0. */
static size_t name_run(const char *s, size_t n, size_t p, bulletin_buf *names)
{
    size_t last = 0;
    for (;;) {
        size_t q = skip_spaces(s, n, p);
        size_t r = role_prefix(s, n, q);
        if (r) {
            p = q + r;
            continue;
        }
        size_t tok = q, k = 0;
        while (q < n && k <= NAME_MAX_CHARS) {
            size_t t = q;
            if (!is_name_char(bulletin_utf8_next(s, n, &t)))
                break;
            q = t;
            k++;
        }
        if (k < 2 || k > NAME_MAX_CHARS)
            return last;
        if (q < n) {
            size_t t = q;
            int32_t c = bulletin_utf8_next(s, n, &t);
            if (!is_space(c) && c != 0x3001 && c != '/' && !u_isdigit(c) &&
                !is_close_bracket(c))
                return last;
        }
        if (!add_name(names, s + tok, q - tok))
            return 0;
        last = p = q;
        if (p < n && at_word(s, n, p, "、"))
            p += strlen("、");
    }
}

/* "本报记者 张晶", "文/图 张三", "文/李四": a role, then names.  Returns the
 * byline's length, or 0. */
static size_t role_byline(const char *s, size_t n, bulletin_buf *names)
{
    static const char *const leads[] = {
        "本报特约记者", "本报实习记者", "本报见习记者", "本报记者", "本报通讯员",
        "本報特約記者", "本報實習記者", "本報見習記者", "本報記者", "本報通訊員",
        NULL
    };
    for (size_t i = 0; leads[i]; i++)
        if (at_word(s, n, 0, leads[i]))
            return name_run(s, n, strlen(leads[i]), names);
    /* 文/图, 图/文, 文/, 图/, 摄影/: at least one slash after a role. */
    static const char *const slash_roles[] = { "摄影", "文", "图", NULL };
    size_t p = 0;
    bool slash = false;
    for (int round = 0; round < 2; round++) {
        size_t r = 0;
        for (size_t i = 0; slash_roles[i] && !r; i++)
            if (at_word(s, n, p, slash_roles[i]))
                r = strlen(slash_roles[i]);
        if (!r)
            break;
        p = skip_spaces(s, n, p + r);
        if (at_word(s, n, p, "/"))
            p += 1, slash = true;
        else if (at_word(s, n, p, "／"))
            p += strlen("／"), slash = true;
        else
            break;
    }
    return slash ? name_run(s, n, p, names) : 0;
}

/* A news byline at the start of a paragraph: its length, or 0.  `names`
 * (may be NULL) receives the people it names. */
static size_t news_byline(const char *s, size_t n, bulletin_buf *names)
{
    size_t len = bracket_byline(s, n, names);
    return len ? len : role_byline(s, n, names);
}

/* "□ 石景山区委书记 牛青山": a short line opening with □ or ■, whose last
 * word is a name.  Sets *author to that name. */
static bool commentary_byline(const char *s, size_t n, size_t *author)
{
    size_t p = 0;
    int32_t c = bulletin_utf8_next(s, n, &p);
    if (c != 0x25A1 && c != 0x25A0)
        return false;
    size_t last = n;
    while (last > p) {
        size_t q = last;
        if (is_space(prev_cp(s, &q)))
            break;
        last = q;
    }
    size_t k = count_chars(s + last, n - last);
    if (last >= n || k < 2 || k > NAME_MAX_CHARS)
        return false;
    if (author)
        *author = last;
    return true;
}

static void annotate(page *pg)
{
    for (size_t i = 0; i < pg->count; i++) {
        unit *u = &pg->units[i];
        const char *s = pg->clean + u->start;
        size_t n = u->end - u->start;
        u->nchars = count_chars(s, n);
        if (u->nchars <= HEADLINE_MAX_CHARS)
            u->flags |= U_SHORT;
        if (ends_paragraph(s, n))
            u->flags |= U_ENDS;
        if ((u->flags & U_SHORT) && !(u->flags & U_ENDS) &&
            commentary_byline(s, n, NULL))
            u->flags |= U_CBYLINE;
        if (news_byline(s, n, NULL))
            u->flags |= U_NBYLINE;
        if (parse_jump(s, n, 0, true, NULL))
            u->flags |= U_JUMP_IN;
        if (find_jump_out(s, n) != NONE)
            u->flags |= U_JUMP_OUT;
    }
}

/* ------------------------------------------------------------------ */
/* Pass 3: advertisements                                              */
/* ------------------------------------------------------------------ */

static bool is_ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Find ASCII `word` case-insensitively, not inside a longer word. */
static bool has_ascii_word(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++) {
        if (strncasecmp(s + i, word, w) != 0)
            continue;
        /* Bytes, not code points: only ASCII letters may touch the word
         * (a UTF-8 continuation byte read as Latin-1 could be "ª"). */
        bool before = i > 0 && is_ascii_alpha(s[i - 1]);
        bool after = i + w < n && is_ascii_alpha(s[i + w]);
        if (!before && !after)
            return true;
    }
    return false;
}

static bool has_text(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    for (size_t i = 0; i + w <= n; i++)
        if (memcmp(s + i, word, w) == 0)
            return true;
    return false;
}

/* The advertisement signs of one short line. */
static unsigned line_signs(const char *s, size_t n)
{
    size_t digits = 0, han = 0, latin = 0, words = 0, run = 0, caps = 0,
           caps_max = 0, solid = 0;
    bool currency = false, yuan = false;
    int32_t prev = 0;
    for (size_t p = 0; p < n;) {
        int32_t c = bulletin_utf8_next(s, n, &p);
        UErrorCode err = U_ZERO_ERROR;
        bool is_latin = u_isalpha(c) && uscript_getScript(c, &err) == USCRIPT_LATIN;
        solid += !is_space(c);
        digits += u_isdigit(c) != 0;
        han += is_han(c);
        latin += is_latin;
        run = is_latin ? run + 1 : 0;
        words += run == 2;
        caps = is_latin && u_isupper(c) ? caps + 1 : 0;
        caps_max = caps > caps_max ? caps : caps_max;
        currency |= u_charType(c) == U_CURRENCY_SYMBOL;
        yuan |= c == 0x5143 && u_isdigit(prev);   /* 元 after a digit */
        prev = c;
    }
    unsigned signs = 0;
    if (digits >= 7 && (has_text(s, n, "电话") || has_text(s, n, "热线") ||
                        has_text(s, n, "手机") || has_text(s, n, "传真") ||
                        has_text(s, n, "電話") || has_text(s, n, "熱線") ||
                        has_text(s, n, "手機") || has_text(s, n, "傳真") ||
                        has_ascii_word(s, n, "tel") || has_ascii_word(s, n, "fax")))
        signs |= SIGN_PHONE;
    if (han == 0 && words >= 2 && latin * 2 >= solid)
        signs |= SIGN_LATIN;
    if (han > 0 && caps_max >= 3 && n > 0 && count_chars(s, n) <= 30)
        signs |= SIGN_BRAND;
    if ((currency && digits > 0) || yuan)
        signs |= SIGN_PRICE;
    if (has_ascii_word(s, n, "www") || has_ascii_word(s, n, "http") ||
        has_ascii_word(s, n, "com") || has_ascii_word(s, n, "cn"))
        signs |= SIGN_WEB;
    return signs;
}

static int popcount(unsigned x)
{
    int k = 0;
    for (; x; x &= x - 1)
        k++;
    return k;
}

/* A block that could belong to an advertisement: short lines, mostly
 * without full stops, and nothing that only news has (bylines, jumps). */
static bool ad_eligible(const page *pg, size_t first, size_t end)
{
    size_t ends = 0;
    for (size_t i = first; i < end; i++) {
        const unit *u = &pg->units[i];
        if (u->nchars > AD_LINE_MAX_CHARS ||
            (u->flags & (U_CBYLINE | U_NBYLINE | U_JUMP_IN | U_JUMP_OUT)))
            return false;
        ends += (u->flags & U_ENDS) != 0;
    }
    return ends * 2 <= end - first;
}

typedef struct block_info {
    size_t first, end;
    unsigned signs;
    bool eligible;
} block_info;

/* Each block's lines, eligibility and signs.  NULL when out of memory. */
static block_info *scan_blocks(const page *pg)
{
    block_info *b = calloc(pg->blocks, sizeof *b);
    if (!b)
        return NULL;
    for (size_t i = 0; i < pg->count; i++) {
        block_info *bi = &b[pg->units[i].block];
        if (bi->end == 0)
            bi->first = i;
        bi->end = i + 1;
    }
    for (size_t k = 0; k < pg->blocks; k++) {
        b[k].eligible = ad_eligible(pg, b[k].first, b[k].end);
        for (size_t i = b[k].first; b[k].eligible && i < b[k].end; i++) {
            const unit *u = &pg->units[i];
            b[k].signs |= line_signs(pg->clean + u->start, u->end - u->start);
        }
    }
    return b;
}

/* Contact details (a phone number, a web address) close an
 * advertisement: a block after one whose last line has them starts the
 * next advertisement of the run, so that two ads stacked in one column
 * stay two. */
static void split_ads(page *pg, const block_info *b, size_t first, size_t stop)
{
    for (size_t j = first + 1; j < stop; j++) {
        const unit *last = &pg->units[b[j - 1].end - 1];
        unsigned signs = line_signs(pg->clean + last->start, last->end - last->start);
        if (signs & (SIGN_PHONE | SIGN_WEB))
            pg->units[b[j].first].flags |= U_AD_FIRST;
    }
}

/* Mark advertisements: runs of eligible blocks with signs of at least two
 * kinds.  Sign-less blocks at the end of a run that something follows
 * are the headline (and deck) of the next story, not the advertisement's.
 * A story whose first paragraph has a byline is news, whatever it says. */
static bool mark_ads(page *pg)
{
    if (pg->blocks == 0)
        return true;
    block_info *b = scan_blocks(pg);
    if (!b)
        return false;
    for (size_t k = 0; k < pg->blocks;) {
        if (!b[k].eligible) {
            k++;
            continue;
        }
        size_t e = k;
        while (e < pg->blocks && b[e].eligible)
            e++;
        size_t stop = e;
        while (stop > k && stop < pg->blocks && b[stop - 1].signs == 0)
            stop--;
        unsigned signs = 0;
        for (size_t j = k; j < stop; j++)
            signs |= b[j].signs;
        bool news = stop == e && e < pg->blocks &&
                    (pg->units[b[e].first].flags & U_NBYLINE);
        if (stop > k && popcount(signs) >= 2 && !news) {
            for (size_t i = b[k].first; i < b[stop - 1].end; i++)
                pg->units[i].flags |= U_AD;
            pg->units[b[k].first].flags |= U_AD_FIRST;
            split_ads(pg, b, k, stop);
        }
        k = e;
    }
    free(b);
    return true;
}

/* ------------------------------------------------------------------ */
/* Pass 4: assemble articles                                           */
/* ------------------------------------------------------------------ */

static const char *unit_text(const assembler *as, size_t i)
{
    return as->pg->clean + as->pg->units[i].start;
}

static size_t unit_len(const assembler *as, size_t i)
{
    return as->pg->units[i].end - as->pg->units[i].start;
}

/* Start a new article; it becomes the current one unless it is an
 * advertisement (text after an advertisement still belongs to the story
 * the advertisement interrupted).  Returns its index, or NONE. */
static size_t new_draft(assembler *as, bulletin_kind kind)
{
    void *drafts = as->drafts;
    if (!bulletin__grow(&drafts, &as->cap, as->count + 1, sizeof *as->drafts, 16, false))
        return NONE;
    as->drafts = drafts;
    draft *d = &as->drafts[as->count];
    memset(d, 0, sizeof *d);
    d->kind = kind;
    if (kind != BULLETIN_KIND_ADVERTISEMENT) {
        as->cur = as->count;
        as->pending = false;
    }
    return as->count++;
}

static bool has_body(const assembler *as)
{
    return as->cur != NONE && as->drafts[as->cur].body.len > 0;
}

/* Is unit i a short line that could be a headline or a deck? */
static bool plain_short(const assembler *as, size_t i)
{
    if (i >= as->pg->count)
        return false;
    unsigned f = as->pg->units[i].flags;
    return (f & U_SHORT) && !(f & (U_ENDS | U_CBYLINE | U_NBYLINE | U_JUMP_IN |
                                   U_JUMP_OUT | U_AD));
}

/* Does unit i start a headline?  Returns 0 (no), 1 (a headline) or 2 (a
 * headline and its deck).  A short line without a full stop is either a
 * headline or a paragraph cut short by a column end; a byline or jump
 * line under it proves a headline, and so do weaker signs when the text
 * before it ended a paragraph: a deck under it, nothing open yet (top of
 * the page, after a 下转 line), a wider gap above it, an advertisement
 * just before it. */
static int headline_at(const assembler *as, size_t i)
{
    const page *pg = as->pg;
    if (!plain_short(as, i))
        return 0;
    bool deck = plain_short(as, i + 1);
    size_t after = i + 1 + deck;
    int yes = deck ? 2 : 1;
    bool open = as->cur != NONE;
    /* Last on the page after a finished paragraph: the headline of a
     * story printed elsewhere (a headline-only fragment). */
    if (after >= pg->count)
        return open && as->pending ? 0 : yes;
    if (pg->units[after].flags & U_AD)
        return open ? 0 : yes;
    if (pg->units[after].flags & (U_CBYLINE | U_NBYLINE | U_JUMP_IN))
        return yes;
    if (as->pending && has_body(as))
        return 0;
    bool after_ad = i > 0 && (pg->units[i - 1].flags & U_AD);
    if (deck || !open || pg->units[i].gap >= 2 || after_ad)
        return yes;
    return 0;
}

/* Append body text to the current article (creating a headless one if
 * none is open).  A paragraph cut by a column end is continued without a
 * space: Chinese has none between words, and the halves may even be in
 * different scripts.  Only a hard wrap inside a block between two words
 * of a spaced script gets its space back.  A trailing "（下转第N版）" is
 * dropped and closes the article, noting the page: its text continues
 * there (the archive links the two parts when both are indexed). */
static bool add_body(assembler *as, size_t i, size_t from)
{
    const char *s = unit_text(as, i);
    size_t n = unit_len(as, i);
    int jump_out = 0;
    if (as->pg->units[i].flags & U_JUMP_OUT) {
        size_t j = find_jump_out(s, n);
        if (j != NONE && j >= from) {
            parse_jump(s, n, j, false, &jump_out);
            jump_out = jump_out > 0 ? jump_out : -1;
            n = j;
            while (n > from) {
                size_t q = n;
                if (!is_space(prev_cp(s, &q)))
                    break;
                n = q;
            }
        }
    }
    if (as->cur == NONE && new_draft(as, BULLETIN_KIND_NEWS) == NONE)
        return false;
    draft *d = &as->drafts[as->cur];
    if (n > from) {
        bool ok = true;
        if (as->pending && d->body.len > 0) {
            size_t p = from;
            int32_t first = bulletin_utf8_next(s, n, &p);
            size_t q = d->body.len;
            int32_t last = prev_cp(d->body.data, &q);
            if (as->pg->units[i].gap == 0 && as->last_unit + 1 == i &&
                is_spaced_alnum(last) && is_spaced_alnum(first))
                ok = bulletin_buf_append_char(&d->body, ' ');
        } else if (d->body.len > 0) {
            ok = bulletin_buf_append_char(&d->body, '\n');
        }
        if (!ok || !bulletin_buf_append(&d->body, s + from, n - from))
            return false;
        as->pending = !ends_paragraph(s + from, n - from);
        as->last_unit = i;
    }
    if (jump_out) {
        d->jump_to = jump_out > 0 ? jump_out : 0;
        as->cur = NONE;
        as->pending = false;
    }
    return true;
}

/* An advertisement: its lines stay lines (they are not prose to join).
 * With two lines or more, a short first line (the brand) heads it. */
static bool add_ad(assembler *as, size_t *i)
{
    const page *pg = as->pg;
    size_t end = *i + 1;
    while (end < pg->count && (pg->units[end].flags & U_AD) &&
           !(pg->units[end].flags & U_AD_FIRST))
        end++;
    size_t k = new_draft(as, BULLETIN_KIND_ADVERTISEMENT);
    if (k == NONE)
        return false;
    draft *d = &as->drafts[k];
    size_t j = *i;
    if (end - j >= 2 && (pg->units[j].flags & U_SHORT)) {
        d->has_head = true;
        d->head = pg->units[j].start;
        d->head_len = unit_len(as, j);
        j++;
    }
    for (; j < end; j++) {
        if ((d->body.len && !bulletin_buf_append_char(&d->body, '\n')) ||
            !bulletin_buf_append(&d->body, unit_text(as, j), unit_len(as, j)))
            return false;
    }
    *i = end - 1;
    return true;
}

/* "（上接第1版）" opens the rest of an article from another page.  A
 * headline just above it belongs to that article. */
static bool add_jump_in(assembler *as, size_t i)
{
    const char *s = unit_text(as, i);
    size_t n = unit_len(as, i);
    if (as->cur != NONE && as->drafts[as->cur].has_head && !has_body(as) &&
        as->drafts[as->cur].kind == BULLETIN_KIND_NEWS) {
        as->drafts[as->cur].kind = BULLETIN_KIND_CONTINUATION;
    } else if (new_draft(as, BULLETIN_KIND_CONTINUATION) == NONE) {
        return false;
    }
    int from_page = 0;
    size_t end = parse_jump(s, n, 0, true, &from_page);
    as->drafts[as->cur].jump_from = from_page;
    return add_body(as, i, skip_spaces(s, n, end));
}

/* "□ 石景山区委书记 牛青山" signs a commentary: the whole line is the
 * byline (the title says who the author is), the last word the author.
 * Under a headline it belongs to that article; elsewhere it opens one. */
static bool add_commentary_byline(assembler *as, size_t i)
{
    const char *s = unit_text(as, i);
    size_t n = unit_len(as, i), name = 0;
    commentary_byline(s, n, &name);
    if ((as->cur == NONE || has_body(as) || as->drafts[as->cur].has_byline) &&
        new_draft(as, BULLETIN_KIND_COMMENTARY) == NONE)
        return false;
    draft *d = &as->drafts[as->cur];
    d->kind = BULLETIN_KIND_COMMENTARY;
    d->has_byline = true;
    d->byline = as->pg->units[i].start;
    d->byline_len = n;
    as->pending = false;
    bulletin_buf_clear(&d->author);
    return bulletin_buf_append(&d->author, s + name, n - name);
}

/* "本报讯（记者 张晶）12月8日，……" opens a story: after body text it starts
 * a new one (a byline never continues a sentence).  The byline is kept
 * apart and, when text follows it, removed from the paragraph. */
static bool add_news_byline(assembler *as, size_t i)
{
    const char *s = unit_text(as, i);
    size_t n = unit_len(as, i);
    if ((as->cur == NONE || has_body(as)) &&
        new_draft(as, BULLETIN_KIND_NEWS) == NONE)
        return false;
    draft *d = &as->drafts[as->cur];
    as->pending = false;
    if (d->has_byline)
        return add_body(as, i, 0);
    bulletin_buf_clear(&d->author);
    size_t len = news_byline(s, n, &d->author);
    if (!len || !d->author.data)
        return false;
    d->has_byline = true;
    d->byline = as->pg->units[i].start;
    d->byline_len = len;
    size_t rest = skip_spaces(s, n, len);
    return rest < n ? add_body(as, i, rest) : true;
}

static void set_headline(assembler *as, size_t i, int h)
{
    draft *d = &as->drafts[as->cur];
    d->has_head = true;
    d->head = as->pg->units[i].start;
    d->head_len = unit_len(as, i);
    if (h == 2) {
        d->has_sub = true;
        d->sub = as->pg->units[i + 1].start;
        d->sub_len = unit_len(as, i + 1);
    }
}

static bool assemble(assembler *as)
{
    const page *pg = as->pg;
    for (size_t i = 0; i < pg->count; i++) {
        unsigned f = pg->units[i].flags;
        bool ok = true;
        int h;
        if (f & U_AD_FIRST) {
            ok = add_ad(as, &i);
        } else if (f & U_JUMP_IN) {
            ok = add_jump_in(as, i);
        } else if ((f & U_CBYLINE) &&
                   !(i + 1 < pg->count && (pg->units[i + 1].flags & U_CBYLINE)) &&
                   !(i > 0 && (pg->units[i - 1].flags & U_CBYLINE))) {
            /* Several □ lines in a row are a list, not a signature. */
            ok = add_commentary_byline(as, i);
        } else if (f & U_NBYLINE) {
            ok = add_news_byline(as, i);
        } else if ((h = headline_at(as, i)) != 0) {
            ok = new_draft(as, BULLETIN_KIND_NEWS) != NONE;
            if (ok)
                set_headline(as, i, h);
            i += (size_t)(h - 1);
        } else {
            ok = add_body(as, i, 0);
        }
        if (!ok)
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */
/* ------------------------------------------------------------------ */

static bool draft_empty(const draft *d)
{
    return !d->has_head && !d->has_byline && d->body.len == 0;
}

/* A field of the draft, or "" when it has none: readers never have to
 * tell NULL from empty, and every string still belongs to the batch. */
static const char *range_dup(bulletin_batch *batch, const page *pg, bool has,
                             size_t start, size_t len)
{
    return bulletin__batch_strndup(batch, has ? pg->clean + start : "",
                                   has ? len : 0);
}

/* Copy one draft into the batch. */
static bool emit(bulletin_batch *batch, const page *pg, const draft *d,
                 const bulletin_index_options *opts, int position)
{
    const char *date = opts && opts->issue_date
                           ? bulletin__batch_strdup(batch, opts->issue_date)
                           : NULL;
    const char *head = range_dup(batch, pg, d->has_head, d->head, d->head_len);
    const char *sub = range_dup(batch, pg, d->has_sub, d->sub, d->sub_len);
    const char *byline = range_dup(batch, pg, d->has_byline, d->byline,
                                   d->byline_len);
    const char *author = bulletin__batch_strndup(batch, d->author.data ? d->author.data : "",
                                                 d->author.len);
    const char *body = bulletin__batch_strndup(batch, d->body.data ? d->body.data : "",
                                               d->body.len);
    if ((opts && opts->issue_date && !date) || !head || !sub || !byline ||
        !author || !body)
        return false;
    bulletin_article *a = bulletin__batch_add(batch);
    if (!a)
        return false;
    a->issue_date = date;
    a->page = opts && opts->page > 0 ? opts->page : 0;
    a->position = position;
    a->kind = d->kind;
    a->headline = head;
    a->subtitle = sub;
    a->byline = byline;
    a->author = author;
    a->body = body;
    batch->jumps[batch->count - 1].from_page = d->jump_from;
    batch->jumps[batch->count - 1].to_page = d->jump_to;
    return true;
}

static bool emit_all(bulletin_batch *batch, const assembler *as,
                     const bulletin_index_options *opts)
{
    int position = 0;
    for (size_t k = 0; k < as->count; k++) {
        if (draft_empty(&as->drafts[k]))
            continue;
        if (position == INT32_MAX || !emit(batch, as->pg, &as->drafts[k], opts, ++position))
            return false;
    }
    return true;
}

static void assembler_free(assembler *as)
{
    for (size_t k = 0; k < as->count; k++) {
        bulletin_buf_free(&as->drafts[k].author);
        bulletin_buf_free(&as->drafts[k].body);
    }
    free(as->drafts);
}

bool bulletin__ends_paragraph(const char *s, size_t n)
{
    return ends_paragraph(s, n);
}

bulletin_status bulletin__ingest_page(const char *path, const char *text,
                                      size_t len, const bulletin_index_options *opts,
                                      bulletin_batch *batch)
{
    if (!batch || (!text && len > 0))
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "bulletin__ingest_page: no %s",
                               batch ? "text" : "batch");
    batch->format = "text";
    size_t first = batch->count;
    page pg = { path, NULL, NULL, 0, 0, 0, 0 };
    assembler as = { &pg, NULL, 0, 0, NONE, false, NONE };
    bulletin_status rc = clean_lines(&pg, text ? text : "", len);
    if (rc == BULLETIN_OK) {
        annotate(&pg);
        if (!mark_ads(&pg) || !assemble(&as) || !emit_all(batch, &as, opts))
            rc = bulletin__nomem();
    }
    /* A page is all or nothing: drop the articles of a failed one (their
     * strings stay with the batch, which frees them). */
    if (rc != BULLETIN_OK)
        batch->count = first;
    assembler_free(&as);
    free(pg.units);
    free(pg.clean);
    return rc;
}
