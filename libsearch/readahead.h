/* readahead.h - reading, checking and tagging the next files of an index
 * run on a helper thread.
 *
 * The archive's thread is the bottleneck of indexing: it alone can write
 * rows and run FTS5.  Reading a file (decoding, parsing), checking its
 * articles and tagging them (districts, topics, dates) need no SQL, and
 * their results depend only on the file and the tagger, so a helper
 * thread does them for the files the walk has found but the archive's
 * thread has not stored yet.  The archive's thread takes the files back
 * in the order they were queued, and stores them exactly as it would
 * have read them itself: the archive is the same either way.
 *
 * When the helper has not started on the oldest file yet (or there is
 * no helper), the archive's thread reads it itself instead of waiting,
 * and leaves its articles to be tagged when they are stored. */
#ifndef BULLETIN_READAHEAD_H
#define BULLETIN_READAHEAD_H

#include "archive.h"
#include "ingest/ingest.h"

#include <limits.h>

/* One queued file, once read (or once its reading failed). */
typedef struct bulletin__ready_file {
    char *path;                 /* as the walk found it */
    char source[PATH_MAX];      /* its real path: the articles' source */
    bulletin_status status;     /* OK, or why the file cannot be stored */
    bool was_read;              /* batch holds its articles (status: the check's) */
    bulletin_batch batch;
    bulletin__tags *tags;       /* one per article; NULL: tag them when storing */
    size_t text_bytes;          /* of the articles' bodies */
    /* The error behind `status`, recorded again by bulletin__ready_error
     * on the thread that reports it (errors are per thread). */
    char message[1024];
    char error_path[PATH_MAX];
    bool has_error_path;
    long line, offset;
} bulletin__ready_file;

typedef struct bulletin__readahead bulletin__readahead;

/* A queue for one index run.  `opts` (may be NULL) and `tagger` (NULL:
 * files are not tagged ahead) must outlive it, unchanged.  `threaded`
 * false: no helper thread, files are read when taken.  `tok` is the
 * caller's tokenizer, for reading on the caller's thread.  Errors: NOMEM. */
bulletin_status bulletin__readahead_new(bulletin__readahead **out,
                                        const bulletin_index_options *opts,
                                        const bulletin_tagger *tagger,
                                        bulletin_tokenizer *tok, bool threaded);

/* Stop the helper (waiting for the file it is on) and drop every queued
 * file.  NULL is allowed. */
void bulletin__readahead_free(bulletin__readahead *r);

/* Queue a file to read.  Errors: NOMEM (nothing queued). */
bulletin_status bulletin__readahead_add(bulletin__readahead *r, const char *path);

/* Queue a failure to report in its turn: the calling thread's last error,
 * about `path`.  Errors: NOMEM (nothing queued). */
bulletin_status bulletin__readahead_add_failed(bulletin__readahead *r, const char *path);

/* Whether the helper tags the files it starts from now on (at first it
 * does).  Tags found ahead are wasted on articles that turn out to be
 * unchanged, which are not tagged again: a run that finds its files
 * unchanged had better leave the tagging to the storing. */
void bulletin__readahead_tag_ahead(bulletin__readahead *r, bool tag);

/* Files queued and not yet taken. */
size_t bulletin__readahead_queued(const bulletin__readahead *r);

/* The oldest queued file, read and checked (and tagged), waiting for the
 * helper if it is on it; NULL when none is queued.  The file belongs to
 * the queue until bulletin__readahead_release. */
bulletin__ready_file *bulletin__readahead_take(bulletin__readahead *r);

/* Record the file's error (its status) as the calling thread's last. */
bulletin_status bulletin__ready_error(const bulletin__ready_file *f);

/* Free the file bulletin__readahead_take returned last. */
void bulletin__readahead_release(bulletin__readahead *r, bulletin__ready_file *f);

#endif
