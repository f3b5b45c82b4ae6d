/* fuzz_page.c - any bytes as a page-text file (decode, then page.c). */
#include "config.h"
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_ingest(data, size, "fuzz-page.txt", bulletin__ingest_page);
}
