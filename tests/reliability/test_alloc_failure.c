/* test_alloc_failure.c - every allocation of an index and a search call
 * fails in turn, and each failure is handled.
 *
 * Two allocators are made to fail:
 *   - the library's own: this program is linked with
 *     -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc, which redirects
 *     every malloc/calloc/realloc call in the library's objects (linked in
 *     statically from the convenience library) to the __wrap_ functions
 *     below; ICU, OpenCC, libxml2 and SQLite are shared libraries and keep
 *     their own;
 *   - SQLite's: through sqlite3_config(SQLITE_CONFIG_MALLOC), an allocator
 *     that calls SQLite's default one unless told to fail.
 * For point n = 1, 2, ... the n-th allocation inside the call fails (once;
 * later ones succeed, so a failure cannot hide behind the next one), until
 * a run completes without reaching point n.  After each failure:
 *   - the call returned an error status with a message, or succeeded with
 *     exactly the right outcome (a failure the library could absorb);
 *   - every block the library allocated during the call was freed (the
 *     wrappers track the blocks);
 *   - the archive, reopened with working allocators, passes
 *     bulletin_archive_check() and holds either none or all of the file's
 *     articles (a file is one transaction).
 * The input is a small page and a small XML file, so that the number of
 * points (thousands) stays quick to walk. */
#include "config.h"

#include <bulletin.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"

/* ---------------------------------------------------------------- the failing allocators */

void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);

typedef struct fault {
    bool armed;       /* count allocations (we are inside the call) */
    long fail_at;     /* the allocation number that fails; 0: none */
    long calls;       /* allocations counted so far */
    bool failed;      /* fail_at was reached */
} fault;

static fault lib_fault, sqlite_fault;

static bool should_fail(fault *f)
{
    if (!f->armed)
        return false;
    if (++f->calls == f->fail_at) {
        f->failed = true;
        return true;
    }
    return false;
}

/* Blocks the library allocated while armed and has not freed: an open-
 * addressing set of pointers (deleted slots are tombstones). */
#define TRACK_SLOTS (1u << 20)
#define TOMBSTONE ((void *)1)
static void *tracked[TRACK_SLOTS];
static long live_blocks;

static size_t slot_of(void *p)
{
    return ((uintptr_t)p >> 4) * 2654435761u & (TRACK_SLOTS - 1);
}

static void track(void *p)
{
    if (!p || !lib_fault.armed)
        return;
    size_t i = slot_of(p);
    while (tracked[i] && tracked[i] != TOMBSTONE)
        i = (i + 1) & (TRACK_SLOTS - 1);
    tracked[i] = p;
    live_blocks++;
}

static void untrack(void *p)
{
    if (!p || live_blocks == 0)
        return;
    for (size_t i = slot_of(p); tracked[i]; i = (i + 1) & (TRACK_SLOTS - 1))
        if (tracked[i] == p) {
            tracked[i] = TOMBSTONE;
            live_blocks--;
            return;
        }
}

static void track_reset(void)
{
    memset(tracked, 0, sizeof tracked);
    live_blocks = 0;
}

void *__wrap_malloc(size_t size)
{
    if (should_fail(&lib_fault))
        return NULL;
    void *p = __real_malloc(size);
    track(p);
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (should_fail(&lib_fault))
        return NULL;
    void *p = __real_calloc(n, size);
    track(p);
    return p;
}

void *__wrap_realloc(void *old, size_t size)
{
    if (should_fail(&lib_fault))
        return NULL;
    void *p = __real_realloc(old, size);
    if (p) {
        untrack(old);
        track(p);
    }
    return p;
}

void __wrap_free(void *p)
{
    untrack(p);
    __real_free(p);
}

static sqlite3_mem_methods sqlite_default;

static void *sqlite_malloc(int n)
{
    return should_fail(&sqlite_fault) ? NULL : sqlite_default.xMalloc(n);
}

static void *sqlite_realloc(void *p, int n)
{
    return should_fail(&sqlite_fault) ? NULL : sqlite_default.xRealloc(p, n);
}

static void install_sqlite_allocator(void)
{
    sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default);
    sqlite3_mem_methods m = sqlite_default;
    m.xMalloc = sqlite_malloc;
    m.xRealloc = sqlite_realloc;
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
        printf("# could not install the SQLite allocator\n");
}

static void arm(fault *f, long n)
{
    f->armed = true;
    f->fail_at = n;
    f->calls = 0;
    f->failed = false;
    if (f == &lib_fault)
        track_reset();
}

static void disarm(fault *f)
{
    f->armed = false;
}

/* ---------------------------------------------------------------- fixtures */

static char dir[] = "/tmp/bulletin-test-alloc-XXXXXX";

/* A path in the test's folder; each name has its own buffer. */
static const char *in_dir(const char *name)
{
    static char index_db[512], search_db[512], page[512], xml[512];
    char *buf = !strcmp(name, "index.db") ? index_db
              : !strcmp(name, "search.db") ? search_db
              : strstr(name, ".xml") ? xml : page;
    snprintf(buf, 512, "%s/%s", dir, name);
    return buf;
}

