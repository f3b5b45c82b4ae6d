/* bulletin.h - the one public header of libbulletin.
 *
 * libbulletin indexes and searches the back issues of Chinese trade-union
 * bulletins.  Text in simplified and traditional characters is folded to
 * one form for indexing, so a query in either script finds articles in
 * both, while snippets and offsets always refer to the article's original
 * text.
 *
 * Conventions used throughout (read once, they hold for every call):
 *
 *  - Every public name starts with "bulletin_" (types, functions) or
 *    "BULLETIN_" (macros, enum values).  Nothing else is exported.
 *  - Fallible calls return a bulletin_status; BULLETIN_OK (0) is success.
 *    Results come back through an out-parameter named `out`, which is the
 *    first argument.  On failure `*out` is set to NULL (or left zeroed).
 *  - After a failed call, bulletin_error_last() describes the failure in
 *    this thread: a message for people, plus the file, line and byte
 *    offset or query position where that makes sense.
 *  - A `**out` result is owned by the caller and released with the
 *    matching, NULL-safe `_free` or `_close` call.  A `const` pointer
 *    returned by a getter is borrowed from its parent object and lives
 *    exactly as long as that parent.
 *  - Strings are UTF-8 and NUL-terminated unless a length is passed.
 *  - Option structs start with a `version` field; initialise them with
 *    their `_INIT` macro so that later versions of the library can add
 *    fields without breaking callers.
 *  - Threads: the library keeps no global mutable state apart from
 *    read-only tables built once on first use (thread-safe).  An archive
 *    handle serialises its own calls with an internal mutex, so one handle
 *    may be shared by several threads; for parallel readers open one
 *    handle per thread (SQLite WAL lets readers run beside one writer,
 *    also across processes).  A tokenizer handle must be used by one
 *    thread at a time.
 *  - The library never prints and never exits the process.
 */
#ifndef BULLETIN_H
#define BULLETIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define BULLETIN_VERSION_MAJOR 0
#define BULLETIN_VERSION_MINOR 1
#define BULLETIN_VERSION_MICRO 0

/* ------------------------------------------------------------------ */
/* Status and errors                                                   */
/* ------------------------------------------------------------------ */

/* The outcome of every fallible call. */
typedef enum bulletin_status {
    /* The call did what it was asked. */
    BULLETIN_OK = 0,
    /* Memory could not be allocated.  Nothing was changed. */
    BULLETIN_ERROR_NOMEM,
    /* The caller passed an invalid argument (NULL where a value is
     * required, a malformed date, an unknown option version).  A
     * programming error, not a user error. */
    BULLETIN_ERROR_INVALID_ARGUMENT,
    /* A file or folder could not be read or written (missing, permission
     * denied, disk full).  bulletin_error_last()->path names it. */
    BULLETIN_ERROR_IO,
    /* An input file is malformed: undecodable bytes, invalid XML, a file
     * that does not match the bulletin schema.  The error names the file
     * and, where known, the line and byte offset. */
    BULLETIN_ERROR_INPUT,
    /* A user query could not be parsed.  bulletin_error_last()->offset is
     * the byte offset in the query where the problem was found. */
    BULLETIN_ERROR_QUERY,
    /* The file is not a bulletin archive, or it is damaged. */
    BULLETIN_ERROR_ARCHIVE,
    /* The archive was written by an incompatible version of the library
     * (a newer schema, or an old one that cannot be upgraded in place). */
    BULLETIN_ERROR_VERSION,
    /* Another process holds the archive locked for longer than the busy
     * timeout allows.  Retrying later may succeed. */
    BULLETIN_ERROR_BUSY,
    /* The archive was opened read-only and the call would write to it. */
    BULLETIN_ERROR_READONLY,
    /* The requested article does not exist. */
    BULLETIN_ERROR_NOT_FOUND,
    /* A dependency failed: ICU or OpenCC data missing or unusable. */
    BULLETIN_ERROR_DEPENDENCY,
    /* A bug in the library; the message says where. */
    BULLETIN_ERROR_INTERNAL,
    /* Not a status: the number of statuses. */
    BULLETIN_STATUS_LAST
} bulletin_status;

