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
#include <time.h>
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
    "  index [--issue-date YYYY-MM-DD] [--page N] [--encoding NAME] [--threads 1|2]\n"
    "        FILE|DIR...\n"
    "        index page-text (.txt) and bulletin XML (.xml) files, recursing into folders;\n"
    "        --threads 1 keeps all the work on one core (default 2: files are read and\n"
    "        tagged, and text tokenized, on helper threads meanwhile)\n"
    "  search [--limit N] [--offset N] [--json] [--color WHEN] [--kind KINDS]\n"
    "         [--district D] [--topic T] [--from DATE] [--to DATE]\n"
    "         [--sort relevance|date|date-asc] [--facets] [--exact|--rank-window N]\n"
    "         [QUERY...]\n"
    "        words are ANDed; \"a phrase\"; a OR b; -word leaves out; (groups);\n"
    "        fields district:西城 topic:党建 date:2017-12 event:2017-12 headline:WORD\n"
    "        author:NAME page:N kind:KIND; DATE is 2017, 2017-12 or 2017-12-01\n"
    "        --kind: news, commentary, advertisement, continuation, other or all,\n"
    "        comma-separated (default: all but advertisements; --ads = advertisement)\n"
    "        a query with more than 2,000 matches is ranked among its newest 2,000 and\n"
    "        its total estimated (\"about\"); --rank-window N ranks the newest N;\n"
    "        --exact ranks and counts every match (--facets counts every match too)\n"
    "  retag [--gazetteer FILE] [--taxonomy FILE] [--builtin]\n"
    "        tag every article again (districts, topics, event dates), after\n"
    "        storing the given files in the archive; --builtin: the built-in data\n"
    "  show [--json] ID        print one whole article\n"
    "  delete ID               remove one article\n"
    "  stats [--json]          articles, issues, date range, file size\n"
    "  backup DEST             write a consistent copy of the live archive to DEST\n"
    "  check                   run the integrity checks and say what they found\n"
    "  optimize                merge the search index into one segment (after large imports)\n"
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
        return;
    }
    if (p->tty)
        fputs("\r\033[K", stderr);
    if (report->first_warning)
        fprintf(stderr, "%s: WARNING: %s\n", program, report->first_warning);
    printf("%s: %zu article%s, %zu ad%s, %zu continuation%s, %zu warning%s (%s, %s)\n",
           report->path, report->articles, report->articles == 1 ? "" : "s",
           report->advertisements, report->advertisements == 1 ? "" : "s",
           report->continuations, report->continuations == 1 ? "" : "s",
           report->warnings, report->warnings == 1 ? "" : "s", report->format,
           report->encoding);
    if (report->jumps_linked)
        printf("%s: %zu jump line%s linked to the other part of their article\n",
               report->path, report->jumps_linked, report->jumps_linked == 1 ? "" : "s");
    fflush(stdout);
}

static int cmd_index(const char *db, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "issue-date", required_argument, NULL, 'd' },
        { "page", required_argument, NULL, 'p' },
        { "encoding", required_argument, NULL, 'e' },
        { "threads", required_argument, NULL, 't' },
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
        case 't':
            if (strcmp(optarg, "1") && strcmp(optarg, "2"))
                return usage_error("--threads is 1 or 2, not '%s'", optarg);
            opts.threads = optarg[0] == '1' ? 1 : 0;
            break;
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

static void print_tag_names_json(json_writer *w, const bulletin_tag *tags, size_t n)
{
    json_begin_array(w);
    for (size_t i = 0; i < n; i++)
        json_string(w, tags[i].name);
    json_end_array(w);
}

