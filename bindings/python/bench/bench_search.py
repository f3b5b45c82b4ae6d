"""How much a search costs through Python compared with the C API.

    make bindings/python/bench/bench-search-c
    PYTHONPATH=bindings/python/.libs /usr/bin/python3 bindings/python/bench/bench_search.py \
        [--rounds 200] [--large 20000]

Builds an archive from the sample corpus (and, with --large N, another of
N generated articles), then times the same queries through the C API
(bench-search-c) and through bulletin_search, alternately, REPEATS times:
the best of 5 runs of ROUNDS searches each, every field of every hit read in both cases (snippet_html,
which the C side has no equivalent of, is not asked for), in CPU time of
the process (other load on the machine does not count).  Not part of
make check: its figures depend on the machine."""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

import bulletin_search as bs

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
QUERIES = ["暖心驛站", "工会", "西城 OR 东城", '"户外 劳动者"', "职工 -驿站", "不存在的词"]


def python_per_search(archive, query, rounds, limit):
    best = None
    for _ in range(5):
        t0 = time.process_time()
        for _ in range(rounds):
            r = archive.search(query, limit=limit)
            total = r.total
            for h in r:
                (h.id, h.headline, h.issue_date, h.page, h.kind, h.score, h.snippet,
                 h.highlights)
        per = (time.process_time() - t0) / rounds * 1e6
        best = per if best is None else min(best, per)
    return total, best


def c_per_search(binary, db, queries, rounds, limit):
    out = subprocess.run([binary, db, str(rounds), str(limit), *queries], check=True,
                         capture_output=True, text=True).stdout
    rows = {}
    for line in out.splitlines():
        query, total, us = line.split("\t")
        rows[query] = (int(total), float(us))
    return rows


def generate(archive, n, seed=42):
    """n articles made of the sample corpus's sentences, shuffled."""
    text = open(os.path.join(TOP, "corpus", "2017-12-12-p2.txt"), encoding="utf-8").read()
    sentences = [s + "。" for s in text.replace("\n", "").split("。") if len(s) > 4]
    rnd = random.Random(seed)
    for i in range(n):
        body = "\n".join("".join(rnd.sample(sentences, 3)) for _ in range(4))
        archive.add(key="gen/%d" % i, headline=rnd.choice(sentences)[:20], body=body,
                    issue_date="%04d-%02d-%02d" % (2000 + i % 20, 1 + i % 12, 1 + i % 28),
                    page=1 + i % 8, position=1 + i % 5)


def report(title, binary, db, rounds, limit, repeats):
    """Alternate C and Python `repeats` times and keep each side's best:
    the minimum is the figure least disturbed by other load."""
    c_best, py_best = {}, {}
    with bs.Archive(db, readonly=True) as archive:
        articles = archive.stats().articles
        for _ in range(repeats):
            for q, (total, us) in c_per_search(binary, db, QUERIES, rounds, limit).items():
                c_best[q] = (total, min(us, c_best.get(q, (0, us))[1]))
            for q in QUERIES:
                total, us = python_per_search(archive, q, rounds, limit)
                py_best[q] = (total, min(us, py_best.get(q, (0, us))[1]))
    print("\n%s (%d articles), limit=%d, best of %d x 5 x %d searches" % (
        title, articles, limit, repeats, rounds))
    print("%-14s %7s %12s %12s %9s" % ("query", "total", "C us", "Python us", "overhead"))
    for q in QUERIES:
        (c_total, c), (total, py) = c_best[q], py_best[q]
        assert total == c_total, (q, total, c_total)
        print("%-14s %7d %12.1f %12.1f %8.1f%%" % (q, total, c, py, (py - c) / c * 100))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--limit", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3, help="alternations of C and Python")
    ap.add_argument("--large", type=int, default=0, help="also a generated archive of N articles")
    ap.add_argument("--c-bench", default=os.path.join(TOP, "bindings", "python", "bench",
                                                      "bench-search-c"))
    args = ap.parse_args()
    if not os.access(args.c_bench, os.X_OK):
        sys.exit("build the C side first: make bindings/python/bench/bench-search-c")
    with tempfile.TemporaryDirectory() as tmp:
        sample = os.path.join(tmp, "sample.db")
        with bs.Archive(sample) as a:
            a.index(os.path.join(TOP, "corpus"))
        report("sample corpus", args.c_bench, sample, args.rounds, args.limit, args.repeats)
        if args.large:
            large = os.path.join(tmp, "large.db")
            with bs.Archive(large) as a:
                generate(a, args.large)
            report("generated corpus", args.c_bench, large, max(1, args.rounds // 10),
                   args.limit, args.repeats)


if __name__ == "__main__":
    main()
