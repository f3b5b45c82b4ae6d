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
 *   "abc"     a Han trigram whose three characters lie inside one ICU
 *             word, sharing the position of its bigram "ab" (archives of
 *             schema 3 on; see bulletin_tokenizer_set_word_trigrams());
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
    /* Like QUERY, but only the "inside one word" form is emitted: used to
     * rank whole-word matches above matches across words.  A run of three
     * or more Han characters comes out as its trigrams (one position
     * each), a run of two as its bigram. */
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

/* Whether DOCUMENT and QUERY_WORDS modes emit trigram terms ("abc"
 * above).  On (non-zero) for a new tokenizer: archives of schema 3 and
 * later store them.  Archives of schema 2 and older were indexed without
 * them; the FTS5 tokenizer turns them off for those archives' tables
 * (tokenize='bulletin', without the word_trigrams option).  NULL is
 * ignored.  Threads: not while the tokenizer is running. */
void bulletin_tokenizer_set_word_trigrams(bulletin_tokenizer *tokenizer, int on);

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
 * Errors: BULLETIN_ERROR_INVALID_ARGUMENT (no body, a body longer than
 * 64 KiB, malformed date, page or position negative), BULLETIN_ERROR_READONLY, BULLETIN_ERROR_BUSY,
 * BULLETIN_ERROR_IO, BULLETIN_ERROR_NOMEM. */
bulletin_status bulletin_archive_add_article(bulletin_archive *archive,
                                             const bulletin_article *article,
                                             int64_t *out_id, int *out_created);

/* Read one article by id.  An article that jump lines split across
 * pages is read whole, whichever part `id` names: the main part's fields
 * and id, with the paragraphs of every part (see bulletin_archive_get_parts).
 * Owner: the caller; release with bulletin_article_free().
 * Errors: BULLETIN_ERROR_NOT_FOUND, BULLETIN_ERROR_NOMEM,
 * BULLETIN_ERROR_IO. */
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
    /* What the file gave, by kind: stories (news, commentary, other),
     * advertisements, and continuations of stories from other pages
     * (opened by a jump line such as "（上接第1版）"). */
    size_t articles;
    size_t advertisements;
    size_t continuations;
    /* Jump lines of this file linked to the other part of their article
     * (which may come from this file or one indexed earlier). */
    size_t jumps_linked;
    /* Problems the file was indexed despite, such as undecodable bytes
     * read as U+FFFD; `first_warning` is the first of them, a sentence
     * naming the file and byte offset, or NULL when there is none. */
    size_t warnings;
    const char *first_warning;
} bulletin_file_report;

/* Called after each file.  `status` is BULLETIN_OK or the file's error,
 * in which case `error` describes it (else NULL).  Both pointers are
 * valid only during the call. */
typedef void (*bulletin_index_fn)(void *ctx, bulletin_status status,
                                  const bulletin_file_report *report,
                                  const bulletin_error *error);

#define BULLETIN_INDEX_OPTIONS_VERSION 2
typedef struct bulletin_index_options {
    unsigned version;          /* BULLETIN_INDEX_OPTIONS_VERSION */
    const char *issue_date;    /* "YYYY-MM-DD" for files that lack one */
    int page;                  /* page number for files that lack one */
    const char *encoding;      /* force an input encoding (ICU name) */
    bulletin_index_fn on_file; /* progress and per-file errors; may be NULL */
    void *ctx;                 /* passed to on_file */
    /* Since version 2.  0 (the default): while the calling thread stores
     * rows, tags and the search index, two helper threads of the library
     * work ahead of it: one reads, checks and tags the next files, the
     * other tokenizes the stored text for the search index (on two cores
     * about half again as fast as one thread; the archive is the same).
     * 1: everything on the calling thread. */
    int threads;
} bulletin_index_options;
#define BULLETIN_INDEX_OPTIONS_INIT { BULLETIN_INDEX_OPTIONS_VERSION, NULL, 0, \
                                      NULL, NULL, NULL, 0 }

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
 * text.  A file is read and checked whole before anything of it is
 * written: a file that fails leaves the archive as it was, and the other
 * files are still indexed.  Files are committed in groups of up to 64
 * (on_file hears of each file once its group is committed), so a crash or
 * kill leaves only whole files; should the commit itself fail (disk
 * full), every file of that group is reported failed and none is stored.
 * Articles that an earlier version of the same file had and this one
 * lacks are removed.
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

