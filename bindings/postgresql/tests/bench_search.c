/* bench_search.c - query latency of the SQLite archive through the C API
 * (built and run by bench_postgresql.sh): each query of the mix ROUNDS
 * times, 20 hits with snippets, one latency in microseconds per line. */
#include <bulletin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc < 4)
        return 2;
    bulletin_archive *a;
    if (bulletin_archive_open(&a, argv[1], BULLETIN_OPEN_READONLY))
        return 1;
    int rounds = atoi(argv[2]);
    for (int r = 0; r < rounds; r++) {
        for (int q = 3; q < argc; q++) {
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            bulletin_results *res;
            if (bulletin_archive_search(&res, a, argv[q], NULL))
                return 1;
            bulletin_results_free(res);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            printf("%ld\n", (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000);
        }
    }
    bulletin_archive_close(a);
    return 0;
}
