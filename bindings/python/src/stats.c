/* stats.c - figures as named tuples (struct sequences). */
#include "module.h"

PyTypeObject IndexStatsType;
PyTypeObject ArchiveStatsType;
PyTypeObject TokenType;
PyTypeObject CheckReportType;

static PyStructSequence_Field index_stats_fields[] = {
    { "files", "Files read successfully." },
    { "files_failed", "Files skipped because of an error (see errors)." },
    { "articles_added", "New articles stored." },
    { "articles_updated", "Articles whose text changed since they were last indexed." },
    { "articles_unchanged", "Articles found again, identical." },
    { "articles_removed", "Articles an earlier version of a file had and this one lacks." },
    { "errors", "One exception instance (an Error subclass) per failed file, with\n"
                "path, line and offset: the file was skipped, the archive left as it was." },
    { NULL }
};

static PyStructSequence_Desc index_stats_desc = {
    "bulletin_search.IndexStats",
    "What one Archive.index() call did: a named tuple of counts and the\n"
    "errors of the files that were skipped.",
    index_stats_fields, 7
};

static PyStructSequence_Field archive_stats_fields[] = {
    { "articles", "Articles in the archive." },
    { "issues", "Distinct issue dates." },
    { "sources", "Distinct source files." },
    { "first_date", "The earliest issue date (datetime.date), or None." },
    { "last_date", "The latest issue date (datetime.date), or None." },
    { "file_bytes", "Size of the database file and its write-ahead log." },
    { "schema_version", "The archive's schema version." },
    { NULL }
};

static PyStructSequence_Desc archive_stats_desc = {
    "bulletin_search.ArchiveStats",
    "Summary figures of an archive (Archive.stats()), a named tuple.",
    archive_stats_fields, 7
};

static PyStructSequence_Field token_fields[] = {
    { "term", "The index term: 'ab' (a bigram inside a word), 'ab|' (a bigram across\n"
              "a word boundary), 'a' (a single character ending a Han run), or a\n"
              "case-folded Latin word or number." },
    { "start", "Character offset of the term's source text in the input." },
    { "end", "Character offset just past it (text[start:end] is the source)." },
    { "colocated", "True when the term shares the position of the one before it\n"
                   "(an alternative form, treated as a synonym)." },
    { NULL }
};

static PyStructSequence_Desc token_desc = {
    "bulletin_search.Token",
    "One term from tokenize(): a named tuple (term, start, end, colocated).",
    token_fields, 4
};

static PyStructSequence_Field check_report_fields[] = {
    { "articles", "Articles stored in the archive." },
    { "indexed", "Articles in the search index (equal to articles in a sound archive)." },
    { "database_ok", "True: the database file passed SQLite's integrity check." },
    { "index_ok", "True: the search index passed FTS5's integrity check and holds\n"
                  "every article exactly once." },
    { NULL }
};

static PyStructSequence_Desc check_report_desc = {
    "bulletin_search.CheckReport",
    "What Archive.check() found in a sound archive, a named tuple (articles,\n"
    "indexed, database_ok, index_ok).  A damaged archive raises ArchiveError\n"
    "instead.",
    check_report_fields, 4
};

int stats_init(PyObject *module)
{
    if (PyStructSequence_InitType2(&IndexStatsType, &index_stats_desc) < 0 ||
        PyStructSequence_InitType2(&ArchiveStatsType, &archive_stats_desc) < 0 ||
        PyStructSequence_InitType2(&TokenType, &token_desc) < 0 ||
        PyStructSequence_InitType2(&CheckReportType, &check_report_desc) < 0)
        return -1;
    if (PyModule_AddObjectRef(module, "IndexStats", (PyObject *)&IndexStatsType) < 0 ||
        PyModule_AddObjectRef(module, "ArchiveStats", (PyObject *)&ArchiveStatsType) < 0 ||
        PyModule_AddObjectRef(module, "Token", (PyObject *)&TokenType) < 0 ||
        PyModule_AddObjectRef(module, "CheckReport", (PyObject *)&CheckReportType) < 0)
        return -1;
    return 0;
}

/* Fill a struct sequence from `values` (new references, stolen, any may
 * be NULL after a failure). */
static PyObject *fill(PyTypeObject *type, PyObject **values, Py_ssize_t n)
{
    PyObject *seq = PyStructSequence_New(type);
    bool ok = seq != NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        ok = ok && values[i];
        if (seq && values[i])
            PyStructSequence_SetItem(seq, i, values[i]);
        else
            Py_XDECREF(values[i]);
    }
    if (!ok) {
        /* Unset slots of a struct sequence are NULL, which its dealloc
         * tolerates. */
        Py_XDECREF(seq);
        return NULL;
    }
    return seq;
}

PyObject *archive_stats_to_py(const bulletin_archive_stats *s)
{
    PyObject *v[7] = {
        PyLong_FromLongLong(s->articles), PyLong_FromLongLong(s->issues),
        PyLong_FromLongLong(s->sources), date_to_py(s->first_date),
        date_to_py(s->last_date), PyLong_FromLongLong(s->file_bytes),
        PyLong_FromLong(s->schema_version),
    };
    return fill(&ArchiveStatsType, v, 7);
}

PyObject *index_stats_to_py(const bulletin_index_stats *s, PyObject *errors)
{
    PyObject *v[7] = {
        PyLong_FromSize_t(s->files), PyLong_FromSize_t(s->files_failed),
        PyLong_FromSize_t(s->articles_added), PyLong_FromSize_t(s->articles_updated),
        PyLong_FromSize_t(s->articles_unchanged), PyLong_FromSize_t(s->articles_removed),
        errors,
    };
    return fill(&IndexStatsType, v, 7);
}

PyObject *check_report_to_py(const bulletin_check_report *r)
{
    PyObject *v[4] = {
        PyLong_FromLongLong(r->articles), PyLong_FromLongLong(r->indexed),
        PyBool_FromLong(r->database_ok), PyBool_FromLong(r->index_ok),
    };
    return fill(&CheckReportType, v, 4);
}
