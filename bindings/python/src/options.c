/* options.c - search(query, limit=20, offset=0, **filters) -> options.
 *
 * Every keyword a search takes is one row of `search_keywords`: its name
 * and a setter that checks the Python value and stores it in
 * bulletin_search_options.  A filter the library gains (district, topic,
 * a date range, sorting, facets) is one new row and one setter; a keyword
 * with no row is a TypeError, as for any Python function. */
#include "module.h"

#include <stdio.h>
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

/* A filter value that must be a str or None (district=, topic=), read
 * with the shared str_arg().  The pointer stays valid while the search
 * runs: the kwargs dict holds the str. */
static int filter_str(PyObject *value, const char *name, const char **out)
{
    bool ok;
    *out = str_arg(value, name, &ok);
    return ok ? 0 : -1;
}

static int set_district(bulletin_search_options *opts, PyObject *value)
{
    return filter_str(value, "district", &opts->district);
}

static int set_topic(bulletin_search_options *opts, PyObject *value)
{
    return filter_str(value, "topic", &opts->topic);
}

/* date_from=/date_to=: a datetime.date, or a str "2017", "2017-12" or
 * "2017-12-01" (a year or month means all of it).  A date is formatted
 * into this thread's buffer, which lives until the search returns (the
 * call runs in this thread, only without the GIL). */
static _Thread_local char date_buf[2][11];

static int date_filter(PyObject *value, const char *name, int which, const char **out)
{
    if (PyUnicode_Check(value) || value == Py_None)
        return filter_str(value, name, out);
    PyObject *iso = PyObject_CallMethod(value, "isoformat", NULL);
    if (!iso || !PyUnicode_Check(iso) || PyUnicode_GET_LENGTH(iso) != 10) {
        Py_XDECREF(iso);
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s must be a datetime.date or a str like '2017-12', "
                     "not %.100s", name, Py_TYPE(value)->tp_name);
        return -1;
    }
    const char *text = PyUnicode_AsUTF8(iso);
    if (text)
        snprintf(date_buf[which], sizeof date_buf[which], "%s", text);
    Py_DECREF(iso);
    *out = text ? date_buf[which] : NULL;
    return text ? 0 : -1;
}

static int set_date_from(bulletin_search_options *opts, PyObject *value)
{
    return date_filter(value, "date_from", 0, &opts->date_from);
}

static int set_date_to(bulletin_search_options *opts, PyObject *value)
{
    return date_filter(value, "date_to", 1, &opts->date_to);
}

static int set_sort(bulletin_search_options *opts, PyObject *value)
{
    const char *s;
    if (filter_str(value, "sort", &s) < 0)
        return -1;
    if (!s || !strcmp(s, "relevance"))
        opts->sort = BULLETIN_SORT_RELEVANCE;
    else if (!strcmp(s, "date") || !strcmp(s, "date-desc"))
        opts->sort = BULLETIN_SORT_DATE_DESC;
    else if (!strcmp(s, "date-asc"))
        opts->sort = BULLETIN_SORT_DATE_ASC;
    else {
        PyErr_Format(PyExc_ValueError, "sort must be 'relevance', 'date' or 'date-asc', "
                     "not %R", value);
        return -1;
    }
    return 0;
}

static int set_facets(bulletin_search_options *opts, PyObject *value)
{
    int v = PyObject_IsTrue(value);
    if (v < 0)
        return -1;
    opts->facets = v;
    return 0;
}

/* exact=True: rank and count every match, not only the newest
 * BULLETIN_RANK_WINDOW_DEFAULT (the total is then always exact). */
static int set_exact(bulletin_search_options *opts, PyObject *value)
{
    int v = PyObject_IsTrue(value);
    if (v < 0)
        return -1;
    opts->rank_window = v ? BULLETIN_RANK_ALL : 0;
    return 0;
}

/* rank_window=N: rank the newest N matches (see bulletin_archive_search). */
static int set_rank_window(bulletin_search_options *opts, PyObject *value)
{
    size_t n = PyLong_AsSize_t(value);
    if (n == (size_t)-1 && PyErr_Occurred())
        return -1;
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "rank_window must be at least 1");
        return -1;
    }
    opts->rank_window = n;
    return 0;
}

/* kind=: one kind name, 'all', or an iterable of kind names.  Without
 * it, advertisements are left out (as in the CLI). */
static int add_kind(unsigned *mask, PyObject *item)
{
    const char *s;
    bulletin_kind k;
    if (filter_str(item, "kind", &s) < 0)
        return -1;
    if (s && !strcmp(s, "all")) {
        *mask = BULLETIN_KINDS_ALL;
        return 0;
    }
    if (!s || bulletin_kind_from_string(&k, s) != BULLETIN_OK) {
        PyErr_Format(PyExc_ValueError, "unknown kind %R: news, commentary, advertisement, "
                     "continuation, other or all", item);
        return -1;
    }
    *mask |= BULLETIN_KIND_BIT(k);
    return 0;
}

static int set_kind(bulletin_search_options *opts, PyObject *value)
{
    unsigned mask = 0;
    if (PyUnicode_Check(value)) {
        if (add_kind(&mask, value) < 0)
            return -1;
    } else {
        PyObject *it = PyObject_GetIter(value);
        if (!it)
            return -1;
        PyObject *item;
        while ((item = PyIter_Next(it))) {
            int rc = add_kind(&mask, item);
            Py_DECREF(item);
            if (rc < 0) {
                Py_DECREF(it);
                return -1;
            }
        }
        Py_DECREF(it);
        if (PyErr_Occurred())
            return -1;
    }
    opts->kinds = mask;
    return 0;
}

/* Positional parameters first, in order, then keyword-only ones. */
static const search_keyword search_keywords[] = {
    { "limit", set_limit },
    { "offset", set_offset },
    { "snippet_chars", set_snippet_chars },
    { "district", set_district },
    { "topic", set_topic },
    { "date_from", set_date_from },
    { "date_to", set_date_to },
    { "sort", set_sort },
    { "facets", set_facets },
    { "kind", set_kind },
    { "exact", set_exact },
    { "rank_window", set_rank_window },
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
