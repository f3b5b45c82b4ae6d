/* buffer.c - a growable, always NUL-terminated byte buffer, and the
 * doubling growth of the library's other arrays. */
#include "config.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool bulletin_buf_reserve(bulletin_buf *buf, size_t extra)
{
    /* +1 keeps room for the terminating NUL. */
    if (extra > SIZE_MAX - buf->len - 1)
        return false;
    void *data = buf->data;
    if (!bulletin__grow(&data, &buf->cap, buf->len + extra + 1, 1, 64, false))
        return false;
    buf->data = data;
    return true;
}

bool bulletin_buf_append(bulletin_buf *buf, const void *data, size_t len)
{
    if (!bulletin_buf_reserve(buf, len))
        return false;
    if (len)
        memcpy(buf->data + buf->len, data, len);
    buf->len += len;
    buf->data[buf->len] = '\0';
    return true;
}

bool bulletin_buf_append_str(bulletin_buf *buf, const char *str)
{
    return bulletin_buf_append(buf, str, strlen(str));
}

bool bulletin_buf_append_char(bulletin_buf *buf, char c)
{
    return bulletin_buf_append(buf, &c, 1);
}

bool bulletin_buf_printf(bulletin_buf *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !bulletin_buf_reserve(buf, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(buf->data + buf->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf->len += (size_t)n;
    return true;
}

void bulletin_buf_clear(bulletin_buf *buf)
{
    buf->len = 0;
    if (buf->data)
        buf->data[0] = '\0';
}

char *bulletin_buf_detach(bulletin_buf *buf)
{
    if (!buf->data && !bulletin_buf_reserve(buf, 0))
        return NULL;
    char *s = buf->data;
    buf->data = NULL;
    buf->len = buf->cap = 0;
    return s;
}

void bulletin_buf_free(bulletin_buf *buf)
{
    free(buf->data);
    buf->data = NULL;
    buf->len = buf->cap = 0;
}

bool bulletin__grow_slow(void **items, size_t *cap, size_t need, size_t size, size_t first,
                         bool zero)
{
    if (need <= *cap)
        return true;
    /* The most elements whose byte count fits in a size_t. */
    size_t most = SIZE_MAX / size;
    if (need > most)
        return false;
    size_t want = *cap ? *cap : first;
    if (want == 0 || want > most)
        want = need;
    /* Doubling keeps appends amortised O(1); near the limit, just enough. */
    while (want < need)
        want = want > most / 2 ? need : want * 2;
    char *grown = realloc(*items, want * size);
    if (!grown)
        return false;
    if (zero)
        memset(grown + *cap * size, 0, (want - *cap) * size);
    *items = grown;
    *cap = want;
    return true;
}
