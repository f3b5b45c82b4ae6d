/* module.c - the bulletin_search module: types, exceptions, functions. */
#include "module.h"

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)
#define HEADER_VERSION STRINGIFY(BULLETIN_VERSION_MAJOR) "." \
    STRINGIFY(BULLETIN_VERSION_MINOR) "." STRINGIFY(BULLETIN_VERSION_MICRO)

static PyObject *library_version(PyObject *module, PyObject *unused)
{
    return PyUnicode_FromString(bulletin_version());
}

static PyMethodDef module_methods[] = {
    { "tokenize", (PyCFunction)(void (*)(void))tokenize_py, METH_VARARGS | METH_KEYWORDS,
      tokenize_doc },
    { "library_version", library_version, METH_NOARGS,
      "library_version()\n--\n\n"
      "The version of the libbulletin loaded at run time, 'MAJOR.MINOR.MICRO'\n"
      "(__version__ is the one the module was built against)." },
    { "_exception_for_status", errors_class_for_status, METH_O,
      "_exception_for_status(status, /)\n--\n\n"
      "The exception class of a library status number (for tests)." },
    { NULL }
};

static const char module_doc[] =
    "Search the back issues of Chinese trade-union bulletins.\n\n"
    "Python bindings of libbulletin: index page text and bulletin XML into an\n"
    "archive (one SQLite file), and search it with a small query language in\n"
    "either Chinese script.\n\n"
    "    import bulletin_search\n"
    "    with bulletin_search.Archive('bulletins.db') as archive:\n"
    "        archive.index('corpus')\n"
    "        results = archive.search('暖心驛站', limit=10)\n"
    "        print(results.total)\n"
    "        for hit in results:\n"
    "            print(hit.id, hit.issue_date, hit.headline, hit.snippet_html)\n\n"
    "Every failure raises a subclass of bulletin_search.Error: QueryError (with\n"
    ".position), InputError, FileError, ArchiveError (and VersionError,\n"
    "BusyError, ReadOnlyError), NotFoundError, InvalidArgumentError,\n"
    "DependencyError, OutOfMemoryError, InternalError.\n\n"
    "Threads: calls release the GIL; one Archive may be shared by threads (the\n"
    "library serialises calls on it); see help(bulletin_search.Archive).";

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "bulletin_search",
    .m_doc = module_doc,
    .m_size = -1,
    .m_methods = module_methods,
};

static int add_type(PyObject *module, PyTypeObject *type, const char *name)
{
    if (PyType_Ready(type) < 0)
        return -1;
    return PyModule_AddObjectRef(module, name, (PyObject *)type);
}

PyMODINIT_FUNC PyInit_bulletin_search(void);
PyMODINIT_FUNC PyInit_bulletin_search(void)
{
    PyObject *m = PyModule_Create(&module_def);
    if (!m)
        return NULL;
    if (add_type(m, &ArchiveType, "Archive") < 0 ||
        add_type(m, &ResultsType, "Results") < 0 ||
        add_type(m, &HitType, "Hit") < 0 ||
        add_type(m, &ArticleType, "Article") < 0 ||
        stats_init(m) < 0 || errors_init(m) < 0 ||
        PyModule_AddStringConstant(m, "__version__", HEADER_VERSION) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
