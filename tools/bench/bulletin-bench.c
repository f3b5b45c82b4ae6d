/* bulletin-bench - the measurements of `make bench` (see tools/bench/bench.mk).
 *
 *   bulletin-bench --corpus DIR --work DIR --cli PATH --queries FILE
 *                  --gazetteer FILE [--json FILE] [--seed N] [--no-cold]
 *                  [--no-queries]
 *
 * On a corpus of files (tools/bench/gen-bench-corpus.py) it measures, in
 * one run so that the ratios are fair on a shared machine:
 *   1. ours: the bulletin-search CLI indexing the folder, end to end from
 *      the files (their pages dropped from the page cache first), in a
 *      child process: wall and CPU time, peak RSS; then `bulletin-search
 *      optimize`, as the README says to after a large import, timed apart:
 *      sizes and query latency are of the merged index;
 *   2. FTS5 trigram: the same article texts (read back from our archive)
 *      into an FTS5 table with tokenize='trigram';
 *   3. the ceiling: the same texts pre-split into our tokenizer's terms
 *      (untimed), stored like ours and indexed by FTS5 unicode61, which then
 *      only cuts at spaces: what indexing would cost with a free tokenizer;
 *   4. the stages of our pipeline, each timed over the whole corpus:
 *      read, decode, parse, normalize, convert (t2s), segment, emit;
 *   5. index and file sizes (dbstat), as multiples of the article text;
 *   6. queries of the fixed mix, with their filters and facet counts:
 *      latency p50/p95/p99 warm and cold (the archive's pages dropped
 *      with posix_fadvise before each cold query), and recall of ours
 *      and of trigram against a scan of the folded text (truth.c), for
 *      filtered queries intersected with the stored tags and dates
 *      (filters.c), whose facet counts are checked too.
 * The two FTS5 runs store and index as the library does, so that they
 * differ from ours only in the tokenizer and what ours does around it:
 * WAL with synchronous=NORMAL, a commit every ROWS_PER_COMMIT articles,
 * FTS5's hashsize at the library's 32 MB and the body as the first
 * column (FTS5 writes no column number for the first).  With FTS5's
 * defaults (1 MB hash, a commit every 480 articles, headline first) the
 * ceiling took 14% longer than ours at a million articles and its index
 * was 1.85 x the text against ours' 1.26 x: no ceiling at all.  Results: a
 * table on stdout and JSON (--json). */
#define _GNU_SOURCE 1  /* memmem, pipe2 */
#include "config.h"
#include "bulletin.h"
#include "fts5_tokenizer.h"
#include "ingest/ingest.h"
#include "query/query.h"
#include "text.h"
#include "filters.h"
#include "truth.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* About what the library commits at once: 256 files (store.c's
 * FILES_PER_COMMIT) of ~9.5 articles in the generated corpus. */
#define ROWS_PER_COMMIT 2400
#define WARM_ROUNDS 3
/* A filtered query's recall is counted over every id the library returns
 * (paged, 1000 at a time) up to this many matches; above it, over the
 * count and the first page only (see doc/benchmark.md). */
#define RECALL_ALL_IDS_MAX 20000
#define RECALL_PAGE 1000

typedef struct options {
    const char *corpus, *work, *cli, *queries, *json, *gazetteer;
    const char *archive;  /* --archive: latency of this archive's queries only */
    size_t rank_window;   /* --rank-window: the search option, 0 the default */
    long seed;
    int cold;
    int queries_off;
} options;

/* One measured child process. */
typedef struct measure {
    double wall, user, sys;
    long maxrss_kb;
    double extra[16];     /* figures the child reports back */
    int ok;
} measure;

typedef struct file_list {
    char **paths;
    size_t n, cap;
    uint64_t bytes;
} file_list;

static const options *opt;
static file_list files;

/* ---------------------------------------------------------------- utils */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of the calling thread: stage timings must not count the time
 * other processes of a shared machine take. */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double tv_sec(struct timeval tv)
{
    return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "bulletin-bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void remove_db(const char *path)
{
    const char *suffix[] = { "", "-wal", "-shm", "-journal" };
    for (int i = 0; i < 4; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        unlink(p);
    }
}

static long file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (long)sb.st_size : 0;
}

/* Drop a file's pages from the page cache (written back first). */
static void drop_cache(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return;
    fdatasync(fd);
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
}

static void drop_db_cache(const char *path)
{
    const char *suffix[] = { "", "-wal", "-shm" };
    for (int i = 0; i < 3; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s%s", path, suffix[i]);
        drop_cache(p);
    }
}

static void exec_sql(sqlite3 *db, const char *sql)
{
    char *err = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
        die(sql, err);
}

static sqlite3 *open_db(const char *path, int flags)
{
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK)
        die("cannot open", path);
    if (bulletin__fts5_register(db) != SQLITE_OK)
        die("cannot register the bulletin tokenizer", path);
    return db;
}

static sqlite3_stmt *prepare(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        die(sqlite3_errmsg(db), sql);
    return st;
}

/* Run fn in a child process; time it and collect its rusage. */
static measure run_child(int (*fn)(void *ctx, double *extra), void *ctx)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        die("pipe", strerror(errno));
    fflush(NULL);
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        die("fork", strerror(errno));
    if (pid == 0) {
        close(fds[0]);
        double extra[16] = { 0 };
        int rc = fn(ctx, extra);
        if (write(fds[1], extra, sizeof extra) < 0)
            rc = 1;
        _exit(rc);
    }
    close(fds[1]);
    measure m;
    memset(&m, 0, sizeof m);
    size_t got = 0;
    ssize_t n;
    while (got < sizeof m.extra &&
           (n = read(fds[0], (char *)m.extra + got, sizeof m.extra - got)) > 0)
        got += (size_t)n;
    close(fds[0]);
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        die("wait4", strerror(errno));
    m.wall = now() - t0;
    m.user = tv_sec(ru.ru_utime);
    m.sys = tv_sec(ru.ru_stime);
    m.maxrss_kb = ru.ru_maxrss;
    m.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return m;
}

/* ---------------------------------------------------------------- corpus files */

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void walk(const char *dir)
{
    struct dirent **ents;
    int n = scandir(dir, &ents, NULL, by_name);
    if (n < 0)
        die("cannot read", dir);
    for (int i = 0; i < n; i++) {
        const char *name = ents[i]->d_name;
        if (name[0] != '.') {
            char *p = path_in(dir, name);
            struct stat sb;
            if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode)) {
                walk(p);
                free(p);
            } else if (strstr(name, ".txt") || strstr(name, ".xml")) {
                if (files.n == files.cap) {
                    files.cap = files.cap ? files.cap * 2 : 1024;
                    files.paths = realloc(files.paths, files.cap * sizeof *files.paths);
                }
                files.paths[files.n++] = p;
                files.bytes += (uint64_t)sb.st_size;
            } else {
                free(p);
            }
        }
        free(ents[i]);
    }
    free(ents);
}

/* ---------------------------------------------------------------- systems */

static int index_ours(void *ctx, double *extra)
{
    const char *db = ctx;
    int out = open("/dev/null", O_WRONLY);
    char *log = path_in(opt->work, "index.log");
    int err = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(err, 2);
    execl(opt->cli, opt->cli, "--db", db, "index", opt->corpus, (char *)NULL);
    return 127;
}

/* The merge the README recommends after a large import: the queries are
 * timed on the archive as a user would keep it. */
static int optimize_ours(void *ctx, double *extra)
{
    const char *db = ctx;
    int out = open("/dev/null", O_WRONLY);
    char *log = path_in(opt->work, "index.log");
    int err = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(out, 1);
    dup2(err, 2);
    execl(opt->cli, opt->cli, "--db", db, "optimize", (char *)NULL);
    return 127;
}

/* Rows of our archive, in id order, for the other systems. */
static const char articles_sql[] =
    "SELECT id, headline, subtitle, body FROM src.articles ORDER BY id";

static void pragmas(sqlite3 *db)
{
    exec_sql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
}

