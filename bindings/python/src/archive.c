/* archive.c - bulletin_search.Archive: one open archive file.
 *
 * Threads.  Every library call runs with the GIL released.  The C handle
 * serialises calls on it with its own mutex, so one Archive may be shared
 * by the threads of a web server: their calls run one at a time, while
 * other Python code keeps running.  Closing needs care: close() from one
 * thread while another is inside a call must not free the handle under
 * it.  `busy` counts calls in flight (changed only with the GIL held);
 * close() with calls in flight marks the archive closed at once and the
 * last call to return closes the handle.
 *
 * Processes.  An SQLite connection must not be used on both sides of a
 * fork(), so an Archive remembers the process that opened it and refuses
 * to work in another (a pre-forking server must open archives in each
 * worker).  A reader sees what a writer process has committed from its
 * next call on (SQLite WAL). */
#include "module.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct ArchiveObject {
    PyObject_HEAD
    bulletin_archive *handle;  /* NULL when never opened or closed */
    PyObject *path;            /* str or bytes, as given */
    bool readonly;
    bool closing;              /* close() was called */
    int busy;                  /* calls running without the GIL */
    pid_t pid;                 /* the process that opened it */
    PyObject *weakrefs;
} ArchiveObject;

/* ---------------------------------------------------------------- lifetime */

static void close_handle(ArchiveObject *self)
{
    bulletin_archive *h = self->handle;
    self->handle = NULL;
    if (!h)
        return;
    if (self->pid != getpid())
        return;  /* inherited across fork: the parent still uses it */
    Py_BEGIN_ALLOW_THREADS
    bulletin_archive_close(h);
    Py_END_ALLOW_THREADS
}

/* Begin a call: the handle, or NULL with ArchiveError set. */
static bulletin_archive *acquire(ArchiveObject *self)
{
    if (!self->handle || self->closing) {
        errors_raise_archive("the archive is closed");
        return NULL;
    }
    if (self->pid != getpid()) {
        errors_raise_archive("this Archive was opened in another process; open the "
                             "archive again after fork()");
        return NULL;
    }
    self->busy++;
    return self->handle;
}

/* End a call begun with acquire(). */
static void release(ArchiveObject *self)
{
    if (--self->busy == 0 && self->closing)
        close_handle(self);
}

static int Archive_init(ArchiveObject *self, PyObject *args, PyObject *kwargs)
{
    static char *names[] = { "path", "readonly", "create", NULL };
    PyObject *path_obj, *fs_path = NULL;
    int readonly = 0, create = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|$pp:Archive", names, &path_obj,
                                     &readonly, &create))
        return -1;
    if (self->handle || self->closing) {
        PyErr_SetString(PyExc_RuntimeError, "Archive.__init__ called twice");
        return -1;
    }
    if (!PyUnicode_FSConverter(path_obj, &fs_path))
        return -1;
    unsigned flags = readonly ? BULLETIN_OPEN_READONLY : create ? BULLETIN_OPEN_CREATE : 0;
    const char *path = PyBytes_AS_STRING(fs_path);
    bulletin_archive *h = NULL;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_open(&h, path, flags);
    Py_END_ALLOW_THREADS
    if (st) {
        errors_raise_last(st, NULL);
        Py_DECREF(fs_path);
        return -1;
    }
    Py_DECREF(fs_path);
    self->handle = h;
    self->readonly = readonly;
    self->pid = getpid();
    self->path = PyOS_FSPath(path_obj);
    return self->path ? 0 : -1;
}

