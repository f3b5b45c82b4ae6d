/* errors.c - every bulletin_status becomes a Python exception.
 *
 * One class per status, all under bulletin_search.Error, each also
 * deriving from the built-in exception a Python programmer would catch
 * for it (ValueError for a bad query, OSError for an unreadable file,
 * LookupError for a missing article, MemoryError).  The table is indexed
 * by status and checked at compile time, so a status added to the
 * library cannot go unmapped. */
#include "module.h"

#include <stdlib.h>
#include <string.h>

static PyObject *error_base;
static PyObject *status_classes[BULLETIN_STATUS_LAST];

typedef struct error_class {
    bulletin_status status;  /* BULLETIN_OK: not a status, a parent class */
    const char *name;        /* "bulletin_search.X" */
    const char *parent;      /* an earlier entry's name, or NULL: Error */
    PyObject **builtin;      /* a built-in base, or NULL */
    const char *doc;
} error_class;

_Static_assert(BULLETIN_STATUS_LAST == 13,
               "a bulletin_status was added: map it to an exception in errors.c");

static const error_class classes[] = {
    { BULLETIN_ERROR_ARCHIVE, "ArchiveError", NULL, NULL,
      "The file is not a bulletin archive, or it is damaged, or the archive\n"
      "cannot be used as asked (closed, read-only, locked, wrong version)." },
    { BULLETIN_ERROR_VERSION, "VersionError", "ArchiveError", NULL,
      "The archive was written by an incompatible version of the library." },
    { BULLETIN_ERROR_BUSY, "BusyError", "ArchiveError", NULL,
      "Another process held the archive locked longer than the busy timeout\n"
      "(10 s).  Retrying later may succeed." },
    { BULLETIN_ERROR_READONLY, "ReadOnlyError", "ArchiveError", NULL,
      "The archive was opened read-only and the call would write to it." },
    { BULLETIN_ERROR_QUERY, "QueryError", NULL, &PyExc_ValueError,
      "A search query could not be parsed.  `position` is the index of the\n"
      "character in the query where the problem was found." },
    { BULLETIN_ERROR_INPUT, "InputError", NULL, NULL,
      "An input file is malformed (undecodable bytes, invalid or unschematic\n"
      "XML).  `path`, `line` and `offset` (bytes) say where, when known." },
    { BULLETIN_ERROR_IO, "FileError", NULL, &PyExc_OSError,
      "A file or folder could not be read or written.  `path` names it." },
    { BULLETIN_ERROR_NOT_FOUND, "NotFoundError", NULL, &PyExc_LookupError,
      "The requested article does not exist." },
    { BULLETIN_ERROR_INVALID_ARGUMENT, "InvalidArgumentError", NULL, &PyExc_ValueError,
      "A value passed to the library is invalid (a malformed date, an\n"
      "unknown article kind, a limit above 1000)." },
    { BULLETIN_ERROR_DEPENDENCY, "DependencyError", NULL, NULL,
      "ICU or OpenCC data is missing or unusable." },
    { BULLETIN_ERROR_NOMEM, "OutOfMemoryError", NULL, &PyExc_MemoryError,
      "The library could not allocate memory." },
    { BULLETIN_ERROR_INTERNAL, "InternalError", NULL, NULL,
      "A bug in libbulletin; the message says where." },
};

static PyObject *class_named(PyObject *module, const char *name)
{
    return PyObject_GetAttrString(module, name);
}

/* Create one class with its bases and class-level attribute defaults. */
static PyObject *make_class(PyObject *module, const error_class *c)
{
    char qualified[80];
    PyOS_snprintf(qualified, sizeof qualified, "bulletin_search.%s", c->name);
    PyObject *parent = c->parent ? class_named(module, c->parent) : Py_NewRef(error_base);
    if (!parent)
        return NULL;
    PyObject *bases = c->builtin ? PyTuple_Pack(2, parent, *c->builtin)
                                 : PyTuple_Pack(1, parent);
    Py_DECREF(parent);
    if (!bases)
        return NULL;
    PyObject *dict = PyDict_New();
    PyObject *cls = NULL;
    if (dict && (c->status != BULLETIN_ERROR_QUERY ||
                 PyDict_SetItemString(dict, "position", Py_None) == 0))
        cls = PyErr_NewExceptionWithDoc(qualified, c->doc, bases, dict);
    Py_XDECREF(dict);
    Py_DECREF(bases);
    return cls;
}

static int make_base(PyObject *module)
{
    PyObject *dict = Py_BuildValue("{sOsOsOsO}", "message", Py_None, "path", Py_None,
                                   "line", Py_None, "offset", Py_None);
    if (!dict)
        return -1;
    error_base = PyErr_NewExceptionWithDoc(
        "bulletin_search.Error",
        "Base class of every error raised by bulletin_search.\n\n"
        "Attributes: `message` (a sentence for people), `path` (the file\n"
        "concerned or None), `line` (1-based, or None), `offset` (byte offset\n"
        "in the file, or None).  Catch this to handle any library failure.",
        NULL, dict);
    Py_DECREF(dict);
    if (!error_base)
        return -1;
    return PyModule_AddObjectRef(module, "Error", error_base);
}

