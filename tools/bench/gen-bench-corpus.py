#!/usr/bin/python3
"""gen-bench-corpus.py - deterministic synthetic back issues for `make bench`.

    gen-bench-corpus.py --seed 1 --articles 100000 --out DIR
    gen-bench-corpus.py --seed 1 --queries > data/bench-queries.tsv

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

Districts and streets come from the small list below, or from a
gazetteer file given with --gazetteer (lines "district<TAB>street", '#'
comments), topics from TOPICS or --topics (lines "topic<TAB>word word ..."),
so that data/ files can replace them without touching this script.
"""
import argparse
import bisect
import datetime
import itertools
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_VOCAB = os.path.join(HERE, "..", "..", "data", "bench-vocab.tsv")

# Beijing districts with a few of their streets (街道) and towns (镇).
GAZETTEER = {
    "东城区": ["东华门街道", "景山街道", "交道口街道", "安定门街道", "和平里街道"],
    "西城区": ["德胜街道", "新街口街道", "金融街街道", "什刹海街道", "月坛街道"],
    "朝阳区": ["安贞街道", "建外街道", "呼家楼街道", "望京街道", "三里屯街道"],
    "海淀区": ["中关村街道", "学院路街道", "万寿路街道", "海淀街道", "清河街道"],
    "丰台区": ["丰台街道", "右安门街道", "卢沟桥街道", "新村街道", "长辛店镇"],
    "石景山区": ["八宝山街道", "古城街道", "鲁谷街道", "金顶街街道"],
    "门头沟区": ["大峪街道", "城子街道", "龙泉镇", "永定镇"],
    "房山区": ["良乡镇", "长阳镇", "城关街道", "窦店镇"],
    "通州区": ["中仓街道", "新华街道", "宋庄镇", "张家湾镇"],
    "顺义区": ["胜利街道", "光明街道", "后沙峪镇", "杨镇"],
    "昌平区": ["城北街道", "回龙观街道", "天通苑北街道", "南口镇"],
    "大兴区": ["兴丰街道", "林校路街道", "黄村镇", "亦庄镇"],
    "怀柔区": ["泉河街道", "龙山街道", "雁栖镇", "杨宋镇"],
    "平谷区": ["滨河街道", "兴谷街道", "马坊镇", "金海湖镇"],
    "密云区": ["鼓楼街道", "果园街道", "溪翁庄镇", "穆家峪镇"],
    "延庆区": ["百泉街道", "香水园街道", "儒林街道", "康庄镇"],
}

TOPICS = {
    "劳动保护": "安全生产 劳动保护 防暑降温 职业病 隐患 排查 安全帽",
    "职工福利": "福利 慰问 送温暖 困难职工 帮扶 救助 互助保险",
    "技能竞赛": "技能 竞赛 工匠 技术 创新 比武 大工匠 岗位练兵",
    "劳模": "劳模 劳动模范 先进 表彰 荣誉 劳模精神 奉献",
    "农民工": "农民工 工资 欠薪 维权 法律援助 劳动合同 户外劳动者",
    "女职工": "女职工 母婴室 权益 巾帼 妇女 关爱",
    "文体活动": "摄影 书法 比赛 运动会 文艺 演出 读书",
    "工会建设": "建会 入会 会员 基层 组织 改革 工会主席",
}

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


def read_pairs(path):
    """Lines "key<TAB>value"; '#' starts a comment."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].rstrip("\n")
            if "\t" in line:
                k, v = line.split("\t", 1)
                table.setdefault(k.strip(), []).append(v.strip())
    return table


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
        self.topics = {k: v.split() for k, v in topics.items()}
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

    def special(self, art):
        """A word that is not from the Zipf list: place, topic, number."""
        r = self.rng
        k = r.random()
        if k < 0.25:
            return art["district"]
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
            parts.append(art["district"][:-1] if r.random() < 0.5 else art["district"])
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
    art = {"kind": kind, "district": district, "street": r.choice(w.gazetteer[district]),
           "topic": r.choice(w.topic_names)}
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
        add("phrase", '"%s %s"' % (d, r.choice(w.gazetteer[d])))
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
    # Filters and facets: the columns the district/topic/date work will
    # read; bulletin-bench skips these rows until the library has them.
    for d in r.sample(w.districts, 4):
        add("filter", r.choice(head[:200]), district=d)
    for t in r.sample(w.topic_names, 3):
        add("filter", r.choice(head[:200]), topic=t)
    add("filter", r.choice(head[:200]), date_from="2000-01-01", date_to="2009-12-31")
    add("facets", "工会", facets="district,topic,year")
    add("facets", "%s %s" % (r.choice(head[:60]), r.choice(head[60:])), facets="district,topic,year")
    out.write("# bench-queries.tsv - the fixed query mix of `make bench`.\n"
              "# Generated by tools/bench/gen-bench-corpus.py --queries; kept fixed\n"
              "# so that runs can be compared.  Columns: class, query (the user\n"
              "# language of bulletin.h), then filters and facets for the search\n"
              "# options to come (district, topic, date_from, date_to, facets as a\n"
              "# comma-separated list); rows that use them are skipped until then.\n")
    out.write("#class\tquery\tdistrict\ttopic\tdate_from\tdate_to\tfacets\n")
    for row in rows:
        out.write("\t".join(row) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--articles", type=int, default=100000)
    ap.add_argument("--out")
    ap.add_argument("--vocab", default=DEFAULT_VOCAB)
    ap.add_argument("--gazetteer", help="lines 'district<TAB>street' (default: built in)")
    ap.add_argument("--topics", help="lines 'topic<TAB>word word ...' (default: built in)")
    ap.add_argument("--queries", action="store_true", help="print the query mix instead")
    args = ap.parse_args()
    words, trad = read_vocab(args.vocab)
    gazetteer = read_pairs(args.gazetteer) if args.gazetteer else GAZETTEER
    topics = ({k: " ".join(v) for k, v in read_pairs(args.topics).items()}
              if args.topics else TOPICS)
    w = Writer(random.Random(args.seed), words, trad, gazetteer, topics)
    if args.queries:
        write_queries(w, sys.stdout)
        return
    if not args.out:
        ap.error("--out is required")
    files = write_corpus(args, w)
    print("gen-bench-corpus: %d articles in %d files under %s" % (args.articles, files, args.out))


if __name__ == "__main__":
    main()
