/* pretok.c - tokenizing the texts of a commit group on a second core
 * (see pretok.h for why).
 *
 * Jobs are kept in queue order; the thread takes them first to last.  A
 * job's tokens are recorded compactly, one after another:
 *     flags (1 byte), term length (varint), term bytes,
 *     start (varint), end - start (varint)
 * which is about ten bytes per Han bigram, so a commit group of 16 MB
 * of text records some 50 MB at most.  Jobs are found again by a hash of
 * their text in an open-addressing table, and compared byte for byte. */
#include "config.h"
#include "pretok.h"
#include "internal.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* JOB_TAKEN: the archive's thread needed it before the helper started
 * it, and tokenized the text itself. */
typedef enum job_state { JOB_QUEUED, JOB_RUNNING, JOB_DONE, JOB_FAILED, JOB_TAKEN } job_state;

typedef struct job {
    char *text;
    size_t len;
    uint64_t hash;
    job_state state;
    bulletin_buf tokens;
} job;

struct bulletin__pretok {
    pthread_mutex_t lock;
    pthread_cond_t changed;   /* a job was queued or finished, or stop */
    pthread_t thread;
    bool running;             /* the thread was started ... */
    pid_t owner;              /* ... by this process (not a fork's child) */
    bool stop;
    bool busy;                /* the thread is tokenizing a job */
    bool wait_for_all;        /* replay waits even for jobs not started */
    job **jobs;               /* queue order; pointers stay put */
    size_t njobs, cap, next;  /* next: the first job the thread has not taken */
    size_t *slots;            /* hash table of job index + 1 (0 = free) */
    size_t nslots;
    bool word_trigrams;       /* set before the thread starts, read-only after */
};

static uint64_t hash_text(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* ---------------------------------------------------------------- recording */

static bool put_varint(bulletin_buf *b, size_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return bulletin_buf_append(b, (const char *)tmp, n);
}

static size_t get_varint(const unsigned char **p)
{
    size_t v = 0;
    int shift = 0;
    unsigned char c;
    do {
        c = *(*p)++;
        v |= (size_t)(c & 0x7f) << shift;
        shift += 7;
    } while (c & 0x80);
    return v;
}

static int record_token(void *ctx, int flags, const char *term, size_t len, size_t start,
                        size_t end)
{
    bulletin_buf *b = ctx;
    char f = (char)flags;
    bool ok = bulletin_buf_append(b, &f, 1) && put_varint(b, len) &&
              bulletin_buf_append(b, term, len) && put_varint(b, start) &&
              put_varint(b, end - start);
    return ok ? 0 : 1;
}

/* ---------------------------------------------------------------- the thread */

static void *work(void *arg)
{
    bulletin__pretok *p = arg;
    bulletin_tokenizer *tok = NULL;
    bool usable = bulletin_tokenizer_new(&tok) == BULLETIN_OK;
    bulletin_tokenizer_set_word_trigrams(tok, p->word_trigrams);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && p->next < p->njobs && p->jobs[p->next]->state != JOB_QUEUED)
            p->next++;   /* taken back by the archive's thread */
        while (!p->stop && p->next == p->njobs)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->stop)
            break;
        job *j = p->jobs[p->next++];
        if (j->state != JOB_QUEUED)
            continue;
        j->state = JOB_RUNNING;
        p->busy = true;
        pthread_mutex_unlock(&p->lock);
        bool ok = usable && bulletin_tokenizer_run(tok, j->text, j->len,
                                                   BULLETIN_TOKENIZE_DOCUMENT, record_token,
                                                   &j->tokens) == BULLETIN_OK;
        pthread_mutex_lock(&p->lock);
        j->state = ok ? JOB_DONE : JOB_FAILED;
        p->busy = false;
        pthread_cond_broadcast(&p->changed);
    }
    pthread_mutex_unlock(&p->lock);
    bulletin_tokenizer_free(tok);
    return NULL;
}

/* The thread is usable only in the process that started it: after fork()
 * the child has the cache's memory but not its thread. */
static bool has_thread(bulletin__pretok *p)
{
    return p->running && p->owner == getpid();
}

static bool start_thread(bulletin__pretok *p)
{
    if (p->running)
        return has_thread(p);
    if (pthread_create(&p->thread, NULL, work, p) != 0)
        return false;
    p->running = true;
    p->owner = getpid();
    return true;
}

/* ---------------------------------------------------------------- the cache */

bulletin_status bulletin__pretok_new(bulletin__pretok **out)
{
    bulletin__pretok *p = calloc(1, sizeof *p);
    if (!p)
        return bulletin__nomem();
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    p->word_trigrams = true;
    *out = p;
    return BULLETIN_OK;
}

void bulletin__pretok_set_word_trigrams(bulletin__pretok *p, bool on)
{
    p->word_trigrams = on;
}

bool bulletin__pretok_word_trigrams(const bulletin__pretok *p)
{
    return p->word_trigrams;
}

static void free_job(job *j)
{
    free(j->text);
    bulletin_buf_free(&j->tokens);
    free(j);
}

