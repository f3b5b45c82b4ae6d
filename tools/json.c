/* json.c - a small streaming JSON writer (RFC 8259), UTF-8 passed through. */
#include "config.h"
#include "json.h"

#include <math.h>
#include <string.h>

void json_init(json_writer *w, FILE *out)
{
    w->out = out;
    w->need_comma = false;
    w->after_key = false;
}

/* Separate this value from the previous one at the same level. */
static void before_value(json_writer *w)
{
    if (w->after_key)
        w->after_key = false;
    else if (w->need_comma)
        fputc(',', w->out);
    w->need_comma = true;
}

void json_begin_object(json_writer *w)
{
    before_value(w);
    fputc('{', w->out);
    w->need_comma = false;
}

void json_end_object(json_writer *w)
{
    fputc('}', w->out);
    w->need_comma = true;
}

void json_begin_array(json_writer *w)
{
    before_value(w);
    fputc('[', w->out);
    w->need_comma = false;
}

void json_end_array(json_writer *w)
{
    fputc(']', w->out);
    w->need_comma = true;
}

static void write_escaped(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\r': fputs("\\r", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if (c < 0x20 || c == 0x7F)
                fprintf(out, "\\u%04x", c);
            else
                fputc(c, out);
        }
    }
}

void json_key(json_writer *w, const char *key)
{
    before_value(w);
    fputc('"', w->out);
    write_escaped(w->out, key, strlen(key));
    fputs("\":", w->out);
    w->after_key = true;
}

void json_string(json_writer *w, const char *s)
{
    before_value(w);
    fputc('"', w->out);
    if (s)
        write_escaped(w->out, s, strlen(s));
    fputc('"', w->out);
}

void json_int(json_writer *w, int64_t v)
{
    before_value(w);
    fprintf(w->out, "%lld", (long long)v);
}

void json_uint(json_writer *w, size_t v)
{
    before_value(w);
    fprintf(w->out, "%zu", v);
}

void json_double(json_writer *w, double v)
{
    before_value(w);
    if (isfinite(v))
        fprintf(w->out, "%.6g", v);
    else
        fputs("null", w->out);
}

void json_bool(json_writer *w, bool v)
{
    before_value(w);
    fputs(v ? "true" : "false", w->out);
}

void json_null(json_writer *w)
{
    before_value(w);
    fputs("null", w->out);
}

static void write_html(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '"': fputs("&quot;", out); break;
        default: write_escaped(out, s + i, 1);
        }
    }
}

void json_html_marked(json_writer *w, const char *text, const bulletin_span *spans,
                      size_t n)
{
    before_value(w);
    fputc('"', w->out);
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        write_html(w->out, text + at, spans[i].start - at);
        fputs("<mark>", w->out);
        write_html(w->out, text + spans[i].start, spans[i].end - spans[i].start);
        fputs("</mark>", w->out);
        at = spans[i].end;
    }
    write_html(w->out, text + at, strlen(text + at));
    fputc('"', w->out);
}

size_t json_count_chars(const char *s, size_t bytes)
{
    size_t n = 0;
    for (size_t i = 0; i < bytes; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}