/* The library's FTS5 setting for table t (BULLETIN_FTS5_HASHSIZE). */
static void tune_fts5(sqlite3 *db)
{
    char sql[96];
    snprintf(sql, sizeof sql, "INSERT INTO t(t, rank) VALUES('hashsize', %d)",
             BULLETIN_FTS5_HASHSIZE);
    exec_sql(db, sql);
}

static void attach(sqlite3 *db, const char *path, const char *as)
{
    char *sql = sqlite3_mprintf("ATTACH %Q AS %s", path, as);
    exec_sql(db, sql);
    sqlite3_free(sql);
}

static void bind_cols(sqlite3_stmt *ins, sqlite3_stmt *sel, int from, int n)
{
    for (int c = 0; c < n; c++)
        sqlite3_bind_value(ins, c + 1, sqlite3_column_value(sel, from + c));
}

static void step_done(sqlite3 *db, sqlite3_stmt *st)
{
    if (sqlite3_step(st) != SQLITE_DONE)
        die("insert failed", sqlite3_errmsg(db));
    sqlite3_reset(st);
}

/* Commit every ROWS_PER_COMMIT rows. */
static void batch_tick(sqlite3 *db, size_t *rows)
{
    if (++*rows % ROWS_PER_COMMIT == 0)
        exec_sql(db, "COMMIT; BEGIN");
}

static int load_trigram(void *ctx, double *extra)
{
    const char *path = ctx;
    char *ours = path_in(opt->work, "ours.db");
    sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    pragmas(db);
    exec_sql(db, "CREATE VIRTUAL TABLE t USING fts5(body, headline, subtitle, tokenize='trigram')");
    tune_fts5(db);
    attach(db, ours, "src");
    sqlite3_stmt *sel = prepare(db, articles_sql);
    sqlite3_stmt *ins = prepare(db, "INSERT INTO t(rowid, headline, subtitle, body) VALUES(?,?,?,?)");
    size_t rows = 0;
    exec_sql(db, "BEGIN");
    while (sqlite3_step(sel) == SQLITE_ROW) {
        bind_cols(ins, sel, 0, 4);
        step_done(db, ins);
        batch_tick(db, &rows);
    }
    exec_sql(db, "COMMIT");
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    exec_sql(db, "DETACH src");
    sqlite3_close(db);
    extra[0] = (double)rows;
    return 0;
}

typedef struct presplit {
    bulletin_buf out;
} presplit;

static int add_term(void *ctx, int flags, const char *term, size_t len, size_t s, size_t e)
{
    presplit *p = ctx;
    if (p->out.len && !bulletin_buf_append_char(&p->out, ' '))
        return 1;
    return !bulletin_buf_append(&p->out, term, len);
}

/* Our terms, space-separated, for every article (not part of any timing
 * but its own: extra[1] is the tokenizer's CPU time alone). */
static int make_presplit(void *ctx, double *extra)
{
    const char *path = ctx;
    char *ours = path_in(opt->work, "ours.db");
    sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    exec_sql(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
                 "CREATE TABLE p(id INTEGER PRIMARY KEY, headline, subtitle, body)");
    attach(db, ours, "src");
    sqlite3_stmt *sel = prepare(db, articles_sql);
    sqlite3_stmt *ins = prepare(db, "INSERT INTO p VALUES(?,?,?,?)");
    bulletin_tokenizer *tok;
    if (bulletin_tokenizer_new(&tok))
        die("tokenizer", bulletin_error_last()->message);
    presplit ps = { BULLETIN_BUF_INIT };
    double tok_time = 0;
    exec_sql(db, "BEGIN");
    while (sqlite3_step(sel) == SQLITE_ROW) {
        sqlite3_bind_int64(ins, 1, sqlite3_column_int64(sel, 0));
        for (int c = 1; c <= 3; c++) {
            const char *text = (const char *)sqlite3_column_text(sel, c);
            size_t len = (size_t)sqlite3_column_bytes(sel, c);
            bulletin_buf_clear(&ps.out);
            bulletin_buf_append(&ps.out, "", 0);
            double t0 = cpu_now();
            bulletin_tokenizer_run(tok, text ? text : "", len, BULLETIN_TOKENIZE_DOCUMENT,
                                   add_term, &ps);
            tok_time += cpu_now() - t0;
            sqlite3_bind_text(ins, c + 1, ps.out.data, (int)ps.out.len, SQLITE_TRANSIENT);
        }
        step_done(db, ins);
    }
    exec_sql(db, "COMMIT");
    sqlite3_finalize(sel);
    sqlite3_finalize(ins);
    sqlite3_close(db);
    bulletin_tokenizer_free(tok);
    extra[1] = tok_time;
    return 0;
}

/* The ceiling: our work minus our tokenizer and parsers.  The original
 * text is stored in a plain table (as ours stores it in `articles`) and
 * the pre-split terms go into a contentless FTS5 table whose unicode61
 * tokenizer only has to cut at spaces ('|' is a term character, for the
 * "straddles a word boundary" mark). */