static void Archive_dealloc(ArchiveObject *self)
{
    if (self->weakrefs)
        PyObject_ClearWeakRefs((PyObject *)self);
    close_handle(self);  /* no call can be in flight: each holds a reference */
    Py_XDECREF(self->path);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Archive_close(ArchiveObject *self, PyObject *unused)
{
    self->closing = true;
    if (self->busy == 0)
        close_handle(self);
    Py_RETURN_NONE;
}

static PyObject *Archive_enter(ArchiveObject *self, PyObject *unused)
{
    if (!self->handle || self->closing)
        return errors_raise_archive("the archive is closed");
    return Py_NewRef(self);
}

static PyObject *Archive_exit(ArchiveObject *self, PyObject *args)
{
    return Archive_close(self, NULL);
}

/* ---------------------------------------------------------------- search */

/* The query's UTF-8, or NULL with QueryError for a NUL character (the
 * library takes NUL-terminated strings; a NUL would cut the query). */
static const char *query_utf8(PyObject *query)
{
    Py_ssize_t n;
    const char *q = PyUnicode_AsUTF8AndSize(query, &n);
    if (q && (size_t)n != strlen(q)) {
        Py_ssize_t at = PyUnicode_FindChar(query, 0, 0, PyUnicode_GET_LENGTH(query), 1);
        errors_raise_query_at("the query contains a NUL character", at);
        return NULL;
    }
    return q;
}

static PyObject *Archive_search(ArchiveObject *self, PyObject *args, PyObject *kwargs)
{
    bulletin_search_options opts = BULLETIN_SEARCH_OPTIONS_INIT;
    PyObject *query_obj;
    if (search_args_parse(args, kwargs, &opts, &query_obj) < 0)
        return NULL;
    const char *query = query_utf8(query_obj);
    if (!query)
        return NULL;
    bulletin_archive *h = acquire(self);
    if (!h)
        return NULL;
    bulletin_results *results = NULL;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_search(&results, h, query, &opts);
    Py_END_ALLOW_THREADS
    PyObject *out = st ? errors_raise_last(st, query) : results_new(results, query_obj, &opts);
    release(self);
    return out;
}

/* ---------------------------------------------------------------- index */

/* The errors of the files an index call skipped, gathered in C while the
 * GIL is released and turned into exceptions afterwards. */
typedef struct file_errors {
    captured_error *items;
    size_t count, cap;
    bool nomem;
} file_errors;

static void on_file(void *ctx, bulletin_status status, const bulletin_file_report *report,
                    const bulletin_error *error)
{
    file_errors *fe = ctx;
    if (status == BULLETIN_OK || !error)
        return;
    if (fe->count == fe->cap) {
        size_t cap = fe->cap ? fe->cap * 2 : 8;
        captured_error *items = realloc(fe->items, cap * sizeof *items);
        if (!items) {
            fe->nomem = true;
            return;
        }
        fe->items = items;
        fe->cap = cap;
    }
    captured_error *e = &fe->items[fe->count++];
    if (!captured_error_copy(e, error))
        fe->nomem = true;
    e->status = status;
}

static void file_errors_free(file_errors *fe)
{
    for (size_t i = 0; i < fe->count; i++)
        captured_error_clear(&fe->items[i]);
    free(fe->items);
}

static PyObject *file_errors_to_py(const file_errors *fe)
{
    if (fe->nomem)
        return PyErr_NoMemory();
    PyObject *tuple = PyTuple_New((Py_ssize_t)fe->count);
    for (size_t i = 0; tuple && i < fe->count; i++) {
        PyObject *exc = errors_instance(&fe->items[i], NULL);
        if (!exc)
            Py_CLEAR(tuple);
        else
            PyTuple_SET_ITEM(tuple, (Py_ssize_t)i, exc);
    }
    return tuple;
}

/* Whether the one thing index() was given, a file or a missing path,
 * failed: then the call failed, rather than one file of a folder. */
static bool failed_on_its_own_path(const file_errors *fe, const bulletin_index_stats *stats,
                                   const char *path)
{
    return stats->files == 0 && fe->count == 1 && !fe->nomem && fe->items[0].path &&
           !strcmp(fe->items[0].path, path);
}

typedef struct index_args {
    PyObject *path;      /* bytes, owned */
    PyObject *encoding;  /* str or None, borrowed */
    char issue_date[11];
    bulletin_index_options opts;
} index_args;

static int index_args_parse(index_args *ia, PyObject *args, PyObject *kwargs)
{
    static char *names[] = { "path", "issue_date", "page", "encoding", "threads", NULL };
    PyObject *path = NULL, *date = Py_None, *page = Py_None, *encoding = Py_None;
    int threads = 2;
    bulletin_index_options init = BULLETIN_INDEX_OPTIONS_INIT;
    ia->opts = init;
    ia->path = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|OOO$i:index", names, &path, &date,
                                     &page, &encoding, &threads))
        return -1;
    if (threads != 1 && threads != 2) {
        PyErr_Format(PyExc_ValueError, "threads is 1 or 2, not %d", threads);
        return -1;
    }
    ia->opts.threads = threads == 1 ? 1 : 0;
    if (date_from_py(date, ia->issue_date, "issue_date") < 0)
        return -1;
    ia->opts.issue_date = ia->issue_date[0] ? ia->issue_date : NULL;
    long page_no = 0;
    if (page != Py_None && int_arg(page, "page", 9999, &page_no) < 0)
        return -1;
    if (page != Py_None && page_no == 0) {
        PyErr_SetString(PyExc_ValueError, "page numbers start at 1");
        return -1;
    }
    ia->opts.page = (int)page_no;
    bool ok;
    ia->opts.encoding = str_arg(encoding, "encoding", &ok);
    if (!ok)
        return -1;
    return PyUnicode_FSConverter(path, &ia->path) ? 0 : -1;
}