/* districts, primary_district and topics. */
static void print_tags_json(json_writer *w, const bulletin_article_tags *t)
{
    json_key(w, "districts");
    print_tag_names_json(w, t->districts, t->district_count);
    json_key(w, "primary_district");
    if (t->primary_district[0])
        json_string(w, t->primary_district);
    else
        json_null(w);
    json_key(w, "topics");
    json_begin_array(w);
    for (size_t i = 0; i < t->topic_count; i++) {
        json_begin_object(w);
        json_key(w, "name");
        json_string(w, t->topics[i].name);
        json_key(w, "score");
        json_double(w, t->topics[i].weight);
        json_end_object(w);
    }
    json_end_array(w);
}

static void print_event_dates_json(json_writer *w, const bulletin_article_tags *t)
{
    json_key(w, "event_dates");
    json_begin_array(w);
    for (size_t i = 0; i < t->event_date_count; i++) {
        json_begin_object(w);
        json_key(w, "from");
        json_string(w, t->event_dates[i].from);
        json_key(w, "to");
        json_string(w, t->event_dates[i].to);
        json_end_object(w);
    }
    json_end_array(w);
}

/* The tags of a hit: districts, primary_district, topics, authors,
 * event_dates. */
static void print_hit_tags_json(json_writer *w, const bulletin_hit *h)
{
    const bulletin_article_tags t = { h->districts, h->district_count, h->primary_district,
                                      h->topics, h->topic_count, h->event_dates,
                                      h->event_date_count };
    print_tags_json(w, &t);
    json_key(w, "authors");
    json_begin_array(w);
    for (size_t i = 0; i < h->author_count; i++)
        json_string(w, h->authors[i]);
    json_end_array(w);
    print_event_dates_json(w, &t);
}

static const char *const facet_names[BULLETIN_FACET_LAST] = { "district", "topic", "year",
                                                              "month" };

static void print_facets_json(json_writer *w, const bulletin_results *results)
{
    json_key(w, "facets");
    json_begin_object(w);
    for (int f = 0; f < BULLETIN_FACET_LAST; f++) {
        size_t n;
        const bulletin_facet_count *counts = bulletin_results_facet(results, f, &n);
        json_key(w, facet_names[f]);
        json_begin_object(w);
        for (size_t i = 0; i < n; i++) {
            json_key(w, counts[i].value);
            json_uint(w, counts[i].count);
        }
        json_end_object(w);
    }
    json_end_object(w);
}

static void print_hits_json(const char *query, const bulletin_results *results, bool facets)
{
    json_writer w;
    json_init(&w, stdout);
    json_begin_object(&w);
    json_key(&w, "query");
    json_string(&w, query);
    json_key(&w, "total");
    json_uint(&w, bulletin_results_total(results));
    json_key(&w, "total_exact");
    json_bool(&w, bulletin_results_total_is_exact(results));
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
        print_hit_tags_json(&w, h);
        json_end_object(&w);
    }
    json_end_array(&w);
    if (facets)
        print_facets_json(&w, results);
    json_end_object(&w);
    fputc('\n', stdout);
}

static void print_facets_text(const bulletin_results *results)
{
    for (int f = 0; f < BULLETIN_FACET_LAST; f++) {
        size_t n;
        const bulletin_facet_count *counts = bulletin_results_facet(results, f, &n);
        printf("%-9s", facet_names[f]);
        for (size_t i = 0; i < n; i++)
            printf(" %s %zu%s", counts[i].value, counts[i].count, i + 1 < n ? "," : "");
        printf("%s\n", n ? "" : " -");
    }
}