static int load_ceiling(void *ctx, double *extra)
{
    const char *path = ctx;
    char *ours = path_in(opt->work, "ours.db"), *pre = path_in(opt->work, "presplit.db");
    sqlite3 *db = open_db(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    pragmas(db);
    exec_sql(db, "CREATE TABLE articles(id INTEGER PRIMARY KEY, headline, subtitle, body);"
                 "CREATE VIRTUAL TABLE t USING fts5(body, headline, subtitle, content='',"
                 " tokenize=\"unicode61 tokenchars '|'\")");
    tune_fts5(db);
    attach(db, ours, "src");
    attach(db, pre, "pre");
    sqlite3_stmt *sel = prepare(db,
        "SELECT a.id, a.headline, a.subtitle, a.body, p.headline, p.subtitle, p.body"
        " FROM src.articles a JOIN pre.p p ON p.id = a.id ORDER BY a.id");
    sqlite3_stmt *ins_a = prepare(db, "INSERT INTO articles VALUES(?,?,?,?)");
    sqlite3_stmt *ins_t = prepare(db, "INSERT INTO t(rowid, headline, subtitle, body) VALUES(?,?,?,?)");
    size_t rows = 0;
    exec_sql(db, "BEGIN");
    while (sqlite3_step(sel) == SQLITE_ROW) {
        bind_cols(ins_a, sel, 0, 4);
        step_done(db, ins_a);
        sqlite3_bind_value(ins_t, 1, sqlite3_column_value(sel, 0));
        for (int c = 0; c < 3; c++)
            sqlite3_bind_value(ins_t, c + 2, sqlite3_column_value(sel, 4 + c));
        step_done(db, ins_t);
        batch_tick(db, &rows);
    }
    exec_sql(db, "COMMIT");
    sqlite3_finalize(sel);
    sqlite3_finalize(ins_a);
    sqlite3_finalize(ins_t);
    exec_sql(db, "DETACH src; DETACH pre");
    sqlite3_close(db);
    extra[0] = (double)rows;
    return 0;
}

/* ---------------------------------------------------------------- stages */

enum { ST_READ, ST_DECODE, ST_PARSE, ST_NORMALIZE, ST_CONVERT, ST_SEGMENT, ST_EMIT,
       ST_COUNT };
static const char *const stage_names[ST_COUNT] = {
    "read files", "decode", "parse page/XML", "normalize", "convert t2s", "segment (ICU)",
    "emit terms"
};

static int count_term(void *ctx, int flags, const char *t, size_t l, size_t s, size_t e)
{
    ++*(size_t *)ctx;
    return 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        die("cannot read", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *data = malloc((size_t)n + 1);
    *len = fread(data, 1, (size_t)n, f);
    data[*len] = '\0';
    fclose(f);
    return data;
}

/* Each stage of the text pipeline over every article field, timed apart:
 * normalize, convert and segment run on their own; the whole tokenizer
 * runs once more, and what it takes beyond the three is "emit". */
static void time_text(const char *text, bulletin_tokenizer *tok, const UNormalizer2 *nfkc,
                      bulletin_ftext *ft, bulletin_buf *scratch, bulletin_segmenter *seg,
                      double *t, size_t *terms)
{
    size_t len = strlen(text);
    double t0 = cpu_now();
    bulletin_tokenizer_run(tok, text, len, BULLETIN_TOKENIZE_DOCUMENT, count_term, terms);
    double t1 = cpu_now();
    bulletin__normalize(nfkc, text, len, ft);
    double t2 = cpu_now();
    bulletin__script_fold(ft, scratch);
    double t3 = cpu_now();
    bulletin__segment(seg, ft, true);
    double t4 = cpu_now();
    t[ST_NORMALIZE] += t2 - t1;
    t[ST_CONVERT] += t3 - t2;
    t[ST_SEGMENT] += t4 - t3;
    t[ST_EMIT] += (t1 - t0) - (t4 - t1);
}

static int time_stages(void *ctx, double *t)
{
    UErrorCode uerr = U_ZERO_ERROR;
    const UNormalizer2 *nfkc = unorm2_getNFKCCasefoldInstance(&uerr);
    bulletin_tokenizer *tok;
    bulletin_segmenter seg;
    if (bulletin_tokenizer_new(&tok) || bulletin__segmenter_init(&seg) || U_FAILURE(uerr))
        die("tokenizer", bulletin_error_last()->message);
    bulletin_ftext ft = { NULL, 0, 0 };
    bulletin_buf scratch = BULLETIN_BUF_INIT;
    size_t terms = 0, articles = 0;
    for (size_t i = 0; i < files.n; i++) {
        const char *path = files.paths[i];
        double t0 = cpu_now();
        size_t nbytes;
        char *bytes = slurp(path, &nbytes);
        double t1 = cpu_now();
        char *text, enc[32];
        size_t len;
        if (bulletin__decode(path, bytes, nbytes, NULL, NULL, &text, &len, enc)) {
            free(bytes);
            continue;
        }
        double t2 = cpu_now();
        bulletin_batch batch;
        memset(&batch, 0, sizeof batch);
        bool xml = strstr(path, ".xml") != NULL;
        bulletin_status st = xml ? bulletin__ingest_xml(path, text, len, NULL, &batch)
                                 : bulletin__ingest_page(path, text, len, NULL, &batch);
        double t3 = cpu_now();
        t[ST_READ] += t1 - t0;
        t[ST_DECODE] += t2 - t1;
        t[ST_PARSE] += t3 - t2;
        for (size_t a = 0; !st && a < batch.count; a++, articles++) {
            const bulletin_article *art = &batch.articles[a];
            const char *fields[3] = { art->headline, art->subtitle, art->body };
            for (int f = 0; f < 3; f++)
                if (fields[f] && *fields[f])
                    time_text(fields[f], tok, nfkc, &ft, &scratch, &seg, t, &terms);
        }
        bulletin__batch_free(&batch);
        free(text);
        free(bytes);
    }
    t[ST_COUNT] = (double)terms;
    t[ST_COUNT + 1] = (double)articles;
    return 0;
}

/* ---------------------------------------------------------------- sizes */

typedef struct sizes {
    double index, stored, other, file;
} sizes;

/* Bytes of pages per role, from the dbstat virtual table: the FTS5
 * index (its shadow tables other than stored content), the stored text,
 * and the rest (b-tree indexes, schema, free pages). */
static sizes measure_sizes(const char *path, const char *index_prefix, const char *content_name)
{
    sizes s = { 0, 0, 0, 0 };
    sqlite3 *db = open_db(path, SQLITE_OPEN_READONLY);
    sqlite3_stmt *st = prepare(db, "SELECT name, sum(pgsize) FROM dbstat GROUP BY name");
    size_t plen = strlen(index_prefix);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        double bytes = sqlite3_column_double(st, 1);
        if (!strcmp(name, content_name))
            s.stored += bytes;
        else if (!strncmp(name, index_prefix, plen))
            s.index += bytes;
        else
            s.other += bytes;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    s.file = (double)file_size(path);
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", path);
    s.file += (double)file_size(wal);
    return s;
}

/* ---------------------------------------------------------------- queries */

typedef struct query {
    char cls[32];
    char text[512];       /* what the library gets, fields included */
    char words[512];      /* the text without its fields: for the ground truth */
    /* The search options of the row (columns 3-7). */
    char district[64], topic[128], date_from[32], date_to[32], facets[64];
    bench_filter filter;  /* the options and the query's fields together */
    int filtered;         /* filters or facets: checked against the tags, not trigram */
    size_t truth, ours_found, ours_extra, tri_found, tri_extra;
    int tri_ok;
    size_t lib_total;     /* bulletin_results_total of a filtered query */
    int ids_complete;     /* ours_found counted over all the library's ids */
    int facets_ok;        /* -1: no facets asked */
    size_t shown;         /* hits on the page of 20 */
    char facet_msg[256];
} query;

typedef struct query_set {
    query *q;
    size_t n, cap;
} query_set;

static void copy_col(char *dst, size_t len, const char *col, const query *q)
{
    if (col && strlen(col) >= len)
        die("a column is too long in the query row", q->text);
    snprintf(dst, len, "%s", col ? col : "");
}

/* Move the district:, topic: and date: fields of the query into its
 * filter; the rest of the text is what the ground truth scans for. */
static void split_fields(query *q)
{
    static const struct { const char *prefix; size_t off, len; } fields[] = {
        { "district:", offsetof(bench_filter, district), sizeof q->filter.district },
        { "topic:", offsetof(bench_filter, topic), sizeof q->filter.topic },
        { "date:", offsetof(bench_filter, date_range), sizeof q->filter.date_range },
    };
    char copy[512], *save;
    snprintf(copy, sizeof copy, "%s", q->text);
    q->words[0] = '\0';
    for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        size_t f = 0;
        while (f < 3 && strncmp(tok, fields[f].prefix, strlen(fields[f].prefix)))
            f++;
        if (f == 3) {
            if (q->words[0])
                strcat(q->words, " ");
            strcat(q->words, tok);
            continue;
        }
        char *dst = (char *)&q->filter + fields[f].off;
        if (*dst)
            die("a filter is given twice in the query row", q->text);
        copy_col(dst, fields[f].len, tok + strlen(fields[f].prefix), q);
        q->filtered = 1;
    }
}

static void load_queries(const char *path, query_set *qs)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot read", path);
    char line[2048];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || !line[0])
            continue;
        char *cols[7] = { 0 };
        char *p = line;
        for (int c = 0; c < 7; c++) {
            cols[c] = p;
            char *tab = p ? strchr(p, '\t') : NULL;
            if (tab)
                *tab = '\0';
            p = tab ? tab + 1 : NULL;
        }
        if (qs->n == qs->cap) {
            qs->cap = qs->cap ? qs->cap * 2 : 256;
            qs->q = realloc(qs->q, qs->cap * sizeof *qs->q);
        }
        query *q = &qs->q[qs->n++];
        memset(q, 0, sizeof *q);
        snprintf(q->cls, sizeof q->cls, "%s", cols[0]);
        copy_col(q->text, sizeof q->text, cols[1], q);
        copy_col(q->district, sizeof q->district, cols[2], q);
        copy_col(q->topic, sizeof q->topic, cols[3], q);
        copy_col(q->date_from, sizeof q->date_from, cols[4], q);
        copy_col(q->date_to, sizeof q->date_to, cols[5], q);
        copy_col(q->facets, sizeof q->facets, cols[6], q);
        for (int c = 2; c < 7; c++)
            q->filtered |= cols[c] && *cols[c];
        memcpy(q->filter.district, q->district, sizeof q->district);
        memcpy(q->filter.topic, q->topic, sizeof q->topic);
        memcpy(q->filter.date_from, q->date_from, sizeof q->date_from);
        memcpy(q->filter.date_to, q->date_to, sizeof q->date_to);
        split_fields(q);
        q->facets_ok = -1;
    }
    fclose(f);
}

