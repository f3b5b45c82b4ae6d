/* xml.c - bulletin XML (data/bulletin.rng) into articles.
 *
 * Bulletin XML comes from exporters we do not control, so it is parsed as
 * untrusted input: from memory, with no network, no DTD loading, no
 * entity substitution and no XInclude, and a document with a DOCTYPE is
 * refused outright (parsing stops at the DOCTYPE, before any entity is
 * declared), which rules out entity expansion bombs and external
 * entities together.  The text has already been decoded to UTF-8, so any
 * encoding named in the XML declaration is ignored.
 *
 * libxml2 2.9 reports problems through callbacks that print to stderr by
 * default; the library never prints, so every channel is pointed at a
 * collector for the duration of the call and restored afterwards.  The
 * first error wins: it is the cause, later ones are mostly consequences.
 *
 * The document is validated against the compiled-in RELAX NG schema
 * before a single article is read, so the reading code below can rely on
 * the structure and only checks what a schema cannot (calendar dates,
 * duplicates, empty bodies). */
#include "config.h"
#include "ingest.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <unicode/uchar.h>

/* data/bulletin.rng, embedded by tools/embed-text.sh. */
extern const char bulletin__bulletin_rng[];

/* Never XML_PARSE_NOENT, _DTDLOAD, _DTDVALID or _XINCLUDE: each would let
 * the document reach for other files or expand entities.  NOERROR and
 * NOWARNING silence the unstructured callbacks in case anything bypasses
 * the structured one; BIG_LINES keeps line numbers right past 65535. */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_IGNORE_ENC | \
                       XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |  \
                       XML_PARSE_NOWARNING)

/* What the error callbacks fill in during one call. */
typedef struct xml_errors {
    const char *path;
    bool failed;          /* an error has been recorded */
    bool doctype;         /* the document has a DOCTYPE */
    long doctype_line;
} xml_errors;

/* State while turning one validated document into articles. */
typedef struct xml_reader {
    const char *path;
    bulletin_batch *batch;
    size_t first;         /* index of this file's first article */
    bulletin_buf text;    /* scratch for normalised text */
    int *pages;           /* page numbers seen, to catch duplicates */
    size_t page_count;
} xml_reader;

/* ------------------------------------------------------------------ */
/* Keeping libxml2 quiet                                               */
/* ------------------------------------------------------------------ */

/* libxml2's per-thread error handlers, saved while ours are installed. */
typedef struct xml_quiet {
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
    xmlGenericErrorFunc generic;
    void *generic_ctx;
} xml_quiet;

/* A generic (printf-style) error handler that drops the message. */
static void ignore_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Route libxml2's thread-wide error channels to `fn` (or nowhere) until
 * quiet_end().  Errors raised outside a parser or validation context
 * (allocation failures, a few internal messages) use these channels. */
static void quiet_begin(xml_quiet *q, xmlStructuredErrorFunc fn, void *ctx)
{
    q->structured = xmlStructuredError;
    q->structured_ctx = xmlStructuredErrorContext;
    q->generic = xmlGenericError;
    q->generic_ctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(ctx, fn);
    xmlSetGenericErrorFunc(NULL, ignore_generic);
}

static void quiet_end(const xml_quiet *q)
{
    xmlSetStructuredErrorFunc(q->structured_ctx, q->structured);
    xmlSetGenericErrorFunc(q->generic_ctx, q->generic);
}

/* A structured error handler that drops the error. */
static void ignore_structured(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    (void)err;
}

/* ------------------------------------------------------------------ */
/* The schema, compiled once per process                               */
/* ------------------------------------------------------------------ */

static pthread_once_t schema_once = PTHREAD_ONCE_INIT;
static xmlRelaxNGPtr schema;   /* read-only once built; never freed */

/* A compiled RELAX NG schema may be shared by threads, each with its own
 * validation context; compiling it is the expensive part. */
static void schema_load(void)
{
    xml_quiet q;
    xmlInitParser();
    quiet_begin(&q, ignore_structured, NULL);
    xmlRelaxNGParserCtxtPtr pctxt =
        xmlRelaxNGNewMemParserCtxt(bulletin__bulletin_rng,
                                   (int)strlen(bulletin__bulletin_rng));
    if (pctxt) {
        xmlRelaxNGSetParserStructuredErrors(pctxt, ignore_structured, NULL);
        schema = xmlRelaxNGParse(pctxt);
        xmlRelaxNGFreeParserCtxt(pctxt);
    }
    quiet_end(&q);
}

