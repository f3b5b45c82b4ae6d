/* bulletin-search - the command-line face of libbulletin.
 *
 * A thin layer: it parses arguments, calls the library and prints.  Every
 * capability lives in the library (bulletin.h), so C programs and the
 * Python bindings can do everything this tool does.
 *
 * Exit status: 0 success (also with zero hits), 1 runtime error (bad
 * query, unreadable file, bad archive), 2 usage error. */
#include "config.h"

#include <bulletin.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"
#ifdef HAVE_LIBPQ
#include "pg_push.h"
#endif

#define EXIT_RUNTIME 1
#define EXIT_USAGE 2

static const char *program = "bulletin-search";

static const char usage_text[] =
    "usage: bulletin-search [--db PATH] COMMAND [ARGS...]\n"
    "\n"
    "Index and search back issues of Chinese trade-union bulletins.\n"
    "The archive is PATH, else $BULLETIN_DB, else ./bulletins.db.\n"
    "\n"
    "commands:\n"
    "  index [--issue-date YYYY-MM-DD] [--page N] [--encoding NAME] FILE|DIR...\n"
    "        index page-text (.txt) and bulletin XML (.xml) files, recursing into folders\n"
    "  search [--limit N] [--offset N] [--json] [--color WHEN] QUERY...\n"
    "        words are ANDed; \"a phrase\"; a OR b; -word leaves out; (groups)\n"
    "  show [--json] ID        print one whole article\n"
    "  delete ID               remove one article\n"
    "  stats [--json]          articles, issues, date range, file size\n"
    "  pg-push [--quiet] CONNINFO\n"
    "        copy the archive into PostgreSQL (only what changed; deletions follow)\n"
    "\n"
    "options:\n"
    "  --db PATH    the archive file\n"
    "  --help       this text\n"
    "  --version    the version\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", program);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry '%s --help'.\n", program);
    return EXIT_USAGE;
}

/* Print the library's last error and return the runtime exit status. */
static int runtime_error(void)
{
    const bulletin_error *e = bulletin_error_last();
    fprintf(stderr, "%s: %s\n", program, e->message[0] ? e->message
                                                       : bulletin_status_to_string(e->status));
    return EXIT_RUNTIME;
}

static bool parse_count(const char *s, long max, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < 0 || v > max)
        return false;
    *out = v;
    return true;
}

static int open_archive(const char *path, unsigned flags, bulletin_archive **out)
{
    if (bulletin_archive_open(out, path, flags) != BULLETIN_OK)
        return runtime_error();
    return 0;
}

/* ---------------------------------------------------------------- index */

typedef struct progress {
    bool tty;
    size_t files;
} progress;

static void on_file(void *vctx, bulletin_status status, const bulletin_file_report *report,
                    const bulletin_error *error)
{
    progress *p = vctx;
    p->files++;
    if (p->tty)
        fprintf(stderr, "\r\033[K[%zu] %s", p->files, report->path);
    if (status != BULLETIN_OK) {
        if (p->tty)
            fputc('\n', stderr);
        fprintf(stderr, "%s: %s\n", program, error->message);
    }
}