/* A short, fixed English description of a status ("query syntax error").
 * The string is static; unknown values give "unknown status".
 * Thread-safe. */
const char *bulletin_status_to_string(bulletin_status status);

/* What went wrong in the last failed call of this thread. */
typedef struct bulletin_error {
    /* The status the failing call returned. */
    bulletin_status status;
    /* A complete sentence for people, naming what was wrong, e.g.
     * "corpus/x.xml:12: element 'page' lacks attribute 'number'". */
    const char *message;
    /* The file concerned, or NULL. */
    const char *path;
    /* 1-based line in `path`, or 0 when not known. */
    long line;
    /* Byte offset in the file, or in the query for BULLETIN_ERROR_QUERY;
     * -1 when not known. */
    long offset;
} bulletin_error;

/* The error of the last failed call in the calling thread.  Never NULL:
 * when no call has failed yet, status is BULLETIN_OK and message is "".
 * The struct is thread-local storage of the library; it stays valid until
 * the next failing call in the same thread.  Copy what you need to keep.
 * Thread-safe (each thread sees its own error). */
const bulletin_error *bulletin_error_last(void);

/* The library version as "MAJOR.MINOR.MICRO".  Static string. */
const char *bulletin_version(void);

/* ------------------------------------------------------------------ */
/* Tokenizer: text in, index terms with byte offsets out               */
/* ------------------------------------------------------------------ */

/* The tokenizer that every engine (SQLite FTS5, PostgreSQL) uses, so
 * that the same text always gives the same terms.  For each input it:
 *   1. folds Unicode with ICU NFKC_Casefold (full-width letters and digits
 *      become ASCII, Latin is lower-cased);
 *   2. folds traditional characters to simplified with OpenCC (t2s),
 *      phrase-aware, and also emits the character-by-character folding as
 *      a colocated alternative wherever the two differ, so that one-to-many
 *      and context-dependent characters match in both directions;
 *   3. cuts Han text into overlapping character bigrams (recall for any
 *      word of two or more characters, wherever ICU's word boundaries
 *      fall), and Latin or digit text into ICU words;
 *   4. reports each term's byte offsets into the ORIGINAL input.
 * Whitespace between two Han characters (a hard line wrap, a column
 * break) does not separate them: Chinese does not put spaces in words.
 *
 * Term forms (stable: they are what archives store):
 *   "ab"      a Han bigram whose two characters lie inside one ICU word;
 *   "ab|"     a Han bigram that straddles an ICU word boundary;
 *   "a"       a single Han character, emitted where a Han run ends (so
 *             that a one-character query is a prefix search "a*");
 *   "word"    a case-folded Latin word or a number.
 */
typedef struct bulletin_tokenizer bulletin_tokenizer;

typedef enum bulletin_tokenize_mode {
    /* Text to be indexed (or re-tokenized for highlighting). */
    BULLETIN_TOKENIZE_DOCUMENT = 0,
    /* Text of a query term: each bigram is emitted together with its
     * alternatives (both term forms, both script foldings) as colocated
     * terms, which a search engine treats as synonyms. */
    BULLETIN_TOKENIZE_QUERY = 1,
    /* Like QUERY, but only the "inside one word" bigram form is emitted:
     * used to rank whole-word matches above matches across words. */
    BULLETIN_TOKENIZE_QUERY_WORDS = 2
} bulletin_tokenize_mode;

/* Set on a term that shares the position of the term before it. */
#define BULLETIN_TOKEN_COLOCATED 0x0001

/* Called once per term, in input order.  `term` is not NUL-terminated
 * and is valid only during the call.  [start, end) are byte offsets into
 * the text passed to bulletin_tokenizer_run().  Return 0 to continue;
 * any other value stops tokenization and is returned by the run call. */