static PyObject *Archive_index(ArchiveObject *self, PyObject *args, PyObject *kwargs)
{
    index_args ia;
    if (index_args_parse(&ia, args, kwargs) < 0) {
        Py_XDECREF(ia.path);
        return NULL;
    }
    bulletin_archive *h = acquire(self);
    if (!h) {
        Py_DECREF(ia.path);
        return NULL;
    }
    file_errors fe = { NULL, 0, 0, false };
    ia.opts.on_file = on_file;
    ia.opts.ctx = &fe;
    bulletin_index_stats stats = { 0 };
    const char *path = PyBytes_AS_STRING(ia.path);
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_index(h, path, &ia.opts, &stats);
    Py_END_ALLOW_THREADS
    PyObject *out;
    if (st && stats.files_failed == 0) {  /* not a file's error: the call failed */
        out = errors_raise_last(st, NULL);
    } else if (failed_on_its_own_path(&fe, &stats, path)) {
        /* index("x.xml") on a bad or missing file: raise, as open() would. */
        out = errors_instance(&fe.items[0], NULL);
        if (out) {
            PyErr_SetObject((PyObject *)Py_TYPE(out), out);
            Py_CLEAR(out);
        }
    } else {
        PyObject *errors = file_errors_to_py(&fe);
        out = errors ? index_stats_to_py(&stats, errors) : NULL;
    }
    file_errors_free(&fe);
    release(self);
    Py_DECREF(ia.path);
    return out;
}

/* ---------------------------------------------------------------- articles */

static bool id_arg(PyObject *arg, int64_t *id)
{
    if (!PyLong_Check(arg) || PyBool_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "an article id is an int, not %.100s",
                     Py_TYPE(arg)->tp_name);
        return false;
    }
    long long v = PyLong_AsLongLong(arg);
    if (v == -1 && PyErr_Occurred())
        return false;
    *id = v;
    return true;
}

/* Store `art`: (id, created) through the out-parameters.  -1 on error. */
static int store(ArchiveObject *self, const bulletin_article *art, int64_t *id, int *created)
{
    bulletin_archive *h = acquire(self);
    if (!h)
        return -1;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_add_article(h, art, id, created);
    Py_END_ALLOW_THREADS
    if (st)
        errors_raise_last(st, NULL);
    release(self);
    return st ? -1 : 0;
}

