#!/usr/bin/python3
"""bench-compare - read bench-results.json files written by `make bench`.

    bench-compare.py NEW.json            the run against the project's targets
    bench-compare.py OLD.json NEW.json   the same, and each figure beside the old one

The targets are the benchmark issue's; those stated for a million articles
(indexing time, query latency) are judged only on runs of at least that size
and shown as "n/a" on smaller ones, with the figure.  Exit status: 0 when
every target judged is met, 1 when one is not (or ours missed an article
or found one beyond the truth: correctness, judged at any size), 2 when a
file cannot be read.

Debian's /usr/bin/python3 and its standard library only, like the corpus
generator.
"""
import json
import sys

MILLION = 1000000

# What `make bench` measures and the issue asks of it.  Each entry: name,
# the figure's path in the JSON, the comparison, the bound, the smallest
# run it is judged on, and the unit shown.  Speed ratios and sizes are
# judged from `make bench`'s default size up: on a few hundred articles
# they measure start-up costs and SQLite's fixed pages, not indexing.
DEFAULT_SIZE = 100000
TARGETS = [
    ("indexing at least as fast as FTS5 trigram (wall)",
     ("ratios", "ours_over_trigram_wall"), ">=", 1.0, DEFAULT_SIZE, "x"),
    ("indexing at least half the FTS5-only ceiling's speed (wall)",
     ("ratios", "ours_over_ceiling_wall"), ">=", 0.5, DEFAULT_SIZE, "x"),
    ("index no larger than 1.5 x the source text",
     ("indexing", "ours", "index_x_source"), "<=", 1.5, DEFAULT_SIZE, "x"),
    ("1,000,000 articles indexed in under 10 minutes",
     ("indexing", "ours", "wall_s"), "<", 600.0, MILLION, "s"),
    ("peak RSS while indexing under 256 MB",
     ("indexing", "ours", "peak_rss_mb"), "<", 256.0, 0, "MB"),
    ("two-word queries showing 20 hits: warm p99 under 10 ms",
     ("latency_ms", "ours", "warm", "two-words-20", "p99"), "<", 10.0, MILLION, "ms"),
    ("facet counts on a query matching half the archive: warm p99 under 50 ms",
     ("latency_ms", "ours", "warm", "facets-half", "p99"), "<", 50.0, MILLION, "ms"),
]

# Figures shown side by side: label, path, unit, which way is better.
FIGURES = [
    ("ours: index wall", ("indexing", "ours", "wall_s"), "s", "lower"),
    ("ours: MB/s (wall)", ("indexing", "ours", "mb_per_s_wall"), "MB/s", "higher"),
    ("ours: articles/s (wall)", ("indexing", "ours", "articles_per_s_wall"), "/s", "higher"),
    ("ours: optimize wall", ("indexing", "ours_optimize", "wall_s"), "s", "lower"),
    ("ours: peak RSS", ("indexing", "ours", "peak_rss_mb"), "MB", "lower"),
    ("ours: index x text", ("indexing", "ours", "index_x_source"), "x", "lower"),
    ("ours: file x text", ("indexing", "ours", "file_x_source"), "x", "lower"),
    ("trigram: index wall", ("indexing", "fts5_trigram", "wall_s"), "s", "lower"),
    ("trigram: index x text", ("indexing", "fts5_trigram", "index_x_source"), "x", "lower"),
    ("ceiling: index wall", ("indexing", "fts5_ceiling", "wall_s"), "s", "lower"),
    ("speed / trigram's (wall)", ("ratios", "ours_over_trigram_wall"), "x", "higher"),
    ("speed / ceiling's (wall)", ("ratios", "ours_over_ceiling_wall"), "x", "higher"),
]


class BadResults(Exception):
    pass


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        raise BadResults("%s: cannot read: %s" % (path, e.strerror))
    except ValueError as e:   # json.JSONDecodeError names line and column
        raise BadResults("%s: not a benchmark result (invalid JSON: %s)" % (path, e))
    if not isinstance(data, dict) or "articles" not in data or "indexing" not in data:
        raise BadResults("%s: not a benchmark result (no \"articles\" or \"indexing\")" % path)
    return data