typedef int (*bulletin_token_fn)(void *ctx, int flags, const char *term,
                                 size_t term_len, size_t start, size_t end);

/* Create a tokenizer.  The first tokenizer created in a process loads the
 * shared script tables (about 30 ms); later ones reuse them.
 * Owner: the caller, who releases it with bulletin_tokenizer_free().
 * Errors: BULLETIN_ERROR_NOMEM; BULLETIN_ERROR_DEPENDENCY when ICU or
 * OpenCC data cannot be loaded.
 * Threads: the handle must be used by one thread at a time. */
bulletin_status bulletin_tokenizer_new(bulletin_tokenizer **out);

/* Tokenize `len` bytes of UTF-8 `text` (need not be NUL-terminated).
 * Invalid UTF-8 bytes separate terms and are otherwise ignored.
 * Returns BULLETIN_OK, or the first non-zero value returned by `fn` cast
 * to bulletin_status (so callers can pass their own codes through), or
 * BULLETIN_ERROR_NOMEM / BULLETIN_ERROR_DEPENDENCY. */
bulletin_status bulletin_tokenizer_run(bulletin_tokenizer *tokenizer,
                                       const char *text, size_t len,
                                       bulletin_tokenize_mode mode,
                                       bulletin_token_fn fn, void *ctx);

/* Release a tokenizer.  NULL is allowed. */
void bulletin_tokenizer_free(bulletin_tokenizer *tokenizer);

/* ------------------------------------------------------------------ */
/* Articles                                                            */
/* ------------------------------------------------------------------ */

typedef enum bulletin_kind {
    BULLETIN_KIND_NEWS = 0,
    BULLETIN_KIND_COMMENTARY,
    BULLETIN_KIND_ADVERTISEMENT,
    BULLETIN_KIND_CONTINUATION,
    BULLETIN_KIND_OTHER,
    BULLETIN_KIND_LAST
} bulletin_kind;

/* "news", "commentary", "advertisement", "continuation", "other".
 * Static string; NULL for an invalid value.  Thread-safe. */
const char *bulletin_kind_to_string(bulletin_kind kind);

/* The kind named by `name` (as above).  Errors:
 * BULLETIN_ERROR_INVALID_ARGUMENT for an unknown name. */
bulletin_status bulletin_kind_from_string(bulletin_kind *out, const char *name);

#define BULLETIN_ARTICLE_VERSION 1

/* One article, as passed in to be stored and as read back.
 * Body paragraphs are separated by a single "\n". */
typedef struct bulletin_article {
    unsigned version;        /* BULLETIN_ARTICLE_VERSION */
    int64_t id;              /* archive id; 0 for an article not yet stored */
    const char *key;         /* stable identity; NULL: derived (see add) */
    const char *issue_date;  /* "YYYY-MM-DD" or NULL when unknown */
    int page;                /* page number from 1; 0 when unknown */
    int position;            /* order on the page, from 1 */
    bulletin_kind kind;
    const char *headline;    /* may be NULL or "" */
    const char *subtitle;
    const char *byline;      /* e.g. "本报讯（记者 张晶）" */
    const char *author;      /* people named in the byline, "、"-separated */
    const char *body;        /* required */
    const char *source;      /* file the article came from, or NULL */
} bulletin_article;

#define BULLETIN_ARTICLE_INIT { BULLETIN_ARTICLE_VERSION, 0, NULL, NULL, 0, 0, \
                                BULLETIN_KIND_NEWS, NULL, NULL, NULL, NULL,    \
                                NULL, NULL }

/* Release an article returned by bulletin_archive_get_article().
 * NULL is allowed.  Never pass an article you filled in yourself. */
void bulletin_article_free(bulletin_article *article);

/* ------------------------------------------------------------------ */
/* Archive                                                             */
/* ------------------------------------------------------------------ */

typedef struct bulletin_archive bulletin_archive;