static bool write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    fputs(text, f);
    return fclose(f) == 0;
}

static const char page_text[] =
    "西城工会为户外劳动者建“避风港”\n"
    "\n"
    "本报讯（记者 张晶）西城区总工会在德胜街道建起暖心驿站，为环卫工人、快递员提供热水和休息的地方。\n"
    "驿站每天开放到晚上八点。\n"
    "\n"
    "學習貫徹十九大精神\n"
    "\n"
    "□ 石景山区委书记 牛青山\n"
    "全區工會組織要主動融入全區中心工作，為職工辦實事。\n";

static const char xml_text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<bulletin date=\"2017-12-13\">\n"
    "  <page number=\"3\">\n"
    "    <article kind=\"news\">\n"
    "      <headline>丰台工会摄影展</headline>\n"
    "      <p>丰台区总工会举办职工摄影爱好者作品展。</p>\n"
    "    </article>\n"
    "  </page>\n"
    "</bulletin>\n";

static long article_count(const char *db)
{
    bulletin_archive *a;
    bulletin_archive_stats s;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_READONLY) != BULLETIN_OK)
        return -1;
    long n = bulletin_archive_stats_get(&s, a) == BULLETIN_OK ? (long)s.articles : -1;
    bulletin_archive_close(a);
    return n;
}

static bool archive_sound(const char *db)
{
    bulletin_archive *a;
    if (bulletin_archive_open(&a, db, 0) != BULLETIN_OK) {
        printf("# reopen failed: %s\n", bulletin_error_last()->message);
        return false;
    }
    bool sound = bulletin_archive_check(a, NULL) == BULLETIN_OK;
    if (!sound)
        printf("# check: %s\n", bulletin_error_last()->message);
    bulletin_archive_close(a);
    return sound;
}

static void remove_archive(const char *db)
{
    char side[600];
    unlink(db);
    snprintf(side, sizeof side, "%s-wal", db);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", db);
    unlink(side);
}

/* ---------------------------------------------------------------- index */

typedef struct walk {
    long points;          /* allocation points walked */
    long errors;          /* failures reported as an error status */
    long absorbed;        /* failures the call survived with the right outcome */
    long bad_status;      /* failures hidden behind a wrong "success" */
    long leaks;           /* runs that left library blocks allocated */
    long unsound;         /* runs after which the archive failed its checks */
    long partial;         /* runs that left part of a file's articles */
} walk;

/* Index `file` (whose articles number `expected`) into a fresh archive
 * with allocation n of `f` failing. Returns false once n is past the
 * last allocation of the call. */
static bool index_with_failure(fault *f, long n, const char *file, long expected, walk *w)
{
    const char *db = in_dir("index.db");
    remove_archive(db);
    bulletin_archive *a;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_CREATE) != BULLETIN_OK) {
        printf("# open: %s\n", bulletin_error_last()->message);
        return false;
    }
    bulletin_index_stats stats;
    /* One thread: the n-th allocation must be the same one on every run
     * (the helper thread's failures are absorbed anyway: its texts are
     * then tokenized by FTS5 as usual; test_tokenize_ahead). */
    bulletin_index_options opts = BULLETIN_INDEX_OPTIONS_INIT;
    opts.threads = 1;
    arm(f, n);
    bulletin_status st = bulletin_archive_index(a, file, &opts, &stats);
    const char *message = bulletin_error_last()->message;
    bool has_message = message && *message;
    bulletin_archive_close(a);
    disarm(f);
    if (!f->failed)
        return false;
    w->points++;
    if (f == &lib_fault && live_blocks != 0) {
        w->leaks++;
        printf("# index, library allocation %ld: %ld blocks never freed\n", n, live_blocks);
    }
    long count = article_count(db);
    if (st != BULLETIN_OK && has_message)
        w->errors++;
    else if (st == BULLETIN_OK && count == expected)
        w->absorbed++;
    else {
        w->bad_status++;
        printf("# index, allocation %ld: status %d, %ld articles\n", n, st, count);
    }
    if (count != 0 && count != expected) {
        w->partial++;
        printf("# index, allocation %ld: %ld of %ld articles stored\n", n, count, expected);
    }
    if (!archive_sound(db)) {
        w->unsound++;
        printf("# index, allocation %ld: archive unsound afterwards\n", n);
    }
    return true;
}