static int cmd_index(const char *db, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "issue-date", required_argument, NULL, 'd' },
        { "page", required_argument, NULL, 'p' },
        { "encoding", required_argument, NULL, 'e' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bulletin_index_options opts = BULLETIN_INDEX_OPTIONS_INIT;
    long page;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': opts.issue_date = optarg; break;
        case 'p':
            if (!parse_count(optarg, 9999, &page) || page == 0)
                return usage_error("--page needs a page number from 1, not '%s'", optarg);
            opts.page = (int)page;
            break;
        case 'e': opts.encoding = optarg; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return usage_error("index: unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error("%s", "index needs at least one FILE or DIR");
    bulletin_archive *archive;
    int rc = open_archive(db, BULLETIN_OPEN_CREATE, &archive);
    if (rc)
        return rc;
    progress prog = { isatty(fileno(stderr)) != 0, 0 };
    opts.on_file = on_file;
    opts.ctx = &prog;
    bulletin_index_stats total = { 0 };
    int status = 0;
    for (int i = optind; i < argc; i++) {
        bulletin_index_stats stats;
        bulletin_status st = bulletin_archive_index(archive, argv[i], &opts, &stats);
        total.files += stats.files;
        total.files_failed += stats.files_failed;
        total.articles_added += stats.articles_added;
        total.articles_updated += stats.articles_updated;
        total.articles_unchanged += stats.articles_unchanged;
        total.articles_removed += stats.articles_removed;
        if (st != BULLETIN_OK) {
            status = EXIT_RUNTIME;
            /* Errors of single files were printed by on_file; print the
             * others (a bad option, a read-only archive) here. */
            if (stats.files_failed == 0)
                runtime_error();
        }
    }
    if (prog.tty)
        fputs("\r\033[K", stderr);
    printf("indexed %zu file%s: %zu articles added, %zu updated, %zu unchanged, "
           "%zu removed; %zu error%s\n",
           total.files, total.files == 1 ? "" : "s", total.articles_added,
           total.articles_updated, total.articles_unchanged, total.articles_removed,
           total.files_failed, total.files_failed == 1 ? "" : "s");
    bulletin_archive_close(archive);
    return status;
}

/* ---------------------------------------------------------------- search */

/* Print `text` with its highlighted spans marked. */
static void print_marked(FILE *out, const char *text, const bulletin_span *spans,
                         size_t n, const char *open, const char *close)
{
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        fwrite(text + at, 1, spans[i].start - at, out);
        fputs(open, out);
        fwrite(text + spans[i].start, 1, spans[i].end - spans[i].start, out);
        fputs(close, out);
        at = spans[i].end;
    }
    fputs(text + at, out);
}

static void print_hits_json(const char *query, const bulletin_results *results)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w);
    json_key(&w, "query");
    json_string(&w, query);
    json_key(&w, "total");
    json_uint(&w, bulletin_results_total(results));
    json_key(&w, "hits");
    json_begin_array(&w);
    for (size_t i = 0; i < bulletin_results_count(results); i++) {
        const bulletin_hit *h = bulletin_results_hit(results, i);
        json_begin_object(&w);
        json_key(&w, "id");
        json_int(&w, h->id);
        json_key(&w, "headline");
        json_string(&w, h->headline);
        json_key(&w, "issue_date");
        if (h->issue_date[0])
            json_string(&w, h->issue_date);
        else
            json_null(&w);
        json_key(&w, "page");
        json_int(&w, h->page);
        json_key(&w, "kind");
        json_string(&w, bulletin_kind_to_string(h->kind));
        json_key(&w, "score");
        json_double(&w, h->score);
        json_key(&w, "snippet");
        json_string(&w, h->snippet);
        /* Highlights as code point offsets into "snippet", which is what
         * Python strings index by. */
        json_key(&w, "highlights");
        json_begin_array(&w);
        for (size_t k = 0; k < h->highlight_count; k++) {
            json_begin_array(&w);
            json_uint(&w, json_count_chars(h->snippet, h->highlights[k].start));
            json_uint(&w, json_count_chars(h->snippet, h->highlights[k].end));
            json_end_array(&w);
        }
        json_end_array(&w);
        json_key(&w, "snippet_html");
        json_html_marked(&w, h->snippet, h->highlights, h->highlight_count);
        json_end_object(&w);
    }
    json_end_array(&w);
    json_end_object(&w);
    fputc('\n', stdout);
}

static void print_hits_text(const bulletin_results *results, size_t offset, bool color)
{
    size_t total = bulletin_results_total(results), count = bulletin_results_count(results);
    if (count)
        printf("%zu article%s match; showing %zu-%zu\n\n", total, total == 1 ? "" : "s",
               offset + 1, offset + count);
    else
        printf("%zu article%s match\n", total, total == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++) {
        const bulletin_hit *h = bulletin_results_hit(results, i);
        printf("%s[%" PRId64 "]%s %s p.%d %s%s%s\n", color ? "\033[2m" : "", h->id,
               color ? "\033[0m" : "", h->issue_date[0] ? h->issue_date : "date unknown",
               h->page, color ? "\033[1m" : "", h->headline[0] ? h->headline : "(no headline)",
               color ? "\033[0m" : "");
        if (h->kind != BULLETIN_KIND_NEWS)
            printf("    (%s)\n", bulletin_kind_to_string(h->kind));
        fputs("    ", stdout);
        print_marked(stdout, h->snippet, h->highlights, h->highlight_count,
                     color ? "\033[1;31m" : "«", color ? "\033[0m" : "»");
        fputs("\n\n", stdout);
    }
}