/* ------------------------------------------------------------------ */
/* Articles split across pages by jump lines                           */
/* ------------------------------------------------------------------ */

/* A story that does not fit on its page ends with a jump line such as
 * "（下转第3版）" and goes on on page 3 under "（上接第1版）".  When both
 * pages of an issue are indexed (in either order) the parts are linked:
 * bulletin_archive_get_article() on any part gives the whole article
 * (the main part's id, headline and byline, every part's paragraphs),
 * and a search that matches any part returns the article once, under
 * the main part's id. */

/* One part of an article. */
typedef struct bulletin_part {
    int64_t id;
    int page;
    int position;
    bulletin_kind kind;        /* the main part's kind, then "continuation" */
} bulletin_part;

/* The parts of the article that `id` is or belongs to: the main part
 * first, then its continuations in page order.  An article that no jump
 * line split has one part.
 * Owner: the caller frees `*out` with bulletin_parts_free().
 * Errors: BULLETIN_ERROR_NOT_FOUND, BULLETIN_ERROR_NOMEM,
 * BULLETIN_ERROR_IO, BULLETIN_ERROR_INVALID_ARGUMENT.
 * Threads: as every archive call. */
bulletin_status bulletin_archive_get_parts(bulletin_part **out, size_t *out_count,
                                           bulletin_archive *archive, int64_t id);

/* Release parts returned by bulletin_archive_get_parts().  NULL is
 * allowed. */
void bulletin_parts_free(bulletin_part *parts);

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
 * position of the problem.
 *
 * Fields (FIELD:VALUE, no space after the colon; a full-width colon works
 * too):
 *   district:西城    articles about the district (full, short or former
 *                    name, either script: district:宣武 finds 西城区 and
 *                    articles written when it was 宣武区); district:北京市
 *                    finds city-level articles;
 *   topic:党建       articles with the topic (the taxonomy's names);
 *   date:2017-12     issue date in 2017, 2017-12, 2017-12-01, or a range
 *                    2017-12-01..2018-03-31 (either end may be left out);
 *   event:2017-12    articles whose text names a date in that span;
 *   headline:暖心    the word (or "phrase") in the headline;
 *   author:张晶      a person named in the byline, a whole name in
 *                    either script (張晶 finds 张晶);
 *   page:1           printed page;
 *   kind:advertisement  news, commentary, advertisement, continuation, other.
 * Fields combine with words, OR, - and parentheses; an OR may not mix
 * words with fields other than headline: (fields are filters, not text).
 * A query of fields alone is allowed (everything in 西城).  A field that
 * does not exist, or a value it cannot take, is a BULLETIN_ERROR_QUERY
 * whose message lists the valid ones. */

/* A set of kinds for bulletin_search_options.kinds:
 * BULLETIN_KIND_BIT(BULLETIN_KIND_ADVERTISEMENT) asks for advertisements
 * only; BULLETIN_KINDS_ALL for everything. */
#define BULLETIN_KIND_BIT(kind) (1u << (unsigned)(kind))
#define BULLETIN_KINDS_ALL ((1u << BULLETIN_KIND_LAST) - 1u)

/* The order of hits. */
typedef enum bulletin_sort {
    BULLETIN_SORT_RELEVANCE = 0,  /* best match first (newest first without words) */
    BULLETIN_SORT_DATE_DESC,      /* newest issue first */
    BULLETIN_SORT_DATE_ASC        /* oldest issue first */
} bulletin_sort;

/* rank_window values: the default (newest 2,000 matches), and every match. */
#define BULLETIN_RANK_WINDOW_DEFAULT 2000
#define BULLETIN_RANK_ALL ((size_t)-1)

#define BULLETIN_SEARCH_OPTIONS_VERSION 3
typedef struct bulletin_search_options {
    unsigned version;          /* BULLETIN_SEARCH_OPTIONS_VERSION */
    size_t limit;              /* hits to return; 0 means 20; at most 1000 */
    size_t offset;             /* hits to skip, for paging */
    size_t snippet_chars;      /* about this many characters; 0 means 60 */
    /* Since version 2: the kinds of article to return, as BULLETIN_KIND_BIT
     * bits.  0 (the default) means every kind but advertisements, which
     * a reader looking for news does not want in the way.  A continuation
     * linked to its article counts as that article's kind. */
    unsigned kinds;
    const char *district;      /* as district: in a query: 西城, 西城区, 宣武 */
    const char *topic;         /* as topic: in a query: 党建 */
    const char *date_from;     /* issue date from: "2017", "2017-12", "2017-12-01" */
    const char *date_to;       /* issue date up to (the whole year or month) */
    bulletin_sort sort;
    int facets;                /* non-zero: count hits per facet (see below) */
    /* Since version 3: how many matches relevance ranks, newest first
     * (see bulletin_archive_search); 0 means BULLETIN_RANK_WINDOW_DEFAULT,
     * BULLETIN_RANK_ALL ranks every match and counts them exactly. */
    size_t rank_window;
} bulletin_search_options;
#define BULLETIN_SEARCH_OPTIONS_INIT { BULLETIN_SEARCH_OPTIONS_VERSION, 0, 0, 0, 0, \
                                       NULL, NULL, NULL, NULL, BULLETIN_SORT_RELEVANCE, 0, 0 }

