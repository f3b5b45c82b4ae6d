/* replay.c - run a fuzz harness over saved inputs, as a TAP test.
 *
 * With no arguments it reads $srcdir/tests/fuzz/corpus/NAME/ (the seeds)
 * and $srcdir/tests/fuzz/regressions/NAME/ (every crash libFuzzer ever
 * found, kept after the fix); with arguments, those files or folders.
 * A crash aborts the program, which the test harness reports as a
 * failure naming the last input started. */
#include "config.h"
#include "fuzz.h"

#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

static int count;

static void replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("not ok %d - cannot read %s\n", ++count, path);
        return;
    }
    size_t cap = 1 << 16, len = 0, n;
    uint8_t *data = malloc(cap);
    while (data && (n = fread(data + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            uint8_t *grown = realloc(data, cap);
            if (!grown)
                free(data);
            data = grown;
        }
    }
    fclose(f);
    printf("# replaying %s (%zu bytes)\n", path, len);
    fflush(stdout);
    /* libFuzzer hands over an exact-size copy: do the same, so that
     * reading past the end is caught by the sanitizers here too. */
    uint8_t *exact = malloc(len ? len : 1);
    if (data && exact) {
        memcpy(exact, data, len);
        LLVMFuzzerTestOneInput(exact, len);
    }
    printf("%s %d - %s\n", data && exact ? "ok" : "not ok", ++count, path);
    free(exact);
    free(data);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void replay(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return;  /* e.g. no regressions yet */
    if (!S_ISDIR(sb.st_mode)) {
        replay_file(path);
        return;
    }
    struct dirent **entries;
    int n = scandir(path, &entries, NULL, by_name);
    for (int i = 0; i < n; i++) {
        if (entries[i]->d_name[0] != '.') {
            char child[4096];
            snprintf(child, sizeof child, "%s/%s", path, entries[i]->d_name);
            replay(child);
        }
        free(entries[i]);
    }
    free(n > 0 ? entries : NULL);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            replay(argv[i]);
    } else {
        const char *srcdir = getenv("srcdir");
        char path[4096];
        snprintf(path, sizeof path, "%s/tests/fuzz/corpus/%s", srcdir ? srcdir : ".",
                 FUZZ_NAME);
        replay(path);
        snprintf(path, sizeof path, "%s/tests/fuzz/regressions/%s", srcdir ? srcdir : ".",
                 FUZZ_NAME);
        replay(path);
    }
    printf("1..%d\n", count);
    return count == 0;
}