static int cmd_search(const char *db, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "limit", required_argument, NULL, 'l' },
        { "offset", required_argument, NULL, 'o' },
        { "json", no_argument, NULL, 'j' },
        { "color", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bulletin_search_options opts = BULLETIN_SEARCH_OPTIONS_INIT;
    bool json = false;
    const char *color_when = "auto";
    long n;
    int c;
    optind = 1;
    opterr = 0;
    /* "+": stop at the first word, so "-word" in a query is not an option
     * (use "--" before a query that starts with "-"). */
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (!parse_count(optarg, 1000, &n) || n == 0)
                return usage_error("--limit needs a number from 1 to 1000, not '%s'", optarg);
            opts.limit = (size_t)n;
            break;
        case 'o':
            if (!parse_count(optarg, 100000000, &n))
                return usage_error("--offset needs a number from 0, not '%s'", optarg);
            opts.offset = (size_t)n;
            break;
        case 'j': json = true; break;
        case 'c':
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return usage_error("--color is auto, always or never, not '%s'", optarg);
            color_when = optarg;
            break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return usage_error("search: unknown or incomplete option '%s' (put -- before a query starting with -)", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return usage_error("%s", "search needs a QUERY");
    /* The query is the remaining arguments, joined by spaces. */
    size_t len = 0;
    for (int i = optind; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *query = malloc(len + 1);
    if (!query) {
        fprintf(stderr, "%s: out of memory\n", program);
        return EXIT_RUNTIME;
    }
    query[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            strcat(query, " ");
        strcat(query, argv[i]);
    }
    bulletin_archive *archive;
    int rc = open_archive(db, BULLETIN_OPEN_READONLY, &archive);
    if (rc) {
        free(query);
        return rc;
    }
    bulletin_results *results;
    if (bulletin_archive_search(&results, archive, query, &opts) != BULLETIN_OK) {
        rc = runtime_error();
    } else {
        bool color = !strcmp(color_when, "always") ||
                     (!strcmp(color_when, "auto") && isatty(fileno(stdout)) &&
                      !getenv("NO_COLOR"));
        if (json)
            print_hits_json(query, results);
        else
            print_hits_text(results, opts.offset, color);
        bulletin_results_free(results);
    }
    bulletin_archive_close(archive);
    free(query);
    return rc;
}

/* ---------------------------------------------------------------- show */

static bool parse_id(const char *s, int64_t *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0)
        return false;
    *out = v;
    return true;
}

static void print_article_json(const bulletin_article *a)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w);
    json_key(&w, "id");
    json_int(&w, a->id);
    json_key(&w, "key");
    json_string(&w, a->key);
    json_key(&w, "issue_date");
    if (a->issue_date[0])
        json_string(&w, a->issue_date);
    else
        json_null(&w);
    json_key(&w, "page");
    json_int(&w, a->page);
    json_key(&w, "position");
    json_int(&w, a->position);
    json_key(&w, "kind");
    json_string(&w, bulletin_kind_to_string(a->kind));
    json_key(&w, "headline");
    json_string(&w, a->headline);
    json_key(&w, "subtitle");
    json_string(&w, a->subtitle);
    json_key(&w, "byline");
    json_string(&w, a->byline);
    json_key(&w, "author");
    json_string(&w, a->author);
    json_key(&w, "body");
    json_string(&w, a->body);
    json_key(&w, "source");
    json_string(&w, a->source);
    json_end_object(&w);
    fputc('\n', stdout);
}

static void print_article_text(const bulletin_article *a)
{
    printf("%s\n", a->headline[0] ? a->headline : "(no headline)");
    if (a->subtitle[0])
        printf("%s\n", a->subtitle);
    printf("\n[%" PRId64 "] %s page %d, article %d (%s)\n", a->id,
           a->issue_date[0] ? a->issue_date : "date unknown", a->page, a->position,
           bulletin_kind_to_string(a->kind));
    if (a->byline[0])
        printf("%s\n", a->byline);
    printf("\n");
    /* Paragraphs, indented as in print. */
    const char *p = a->body;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        printf("　　%.*s\n", (int)n, p);
        p += n + (nl ? 1 : 0);
    }
    if (a->source[0])
        printf("\nsource: %s\n", a->source);
}