static PyObject *Archive_add(ArchiveObject *self, PyObject *args, PyObject *kwargs)
{
    article_input in;
    int64_t id = 0;
    int created = 0;
    int rc = article_input_parse(&in, args, kwargs, NULL, true, "add");
    if (rc == 0)
        rc = store(self, &in.article, &id, &created);
    article_input_clear(&in);
    return rc ? NULL : PyLong_FromLongLong(id);
}

/* Read article `id` (the caller frees it); NULL with an exception set. */
static bulletin_article *fetch(ArchiveObject *self, int64_t id)
{
    bulletin_archive *h = acquire(self);
    if (!h)
        return NULL;
    bulletin_article *art = NULL;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_get_article(&art, h, id);
    Py_END_ALLOW_THREADS
    if (st)
        errors_raise_last(st, NULL);
    release(self);
    return art;
}

static PyObject *Archive_get(ArchiveObject *self, PyObject *arg)
{
    int64_t id;
    if (!id_arg(arg, &id))
        return NULL;
    bulletin_article *art = fetch(self, id);
    if (!art)
        return NULL;
    PyObject *out = article_to_py(art);
    bulletin_article_free(art);
    return out;
}

static PyObject *tags_to_py(const bulletin_article_tags *t)
{
    PyObject *districts = tag_names_to_py(t->districts, t->district_count);
    PyObject *primary = t->primary_district[0] ? text_to_str(t->primary_district)
                                               : Py_NewRef(Py_None);
    PyObject *topics = topics_to_py(t->topics, t->topic_count);
    PyObject *events = event_dates_to_py(t->event_dates, t->event_date_count);
    PyObject *out = districts && primary && topics && events
                        ? Py_BuildValue("{sOsOsOsO}", "districts", districts,
                                        "primary_district", primary, "topics", topics,
                                        "event_dates", events)
                        : NULL;
    Py_XDECREF(districts);
    Py_XDECREF(primary);
    Py_XDECREF(topics);
    Py_XDECREF(events);
    return out;
}

static PyObject *Archive_tags(ArchiveObject *self, PyObject *arg)
{
    int64_t id;
    if (!id_arg(arg, &id))
        return NULL;
    bulletin_archive *h = acquire(self);
    if (!h)
        return NULL;
    bulletin_article_tags *tags = NULL;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_get_tags(&tags, h, id);
    Py_END_ALLOW_THREADS
    release(self);
    if (st)
        return errors_raise_last(st, NULL);
    PyObject *out = tags_to_py(tags);
    bulletin_article_tags_free(tags);
    return out;
}

static int remove_article(ArchiveObject *self, int64_t id)
{
    bulletin_archive *h = acquire(self);
    if (!h)
        return -1;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_delete_article(h, id);
    Py_END_ALLOW_THREADS
    if (st)
        errors_raise_last(st, NULL);
    release(self);
    return st ? -1 : 0;
}