static bulletin_status schema_get(xmlRelaxNGPtr *out)
{
    pthread_once(&schema_once, schema_load);
    *out = schema;
    if (!schema)
        return bulletin__error(BULLETIN_ERROR_INTERNAL,
                               "xml.c: the built-in bulletin schema does not "
                               "compile (or memory ran out compiling it)");
    return BULLETIN_OK;
}

/* ------------------------------------------------------------------ */
/* Error collection                                                    */
/* ------------------------------------------------------------------ */

/* libxml2 messages end in a newline; ours do not. */
static void trim_message(char *msg, size_t size, const char *src)
{
    snprintf(msg, size, "%s", src ? src : "unknown error");
    size_t n = strlen(msg);
    while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
        msg[--n] = '\0';
}

/* The line an error refers to: the node's when there is one (validation
 * errors), else where the parser stood. */
static long error_line(const xmlError *err)
{
    xmlNodePtr node = err->node;
    long line = node ? xmlGetLineNo(node) : -1;
    return line > 0 ? line : (err->line > 0 ? err->line : 0);
}

/* Record the error `msg` at `line`, unless an earlier one was. */
static void record(xml_errors *e, long line, const char *msg)
{
    if (e->failed)
        return;
    e->failed = true;
    if (line > 0)
        bulletin__error_at(BULLETIN_ERROR_INPUT, e->path, line, -1,
                           "%s:%ld: %s", e->path, line, msg);
    else
        bulletin__error_at(BULLETIN_ERROR_INPUT, e->path, 0, -1, "%s: %s",
                           e->path, msg);
}

static void record_xml_error(xml_errors *e, xmlErrorPtr err)
{
    if (!err || err->level < XML_ERR_ERROR || e->failed)
        return;
    char msg[512];
    trim_message(msg, sizeof msg, err->message);
    record(e, error_line(err), msg);
}

/* Structured handler with the collector as its context (validation and
 * the thread-wide channel). */
static void on_error(void *ctx, xmlErrorPtr err)
{
    record_xml_error(ctx, err);
}

/* Structured handler of the parser, whose context is the parser. */
static void on_parse_error(void *ctx, xmlErrorPtr err)
{
    xmlParserCtxtPtr ctxt = ctx;
    record_xml_error(ctxt->_private, err);
}

/* SAX: the DOCTYPE has been read, its internal subset not yet.  Stop
 * here, so that no entity or attribute default is ever declared. */
static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
    (void)name;
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr ctxt = ctx;
    xml_errors *e = ctxt->_private;
    e->doctype = true;
    e->doctype_line = ctxt->input ? ctxt->input->line : 0;
    xmlStopParser(ctxt);
}

/* ------------------------------------------------------------------ */
/* Readable messages for bad attributes                                */
/* ------------------------------------------------------------------ */

/* libxml2 says only "Element page failed to validate attributes".  This
 * table restates the schema's attribute rules so the message can name
 * the attribute; when it finds nothing, libxml2's message stands. */
typedef struct attr_rule {
    const char *element;
    const char *attribute;
    bool required;
    bool (*valid)(const char *value);
    const char *expected;
} attr_rule;

