/* status.c - status strings and the per-thread last error. */
#include "config.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last error lives in thread-local storage so that one archive handle
 * can be shared by threads without one thread's error overwriting what
 * another is about to read.  Fixed-size buffers: recording an error must
 * never fail, not even when memory is exhausted. */
static _Thread_local char error_message[1024];
static _Thread_local char error_path[1024];
static _Thread_local bulletin_error last_error = { BULLETIN_OK, "", NULL, 0, -1 };

static const char *const status_strings[BULLETIN_STATUS_LAST] = {
    [BULLETIN_OK] = "success",
    [BULLETIN_ERROR_NOMEM] = "out of memory",
    [BULLETIN_ERROR_INVALID_ARGUMENT] = "invalid argument",
    [BULLETIN_ERROR_IO] = "file could not be read or written",
    [BULLETIN_ERROR_INPUT] = "malformed input file",
    [BULLETIN_ERROR_QUERY] = "query syntax error",
    [BULLETIN_ERROR_ARCHIVE] = "not a bulletin archive, or a damaged one",
    [BULLETIN_ERROR_VERSION] = "archive written by an incompatible version",
    [BULLETIN_ERROR_BUSY] = "archive is locked by another process",
    [BULLETIN_ERROR_READONLY] = "archive is open read-only",
    [BULLETIN_ERROR_NOT_FOUND] = "not found",
    [BULLETIN_ERROR_DEPENDENCY] = "ICU or OpenCC failed",
    [BULLETIN_ERROR_INTERNAL] = "internal error",
};

const char *bulletin_status_to_string(bulletin_status status)
{
    if ((unsigned)status >= BULLETIN_STATUS_LAST)
        return "unknown status";
    return status_strings[status];
}

const bulletin_error *bulletin_error_last(void)
{
    return &last_error;
}

const char *bulletin_version(void)
{
    return PACKAGE_VERSION;
}

static bulletin_status record(bulletin_status status, const char *path,
                              long line, long offset, const char *fmt,
                              va_list ap)
{
    /* Format first into a scratch buffer: fmt's arguments may point into
     * error_message itself (a caller wrapping the previous error). */
    char scratch[sizeof error_message];
    vsnprintf(scratch, sizeof scratch, fmt, ap);
    memcpy(error_message, scratch, sizeof error_message);
    last_error.status = status;
    last_error.message = error_message;
    if (path) {
        if (path != error_path)
            snprintf(error_path, sizeof error_path, "%s", path);
        last_error.path = error_path;
    } else {
        last_error.path = NULL;
    }
    last_error.line = line;
    last_error.offset = offset;
    return status;
}

bulletin_status bulletin__error(bulletin_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(status, NULL, 0, -1, fmt, ap);
    va_end(ap);
    return status;
}

bulletin_status bulletin__error_at(bulletin_status status, const char *path,
                                   long line, long offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(status, path, line, offset, fmt, ap);
    va_end(ap);
    return status;
}

bulletin_status bulletin__nomem(void)
{
    return bulletin__error(BULLETIN_ERROR_NOMEM, "out of memory");
}

void bulletin__error_clear(void)
{
    error_message[0] = '\0';
    last_error.status = BULLETIN_OK;
    last_error.message = error_message;
    last_error.path = NULL;
    last_error.line = 0;
    last_error.offset = -1;
}

char *bulletin__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);
    if (!copy) {
        bulletin__nomem();
        return NULL;
    }
    return memcpy(copy, s, n);
}

void bulletin_string_free(char *string)
{
    free(string);
}

bool bulletin__valid_date(const char *s)
{
    static const int days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (y < 1800 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}