static PyObject *Archive_delete(ArchiveObject *self, PyObject *arg)
{
    int64_t id;
    if (!id_arg(arg, &id) || remove_article(self, id) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* update(id, **fields): the stored article with the given fields
 * replaced, stored again under its key, so it keeps its id. */
static PyObject *Archive_update(ArchiveObject *self, PyObject *args, PyObject *kwargs)
{
    if (PyTuple_GET_SIZE(args) != 1)
        return PyErr_Format(PyExc_TypeError, "update() takes the article id, then fields "
                            "as keywords (%zd positional arguments given)",
                            PyTuple_GET_SIZE(args));
    int64_t id, new_id = 0;
    if (!id_arg(PyTuple_GET_ITEM(args, 0), &id))
        return NULL;
    bulletin_article *old = fetch(self, id);
    if (!old)
        return NULL;
    PyObject *empty = PyTuple_New(0);
    article_input in;
    int rc = empty ? article_input_parse(&in, empty, kwargs, old, false, "update") : -1;
    if (rc == 0)
        rc = store(self, &in.article, &new_id, NULL);
    if (rc == 0 && new_id != id) {
        /* Deleted by another thread or process between the read and the
         * write: the article was stored anew, which update must not do. */
        remove_article(self, new_id);
        PyErr_Clear();
        errors_raise_status(BULLETIN_ERROR_NOT_FOUND,
                            "the article was deleted while it was being updated");
        rc = -1;
    }
    if (empty)
        article_input_clear(&in);
    Py_XDECREF(empty);
    bulletin_article_free(old);
    return rc ? NULL : Py_NewRef(Py_None);
}

/* ---------------------------------------------------------------- stats */

static PyObject *Archive_stats(ArchiveObject *self, PyObject *unused)
{
    bulletin_archive *h = acquire(self);
    if (!h)
        return NULL;
    bulletin_archive_stats s;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_stats_get(&s, h);
    Py_END_ALLOW_THREADS
    PyObject *out = st ? errors_raise_last(st, NULL) : archive_stats_to_py(&s);
    release(self);
    return out;
}

/* ---------------------------------------------------------------- retag */

/* retag(*, gazetteer=None, taxonomy=None, builtin=False) -> dict of counts */
static PyObject *Archive_retag(ArchiveObject *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = { "gazetteer", "taxonomy", "builtin", NULL };
    PyObject *gazetteer = Py_None, *taxonomy = Py_None;
    int builtin = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|$OOp:retag", keywords, &gazetteer,
                                     &taxonomy, &builtin))
        return NULL;
    /* Paths as str or os.PathLike, encoded as the file system wants. */
    PyObject *g = NULL, *t = NULL;
    if ((gazetteer != Py_None && !PyUnicode_FSConverter(gazetteer, &g)) ||
        (taxonomy != Py_None && !PyUnicode_FSConverter(taxonomy, &t))) {
        Py_XDECREF(g);
        return NULL;
    }
    bulletin_retag_options opts = BULLETIN_RETAG_OPTIONS_INIT;
    opts.gazetteer = g ? PyBytes_AS_STRING(g) : NULL;
    opts.taxonomy = t ? PyBytes_AS_STRING(t) : NULL;
    opts.builtin = builtin;
    PyObject *out = NULL;
    bulletin_archive *h = acquire(self);
    if (h) {
        bulletin_retag_stats rs;
        bulletin_status st;
        Py_BEGIN_ALLOW_THREADS
        st = bulletin_archive_retag(h, &opts, &rs);
        Py_END_ALLOW_THREADS
        out = st ? errors_raise_last(st, NULL)
                 : Py_BuildValue("{s:n,s:n,s:n,s:n}", "articles", (Py_ssize_t)rs.articles,
                                 "districts", (Py_ssize_t)rs.districts, "topics",
                                 (Py_ssize_t)rs.topics, "events", (Py_ssize_t)rs.events);
        release(self);
    }
    Py_XDECREF(g);
    Py_XDECREF(t);
    return out;
}

/* ---------------------------------------------------------------- maintenance */

/* backup(dest): dest as str or os.PathLike, encoded as the file system
 * wants (as index() takes its path). */
static PyObject *Archive_backup(ArchiveObject *self, PyObject *arg)
{
    PyObject *dest_obj = NULL;
    if (!PyUnicode_FSConverter(arg, &dest_obj))
        return NULL;
    bulletin_archive *h = acquire(self);
    if (!h) {
        Py_DECREF(dest_obj);
        return NULL;
    }
    const char *dest = PyBytes_AS_STRING(dest_obj);
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_backup(h, dest);
    Py_END_ALLOW_THREADS
    PyObject *out = st ? errors_raise_last(st, NULL) : Py_NewRef(Py_None);
    release(self);
    Py_DECREF(dest_obj);
    return out;
}

