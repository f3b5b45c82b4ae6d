/* options.c - search(query, limit=20, offset=0, **filters) -> options.
 *
 * Every keyword a search takes is one row of `search_keywords`: its name
 * and a setter that checks the Python value and stores it in
 * bulletin_search_options.  A filter the library gains (district, topic,
 * a date range, sorting, facets) is one new row and one setter; a keyword
 * with no row is a TypeError, as for any Python function. */
#include "module.h"

#include <string.h>

/* The library's cap on one page of hits (search.c MAX_LIMIT). */
#define MAX_LIMIT 1000
#define MAX_OFFSET 100000000L
#define MAX_SNIPPET_CHARS 10000

typedef int (*keyword_setter)(bulletin_search_options *opts, PyObject *value);

typedef struct search_keyword {
    const char *name;
    keyword_setter set;
} search_keyword;

static int set_limit(bulletin_search_options *opts, PyObject *value)
{
    long v;
    if (int_arg(value, "limit", MAX_LIMIT, &v) < 0)
        return -1;
    if (v == 0) {
        /* The library reads 0 as "the default"; a caller asking for no
         * hits wants the total only, which limit=1 gives as cheaply. */
        PyErr_SetString(PyExc_ValueError, "limit must be from 1 to 1000, not 0");
        return -1;
    }
    opts->limit = (size_t)v;
    return 0;
}

static int set_offset(bulletin_search_options *opts, PyObject *value)
{
    long v;
    if (int_arg(value, "offset", MAX_OFFSET, &v) < 0)
        return -1;
    opts->offset = (size_t)v;
    return 0;
}

static int set_snippet_chars(bulletin_search_options *opts, PyObject *value)
{
    long v;
    if (int_arg(value, "snippet_chars", MAX_SNIPPET_CHARS, &v) < 0)
        return -1;
    opts->snippet_chars = (size_t)v;
    return 0;
}

/* Positional parameters first, in order, then keyword-only ones. */
static const search_keyword search_keywords[] = {
    { "limit", set_limit },
    { "offset", set_offset },
    { "snippet_chars", set_snippet_chars },
};
#define N_POSITIONAL 2  /* limit, offset may also be given by position */
#define N_KEYWORDS (sizeof search_keywords / sizeof search_keywords[0])

static const search_keyword *find_keyword(PyObject *name, size_t *index)
{
    const char *s = PyUnicode_Check(name) ? PyUnicode_AsUTF8(name) : NULL;
    if (!s) {
        PyErr_Clear();
        return NULL;
    }
    for (size_t i = 0; i < N_KEYWORDS; i++)
        if (!strcmp(search_keywords[i].name, s)) {
            *index = i;
            return &search_keywords[i];
        }
    return NULL;
}

static int parse_keywords(PyObject *kwargs, bulletin_search_options *opts, bool seen[])
{
    Py_ssize_t pos = 0;
    PyObject *name, *value;
    while (kwargs && PyDict_Next(kwargs, &pos, &name, &value)) {
        size_t i;
        const search_keyword *k = find_keyword(name, &i);
        if (!k) {
            PyErr_Format(PyExc_TypeError, "search() got an unexpected keyword argument %R",
                         name);
            return -1;
        }
        if (seen[i]) {
            PyErr_Format(PyExc_TypeError, "search() got multiple values for argument '%s'",
                         k->name);
            return -1;
        }
        seen[i] = true;
        if (k->set(opts, value) < 0)
            return -1;
    }
    return 0;
}

int search_args_parse(PyObject *args, PyObject *kwargs, bulletin_search_options *opts,
                      PyObject **query)
{
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs < 1 || nargs > 1 + N_POSITIONAL) {
        PyErr_Format(PyExc_TypeError, "search() takes from 1 to %d positional arguments "
                     "but %zd were given", 1 + N_POSITIONAL, nargs);
        return -1;
    }
    *query = PyTuple_GET_ITEM(args, 0);
    if (!PyUnicode_Check(*query)) {
        PyErr_Format(PyExc_TypeError, "query must be a str, not %.100s",
                     Py_TYPE(*query)->tp_name);
        return -1;
    }
    bool seen[N_KEYWORDS] = { false };
    for (Py_ssize_t i = 1; i < nargs; i++) {
        seen[i - 1] = true;
        if (search_keywords[i - 1].set(opts, PyTuple_GET_ITEM(args, i)) < 0)
            return -1;
    }
    return parse_keywords(kwargs, opts, seen);
}
