#!/usr/bin/python3
"""gen_corpus.py - bulletin XML for the PostgreSQL tests.

  gen_corpus.py long OUT.xml      one article beyond tsvector's limits

(The benchmark, make bench-pg, uses make bench's corpus.)
"""
import os
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


if __name__ == "__main__":
    if sys.argv[1] == "long":
        with open(sys.argv[2], "w", encoding="utf-8") as f:
            f.write(long_article())
    else:
        sys.exit(__doc__)
