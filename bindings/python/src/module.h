/* module.h - what the modules of the bulletin_search extension share.
 *
 * The extension is a thin layer over the public C API (bulletin.h): it
 * converts Python values to the library's structs and back, releases the
 * GIL around every call that touches an archive, and turns a failed
 * bulletin_status into a Python exception.  No C status reaches Python. */
#ifndef BULLETIN_PYTHON_MODULE_H
#define BULLETIN_PYTHON_MODULE_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <bulletin.h>
#include <stdbool.h>

/* ---- errors.c: status -> exception ---- */

/* A copy of a bulletin_error that outlives the next library call. */
typedef struct captured_error {
    bulletin_status status;
    char *message;
    char *path;            /* NULL when the error names no file */
    long line;             /* 0: unknown */
    long offset;           /* -1: unknown */
} captured_error;

/* Create the exception classes and add them to `module`.  -1 on error. */
int errors_init(PyObject *module);

/* Copy `e` (strings are malloc'd; release with captured_error_clear, also
 * after a failure).  Returns false when memory ran out.  Needs no GIL. */
bool captured_error_copy(captured_error *out, const bulletin_error *e);
void captured_error_clear(captured_error *e);

/* The exception instance describing `e` (new reference), or NULL with a
 * Python error set.  `query` (UTF-8, may be NULL) turns a byte offset in
 * a query into QueryError.position, a character index. */
PyObject *errors_instance(const captured_error *e, const char *query);

/* Raise the exception for this thread's last library error (which the
 * call that returned `status` recorded) and return NULL. */
PyObject *errors_raise_last(bulletin_status status, const char *query);

/* Raise the exception of `status` with `message`; returns NULL. */
PyObject *errors_raise_status(bulletin_status status, const char *message);

/* Raise ArchiveError with `message`; returns NULL. */
PyObject *errors_raise_archive(const char *message);

/* bulletin_search._exception_for_status(n), for the tests. */
PyObject *errors_class_for_status(PyObject *module, PyObject *arg);

/* QueryError with a position, for problems found before the library is
 * called (a NUL character in the query). */
PyObject *errors_raise_query_at(const char *message, Py_ssize_t position);

/* ---- convert.c: values between C and Python ---- */

/* Counts code points in a UTF-8 string from the start up to a byte
 * offset; reuses its last position, so offsets given in increasing order
 * cost one pass over the text. */
typedef struct utf8_cursor {
    const char *text;
    size_t byte;
    size_t chars;
} utf8_cursor;

void utf8_cursor_init(utf8_cursor *c, const char *text);
size_t utf8_cursor_chars_at(utf8_cursor *c, size_t byte);

/* A str from NUL-terminated UTF-8; NULL or "" gives "" (new reference). */
PyObject *text_to_str(const char *text);

/* datetime.date for "YYYY-MM-DD", None for NULL or "" (new reference). */
PyObject *date_to_py(const char *iso);

/* Writes a date given as datetime.date or "YYYY-MM-DD" str into buf
 * (11 bytes).  None gives "" when allow_none.  0, or -1 with TypeError. */
int date_from_py(PyObject *value, char buf[11], const char *what);

/* The UTF-8 of a str, refusing NUL characters (the library takes
 * NUL-terminated strings).  None gives NULL with *ok true.  Borrowed:
 * valid while `value` lives. */
const char *str_arg(PyObject *value, const char *what, bool *ok);

/* A non-negative int that fits `max`; -1 with an exception set. */
int int_arg(PyObject *value, const char *what, long max, long *out);

/* The snippet HTML-escaped, with <mark> around each highlight, exactly as
 * the CLI's JSON "snippet_html" (new reference). */
PyObject *snippet_html(const char *snippet, const bulletin_span *spans, size_t n);

/* ---- archive.c ---- */
extern PyTypeObject ArchiveType;

/* ---- results.c: Results and Hit ---- */
extern PyTypeObject ResultsType;
extern PyTypeObject HitType;

/* Tags as the CLI's JSON has them (new references, NULL with an
 * exception): ["西城区", ...], [{"name", "score"}], [{"from", "to"}]. */
PyObject *tag_names_to_py(const bulletin_tag *tags, size_t n);
PyObject *topics_to_py(const bulletin_tag *topics, size_t n);
PyObject *event_dates_to_py(const bulletin_event_date *events, size_t n);

/* Wrap `results` (ownership passes to the new object, also on failure). */
PyObject *results_new(bulletin_results *results, PyObject *query,
                      const bulletin_search_options *options);

/* ---- article.c: Article, and Python values -> bulletin_article ---- */
extern PyTypeObject ArticleType;

/* An Article object copied from `article` (new reference). */
PyObject *article_to_py(const bulletin_article *article);

/* The fields an add/update call was given, as keyword arguments. */
typedef struct article_input {
    bulletin_article article;   /* pointers borrow from the objects below */
    char issue_date[11];
    PyObject *authors_joined;   /* owned bytes, when authors= was a list */
} article_input;

/* Fill `in` from keyword arguments, starting from `base` (may be NULL)
 * for fields not given.  `allow_key` false refuses key= (update keeps the
 * stored key).  0, or -1 with an exception set; release with
 * article_input_clear in both cases. */
int article_input_parse(article_input *in, PyObject *args, PyObject *kwargs,
                        const bulletin_article *base, bool allow_key,
                        const char *fname);
void article_input_clear(article_input *in);

/* ---- options.c: keyword filters -> option structs ---- */

/* Parse search(query, limit=20, offset=0, **filters) into `opts` and
 * the query object (borrowed).  0, or -1 with TypeError/ValueError. */
int search_args_parse(PyObject *args, PyObject *kwargs,
                      bulletin_search_options *opts, PyObject **query);

/* ---- stats.c: struct sequences for figures and check reports ---- */
extern PyTypeObject IndexStatsType;
extern PyTypeObject ArchiveStatsType;
extern PyTypeObject TokenType;
extern PyTypeObject CheckReportType;

int stats_init(PyObject *module);
PyObject *archive_stats_to_py(const bulletin_archive_stats *s);
/* `errors` is a new tuple of exception instances (stolen). */
PyObject *index_stats_to_py(const bulletin_index_stats *s, PyObject *errors);
PyObject *check_report_to_py(const bulletin_check_report *r);

/* ---- tokenize.c ---- */
PyObject *tokenize_py(PyObject *module, PyObject *args, PyObject *kwargs);
extern const char tokenize_doc[];

#endif
