/* article.c - the Article type, and keyword arguments -> bulletin_article. */
#include "module.h"

#include <stddef.h>
#include <string.h>
#include <structmember.h>

/* Authors are stored "、"-separated, as bylines name them. */
#define AUTHOR_SEPARATOR "\xe3\x80\x81"

typedef struct ArticleObject {
    PyObject_HEAD
    PyObject *id, *key, *issue_date, *page, *position, *kind, *headline, *subtitle,
        *byline, *author, *body, *source;
} ArticleObject;

#define ARTICLE_FIELDS(X) X(id) X(key) X(issue_date) X(page) X(position) X(kind) \
    X(headline) X(subtitle) X(byline) X(author) X(body) X(source)

PyObject *article_to_py(const bulletin_article *a)
{
    ArticleObject *self = PyObject_New(ArticleObject, &ArticleType);
    if (!self)
        return NULL;
    const char *kind = bulletin_kind_to_string(a->kind);
    self->id = PyLong_FromLongLong(a->id);
    self->key = text_to_str(a->key);
    self->issue_date = date_to_py(a->issue_date);
    self->page = PyLong_FromLong(a->page);
    self->position = PyLong_FromLong(a->position);
    self->kind = PyUnicode_FromString(kind ? kind : "other");
    self->headline = text_to_str(a->headline);
    self->subtitle = text_to_str(a->subtitle);
    self->byline = text_to_str(a->byline);
    self->author = text_to_str(a->author);
    self->body = text_to_str(a->body);
    self->source = text_to_str(a->source);
#define CHECK(f) || !self->f
    if (0 ARTICLE_FIELDS(CHECK)) {
        Py_DECREF(self);
        return NULL;
    }
#undef CHECK
    return (PyObject *)self;
}

static void Article_dealloc(ArticleObject *self)
{
#define RELEASE(f) Py_XDECREF(self->f);
    ARTICLE_FIELDS(RELEASE)
#undef RELEASE
    PyObject_Free(self);
}

static PyObject *Article_get_authors(ArticleObject *self, void *closure)
{
    if (PyUnicode_GET_LENGTH(self->author) == 0)
        return PyTuple_New(0);
    PyObject *sep = PyUnicode_FromString(AUTHOR_SEPARATOR);
    PyObject *parts = sep ? PyUnicode_Split(self->author, sep, -1) : NULL;
    Py_XDECREF(sep);
    PyObject *tuple = parts ? PyList_AsTuple(parts) : NULL;
    Py_XDECREF(parts);
    return tuple;
}

static PyObject *Article_as_dict(ArticleObject *self, PyObject *unused)
{
    return Py_BuildValue("{sOsOsOsOsOsOsOsOsOsOsOsO}", "id", self->id, "key", self->key,
                         "issue_date", self->issue_date, "page", self->page, "position",
                         self->position, "kind", self->kind, "headline", self->headline,
                         "subtitle", self->subtitle, "byline", self->byline, "author",
                         self->author, "body", self->body, "source", self->source);
}

static PyObject *Article_repr(ArticleObject *self)
{
    return PyUnicode_FromFormat("<bulletin_search.Article id=%S issue_date=%R page=%S headline=%R>",
                                self->id, self->issue_date, self->page, self->headline);
}

#define MEMBER(name, doc) { #name, T_OBJECT, offsetof(ArticleObject, name), READONLY, doc },
static PyMemberDef Article_members[] = {
    MEMBER(id, "The archive id (int).")
    MEMBER(key, "The stable identity (str): given when added, else 'DATE/pPAGE/POSITION'\n"
                "or 'SOURCE#POSITION'.  Adding an article with the same key replaces it.")
    MEMBER(issue_date, "The issue date (datetime.date), or None when unknown.")
    MEMBER(page, "The page number from 1 (int); 0 when unknown.")
    MEMBER(position, "The order on the page from 1 (int); 0 when unknown.")
    MEMBER(kind, "'news', 'commentary', 'advertisement', 'continuation' or 'other'.")
    MEMBER(headline, "The headline (str; '' when none).")
    MEMBER(subtitle, "The deck or subtitle (str; '' when none).")
    MEMBER(byline, "The byline as printed, e.g. '本报讯（记者 张晶）' (str).")
    MEMBER(author, "The people the byline names, '、'-separated (str).")
    MEMBER(body, "The text; paragraphs separated by a single newline (str).")
    MEMBER(source, "The file the article was indexed from (str; '' when added directly).")
    { NULL }
};
#undef MEMBER

static PyGetSetDef Article_getset[] = {
    { "authors", (getter)Article_get_authors, NULL,
      "The people the byline names, as a tuple of str (author split on '、').", NULL },
    { NULL }
};

static PyMethodDef Article_methods[] = {
    { "as_dict", (PyCFunction)Article_as_dict, METH_NOARGS,
      "as_dict($self, /)\n--\n\n"
      "The article as a dict with the keys of the CLI's `show --json`\n"
      "(issue_date stays a datetime.date)." },
    { NULL }
};