/* A matched stretch of a snippet: byte offsets into the snippet text. */
typedef struct bulletin_span {
    size_t start;
    size_t end;
} bulletin_span;

/* A tag of an article: a district or a topic, and how strongly the
 * article is about it (a sum of weighted mentions; comparable within one
 * article). */
typedef struct bulletin_tag {
    const char *name;
    double weight;
} bulletin_tag;

/* A date (or span of days) named in an article's text, resolved against
 * its issue date: "12月8日" in an issue of 2017-12-12 is 2017-12-08. */
typedef struct bulletin_event_date {
    char from[11];             /* "YYYY-MM-DD" */
    char to[11];               /* == from for a single day */
    size_t start;              /* byte offsets of the words in the body */
    size_t end;
} bulletin_event_date;

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
    /* ---- since 0.2: tags (see "Districts, topics and dates") */
    const bulletin_tag *districts;    /* heaviest first; weight = score */
    size_t district_count;
    const char *primary_district;     /* districts[0].name, or "" */
    const bulletin_tag *topics;       /* highest score first */
    size_t topic_count;
    const char *const *authors;       /* people named in the byline */
    size_t author_count;
    const bulletin_event_date *event_dates;  /* dates named in the text */
    size_t event_date_count;
} bulletin_hit;

typedef struct bulletin_results bulletin_results;

/* Run `query` against the archive.  Hits come best first (or in the
 * order `options->sort` asks for).  `query` may be NULL or "" when an
 * option filters (district, topic, date_from, date_to): then every
 * article passing the filters matches, newest first.  The option filters
 * AND with the query's own fields.
 *
 * Relevance on a large archive: matches are read newest first (in the
 * order the articles were indexed, which for back issues indexed in
 * order is their date) and only the first `options->rank_window` of them
 * (2,000 by default) are scored and ranked, so that a query matching half
 * of a million articles costs about as much as one matching two thousand.
 * When a query has more matches than that, its hits are the best of its
 * newest matches, and bulletin_results_total() is an estimate
 * (bulletin_results_total_is_exact() says which).  Pages of one query
 * come from the same window as long as offset + limit fits in it (the
 * window grows to offset + limit).  Asking for facets, or for
 * BULLETIN_RANK_ALL, reads every match, so totals and facet counts are
 * then exact; sorting by date always reads every match.
 *
 * Memory: a handle keeps an index of every article's facts (31 bytes an
 * article) once a search has counted facets over 20,000 matches or more,
 * or once a second search in date order reads that many, and uses it
 * for every later search; keep one handle open for many searches.
 *
 * Owner: the caller; release with bulletin_results_free().
 * Errors: BULLETIN_ERROR_QUERY (with the offset of the problem; also a
 * district, topic or date option that names nothing, with a message
 * listing the valid ones), BULLETIN_ERROR_INVALID_ARGUMENT,
 * BULLETIN_ERROR_NOMEM, BULLETIN_ERROR_IO.
 * `options` may be NULL; versions 1 and 2 are still accepted.
 * Thread-safety: searches on one archive handle take turns. */