static PyObject *Archive_check(ArchiveObject *self, PyObject *unused)
{
    bulletin_archive *h = acquire(self);
    if (!h)
        return NULL;
    bulletin_check_report r;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_check(h, &r);
    Py_END_ALLOW_THREADS
    /* A damaged archive is BULLETIN_ERROR_ARCHIVE: raised, with the
     * library's message saying which part is damaged and what to do. */
    PyObject *out = st ? errors_raise_last(st, NULL) : check_report_to_py(&r);
    release(self);
    return out;
}

static PyObject *Archive_optimize(ArchiveObject *self, PyObject *unused)
{
    bulletin_archive *h = acquire(self);
    if (!h)
        return NULL;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_archive_optimize(h);
    Py_END_ALLOW_THREADS
    PyObject *out = st ? errors_raise_last(st, NULL) : Py_NewRef(Py_None);
    release(self);
    return out;
}

/* ---------------------------------------------------------------- type */

static PyObject *Archive_get_closed(ArchiveObject *self, void *closure)
{
    return PyBool_FromLong(!self->handle || self->closing);
}

static PyObject *Archive_get_path(ArchiveObject *self, void *closure)
{
    return self->path ? Py_NewRef(self->path) : Py_NewRef(Py_None);
}

static PyObject *Archive_get_readonly(ArchiveObject *self, void *closure)
{
    return PyBool_FromLong(self->readonly);
}

static PyObject *Archive_repr(ArchiveObject *self)
{
    return PyUnicode_FromFormat("<bulletin_search.Archive path=%R%s%s>",
                                self->path ? self->path : Py_None,
                                self->readonly ? " readonly" : "",
                                !self->handle || self->closing ? " closed" : "");
}