/* The row's search options (limit and sort left at their defaults). */
static bulletin_search_options query_options(const query *q)
{
    bulletin_search_options o = BULLETIN_SEARCH_OPTIONS_INIT;
    o.district = q->district[0] ? q->district : NULL;
    o.topic = q->topic[0] ? q->topic : NULL;
    o.date_from = q->date_from[0] ? q->date_from : NULL;
    o.date_to = q->date_to[0] ? q->date_to : NULL;
    o.facets = q->facets[0] != '\0';
    return o;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static idset match_ids(sqlite3 *db, const char *table, const char *match, int *ok)
{
    idset s = { NULL, 0 };
    size_t cap = 0;
    char *sql = sqlite3_mprintf("SELECT rowid FROM %s WHERE %s MATCH ?1", table, table);
    sqlite3_stmt *st;
    *ok = sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK;
    sqlite3_free(sql);
    if (!*ok)
        return s;
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (s.n == cap) {
            cap = cap ? cap * 2 : 256;
            s.ids = realloc(s.ids, cap * sizeof *s.ids);
        }
        s.ids[s.n++] = sqlite3_column_int64(st, 0);
    }
    *ok = rc == SQLITE_DONE;
    sqlite3_finalize(st);
    if (s.n)   /* no rows: s.ids is NULL, which qsort may not be given */
        qsort(s.ids, s.n, sizeof *s.ids, cmp_id);
    return s;
}

/* How many truth articles `found` has, and how many it has beyond them. */
static void compare(const truth_corpus *tc, const uint8_t *hits, idset found,
                    size_t *got, size_t *extra)
{
    *got = 0;
    for (size_t i = 0; i < truth_count(tc); i++)
        if (hits[i]) {
            int64_t id = truth_id(tc, i);
            *got += found.n && bsearch(&id, found.ids, found.n, sizeof id, cmp_id) != NULL;
        }
    *extra = found.n - *got;
}

/* What a user of FTS5 trigram would type: each word or phrase quoted,
 * the same AND/OR/NOT structure (white space inside a phrase removed
 * between Han characters, as trigram needs the characters adjacent). */
static void trigram_expr(const bulletin_qnode *n, bulletin_buf *out, truth_corpus *tc);

static void trigram_text(const char *text, bulletin_buf *out)
{
    bulletin_buf_append_char(out, '"');
    for (const char *s = text; *s; s++) {
        if (*s == ' ') {
            /* drop a space whose neighbours are both non-ASCII (Han) */
            if ((unsigned char)s[1] >= 0x80 && s > text && (unsigned char)s[-1] >= 0x80)
                continue;
        }
        bulletin_buf_append_char(out, *s);
        if (*s == '"')
            bulletin_buf_append_char(out, '"');
    }
    bulletin_buf_append_char(out, '"');
}

static void trigram_expr(const bulletin_qnode *n, bulletin_buf *out, truth_corpus *tc)
{
    if (n->kind == BULLETIN_Q_TERM || n->kind == BULLETIN_Q_PHRASE) {
        trigram_text(n->text, out);
        return;
    }
    bool and = n->kind == BULLETIN_Q_AND;
    size_t pos = 0;
    bulletin_buf_append_char(out, '(');
    for (size_t k = 0; k < n->nkids; k++) {
        if (n->kids[k]->negated)
            continue;
        if (pos++)
            bulletin_buf_append_str(out, and ? " AND " : " OR ");
        trigram_expr(n->kids[k], out, tc);
    }
    bulletin_buf_append_char(out, ')');
    for (size_t k = 0; k < n->nkids; k++) {
        if (!n->kids[k]->negated)
            continue;
        bulletin_buf_append_str(out, " NOT ");
        trigram_expr(n->kids[k], out, tc);
    }
}

static char *trigram_query(const char *text)
{
    bulletin_qnode *root;
    if (bulletin__query_parse(text, &root))
        return NULL;
    bulletin_buf out = BULLETIN_BUF_INIT;
    trigram_expr(root, &out, NULL);
    bulletin__qnode_free(root);
    return bulletin_buf_detach(&out);
}

static truth_corpus *load_truth(const char *ours)
{
    truth_corpus *tc = truth_new();
    if (!tc)
        die("cannot set up ICU/OpenCC for the ground truth", NULL);
    sqlite3 *db = open_db(ours, SQLITE_OPEN_READONLY);
    sqlite3_stmt *st = prepare(db, "SELECT id, headline, subtitle, body FROM articles ORDER BY id");
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *f[3];
        for (int c = 0; c < 3; c++)
            f[c] = (const char *)sqlite3_column_text(st, c + 1);
        truth_add(tc, sqlite3_column_int64(st, 0), f);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return tc;
}

/* How many of `truth` `found` has, and how many it has beyond them
 * (both sorted). */
static void compare_sets(const idset *truth, const idset *found, size_t *got, size_t *extra)
{
    size_t i = 0, j = 0;
    *got = *extra = 0;
    while (j < found->n) {
        if (i < truth->n && truth->ids[i] < found->ids[j]) {
            i++;
        } else if (i < truth->n && truth->ids[i] == found->ids[j]) {
            ++*got;
            i++;
            j++;
        } else {
            ++*extra;
            j++;
        }
    }
}

static bulletin_results *search_or_die(bulletin_archive *a, const query *q,
                                       const bulletin_search_options *o)
{
    bulletin_results *r;
    if (bulletin_archive_search(&r, a, q->text, o)) {
        fprintf(stderr, "bulletin-bench: query [%s] %s\n", q->cls, q->text);
        die("search failed", bulletin_error_last()->message);
    }
    return r;
}

/* The ids the library finds for a filtered query: every one, a page of
 * RECALL_PAGE at a time in date order (a total order: ties go by id),
 * up to RECALL_ALL_IDS_MAX matches; above that, the first page. */
static idset library_ids(bulletin_archive *a, query *q)
{
    idset s = { NULL, 0 };
    bulletin_search_options o = query_options(q);
    o.facets = 0;
    o.limit = RECALL_PAGE;
    o.snippet_chars = 1;
    o.sort = BULLETIN_SORT_DATE_ASC;
    for (;; o.offset += RECALL_PAGE) {
        bulletin_results *r = search_or_die(a, q, &o);
        size_t got = bulletin_results_count(r);
        q->lib_total = bulletin_results_total(r);
        s.ids = realloc(s.ids, (s.n + got + 1) * sizeof *s.ids);
        for (size_t i = 0; i < got; i++)
            s.ids[s.n++] = bulletin_results_hit(r, i)->id;
        bulletin_results_free(r);
        q->ids_complete = q->lib_total <= RECALL_ALL_IDS_MAX;
        if (!q->ids_complete || got < RECALL_PAGE || s.n >= q->lib_total)
            break;
    }
    qsort(s.ids, s.n, sizeof *s.ids, cmp_id);
    return s;
}

/* The articles searched by default: every article but the continuations
 * of others and advertisements (the share facets-half is about). */
static size_t searchable;

/* A filtered query: the truth is the text's truth (all articles when the
 * query has no words) through the stored tags and dates; ours is what
 * bulletin_archive_search returns with the row's options.  When the
 * library's ids were not all read, recall is the count's: total equal
 * to the truth's and no wrong id on the first page. */
static void recall_filtered(query *q, truth_corpus *tc, const int64_t *row_ids,
                            const tag_table *tags, bulletin_archive *a, sqlite3 *odb,
                            uint8_t *hits)
{
    if (q->words[0] && truth_eval(tc, q->words, hits))
        die("query does not parse", q->words);
    idset truth, found;
    char err[512];
    if (tags_filter(tags, &q->filter, row_ids, q->words[0] ? hits : NULL, truth_count(tc),
                    &truth, err, sizeof err))
        die(err, q->text);
    q->truth = truth.n;
    found = library_ids(a, q);
    compare_sets(&truth, &found, &q->ours_found, &q->ours_extra);
    if (!q->ids_complete && !q->ours_extra && q->lib_total == truth.n)
        q->ours_found = truth.n;
    if (q->facets[0]) {
        bulletin_search_options o = query_options(q);
        o.limit = 1;
        bulletin_results *r = search_or_die(a, q, &o);
        q->facets_ok = facets_check(odb, &truth, r, q->facets, q->facet_msg,
                                    sizeof q->facet_msg);
        bulletin_results_free(r);
    }
    free(truth.ids);
    free(found.ids);
}

