/* fuzz.h - what the fuzz harnesses share.
 *
 * Each harness defines LLVMFuzzerTestOneInput().  Built with clang and
 * -fsanitize=fuzzer (make fuzz), libFuzzer drives it; built with the
 * normal compiler and replay.c (make check), it is run over the seed
 * corpus and every crash ever found (tests/fuzz/regressions/), so a
 * fixed crash stays fixed. */
#ifndef BULLETIN_FUZZ_H
#define BULLETIN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property the code under test promises is broken: report and abort,
 * which libFuzzer records as a crash with the input that caused it. */
#define FUZZ_ASSERT(cond)                                                      \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, \
                    #cond);                                                    \
            abort();                                                           \
        }                                                                      \
    } while (0)

#endif