static void print_hits_text(const bulletin_results *results, size_t offset, bool color)
{
    size_t total = bulletin_results_total(results), count = bulletin_results_count(results);
    const char *about = bulletin_results_total_is_exact(results) ? "" : "about ";
    if (count)
        printf("%s%zu article%s match; showing %zu-%zu\n\n", about, total,
               total == 1 ? "" : "s", offset + 1, offset + count);
    else
        printf("%s%zu article%s match\n", about, total, total == 1 ? "" : "s");
    for (size_t i = 0; i < count; i++) {
        const bulletin_hit *h = bulletin_results_hit(results, i);
        printf("%s[%" PRId64 "]%s %s p.%d %s%s%s\n", color ? "\033[2m" : "", h->id,
               color ? "\033[0m" : "", h->issue_date[0] ? h->issue_date : "date unknown",
               h->page, color ? "\033[1m" : "", h->headline[0] ? h->headline : "(no headline)",
               color ? "\033[0m" : "");
        if (h->kind != BULLETIN_KIND_NEWS)
            printf("    (%s)\n", bulletin_kind_to_string(h->kind));
        if (h->district_count || h->topic_count) {
            fputs("    ", stdout);
            for (size_t k = 0; k < h->district_count; k++)
                printf("%s%s", k ? "、" : "", h->districts[k].name);
            if (h->district_count && h->topic_count)
                fputs(" · ", stdout);
            for (size_t k = 0; k < h->topic_count; k++)
                printf("%s%s", k ? "、" : "", h->topics[k].name);
            fputc('\n', stdout);
        }
        fputs("    ", stdout);
        print_marked(stdout, h->snippet, h->highlights, h->highlight_count,
                     color ? "\033[1;31m" : "«", color ? "\033[0m" : "»");
        fputs("\n\n", stdout);
    }
}

/* "advertisement", "news,commentary", "all": added to *kinds. */
static bool parse_kinds(const char *arg, unsigned *kinds)
{
    char word[32];
    while (*arg) {
        size_t n = strcspn(arg, ",");
        if (n == 0 || n >= sizeof word)
            return false;
        memcpy(word, arg, n);
        word[n] = '\0';
        bulletin_kind kind;
        if (!strcmp(word, "all"))
            *kinds |= BULLETIN_KINDS_ALL;
        else if (!strcmp(word, "ad") || !strcmp(word, "ads"))
            *kinds |= BULLETIN_KIND_BIT(BULLETIN_KIND_ADVERTISEMENT);
        else if (bulletin_kind_from_string(&kind, word) == BULLETIN_OK)
            *kinds |= BULLETIN_KIND_BIT(kind);
        else
            return false;
        arg += n + (arg[n] == ',');
    }
    return true;
}

static int cmd_search(const char *db, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "limit", required_argument, NULL, 'l' },
        { "offset", required_argument, NULL, 'o' },
        { "json", no_argument, NULL, 'j' },
        { "color", required_argument, NULL, 'c' },
        { "kind", required_argument, NULL, 'k' },
        { "ads", no_argument, NULL, 'a' },
        { "district", required_argument, NULL, 'D' },
        { "topic", required_argument, NULL, 'T' },
        { "from", required_argument, NULL, 'F' },
        { "to", required_argument, NULL, 'U' },
        { "sort", required_argument, NULL, 'S' },
        { "facets", no_argument, NULL, 'A' },
        { "exact", no_argument, NULL, 'E' },
        { "rank-window", required_argument, NULL, 'W' },
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
        case 'k':
            if (!parse_kinds(optarg, &opts.kinds))
                return usage_error("--kind takes news, commentary, advertisement, "
                                   "continuation, other or all, comma-separated, not '%s'",
                                   optarg);
            break;
        case 'a': opts.kinds |= BULLETIN_KIND_BIT(BULLETIN_KIND_ADVERTISEMENT); break;
        case 'c':
            if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never"))
                return usage_error("--color is auto, always or never, not '%s'", optarg);
            color_when = optarg;
            break;
        case 'D': opts.district = optarg; break;
        case 'T': opts.topic = optarg; break;
        case 'F': opts.date_from = optarg; break;
        case 'U': opts.date_to = optarg; break;
        case 'S':
            if (!strcmp(optarg, "relevance"))
                opts.sort = BULLETIN_SORT_RELEVANCE;
            else if (!strcmp(optarg, "date") || !strcmp(optarg, "date-desc"))
                opts.sort = BULLETIN_SORT_DATE_DESC;
            else if (!strcmp(optarg, "date-asc"))
                opts.sort = BULLETIN_SORT_DATE_ASC;
            else
                return usage_error("--sort is relevance, date (newest first) or date-asc, "
                                   "not '%s'", optarg);
            break;
        case 'A': opts.facets = 1; break;
        case 'E': opts.rank_window = BULLETIN_RANK_ALL; break;
        case 'W':
            if (!parse_count(optarg, 100000000, &n) || n == 0)
                return usage_error("--rank-window needs a number from 1, not '%s'", optarg);
            opts.rank_window = (size_t)n;
            break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return usage_error("search: unknown or incomplete option '%s' (put -- before a query starting with -)", argv[optind - 1]);
        }
    }
    if (optind >= argc && !opts.district && !opts.topic && !opts.date_from && !opts.date_to)
        return usage_error("%s", "search needs a QUERY (or a --district, --topic, --from or "
                           "--to filter)");
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
        if (json) {
            print_hits_json(query, results, opts.facets);
        } else {
            print_hits_text(results, opts.offset, color);
            if (opts.facets)
                print_facets_text(results);
        }
        bulletin_results_free(results);
    }
    bulletin_archive_close(archive);
    free(query);
    return rc;
}

