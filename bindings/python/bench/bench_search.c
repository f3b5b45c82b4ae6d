/* bench_search.c - the C side of the Python overhead benchmark
 * (bench_search.py runs it): the same searches through the C API, each
 * followed by reading every field of every hit, as a caller would.
 *
 * usage: bench-search-c DB ROUNDS LIMIT QUERY...
 * prints one line per query: "QUERY<TAB>TOTAL<TAB>MICROSECONDS-PER-SEARCH",
 * the best of 5 runs of ROUNDS searches. */
#include <bulletin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);  /* CPU time: robust against other load */
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* Touch what a page of results shows, so nothing is skipped unfairly. */
static size_t consume(const bulletin_results *r)
{
    size_t sum = bulletin_results_total(r);
    for (size_t i = 0; i < bulletin_results_count(r); i++) {
        const bulletin_hit *h = bulletin_results_hit(r, i);
        sum += (size_t)h->id + strlen(h->headline) + strlen(h->issue_date) + (size_t)h->page +
               (size_t)h->kind + (size_t)h->score + strlen(h->snippet) + h->highlight_count;
    }
    return sum;
}

static int run(bulletin_archive *a, const char *query, long rounds, size_t limit)
{
    bulletin_search_options opts = BULLETIN_SEARCH_OPTIONS_INIT;
    opts.limit = limit;
    double best = 0;
    size_t total = 0, sink = 0;
    for (int run_no = 0; run_no < 5; run_no++) {
        double t0 = now_us();
        for (long i = 0; i < rounds; i++) {
            bulletin_results *r;
            if (bulletin_archive_search(&r, a, query, &opts) != BULLETIN_OK) {
                fprintf(stderr, "bench-search-c: %s\n", bulletin_error_last()->message);
                return 1;
            }
            total = bulletin_results_total(r);
            sink += consume(r);
            bulletin_results_free(r);
        }
        double per = (now_us() - t0) / (double)rounds;
        if (run_no == 0 || per < best)
            best = per;
    }
    printf("%s\t%zu\t%.2f\n", query, total, best);
    return sink == 0 && total != 0;  /* keeps `sink` alive */
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench-search-c DB ROUNDS LIMIT QUERY...\n");
        return 2;
    }
    bulletin_archive *a;
    if (bulletin_archive_open(&a, argv[1], BULLETIN_OPEN_READONLY) != BULLETIN_OK) {
        fprintf(stderr, "bench-search-c: %s\n", bulletin_error_last()->message);
        return 1;
    }
    long rounds = atol(argv[2]);
    size_t limit = (size_t)atol(argv[3]);
    int rc = 0;
    for (int i = 4; i < argc && !rc; i++)
        rc = run(a, argv[i], rounds > 0 ? rounds : 1, limit);
    bulletin_archive_close(a);
    return rc;
}