def get(data, path):
    """The figure at `path`, or None where the run did not measure it (a
    run with --no-queries has no latency, one with --no-cold no cold
    rounds: their classes have n = 0)."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        if data.get("n") == 0:
            return None
        data = data[key]
    return data if isinstance(data, (int, float)) else None


def passes(value, op, bound):
    return {"<": value < bound, "<=": value <= bound, ">=": value >= bound}[op]


def row_problems(data):
    """Rows where ours missed articles or counted facets wrong (recall), and
    rows where it found articles the truth does not hold (precision)."""
    missed, extra = [], []
    for q in data.get("queries", []):
        where = "[%s] %s" % (q.get("class", "?"), q.get("query", ""))
        truth, ours = q.get("truth", 0), q.get("ours", 0)
        if ours < truth:
            missed.append("%s: found %d of %d" % (where, ours, truth))
        if q.get("facets_ok") is False:
            missed.append("%s: facet counts differ from SQL over the truth" % where)
        if q.get("ours_extra", 0):
            extra.append("%s: %d articles beyond the truth" % (where, q["ours_extra"]))
    return missed, extra


def fmt(value, unit):
    if value is None:
        return "-"
    if unit == "x":
        return "%.2f x" % value
    if unit == "/s":
        return "%.0f/s" % value
    text = "%.1f" % value if abs(value) < 1000 else "%.0f" % value
    return text + (" " + unit if unit else "")


def judge(data, out):
    """Print each target as met, NOT MET or n/a; return how many were not met."""
    failed = 0
    out.write("targets (%d articles):\n" % data["articles"])
    for name, path, op, bound, smallest, unit in TARGETS:
        value = get(data, path)
        if value is None:
            verdict = "n/a (not measured)"
        elif data["articles"] < smallest:
            verdict = "n/a (judged from %s articles)" % format(smallest, ",")
        elif passes(value, op, bound):
            verdict = "met"
        else:
            verdict = "NOT MET"
            failed += 1
        out.write("  %-74s %12s  %s\n" % (name, fmt(value, unit), verdict))
    rows = len(data.get("queries", []))
    if rows:
        for name, problems in zip(("ours finds every article of the ground truth (recall)",
                                   "ours finds no article beyond it (precision)"),
                                  row_problems(data)):
            out.write("  %-74s %12s  %s\n" % (name, "%d rows" % rows,
                                              "NOT MET" if problems else "met"))
            for p in problems:
                out.write("    %s\n" % p)
            failed += 1 if problems else 0
    return failed


def change(old, new, better):
    if old is None or new is None or old == 0:
        return ""
    pct = 100.0 * (new - old) / old
    worse = pct > 0 if better == "lower" else pct < 0
    # Under 5% is within this machine's run-to-run noise (doc/benchmark.md).
    mark = " (worse)" if worse and abs(pct) >= 5 else ""
    return "%+.1f%%%s" % (pct, mark)


def latency_classes(old, new):
    names = []
    for data in (old, new):
        warm = (data.get("latency_ms") or {}).get("ours", {}).get("warm", {})
        names += [c for c in warm if c not in names]
    return names


def compare(old, new, out):
    if old["articles"] != new["articles"] or old.get("seed") != new.get("seed"):
        out.write("note: the runs differ in corpus (%s articles, seed %s against %s, seed %s):"
                  " compare ratios, not times\n" % (old["articles"], old.get("seed"),
                                                     new["articles"], new.get("seed")))
    out.write("%-30s %14s %14s %14s\n" % ("", "old", "new", "change"))
    for label, path, unit, better in FIGURES:
        a, b = get(old, path), get(new, path)
        out.write("%-30s %14s %14s %14s\n" % (label, fmt(a, unit), fmt(b, unit),
                                              change(a, b, better)))
    # Latency: one line per class and cache, p50 and p99.
    out.write("\n%-30s %22s %22s\n" % ("ours, ms", "p50 old > new", "p99 old > new"))
    for cache in ("warm", "cold"):
        for cls in latency_classes(old, new):
            cells = []
            for p in ("p50", "p99"):
                path = ("latency_ms", "ours", cache, cls, p)
                a, b = get(old, path), get(new, path)
                cells.append(None if a is None and b is None else
                             "%s > %s %s" % (fmt(a, ""), fmt(b, ""), change(a, b, "lower")))
            if cells != [None, None]:
                out.write("%-30s %22s %22s\n" % ("%s %s" % (cache, cls), cells[0], cells[1]))


def main(argv):
    if len(argv) not in (2, 3) or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: bench-compare.py [OLD.json] NEW.json\n")
        return 2
    try:
        runs = [load(p) for p in argv[1:]]
    except BadResults as e:
        sys.stderr.write("bench-compare: %s\n" % e)
        return 2
    if len(runs) == 2:
        compare(runs[0], runs[1], sys.stdout)
        sys.stdout.write("\n")
    return 1 if judge(runs[-1], sys.stdout) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