/* ---------------------------------------------------------------- retag */

static int cmd_retag(const char *db, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "gazetteer", required_argument, NULL, 'g' },
        { "taxonomy", required_argument, NULL, 't' },
        { "builtin", no_argument, NULL, 'b' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bulletin_retag_options opts = BULLETIN_RETAG_OPTIONS_INIT;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        switch (c) {
        case 'g': opts.gazetteer = optarg; break;
        case 't': opts.taxonomy = optarg; break;
        case 'b': opts.builtin = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default: return usage_error("retag: unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error("retag takes no arguments, not '%s'", argv[optind]);
    bulletin_archive *archive;
    int rc = open_archive(db, 0, &archive);
    if (rc)
        return rc;
    bulletin_retag_stats stats;
    if (bulletin_archive_retag(archive, &opts, &stats) != BULLETIN_OK)
        rc = runtime_error();
    else
        printf("retagged %zu article%s: %zu district tags, %zu topic tags, %zu event dates\n",
               stats.articles, stats.articles == 1 ? "" : "s", stats.districts, stats.topics,
               stats.events);
    bulletin_archive_close(archive);
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

static void print_article_json(const bulletin_article *a, const bulletin_article_tags *t)
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
    print_tags_json(&w, t);
    print_event_dates_json(&w, t);
    json_end_object(&w);
    fputc('\n', stdout);
}

/* "continued from page 1 [7]" lines for an article split by jump lines. */
static void print_parts(bulletin_archive *archive, const bulletin_article *a)
{
    bulletin_part *parts;
    size_t n;
    if (bulletin_archive_get_parts(&parts, &n, archive, a->id) != BULLETIN_OK)
        return;
    for (size_t i = 1; i < n; i++)
        printf("continued on page %d [%" PRId64 "]\n", parts[i].page, parts[i].id);
    bulletin_parts_free(parts);
}

/* "districts: 西城区 (own)、东城区 · topics: 党建 · dates named: 2017-12-08" */
static void print_tags_text(const bulletin_article_tags *t)
{
    if (t->district_count) {
        fputs("districts: ", stdout);
        for (size_t k = 0; k < t->district_count; k++)
            printf("%s%s%s", k ? "、" : "", t->districts[k].name, k ? "" : " (its own)");
        fputc('\n', stdout);
    }
    if (t->topic_count) {
        fputs("topics: ", stdout);
        for (size_t k = 0; k < t->topic_count; k++)
            printf("%s%s", k ? "、" : "", t->topics[k].name);
        fputc('\n', stdout);
    }
    if (t->event_date_count) {
        fputs("dates named: ", stdout);
        for (size_t k = 0; k < t->event_date_count; k++) {
            const bulletin_event_date *e = &t->event_dates[k];
            printf("%s%s", k ? ", " : "", e->from);
            if (strcmp(e->from, e->to))
                printf("..%s", e->to);
        }
        fputc('\n', stdout);
    }
}

static void print_article_text(bulletin_archive *archive, const bulletin_article *a,
                               const bulletin_article_tags *t)
{
    printf("%s\n", a->headline[0] ? a->headline : "(no headline)");
    if (a->subtitle[0])
        printf("%s\n", a->subtitle);
    printf("\n[%" PRId64 "] %s page %d, article %d (%s)\n", a->id,
           a->issue_date[0] ? a->issue_date : "date unknown", a->page, a->position,
           bulletin_kind_to_string(a->kind));
    print_parts(archive, a);
    if (a->byline[0])
        printf("%s\n", a->byline);
    if (a->author[0])
        printf("author: %s\n", a->author);
    print_tags_text(t);
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
    bulletin_article *article = NULL;
    bulletin_article_tags *tags = NULL;
    if (bulletin_archive_get_article(&article, archive, id) != BULLETIN_OK ||
        bulletin_archive_get_tags(&tags, archive, article->id) != BULLETIN_OK) {
        rc = runtime_error();
    } else {
        if (json)
            print_article_json(article, tags);
        else
            print_article_text(archive, article, tags);
    }
    bulletin_article_free(article);
    bulletin_article_tags_free(tags);
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

/* ---------------------------------------------------------------- maintenance */

static int cmd_backup(const char *db, int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return usage_error("%s", "backup needs one DEST file");
    bulletin_archive *archive;
    int rc = open_archive(db, BULLETIN_OPEN_READONLY, &archive);
    if (rc)
        return rc;
    if (bulletin_archive_backup(archive, argv[1]) != BULLETIN_OK)
        rc = runtime_error();
    else
        printf("backed up %s to %s\n", db, argv[1]);
    bulletin_archive_close(archive);
    return rc;
}

static int cmd_check(const char *db, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return usage_error("%s", "check takes no arguments");
    bulletin_archive *archive;
    int rc = open_archive(db, 0, &archive);
    if (rc)
        return rc;
    bulletin_check_report r;
    if (bulletin_archive_check(archive, &r) != BULLETIN_OK) {
        rc = runtime_error();
    } else {
        printf("%s is sound: the database file passed SQLite's integrity check, and the "
               "search index holds all %" PRId64 " articles and matches their text\n",
               db, r.articles);
    }
    bulletin_archive_close(archive);
    return rc;
}

static int cmd_optimize(const char *db, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return usage_error("%s", "optimize takes no arguments");
    bulletin_archive *archive;
    int rc = open_archive(db, 0, &archive);
    if (rc)
        return rc;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (bulletin_archive_optimize(archive) != BULLETIN_OK) {
        rc = runtime_error();
    } else {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("optimized %s: the search index is merged into one segment (%.1f s)\n", db,
               (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
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
        return usage_error("%s", "a COMMAND is required (index, search, show, delete, stats, retag, backup, check, optimize)");
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
    if (!strcmp(cmd, "retag"))
        return cmd_retag(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "backup"))
        return cmd_backup(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "check"))
        return cmd_check(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "optimize"))
        return cmd_optimize(db, sub_argc, sub_argv);
    if (!strcmp(cmd, "pg-push")) {
#ifdef HAVE_LIBPQ
        return bulletin_cli_pg_push(program, db, sub_argc, sub_argv);
#else
        fprintf(stderr, "%s: pg-push: this bulletin-search was built without libpq "
                        "(install libpq-dev and re-run configure)\n", program);
        return EXIT_RUNTIME;
#endif
    }
    return usage_error("unknown command '%s' (index, search, show, delete, stats, retag, backup, check, optimize, pg-push)", cmd);
}