/* Flags for bulletin_archive_open(). */
#define BULLETIN_OPEN_READONLY 0x0001  /* never write; fails if missing */
#define BULLETIN_OPEN_CREATE   0x0002  /* create the file if missing */

/* Open the archive stored in the SQLite file `path`, creating it when
 * `flags` has BULLETIN_OPEN_CREATE and it does not exist.  The file is
 * put in WAL mode; the bulletin tokenizer is registered on the
 * connection.
 * Owner: the caller; release with bulletin_archive_close().
 * Errors: BULLETIN_ERROR_IO (cannot open or create the file),
 * BULLETIN_ERROR_ARCHIVE (not an archive: another SQLite database or not
 * a database at all), BULLETIN_ERROR_VERSION (written by an incompatible
 * library version), BULLETIN_ERROR_BUSY, BULLETIN_ERROR_DEPENDENCY,
 * BULLETIN_ERROR_NOMEM.
 * Threads: the handle may be shared; calls on it are serialised. */
bulletin_status bulletin_archive_open(bulletin_archive **out, const char *path,
                                      unsigned flags);

/* Close the archive and release the handle.  Results and articles read
 * from it stay valid (they are copies).  NULL is allowed. */
void bulletin_archive_close(bulletin_archive *archive);

/* Store one article.  Identity: `article->key` when given; otherwise
 * "ISSUE_DATE/pPAGE/POSITION" when the issue date and page are known,
 * else "SOURCE#POSITION".  Storing an article whose key exists replaces
 * that article and keeps its id, so re-indexing never duplicates.
 * `*out_id` (may be NULL) receives the id; `*out_created` (may be NULL)
 * is set to 1 for a new article, 0 for a replaced or unchanged one.
 * Errors: BULLETIN_ERROR_INVALID_ARGUMENT (no body, malformed date, page
 * or position negative), BULLETIN_ERROR_READONLY, BULLETIN_ERROR_BUSY,
 * BULLETIN_ERROR_IO, BULLETIN_ERROR_NOMEM. */
bulletin_status bulletin_archive_add_article(bulletin_archive *archive,
                                             const bulletin_article *article,
                                             int64_t *out_id, int *out_created);

/* Read one article by id.  Owner: the caller; release with
 * bulletin_article_free().  Errors: BULLETIN_ERROR_NOT_FOUND,
 * BULLETIN_ERROR_NOMEM, BULLETIN_ERROR_IO. */
bulletin_status bulletin_archive_get_article(bulletin_article **out,
                                             bulletin_archive *archive,
                                             int64_t id);

/* Delete one article by id.  Errors: BULLETIN_ERROR_NOT_FOUND,
 * BULLETIN_ERROR_READONLY, BULLETIN_ERROR_BUSY, BULLETIN_ERROR_IO. */
bulletin_status bulletin_archive_delete_article(bulletin_archive *archive,
                                                int64_t id);

/* What one indexed file gave.  Passed to the progress callback. */
typedef struct bulletin_file_report {
    const char *path;          /* the file */
    const char *format;        /* "xml", "text" */
    const char *encoding;      /* the encoding it was read in */
    size_t articles_added;
    size_t articles_updated;
    size_t articles_unchanged;
    size_t articles_removed;   /* stale articles of an earlier version */
} bulletin_file_report;

/* Called after each file.  `status` is BULLETIN_OK or the file's error,
 * in which case `error` describes it (else NULL).  Both pointers are
 * valid only during the call. */
typedef void (*bulletin_index_fn)(void *ctx, bulletin_status status,
                                  const bulletin_file_report *report,
                                  const bulletin_error *error);