PyTypeObject ArticleType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bulletin_search.Article",
    .tp_basicsize = sizeof(ArticleObject),
    .tp_dealloc = (destructor)Article_dealloc,
    .tp_repr = (reprfunc)Article_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "One stored article, as Archive.get() returns it: a read-only copy,\n"
              "valid after the archive is closed.  Change an article with\n"
              "Archive.update().  Not instantiable.",
    .tp_members = Article_members,
    .tp_getset = Article_getset,
    .tp_methods = Article_methods,
};

/* ------------------------------------------------ keyword arguments in */

static int set_text(const char **field, PyObject *value, const char *what)
{
    bool ok;
    const char *s = str_arg(value, what, &ok);
    if (!ok)
        return -1;
    *field = s;
    return 0;
}

static int set_int(int *field, PyObject *value, const char *what)
{
    long v;
    if (int_arg(value, what, 1000000, &v) < 0)
        return -1;
    *field = (int)v;
    return 0;
}

static int set_kind(bulletin_kind *field, PyObject *value)
{
    bool ok;
    const char *s = str_arg(value, "kind", &ok);
    if (!ok)
        return -1;
    if (!s) {
        *field = BULLETIN_KIND_NEWS;
        return 0;
    }
    bulletin_status st = bulletin_kind_from_string(field, s);
    if (st) {
        errors_raise_last(st, NULL);
        return -1;
    }
    return 0;
}

/* authors=["张晶", "李明"] is stored as "张晶、李明". */
static int set_authors(article_input *in, PyObject *value)
{
    if (value == Py_None) {
        in->article.author = NULL;
        return 0;
    }
    if (PyUnicode_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "authors must be a sequence of str; use author= "
                        "for one str");
        return -1;
    }
    PyObject *sep = PyUnicode_FromString(AUTHOR_SEPARATOR);
    PyObject *joined = sep ? PyUnicode_Join(sep, value) : NULL;
    Py_XDECREF(sep);
    if (!joined)
        return -1;
    in->authors_joined = joined;
    return set_text(&in->article.author, joined, "authors");
}

static void copy_base(bulletin_article *art, const bulletin_article *base)
{
    if (base) {
        *art = *base;
        art->id = 0;
    } else {
        bulletin_article init = BULLETIN_ARTICLE_INIT;
        *art = init;
    }
}

int article_input_parse(article_input *in, PyObject *args, PyObject *kwargs,
                        const bulletin_article *base, bool allow_key, const char *fname)
{
    static char *names[] = { "body", "headline", "subtitle", "byline", "author", "authors",
                             "issue_date", "page", "position", "kind", "key", "source",
                             NULL };
    PyObject *body = NULL, *headline = NULL, *subtitle = NULL, *byline = NULL,
             *author = NULL, *authors = NULL, *date = NULL, *page = NULL, *position = NULL,
             *kind = NULL, *key = NULL, *source = NULL;
    char format[40];
    PyOS_snprintf(format, sizeof format, "|$OOOOOOOOOOOO:%s", fname);
    memset(in, 0, sizeof *in);
    copy_base(&in->article, base);
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, format, names, &body, &headline,
                                     &subtitle, &byline, &author, &authors, &date, &page,
                                     &position, &kind, &key, &source))
        return -1;
    bulletin_article *a = &in->article;
    if (!base && (!body || body == Py_None)) {
        PyErr_Format(PyExc_TypeError, "%s() needs body= (a str)", fname);
        return -1;
    }
    if (key && !allow_key) {
        PyErr_Format(PyExc_TypeError, "%s() cannot change an article's key; add() the "
                     "article under the new key and delete() the old one", fname);
        return -1;
    }
    if (author && authors) {
        PyErr_Format(PyExc_TypeError, "%s() takes author= or authors=, not both", fname);
        return -1;
    }
    if (body && body == Py_None) {
        PyErr_Format(PyExc_TypeError, "%s(): body cannot be None", fname);
        return -1;
    }
    if ((body && set_text(&a->body, body, "body") < 0) ||
        (headline && set_text(&a->headline, headline, "headline") < 0) ||
        (subtitle && set_text(&a->subtitle, subtitle, "subtitle") < 0) ||
        (byline && set_text(&a->byline, byline, "byline") < 0) ||
        (author && set_text(&a->author, author, "author") < 0) ||
        (authors && set_authors(in, authors) < 0) ||
        (key && set_text(&a->key, key, "key") < 0) ||
        (source && set_text(&a->source, source, "source") < 0) ||
        (page && set_int(&a->page, page, "page") < 0) ||
        (position && set_int(&a->position, position, "position") < 0) ||
        (kind && set_kind(&a->kind, kind) < 0))
        return -1;
    if (date) {
        if (date_from_py(date, in->issue_date, "issue_date") < 0)
            return -1;
        a->issue_date = in->issue_date[0] ? in->issue_date : NULL;
    }
    return 0;
}

void article_input_clear(article_input *in)
{
    Py_CLEAR(in->authors_joined);
}