static PyMethodDef Archive_methods[] = {
    { "search", (PyCFunction)(void (*)(void))Archive_search, METH_VARARGS | METH_KEYWORDS,
      "search($self, query, limit=20, offset=0, **filters)\n--\n\n"
      "Search the archive; returns Results (total, and up to `limit` Hit objects,\n"
      "best first, after skipping `offset`).\n\n"
      "The query language: words separated by spaces must all match; \"a phrase\"\n"
      "(or “a phrase”) matches adjacent words in order; a OR b; -word leaves\n"
      "out articles with the word; parentheses group.  A word matches inside\n"
      "longer words and in either script (學習 finds 学习).\n\n"
      "Keyword filters: limit (1..1000), offset, snippet_chars (about how many\n"
      "characters a snippet has; default 60).  An unknown keyword is a\n"
      "TypeError.\n\n"
      "A query with more than 2,000 matches is ranked among its newest 2,000\n"
      "and its total estimated (Results.total_exact is False); rank_window=N\n"
      "ranks the newest N instead, exact=True ranks and counts every match,\n"
      "facets=True counts every match.\n\n"
      "Raises QueryError (with .position, a character index into the query)\n"
      "for a malformed query.  Releases the GIL while the library searches." },
    { "index", (PyCFunction)(void (*)(void))Archive_index, METH_VARARGS | METH_KEYWORDS,
      "index($self, path, issue_date=None, page=None, encoding=None, *, threads=2)\n--\n\n"
      "Index a file, or every file under a folder (recursively, in name order):\n"
      ".xml files as bulletin XML, others as page text.  issue_date\n"
      "(datetime.date or 'YYYY-MM-DD') and page apply to files that carry\n"
      "neither in their content nor in their name; encoding (an ICU name such\n"
      "as 'GB18030') forces the input encoding.  threads=2 tokenizes text on\n"
      "a helper thread meanwhile (the same index, faster on two cores);\n"
      "threads=1 keeps all the work on the calling thread.\n\n"
      "Returns IndexStats.  Each file is stored in one transaction.  In a\n"
      "folder, a bad file is skipped, the archive left as it was, and its\n"
      "error (InputError, FileError...) is in IndexStats.errors; the rest are\n"
      "indexed.  Raises when the call as a whole fails: the path given is\n"
      "missing or is a single file that cannot be indexed (its error:\n"
      "FileError, InputError), ReadOnlyError, InvalidArgumentError for a\n"
      "malformed date.  Releases the GIL while indexing." },
    { "add", (PyCFunction)(void (*)(void))Archive_add, METH_VARARGS | METH_KEYWORDS,
      "add($self, *, body, headline=None, subtitle=None, byline=None, author=None,\n"
      "    authors=None, issue_date=None, page=0, position=0, kind='news', key=None,\n"
      "    source=None)\n--\n\n"
      "Store one article and return its id (int).\n\n"
      "Identity: `key` when given, else 'ISSUE_DATE/pPAGE/POSITION' when the\n"
      "date and page are known, else 'SOURCE#POSITION'.  Adding an article\n"
      "whose key exists replaces it and keeps its id.  authors is a sequence\n"
      "of names (stored '、'-separated, as `author`).  issue_date is a\n"
      "datetime.date or 'YYYY-MM-DD'.  Releases the GIL." },
    { "update", (PyCFunction)(void (*)(void))Archive_update, METH_VARARGS | METH_KEYWORDS,
      "update($self, id, /, **fields)\n--\n\n"
      "Change the given fields of article `id` (the fields of add(), except\n"
      "key); the others keep their stored values, the id stays.  Raises\n"
      "NotFoundError when there is no such article." },
    { "get", (PyCFunction)Archive_get, METH_O,
      "get($self, id, /)\n--\n\n"
      "The article with this id, as an Article.  Raises NotFoundError." },
    { "tags", (PyCFunction)Archive_tags, METH_O,
      "tags($self, id, /)\n--\n\n"
      "The districts, topics and event dates of the article with this id, as\n"
      "search hits have them: a dict with 'districts' (its own first),\n"
      "'primary_district' (or None), 'topics' ([{'name', 'score'}]) and\n"
      "'event_dates' ([{'from', 'to'}]).  Raises NotFoundError." },
    { "delete", (PyCFunction)Archive_delete, METH_O,
      "delete($self, id, /)\n--\n\n"
      "Remove the article with this id.  Raises NotFoundError." },
    { "stats", (PyCFunction)Archive_stats, METH_NOARGS,
      "stats($self, /)\n--\n\n"
      "Summary figures: an ArchiveStats named tuple (articles, issues, sources,\n"
      "first_date, last_date, file_bytes, schema_version)." },
    { "retag", (PyCFunction)(void (*)(void))Archive_retag, METH_VARARGS | METH_KEYWORDS,
      "retag($self, /, *, gazetteer=None, taxonomy=None, builtin=False)\n--\n\n"
      "Tag every article again (districts, topics, event dates) without\n"
      "re-indexing its text, as `bulletin-search retag`.  A gazetteer or\n"
      "taxonomy file given is checked, stored in the archive and used from\n"
      "now on; builtin=True goes back to the built-in data.  Returns a dict\n"
      "of counts: articles, districts, topics, events.  Raises InputError\n"
      "for a malformed file (the archive is left as it was)." },
    { "backup", (PyCFunction)Archive_backup, METH_O,
      "backup($self, dest, /)\n--\n\n"
      "Write a consistent copy of the archive to the file `dest` (str or\n"
      "os.PathLike), as `bulletin-search backup`: a snapshot of the archive as\n"
      "it was when the call began, while other threads and processes go on\n"
      "searching and indexing.  The copy is one self-contained file (no -wal\n"
      "or -shm beside it) that opens with readonly=True, on read-only media\n"
      "too.  It is written beside `dest` and renamed over it when complete, so\n"
      "an existing `dest` is replaced and never seen half-written.  Works on\n"
      "an Archive opened read-only.  Returns None.\n\n"
      "Raises InvalidArgumentError when `dest` is the archive itself or empty,\n"
      "FileError (.path is `dest`) when the copy cannot be written (folder\n"
      "missing or read-only, disk full; nothing is left behind), BusyError,\n"
      "ArchiveError for a damaged archive.  Releases the GIL while copying." },
    { "check", (PyCFunction)Archive_check, METH_NOARGS,
      "check($self, /)\n--\n\n"
      "Run the integrity checks, as `bulletin-search check`: SQLite's check of\n"
      "the whole database file, FTS5's check of the search index against the\n"
      "articles, and a count of indexed against stored articles.  Returns a\n"
      "CheckReport (articles, indexed, database_ok, index_ok) when the archive\n"
      "is sound.\n\n"
      "Raises ArchiveError when the archive is damaged, its message saying\n"
      "which part (the database file, or the search index) and what to do;\n"
      "ReadOnlyError on an Archive opened read-only (FTS5's check is a write\n"
      "statement, although it changes nothing); BusyError.  Releases the GIL\n"
      "while checking." },
    { "optimize", (PyCFunction)Archive_optimize, METH_NOARGS,
      "optimize($self, /)\n--\n\n"
      "Merge the search index into one segment, as `bulletin-search optimize`:\n"
      "after a large import, when indexing has left it in several segments that\n"
      "every search reads.  Rewrites the whole index in one transaction (a\n"
      "failure leaves it as it was) and needs free disk space for a second copy\n"
      "of it meanwhile.  Returns None.\n\n"
      "Raises ReadOnlyError on an Archive opened read-only; BusyError; FileError\n"
      "(disk full).  Releases the GIL while merging." },
    { "close", (PyCFunction)Archive_close, METH_NOARGS,
      "close($self, /)\n--\n\n"
      "Close the archive.  Idempotent.  Calls other threads are making finish\n"
      "first (the file is closed when the last returns); new calls raise\n"
      "ArchiveError.  Results and Articles already read stay valid." },
    { "__enter__", (PyCFunction)Archive_enter, METH_NOARGS,
      "__enter__($self, /)\n--\n\nReturn the archive itself." },
    { "__exit__", (PyCFunction)Archive_exit, METH_VARARGS,
      "__exit__($self, exc_type, exc_value, traceback, /)\n--\n\nClose the archive." },
    { NULL }
};