static void recall_text(query *q, truth_corpus *tc, sqlite3 *odb, sqlite3 *tdb, uint8_t *hits)
{
    if (truth_eval(tc, q->text, hits))
        die("query does not parse", q->text);
    q->truth = 0;
    for (size_t k = 0; k < truth_count(tc); k++)
        q->truth += hits[k];
    /* The expression our searches run (each word's bigram forms apart),
     * which differs from bulletin_query_to_fts5's (forms merged, for
     * FTS5's bm25) in how, never in which rows, it matches. */
    static bulletin_tokenizer *tok;
    bulletin_compiled_query cq;
    if ((!tok && bulletin_tokenizer_new(&tok)) ||
        bulletin__query_compile_search(q->text, false, tok, NULL, &cq))
        die("query does not compile", q->text);
    int ok;
    idset s = match_ids(odb, "articles_fts", cq.match.data, &ok);
    if (!ok)
        die("our query failed", cq.match.data);
    compare(tc, hits, s, &q->ours_found, &q->ours_extra);
    free(s.ids);
    bulletin__compiled_query_free(&cq);
    char *tq = trigram_query(q->text);
    s = match_ids(tdb, "t", tq, &q->tri_ok);
    compare(tc, hits, s, &q->tri_found, &q->tri_extra);
    free(s.ids);
    free(tq);
}

static void recall(query_set *qs, const char *ours, const char *tri)
{
    double t0 = now();
    truth_corpus *tc = load_truth(ours);
    fprintf(stderr, "bench: ground truth folded in %.1f s\n", now() - t0);
    sqlite3 *odb = open_db(ours, SQLITE_OPEN_READONLY);
    sqlite3 *tdb = open_db(tri, SQLITE_OPEN_READONLY);
    char err[512];
    tag_table *tags = tags_load(odb, opt->gazetteer, err, sizeof err);
    if (!tags)
        die("cannot read the tags", err);
    bulletin_archive *a;
    if (bulletin_archive_open(&a, ours, BULLETIN_OPEN_READONLY))
        die("cannot open", bulletin_error_last()->message);
    int64_t *row_ids = malloc((truth_count(tc) + 1) * sizeof *row_ids);
    for (size_t k = 0; k < truth_count(tc); k++)
        row_ids[k] = truth_id(tc, k);
    idset all;
    bench_filter none;
    memset(&none, 0, sizeof none);
    if (tags_filter(tags, &none, row_ids, NULL, truth_count(tc), &all, err, sizeof err))
        die(err, NULL);
    searchable = all.n;
    free(all.ids);
    uint8_t *hits = malloc(truth_count(tc) + 1);
    for (size_t i = 0; i < qs->n; i++) {
        query *q = &qs->q[i];
        if (q->filtered)
            recall_filtered(q, tc, row_ids, tags, a, odb, hits);
        else
            recall_text(q, tc, odb, tdb, hits);
    }
    free(hits);
    free(row_ids);
    tags_free(tags);
    bulletin_archive_close(a);
    sqlite3_close(odb);
    sqlite3_close(tdb);
    truth_free(tc);
}

/* Latency samples per query (ms). */
typedef struct samples {
    double *v;
    size_t n, cap;
} samples;

static void push(samples *s, double v)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 256;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = v;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double pct(samples *s, double p)
{
    if (!s->n)
        return 0;
    qsort(s->v, s->n, sizeof *s->v, cmp_double);
    size_t k = (size_t)(p / 100.0 * (double)(s->n - 1) + 0.5);
    return s->v[k];
}

/* The search a reader's screen needs: 20 hits with snippets, the total
 * and, when the row asks for them, the facet counts. */
static double search_ours(bulletin_archive *a, query *q)
{
    bulletin_search_options o = query_options(q);
    o.rank_window = opt->rank_window;
    double t0 = now();
    bulletin_results *r = search_or_die(a, q, &o);
    size_t n;
    for (int f = 0; o.facets && f < BULLETIN_FACET_LAST; f++)
        bulletin_results_facet(r, (bulletin_facet)f, &n);
    double ms = (now() - t0) * 1000;
    q->shown = bulletin_results_count(r);
    bulletin_results_free(r);
    return ms;
}

/* What a trigram user would run: the count and the top 20 with snippets. */
static double search_trigram(sqlite3 *db, const char *text)
{
    char *tq = trigram_query(text);
    double t0 = now();
    sqlite3_stmt *c = prepare(db, "SELECT count(*) FROM t WHERE t MATCH ?1");
    sqlite3_stmt *s = prepare(db,
        "SELECT rowid, headline, snippet(t, -1, '[', ']', '…', 32) FROM t"
        " WHERE t MATCH ?1 ORDER BY rank LIMIT 20");
    sqlite3_bind_text(c, 1, tq, -1, SQLITE_STATIC);
    sqlite3_bind_text(s, 1, tq, -1, SQLITE_STATIC);
    while (sqlite3_step(c) == SQLITE_ROW)
        ;
    while (sqlite3_step(s) == SQLITE_ROW)
        ;
    sqlite3_finalize(c);
    sqlite3_finalize(s);
    double ms = (now() - t0) * 1000;
    free(tq);
    return ms;
}

enum { SYS_OURS, SYS_TRIGRAM, SYS_COUNT };
enum { CACHE_WARM, CACHE_COLD, CACHE_COUNT };

typedef struct latency {
    samples all[SYS_COUNT][CACHE_COUNT];
    samples *by_class[SYS_COUNT][CACHE_COUNT];   /* parallel to class list */
    char (*classes)[32];
    size_t nclasses;
} latency;

static size_t class_index(latency *L, const char *cls)
{
    for (size_t i = 0; i < L->nclasses; i++)
        if (!strcmp(L->classes[i], cls))
            return i;
    L->classes = realloc(L->classes, (L->nclasses + 1) * sizeof *L->classes);
    snprintf(L->classes[L->nclasses], 32, "%s", cls);
    for (int s = 0; s < SYS_COUNT; s++)
        for (int c = 0; c < CACHE_COUNT; c++) {
            L->by_class[s][c] = realloc(L->by_class[s][c], (L->nclasses + 1) * sizeof(samples));
            memset(&L->by_class[s][c][L->nclasses], 0, sizeof(samples));
        }
    return L->nclasses++;
}

static void record(latency *L, int sys, int cache, const char *cls, double ms)
{
    size_t k = class_index(L, cls);   /* first: it may move by_class */
    push(&L->all[sys][cache], ms);
    push(&L->by_class[sys][cache][k], ms);
}

static void run_latency(query_set *qs, const char *ours, const char *tri, latency *L)
{
    bulletin_archive *a;
    if (bulletin_archive_open(&a, ours, BULLETIN_OPEN_READONLY))
        die("cannot open", bulletin_error_last()->message);
    /* Without `tri` (--archive), ours alone. */
    sqlite3 *tdb = tri ? open_db(tri, SQLITE_OPEN_READONLY) : NULL;
    for (int round = 0; round <= WARM_ROUNDS; round++)
        for (size_t i = 0; i < qs->n; i++) {
            query *q = &qs->q[i];
            double mo = search_ours(a, q);
            double mt = q->filtered || !tdb ? 0 : search_trigram(tdb, q->text);
            if (round > 0) {   /* round 0 warms the caches */
                record(L, SYS_OURS, CACHE_WARM, q->cls, mo);
                if (!q->filtered && tdb)
                    record(L, SYS_TRIGRAM, CACHE_WARM, q->cls, mt);
            }
        }
    bulletin_archive_close(a);
    sqlite3_close(tdb);
    if (!opt->cold)
        return;
    /* Cold: before each query the archive's pages leave the page cache
     * and the archive is opened anew (SQLite's own cache starts empty). */
    for (size_t i = 0; i < qs->n; i++) {
        query *q = &qs->q[i];
        drop_db_cache(ours);
        if (bulletin_archive_open(&a, ours, BULLETIN_OPEN_READONLY))
            die("cannot open", bulletin_error_last()->message);
        record(L, SYS_OURS, CACHE_COLD, q->cls, search_ours(a, q));
        bulletin_archive_close(a);
        if (q->filtered || !tri)
            continue;
        drop_db_cache(tri);
        tdb = open_db(tri, SQLITE_OPEN_READONLY);
        record(L, SYS_TRIGRAM, CACHE_COLD, q->cls, search_trigram(tdb, q->text));
        sqlite3_close(tdb);
    }
}

