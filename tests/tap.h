/* tap.h - a minimal TAP producer for the C unit tests.
 *
 * Each test program calls tap_plan() (or tap_done() at the end) and the
 * ok()/is_str()/is_int() checks; automake's tap-driver.sh turns every
 * check into one line of the test report. */
#ifndef BULLETIN_TAP_H
#define BULLETIN_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static void tap_vok(int pass, const char *fmt, va_list ap)
{
    tap_count++;
    if (!pass)
        tap_failed++;
    printf("%sok %d - ", pass ? "" : "not ", tap_count);
    vprintf(fmt, ap);
    putchar('\n');
    fflush(stdout);
}

/* ok(condition, "description %s", ...) */
static int ok(int pass, const char *fmt, ...) __attribute__((format(printf, 2, 3), unused));
static int ok(int pass, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vok(pass, fmt, ap);
    va_end(ap);
    return pass;
}

#define is_str(got, want, ...)                                                  \
    do {                                                                        \
        const char *g_ = (got), *w_ = (want);                                   \
        if (!ok(g_ && w_ && strcmp(g_, w_) == 0, __VA_ARGS__))                  \
            printf("#   got:  '%s'\n#   want: '%s'\n", g_ ? g_ : "(null)",      \
                   w_ ? w_ : "(null)");                                         \
    } while (0)

#define is_int(got, want, ...)                                                  \
    do {                                                                        \
        long long g_ = (long long)(got), w_ = (long long)(want);                \
        if (!ok(g_ == w_, __VA_ARGS__))                                         \
            printf("#   got:  %lld\n#   want: %lld\n", g_, w_);                 \
    } while (0)

/* Print the plan at the end and return the exit status for main(). */
static int tap_done(void) __attribute__((unused));
static int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif
