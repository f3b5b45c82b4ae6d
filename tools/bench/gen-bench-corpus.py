#!/usr/bin/python3
"""gen-bench-corpus.py - deterministic synthetic back issues for `make bench`.

    gen-bench-corpus.py --seed 1 --articles 100000 --out DIR
    gen-bench-corpus.py --seed 1 --queries > data/bench-queries.tsv
    (both take --gazetteer FILE --taxonomy FILE; default: data/'s)

Writes issues dated 1995-2025 into DIR/YYYY/YYYY-MM-DD/: most issues as
page-text files (page-01.txt ...: headlines, decks, bylines, commentary
signatures, paragraphs cut by column breaks in mid-word, advertisements,
"（下转第N版）"/"（上接第N版）" jump lines; a few in GB18030), the others as
one bulletin XML file (issue.xml, see doc/bulletin-xml.md).  Articles are
written in simplified characters, in traditional ones, or paragraph by
paragraph in both.  Words follow a Zipf law over data/bench-vocab.tsv (real
Chinese words, see tools/bench/gen-bench-vocab.py), with each article's
district and topic words mixed in.

Same seed and arguments, same bytes: one random.Random(seed) drives
everything, files are written in a fixed order, and nothing depends on
the machine (hash order, time, locale).

Districts, their short and former names and the places in them (streets,
towns, townships, areas) come from the gazetteer the library tags with
(data/gazetteer.txt, or --gazetteer), topics and their terms from its
taxonomy (data/taxonomy.txt, or --taxonomy): so the tagger recognises
the districts and topics the articles were written about, and filters
and facets have something real to find.
"""
import argparse
import bisect
import datetime
import itertools
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "data")
DEFAULT_VOCAB = os.path.join(DATA, "bench-vocab.tsv")
DEFAULT_GAZETTEER = os.path.join(DATA, "gazetteer.txt")
DEFAULT_TAXONOMY = os.path.join(DATA, "taxonomy.txt")

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国志宏晶欣翠斌晓东雪梅海燕文博宇浩然子轩思雨佳怡俊凯"
TITLES = ["区委书记", "区总工会主席", "市总工会副主席", "街道工委书记", "公司董事长",
          "本报评论员", "区人大代表", "工会干部", "特约评论员"]
SET_PHRASES = ["暖心驿站", "职工之家", "劳模精神", "工匠精神", "户外劳动者", "送温暖",
               "困难职工", "互助保险", "劳动关系", "职工群众", "总工会", "工会组织"]
BRANDS = [("燕京啤酒", "YANJING BEER"), ("同仁堂", "TONG REN TANG"),
          ("首都银行", "CAPITAL BANK"), ("长城保险", "GREAT WALL INSURANCE"),
          ("京华家电", "JINGHUA APPLIANCE"), ("北方旅游", "NORTH TRAVEL")]
PAPER = "劳动午报"
FIRST_DAY = datetime.date(1995, 1, 1)
LAST_DAY = datetime.date(2025, 12, 31)
# 崇文 and 宣武 became parts of 东城 and 西城 on this day; the other former
# names (counties that became districts) also belong to older issues.
FORMER_NAMES_UNTIL = datetime.date(2010, 7, 1)
ARTICLES_PER_ISSUE = 60
ARTICLES_PER_PAGE = 7.5


def read_vocab(path):
    words, trad = [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            s, t, _ = line.rstrip("\n").split("\t")
            words.append(s)
            trad[s] = t
    return words, trad


def data_lines(path):
    """(line number, words) of a data/ file, comments and blank lines left out."""
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if words:
                yield n, words


def read_gazetteer(path):
    """data/gazetteer.txt as {district: {"short", "former", "places"}}: the
    districts only (not the city-level section nor [ignore])."""
    sections, cur = {}, None
    for n, words in data_lines(path):
        if words[0].startswith("["):
            name = " ".join(words)
            if not name.endswith("]"):
                sys.exit("%s:%d: a section is [name]" % (path, n))
            cur = sections.setdefault(name[1:-1].strip(), {
                "level": "district", "short": [], "former": [], "places": []})
        elif cur is None or len(words) < 2:
            sys.exit("%s:%d: expected 'key name ...' inside a [district]" % (path, n))
        elif words[0] == "level":
            cur["level"] = words[1]
        elif words[0] in ("short", "former"):
            cur[words[0]] += words[1:]
        elif words[0] in ("street", "town", "township", "area"):
            cur["places"] += words[1:]
        else:
            sys.exit("%s:%d: unknown key %s" % (path, n, words[0]))
    return {k: v for k, v in sections.items()
            if k != "ignore" and v["level"] != "city" and v["places"]}


def read_taxonomy(path):
    """data/taxonomy.txt as {topic: [term, ...]}: the topics an article can be
    written about (a topic signalled by a kind, the advertisements', is
    left out: ads are written apart)."""
    topics, by_kind, cur = {}, set(), None
    for n, words in data_lines(path):
        if words[0].startswith("["):
            cur = " ".join(words)[1:-1].strip()
            topics.setdefault(cur, [])
        elif cur is None:
            continue            # min_score, headline_factor
        elif words[0] == "kind":
            by_kind.add(cur)
        else:
            topics[cur].append(words[0])
    return {k: v for k, v in topics.items() if v and k not in by_kind}


class Writer:
    """Turns words into text; knows the traditional spellings."""

    def __init__(self, rng, words, trad, gazetteer, topics):
        self.rng = rng
        self.words = words
        self.trad = trad
        weights = [1.0 / (r + 2.7) ** 1.05 for r in range(len(words))]
        self.cum = list(itertools.accumulate(weights))
        self.gazetteer = gazetteer
        self.districts = sorted(gazetteer)
        self.topics = topics
        self.topic_names = sorted(self.topics)
        # Character map for words the vocabulary lacks (names, streets).
        self.chars = {}
        for s, t in trad.items():
            if len(s) == len(t):
                for a, b in zip(s, t):
                    if a != b:
                        self.chars.setdefault(a, b)

    def to_trad(self, text):
        return "".join(self.chars.get(c, c) for c in text)

    def word_list(self, n):
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def name(self):
        r = self.rng
        return r.choice(SURNAMES) + "".join(r.choice(GIVEN) for _ in range(r.choice((1, 2, 2))))

    def district_name(self, art):
        """The article's district as papers write it: in full, by its short
        name, or (in issues before 2010) now and then by a former name."""
        r = self.rng
        d = self.gazetteer[art["district"]]
        k = r.random()
        if k < 0.08 and d["former"] and art["date"] < FORMER_NAMES_UNTIL:
            return r.choice(d["former"])
        if k < 0.35 and d["short"]:
            return r.choice(d["short"])
        return art["district"]

    def special(self, art):
        """A word that is not from the Zipf list: place, topic, number."""
        r = self.rng
        k = r.random()
        if k < 0.25:
            return self.district_name(art)
        if k < 0.40:
            return art["district"] + art["street"]
        if k < 0.65:
            return r.choice(self.topics[art["topic"]])
        if k < 0.75:
            return r.choice(SET_PHRASES)
        if k < 0.85:
            return "%d月%d日" % (r.randint(1, 12), r.randint(1, 28))
        if k < 0.93:
            return "%d%s" % (r.choice((3, 12, 30, 50, 200, 550, 2018)), r.choice("家名人个项余万"))
        return "“%s”" % "".join(self.word_list(r.randint(1, 3)))

    def sentence(self, art, trad):
        """One sentence as a list of (simplified, traditional-or-None) words."""
        r = self.rng
        out = []
        for c in range(r.choice((1, 2, 2, 3, 3, 4))):
            if c:
                out.append("，")
            for w in self.word_list(r.randint(3, 9)):
                if r.random() < 0.06:
                    w = self.special(art)
                    out.append(self.to_trad(w) if trad else w)
                else:
                    out.append(self.trad[w] if trad else w)
        out.append("！" if r.random() < 0.03 else "。")
        return "".join(out)

    def paragraph(self, art, trad, min_chars=30):
        text = ""
        while len(text) < min_chars:
            text += self.sentence(art, trad)
        return text

    def short_line(self, art, lo, hi):
        """A headline or deck: no final punctuation, lo..hi characters."""
        r = self.rng
        parts = []
        if r.random() < 0.5:
            parts.append(self.district_name(art))
        while len("".join(parts)) < lo:
            w = self.special(art) if r.random() < 0.2 else self.word_list(1)[0]
            parts.append(w.strip("“”"))
        text = "".join(parts)[:hi]
        if r.random() < 0.15:
            text += "“%s”" % r.choice(SET_PHRASES)
        return text


def make_article(w, kind, date):
    """One article as a dict of parts; body paragraphs in their script."""
    r = w.rng
    district = r.choice(w.districts)
    art = {"kind": kind, "date": date, "district": district,
           "street": r.choice(w.gazetteer[district]["places"]), "topic": r.choice(w.topic_names)}
    mode = r.random()  # script: simplified, traditional or mixed
    script = "simp" if mode < 0.70 else "trad" if mode < 0.85 else "mixed"
    art["script"] = script

    def is_trad(i):
        return script == "trad" or (script == "mixed" and (i % 2 == 1) == (r.random() < 0.8))

    head = w.short_line(art, 8, 24)
    art["headline"] = w.to_trad(head) if script == "trad" else head
    art["subtitle"] = w.short_line(art, 10, 30) if r.random() < 0.3 else ""
    art["authors"] = []
    art["byline"] = ""
    if kind == "commentary":
        author = w.name()
        art["authors"] = [author]
        art["byline"] = "□ %s%s %s" % (district, r.choice(TITLES), author)
    elif kind == "news" and r.random() < 0.8:
        names = [w.name()] + ([w.name()] if r.random() < 0.3 else [])
        art["authors"] = names
        inner = "记者 " + names[0] + ("".join(" 通讯员 " + n for n in names[1:]))
        art["byline"] = "本报讯（%s）" % inner
    # Lengths: log-normal around 450 characters, as in union papers.
    target = int(min(4000, max(80, r.lognormvariate(5.6, 0.6))))
    paras, total, i = [], 0, 0
    while total < target:
        p = w.paragraph(art, is_trad(i), min_chars=r.randint(40, 260))
        paras.append(p)
        total += len(p)
        i += 1
    art["paras"] = paras
    return art


def make_ad(w):
    r = w.rng
    brand, latin = r.choice(BRANDS)
    lines = [brand + " " + latin,
             "".join(w.word_list(r.randint(2, 4))) + r.choice(("官方合作伙伴", "诚信经营", "欢迎惠顾")),
             r.choice(("Official Partner", "Quality First", "Since 1995")) + " of " + latin.title(),
             "%s:%d" % (r.choice(("登报咨询电话", "服务热线", "订购电话")), r.randint(60000000, 89999999))]
    if r.random() < 0.5:
        lines.insert(2, "特价%d元起" % r.randint(9, 999))
    return {"kind": "advertisement", "headline": lines[0], "lines": lines[1:]}


# ---------------------------------------------------------------- page text

def column_break(rng, para):
    """Cut a long paragraph where a column ended, anywhere after the first
    41 characters (so that the first half never looks like a headline)."""
    if len(para) < 90 or rng.random() > 0.25:
        return para
    k = rng.randint(45, len(para) - 5)
    return para[:k] + "\n\n" + para[k:]


def page_text(w, items, page_no):
    r = w.rng
    out = []
    for it in items:
        out.append("\n\n")
        if it["kind"] == "advertisement":
            out.append(it["headline"] + "\n" + "\n".join(it["lines"]) + "\n")
            continue
        if it["kind"] == "continuation":
            body = it["paras"]
            out.append("（上接第%d版）" % it["from_page"] + column_break(r, body[0]) + "\n")
            for p in body[1:]:
                out.append("\n" + column_break(r, p) + "\n")
            continue
        out.append(it["headline"] + "\n")
        if it["subtitle"]:
            out.append("\n" + it["subtitle"] + "\n")
        paras = list(it["paras"])
        if it.get("jump_to"):
            paras[-1] += "（下转第%d版）" % it["jump_to"]
        if it["kind"] == "commentary":
            out.append("\n" + it["byline"] + "\n")
        elif it["byline"]:
            paras[0] = it["byline"] + paras[0]
        for p in paras:
            out.append("\n" + column_break(r, p) + "\n")
    return "".join(out)


# ---------------------------------------------------------------- XML

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap_lines(rng, para):
    """A hard line wrap inside a <p> now and then (read as no break)."""
    if len(para) < 60 or rng.random() > 0.3:
        return para
    k = rng.randint(20, len(para) - 20)
    return para[:k] + "\n        " + para[k:]


def issue_xml(w, date, number, pages):
    r = w.rng
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<bulletin date="%s" paper="%s" edition="区县版" number="%d">\n' % (date, PAPER, number)]
    for page_no, items in pages:
        out.append('  <page number="%d">\n' % page_no)
        for pos, it in enumerate(items, 1):
            out.append('    <article id="%s-p%d-%d" kind="%s">\n' % (date, page_no, pos, it["kind"]))
            out.append("      <headline>%s</headline>\n" % esc(it.get("headline", "")))
            if it.get("subtitle"):
                out.append("      <subtitle>%s</subtitle>\n" % esc(it["subtitle"]))
            if it.get("byline"):
                out.append("      <byline>%s</byline>\n" % esc(it["byline"]))
            for a in it.get("authors", []):
                out.append("      <author>%s</author>\n" % esc(a))
            paras = it["lines"] if it["kind"] == "advertisement" else it["paras"]
            for p in paras:
                out.append("      <p>%s</p>\n" % esc(wrap_lines(r, p)))
            out.append("    </article>\n")
        out.append("  </page>\n")
    out.append("</bulletin>\n")
    return "".join(out)


# ---------------------------------------------------------------- issues

def issue_dates(rng, n_issues):
    days = (LAST_DAY - FIRST_DAY).days + 1
    n = min(n_issues, days)
    dates = []
    for i in range(n):
        lo, hi = i * days // n, (i + 1) * days // n - 1
        dates.append(FIRST_DAY + datetime.timedelta(days=rng.randint(lo, max(lo, hi))))
    return dates


def build_issue(w, date, n_articles):
    """Pages of items: articles, ads and continuations."""
    r = w.rng
    n_pages = max(1, round(n_articles / ARTICLES_PER_PAGE))
    pages = [[] for _ in range(n_pages)]
    made = 0
    for i in range(n_articles):
        p = min(n_pages - 1, i * n_pages // n_articles)
        k = r.random()
        if k < 0.04 and pages[p]:
            item = make_ad(w)
        elif k < 0.14:
            item = make_article(w, "commentary", date)
        else:
            item = make_article(w, "news", date)
        pages[p].append(item)
        made += 1
    # Jump lines: the last story of a page goes on, a few pages later, as
    # that page's first article (which then counts as one more article).
    for p in range(n_pages - 1):
        last = pages[p][-1] if pages[p] else None
        if last and last["kind"] == "news" and r.random() < 0.15 and len(last["paras"]) > 1:
            to = r.randint(p + 1, n_pages - 1)
            last["jump_to"] = to + 1
            rest = {"kind": "continuation", "from_page": p + 1,
                    "paras": last["paras"][len(last["paras"]) // 2:]}
            last["paras"] = last["paras"][:len(last["paras"]) // 2]
            pages[to].insert(0, rest)
    return pages


def write_corpus(args, w):
    r = w.rng
    n_issues = max(1, -(-args.articles // ARTICLES_PER_ISSUE))
    dates = issue_dates(r, n_issues)
    per_issue = [args.articles // len(dates)] * len(dates)
    for i in range(args.articles % len(dates)):
        per_issue[i] += 1
    files = 0
    for number, (date, n) in enumerate(zip(dates, per_issue), 1):
        if n == 0:
            continue
        folder = os.path.join(args.out, "%04d" % date.year, date.isoformat())
        os.makedirs(folder, exist_ok=True)
        pages = build_issue(w, date, n)
        if r.random() < 0.25:
            for it in (it for page in pages for it in page if it["kind"] == "continuation"):
                it["headline"] = ""
            numbered = [(i + 1, items) for i, items in enumerate(pages)]
            data = issue_xml(w, date.isoformat(), number, numbered).encode("utf-8")
            with open(os.path.join(folder, "issue.xml"), "wb") as f:
                f.write(data)
            files += 1
            continue
        for i, items in enumerate(pages):
            text = page_text(w, items, i + 1)
            enc = "gb18030" if r.random() < 0.04 else "utf-8"
            with open(os.path.join(folder, "page-%02d.txt" % (i + 1)), "wb") as f:
                f.write(text.encode(enc))
            files += 1
    return files


# ---------------------------------------------------------------- queries

def write_queries(w, out):
    """The fixed query mix of the benchmark (data/bench-queries.tsv)."""
    r = w.rng
    words = w.words
    multi = [x for x in words if len(x) >= 2]
    head = [x for x in words[:1500] if len(x) >= 2]
    tail = multi[-9000:]
    rows = []

    def add(cls, q, **kw):
        rows.append((cls, q, kw.get("district", ""), kw.get("topic", ""),
                     kw.get("date_from", ""), kw.get("date_to", ""), kw.get("facets", "")))

    for x in head[:20]:
        add("word-common", x)
    for x in r.sample(head[100:], 30):
        add("word-mid", x)
    for x in r.sample(tail, 30):
        add("word-rare", x)
    for _ in range(15):
        add("two-words", "%s %s" % (r.choice(head[:60]), r.choice(head[60:])))
    for _ in range(15):
        add("two-words", "%s %s" % tuple(r.sample(head[60:], 2)))
    for _ in range(10):
        add("two-words", "%s %s" % (r.choice(head[:200]), r.choice(tail)))
    for d in r.sample(w.districts, 6):
        add("phrase", '"%s %s"' % (d, r.choice(w.gazetteer[d]["places"])))
    for p in SET_PHRASES[:8]:
        add("phrase", '"%s %s"' % (p[:2], p[2:]))
    for x in r.sample([x for x in multi if len(x) >= 4], 11):
        add("phrase", '"%s %s"' % (x[:2], x[2:]))
    crossed = [x for x in head if w.trad[x] != x]
    for x in r.sample(crossed, 20):
        add("cross-script", w.trad[x])
    for _ in range(10):
        a, b = r.sample(crossed, 2)
        add("cross-script", "%s %s" % (w.trad[a], b))
    for c in "工会职劳动区驿暖模匠" + "".join(r.sample([x for x in words if len(x) == 1], 5)):
        add("single-char", c)
    for q in ("工会", "职工", "的", "工作", "工会 职工", "工会 的", "发展 工作",
              "中国 工会", "组织 群众", "劳动"):
        add("very-common", q)
    for d1, d2 in [("西城", "东城"), ("海淀", "朝阳"), ("丰台", "通州")]:
        add("boolean", "%s OR %s" % (d1, d2))
    for x in r.sample(head[:100], 4):
        add("boolean", "%s -%s" % (x, r.choice(head[:50])))
    for x in r.sample(head[:300], 3):
        add("boolean", "(%s OR %s) %s" % (x, r.choice(head[:300]), r.choice(head[:300])))
    for q in ("2018", "200", "12月8日", "app"):
        add("latin-number", q)
    add_two_words_20(w, head, add)
    add_filtered(w, head, add)
    out.write("# bench-queries.tsv - the fixed query mix of `make bench`.\n"
              "# Generated by tools/bench/gen-bench-corpus.py --queries; kept fixed\n"
              "# so that runs can be compared.  Columns: class, query (the user\n"
              "# language of bulletin.h, fields such as district: included), then\n"
              "# the search options district, topic, date_from, date_to, and the\n"
              "# facets to count (a comma-separated list of district, topic, year,\n"
              "# month).  Districts and topics are those of data/gazetteer.txt and\n"
              "# data/taxonomy.txt; see doc/benchmark.md for the classes.\n")
    out.write("#class\tquery\tdistrict\ttopic\tdate_from\tdate_to\tfacets\n")
    for row in rows:
        out.write("\t".join(row) + "\n")


def add_two_words_20(w, head, add):
    """Two words common enough to fill a page of 20 hits (the target's
    "two-word queries showing 20 hits") in an archive of 10,000 or more."""
    r = w.rng
    for _ in range(20):
        add("two-words-20", "%s %s" % tuple(r.sample(head[20:300], 2)))


def doc_shares(w, candidates, n=1500):
    """The share of articles each candidate word occurs in (in either
    script), over n articles written apart with their own random generator
    (w's is left alone): the corpus of any seed has about these shares."""
    sim = Writer(random.Random(12345), w.words, w.trad, w.gazetteer, w.topics)
    counts = dict.fromkeys(candidates, 0)
    day = datetime.date(2010, 1, 1)
    for _ in range(n):
        art = make_article(sim, "news", day)
        text = art["headline"] + art["subtitle"] + "".join(art["paras"])
        for c in candidates:
            if c in text or w.trad[c] in text:
                counts[c] += 1
    return {c: counts[c] / n for c in candidates}


def add_filtered(w, head, add):
    """Rows with filters (district, topic, issue date) and facet counts."""
    r = w.rng
    mid = head[20:300]
    # Districts as users type them: in full, short (西城) and former (宣武).
    names = ["西城", "宣武", "西城区", "崇文", "海淀", "朝阳区", "经开区", "通县"]
    known = {n for d, g in w.gazetteer.items() for n in [d] + g["short"] + g["former"]}
    for n in names:
        if n not in known:
            sys.exit("gen-bench-corpus: %s is not in the gazetteer" % n)
    names += r.sample(w.districts, 3)
    for n in names:
        add("filter-district", r.choice(mid), district=n)
    for n in ("宣武", "海淀"):
        add("filter-district", "", district=n)
    # Topics, with any word and with one of the topic's own terms.
    for t in r.sample(w.topic_names, 5):
        add("filter-topic", r.choice(mid), topic=t)
    for t in r.sample(w.topic_names, 2):
        add("filter-topic", r.choice(w.topics[t]), topic=t)
    add("filter-topic", "", topic=r.choice(w.topic_names))
    # Issue dates: a year, a month, a range of years, open ends, days.
    for _ in range(3):
        y = str(r.randint(1995, 2025))
        add("filter-date", r.choice(mid), date_from=y, date_to=y)
    for _ in range(3):
        m = "%d-%02d" % (r.randint(1995, 2025), r.randint(1, 12))
        add("filter-date", r.choice(mid), date_from=m, date_to=m)
    add("filter-date", r.choice(mid), date_from="2000", date_to="2009")
    add("filter-date", r.choice(head[:20]), date_from="1995", date_to="2004")
    add("filter-date", r.choice(mid), date_from="2020")
    add("filter-date", r.choice(mid), date_to="1999")
    add("filter-date", r.choice(mid), date_from="2017-12-01", date_to="2018-03-31")
    add("filter-date", "", date_from="2017-12", date_to="2017-12")
    # Several filters together, with one or two words.
    for _ in range(3):
        add("filter-combo", r.choice(mid), district=r.choice(w.districts),
            date_from="2010", date_to="2019")
    for _ in range(2):
        add("filter-combo", "%s %s" % tuple(r.sample(head[:200], 2)),
            topic=r.choice(w.topic_names))
    add("filter-combo", r.choice(head[:20]), district="西城", topic=r.choice(w.topic_names),
        date_from="2005", date_to="2015")
    # The same filters written as fields of the query.
    t = r.choice(w.topic_names)
    for q in ("%s district:宣武" % r.choice(mid), "%s topic:%s" % (r.choice(mid), t),
              "%s date:2010..2015" % r.choice(mid),
              "%s district:海淀 date:2017" % r.choice(head[:100]),
              "district:西城 topic:%s" % r.choice(w.topic_names)):
        add("filter-field", q)
    # Facet counts: on ordinary words, with filters, and on words that
    # match about half of the archive (the target's "facet counts on a
    # query that matches half the archive").
    every = "district,topic,year,month"
    for x in r.sample(mid, 5):
        add("facets", x, facets=every)
    add("facets-filter", r.choice(mid), district="西城", facets=every)
    add("facets-filter", r.choice(mid), date_from="2000", date_to="2009", facets=every)
    add("facets-filter", "", topic=r.choice(w.topic_names), facets=every)
    shares = doc_shares(w, head[:300])
    half = sorted(shares, key=lambda x: (abs(shares[x] - 0.5), x))[:5]
    for x in half:
        add("facets-half", x, facets=every)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--articles", type=int, default=100000)
    ap.add_argument("--out")
    ap.add_argument("--vocab", default=DEFAULT_VOCAB)
    ap.add_argument("--gazetteer", default=DEFAULT_GAZETTEER,
                    help="the library's gazetteer (default: data/gazetteer.txt)")
    ap.add_argument("--taxonomy", default=DEFAULT_TAXONOMY,
                    help="the library's taxonomy (default: data/taxonomy.txt)")
    ap.add_argument("--queries", action="store_true", help="print the query mix instead")
    args = ap.parse_args()
    words, trad = read_vocab(args.vocab)
    w = Writer(random.Random(args.seed), words, trad, read_gazetteer(args.gazetteer),
               read_taxonomy(args.taxonomy))
    if args.queries:
        write_queries(w, sys.stdout)
        return
    if not args.out:
        ap.error("--out is required")
    files = write_corpus(args, w)
    print("gen-bench-corpus: %d articles in %d files under %s" % (args.articles, files, args.out))


if __name__ == "__main__":
    main()