int errors_init(PyObject *module)
{
    if (make_base(module) < 0)
        return -1;
    for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
        PyObject *cls = make_class(module, &classes[i]);
        if (!cls || PyModule_AddObjectRef(module, classes[i].name, cls) < 0) {
            Py_XDECREF(cls);
            return -1;
        }
        status_classes[classes[i].status] = cls;  /* the module keeps it alive */
        Py_DECREF(cls);
    }
    for (int s = BULLETIN_OK + 1; s < BULLETIN_STATUS_LAST; s++)
        if (!status_classes[s]) {
            PyErr_Format(PyExc_SystemError, "bulletin status %d has no exception", s);
            return -1;
        }
    return 0;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

bool captured_error_copy(captured_error *out, const bulletin_error *e)
{
    out->status = e->status;
    out->line = e->line;
    out->offset = e->offset;
    const char *msg = e->message && e->message[0] ? e->message
                                                  : bulletin_status_to_string(e->status);
    out->message = strdup(msg);
    out->path = dup_or_null(e->path);
    return out->message && (out->path || !e->path);
}

void captured_error_clear(captured_error *e)
{
    free(e->message);
    free(e->path);
    e->message = e->path = NULL;
}

static int set_long_or_none(PyObject *exc, const char *name, long v, long none)
{
    PyObject *o = v == none ? Py_NewRef(Py_None) : PyLong_FromLong(v);
    if (!o)
        return -1;
    int rc = PyObject_SetAttrString(exc, name, o);
    Py_DECREF(o);
    return rc;
}

static int set_position(PyObject *exc, const char *query, long offset)
{
    if (!query || offset < 0)
        return 0;
    size_t len = strlen(query);
    utf8_cursor c;
    utf8_cursor_init(&c, query);
    size_t pos = utf8_cursor_chars_at(&c, (size_t)offset < len ? (size_t)offset : len);
    PyObject *o = PyLong_FromSize_t(pos);
    if (!o)
        return -1;
    int rc = PyObject_SetAttrString(exc, "position", o);
    Py_DECREF(o);
    return rc;
}

PyObject *errors_instance(const captured_error *e, const char *query)
{
    bulletin_status st = e->status;
    PyObject *cls = (unsigned)st < BULLETIN_STATUS_LAST && st != BULLETIN_OK
                        ? status_classes[st] : error_base;
    PyObject *exc = PyObject_CallFunction(cls, "s", e->message);
    if (!exc)
        return NULL;
    PyObject *path = e->path ? PyUnicode_DecodeFSDefault(e->path) : Py_NewRef(Py_None);
    if (!path || PyObject_SetAttrString(exc, "path", path) < 0 ||
        PyObject_SetAttrString(exc, "message", PyTuple_GET_ITEM(
                                   ((PyBaseExceptionObject *)exc)->args, 0)) < 0 ||
        set_long_or_none(exc, "line", e->line, 0) < 0 ||
        set_long_or_none(exc, "offset", e->offset, -1) < 0 ||
        (st == BULLETIN_ERROR_QUERY && set_position(exc, query, e->offset) < 0)) {
        Py_XDECREF(path);
        Py_DECREF(exc);
        return NULL;
    }
    Py_DECREF(path);
    return exc;
}

static PyObject *raise_instance(PyObject *exc)
{
    if (exc) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

PyObject *errors_raise_last(bulletin_status status, const char *query)
{
    captured_error e;
    if (!captured_error_copy(&e, bulletin_error_last())) {
        captured_error_clear(&e);
        return PyErr_NoMemory();
    }
    if (e.status != status) {
        /* The call failed without recording why (a callback's own code
         * passed through): the status is all there is to say. */
        captured_error_clear(&e);
        e = (captured_error){ status, strdup(bulletin_status_to_string(status)), NULL, 0, -1 };
        if (!e.message)
            return PyErr_NoMemory();
    }
    PyObject *exc = errors_instance(&e, query);
    captured_error_clear(&e);
    return raise_instance(exc);
}

PyObject *errors_raise_status(bulletin_status status, const char *message)
{
    captured_error e = { status, (char *)message, NULL, 0, -1 };
    return raise_instance(errors_instance(&e, NULL));
}

PyObject *errors_raise_archive(const char *message)
{
    return errors_raise_status(BULLETIN_ERROR_ARCHIVE, message);
}

PyObject *errors_raise_query_at(const char *message, Py_ssize_t position)
{
    captured_error e = { BULLETIN_ERROR_QUERY, (char *)message, NULL, 0, -1 };
    PyObject *exc = errors_instance(&e, NULL);
    PyObject *pos = exc ? PyLong_FromSsize_t(position) : NULL;
    if (pos && PyObject_SetAttrString(exc, "position", pos) == 0) {
        Py_DECREF(pos);
        return raise_instance(exc);
    }
    Py_XDECREF(pos);
    Py_XDECREF(exc);
    return NULL;
}

/* bulletin_search._exception_for_status(n): for the tests, which check
 * that every status maps to a distinct subclass of Error. */
PyObject *errors_class_for_status(PyObject *module, PyObject *arg)
{
    long s = PyLong_AsLong(arg);
    if (s == -1 && PyErr_Occurred())
        return NULL;
    if (s <= BULLETIN_OK || s >= BULLETIN_STATUS_LAST)
        return PyErr_Format(PyExc_ValueError, "%ld is not an error status", s);
    return Py_NewRef(status_classes[s]);
}
