/* tokenize.c - bulletin_search.tokenize(text, mode): the index terms of a
 * text, for debugging why a query does or does not match. */
#include "module.h"

#include <stdlib.h>
#include <string.h>

const char tokenize_doc[] =
    "tokenize($module, /, text, mode='document')\n--\n\n"
    "The index terms of `text`, as a list of Token(term, start, end, colocated)\n"
    "with character offsets into `text`.\n\n"
    "mode is 'document' (text being indexed), 'query' (a query word: every\n"
    "alternative form, colocated) or 'query_words' (only whole-word bigrams,\n"
    "used for ranking).  The same tokenizer indexes and searches archives,\n"
    "so this shows exactly what a search compares.  Releases the GIL.";

typedef struct raw_token {
    char *term;
    size_t len, start, end;
    int flags;
} raw_token;

typedef struct token_list {
    raw_token *items;
    size_t count, cap;
} token_list;

/* Runs without the GIL: collects terms in C, converted afterwards. */
static int collect(void *ctx, int flags, const char *term, size_t len, size_t start,
                   size_t end)
{
    token_list *l = ctx;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        raw_token *items = realloc(l->items, cap * sizeof *items);
        if (!items)
            return BULLETIN_ERROR_NOMEM;
        l->items = items;
        l->cap = cap;
    }
    char *copy = malloc(len ? len : 1);
    if (!copy)
        return BULLETIN_ERROR_NOMEM;
    memcpy(copy, term, len);
    l->items[l->count++] = (raw_token){ copy, len, start, end, flags };
    return 0;
}

static void token_list_free(token_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->items[i].term);
    free(l->items);
}

static int mode_from_name(const char *name, bulletin_tokenize_mode *out)
{
    static const struct { const char *name; bulletin_tokenize_mode mode; } modes[] = {
        { "document", BULLETIN_TOKENIZE_DOCUMENT },
        { "query", BULLETIN_TOKENIZE_QUERY },
        { "query_words", BULLETIN_TOKENIZE_QUERY_WORDS },
    };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
        if (!strcmp(name, modes[i].name)) {
            *out = modes[i].mode;
            return 0;
        }
    PyErr_Format(PyExc_ValueError, "mode must be 'document', 'query' or 'query_words', "
                 "not '%s'", name);
    return -1;
}

static PyObject *tokens_to_py(const token_list *l, const char *text)
{
    PyObject *list = PyList_New((Py_ssize_t)l->count);
    utf8_cursor c;
    utf8_cursor_init(&c, text);
    for (size_t i = 0; list && i < l->count; i++) {
        const raw_token *t = &l->items[i];
        size_t start = utf8_cursor_chars_at(&c, t->start);
        size_t end = utf8_cursor_chars_at(&c, t->end);
        PyObject *tok = PyStructSequence_New(&TokenType);
        PyObject *term = PyUnicode_DecodeUTF8(t->term, (Py_ssize_t)t->len, "replace");
        PyObject *s = PyLong_FromSize_t(start), *e = PyLong_FromSize_t(end);
        if (!tok || !term || !s || !e) {
            Py_XDECREF(tok); Py_XDECREF(term); Py_XDECREF(s); Py_XDECREF(e);
            Py_CLEAR(list);
            break;
        }
        PyStructSequence_SetItem(tok, 0, term);
        PyStructSequence_SetItem(tok, 1, s);
        PyStructSequence_SetItem(tok, 2, e);
        PyStructSequence_SetItem(tok, 3, PyBool_FromLong(t->flags & BULLETIN_TOKEN_COLOCATED));
        PyList_SET_ITEM(list, (Py_ssize_t)i, tok);
    }
    return list;
}

PyObject *tokenize_py(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *names[] = { "text", "mode", NULL };
    PyObject *text_obj;
    const char *mode_name = "document";
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "U|s:tokenize", names, &text_obj,
                                     &mode_name))
        return NULL;
    bulletin_tokenize_mode mode;
    if (mode_from_name(mode_name, &mode) < 0)
        return NULL;
    Py_ssize_t len;
    const char *text = PyUnicode_AsUTF8AndSize(text_obj, &len);
    if (!text)
        return NULL;
    token_list l = { NULL, 0, 0 };
    bulletin_tokenizer *tok = NULL;
    bulletin_status st;
    Py_BEGIN_ALLOW_THREADS
    st = bulletin_tokenizer_new(&tok);
    if (!st)
        st = bulletin_tokenizer_run(tok, text, (size_t)len, mode, collect, &l);
    bulletin_tokenizer_free(tok);
    Py_END_ALLOW_THREADS
    PyObject *result = st ? errors_raise_last(st, NULL) : tokens_to_py(&l, text);
    token_list_free(&l);
    return result;
}