/* ---------------------------------------------------------------- report */

typedef struct results {
    size_t articles;
    double text_bytes;
    measure ours, optimize, trigram, presplit, ceiling, stages;
    sizes s_ours, s_tri, s_ceil;
    double load[3];
} results;

static void article_figures(const char *ours, results *R)
{
    sqlite3 *db = open_db(ours, SQLITE_OPEN_READONLY);
    sqlite3_stmt *st = prepare(db,
        "SELECT count(*), sum(length(CAST(headline AS BLOB)) + length(CAST(subtitle AS BLOB))"
        " + length(CAST(body AS BLOB))) FROM articles");
    if (sqlite3_step(st) == SQLITE_ROW) {
        R->articles = (size_t)sqlite3_column_int64(st, 0);
        R->text_bytes = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
}

static double cpu(const measure *m)
{
    return m->user + m->sys;
}

static void print_system(FILE *f, const char *name, const measure *m, double seconds_cpu,
                         const results *R, const sizes *s, const measure *ref)
{
    double mb = R->text_bytes / 1e6;
    fprintf(f, "%-26s %8.1f %8.1f %8.2f %9.0f %8.2f %6.2f %6.2f %7.2f %7.2f %8.1f\n", name,
            m->wall, seconds_cpu, mb / m->wall, (double)R->articles / m->wall,
            mb / seconds_cpu, ref ? m->wall / ref->wall : 1.0,
            ref ? seconds_cpu / cpu(ref) : 1.0, s->index / R->text_bytes,
            s->file / R->text_bytes, m->maxrss_kb / 1024.0);
}

static void json_system(FILE *f, const char *name, const measure *m, const results *R,
                        const sizes *s, int last)
{
    fprintf(f, "    \"%s\": {\"wall_s\": %.3f, \"cpu_s\": %.3f, \"mb_per_s_wall\": %.3f,"
               " \"mb_per_s_cpu\": %.3f, \"articles_per_s_wall\": %.1f,"
               " \"index_bytes\": %.0f, \"stored_text_bytes\": %.0f, \"other_bytes\": %.0f,"
               " \"file_bytes\": %.0f, \"index_x_source\": %.3f, \"file_x_source\": %.3f,"
               " \"peak_rss_mb\": %.1f}%s\n",
            name, m->wall, cpu(m), R->text_bytes / 1e6 / m->wall, R->text_bytes / 1e6 / cpu(m),
            (double)R->articles / m->wall, s->index, s->stored, s->other, s->file,
            s->index / R->text_bytes, s->file / R->text_bytes, m->maxrss_kb / 1024.0,
            last ? "" : ",");
}

/* Recall of the rows of class `cls` (NULL: all rows) as "100.00%", with
 * a '*' when some row was checked by its count (RECALL_ALL_IDS_MAX). */
static void class_recall(const query_set *qs, const char *cls, char *ours, char *tri,
                         size_t len, size_t *n, size_t *full)
{
    size_t truth = 0, found = 0, tri_truth = 0, tri_found = 0, filtered = 0, counted = 0;
    *n = *full = 0;
    for (size_t i = 0; i < qs->n; i++) {
        const query *q = &qs->q[i];
        if (cls && strcmp(q->cls, cls))
            continue;
        ++*n;
        *full += q->shown == 20;
        truth += q->truth;
        found += q->ours_found;
        filtered += q->filtered;
        counted += q->filtered && !q->ids_complete;
        if (!q->filtered) {
            tri_truth += q->truth;
            tri_found += q->tri_found;
        }
    }
    snprintf(ours, len, "%.2f%%%s", truth ? 100.0 * found / truth : 100.0, counted ? "*" : "");
    if (filtered == *n)
        snprintf(tri, len, "- (filtered)");
    else
        snprintf(tri, len, "%.2f%%", tri_truth ? 100.0 * tri_found / tri_truth : 100.0);
}

static void report_queries(FILE *out, const query_set *qs, latency *L)
{
    if (opt->archive) {   /* latency only: no recall, no trigram */
        fprintf(out, "\n%-15s %4s %4s %9s %9s %9s %9s %9s %9s\n", "queries (ms)", "n", "20",
                "warm p50", "p95", "p99", "cold p50", "p95", "p99");
        for (size_t c = 0; c <= L->nclasses; c++) {
            samples *w = c < L->nclasses ? &L->by_class[SYS_OURS][CACHE_WARM][c]
                                         : &L->all[SYS_OURS][CACHE_WARM];
            samples *k = c < L->nclasses ? &L->by_class[SYS_OURS][CACHE_COLD][c]
                                         : &L->all[SYS_OURS][CACHE_COLD];
            size_t full = 0;
            for (size_t i = 0; i < qs->n; i++)
                full += qs->q[i].shown == 20 && (c == L->nclasses ||
                                                 !strcmp(qs->q[i].cls, L->classes[c]));
            fprintf(out, "%-15s %4zu %4zu %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f\n",
                    c < L->nclasses ? L->classes[c] : "ALL", w->n / WARM_ROUNDS, full,
                    pct(w, 50), pct(w, 95), pct(w, 99), pct(k, 50), pct(k, 95), pct(k, 99));
        }
        fprintf(out, "  20: rows showing a full page of 20 hits.  Warm: %d rounds after one to "
                     "warm up; cold: pages dropped (posix_fadvise) and archive reopened before "
                     "each query.\n", WARM_ROUNDS);
        return;
    }
    fprintf(out, "\n%-15s %4s %4s %9s %9s %9s %9s %9s %9s   %-13s %s\n", "queries (ms)", "n",
            "20", "warm p50", "p95", "p99", "cold p50", "p95", "p99", "recall ours", "trigram");
    for (size_t c = 0; c <= L->nclasses; c++) {
        const char *name = c < L->nclasses ? L->classes[c] : "ALL";
        samples *w = c < L->nclasses ? &L->by_class[SYS_OURS][CACHE_WARM][c] : &L->all[SYS_OURS][CACHE_WARM];
        samples *k = c < L->nclasses ? &L->by_class[SYS_OURS][CACHE_COLD][c] : &L->all[SYS_OURS][CACHE_COLD];
        char ro[32], rt[32];
        size_t n, full;
        class_recall(qs, c < L->nclasses ? name : NULL, ro, rt, sizeof ro, &n, &full);
        fprintf(out, "%-15s %4zu %4zu %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f   %-13s %s\n", name, n,
                full, pct(w, 50), pct(w, 95), pct(w, 99), pct(k, 50), pct(k, 95), pct(k, 99),
                ro, rt);
    }
    size_t filtered = 0, faceted = 0, facets_bad = 0, counted = 0;
    double half_lo = 100, half_hi = 0;
    for (size_t i = 0; i < qs->n; i++) {
        const query *q = &qs->q[i];
        filtered += q->filtered;
        faceted += q->facets_ok >= 0;
        facets_bad += q->facets_ok == 0;
        counted += q->filtered && !q->ids_complete;
        if (!strcmp(q->cls, "facets-half") && searchable) {
            double share = 100.0 * (double)q->truth / (double)searchable;
            half_lo = share < half_lo ? share : half_lo;
            half_hi = share > half_hi ? share : half_hi;
        }
    }
    fprintf(out, "%-15s %4zu %4s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f   (FTS5 trigram, the same "
                 "queries without filters)\n",
            "ALL trigram", qs->n - filtered, "", pct(&L->all[SYS_TRIGRAM][CACHE_WARM], 50),
            pct(&L->all[SYS_TRIGRAM][CACHE_WARM], 95), pct(&L->all[SYS_TRIGRAM][CACHE_WARM], 99),
            pct(&L->all[SYS_TRIGRAM][CACHE_COLD], 50), pct(&L->all[SYS_TRIGRAM][CACHE_COLD], 95),
            pct(&L->all[SYS_TRIGRAM][CACHE_COLD], 99));
    fprintf(out, "  20: rows showing a full page of 20 hits.  Warm: %d rounds after one to warm "
                 "up; cold: pages dropped (posix_fadvise) and archive reopened before each "
                 "query.\n", WARM_ROUNDS);
    fprintf(out, "  %zu queries with filters or facets: recall against the text's truth "
                 "intersected with the stored tags and dates (no trigram: it has no tags)",
            filtered);
    if (counted)
        fprintf(out, "; * %zu of them matched over %d articles, checked by their count and "
                     "first page", counted, RECALL_ALL_IDS_MAX);
    fprintf(out, ".\n  Facet counts of %zu queries against SQL GROUP BY over the true set: %s.\n",
            faceted, facets_bad ? "SOME DISAGREE (below)" : "all agree");
    if (half_hi > 0)
        fprintf(out, "  facets-half: the queries match %.1f%%-%.1f%% of the %zu searchable "
                     "articles.\n", half_lo, half_hi, searchable);
    for (size_t i = 0; i < qs->n; i++) {
        const query *q = &qs->q[i];
        if (q->ours_found < q->truth || (q->filtered && q->lib_total != q->truth))
            fprintf(out, "  MISSED by ours: [%s] %s: %zu of %zu (total %zu)\n", q->cls,
                    q->text, q->ours_found, q->truth, q->lib_total);
        /* Recall is the table's column; an article found beyond the truth
         * (precision) shows only here, for text rows and filtered alike. */
        if (q->ours_extra)
            fprintf(out, "  EXTRA in ours: [%s] %s: %zu not in the truth\n", q->cls, q->text,
                    q->ours_extra);
        if (q->facets_ok == 0)
            fprintf(out, "  FACETS of [%s] %s: %s\n", q->cls, q->text, q->facet_msg);
    }
}

static void json_string(FILE *json, const char *key, const char *value)
{
    fprintf(json, "\"%s\": \"", key);
    for (const char *s = value; *s; s++)
        fprintf(json, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
    fprintf(json, "\"");
}

/* One row: its query and filters as run, the truth and what was found. */
static void json_query(FILE *json, const query *q, int more)
{
    fprintf(json, "    {");
    json_string(json, "class", q->cls);
    fprintf(json, ", ");
    json_string(json, "query", q->text);
    fprintf(json, ", \"filters\": {");
    json_string(json, "district", q->district);
    fprintf(json, ", ");
    json_string(json, "topic", q->topic);
    fprintf(json, ", ");
    json_string(json, "date_from", q->date_from);
    fprintf(json, ", ");
    json_string(json, "date_to", q->date_to);
    fprintf(json, ", ");
    json_string(json, "facets", q->facets);
    fprintf(json, "}, \"truth\": %zu, \"ours\": %zu, \"ours_extra\": %zu, \"shown\": %zu",
            q->truth, q->ours_found, q->ours_extra, q->shown);
    if (q->filtered) {
        /* The filters the truth applied: the options and the query's fields. */
        fprintf(json, ", \"truth_filter\": {");
        json_string(json, "district", q->filter.district);
        fprintf(json, ", ");
        json_string(json, "topic", q->filter.topic);
        fprintf(json, ", ");
        json_string(json, "date_from", q->filter.date_from);
        fprintf(json, ", ");
        json_string(json, "date_to", q->filter.date_to);
        fprintf(json, ", ");
        json_string(json, "date", q->filter.date_range);
        fprintf(json, "}");
    }
    if (q->filtered)
        fprintf(json, ", \"library_total\": %zu, \"recall_checked\": \"%s\", \"facets_ok\": %s,"
                      " \"trigram\": null", q->lib_total,
                q->ids_complete ? "every id" : "count and first page",
                q->facets_ok < 0 ? "null" : q->facets_ok ? "true" : "false");
    else
        fprintf(json, ", \"trigram\": %zu, \"trigram_extra\": %zu", q->tri_found, q->tri_extra);
    fprintf(json, "}%s\n", more ? "," : "");
}

static void report(FILE *out, FILE *json, results *R, query_set *qs, latency *L)
{
    const measure *o = &R->ours;
    double ceiling_cpu = cpu(&R->ceiling);
    fprintf(out, "\nbulletin-search benchmark: %zu articles (seed %ld), %.1f MB article text, "
                 "%.1f MB in %zu files; load average %.2f %.2f %.2f\n",
            R->articles, opt->seed, R->text_bytes / 1e6, files.bytes / 1e6, files.n,
            R->load[0], R->load[1], R->load[2]);
    fprintf(out, "\n%-26s %8s %8s %8s %9s %8s %6s %6s %7s %7s %8s\n", "indexing", "wall s",
            "cpu s", "MB/s", "art/s", "MB/cpu-s", "ours/x", "(cpu)", "index×", "file×",
            "RSS MB");
    print_system(out, "ours (files, end to end)", o, cpu(o), R, &R->s_ours, NULL);
    fprintf(out, "%-26s %8.1f %8.1f   (after the import; sizes and queries are of the merged"
                 " index)\n", "  then optimize", R->optimize.wall, cpu(&R->optimize));
    print_system(out, "FTS5 trigram", &R->trigram, cpu(&R->trigram), R, &R->s_tri, o);
    print_system(out, "FTS5 ceiling (pre-split)", &R->ceiling, ceiling_cpu, R, &R->s_ceil, o);
    fprintf(out, "  (ours/x: our speed as a multiple of x's, wall and CPU time; index×: FTS5 "
                 "index without stored text, file×: whole file, both ÷ article text)\n");

    double *t = R->stages.extra, total = 0;
    for (int s = 0; s < ST_COUNT; s++)
        total += t[s];
    double fts5 = ceiling_cpu;
    fprintf(out, "\n%-26s %8s %7s\n", "stage (CPU, whole corpus)", "s", "share");
    for (int s = 0; s < ST_COUNT; s++)
        fprintf(out, "%-26s %8.1f %6.1f%%\n", stage_names[s], t[s], 100 * t[s] / (total + fts5));
    fprintf(out, "%-26s %8.1f %6.1f%%   (the ceiling run: SQLite rows + FTS5 index)\n",
            "store + FTS5 insert", fts5, 100 * fts5 / (total + fts5));
    double rest = cpu(o) - total - fts5;
    fprintf(out, "%-26s %8.1f %6.1f%%   (ours end to end minus all of the above: keys,"
                 " b-tree indexes, queueing)\n", "rest of ours", rest, 100 * rest / cpu(o));
    fprintf(out, "  %.0f terms for %.0f articles; ours end to end took %.1f CPU s;"
                 " shares are of the sum of the stages and the ceiling run\n",
            t[ST_COUNT], t[ST_COUNT + 1], cpu(o));

    if (qs->n)   /* --no-queries: no table of zeros */
        report_queries(out, qs, L);

    if (!json)
        return;
    fprintf(json, "{\n  \"articles\": %zu,\n  \"seed\": %ld,\n  \"article_text_bytes\": %.0f,\n"
                  "  \"corpus_file_bytes\": %llu,\n  \"files\": %zu,\n"
                  "  \"load_average\": [%.2f, %.2f, %.2f],\n  \"indexing\": {\n",
            R->articles, opt->seed, R->text_bytes, (unsigned long long)files.bytes, files.n,
            R->load[0], R->load[1], R->load[2]);
    json_system(json, "ours", o, R, &R->s_ours, 0);
    fprintf(json, "    \"ours_optimize\": {\"wall_s\": %.3f, \"cpu_s\": %.3f},\n",
            R->optimize.wall, cpu(&R->optimize));
    json_system(json, "fts5_trigram", &R->trigram, R, &R->s_tri, 0);
    json_system(json, "fts5_ceiling", &R->ceiling, R, &R->s_ceil, 1);
    fprintf(json, "  },\n  \"ratios\": {\"ours_over_trigram_wall\": %.3f, \"ours_over_trigram_cpu\": %.3f,"
                  " \"ours_over_ceiling_wall\": %.3f, \"ours_over_ceiling_cpu\": %.3f},\n",
            R->trigram.wall / o->wall, cpu(&R->trigram) / cpu(o), R->ceiling.wall / o->wall,
            ceiling_cpu / cpu(o));
    fprintf(json, "  \"stages_cpu_s\": {");
    for (int s = 0; s < ST_COUNT; s++)
        fprintf(json, "\"%s\": %.3f, ", stage_names[s], t[s]);
    fprintf(json, "\"store + FTS5 insert\": %.3f, \"rest of ours\": %.3f, \"terms\": %.0f},\n",
            fts5, cpu(o) - total - fts5, t[ST_COUNT]);
    fprintf(json, "  \"tokenizer_only_cpu_s\": %.3f,\n", R->presplit.extra[1]);
    fprintf(json, "  \"queries\": [\n");
    for (size_t i = 0; i < qs->n; i++)
        json_query(json, &qs->q[i], i + 1 < qs->n);
    fprintf(json, "  ],\n  \"latency_ms\": {\n");
    const char *sysn[SYS_COUNT] = { "ours", "fts5_trigram" };
    const char *cachen[CACHE_COUNT] = { "warm", "cold" };
    for (int s = 0; s < SYS_COUNT; s++) {
        fprintf(json, "    \"%s\": {\n", sysn[s]);
        for (int c = 0; c < CACHE_COUNT; c++) {
            fprintf(json, "      \"%s\": {", cachen[c]);
            for (size_t k = 0; k <= L->nclasses; k++) {
                samples *sm = k < L->nclasses ? &L->by_class[s][c][k] : &L->all[s][c];
                fprintf(json, "\"%s\": {\"n\": %zu, \"p50\": %.3f, \"p95\": %.3f, \"p99\": %.3f}%s",
                        k < L->nclasses ? L->classes[k] : "all", sm->n, pct(sm, 50),
                        pct(sm, 95), pct(sm, 99), k < L->nclasses ? ", " : "");
            }
            fprintf(json, "}%s\n", c + 1 < CACHE_COUNT ? "," : "");
        }
        fprintf(json, "    }%s\n", s + 1 < SYS_COUNT ? "," : "");
    }
    fprintf(json, "  }\n}\n");
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fputs("usage: bulletin-bench --corpus DIR --work DIR --cli PATH --queries FILE "
          "--gazetteer FILE [--json FILE] [--seed N] [--no-cold] [--no-queries]\n"
          "       bulletin-bench --archive DB --queries FILE [--rank-window N] [--no-cold]\n"
          "                      (query latency of an existing archive only)\n", stderr);
    exit(2);
}

static void parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->cold = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--no-cold")) {
            o->cold = 0;
            continue;
        }
        if (!strcmp(a, "--no-queries")) {
            o->queries_off = 1;
            continue;
        }
        if (!v)
            usage();
        if (!strcmp(a, "--corpus")) o->corpus = v;
        else if (!strcmp(a, "--work")) o->work = v;
        else if (!strcmp(a, "--cli")) o->cli = v;
        else if (!strcmp(a, "--queries")) o->queries = v;
        else if (!strcmp(a, "--json")) o->json = v;
        else if (!strcmp(a, "--seed")) o->seed = atol(v);
        else if (!strcmp(a, "--gazetteer")) o->gazetteer = v;
        else if (!strcmp(a, "--archive")) o->archive = v;
        else if (!strcmp(a, "--rank-window")) o->rank_window = (size_t)atol(v);
        else usage();
        i++;
    }
    if (o->archive ? !o->queries
                   : !o->corpus || !o->work || !o->cli || !o->queries || !o->gazetteer)
        usage();
}

