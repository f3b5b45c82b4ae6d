/* test_concurrency_threads.c - threads searching one archive file while
 * another thread indexes into it.
 *
 * One writer thread indexes a folder of pages.  Meanwhile three reader
 * threads, each with its own read-only handle, and two threads sharing
 * one handle (calls on a handle are serialised) search continuously, and
 * one thread takes backups.  Every search must succeed (never BUSY),
 * each thread's count of matching articles may only grow (each file is
 * one transaction, each search one snapshot), and every backup must be
 * sound and hold whole files only.  None of it depends on how the
 * threads interleave. */
#include "config.h"

#include <bulletin.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"

#define PAGES 30
#define OWN_READERS 3
#define SHARED_READERS 2

static char dir[] = "/tmp/bulletin-test-threads-XXXXXX";
static char db[512];
static atomic_int writer_done;

typedef struct reader {
    bulletin_archive *shared;   /* NULL: open an own handle */
    long searches;
    long failures;
    long decreases;
    size_t last_total;
    char first_error[256];
} reader;

static void *read_loop(void *arg)
{
    reader *r = arg;
    bulletin_archive *a = r->shared;
    if (!a && bulletin_archive_open(&a, db, BULLETIN_OPEN_READONLY) != BULLETIN_OK) {
        r->failures++;
        snprintf(r->first_error, sizeof r->first_error, "%s", bulletin_error_last()->message);
        return NULL;
    }
    size_t last = 0;
    bool done;
    do {
        /* Read the flag first: a search that starts after the writer
         * finished must see every page. */
        done = atomic_load(&writer_done);
        bulletin_results *res;
        r->searches++;
        if (bulletin_archive_search(&res, a, "避风港", NULL) != BULLETIN_OK) {
            if (!r->failures++)
                snprintf(r->first_error, sizeof r->first_error, "%s",
                         bulletin_error_last()->message);
            continue;
        }
        size_t total = bulletin_results_total(res);
        r->decreases += total < last;
        last = total;
        bulletin_results_free(res);
    } while (!done);
    r->last_total = last;
    if (!r->shared)
        bulletin_archive_close(a);
    return NULL;
}

typedef struct backup_taker {
    long taken;
    long bad;
} backup_taker;

static long article_count(const char *path, bool *sound)
{
    bulletin_archive *a;
    bulletin_archive_stats s;
    *sound = false;
    if (bulletin_archive_open(&a, path, 0) != BULLETIN_OK)
        return -1;
    *sound = bulletin_archive_check(a, NULL) == BULLETIN_OK;
    long n = bulletin_archive_stats_get(&s, a) == BULLETIN_OK ? (long)s.articles : -1;
    bulletin_archive_close(a);
    return n;
}

static void *backup_loop(void *arg)
{
    backup_taker *b = arg;
    bulletin_archive *a;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_READONLY) != BULLETIN_OK) {
        b->bad++;
        return NULL;
    }
    char path[600];
    do {
        snprintf(path, sizeof path, "%s/backup%ld.db", dir, b->taken);
        b->taken++;
        bool sound;
        if (bulletin_archive_backup(a, path) != BULLETIN_OK) {
            printf("# backup failed: %s\n", bulletin_error_last()->message);
            b->bad++;
        } else {
            long n = article_count(path, &sound);
            if (!sound || n < 0 || n % 7 != 0) {
                printf("# backup %ld: %ld articles, sound %d\n", b->taken, n, sound);
                b->bad++;
            }
        }
        unlink(path);
    } while (!atomic_load(&writer_done));
    bulletin_archive_close(a);
    return NULL;
}

static bool copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[8192];
    size_t n;
    bool good = in && out;
    while (good && (n = fread(buf, 1, sizeof buf, in)) > 0)
        good = fwrite(buf, 1, n, out) == n;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        good = false;
    return good;
}

int main(void)
{
    const char *srcdir = getenv("srcdir");
    char sample[4096], pages[600], page[700];
    snprintf(sample, sizeof sample, "%s/corpus/2017-12-12-p2.txt", srcdir ? srcdir : ".");
    if (!mkdtemp(dir))
        return 1;
    snprintf(db, sizeof db, "%s/threads.db", dir);
    snprintf(pages, sizeof pages, "%s/pages", dir);
    mkdir(pages, 0755);
    for (int i = 0; i < PAGES; i++) {
        snprintf(page, sizeof page, "%s/2004-%02d-%02d-p2.txt", pages, i / 28 + 1, i % 28 + 1);
        if (!copy_file(sample, page)) {
            printf("Bail out! cannot copy %s\n", sample);
            return 1;
        }
    }
    /* The archive exists, with one page, before the readers start. */
    bulletin_archive *writer, *shared;
    snprintf(page, sizeof page, "%s/2004-01-01-p2.txt", pages);
    if (bulletin_archive_open(&writer, db, BULLETIN_OPEN_CREATE) != BULLETIN_OK ||
        bulletin_archive_index(writer, page, NULL, NULL) != BULLETIN_OK ||
        bulletin_archive_open(&shared, db, BULLETIN_OPEN_READONLY) != BULLETIN_OK) {
        printf("Bail out! %s\n", bulletin_error_last()->message);
        return 1;
    }

    reader readers[OWN_READERS + SHARED_READERS];
    pthread_t threads[OWN_READERS + SHARED_READERS], backup_thread;
    memset(readers, 0, sizeof readers);
    backup_taker backups = { 0, 0 };
    for (int i = 0; i < OWN_READERS + SHARED_READERS; i++) {
        readers[i].shared = i < OWN_READERS ? NULL : shared;
        pthread_create(&threads[i], NULL, read_loop, &readers[i]);
    }
    pthread_create(&backup_thread, NULL, backup_loop, &backups);

    bulletin_index_stats stats;
    bulletin_status st = bulletin_archive_index(writer, pages, NULL, &stats);
    atomic_store(&writer_done, 1);
    for (int i = 0; i < OWN_READERS + SHARED_READERS; i++)
        pthread_join(threads[i], NULL);
    pthread_join(backup_thread, NULL);

    is_int(st, BULLETIN_OK, "the writer thread indexes %d pages while others search", PAGES);
    long searches = 0, failures = 0, decreases = 0;
    for (int i = 0; i < OWN_READERS + SHARED_READERS; i++) {
        searches += readers[i].searches;
        failures += readers[i].failures;
        decreases += readers[i].decreases;
        if (readers[i].failures)
            printf("# reader %d: %s\n", i, readers[i].first_error);
        is_int(readers[i].last_total, PAGES, "reader %d (%s handle) finally sees all %d pages",
               i, readers[i].shared ? "shared" : "own", PAGES);
    }
    printf("# %d reader threads ran %ld searches, %ld backups were taken\n",
           OWN_READERS + SHARED_READERS, searches, backups.taken);
    is_int(failures, 0, "every one of %ld searches succeeded (no BUSY, no error)", searches);
    is_int(decreases, 0, "no reader's count ever went down (consistent snapshots)");
    is_int(backups.bad, 0, "all %ld backups taken meanwhile are sound and hold whole files",
           backups.taken);
    bool sound;
    is_int(article_count(db, &sound), PAGES * 7, "the archive holds %d articles", PAGES * 7);
    ok(sound, "and passes its checks");

    bulletin_archive_close(shared);
    bulletin_archive_close(writer);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? tap_done() : 1;
}