static void walk_index(fault *f, const char *which, const char *file, const char *name)
{
    /* What a run without failures gives. */
    const char *db = in_dir("index.db");
    remove_archive(db);
    bulletin_archive *a;
    long expected = -1;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_CREATE) == BULLETIN_OK) {
        bulletin_archive_index(a, file, NULL, NULL);
        bulletin_archive_close(a);
        expected = article_count(db);
    }
    ok(expected > 0, "%s: indexes %ld articles with working allocators", name, expected);
    walk w = { 0 };
    for (long n = 1; index_with_failure(f, n, file, expected, &w); n++)
        ;
    printf("# %s, %s allocations: %ld points, %ld errors, %ld absorbed\n", name, which,
           w.points, w.errors, w.absorbed);
    ok(w.points > 0, "%s: %ld %s allocation points were failed in turn", name, w.points, which);
    is_int(w.bad_status, 0, "%s, %s allocations: each failure gives an error status "
           "(or the complete result)", name, which);
    is_int(w.partial, 0, "%s, %s allocations: the archive never holds part of the file", name,
           which);
    is_int(w.unsound, 0, "%s, %s allocations: the archive passes its checks afterwards", name,
           which);
    if (f == &lib_fault)
        is_int(w.leaks, 0, "%s, library allocations: nothing allocated is left unfreed", name);
}

/* ---------------------------------------------------------------- search */

static void walk_search(fault *f, const char *which, const char *db)
{
    static const char query[] = "(西城 OR 丰台) 工会 -广告";
    bulletin_archive *a;
    bulletin_results *r = NULL;
    size_t expected = 0;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_READONLY) == BULLETIN_OK) {
        if (bulletin_archive_search(&r, a, query, NULL) == BULLETIN_OK)
            expected = bulletin_results_total(r);
        bulletin_results_free(r);
        bulletin_archive_close(a);
    }
    ok(expected > 0, "search: %zu hits with working allocators", expected);
    walk w = { 0 };
    for (long n = 1;; n++) {
        if (bulletin_archive_open(&a, db, BULLETIN_OPEN_READONLY) != BULLETIN_OK)
            break;
        arm(f, n);
        r = NULL;
        bulletin_status st = bulletin_archive_search(&r, a, query, NULL);
        bool has_message = bulletin_error_last()->message[0] != '\0';
        size_t total = bulletin_results_total(r);
        size_t count = bulletin_results_count(r);
        bool hits_ok = true;
        for (size_t i = 0; i < count; i++) {
            const bulletin_hit *h = bulletin_results_hit(r, i);
            hits_ok &= h->headline && h->snippet && h->issue_date;
        }
        bulletin_results_free(r);
        bulletin_archive_close(a);
        disarm(f);
        if (!f->failed)
            break;
        w.points++;
        if (f == &lib_fault && live_blocks != 0) {
            w.leaks++;
            printf("# search, library allocation %ld: %ld blocks never freed\n", n,
                   live_blocks);
        }
        if (st != BULLETIN_OK && has_message && !r)
            w.errors++;
        else if (st == BULLETIN_OK && total == expected && hits_ok)
            w.absorbed++;
        else {
            w.bad_status++;
            printf("# search, allocation %ld: status %d, %zu hits\n", n, st, total);
        }
    }
    printf("# search, %s allocations: %ld points, %ld errors, %ld absorbed\n", which,
           w.points, w.errors, w.absorbed);
    ok(w.points > 0, "search: %ld %s allocation points were failed in turn", w.points, which);
    is_int(w.bad_status, 0, "search, %s allocations: each failure gives an error status "
           "(or the complete result)", which);
    if (f == &lib_fault)
        is_int(w.leaks, 0, "search, library allocations: nothing allocated is left unfreed");
    ok(archive_sound(db), "search, %s allocations: the archive is untouched and sound", which);
}

int main(void)
{
    install_sqlite_allocator();
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    const char *page = in_dir("2017-12-12-p2.txt");
    const char *xml = in_dir("2017-12-13.xml");
    if (!write_file(page, page_text) || !write_file(xml, xml_text)) {
        perror("writing fixtures");
        return 1;
    }
    /* Warm up the process-wide tables (script folding, XML schema), which
     * are built once and kept: they are not allocations of one call. */
    const char *db = in_dir("search.db");
    bulletin_archive *a;
    if (bulletin_archive_open(&a, db, BULLETIN_OPEN_CREATE) != BULLETIN_OK ||
        bulletin_archive_index(a, page, NULL, NULL) != BULLETIN_OK ||
        bulletin_archive_index(a, xml, NULL, NULL) != BULLETIN_OK) {
        printf("Bail out! cannot build the fixture archive: %s\n",
               bulletin_error_last()->message);
        return 1;
    }
    bulletin_archive_close(a);

    walk_index(&lib_fault, "library", page, "index page text");
    walk_index(&lib_fault, "library", xml, "index XML");
    walk_index(&sqlite_fault, "SQLite", page, "index page text");
    walk_index(&sqlite_fault, "SQLite", xml, "index XML");
    walk_search(&lib_fault, "library", db);
    walk_search(&sqlite_fault, "SQLite", db);

    remove_archive(in_dir("index.db"));
    remove_archive(db);
    unlink(page);
    unlink(xml);
    rmdir(dir);
    return tap_done();
}