#define BULLETIN_INDEX_OPTIONS_VERSION 1
typedef struct bulletin_index_options {
    unsigned version;          /* BULLETIN_INDEX_OPTIONS_VERSION */
    const char *issue_date;    /* "YYYY-MM-DD" for files that lack one */
    int page;                  /* page number for files that lack one */
    const char *encoding;      /* force an input encoding (ICU name) */
    bulletin_index_fn on_file; /* progress and per-file errors; may be NULL */
    void *ctx;                 /* passed to on_file */
} bulletin_index_options;
#define BULLETIN_INDEX_OPTIONS_INIT { BULLETIN_INDEX_OPTIONS_VERSION, NULL, 0, \
                                      NULL, NULL, NULL }

/* Totals of one bulletin_archive_index() call. */
typedef struct bulletin_index_stats {
    size_t files;              /* files read successfully */
    size_t files_failed;       /* files skipped because of an error */
    size_t articles_added;
    size_t articles_updated;
    size_t articles_unchanged;
    size_t articles_removed;
} bulletin_index_stats;

/* Index a file, or every file under a folder (recursively, in name
 * order; hidden entries skipped).  Files ending in .xml are read as
 * bulletin XML (validated against data/bulletin.rng); others as page
 * text.  Each file is stored in one transaction: a file that fails
 * leaves the archive exactly as before it, and the other files are still
 * indexed.  Articles that an earlier version of the same file had and
 * this one lacks are removed.
 * `options` may be NULL; `out_stats` may be NULL.
 * Returns BULLETIN_OK when every file was indexed, else the status of the
 * first file that failed (all files were still attempted; on_file saw
 * every error).  A missing `path` gives BULLETIN_ERROR_IO.
 * Errors also: BULLETIN_ERROR_READONLY, BULLETIN_ERROR_INVALID_ARGUMENT
 * (malformed issue_date), BULLETIN_ERROR_NOMEM. */
bulletin_status bulletin_archive_index(bulletin_archive *archive,
                                       const char *path,
                                       const bulletin_index_options *options,
                                       bulletin_index_stats *out_stats);

/* Summary figures of an archive. */
typedef struct bulletin_archive_stats {
    int64_t articles;
    int64_t issues;            /* distinct issue dates */
    int64_t sources;           /* distinct source files */
    char first_date[11];       /* "YYYY-MM-DD", or "" when no dates */
    char last_date[11];
    int64_t file_bytes;        /* size of the database file and its WAL */
    int schema_version;
} bulletin_archive_stats;

/* Fill `*out` with summary figures.  Errors: BULLETIN_ERROR_IO. */
bulletin_status bulletin_archive_stats_get(bulletin_archive_stats *out,
                                           bulletin_archive *archive);

/* ------------------------------------------------------------------ */
/* Search                                                              */
/* ------------------------------------------------------------------ */

/* The query language, for users (never raw FTS5 syntax):
 *   西城 工会        words separated by spaces must all match (AND);
 *   "暖心 驿站"      a phrase: the words in this order, adjacent;
 *   西城 OR 东城     either (OR binds looser than AND; upper case only);
 *   -广告            leave out articles containing the word;
 *   (a OR b) c       parentheses group.
 * A word matches inside longer words and in either script.  A query of
 * only excluded words, empty parentheses, an unbalanced quote or
 * parenthesis, or a dangling OR is a BULLETIN_ERROR_QUERY with the
 * position of the problem. */

#define BULLETIN_SEARCH_OPTIONS_VERSION 1
typedef struct bulletin_search_options {
    unsigned version;          /* BULLETIN_SEARCH_OPTIONS_VERSION */
    size_t limit;              /* hits to return; 0 means 20; at most 1000 */
    size_t offset;             /* hits to skip, for paging */
    size_t snippet_chars;      /* about this many characters; 0 means 60 */
} bulletin_search_options;
#define BULLETIN_SEARCH_OPTIONS_INIT { BULLETIN_SEARCH_OPTIONS_VERSION, 0, 0, 0 }

/* A matched stretch of a snippet: byte offsets into the snippet text. */
typedef struct bulletin_span {
    size_t start;
    size_t end;
} bulletin_span;

