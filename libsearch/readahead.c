/* readahead.c - reading, checking and tagging the next files of an index
 * run on a helper thread (see readahead.h for why).
 *
 * Files are kept in a list in queue order.  The helper takes them first
 * to last, while the bodies it has read and the archive's thread has not
 * taken stay under AHEAD_BYTES (the walk already bounds how many files
 * are queued).  Each thread reads with its own tokenizer and folding
 * scratch; the tagger is shared read-only. */
#include "config.h"
#include "readahead.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bodies read ahead and not taken yet: about a commit group's worth. */
#define AHEAD_BYTES (16u * 1024 * 1024)

typedef enum entry_state { ENTRY_QUEUED, ENTRY_READING, ENTRY_READY } entry_state;

typedef struct entry {
    bulletin__ready_file file;
    entry_state state;
    struct entry *next;
} entry;

/* What one thread needs to read files: its tokenizer and scratch. */
typedef struct reader {
    bulletin_tokenizer *tok;
    bulletin__folded_article folded;
} reader;

struct bulletin__readahead {
    const bulletin_index_options *opts;
    const bulletin_tagger *tagger;
    reader own;                 /* the archive's thread's (tok borrowed) */
    pthread_mutex_t lock;
    pthread_cond_t changed;     /* a file was queued, read or taken, or stop */
    pthread_t thread;
    bool running, stop;
    entry *head, *tail;         /* queue order */
    entry *unread;              /* the first file nobody has started */
    size_t queued;              /* files not taken */
    size_t ahead_bytes;         /* bodies read and not taken */
    bool tag_ahead;             /* the helper tags the files it reads */
};

/* ---------------------------------------------------------------- reading */

static void keep_error(bulletin__ready_file *f, bulletin_status st)
{
    const bulletin_error *e = bulletin_error_last();
    f->status = st;
    snprintf(f->message, sizeof f->message, "%s", e->message);
    f->has_error_path = e->path != NULL;
    snprintf(f->error_path, sizeof f->error_path, "%s", e->path ? e->path : "");
    f->line = e->line;
    f->offset = e->offset;
}

bulletin_status bulletin__ready_error(const bulletin__ready_file *f)
{
    return bulletin__error_at(f->status, f->has_error_path ? f->error_path : NULL, f->line,
                              f->offset, "%s", f->message);
}

/* Tag every article of the file; on any failure leave them untagged, to
 * be tagged (and the failure reported) when they are stored. */
static void tag_file(const bulletin__readahead *r, reader *rd, bulletin__ready_file *f)
{
    size_t n = f->batch.count;
    if (!r->tagger || !rd->tok || !n || !(f->tags = calloc(n, sizeof *f->tags)))
        return;
    for (size_t i = 0; i < n; i++)
        if (bulletin__tagger_run_with(r->tagger, rd->tok, &rd->folded, &f->batch.articles[i],
                                      &f->tags[i])) {
            for (size_t k = 0; k < n; k++)
                bulletin__tags_free(&f->tags[k]);
            free(f->tags);
            f->tags = NULL;
            return;
        }
}

/* Everything store.c did before writing: read, check, and tag if `tag`. */
static void read_file(const bulletin__readahead *r, reader *rd, bulletin__ready_file *f,
                      bool tag)
{
    if (!realpath(f->path, f->source))
        snprintf(f->source, sizeof f->source, "%s", f->path);
    bulletin_status st = bulletin__ingest_file(f->path, f->source, r->opts, &f->batch);
    if (st) {
        keep_error(f, st);
        return;
    }
    f->was_read = true;
    for (size_t i = 0; i < f->batch.count; i++) {
        if ((st = bulletin__check_article(&f->batch.articles[i]))) {
            keep_error(f, st);
            return;
        }
        f->text_bytes += strlen(f->batch.articles[i].body);
    }
    if (tag)
        tag_file(r, rd, f);
}

/* ---------------------------------------------------------------- the thread */

static bool may_read(const bulletin__readahead *r)
{
    return r->unread && r->ahead_bytes < AHEAD_BYTES;
}

static void *work(void *arg)
{
    bulletin__readahead *r = arg;
    reader rd = { NULL, { BULLETIN_FOLDED_INIT, BULLETIN_FOLDED_INIT, BULLETIN_FOLDED_INIT,
                          BULLETIN_FOLDED_INIT } };
    if (bulletin_tokenizer_new(&rd.tok))
        rd.tok = NULL;   /* files are still read, not tagged */
    pthread_mutex_lock(&r->lock);
    for (;;) {
        while (!r->stop && !may_read(r))
            pthread_cond_wait(&r->changed, &r->lock);
        if (r->stop)
            break;
        entry *e = r->unread;
        r->unread = e->next;
        e->state = ENTRY_READING;
        bool tag = r->tag_ahead;
        pthread_mutex_unlock(&r->lock);
        read_file(r, &rd, &e->file, tag);
        pthread_mutex_lock(&r->lock);
        e->state = ENTRY_READY;
        r->ahead_bytes += e->file.text_bytes;
        pthread_cond_broadcast(&r->changed);
    }
    pthread_mutex_unlock(&r->lock);
    bulletin__folded_article_free(&rd.folded);
    bulletin_tokenizer_free(rd.tok);
    return NULL;
}

