/* fuzz_xml.c - any bytes as a bulletin XML file (decode, then xml.c). */
#include "config.h"
#include "fuzz_ingest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_ingest(data, size, "fuzz.xml", bulletin__ingest_xml);
}
