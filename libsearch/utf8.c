/* utf8.c - strict UTF-8 decoding with byte-accurate positions.
 *
 * Written by hand rather than with ICU's U8_NEXT because callers need the
 * exact byte each invalid sequence starts at (for error messages and for
 * offsets into the original text), and because this is the innermost loop
 * of the tokenizer. */
#include "config.h"
#include "internal.h"

int32_t bulletin_utf8_next(const char *text, size_t len, size_t *pos)
{
    const unsigned char *s = (const unsigned char *)text + *pos;
    size_t left = len - *pos;
    unsigned char c = s[0];
    if (c < 0x80) {
        *pos += 1;
        return c;
    }
    int32_t cp, min;
    size_t n;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; cp = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; cp = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; cp = c & 0x07; min = 0x10000; }
    else { *pos += 1; return -1; }
    if (left < n) { *pos += 1; return -1; }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) { *pos += 1; return -1; }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are invalid. */
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
        *pos += 1;
        return -1;
    }
    *pos += n;
    return cp;
}

size_t bulletin_utf8_put(char *out, int32_t cp)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t bulletin_utf8_check(const char *text, size_t len)
{
    size_t pos = 0;
    while (pos < len) {
        size_t at = pos;
        if (bulletin_utf8_next(text, len, &pos) < 0)
            return at;
    }
    return len;
}