/* One search hit.  Every pointer is owned by the results it came from. */
typedef struct bulletin_hit {
    int64_t id;
    const char *headline;
    const char *issue_date;    /* "" when unknown */
    int page;
    bulletin_kind kind;
    double score;              /* higher is better; comparable within one search */
    const char *snippet;       /* plain text from the article's own script */
    const bulletin_span *highlights;  /* the matches inside `snippet` */
    size_t highlight_count;
} bulletin_hit;

typedef struct bulletin_results bulletin_results;

/* Run `query` against the archive.  Hits come best first.
 * Owner: the caller; release with bulletin_results_free().
 * Errors: BULLETIN_ERROR_QUERY (with the offset of the problem),
 * BULLETIN_ERROR_INVALID_ARGUMENT, BULLETIN_ERROR_NOMEM, BULLETIN_ERROR_IO.
 * `options` may be NULL. */
bulletin_status bulletin_archive_search(bulletin_results **out,
                                        bulletin_archive *archive,
                                        const char *query,
                                        const bulletin_search_options *options);

/* The number of articles that match, regardless of limit and offset. */
size_t bulletin_results_total(const bulletin_results *results);

/* The number of hits in this page of results (at most the limit). */
size_t bulletin_results_count(const bulletin_results *results);

/* The i-th hit of this page, 0-based; NULL when i is out of range.
 * Borrowed: valid until bulletin_results_free(). */
const bulletin_hit *bulletin_results_hit(const bulletin_results *results,
                                         size_t i);

/* Release results and all their hits.  NULL is allowed. */
void bulletin_results_free(bulletin_results *results);

/* Translate a user query into the FTS5 MATCH expression the archive runs
 * (for plain-SQL users of the loadable extension, and for debugging).
 * Owner: the caller frees `*out` with bulletin_string_free().
 * Errors: BULLETIN_ERROR_QUERY, BULLETIN_ERROR_NOMEM. */
bulletin_status bulletin_query_to_fts5(char **out, const char *query);

/* Release a string returned by the library.  NULL is allowed. */
void bulletin_string_free(char *string);

/* ------------------------------------------------------------------ */
/* Queries outside the archive: PostgreSQL, matching, highlighting     */
/* ------------------------------------------------------------------ */

/* Translate a user query (the language above) into PostgreSQL tsquery
 * text for a tsvector made by the bulletin tokenizer (the PostgreSQL
 * extension in bindings/postgresql does this in bulletin_query()).  A
 * word or phrase becomes positions joined by "<->", each position the
 * alternatives the tokenizer gives in query mode; a final single Han
 * character is a prefix ('会':*); AND, OR and exclusions become "&", "|"
 * and "& !".  Every lexeme is quoted.  The library does not depend on
 * PostgreSQL: this is plain text for tsquery's input function.
 * `tokenizer` may be NULL (a temporary one is made: slower); a given one
 * is used for the call only.
 * Owner: the caller frees `*out` with bulletin_string_free().
 * Errors: exactly those of bulletin_archive_search() for the same query
 * (BULLETIN_ERROR_QUERY with the offset), BULLETIN_ERROR_NOMEM.
 * With `flags` BULLETIN_TSQUERY_LOOSE, phrases become the AND of their
 * positions and excluded words are left out: a tsquery that matches every
 * text the exact one matches, for pre-filtering vectors stored without
 * positions (PostgreSQL cannot match a phrase on those).
 * Threads: as the tokenizer (one thread at a time per tokenizer). */
#define BULLETIN_TSQUERY_LOOSE 0x0001

bulletin_status bulletin_query_to_tsquery(char **out, bulletin_tokenizer *tokenizer,
                                          const char *query, unsigned flags);

/* A query prepared for matching texts in memory: whether a text matches
 * (with phrase positions, whatever engine holds it) and where. */
typedef struct bulletin_matcher bulletin_matcher;

/* Parse and check `query` for matching.  The matcher borrows `tokenizer`,
 * which must outlive it and be used by one thread at a time.
 * Owner: the caller; release with bulletin_matcher_free().
 * Errors: as bulletin_query_to_tsquery(). */