/* ---------------------------------------------------------------- the queue */

bulletin_status bulletin__readahead_new(bulletin__readahead **out,
                                        const bulletin_index_options *opts,
                                        const bulletin_tagger *tagger,
                                        bulletin_tokenizer *tok, bool threaded)
{
    bulletin__readahead *r = calloc(1, sizeof *r);
    if (!r)
        return bulletin__nomem();
    r->opts = opts;
    r->tagger = tagger;
    r->own.tok = tok;
    r->tag_ahead = true;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->changed, NULL);
    /* Without a thread every file is read when taken. */
    r->running = threaded && pthread_create(&r->thread, NULL, work, r) == 0;
    *out = r;
    return BULLETIN_OK;
}

static void free_file(bulletin__ready_file *f)
{
    if (f->tags)
        for (size_t i = 0; i < f->batch.count; i++)
            bulletin__tags_free(&f->tags[i]);
    free(f->tags);
    bulletin__batch_free(&f->batch);
    free(f->path);
}

void bulletin__readahead_free(bulletin__readahead *r)
{
    if (!r)
        return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
    if (r->running)
        pthread_join(r->thread, NULL);
    while (r->head) {
        entry *e = r->head;
        r->head = e->next;
        free_file(&e->file);
        free(e);
    }
    bulletin__folded_article_free(&r->own.folded);
    pthread_cond_destroy(&r->changed);
    pthread_mutex_destroy(&r->lock);
    free(r);
}

static void append(bulletin__readahead *r, entry *e)
{
    pthread_mutex_lock(&r->lock);
    if (r->tail)
        r->tail->next = e;
    else
        r->head = e;
    r->tail = e;
    if (e->state == ENTRY_QUEUED && !r->unread)
        r->unread = e;
    r->queued++;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
}

static entry *new_entry(const char *path)
{
    entry *e = calloc(1, sizeof *e);
    if (e && !(e->file.path = bulletin__strdup(path))) {
        free(e);
        e = NULL;
    }
    return e;
}

bulletin_status bulletin__readahead_add(bulletin__readahead *r, const char *path)
{
    entry *e = new_entry(path);
    if (!e)
        return bulletin__nomem();
    e->state = ENTRY_QUEUED;
    append(r, e);
    return BULLETIN_OK;
}

bulletin_status bulletin__readahead_add_failed(bulletin__readahead *r, const char *path)
{
    bulletin_status st = bulletin_error_last()->status;
    entry *e = new_entry(path);
    if (!e)
        return bulletin__nomem();
    keep_error(&e->file, st ? st : BULLETIN_ERROR_INTERNAL);
    e->state = ENTRY_READY;
    append(r, e);
    return BULLETIN_OK;
}

void bulletin__readahead_tag_ahead(bulletin__readahead *r, bool tag)
{
    pthread_mutex_lock(&r->lock);
    r->tag_ahead = tag;
    pthread_mutex_unlock(&r->lock);
}

size_t bulletin__readahead_queued(const bulletin__readahead *r)
{
    return r->queued;   /* changed by the archive's thread only */
}

bulletin__ready_file *bulletin__readahead_take(bulletin__readahead *r)
{
    pthread_mutex_lock(&r->lock);
    entry *e = r->head;
    if (e && e == r->unread) {   /* nobody started it: read it here */
        r->unread = e->next;
        e->state = ENTRY_READING;
        pthread_mutex_unlock(&r->lock);
        /* Tagging here would gain nothing over tagging when storing,
         * which skips unchanged articles. */
        read_file(r, &r->own, &e->file, false);
        pthread_mutex_lock(&r->lock);
        e->state = ENTRY_READY;
        r->ahead_bytes += e->file.text_bytes;
    }
    while (e && e->state != ENTRY_READY)
        pthread_cond_wait(&r->changed, &r->lock);
    pthread_mutex_unlock(&r->lock);
    return e ? &e->file : NULL;
}

void bulletin__readahead_release(bulletin__readahead *r, bulletin__ready_file *f)
{
    pthread_mutex_lock(&r->lock);
    entry *e = r->head;   /* f is the head's file */
    if (!e || &e->file != f) {
        pthread_mutex_unlock(&r->lock);
        return;
    }
    r->head = e->next;
    if (!r->head)
        r->tail = NULL;
    r->queued--;
    r->ahead_bytes -= e->file.text_bytes;
    pthread_cond_broadcast(&r->changed);
    pthread_mutex_unlock(&r->lock);
    free_file(&e->file);
    free(e);
}
