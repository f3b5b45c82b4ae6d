/* ingest.c - read one source file and hand it to the right reader.
 *
 * Also takes the issue date and page from the file's name when neither
 * the file nor the caller gives them.  Recognised names (any folders
 * above them; the date may also be a folder name):
 *   2017-12-12-p2.txt   2017-12-12_p02.txt   2017-12-12/page-02.txt
 *   2017-12-12/p2.txt   20171212-p2.txt      2017-12-12/02.txt
 *   2017_12_12-page2.txt                     20171212/P02.txt
 * The date is YYYY-MM-DD, YYYY_MM_DD or YYYYMMDD (the last one in the
 * path wins: the file name is more specific than a folder); the page is
 * "p", "P" or "page" with an optional "-" or "_" before 1-3 digits, at
 * the start of the name or after "-", "_" or ".", and followed by the
 * extension; or a name of only 1-3 digits.  Page text for which neither
 * the caller nor the name gives both is refused (see
 * missing_date_or_page); XML carries its own date. */
#include "config.h"
#include "ingest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Files larger than this are not bulletin pages; refuse them up front
 * instead of exhausting memory. */
#define MAX_FILE_BYTES (256u * 1024 * 1024)

static bulletin_status read_file(const char *path, char **out, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1, "%s: %s", path,
                                  strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1,
                                  "%s: not a regular file", path);
    }
    if ((unsigned long long)sb.st_size > MAX_FILE_BYTES) {
        fclose(f);
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, -1,
                                  "%s: file of %lld bytes is too large (at most %u MiB)",
                                  path, (long long)sb.st_size, MAX_FILE_BYTES >> 20);
    }
    size_t cap = (size_t)sb.st_size + 1, len = 0;
    char *data = malloc(cap);
    if (!data) {
        fclose(f);
        return bulletin__nomem();
    }
    size_t n;
    while ((n = fread(data + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len == cap - 1) {  /* the file grew while we read it */
            if (cap > MAX_FILE_BYTES)
                break;
            char *grown = realloc(data, cap * 2);
            if (!grown) {
                free(data);
                fclose(f);
                return bulletin__nomem();
            }
            data = grown;
            cap *= 2;
        }
    }
    bool failed = ferror(f);
    fclose(f);
    if (failed) {
        free(data);
        return bulletin__error_at(BULLETIN_ERROR_IO, path, 0, -1,
                                  "%s: read error", path);
    }
    data[len] = '\0';
    *out = data;
    *out_len = len;
    return BULLETIN_OK;
}