bulletin_status bulletin_archive_search(bulletin_results **out,
                                        bulletin_archive *archive,
                                        const char *query,
                                        const bulletin_search_options *options);

/* The number of articles that match, regardless of limit and offset:
 * exact, or an estimate when the search ranked only its newest matches
 * (see bulletin_archive_search and bulletin_results_total_is_exact). */
size_t bulletin_results_total(const bulletin_results *results);

/* 1 when bulletin_results_total() is an exact count, 0 when it is an
 * estimate (the query had more matches than its rank window and no
 * facets were asked for).  NULL gives 1. */
int bulletin_results_total_is_exact(const bulletin_results *results);

/* The number of hits in this page of results (at most the limit). */
size_t bulletin_results_count(const bulletin_results *results);

/* The i-th hit of this page, 0-based; NULL when i is out of range.
 * Borrowed: valid until bulletin_results_free(). */
const bulletin_hit *bulletin_results_hit(const bulletin_results *results,
                                         size_t i);

/* Release results and all their hits.  NULL is allowed. */
void bulletin_results_free(bulletin_results *results);

/* ------------------------------------------------------------------ */
/* Districts, topics and dates: facets and re-tagging                  */
/* ------------------------------------------------------------------ */

/* Every stored article is tagged when it is indexed:
 *  - districts, from a gazetteer (data/gazetteer.txt): the Beijing
 *    districts its headline, byline and text name, directly, by a former
 *    name (崇文区 is 东城区) or through a street, town or area (德胜街道
 *    is in 西城区); the heaviest is its primary district.  City-level
 *    articles (市总工会, 北京市) get "北京市" instead.  README.md gives
 *    the weighting rule;
 *  - topics, from a taxonomy (data/taxonomy.txt) of weighted terms;
 *  - event dates, the dates its text names (see bulletin_event_date).
 * Both data files are compiled in; `bulletin_archive_retag` stores an
 * edited copy in the archive and re-tags every article. */

typedef enum bulletin_facet {
    BULLETIN_FACET_DISTRICT = 0,  /* "西城区", "北京市" ...: an article counts
                                   * once for each district it is tagged with */
    BULLETIN_FACET_TOPIC,         /* once for each topic */
    BULLETIN_FACET_YEAR,          /* "2017": issue year */
    BULLETIN_FACET_MONTH,         /* "2017-12": issue month */
    BULLETIN_FACET_LAST
} bulletin_facet;

/* One value of a facet and the number of matching articles that have it. */
typedef struct bulletin_facet_count {
    const char *value;
    size_t count;
} bulletin_facet_count;

/* The counts of one facet over ALL the articles that matched (not only
 * this page of hits), largest first (YEAR and MONTH: in date order).
 * `*out_count` receives the number of values.  NULL (and 0) when the
 * search was run without `facets` set or no article has the facet.
 * Borrowed: valid until bulletin_results_free().  Thread-safe on a
 * results object no one is freeing. */
const bulletin_facet_count *bulletin_results_facet(const bulletin_results *results,
                                                   bulletin_facet facet,
                                                   size_t *out_count);

#define BULLETIN_RETAG_OPTIONS_VERSION 1
typedef struct bulletin_retag_options {
    unsigned version;          /* BULLETIN_RETAG_OPTIONS_VERSION */
    const char *gazetteer;     /* a gazetteer file to use from now on, or NULL */
    const char *taxonomy;      /* a taxonomy file to use from now on, or NULL */
    int builtin;               /* non-zero: forget the archive's copies and go
                                * back to the built-in ones (before loading
                                * the files above, if any) */
} bulletin_retag_options;
#define BULLETIN_RETAG_OPTIONS_INIT { BULLETIN_RETAG_OPTIONS_VERSION, NULL, NULL, 0 }

