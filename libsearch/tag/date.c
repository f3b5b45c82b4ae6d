/* date.c - dates named in an article, resolved against its issue date.
 *
 * Recognised (on folded text, so full-width digits count):
 *   2017年12月8日, 2017年12月, 2017年          a day, a month, a year;
 *   12月8日, 12月8号, 12月                      the year is the one that puts
 *                                              the date nearest the issue
 *                                              date (12月28日 in an issue
 *                                              of 2018-01-03 is 2017-12-28);
 *   12月8日至10日, 12月8日-10日                  a span of days;
 *   2018-2020年, 2018年至2020年                  a span of years;
 *   今年 去年 明年 (+ 3月 ...), 本月 上月 下月,
 *   今天 今日 昨天 昨日 前天 明天, 本周 上周 下周,
 *   近日 (the week up to the issue date).
 * Relative dates need the issue date; without one they are skipped.
 * Chinese numerals (十二月八日) are not read. */
#include "config.h"
#include "tag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

static bool valid_day(int y, int m, int d)
{
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

static void format_day(char out[11], long days)
{
    int y, m, d;
    civil_from_days(days, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* ---------------------------------------------------------------- queries */

/* "2017", "2017-12" or "2017-12-08": the first and last day. */
static bool parse_period(const char *s, size_t len, long *first, long *last)
{
    int y = 0, m = 0, d = 0;
    char buf[16];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    int used = 0;
    if (len == 4 && sscanf(buf, "%4d%n", &y, &used) == 1 && used == 4 && valid_day(y, 1, 1)) {
        *first = days_from_civil(y, 1, 1);
        *last = days_from_civil(y, 12, 31);
        return true;
    }
    if (len == 7 && sscanf(buf, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7 &&
        buf[4] == '-' && valid_day(y, m, 1)) {
        *first = days_from_civil(y, m, 1);
        *last = days_from_civil(y, m, days_in_month(y, m));
        return true;
    }
    if (len == 10 && sscanf(buf, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 &&
        buf[4] == '-' && buf[7] == '-' && valid_day(y, m, d)) {
        *first = *last = days_from_civil(y, m, d);
        return true;
    }
    return false;
}

bool bulletin__date_range_parse(const char *value, char from[11], char to[11])
{
    if (!value)
        return false;
    for (const char *c = value; *c; c++)
        if ((*c < '0' || *c > '9') && *c != '-' && *c != '.')
            return false;
    const char *dots = strstr(value, "..");
    long first, last, unused;
    if (!dots) {
        if (!parse_period(value, strlen(value), &first, &last))
            return false;
    } else {
        const char *b = dots + 2;
        if (dots == value && !*b)
            return false;
        if (dots == value)
            first = days_from_civil(1000, 1, 1);
        else if (!parse_period(value, (size_t)(dots - value), &first, &unused))
            return false;
        if (!*b)
            last = days_from_civil(9999, 12, 31);
        else if (!parse_period(b, strlen(b), &unused, &last))
            return false;
        if (first > last)
            return false;
    }
    format_day(from, first);
    format_day(to, last);
    return true;
}

/* ---------------------------------------------------------------- articles */

typedef struct scanner {
    const char *s;            /* folded body */
    size_t len;
    bool has_issue;
    int iy, im, id;           /* issue date */
    long issue;               /* in days */
} scanner;

/* Does `word` start at byte i?  Called at every character of every body
 * for each date word, so it compares byte by byte and gives up at the
 * first difference (usually the first or second byte) instead of
 * measuring the word and calling memcmp. */
static bool at(const scanner *sc, size_t i, const char *word)
{
    for (; *word; word++, i++)
        if (i >= sc->len || sc->s[i] != *word)
            return false;
    return true;
}

/* An ASCII number of 1 to 4 digits at i; its end in *end. */
static bool number_at(const scanner *sc, size_t i, int *value, size_t *end)
{
    size_t j = i;
    int v = 0;
    while (j < sc->len && j - i < 5 && sc->s[j] >= '0' && sc->s[j] <= '9')
        v = v * 10 + (sc->s[j++] - '0');
    if (j == i || j - i > 4 || (j < sc->len && sc->s[j] >= '0' && sc->s[j] <= '9'))
        return false;
    *value = v;
    *end = j;
    return true;
}

/* Distance in days from the issue date to [first, last]. */
static long distance(const scanner *sc, long first, long last)
{
    return sc->issue < first ? first - sc->issue : sc->issue > last ? sc->issue - last : 0;
}

/* The year (issue year -1, 0 or +1) that puts month m (day d, or the
 * whole month when d == 0) nearest the issue date. */
static int nearest_year(const scanner *sc, int m, int d)
{
    int best = sc->iy;
    long best_distance = -1;
    for (int y = sc->iy - 1; y <= sc->iy + 1; y++) {
        if (d && !valid_day(y, m, d))
            continue;
        long first = days_from_civil(y, m, d ? d : 1);
        long last = d ? first : days_from_civil(y, m, days_in_month(y, m));
        long dist = distance(sc, first, last);
        if (best_distance < 0 || dist < best_distance) {
            best = y;
            best_distance = dist;
        }
    }
    return best;
}

static const char *const separators[] = { "至", "到", "-", "—", "–", "~", "～", NULL };

static size_t separator_at(const scanner *sc, size_t i)
{
    for (int k = 0; separators[k]; k++)
        if (at(sc, i, separators[k]))
            return i + strlen(separators[k]);
    return 0;
}

/* A date with digits at i; the event's span in first and last (days), the
 * end of the text it covers in *end.  `year` is a year given by a word
 * before it (今年, 去年), else 0. */
static bool numeric_date_at(const scanner *sc, size_t i, int year, long *first, long *last,
                            size_t *end)
{
    int a, b, c;
    size_t j, k;
    if (!number_at(sc, i, &a, &j))
        return false;
    if (!year && j - i == 4 && a >= 1900 && a <= 2100) {
        size_t sep = separator_at(sc, j);
        if (sep && number_at(sc, sep, &b, &k) && k - sep == 4 && b >= a && b <= 2100 &&
            at(sc, k, "年")) {       /* 2018-2020年 */
            *first = days_from_civil(a, 1, 1);
            *last = days_from_civil(b, 12, 31);
            *end = k + strlen("年");
            return true;
        }
        if (!at(sc, j, "年"))
            return false;
        j += strlen("年");
        sep = separator_at(sc, j);
        if (sep && number_at(sc, sep, &b, &k) && k - sep == 4 && b >= a && at(sc, k, "年")) {
            *first = days_from_civil(a, 1, 1);   /* 2018年至2020年 */
            *last = days_from_civil(b, 12, 31);
            *end = k + strlen("年");
            return true;
        }
        year = a;
        i = j;
        if (!number_at(sc, i, &a, &j) || !at(sc, j, "月")) {
            *first = days_from_civil(year, 1, 1);
            *last = days_from_civil(year, 12, 31);
            *end = i;
            return true;
        }
    }
    if (a < 1 || a > 12 || !at(sc, j, "月"))
        return false;
    j += strlen("月");
    bool has_day = number_at(sc, j, &b, &k) && (at(sc, k, "日") || at(sc, k, "号"));
    if (!year) {
        if (!sc->has_issue)
            return false;
        year = nearest_year(sc, a, has_day ? b : 0);
    }
    if (!has_day) {
        *first = days_from_civil(year, a, 1);
        *last = days_from_civil(year, a, days_in_month(year, a));
        *end = j;
        return true;
    }
    if (!valid_day(year, a, b))
        return false;
    *first = *last = days_from_civil(year, a, b);
    *end = k + strlen("日");
    size_t sep = separator_at(sc, *end), m;
    if (sep && number_at(sc, sep, &c, &m) && (at(sc, m, "日") || at(sc, m, "号")) && c > b &&
        valid_day(year, a, c)) {
        *last = days_from_civil(year, a, c);
        *end = m + strlen("日");
    }
    return true;
}

/* A relative word at i (needs the issue date). */
static bool relative_at(const scanner *sc, size_t i, long *first, long *last, size_t *end)
{
    static const struct { const char *word; int unit; int offset; } words[] = {
        /* unit: 0 day, 1 week, 2 month, 3 year, 4 the week up to the date */
        { "今天", 0, 0 }, { "今日", 0, 0 }, { "昨天", 0, -1 }, { "昨日", 0, -1 },
        { "前天", 0, -2 }, { "明天", 0, 1 }, { "本周", 1, 0 }, { "上周", 1, -1 },
        { "下周", 1, 1 }, { "本月", 2, 0 }, { "上月", 2, -1 }, { "上个月", 2, -1 },
        { "下月", 2, 1 }, { "今年", 3, 0 }, { "去年", 3, -1 }, { "明年", 3, 1 },
        { "近日", 4, 0 },
    };
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        if (!at(sc, i, words[k].word))
            continue;
        *end = i + strlen(words[k].word);
        int off = words[k].offset;
        switch (words[k].unit) {
        case 0:
            *first = *last = sc->issue + off;
            break;
        case 1: {
            long monday = sc->issue - ((sc->issue % 7 + 7 + 3) % 7);
            *first = monday + 7 * off;
            *last = *first + 6;
            break;
        }
        case 2: {
            int y = sc->iy, m = sc->im + off;
            if (m < 1) { m += 12; y--; }
            if (m > 12) { m -= 12; y++; }
            *first = days_from_civil(y, m, 1);
            *last = days_from_civil(y, m, days_in_month(y, m));
            break;
        }
        case 3:
            *first = days_from_civil(sc->iy + off, 1, 1);
            *last = days_from_civil(sc->iy + off, 12, 31);
            break;
        default:
            *first = sc->issue - 7;
            *last = sc->issue;
            break;
        }
        return true;
    }
    return false;
}

static bool push_event(bulletin__tags *tags, const bulletin_folded *f, size_t from, size_t to,
                       long first, long last)
{
    void *events = tags->events;
    if (!bulletin__grow(&events, &tags->cap_events, tags->nevents + 1, sizeof *tags->events,
                        8, false))
        return false;
    tags->events = events;
    bulletin__event *e = &tags->events[tags->nevents++];
    format_day(e->from, first);
    format_day(e->to, last);
    e->start = f->start[from];
    e->end = f->end[to - 1];
    return true;
}

bulletin_status bulletin__events_of(const char *issue_date, const bulletin_folded *body,
                                    bulletin__tags *tags)
{
    tags->nevents = 0;
    if (!body->text.len)
        return BULLETIN_OK;
    scanner sc = { body->text.data, body->text.len, false, 0, 0, 0, 0 };
    if (issue_date && bulletin__valid_date(issue_date) &&
        sscanf(issue_date, "%4d-%2d-%2d", &sc.iy, &sc.im, &sc.id) == 3) {
        sc.has_issue = true;
        sc.issue = days_from_civil(sc.iy, sc.im, sc.id);
    }
    for (size_t i = 0; i < sc.len;) {
        long first, last;
        size_t end;
        bool digit_start = sc.s[i] >= '0' && sc.s[i] <= '9' &&
                           (i == 0 || sc.s[i - 1] < '0' || sc.s[i - 1] > '9');
        bool found = false;
        if (digit_start)
            found = numeric_date_at(&sc, i, 0, &first, &last, &end);
        else if (sc.has_issue && relative_at(&sc, i, &first, &last, &end)) {
            found = true;
            /* 今年3月, 去年12月8日: the word gives the year. */
            int y;
            civil_from_days(first, &y, &(int){ 0 }, &(int){ 0 });
            long f2, l2;
            size_t e2;
            bool year_word = last - first >= 364;
            if (year_word && end < sc.len && sc.s[end] >= '0' && sc.s[end] <= '9' &&
                numeric_date_at(&sc, end, y, &f2, &l2, &e2)) {
                first = f2;
                last = l2;
                end = e2;
            }
        }
        if (found) {
            if (!push_event(tags, body, i, end, first, last))
                return bulletin__nomem();
            i = end;
        } else {
            i++;
            while (i < sc.len && ((unsigned char)sc.s[i] & 0xC0) == 0x80)
                i++;
        }
    }
    return BULLETIN_OK;
}
