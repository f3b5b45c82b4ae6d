/* ingest.h - reading source files into articles (no SQL here).
 *
 * Data flow: bytes -> decode.c (to UTF-8, with the encoding detected) ->
 * xml.c (bulletin XML) or page.c (page text) -> a bulletin_batch of
 * articles, which archive.c stores in one transaction. */
#ifndef BULLETIN_INGEST_H
#define BULLETIN_INGEST_H

#include "internal.h"

/* The jump lines of one article of page text (0: none).  An article
 * continued elsewhere ends with "（下转第3版）" (to_page 3); its rest opens
 * with "（上接第1版）" (from_page 1).  The archive links the two. */
typedef struct bulletin_jumps {
    int from_page;
    int to_page;
} bulletin_jumps;

/* The articles read from one file.  Every string the articles point to is
 * owned by the batch (allocated with malloc and freed by
 * bulletin__batch_free). */
typedef struct bulletin_batch {
    bulletin_article *articles;
    bulletin_jumps *jumps;   /* one per article, same index */
    size_t count;
    size_t cap;
    char **strings;          /* every string the batch owns */
    size_t string_count;
    size_t string_cap;
    const char *format;      /* "xml" or "text" (static) */
    char encoding[32];       /* the encoding the file was read in */
    size_t warnings;         /* problems the file was indexed despite */
    char first_warning[512]; /* the first of them, a sentence naming the file */
} bulletin_batch;

/* Copy `len` bytes of `s` (NUL-terminated in the copy) into the batch's
 * storage.  NULL when out of memory (NOMEM recorded). */
char *bulletin__batch_strndup(bulletin_batch *batch, const char *s, size_t len);
char *bulletin__batch_strdup(bulletin_batch *batch, const char *s);

/* Append a new article (BULLETIN_ARTICLE_INIT) and return it, or NULL when
 * out of memory (NOMEM recorded).  The pointer is valid until the next
 * append. */
bulletin_article *bulletin__batch_add(bulletin_batch *batch);

void bulletin__batch_free(bulletin_batch *batch);

/* What lenient decoding had to repair. */
typedef struct bulletin_decode_damage {
    size_t replaced;         /* undecodable sequences replaced by U+FFFD */
    long first_offset;       /* byte offset of the first one, or -1 */
    char first_bytes[24];    /* its bytes, "0xFF 0x41" */
} bulletin_decode_damage;

/* decode.c: turn a file's bytes into UTF-8.  `encoding` forces an
 * encoding (an ICU converter name such as "GB18030", "Big5", "UTF-16LE");
 * NULL detects it: a BOM, else valid UTF-8, else ICU's charset detector.
 * `damage` NULL: strict, the first undecodable sequence is an error;
 * otherwise lenient, each becomes U+FFFD and `*damage` says how many and
 * where the first was.  `*out` (malloc'd, NUL-terminated, owned by the
 * caller) receives the text and `*out_len` its length; `encoding_out`
 * (32 bytes) the name of the encoding used.  Errors: BULLETIN_ERROR_INPUT
 * naming `path` and the byte offset of the first undecodable sequence
 * (strict), or saying that the file is binary, not text (both modes);
 * BULLETIN_ERROR_INVALID_ARGUMENT for an unknown forced encoding. */
bulletin_status bulletin__decode(const char *path, const char *bytes, size_t len,
                                 const char *encoding,
                                 bulletin_decode_damage *damage, char **out,
                                 size_t *out_len, char *encoding_out);

/* xml.c: parse bulletin XML (validated against data/bulletin.rng, which
 * is compiled in) into `batch`.  No network access, no external entities,
 * no DTDs.  Errors: BULLETIN_ERROR_INPUT naming `path` and the line. */
bulletin_status bulletin__ingest_xml(const char *path, const char *text,
                                     size_t len, const bulletin_index_options *opts,
                                     bulletin_batch *batch);

/* page.c: does this text end a paragraph (sentence-final punctuation,
 * perhaps followed by closing quotes or a short bracket such as "（完）")?
 * `s` is valid UTF-8. */
bool bulletin__ends_paragraph(const char *s, size_t n);

/* page.c: split page text into articles.  Errors: BULLETIN_ERROR_INPUT. */
bulletin_status bulletin__ingest_page(const char *path, const char *text,
                                      size_t len, const bulletin_index_options *opts,
                                      bulletin_batch *batch);

/* ingest.c: read `path` (a regular file), decode it and dispatch on its
 * format (".xml" or content starting with "<?xml" / "<bulletin": XML;
 * otherwise page text).  Sets every article's `source` to `source`.
 * Errors: BULLETIN_ERROR_IO, plus those above. */
bulletin_status bulletin__ingest_file(const char *path, const char *source,
                                      const bulletin_index_options *opts,
                                      bulletin_batch *batch);

#endif