bulletin_status bulletin_matcher_new(bulletin_matcher **out, bulletin_tokenizer *tokenizer,
                                     const char *query);

/* Set `*out` to 1 when the query matches the fields `texts[0..count)`
 * (lengths in `lens`; a NULL text is skipped) taken together, as the
 * archive would match an article with those fields: each word or phrase
 * must occur within one field.  Errors: BULLETIN_ERROR_NOMEM,
 * BULLETIN_ERROR_INVALID_ARGUMENT. */
bulletin_status bulletin_matcher_test(int *out, bulletin_matcher *matcher,
                                      const char *const *texts, const size_t *lens,
                                      size_t count);

/* The matches of the query's words and phrases (not of excluded ones) in
 * `text`, as byte ranges of `text`, sorted, overlapping ones merged.
 * Owner: the caller frees `*out` with bulletin_spans_free().
 * Errors: BULLETIN_ERROR_NOMEM, BULLETIN_ERROR_INVALID_ARGUMENT. */
bulletin_status bulletin_matcher_spans(bulletin_span **out, size_t *count,
                                       bulletin_matcher *matcher, const char *text,
                                       size_t len);

/* Release spans from bulletin_matcher_spans().  NULL is allowed. */
void bulletin_spans_free(bulletin_span *spans);

#define BULLETIN_SNIPPET_OPTIONS_VERSION 1
typedef struct bulletin_snippet_options {
    unsigned version;          /* BULLETIN_SNIPPET_OPTIONS_VERSION */
    size_t max_chars;          /* about this many characters; 0: the whole text */
    const char *open;          /* before each match; NULL: "<mark>" */
    const char *close;         /* after each match; NULL: "</mark>" */
    const char *ellipsis;      /* where the text was cut; NULL: "…" */
    int html;                  /* non-zero: escape & < > " in the text */
} bulletin_snippet_options;
#define BULLETIN_SNIPPET_OPTIONS_INIT { BULLETIN_SNIPPET_OPTIONS_VERSION, 0, NULL, NULL, \
                                        NULL, 0 }

/* A stretch of `text` (about max_chars characters holding the most
 * matches; never cutting a match) with `open`/`close` around each match
 * of bulletin_matcher_spans().  The text between the marks is the
 * original's bytes, unchanged (escaped when `html`): nothing dropped,
 * repeated or converted.  A text without matches gives its beginning.
 * `options` may be NULL.  Owner: the caller frees `*out` with
 * bulletin_string_free().  Errors: BULLETIN_ERROR_NOMEM,
 * BULLETIN_ERROR_INVALID_ARGUMENT. */
bulletin_status bulletin_matcher_snippet(char **out, bulletin_matcher *matcher,
                                         const char *text, size_t len,
                                         const bulletin_snippet_options *options);

/* Release a matcher.  NULL is allowed. */
void bulletin_matcher_free(bulletin_matcher *matcher);

/* ------------------------------------------------------------------ */
/* Archive contents for copying elsewhere (bulletin-search pg-push)    */
/* ------------------------------------------------------------------ */

/* An article's id and a digest of everything stored about it: the digest
 * changes whenever the article's text or metadata change. */
typedef struct bulletin_article_digest {
    int64_t id;
    uint64_t digest;
} bulletin_article_digest;

/* Every article's id and digest, in id order: what a copy elsewhere
 * needs to send only what changed and to delete what is gone.
 * Owner: the caller frees `*out` with bulletin_digests_free().
 * Errors: BULLETIN_ERROR_NOMEM, BULLETIN_ERROR_IO. */
bulletin_status bulletin_archive_digests(bulletin_article_digest **out, size_t *count,
                                         bulletin_archive *archive);

/* Release digests.  NULL is allowed. */
void bulletin_digests_free(bulletin_article_digest *digests);

#ifdef __cplusplus
}
#endif

#endif /* BULLETIN_H */