static bool is_date_form(const char *v)
{
    if (strlen(v) != 10 || v[4] != '-' || v[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
            return false;
    return true;
}

/* An xsd:positiveInteger that fits an int ("+5", " 05 " included). */
static bool parse_positive(const char *v, int *out)
{
    char *end;
    while (*v == ' ' || (*v >= '\t' && *v <= '\r'))
        v++;
    if (!((*v >= '0' && *v <= '9') || *v == '+'))
        return false;
    long n = strtol(v, &end, 10);
    while (*end == ' ' || (*end >= '\t' && *end <= '\r'))
        end++;
    if (*end || end == v || n < 1 || n > INT_MAX)
        return false;
    *out = (int)n;
    return true;
}

static bool is_positive(const char *v)
{
    int n;
    return parse_positive(v, &n);
}

static bool is_key(const char *v)
{
    if (!*v)
        return false;
    for (; *v; v++)
        if (*v == ' ' || (*v >= '\t' && *v <= '\r'))
            return false;
    return true;
}

static const char *const kind_names[BULLETIN_KIND_LAST] = {
    [BULLETIN_KIND_NEWS] = "news",
    [BULLETIN_KIND_COMMENTARY] = "commentary",
    [BULLETIN_KIND_ADVERTISEMENT] = "advertisement",
    [BULLETIN_KIND_CONTINUATION] = "continuation",
    [BULLETIN_KIND_OTHER] = "other",
};

/* The kind named by `v`, ignoring surrounding white space as the
 * schema's token type does; -1 for none. */
static int parse_kind(const char *v)
{
    while (*v == ' ' || (*v >= '\t' && *v <= '\r'))
        v++;
    size_t n = strcspn(v, " \t\r\n");
    for (int k = 0; k < BULLETIN_KIND_LAST; k++)
        if (strlen(kind_names[k]) == n && strncmp(v, kind_names[k], n) == 0 &&
            strspn(v + n, " \t\r\n") == strlen(v + n))
            return k;
    return -1;
}

static bool is_kind(const char *v)
{
    return parse_kind(v) >= 0;
}

static const attr_rule attr_rules[] = {
    { "bulletin", "date", true, is_date_form, "a date written YYYY-MM-DD" },
    { "bulletin", "paper", false, NULL, NULL },
    { "bulletin", "edition", false, NULL, NULL },
    { "bulletin", "number", false, is_positive, "a positive whole number" },
    { "page", "number", true, is_positive, "a positive whole number" },
    { "article", "id", false, is_key, "a key without spaces" },
    { "article", "kind", false, is_kind,
      "one of news, commentary, advertisement, continuation, other" },
};
#define N_ATTR_RULES (sizeof attr_rules / sizeof attr_rules[0])

/* An attribute of `node` that the schema does not allow there (only for
 * the elements that have attributes: a misnamed element is reported by
 * its name, not by its attributes). */
static bool explain_unknown(xmlNodePtr node, char *msg, size_t size)
{
    bool has_rules = false;
    for (size_t i = 0; i < N_ATTR_RULES; i++)
        has_rules = has_rules ||
                    strcmp(attr_rules[i].element, (const char *)node->name) == 0;
    for (xmlAttrPtr a = node->properties; a && has_rules; a = a->next) {
        bool known = false;
        for (size_t i = 0; i < N_ATTR_RULES && !known; i++)
            known = !a->ns &&
                    strcmp(attr_rules[i].element, (const char *)node->name) == 0 &&
                    strcmp(attr_rules[i].attribute, (const char *)a->name) == 0;
        if (!known) {
            snprintf(msg, size, "element '%s' has unknown attribute '%s'",
                     node->name, a->name);
            return true;
        }
    }
    return false;
}

/* Fill `msg` with what is wrong with `node`'s attributes, or false. */
static bool explain_attributes(xmlNodePtr node, char *msg, size_t size)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return false;
    for (size_t i = 0; i < N_ATTR_RULES; i++) {
        const attr_rule *r = &attr_rules[i];
        if (strcmp(r->element, (const char *)node->name) != 0)
            continue;
        xmlChar *value = xmlGetNoNsProp(node, BAD_CAST r->attribute);
        bool found = true;
        if (!value && r->required)
            snprintf(msg, size, "element '%s' lacks attribute '%s'",
                     r->element, r->attribute);
        else if (value && r->valid && !r->valid((const char *)value))
            snprintf(msg, size, "element '%s' has %s=\"%.60s\", which is not %s",
                     r->element, r->attribute, (const char *)value, r->expected);
        else
            found = false;
        xmlFree(value);
        if (found)
            return true;
    }
    return explain_unknown(node, msg, size);
}

/* The same for content: libxml2 says "Expecting an element , got
 * nothing" for an article without paragraphs.  Each container's allowed
 * children, in schema order; the first `once` may appear once each. */
typedef struct content_rule {
    const char *element;
    const char *const *children;
    size_t once;
    const char *required;
    const char *holds;
} content_rule;

static const char *const bulletin_children[] = { "page", NULL };
static const char *const page_children[] = { "article", NULL };
static const char *const article_children[] = { "headline", "subtitle", "byline",
                                                "author", "p", NULL };
static const content_rule content_rules[] = {
    { "bulletin", bulletin_children, 0, "page", "<page> elements" },
    { "page", page_children, 0, NULL, "<article> elements" },
    { "article", article_children, 3, "p",
      "<headline>, <subtitle>, <byline>, <author> and <p>, in this order" },
};

static bool is_blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

/* The place of `name` among `r`'s children, or -1. */
static int child_index(const content_rule *r, const xmlChar *name)
{
    for (int i = 0; r->children[i]; i++)
        if (strcmp(r->children[i], (const char *)name) == 0)
            return i;
    return -1;
}

/* What is wrong with the children of container `node` under rule `r`;
 * `*where` receives the node to blame. */
static bool explain_children(const content_rule *r, xmlNodePtr node, char *msg,
                             size_t size, xmlNodePtr *where)
{
    int last = -1;
    for (xmlNodePtr c = node->children; c; c = c->next) {
        *where = c;
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
            !is_blank(c->content)) {
            *where = node;
            snprintf(msg, size, "text directly inside <%s>, which holds only %s",
                     r->element, r->holds);
            return true;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        int i = child_index(r, c->name);
        if (i < 0 || i < last || (i == last && (size_t)i < r->once)) {
            snprintf(msg, size, "element '%s' %s <%s>, which holds %s", c->name,
                     i < 0 ? "is not allowed in" : "is out of place in",
                     r->element, r->holds);
            return true;
        }
        last = i;
    }
    *where = node;
    if (r->required && last < child_index(r, BAD_CAST r->required)) {
        snprintf(msg, size, "element '%s' has no <%s>", r->element, r->required);
        return true;
    }
    return false;
}

/* Fill `msg` with what is wrong with `node`'s content, or false.  Text
 * elements (headline, p...) hold no elements. */
static bool explain_content(xmlNodePtr node, char *msg, size_t size,
                            xmlNodePtr *where)
{
    if (!node || node->type != XML_ELEMENT_NODE)
        return false;
    for (size_t i = 0; i < sizeof content_rules / sizeof content_rules[0]; i++)
        if (strcmp(content_rules[i].element, (const char *)node->name) == 0)
            return explain_children(&content_rules[i], node, msg, size, where);
    if (node->parent && node->parent->type == XML_ELEMENT_NODE &&
        strcmp((const char *)node->parent->name, "article") == 0) {
        *where = xmlFirstElementChild(node);
        if (*where) {
            snprintf(msg, size, "element '%s' inside <%s>, which holds plain "
                     "text only", (*where)->name, node->name);
            return true;
        }
    }
    return false;
}

/* Validation handler: like on_error, with the common mistakes explained
 * in our words and the blame on the element that has them. */
static void on_invalid(void *ctx, xmlErrorPtr err)
{
    xml_errors *e = ctx;
    if (!err || err->level < XML_ERR_ERROR || e->failed)
        return;
    char msg[512];
    xmlNodePtr node = err->node, where = node;
    long line = error_line(err);
    bool explained = explain_attributes(node, msg, sizeof msg);
    if (!explained &&
        (explain_content(node, msg, sizeof msg, &where) ||
         (node && explain_content(node->parent, msg, sizeof msg, &where)))) {
        explained = true;
        if (xmlGetLineNo(where) > 0)
            line = xmlGetLineNo(where);
    }
    if (!explained)
        trim_message(msg, sizeof msg, err->message);
    record(e, line, msg);
}

/* ------------------------------------------------------------------ */
/* Parsing and validation                                              */
/* ------------------------------------------------------------------ */

/* Parse `text` into `*out`, refusing DOCTYPEs.  Errors: INPUT, NOMEM. */
static bulletin_status parse(const char *path, const char *text, size_t len,
                             xml_errors *e, xmlDocPtr *out)
{
    *out = NULL;
    if (len > INT_MAX)
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, -1,
                                  "%s: file too large for the XML parser", path);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return bulletin__nomem();
    ctxt->_private = e;
    ctxt->sax->serror = on_parse_error;
    ctxt->sax->internalSubset = on_doctype;
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, text, (int)len, path, "UTF-8",
                                      PARSE_OPTIONS);
    xmlFreeParserCtxt(ctxt);
    /* Checked again on the tree, in case a DOCTYPE ever got past SAX. */
    if (e->doctype || (doc && (doc->intSubset || doc->extSubset))) {
        xmlFreeDoc(doc);
        long line = e->doctype_line > 0 ? e->doctype_line : 0;
        e->failed = false;
        record(e, line, "documents with a DOCTYPE are refused: bulletin XML "
                        "uses no DTD, and DTD entities could expand without "
                        "bound or read other files");
        return BULLETIN_ERROR_INPUT;
    }
    if (!doc || e->failed) {
        xmlFreeDoc(doc);
        record(e, 0, "not well-formed XML");
        return BULLETIN_ERROR_INPUT;
    }
    *out = doc;
    return BULLETIN_OK;
}