static int cmd_show(const char *db, int argc, char **argv)
{
    bool json = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--help")) {
            fputs(usage_text, stdout);
            return 0;
        } else
            return usage_error("show: unknown option '%s'", argv[i]);
    }
    int64_t id;
    if (i != argc - 1 || !parse_id(argv[i], &id))
        return usage_error("%s", "show needs one article ID (a positive number)");
    bulletin_archive *archive;
    int rc = open_archive(db, BULLETIN_OPEN_READONLY, &archive);
    if (rc)
        return rc;
    bulletin_article *article;
    if (bulletin_archive_get_article(&article, archive, id) != BULLETIN_OK) {
        rc = runtime_error();
    } else {
        if (json)
            print_article_json(article);
        else
            print_article_text(article);
        bulletin_article_free(article);
    }
    bulletin_archive_close(archive);
    return rc;
}

static int cmd_delete(const char *db, int argc, char **argv)
{
    int64_t id;
    if (argc != 2 || !parse_id(argv[1], &id))
        return usage_error("%s", "delete needs one article ID (a positive number)");
    bulletin_archive *archive;
    int rc = open_archive(db, 0, &archive);
    if (rc)
        return rc;
    if (bulletin_archive_delete_article(archive, id) != BULLETIN_OK)
        rc = runtime_error();
    else
        printf("deleted article %" PRId64 "\n", id);
    bulletin_archive_close(archive);
    return rc;
}

static int cmd_stats(const char *db, int argc, char **argv)
{
    bool json = argc == 2 && !strcmp(argv[1], "--json");
    if (argc > 2 || (argc == 2 && !json))
        return usage_error("%s", "stats takes no arguments but --json");
    bulletin_archive *archive;
    int rc = open_archive(db, BULLETIN_OPEN_READONLY, &archive);
    if (rc)
        return rc;
    bulletin_archive_stats s;
    if (bulletin_archive_stats_get(&s, archive) != BULLETIN_OK) {
        rc = runtime_error();
    } else if (json) {
        json_writer w;
        json_init(&w, stdout);
        json_begin_object(&w);
        json_key(&w, "articles");
        json_int(&w, s.articles);
        json_key(&w, "issues");
        json_int(&w, s.issues);
        json_key(&w, "sources");
        json_int(&w, s.sources);
        json_key(&w, "first_date");
        json_string(&w, s.first_date);
        json_key(&w, "last_date");
        json_string(&w, s.last_date);
        json_key(&w, "file_bytes");
        json_int(&w, s.file_bytes);
        json_key(&w, "schema_version");
        json_int(&w, s.schema_version);
        json_end_object(&w);
        fputc('\n', stdout);
    } else {
        printf("archive:    %s\n", db);
        printf("articles:   %" PRId64 "\n", s.articles);
        printf("issues:     %" PRId64 "\n", s.issues);
        printf("sources:    %" PRId64 " files\n", s.sources);
        printf("dates:      %s .. %s\n", s.first_date[0] ? s.first_date : "-",
               s.last_date[0] ? s.last_date : "-");
        printf("file size:  %.1f MB (%" PRId64 " bytes)\n", s.file_bytes / 1e6, s.file_bytes);
    }
    bulletin_archive_close(archive);
    return rc;
}

int main(int argc, char **argv)
{
    const char *db = getenv("BULLETIN_DB");
    if (!db || !*db)
        db = "bulletins.db";
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--db")) {
            if (++i >= argc)
                return usage_error("%s", "--db needs a PATH");
            db = argv[i];
        } else if (!strncmp(argv[i], "--db=", 5)) {
            db = argv[i] + 5;
        } else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(usage_text, stdout);
            return 0;
        } else if (!strcmp(argv[i], "--version")) {
            printf("bulletin-search %s\n", bulletin_version());
            return 0;
        } else {
            return usage_error("unknown option '%s'", argv[i]);
        }
    }
    if (i >= argc)
        return usage_error("%s", "a COMMAND is required (index, search, show, delete, stats)");
    const char *cmd = argv[i];
    int sub_argc = argc - i;
    char **sub_argv = argv + i;
    if (!strcmp(cmd, "index"))
        return cmd_index(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "search"))
        return cmd_search(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "show"))
        return cmd_show(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "delete"))
        return cmd_delete(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "stats"))
        return cmd_stats(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "pg-push")) {
#ifdef HAVE_LIBPQ
        return bulletin_cli_pg_push(program, db, sub_argc, sub_argv);
#else
        fprintf(stderr, "%s: pg-push: this bulletin-search was built without libpq "
                        "(install libpq-dev and re-run configure)\n", program);
        return EXIT_RUNTIME;
#endif
    }
    return usage_error("unknown command '%s' (index, search, show, delete, stats)", cmd);
}