/* Does the text look like XML?  (Leading white space allowed.) */
static bool looks_like_xml(const char *path, const char *text, size_t len)
{
    const char *dot = strrchr(path, '.');
    if (dot && !strcasecmp(dot, ".xml"))
        return true;
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
        i++;
    return (len - i >= 5 && !memcmp(text + i, "<?xml", 5)) ||
           (len - i >= 9 && !memcmp(text + i, "<bulletin", 9));
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Find YYYY-MM-DD, YYYY_MM_DD or YYYYMMDD in `path`; the last one wins
 * (the file name is more specific than a folder). */
static bool date_from_path(const char *path, char date[11])
{
    bool found = false;
    size_t len = strlen(path);
    for (size_t i = 0; i + 8 <= len; i++) {
        if (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9')
            continue;
        char cand[11];
        size_t end;
        if (i + 10 <= len && digits(path + i, 4) && (path[i + 4] == '-' || path[i + 4] == '_') &&
            digits(path + i + 5, 2) && path[i + 7] == path[i + 4] && digits(path + i + 8, 2)) {
            snprintf(cand, sizeof cand, "%.4s-%.2s-%.2s", path + i, path + i + 5, path + i + 8);
            end = i + 10;
        } else if (digits(path + i, 8)) {
            snprintf(cand, sizeof cand, "%.4s-%.2s-%.2s", path + i, path + i + 4, path + i + 6);
            end = i + 8;
        } else {
            continue;
        }
        if ((end < len && path[end] >= '0' && path[end] <= '9') || !bulletin__valid_date(cand))
            continue;
        memcpy(date, cand, 11);
        found = true;
    }
    return found;
}

/* The page number in the file name: "p2", "page-02", "page2", "_p02", or
 * a name that is only digits ("02.txt") under a dated folder. */
static int page_from_path(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    for (size_t i = 0; i < len; i++) {
        bool start = i == 0 || base[i - 1] == '-' || base[i - 1] == '_' || base[i - 1] == '.';
        if (!start)
            continue;
        size_t j = i;
        if (!strncasecmp(base + j, "page", 4))
            j += 4;
        else if (base[j] == 'p' || base[j] == 'P')
            j += 1;
        else if (i != 0)
            continue;
        if (base[j] == '-' || base[j] == '_')
            j++;
        size_t k = j;
        while (k < len && base[k] >= '0' && base[k] <= '9')
            k++;
        if (k == j || k - j > 3 || (k < len && base[k] != '.'))
            continue;
        if (i == 0 && j == 0 && k < len && base[k] == '.' && k - j <= 3)
            return atoi(base + j);  /* "02.txt" */
        if (j > i)
            return atoi(base + j);
    }
    return 0;
}

/* Page text carries neither its issue date nor its page number (XML
 * does), and an article without them cannot be linked to the other half
 * of a jump or found by date: refuse rather than guess. */
static bulletin_status missing_date_or_page(const char *path,
                                            const bulletin_index_options *opts)
{
    const char *what = !opts->issue_date && opts->page <= 0 ? "issue date and page"
                       : !opts->issue_date                  ? "issue date"
                                                            : "page";
    return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, -1,
                              "%s: the %s of this page text are not known: give "
                              "--issue-date YYYY-MM-DD and --page N, or name the "
                              "file like 2017-12-12-p2.txt or 2017-12-12/page-02.txt",
                              path, what);
}

/* Undecodable bytes do not stop a page from being indexed (the rest of
 * it is worth finding), but whoever indexes it must hear where they are. */
static void warn_damage(bulletin_batch *batch, const char *path,
                        const bulletin_decode_damage *damage)
{
    if (batch->warnings++ == 0)
        snprintf(batch->first_warning, sizeof batch->first_warning,
                 "%s: invalid %s at byte %ld (%s), read as U+FFFD; "
                 "%zu invalid sequence%s in the file", path, batch->encoding,
                 damage->first_offset, damage->first_bytes, damage->replaced,
                 damage->replaced == 1 ? "" : "s");
}

/* A file with nothing to index, or one that is not text at all, is the
 * user's mistake and is reported rather than stored as nothing or as
 * nonsense.  Decoded text never holds U+0000 (UTF-16 has been decoded by
 * now), so a NUL means a binary file: an executable, an image, an
 * archive. */
static bulletin_status check_text(const char *path, const char *text, size_t len)
{
    const char *nul = memchr(text, '\0', len);
    if (nul)
        return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, (long)(nul - text),
                                  "%s: a binary file, not text (a NUL byte at byte %ld "
                                  "of the decoded text)", path, (long)(nul - text));
    for (size_t i = 0; i < len; i++)
        if (!strchr(" \t\r\n\f\v", text[i]))
            return BULLETIN_OK;
    return bulletin__error_at(BULLETIN_ERROR_INPUT, path, 0, -1,
                              "%s: the file is empty (no text to index)", path);
}

bulletin_status bulletin__ingest_file(const char *path, const char *source,
                                      const bulletin_index_options *opts,
                                      bulletin_batch *batch)
{
    char *bytes = NULL, *text = NULL;
    size_t nbytes = 0, len = 0;
    bulletin_status st = read_file(path, &bytes, &nbytes);
    if (st)
        return st;
    bulletin_decode_damage damage;
    st = bulletin__decode(path, bytes, nbytes, opts ? opts->encoding : NULL, &damage,
                          &text, &len, batch->encoding);
    free(bytes);
    if (!st && (st = check_text(path, text, len)))
        free(text);
    if (st)
        return st;
    if (damage.replaced)
        warn_damage(batch, path, &damage);

    /* Date and page: the caller's, else the file name's. */
    bulletin_index_options local = BULLETIN_INDEX_OPTIONS_INIT;
    if (opts)
        local = *opts;
    char date[11];
    if (!local.issue_date && date_from_path(path, date))
        local.issue_date = date;
    if (!local.page)
        local.page = page_from_path(path);

    if (looks_like_xml(path, text, len))
        st = bulletin__ingest_xml(path, text, len, &local, batch);
    else if (!local.issue_date || local.page <= 0)
        st = missing_date_or_page(path, &local);
    else
        st = bulletin__ingest_page(path, text, len, &local, batch);
    free(text);
    if (st)
        return st;
    char *src = bulletin__batch_strdup(batch, source);
    if (!src)
        return bulletin__nomem();
    /* An article's key is its date, page and position when the file says
     * them (its name or its XML).  Dates and pages forced by the caller
     * are often the same for a whole folder, so those articles are keyed
     * by their file instead, or the files would replace each other. */
    bool forced = opts && (opts->issue_date || opts->page > 0);
    for (size_t i = 0; i < batch->count; i++) {
        bulletin_article *art = &batch->articles[i];
        art->source = src;
        if (forced && !art->key) {
            char key[64];
            snprintf(key, sizeof key, "#%d", art->position);
            bulletin_buf k = BULLETIN_BUF_INIT;
            bool ok = bulletin_buf_append_str(&k, source) && bulletin_buf_append_str(&k, key);
            art->key = ok ? bulletin__batch_strdup(batch, k.data) : NULL;
            bulletin_buf_free(&k);
            if (!art->key)
                return bulletin__nomem();
        }
    }
    return BULLETIN_OK;
}