/* Wait until the thread holds no job, then drop them all.  The caller
 * holds the lock. */
static void drop_jobs(bulletin__pretok *p)
{
    p->next = p->njobs;   /* jobs not taken yet are dropped untokenized */
    while (has_thread(p) && p->busy)
        pthread_cond_wait(&p->changed, &p->lock);
    for (size_t i = 0; i < p->njobs; i++)
        free_job(p->jobs[i]);
    p->njobs = p->next = 0;
    if (p->slots)
        memset(p->slots, 0, p->nslots * sizeof *p->slots);
}

void bulletin__pretok_free(bulletin__pretok *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    drop_jobs(p);
    p->stop = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    if (has_thread(p))
        pthread_join(p->thread, NULL);
    free(p->jobs);
    free(p->slots);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

void bulletin__pretok_wait_for_all(bulletin__pretok *p)
{
    pthread_mutex_lock(&p->lock);
    p->wait_for_all = true;
    pthread_mutex_unlock(&p->lock);
}

void bulletin__pretok_clear(bulletin__pretok *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    drop_jobs(p);
    pthread_mutex_unlock(&p->lock);
}

/* The slot of `hash` whose job has this text, or the free slot where it
 * would go.  The caller holds the lock; the table has a free slot. */
static size_t find_slot(const bulletin__pretok *p, uint64_t hash, const char *text, size_t len)
{
    size_t mask = p->nslots - 1, i = (size_t)hash & mask;
    for (; p->slots[i]; i = (i + 1) & mask) {
        const job *j = p->jobs[p->slots[i] - 1];
        if (j->hash == hash && j->len == len && !memcmp(j->text, text, len))
            break;
    }
    return i;
}

/* Room for one more job in the queue and a table at most half full. */
static bool reserve(bulletin__pretok *p)
{
    void *jobs = p->jobs;
    if (!bulletin__grow(&jobs, &p->cap, p->njobs + 1, sizeof *p->jobs, 256, false))
        return false;
    p->jobs = jobs;
    if (2 * (p->njobs + 1) <= p->nslots)
        return true;
    size_t nslots = p->nslots ? p->nslots * 2 : 512;
    size_t *slots = calloc(nslots, sizeof *slots);
    if (!slots)
        return false;
    free(p->slots);
    p->slots = slots;
    p->nslots = nslots;
    for (size_t k = 0; k < p->njobs; k++) {
        const job *j = p->jobs[k];
        p->slots[find_slot(p, j->hash, j->text, j->len)] = k + 1;
    }
    return true;
}

void bulletin__pretok_queue(bulletin__pretok *p, const char *text, size_t len)
{
    if (!p || !len)
        return;
    uint64_t hash = hash_text(text, len);
    pthread_mutex_lock(&p->lock);
    job *j = NULL;
    if (start_thread(p) && reserve(p) && !p->slots[find_slot(p, hash, text, len)] &&
        (j = calloc(1, sizeof *j)) && (j->text = malloc(len))) {
        memcpy(j->text, text, len);
        j->len = len;
        j->hash = hash;
        j->state = JOB_QUEUED;
        p->slots[find_slot(p, hash, text, len)] = p->njobs + 1;
        p->jobs[p->njobs++] = j;
        pthread_cond_broadcast(&p->changed);
        j = NULL;
    }
    if (j)
        free(j);
    pthread_mutex_unlock(&p->lock);
}

static int replay(const job *j, bulletin_token_fn fn, void *ctx)
{
    if (!j->tokens.len)   /* a text of punctuation only: no terms */
        return 0;
    const unsigned char *at = (const unsigned char *)j->tokens.data;
    const unsigned char *end = at + j->tokens.len;
    while (at < end) {
        int flags = (signed char)*at++;
        size_t len = get_varint(&at);
        const char *term = (const char *)at;
        at += len;
        size_t start = get_varint(&at);
        size_t stop = start + get_varint(&at);
        if (fn(ctx, flags, term, len, start, stop))
            break;
    }
    return 0;
}

int bulletin__pretok_replay(bulletin__pretok *p, const char *text, size_t len,
                            bulletin_token_fn fn, void *ctx)
{
    if (!p || !len)
        return -1;
    uint64_t hash = hash_text(text, len);
    pthread_mutex_lock(&p->lock);
    job *j = NULL;
    if (has_thread(p) && p->nslots) {
        size_t slot = p->slots[find_slot(p, hash, text, len)];
        j = slot ? p->jobs[slot - 1] : NULL;
        if (j && j->state == JOB_QUEUED && !p->wait_for_all)
            j->state = JOB_TAKEN;   /* the caller tokenizes it: no waiting */
        while (j && (j->state == JOB_QUEUED || j->state == JOB_RUNNING))
            pthread_cond_wait(&p->changed, &p->lock);
        if (j && j->state != JOB_DONE)
            j = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    /* A finished job is only read, and only freed by clear, which the
     * archive's own thread calls: no lock needed to replay it. */
    return j ? replay(j, fn, ctx) : -1;
}
