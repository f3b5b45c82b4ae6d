/* json.h - a small streaming JSON writer for the CLI's --json output. */
#ifndef BULLETIN_JSON_H
#define BULLETIN_JSON_H

#include <bulletin.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

typedef struct json_writer {
    FILE *out;
    bool need_comma;   /* a value was written at this level */
    bool after_key;    /* the next value follows a key */
} json_writer;

void json_init(json_writer *w, FILE *out);
void json_begin_object(json_writer *w);
void json_end_object(json_writer *w);
void json_begin_array(json_writer *w);
void json_end_array(json_writer *w);
void json_key(json_writer *w, const char *key);
void json_string(json_writer *w, const char *s);
void json_int(json_writer *w, int64_t v);
void json_uint(json_writer *w, size_t v);
void json_double(json_writer *w, double v);
void json_bool(json_writer *w, bool v);
void json_null(json_writer *w);
/* `text` as an HTML string value: escaped, with <mark>...</mark> around
 * each span (byte offsets into text). */
void json_html_marked(json_writer *w, const char *text, const bulletin_span *spans,
                      size_t n);
/* The number of code points in the first `bytes` bytes of `s`. */
size_t json_count_chars(const char *s, size_t bytes);

#endif
