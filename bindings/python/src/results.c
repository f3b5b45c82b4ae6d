/* results.c - Results (one page of hits and the total) and Hit.
 *
 * Results owns the C bulletin_results; a Hit object is made when it is
 * asked for (a page that is only counted costs no objects) and not
 * cached: a Hit keeps its Results alive, because snippet_html is built
 * lazily from the C snippet and its byte spans, and a cache in Results
 * would make a reference cycle. */
#include "module.h"

#include <stddef.h>
#include <structmember.h>

typedef struct ResultsObject {
    PyObject_HEAD
    bulletin_results *results;
    PyObject *query;        /* the str searched for */
    size_t count;
} ResultsObject;

typedef struct HitObject {
    PyObject_HEAD
    ResultsObject *owner;
    const bulletin_hit *hit;  /* borrowed from owner->results */
    PyObject *id, *headline, *issue_date, *page, *kind, *score, *snippet, *highlights;
    PyObject *districts, *primary_district, *topics, *authors, *event_dates;
    PyObject *html;           /* NULL until asked for */
} HitObject;

/* ---------------------------------------------------------------- Hit */

/* [(start, end), ...] in code points of the snippet, as the CLI's JSON. */
static PyObject *highlights_to_py(const bulletin_hit *h)
{
    PyObject *list = PyList_New((Py_ssize_t)h->highlight_count);
    if (!list)
        return NULL;
    utf8_cursor c;
    utf8_cursor_init(&c, h->snippet);
    for (size_t i = 0; i < h->highlight_count; i++) {
        size_t start = utf8_cursor_chars_at(&c, h->highlights[i].start);
        size_t end = utf8_cursor_chars_at(&c, h->highlights[i].end);
        PyObject *span = Py_BuildValue("(nn)", (Py_ssize_t)start, (Py_ssize_t)end);
        if (!span) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, span);
    }
    return list;
}

/* The tags of a hit or an article, shaped as the CLI's JSON has them. */
PyObject *tag_names_to_py(const bulletin_tag *tags, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *name = text_to_str(tags[i].name);
        if (!name) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, name);
    }
    return list;
}

PyObject *topics_to_py(const bulletin_tag *topics, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *t = Py_BuildValue("{s:s,s:d}", "name", topics[i].name, "score",
                                    topics[i].weight);
        if (!t) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, t);
    }
    return list;
}

static PyObject *authors_to_py(const bulletin_hit *h)
{
    PyObject *list = PyList_New((Py_ssize_t)h->author_count);
    for (size_t i = 0; list && i < h->author_count; i++) {
        PyObject *a = text_to_str(h->authors[i]);
        if (!a) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, a);
    }
    return list;
}

PyObject *event_dates_to_py(const bulletin_event_date *events, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *e = Py_BuildValue("{s:s,s:s}", "from", events[i].from, "to", events[i].to);
        if (!e) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, e);
    }
    return list;
}

