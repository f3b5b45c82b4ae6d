#!/usr/bin/python3
"""gen_corpus.py - bulletin XML for the PostgreSQL tests and benchmark.

  gen_corpus.py long OUT.xml      one article beyond tsvector's limits
  gen_corpus.py bench DIR N SEED  N articles over several issues, sentences
                                  re-combined from the shipped corpus (both
                                  scripts), deterministic for a seed
"""
import os
import random
import re
import sys
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "..", "corpus")


def article(aid, headline, paragraphs, kind="news"):
    ps = "".join("<p>%s</p>" % escape(p) for p in paragraphs)
    return ('<article id="%s" kind="%s"><headline>%s</headline>%s</article>'
            % (aid, kind, escape(headline), ps))


def issue(date, pages):
    body = "".join('<page number="%d">%s</page>' % (n, "".join(arts))
                   for n, arts in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<bulletin date="%s">%s</bulletin>\n'
            % (date, body))


def long_article():
    # Beyond 16383 positions, and 工会 more than 255 times.  A decoy pair
    # (口号结束 early, 结尾暗号 at the end) makes the phrase 暗号结尾 match
    # loosely (all its bigrams occur) but not exactly.
    filler = "各级工会要坚持以党建统领为法宝推动改革向基层延伸。"
    # 700 copies: past 16383 positions, yet under the archive's 64 KiB
    # article limit.
    paras = ["长文开头，口号结束。"] + [filler] * 700 + ["最后一段：长文结尾暗号。"]
    return issue("2017-12-20", [(1, [article("2017-12-20-long", "超长文章测试", paras)])])


def sentences():
    text = ""
    for name in sorted(os.listdir(CORPUS)):
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            text += f.read()
    return [s for s in re.split(r"(?<=[。！？；])", text.replace("\n", "")) if len(s) > 4]


def bench(out, n, seed):
    rnd = random.Random(seed)
    pool = sentences()
    os.makedirs(out, exist_ok=True)
    per_issue = 40
    for i in range(0, n, per_issue):
        day = i // per_issue
        date = "20%02d-%02d-%02d" % (10 + day // 336 % 15, day // 28 % 12 + 1, day % 28 + 1)
        arts = []
        for k in range(min(per_issue, n - i)):
            paras = ["".join(rnd.choice(pool) for _ in range(rnd.randint(2, 6)))
                     for _ in range(rnd.randint(2, 8))]
            headline = rnd.choice(pool)[:20]
            arts.append(article("b%d" % (i + k), headline, paras))
        pages = [(p + 1, arts[p * 8:(p + 1) * 8]) for p in range((len(arts) + 7) // 8)]
        with open(os.path.join(out, "issue-%05d.xml" % day), "w", encoding="utf-8") as f:
            f.write(issue(date, pages))


if __name__ == "__main__":
    if sys.argv[1] == "long":
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            f.write(long_article())
    elif sys.argv[1] == "bench":
        bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        sys.exit(__doc__)