static PyGetSetDef Archive_getset[] = {
    { "path", (getter)Archive_get_path, NULL, "The archive file's path, as given.", NULL },
    { "readonly", (getter)Archive_get_readonly, NULL, "True when opened read-only.", NULL },
    { "closed", (getter)Archive_get_closed, NULL, "True once close() was called.", NULL },
    { NULL }
};

PyTypeObject ArchiveType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "bulletin_search.Archive",
    .tp_basicsize = sizeof(ArchiveObject),
    .tp_dealloc = (destructor)Archive_dealloc,
    .tp_repr = (reprfunc)Archive_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc =
        "Archive(path, *, readonly=False, create=True)\n--\n\n"
        "An archive of bulletin articles: one SQLite file.  Opened (created when\n"
        "missing, unless create=False or readonly=True) by the constructor;\n"
        "a context manager that closes it.\n\n"
        "Threads: one Archive may be shared by all the threads of a process.\n"
        "The library runs one call at a time on it (an internal mutex) with\n"
        "the GIL released, so other Python threads run meanwhile; for searches\n"
        "in parallel, open one Archive per thread (readers do not block each\n"
        "other or a writer).  Processes: each process opens its own Archive\n"
        "(an Archive refuses to work after fork()); a reader sees what another\n"
        "process committed from its next call on.\n\n"
        "Raises FileError (cannot open or create), ArchiveError (not an\n"
        "archive), VersionError, BusyError.",
    .tp_weaklistoffset = offsetof(ArchiveObject, weakrefs),
    .tp_methods = Archive_methods,
    .tp_getset = Archive_getset,
    .tp_init = (initproc)Archive_init,
    .tp_new = PyType_GenericNew,
};