static PyObject *hit_new(ResultsObject *owner, const bulletin_hit *h)
{
    HitObject *self = PyObject_New(HitObject, &HitType);
    if (!self)
        return NULL;
    self->owner = (ResultsObject *)Py_NewRef(owner);
    self->hit = h;
    self->html = NULL;
    const char *kind = bulletin_kind_to_string(h->kind);
    self->id = PyLong_FromLongLong(h->id);
    self->headline = text_to_str(h->headline);
    self->issue_date = date_to_py(h->issue_date);
    self->page = PyLong_FromLong(h->page);
    self->kind = PyUnicode_FromString(kind ? kind : "other");
    self->score = PyFloat_FromDouble(h->score);
    self->snippet = text_to_str(h->snippet);
    self->highlights = highlights_to_py(h);
    self->districts = tag_names_to_py(h->districts, h->district_count);
    self->primary_district = h->primary_district && h->primary_district[0]
                                 ? text_to_str(h->primary_district) : Py_NewRef(Py_None);
    self->topics = topics_to_py(h->topics, h->topic_count);
    self->authors = authors_to_py(h);
    self->event_dates = event_dates_to_py(h->event_dates, h->event_date_count);
    if (!self->id || !self->headline || !self->issue_date || !self->page || !self->kind ||
        !self->score || !self->snippet || !self->highlights || !self->districts ||
        !self->primary_district || !self->topics || !self->authors || !self->event_dates) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void Hit_dealloc(HitObject *self)
{
    Py_XDECREF(self->id);
    Py_XDECREF(self->headline);
    Py_XDECREF(self->issue_date);
    Py_XDECREF(self->page);
    Py_XDECREF(self->kind);
    Py_XDECREF(self->score);
    Py_XDECREF(self->snippet);
    Py_XDECREF(self->highlights);
    Py_XDECREF(self->districts);
    Py_XDECREF(self->primary_district);
    Py_XDECREF(self->topics);
    Py_XDECREF(self->authors);
    Py_XDECREF(self->event_dates);
    Py_XDECREF(self->html);
    Py_XDECREF(self->owner);
    PyObject_Free(self);
}

static PyObject *Hit_get_snippet_html(HitObject *self, void *closure)
{
    if (!self->html)
        self->html = snippet_html(self->hit->snippet, self->hit->highlights,
                                  self->hit->highlight_count);
    return Py_XNewRef(self->html);
}

static const char *const hit_fields[] = { "id", "headline", "issue_date", "page", "kind",
                                          "score", "snippet", "highlights", "snippet_html",
                                          "districts", "primary_district", "topics", "authors",
                                          "event_dates" };

static PyObject *Hit_as_dict(HitObject *self, PyObject *unused)
{
    PyObject *d = PyDict_New();
    for (size_t i = 0; d && i < sizeof hit_fields / sizeof hit_fields[0]; i++) {
        PyObject *v = PyObject_GetAttrString((PyObject *)self, hit_fields[i]);
        if (!v || PyDict_SetItemString(d, hit_fields[i], v) < 0) {
            Py_XDECREF(v);
            Py_CLEAR(d);
            break;
        }
        Py_DECREF(v);
    }
    return d;
}

static PyObject *Hit_repr(HitObject *self)
{
    return PyUnicode_FromFormat("<bulletin_search.Hit id=%S issue_date=%R page=%S headline=%R>",
                                self->id, self->issue_date, self->page, self->headline);
}

#define HIT_MEMBER(name, doc) \
    { #name, T_OBJECT, offsetof(HitObject, name), READONLY, doc }

static PyMemberDef Hit_members[] = {
    HIT_MEMBER(id, "The article's id in the archive (int); pass it to Archive.get()."),
    HIT_MEMBER(headline, "The headline (str, '' when the article has none)."),
    HIT_MEMBER(issue_date, "The issue date (datetime.date), or None when unknown."),
    HIT_MEMBER(page, "The page number (int), 0 when unknown."),
    HIT_MEMBER(kind, "'news', 'commentary', 'advertisement', 'continuation' or 'other'."),
    HIT_MEMBER(score, "Relevance (float): higher is better; comparable within one search."),
    HIT_MEMBER(snippet, "Plain text around the matches, in the article's own script (str)."),
    HIT_MEMBER(highlights,
               "The matches in `snippet`: a list of (start, end) character offsets,\n"
               "end exclusive, so snippet[start:end] is a match."),
    HIT_MEMBER(districts, "The districts the article is about (list of str), its own first."),
    HIT_MEMBER(primary_district, "The article's own district (str), or None."),
    HIT_MEMBER(topics, "Its topics: a list of {'name': str, 'score': float}, best first."),
    HIT_MEMBER(authors, "The people named in its byline (list of str)."),
    HIT_MEMBER(event_dates,
               "Dates named in its text: a list of {'from': 'YYYY-MM-DD', 'to': ...}."),
    { NULL }
};

static PyGetSetDef Hit_getset[] = {
    { "snippet_html", (getter)Hit_get_snippet_html, NULL,
      "The snippet HTML-escaped, with <mark>...</mark> around each match (str):\n"
      "safe to put in a page as is.", NULL },
    { NULL }
};

static PyMethodDef Hit_methods[] = {
    { "as_dict", (PyCFunction)Hit_as_dict, METH_NOARGS,
      "as_dict($self, /)\n--\n\n"
      "The hit as a dict with the keys of the CLI's `search --json` hits\n"
      "(issue_date stays a datetime.date)." },
    { NULL }
};

PyTypeObject HitType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bulletin_search.Hit",
    .tp_basicsize = sizeof(HitObject),
    .tp_dealloc = (destructor)Hit_dealloc,
    .tp_repr = (reprfunc)Hit_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One search hit.  Attributes are named as the fields of the CLI's\n"
              "`search --json` output.  Made by Results; not instantiable.",
    .tp_members = Hit_members,
    .tp_getset = Hit_getset,
    .tp_methods = Hit_methods,
};

/* ---------------------------------------------------------------- Results */

PyObject *results_new(bulletin_results *results, PyObject *query,
                      const bulletin_search_options *options)
{
    ResultsObject *self = PyObject_New(ResultsObject, &ResultsType);
    if (!self) {
        bulletin_results_free(results);
        return NULL;
    }
    self->results = results;
    self->query = Py_NewRef(query);
    self->count = bulletin_results_count(results);
    return (PyObject *)self;
}

static void Results_dealloc(ResultsObject *self)
{
    bulletin_results_free(self->results);
    Py_XDECREF(self->query);
    PyObject_Free(self);
}

static Py_ssize_t Results_len(ResultsObject *self)
{
    return (Py_ssize_t)self->count;
}

static PyObject *Results_item(ResultsObject *self, Py_ssize_t i)
{
    if (i < 0 || (size_t)i >= self->count) {
        PyErr_SetString(PyExc_IndexError, "hit index out of range");
        return NULL;
    }
    return hit_new(self, bulletin_results_hit(self->results, (size_t)i));
}

static PyObject *Results_get_total(ResultsObject *self, void *closure)
{
    return PyLong_FromSize_t(bulletin_results_total(self->results));
}

static PyObject *Results_get_total_exact(ResultsObject *self, void *closure)
{
    return PyBool_FromLong(bulletin_results_total_is_exact(self->results));
}

static PyObject *Results_get_query(ResultsObject *self, void *closure)
{
    return Py_NewRef(self->query);
}

static PyObject *Results_repr(ResultsObject *self)
{
    return PyUnicode_FromFormat("<bulletin_search.Results query=%R total=%zu hits=%zu>",
                                self->query, bulletin_results_total(self->results),
                                self->count);
}

/* {'district': {'西城区': 3, ...}, 'topic': ..., 'year': ..., 'month': ...},
 * as the CLI's JSON; empty dicts unless the search asked for facets. */
static PyObject *Results_get_facets(ResultsObject *self, void *closure)
{
    static const char *const names[BULLETIN_FACET_LAST] = { "district", "topic", "year",
                                                            "month" };
    PyObject *all = PyDict_New();
    for (int f = 0; all && f < BULLETIN_FACET_LAST; f++) {
        size_t n = 0;
        const bulletin_facet_count *c =
            bulletin_results_facet(self->results, (bulletin_facet)f, &n);
        PyObject *counts = PyDict_New();
        for (size_t i = 0; counts && c && i < n; i++) {
            PyObject *v = PyLong_FromSize_t(c[i].count);
            if (!v || PyDict_SetItemString(counts, c[i].value, v) < 0)
                Py_CLEAR(counts);
            Py_XDECREF(v);
        }
        if (!counts || PyDict_SetItemString(all, names[f], counts) < 0)
            Py_CLEAR(all);
        Py_XDECREF(counts);
    }
    return all;
}

static PyGetSetDef Results_getset[] = {
    { "facets", (getter)Results_get_facets, NULL,
      "Facet counts over all matching articles (not only this page), when the\n"
      "search was made with facets=True: a dict of 'district', 'topic', 'year'\n"
      "and 'month', each mapping a value to its number of articles.", NULL },
    { "total", (getter)Results_get_total, NULL,
      "How many articles match (int), regardless of limit and offset; an\n"
      "estimate when total_exact is False.", NULL },
    { "total_exact", (getter)Results_get_total_exact, NULL,
      "False when the query had more matches than the 2,000 newest that\n"
      "relevance ranks and `total` is an estimate; facets=True or exact=True\n"
      "count every match.", NULL },
    { "query", (getter)Results_get_query, NULL, "The query searched for (str).", NULL },
    { NULL }
};

static PySequenceMethods Results_as_sequence = {
    .sq_length = (lenfunc)Results_len,
    .sq_item = (ssizeargfunc)Results_item,
};

PyTypeObject ResultsType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bulletin_search.Results",
    .tp_basicsize = sizeof(ResultsObject),
    .tp_dealloc = (destructor)Results_dealloc,
    .tp_repr = (reprfunc)Results_repr,
    .tp_as_sequence = &Results_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One page of search hits, best first, and the total number of matches.\n\n"
              "A sequence: len(results) is the number of hits on this page (at most\n"
              "the limit), results[i] and iteration give Hit objects.  `total`\n"
              "counts every matching article.  Independent of the Archive: it stays\n"
              "valid after the archive is closed.",
    .tp_getset = Results_getset,
};