/* Check `doc` against data/bulletin.rng.  Errors: INPUT, NOMEM, INTERNAL. */
static bulletin_status validate(xmlDocPtr doc, xml_errors *e)
{
    xmlRelaxNGPtr rng;
    bulletin_status rc = schema_get(&rng);
    if (rc != BULLETIN_OK)
        return rc;
    xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt(rng);
    if (!vctxt)
        return bulletin__nomem();
    xmlRelaxNGSetValidStructuredErrors(vctxt, on_invalid, e);
    int invalid = xmlRelaxNGValidateDoc(vctxt, doc);
    xmlRelaxNGFreeValidCtxt(vctxt);
    if (invalid == 0)
        return BULLETIN_OK;
    if (invalid < 0)
        return bulletin__error_at(BULLETIN_ERROR_INTERNAL, e->path, 0, -1,
                                  "%s: the RELAX NG validator failed", e->path);
    record(e, 0, "does not match the bulletin schema");
    return BULLETIN_ERROR_INPUT;
}

/* ------------------------------------------------------------------ */
/* Text                                                                */
/* ------------------------------------------------------------------ */

static bool is_break(int32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* Append `s` to `out`, trimmed, with each white-space run that holds a
 * line break read as a wrapped line: exporters wrap long lines, and a
 * wrap between two Chinese characters is not a space (Chinese has none),
 * while one between two Latin words is.  Runs without a break (an
 * ideographic space inside a headline) are kept as written. */
static bool append_normalized(bulletin_buf *out, const char *s)
{
    size_t len = strlen(s), pos = 0, run = 0, run_end = 0;
    bool in_run = false, run_breaks = false, started = false;
    int32_t prev = 0;
    while (pos < len) {
        size_t at = pos;
        int32_t cp = bulletin_utf8_next(s, len, &pos);
        if (cp >= 0 && u_isUWhiteSpace(cp)) {
            if (!in_run)
                run = at;
            in_run = true;
            run_breaks = run_breaks || is_break(cp);
            run_end = pos;
            continue;
        }
        bool ok = true;
        if (in_run && started) {
            if (!run_breaks)
                ok = bulletin_buf_append(out, s + run, run_end - run);
            else if (prev < 0x2E80 && cp < 0x2E80)
                ok = bulletin_buf_append_char(out, ' ');
        }
        in_run = run_breaks = false;
        if (!ok || !bulletin_buf_append(out, s + at, pos - at))
            return false;
        started = true;
        prev = cp;
    }
    return true;
}

/* The normalised text of `node` copied into the batch (NULL: no node). */
static bulletin_status node_text(xml_reader *r, xmlNodePtr node, const char **out)
{
    *out = NULL;
    if (!node)
        return BULLETIN_OK;
    xmlChar *content = xmlNodeGetContent(node);
    if (!content)
        return bulletin__nomem();
    bulletin_buf_clear(&r->text);
    bool ok = append_normalized(&r->text, (const char *)content) &&
              bulletin_buf_reserve(&r->text, 0);
    xmlFree(content);
    if (!ok)
        return bulletin__nomem();
    *out = bulletin__batch_strndup(r->batch, r->text.data, r->text.len);
    return *out ? BULLETIN_OK : BULLETIN_ERROR_NOMEM;
}

/* The elements of `parent` named `name`, joined by `sep` (empty ones
 * left out), copied into the batch; NULL when there are none. */
static bulletin_status joined_text(xml_reader *r, xmlNodePtr parent,
                                   const char *name, const char *sep,
                                   const char **out)
{
    *out = NULL;
    bulletin_buf_clear(&r->text);
    bool any = false;
    for (xmlNodePtr c = xmlFirstElementChild(parent); c; c = xmlNextElementSibling(c)) {
        if (strcmp((const char *)c->name, name) != 0)
            continue;
        xmlChar *content = xmlNodeGetContent(c);
        if (!content)
            return bulletin__nomem();
        size_t before = r->text.len;
        bool ok = (!any || bulletin_buf_append_str(&r->text, sep)) &&
                  append_normalized(&r->text, (const char *)content);
        xmlFree(content);
        if (!ok)
            return bulletin__nomem();
        if (r->text.len == before + (any ? strlen(sep) : 0))
            r->text.len = before;   /* an empty element: drop its separator */
        else
            any = true;
        if (r->text.data)
            r->text.data[r->text.len] = '\0';
    }
    if (!any)
        return BULLETIN_OK;
    *out = bulletin__batch_strndup(r->batch, r->text.data, r->text.len);
    return *out ? BULLETIN_OK : BULLETIN_ERROR_NOMEM;
}

/* ------------------------------------------------------------------ */
/* Articles                                                            */
/* ------------------------------------------------------------------ */

/* The first child element of `parent` named `name`, or NULL. */
static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = xmlFirstElementChild(parent); c; c = xmlNextElementSibling(c))
        if (strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

/* An attribute's value copied into the batch, or NULL when absent. */
static bulletin_status attribute(xml_reader *r, xmlNodePtr node,
                                 const char *name, const char **out)
{
    *out = NULL;
    xmlChar *value = xmlGetNoNsProp(node, BAD_CAST name);
    if (!value)
        return BULLETIN_OK;
    *out = bulletin__batch_strdup(r->batch, (const char *)value);
    xmlFree(value);
    return *out ? BULLETIN_OK : BULLETIN_ERROR_NOMEM;
}

/* Keys must be unique in a file: the archive would store the second
 * article over the first. */
static bulletin_status check_key(xml_reader *r, xmlNodePtr node, const char *key)
{
    bulletin_batch *b = r->batch;
    for (size_t i = r->first; key && i + 1 < b->count; i++)
        if (b->articles[i].key && strcmp(b->articles[i].key, key) == 0)
            return bulletin__error_at(BULLETIN_ERROR_INPUT, r->path,
                                      xmlGetLineNo(node), -1,
                                      "%s:%ld: article id '%s' is used twice "
                                      "in this file (page %d, position %d first)",
                                      r->path, xmlGetLineNo(node), key,
                                      b->articles[i].page, b->articles[i].position);
    return BULLETIN_OK;
}

/* Fill the parts of `a` that come from the article's elements. */
static bulletin_status read_parts(xml_reader *r, xmlNodePtr node,
                                  bulletin_article *a)
{
    bulletin_status rc = node_text(r, child(node, "headline"), &a->headline);
    if (rc == BULLETIN_OK)
        rc = node_text(r, child(node, "subtitle"), &a->subtitle);
    if (rc == BULLETIN_OK)
        rc = node_text(r, child(node, "byline"), &a->byline);
    if (rc == BULLETIN_OK)
        rc = joined_text(r, node, "author", "、", &a->author);
    if (rc == BULLETIN_OK)
        rc = joined_text(r, node, "p", "\n", &a->body);
    if (rc == BULLETIN_OK && !a->body)
        rc = bulletin__error_at(BULLETIN_ERROR_INPUT, r->path, xmlGetLineNo(node),
                                -1, "%s:%ld: article has no text: every <p> "
                                "is empty", r->path, xmlGetLineNo(node));
    return rc;
}

static bulletin_status read_article(xml_reader *r, xmlNodePtr node,
                                    const char *date, int page, int position)
{
    bulletin_article *a = bulletin__batch_add(r->batch);
    if (!a)
        return BULLETIN_ERROR_NOMEM;
    a->issue_date = date;
    a->page = page;
    a->position = position;
    xmlChar *kind = xmlGetNoNsProp(node, BAD_CAST "kind");
    int k = kind ? parse_kind((const char *)kind) : BULLETIN_KIND_NEWS;
    a->kind = k < 0 ? BULLETIN_KIND_OTHER : (bulletin_kind)k;
    xmlFree(kind);
    bulletin_status rc = attribute(r, node, "id", &a->key);
    /* `a` stays valid: read_parts adds strings, not articles. */
    if (rc == BULLETIN_OK)
        rc = check_key(r, node, a->key);
    if (rc == BULLETIN_OK)
        rc = read_parts(r, node, a);
    return rc;
}

/* Remember page `number`; two <page> elements with one number would give
 * two articles the same position. */
static bulletin_status note_page(xml_reader *r, xmlNodePtr node, int number)
{
    for (size_t i = 0; i < r->page_count; i++)
        if (r->pages[i] == number)
            return bulletin__error_at(BULLETIN_ERROR_INPUT, r->path,
                                      xmlGetLineNo(node), -1,
                                      "%s:%ld: page %d appears twice", r->path,
                                      xmlGetLineNo(node), number);
    int *pages = realloc(r->pages, (r->page_count + 1) * sizeof *pages);
    if (!pages)
        return bulletin__nomem();
    r->pages = pages;
    r->pages[r->page_count++] = number;
    return BULLETIN_OK;
}

static bulletin_status read_page(xml_reader *r, xmlNodePtr node, const char *date)
{
    xmlChar *value = xmlGetNoNsProp(node, BAD_CAST "number");
    int number = 0;
    if (!value || !parse_positive((const char *)value, &number)) {
        /* The schema allows numbers past INT_MAX. */
        bulletin__error_at(BULLETIN_ERROR_INPUT, r->path, xmlGetLineNo(node), -1,
                           "%s:%ld: page number '%.40s' is out of range",
                           r->path, xmlGetLineNo(node),
                           value ? (const char *)value : "");
        xmlFree(value);
        return BULLETIN_ERROR_INPUT;
    }
    xmlFree(value);
    bulletin_status rc = note_page(r, node, number);
    int position = 0;
    for (xmlNodePtr c = xmlFirstElementChild(node); c && rc == BULLETIN_OK;
         c = xmlNextElementSibling(c))
        rc = read_article(r, c, date, number, ++position);
    return rc;
}

static bulletin_status read_bulletin(xml_reader *r, xmlNodePtr root)
{
    const char *date;
    bulletin_status rc = attribute(r, root, "date", &date);
    if (rc != BULLETIN_OK)
        return rc;
    if (!bulletin__valid_date(date))
        return bulletin__error_at(BULLETIN_ERROR_INPUT, r->path,
                                  xmlGetLineNo(root), -1,
                                  "%s:%ld: date '%s' is not a calendar date",
                                  r->path, xmlGetLineNo(root), date);
    for (xmlNodePtr c = xmlFirstElementChild(root); c && rc == BULLETIN_OK;
         c = xmlNextElementSibling(c))
        rc = read_page(r, c, date);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Entry point                                                         */
/* ------------------------------------------------------------------ */

/* Parse, validate and read, with libxml2's thread-wide error channels
 * pointed at `e` throughout. */
static bulletin_status ingest(const char *path, const char *text, size_t len,
                              xml_errors *e, xml_reader *r)
{
    xmlDocPtr doc = NULL;
    bulletin_status rc = parse(path, text, len, e, &doc);
    if (rc == BULLETIN_OK)
        rc = validate(doc, e);
    if (rc == BULLETIN_OK)
        rc = read_bulletin(r, xmlDocGetRootElement(doc));
    xmlFreeDoc(doc);
    return rc;
}

bulletin_status bulletin__ingest_xml(const char *path, const char *text,
                                     size_t len, const bulletin_index_options *opts,
                                     bulletin_batch *batch)
{
    /* The schema requires the issue date and every page number, so the
     * fallbacks in `opts` (for files that lack them) never apply here. */
    (void)opts;
    if (!path)
        path = "(input)";
    if (!text && len)
        return bulletin__error(BULLETIN_ERROR_INVALID_ARGUMENT,
                               "bulletin__ingest_xml: no text");
    if (len == 0) /* libxml2 would say "Document is empty" at line 1 */
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 1, -1,
                                  "%s:1: empty file: expected a <bulletin> "
                                  "document", path);
    /* Compiled outside our quiet window, which would otherwise nest. */
    xmlRelaxNGPtr rng;
    bulletin_status rc = schema_get(&rng);
    if (rc != BULLETIN_OK)
        return rc;
    batch->format = "xml";
    xml_errors e = { path, false, false, 0 };
    xml_reader r = { path, batch, batch->count, BULLETIN_BUF_INIT, NULL, 0 };
    xml_quiet q;
    quiet_begin(&q, on_error, &e);
    rc = ingest(path, text, len, &e, &r);
    quiet_end(&q);
    bulletin_buf_free(&r.text);
    free(r.pages);
    if (rc != BULLETIN_OK)
        batch->count = r.first;   /* no half-read file in the batch */
    return rc;
}
