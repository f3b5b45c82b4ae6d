#!/usr/bin/python3
"""bench_summary.py FACTS SQLITE.tsv PRIMARY.tsv STANDBY.tsv OUT.json

The report of bench_postgresql.sh: one table on stdout, the same figures
as JSON.  FACTS holds "key value..." lines; the .tsv files are
bench_queries.c's output (row, class, ok, count, microseconds...).
"""
import json
import sys


def read_facts(path):
    facts = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition(" ")
            facts[key] = value
    return facts


def read_runs(path):
    runs = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            row, cls, status = int(cols[0]), cols[1], cols[2]
            if status == "ok":
                runs[row] = {"class": cls, "count": int(cols[3]),
                             "us": [int(x) for x in cols[4:]]}
            else:
                runs[row] = {"class": cls, "skipped": cols[3]}
    return runs


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return None
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


def latency(runs, rows, cls=None):
    us = [u for r in rows if cls is None or runs[r]["class"] == cls for u in runs[r]["us"]]
    return {"n": len(us), "p50_ms": ms(pct(us, 50)), "p95_ms": ms(pct(us, 95)),
            "p99_ms": ms(pct(us, 99))}


def ms(us):
    return None if us is None else round(us / 1000.0, 2)


def main():
    facts = read_facts(sys.argv[1])
    sides = {"sqlite": read_runs(sys.argv[2]), "primary": read_runs(sys.argv[3]),
             "standby": read_runs(sys.argv[4])}
    rows = sorted(r for r in sides["primary"] if "us" in sides["primary"][r]
                  and all("us" in sides[s].get(r, {}) for s in sides))
    skipped = {}
    for side in ("sqlite", "primary"):
        for r, v in sides[side].items():
            if "skipped" in v:
                skipped.setdefault(r, dict(v, side=side))
    classes = sorted({sides["sqlite"][r]["class"] for r in rows})

    num = lambda k: float(facts[k])
    mb = 1e6
    push_s = num("push_s")
    articles = int(facts["articles"])
    text = int(facts["text_bytes"])
    pg_total = int(facts["pg_articles_total"]) + int(facts["pg_tags_total"])
    agree = [r for r in rows if sides["sqlite"][r]["count"] == sides["primary"][r]["count"]
             == sides["standby"][r]["count"]]
    disagree = [{"row": r, "class": sides["sqlite"][r]["class"],
                 "sqlite": sides["sqlite"][r]["count"], "primary": sides["primary"][r]["count"],
                 "standby": sides["standby"][r]["count"]} for r in rows if r not in agree]
    report = {
        "articles": articles,
        "article_text_mb": round(text / mb, 1),
        "corpus_files_mb": round(int(facts["corpus_bytes"]) / mb, 1),
        "sqlite_index_s": facts["index_s"],
        "push": {"seconds": round(push_s, 1), "articles_per_s": round(articles / push_s),
                 "text_mb_per_s": round(text / mb / push_s, 2),
                 "standby_caught_up_after_s": round(num("standby_catchup_s"), 1),
                 "second_push_s": round(num("push_again_s"), 2),
                 "output": facts["push_output"], "second_output": facts["push_again_output"]},
        "sizes_mb": {
            "sqlite_file": round(int(facts["sqlite_file"]) / mb, 1),
            "pg_articles_table_toast_indexes": round(int(facts["pg_articles_total"]) / mb, 1),
            "pg_gin_index": round(int(facts["pg_gin"]) / mb, 1),
            "pg_tag_tables": round(int(facts["pg_tags_total"]) / mb, 1),
            "pg_database": round(int(facts["pg_database"]) / mb, 1),
            "pg_total_vs_sqlite_file": round(pg_total / int(facts["sqlite_file"]), 2),
            "pg_total_vs_text": round(pg_total / text, 2),
            "pg_gin_vs_text": round(int(facts["pg_gin"]) / text, 2),
            "sqlite_file_vs_text": round(int(facts["sqlite_file"]) / text, 2),
        },
        "queries": {
            "rounds": int(facts["rounds"]), "limit": 20, "timed_queries": len(rows),
            "skipped": [{"row": r, "class": v["class"], "side": v["side"], "why": v["skipped"]}
                        for r, v in sorted(skipped.items())],
            "latency": {s: dict(all=latency(sides[s], rows),
                                **{c: latency(sides[s], rows, c) for c in classes})
                        for s in sides},
            "agreement": {"equal_counts": len(agree), "of": len(rows), "differ": disagree},
        },
        "load_average": {k[5:]: facts[k] for k in facts if k.startswith("load_")},
        "postgresql_settings": facts["settings"],
    }
    with open(sys.argv[5], "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=1)
    print_table(report, classes)


def print_table(r, classes):
    p, s, q = r["push"], r["sizes_mb"], r["queries"]
    print("PostgreSQL against the SQLite archive: %d articles, %.1f MB article text "
          "(%.1f MB of corpus files)" % (r["articles"], r["article_text_mb"], r["corpus_files_mb"]))
    print("SQLite index: %s s" % r["sqlite_index_s"])
    print("pg-push: %.1f s, %d articles/s, %.2f MB/s of article text; standby caught up "
          "%.1f s after the commit; a second push: %.2f s (%s)"
          % (p["seconds"], p["articles_per_s"], p["text_mb_per_s"],
             p["standby_caught_up_after_s"], p["second_push_s"], p["second_output"]))
    print("sizes (MB): SQLite file %.1f (%.2f x text) | PostgreSQL articles+TOAST+indexes "
          "%.1f, of which GIN %.1f (%.2f x text), tag tables %.1f; PostgreSQL total %.2f x "
          "the SQLite file, %.2f x text"
          % (s["sqlite_file"], s["sqlite_file_vs_text"], s["pg_articles_table_toast_indexes"],
             s["pg_gin_index"], s["pg_gin_vs_text"], s["pg_tag_tables"],
             s["pg_total_vs_sqlite_file"], s["pg_total_vs_text"]))
    print("queries: %d of the mix, %d timed rounds each after a warm-up, 20 hits with "
          "snippets + total (+ facets where asked); %d skipped"
          % (q["timed_queries"], q["rounds"], len(q["skipped"])))
    for k in q["skipped"]:
        print("  skipped row %d (%s), %s: %s" % (k["row"], k["class"], k["side"], k["why"]))
    print("| class | n | SQLite p50 | p95 | p99 | primary p50 | p95 | p99 | standby p50 | p95 | p99 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for c in classes + ["all"]:
        cells = []
        for side in ("sqlite", "primary", "standby"):
            l = q["latency"][side][c]
            cells += ["%.1f" % l["p50_ms"], "%.1f" % l["p95_ms"], "%.1f" % l["p99_ms"]]
        n = q["latency"]["sqlite"][c]["n"] // max(1, q["rounds"])
        print("| %s | %d | %s |" % (c, n, " | ".join(cells)))
    a = q["agreement"]
    print("article counts equal (SQLite = primary = standby): %d of %d queries"
          % (a["equal_counts"], a["of"]))
    for d in a["differ"]:
        print("  row %(row)d (%(class)s): SQLite %(sqlite)d, primary %(primary)d, "
              "standby %(standby)d" % d)
    print("load average (1/5/15 min): " + "; ".join("%s %s" % kv for kv in r["load_average"].items()))
    print("PostgreSQL: " + r["postgresql_settings"])


if __name__ == "__main__":
    main()