/* What a re-tag did. */
typedef struct bulletin_retag_stats {
    size_t articles;           /* articles tagged */
    size_t districts;          /* district tags written */
    size_t topics;             /* topic tags written */
    size_t events;             /* event dates written */
} bulletin_retag_stats;

/* Re-tag every article of the archive: districts, topics and event dates
 * are computed again from the stored text (the full-text index is not
 * touched, so this is much faster than indexing), in one transaction.
 * With `options->gazetteer` or `taxonomy`, that file is checked, stored
 * in the archive (so later indexing uses it too) and used.  `options`
 * and `out_stats` may be NULL.
 * Errors: BULLETIN_ERROR_IO (a file cannot be read), BULLETIN_ERROR_INPUT
 * (a malformed file: the error names its path and line; the archive is
 * left as it was), BULLETIN_ERROR_READONLY, BULLETIN_ERROR_BUSY,
 * BULLETIN_ERROR_NOMEM.  Threads: serialised on the handle like every
 * call. */
bulletin_status bulletin_archive_retag(bulletin_archive *archive,
                                       const bulletin_retag_options *options,
                                       bulletin_retag_stats *out_stats);

/* The tags of one stored article (since 0.2): the same districts, topics
 * and event dates a search hit carries. */
typedef struct bulletin_article_tags {
    const bulletin_tag *districts;    /* its own (primary) district first */
    size_t district_count;
    const char *primary_district;     /* districts[0].name, or "" */
    const bulletin_tag *topics;       /* highest score first */
    size_t topic_count;
    const bulletin_event_date *event_dates;  /* in the order of the text */
    size_t event_date_count;
} bulletin_article_tags;

/* Read the tags of article `id`.  A continuation (a part of an article
 * split by jump lines) gives the tags of its whole article, as search
 * does.  Owner: the caller; release with bulletin_article_tags_free().
 * Errors: BULLETIN_ERROR_NOT_FOUND, BULLETIN_ERROR_INVALID_ARGUMENT,
 * BULLETIN_ERROR_NOMEM, BULLETIN_ERROR_IO.  Threads: serialised on the
 * handle like every call. */
bulletin_status bulletin_archive_get_tags(bulletin_article_tags **out,
                                          bulletin_archive *archive, int64_t id);

/* Release tags returned by bulletin_archive_get_tags().  NULL is allowed. */
void bulletin_article_tags_free(bulletin_article_tags *tags);

/* Translate a user query into an FTS5 MATCH expression that matches the
 * articles the archive's searches match (for plain-SQL users of the
 * loadable extension, and for debugging).  It is written to be ranked by
 * FTS5's own bm25() (the table's default `rank`); the archive's searches
 * ask for some words' bigram forms apart, for speed, and rank with their
 * own function instead.
 * Fields other than headline: are filters on the archive's tables, not
 * FTS5 text: a query with them is a BULLETIN_ERROR_QUERY here.
 * Owner: the caller frees `*out` with bulletin_string_free().
 * Errors: BULLETIN_ERROR_QUERY, BULLETIN_ERROR_NOMEM. */
bulletin_status bulletin_query_to_fts5(char **out, const char *query);

/* Release a string returned by the library.  NULL is allowed. */
void bulletin_string_free(char *string);

/* ------------------------------------------------------------------ */
/* Maintenance: backups and integrity checks                           */
/* ------------------------------------------------------------------ */

/* Concurrency and crash safety, for every call above and below:
 *  - the archive is in WAL mode: any number of readers (handles in this
 *    or other processes) search while one writer indexes, and each search
 *    sees one committed state;
 *  - a writer waits up to 10 seconds (the busy timeout) for another
 *    writer's transaction, which lasts one file; after that the call fails
 *    with BULLETIN_ERROR_BUSY and changes nothing, and may be retried.
 *    Readers do not wait for writers;
 *  - each file is one transaction: a process killed at any moment leaves
 *    the archive as it was after the last whole file, and indexing the
 *    same files again completes it.  (A process killed while creating a
 *    new archive may leave an empty file, which bulletin_archive_open
 *    reports as "empty, not a bulletin archive" and BULLETIN_OPEN_CREATE
 *    fills in.)
 *  - a full disk or a read-only file fails the call with BULLETIN_ERROR_IO
 *    or BULLETIN_ERROR_READONLY and leaves the archive as it was.  Reading
 *    a WAL archive needs its -shm file: in a folder the reader cannot
 *    write to, serve a copy made by bulletin_archive_backup() instead. */

