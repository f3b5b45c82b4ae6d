/* convert.c - values between the library's C types and Python's. */
#include "module.h"

#include <datetime.h>
#include <limits.h>
#include <string.h>

/* datetime's C API is a capsule imported once, on first use (module
 * import runs under the GIL, and so does every caller). */
static int datetime_ready(void)
{
    if (!PyDateTimeAPI)
        PyDateTime_IMPORT;
    return PyDateTimeAPI ? 0 : -1;
}

void utf8_cursor_init(utf8_cursor *c, const char *text)
{
    c->text = text;
    c->byte = 0;
    c->chars = 0;
}

size_t utf8_cursor_chars_at(utf8_cursor *c, size_t byte)
{
    if (byte < c->byte) {  /* going back: count again from the start */
        c->byte = 0;
        c->chars = 0;
    }
    for (; c->byte < byte; c->byte++)
        c->chars += ((unsigned char)c->text[c->byte] & 0xC0) != 0x80;
    return c->chars;
}

PyObject *text_to_str(const char *text)
{
    if (!text || !*text)
        return PyUnicode_New(0, 0);
    /* "replace": a stored string is valid UTF-8, but a library bug must
     * not become an exception on every search. */
    return PyUnicode_DecodeUTF8(text, (Py_ssize_t)strlen(text), "replace");
}

static bool parse_iso_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return true;
}

PyObject *date_to_py(const char *iso)
{
    int y, m, d;
    if (!iso || !*iso || !parse_iso_date(iso, &y, &m, &d))
        Py_RETURN_NONE;
    if (datetime_ready() < 0)
        return NULL;
    PyObject *date = PyDate_FromDate(y, m, d);
    if (!date && PyErr_ExceptionMatches(PyExc_ValueError)) {
        /* Not a calendar date: the archive holds what it was given. */
        PyErr_Clear();
        Py_RETURN_NONE;
    }
    return date;
}

int date_from_py(PyObject *value, char buf[11], const char *what)
{
    buf[0] = '\0';
    if (value == Py_None)
        return 0;
    if (datetime_ready() < 0)
        return -1;
    if (PyDate_Check(value)) {
        PyOS_snprintf(buf, 11, "%04d-%02d-%02d", PyDateTime_GET_YEAR(value),
                      PyDateTime_GET_MONTH(value), PyDateTime_GET_DAY(value));
        return 0;
    }
    if (PyUnicode_Check(value)) {
        Py_ssize_t n;
        const char *s = PyUnicode_AsUTF8AndSize(value, &n);
        if (!s)
            return -1;
        if (n != 10) {
            PyErr_Format(PyExc_ValueError, "%s must be a YYYY-MM-DD date, not %R", what, value);
            return -1;
        }
        memcpy(buf, s, 11);  /* the library checks it is a calendar date */
        return 0;
    }
    PyErr_Format(PyExc_TypeError, "%s must be a datetime.date, a 'YYYY-MM-DD' str or None, not %.100s",
                 what, Py_TYPE(value)->tp_name);
    return -1;
}

const char *str_arg(PyObject *value, const char *what, bool *ok)
{
    *ok = false;
    if (value == Py_None) {
        *ok = true;
        return NULL;
    }
    if (!PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "%s must be a str or None, not %.100s", what,
                     Py_TYPE(value)->tp_name);
        return NULL;
    }
    Py_ssize_t n;
    const char *s = PyUnicode_AsUTF8AndSize(value, &n);
    if (!s)
        return NULL;
    if ((size_t)n != strlen(s)) {
        PyErr_Format(PyExc_ValueError, "%s contains a NUL character", what);
        return NULL;
    }
    *ok = true;
    return s;
}

int int_arg(PyObject *value, const char *what, long max, long *out)
{
    if (!PyLong_Check(value) || PyBool_Check(value)) {
        PyErr_Format(PyExc_TypeError, "%s must be an int, not %.100s", what,
                     Py_TYPE(value)->tp_name);
        return -1;
    }
    int overflow;
    long v = PyLong_AsLongAndOverflow(value, &overflow);
    if (v == -1 && PyErr_Occurred())
        return -1;
    if (overflow || v < 0 || v > max) {
        PyErr_Format(PyExc_ValueError, "%s must be from 0 to %ld, not %R", what, max, value);
        return -1;
    }
    *out = v;
    return 0;
}

/* Append `n` bytes of `text` HTML-escaped (as the CLI does: & < > "). */
static void escape_into(char **w, const char *text, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (text[i]) {
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        case '"': rep = "&quot;"; break;
        }
        if (rep) {
            size_t len = strlen(rep);
            memcpy(*w, rep, len);
            *w += len;
        } else {
            *(*w)++ = text[i];
        }
    }
}

static void put(char **w, const char *s)
{
    size_t len = strlen(s);
    memcpy(*w, s, len);
    *w += len;
}

PyObject *snippet_html(const char *snippet, const bulletin_span *spans, size_t n)
{
    size_t len = strlen(snippet);
    /* Worst case: every byte becomes "&quot;", plus the marks. */
    size_t cap = len * 6 + n * (sizeof "<mark></mark>" - 1) + 1;
    char *out = PyMem_Malloc(cap);
    if (!out)
        return PyErr_NoMemory();
    char *w = out;
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        size_t start = spans[i].start, end = spans[i].end;
        if (start < at || end < start || end > len)
            continue;  /* overlapping or out of range: never from the library */
        escape_into(&w, snippet + at, start - at);
        put(&w, "<mark>");
        escape_into(&w, snippet + start, end - start);
        put(&w, "</mark>");
        at = end;
    }
    escape_into(&w, snippet + at, len - at);
    PyObject *s = PyUnicode_DecodeUTF8(out, w - out, "replace");
    PyMem_Free(out);
    return s;
}