static void step(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
}

static void free_latency(latency *L)
{
    for (int sys = 0; sys < SYS_COUNT; sys++)
        for (int c = 0; c < CACHE_COUNT; c++) {
            free(L->all[sys][c].v);
            for (size_t k = 0; k < L->nclasses && L->by_class[sys][c]; k++)
                free(L->by_class[sys][c][k].v);
            free(L->by_class[sys][c]);
        }
    free(L->classes);
}

/* --archive: the query mix's latency on an archive indexed before (for
 * sizes where indexing everything again per run costs too much). */
static int latency_only(const options *o)
{
    query_set qs = { NULL, 0, 0 };
    latency L;
    memset(&L, 0, sizeof L);
    load_queries(o->queries, &qs);
    step("query latency (ours only)");
    run_latency(&qs, o->archive, NULL, &L);
    double load[3];
    getloadavg(load, 3);
    printf("\nbulletin-search query latency: %s, rank window %zu; load average %.2f %.2f %.2f\n",
           o->archive, o->rank_window ? o->rank_window : (size_t)BULLETIN_RANK_WINDOW_DEFAULT,
           load[0], load[1], load[2]);
    report_queries(stdout, &qs, &L);
    free_latency(&L);
    free(qs.q);
    return 0;
}

int main(int argc, char **argv)
{
    options o;
    parse_args(argc, argv, &o);
    opt = &o;
    if (o.archive)
        return latency_only(&o);
    mkdir(o.work, 0755);
    walk(o.corpus);
    if (!files.n)
        die("no .txt or .xml files under", o.corpus);
    results R;
    memset(&R, 0, sizeof R);
    char *ours = path_in(o.work, "ours.db"), *tri = path_in(o.work, "trigram.db"),
         *pre = path_in(o.work, "presplit.db"), *ceil = path_in(o.work, "ceiling.db");
    remove_db(ours);
    remove_db(tri);
    remove_db(pre);
    remove_db(ceil);

    step("indexing with bulletin-search (files dropped from the page cache first)");
    for (size_t i = 0; i < files.n; i++)
        drop_cache(files.paths[i]);
    R.ours = run_child(index_ours, ours);
    if (!R.ours.ok)
        die("bulletin-search index failed; see", path_in(o.work, "index.log"));
    step("merging our index into one segment (bulletin-search optimize)");
    R.optimize = run_child(optimize_ours, ours);
    if (!R.optimize.ok)
        die("bulletin-search optimize failed; see", path_in(o.work, "index.log"));
    article_figures(ours, &R);
    step("FTS5 trigram");
    R.trigram = run_child(load_trigram, tri);
    step("pre-splitting with our tokenizer (untimed)");
    R.presplit = run_child(make_presplit, pre);
    step("FTS5 ceiling (unicode61 over pre-split terms)");
    R.ceiling = run_child(load_ceiling, ceil);
    if (!R.trigram.ok || !R.presplit.ok || !R.ceiling.ok)
        die("an FTS5 comparison run failed", NULL);
    step("timing the stages");
    R.stages = run_child(time_stages, NULL);
    R.s_ours = measure_sizes(ours, "articles_fts_", "articles");
    R.s_tri = measure_sizes(tri, "t_", "t_content");
    R.s_ceil = measure_sizes(ceil, "t_", "articles");

    query_set qs = { NULL, 0, 0 };
    latency L;
    memset(&L, 0, sizeof L);
    if (!o.queries_off) {
        load_queries(o.queries, &qs);
        step("recall against the ground truth");
        recall(&qs, ours, tri);
        step("query latency");
        run_latency(&qs, ours, tri, &L);
    }

    getloadavg(R.load, 3);
    FILE *json = o.json ? fopen(o.json, "w") : NULL;
    report(stdout, json, &R, &qs, &L);
    if (json)
        fclose(json);
    remove_db(pre);
    free_latency(&L);
    free(qs.q);
    free(ours);
    free(tri);
    free(pre);
    free(ceil);
    return 0;
}