/* Write a consistent copy of the archive to the file `dest`, for
 * read-only replicas and backups.  The copy is taken with SQLite's online
 * backup API inside one read transaction, so it is a snapshot of the
 * archive as it was when the call began: other processes may go on
 * searching and indexing meanwhile (WAL), and what they commit later is
 * simply not in the copy.  The copy is written to a temporary file beside
 * `dest` and renamed over `dest` only when complete, so `dest` is never
 * seen half-written; it is a single self-contained file (rollback
 * journal, not WAL), which may be opened with BULLETIN_OPEN_READONLY on
 * read-only media.  An existing `dest` is replaced.
 * Errors: BULLETIN_ERROR_INVALID_ARGUMENT (`dest` is the archive itself,
 * or empty), BULLETIN_ERROR_IO (the copy cannot be written: folder
 * missing or read-only, disk full; nothing is left behind),
 * BULLETIN_ERROR_BUSY, BULLETIN_ERROR_ARCHIVE (the archive is damaged),
 * BULLETIN_ERROR_NOMEM.
 * Threads: holds the handle's lock for the whole copy; other handles,
 * in this or other processes, are not blocked. */
bulletin_status bulletin_archive_backup(bulletin_archive *archive, const char *dest);

/* What bulletin_archive_check() found. */
typedef struct bulletin_check_report {
    int64_t articles;          /* rows in the articles table */
    int64_t indexed;           /* articles in the search index */
    int database_ok;           /* SQLite's PRAGMA integrity_check passed */
    int index_ok;              /* FTS5's integrity-check passed, and the
                                * index holds every article exactly once */
} bulletin_check_report;

/* Run the integrity checks: SQLite's PRAGMA integrity_check over the
 * whole file, FTS5's 'integrity-check' of the search index against the
 * articles, and a count of indexed against stored articles.  `*out` (may
 * be NULL) receives what was found.
 * Returns BULLETIN_OK when the archive is sound; BULLETIN_ERROR_ARCHIVE
 * when it is damaged, with a message in plain words saying which part
 * (the database file, or the search index) and what to do.
 * Errors also: BULLETIN_ERROR_READONLY (the handle was opened with
 * BULLETIN_OPEN_READONLY: FTS5 runs its check as a write statement,
 * although it changes nothing), BULLETIN_ERROR_BUSY, BULLETIN_ERROR_IO,
 * BULLETIN_ERROR_NOMEM.
 * Threads: serialised on the handle like every call. */
bulletin_status bulletin_archive_check(bulletin_archive *archive,
                                       bulletin_check_report *out);

/* Merge the search index into one segment.  Each indexing transaction
 * writes a segment of its own and FTS5 merges them only now and then, so
 * after a bulk import the index is in several segments (12 after a
 * million articles), and every search reads each of them.  Run it after
 * large imports, not after every file: it rewrites the whole index (20-40
 * s at a million articles) and needs free disk space for a second copy of
 * it while it runs.  One transaction: interrupted or failing (disk full), it leaves
 * the index as it was.  Searches by other handles go on meanwhile.
 * Errors: BULLETIN_ERROR_READONLY (the handle was opened with
 * BULLETIN_OPEN_READONLY, or the file is read-only), BULLETIN_ERROR_BUSY
 * (another process kept a write transaction open past the busy timeout),
 * BULLETIN_ERROR_IO (disk full), BULLETIN_ERROR_NOMEM.
 * Threads: holds the handle's lock for the whole merge. */
bulletin_status bulletin_archive_optimize(bulletin_archive *archive);
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
