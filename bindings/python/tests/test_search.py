"""search(): hits as the CLI's JSON has them, cross-script matching,
highlights, HTML snippets, paging and keyword filters."""

import datetime

import bulletin_search as bs
import support


class CorpusSearch(support.TempDirTest):
    def setUp(self):
        super().setUp()
        self.db = self.path("a.db")
        self.archive = bs.Archive(self.db)
        self.addCleanup(self.archive.close)
        self.archive.index(support.CORPUS)

    def test_hits_equal_the_cli_json_field_for_field(self):
        for query in ["暖心驛站", "工会", "西城 OR 东城", "工会 -驿站", '"户外 劳动者"']:
            with self.subTest(query=query):
                mine = self.archive.search(query, limit=50)
                cli = support.cli_json(self.db, "search", "--json", "--limit", "50", "--", query)
                self.assertEqual(mine.total, cli["total"])
                self.assertEqual(len(mine), len(cli["hits"]))
                for hit, want in zip(mine, cli["hits"]):
                    got = hit.as_dict()
                    self.assertEqual(set(got), set(want))
                    got["issue_date"] = got["issue_date"] and got["issue_date"].isoformat()
                    got["highlights"] = [list(s) for s in got["highlights"]]
                    self.assertAlmostEqual(got.pop("score"), want.pop("score"), places=4)
                    self.assertEqual(got, want)

    def test_a_traditional_query_finds_simplified_text(self):
        hits = list(self.archive.search("暖心驛站"))
        self.assertEqual(len(hits), 1)
        self.assertIn("暖心驿站", hits[0].snippet)
        self.assertIsInstance(hits[0].issue_date, datetime.date)

    def test_highlights_slice_the_snippet_to_the_matches(self):
        hit = self.archive.search("暖心驛站")[0]
        self.assertTrue(hit.highlights)
        for start, end in hit.highlights:
            self.assertEqual(hit.snippet[start:end], "暖心驿站")
        self.assertIn("<mark>暖心驿站</mark>", hit.snippet_html)

    def test_paging_with_limit_and_offset_covers_every_hit_once(self):
        everything = [h.id for h in self.archive.search("工会", limit=100)]
        self.assertGreater(len(everything), 2)
        pages = []
        for offset in range(0, len(everything), 2):
            page = self.archive.search("工会", 2, offset)  # positional limit, offset
            self.assertEqual(page.total, len(everything))
            pages += [h.id for h in page]
        self.assertEqual(pages, everything)

    def test_results_are_a_sequence_and_outlive_the_archive(self):
        results = self.archive.search("工会")
        self.archive.close()
        self.assertEqual(results.query, "工会")
        self.assertEqual(results[-1].id, results[len(results) - 1].id)
        with self.assertRaises(IndexError):
            results[len(results)]
        self.assertIn("total=", repr(results))

    def test_no_match_gives_an_empty_page(self):
        r = self.archive.search("不存在的词语组合")
        self.assertEqual((r.total, len(r), list(r)), (0, 0, []))

    def test_snippet_chars_bounds_the_snippet(self):
        short = self.archive.search("工会", snippet_chars=10)[0].snippet
        long = self.archive.search("工会", snippet_chars=60)[0].snippet
        self.assertLess(len(short), len(long))

    def test_an_unknown_filter_is_a_type_error(self):
        with self.assertRaisesRegex(TypeError, "no_such_filter"):
            self.archive.search("工会", no_such_filter="x")
        with self.assertRaises(TypeError):
            self.archive.search("工会", 5, limit=5)
        with self.assertRaises(TypeError):
            self.archive.search("工会", 1, 2, 3)

    def test_bad_filter_values_are_rejected_before_searching(self):
        for kwargs in [dict(limit=0), dict(limit=1001), dict(offset=-1)]:
            with self.subTest(**kwargs), self.assertRaises(ValueError):
                self.archive.search("工会", **kwargs)
        with self.assertRaises(TypeError):
            self.archive.search("工会", limit="5")
        with self.assertRaises(TypeError):
            self.archive.search(b"bytes")


    def test_filters_and_facets_equal_the_cli(self):
        cases = [
            (dict(district="西城", facets=True), ["--district", "西城", "--facets"]),
            (dict(topic="党建"), ["--topic", "党建"]),
            (dict(date_from=datetime.date(2017, 12, 19), sort="date-asc"),
             ["--from", "2017-12-19", "--sort", "date-asc"]),
            (dict(date_from="2017-12", date_to="2017-12", facets=True),
             ["--from", "2017-12", "--to", "2017-12", "--facets"]),
            (dict(kind="advertisement"), ["--kind", "advertisement"]),
        ]
        for kwargs, flags in cases:
            with self.subTest(**{k: str(v) for k, v in kwargs.items()}):
                mine = self.archive.search("工会 OR 啤酒", limit=50, **kwargs)
                cli = support.cli_json(self.db, "search", "--json", "--limit", "50", *flags,
                                       "--", "工会 OR 啤酒")
                self.assertEqual(mine.total, cli["total"])
                self.assertEqual([h.id for h in mine], [h["id"] for h in cli["hits"]])
                self.assertEqual([h.primary_district for h in mine],
                                 [h["primary_district"] for h in cli["hits"]])
                if kwargs.get("facets"):
                    self.assertEqual(mine.facets, cli["facets"])

    def test_rank_window_and_exact_equal_the_cli(self):
        cases = [
            (dict(rank_window=2), ["--rank-window", "2"]),
            (dict(exact=True), ["--exact"]),
            (dict(rank_window=2, facets=True), ["--rank-window", "2", "--facets"]),
        ]
        for kwargs, flags in cases:
            with self.subTest(**{k: str(v) for k, v in kwargs.items()}):
                mine = self.archive.search("工会", limit=2, **kwargs)
                cli = support.cli_json(self.db, "search", "--json", "--limit", "2", *flags,
                                       "--", "工会")
                self.assertEqual((mine.total, mine.total_exact),
                                 (cli["total"], cli["total_exact"]))
                self.assertEqual([h.id for h in mine], [h["id"] for h in cli["hits"]])
        self.assertFalse(self.archive.search("工会", limit=2, rank_window=2).total_exact)
        self.assertTrue(self.archive.search("工会", exact=True).total_exact)
        with self.assertRaises(ValueError):
            self.archive.search("工会", rank_window=0)

    def test_tags_of_an_article_equal_show_json(self):
        hit = self.archive.search("暖心驿站")[0]
        tags = self.archive.tags(hit.id)
        shown = support.cli_json(self.db, "show", "--json", str(hit.id))
        for key in ("districts", "primary_district", "topics", "event_dates"):
            with self.subTest(key=key):
                self.assertEqual(tags[key], shown[key])
        self.assertEqual(tags["districts"], hit.districts)
        self.assertEqual(tags["primary_district"], "西城区")
        with self.assertRaises(bs.NotFoundError):
            self.archive.tags(999999)

    def test_retag_with_an_edited_taxonomy_changes_topics(self):
        before = self.archive.search("工会", topic="党建").total
        self.assertGreater(before, 0)
        taxonomy = self.write("taxonomy.txt", "[测试主题]\n暖心驿站 5\n")
        counts = self.archive.retag(taxonomy=taxonomy)
        self.assertEqual(counts["articles"], self.archive.stats().articles)
        self.assertEqual(self.archive.search("工会", topic="测试主题").total, 1)
        with self.assertRaises(bs.QueryError):
            self.archive.search("工会", topic="党建")   # no longer a topic
        bad = self.write("bad.txt", "not a taxonomy\n")
        with self.assertRaises(bs.InputError):
            self.archive.retag(taxonomy=bad)
        self.archive.retag(builtin=True)
        self.assertEqual(self.archive.search("工会", topic="党建").total, before)

    def test_kind_district_and_sort_values_are_checked(self):
        with self.assertRaises(ValueError):
            self.archive.search("工会", sort="newest")
        with self.assertRaises(ValueError):
            self.archive.search("工会", kind="editorial")
        with self.assertRaises(TypeError):
            self.archive.search("工会", district=3)
        with self.assertRaises(bs.QueryError):
            self.archive.search("工会", date_from="last year")


class ArticleSearch(support.TempDirTest):
    def test_either_script_finds_the_other(self):
        with bs.Archive(self.path("a.db")) as a:
            simp = a.add(key="s", body="职工学习新思想")
            trad = a.add(key="t", body="職工學習新思想")
            for q in ["学习", "學習"]:
                self.assertEqual({h.id for h in a.search(q)}, {simp, trad}, q)

    def test_snippet_html_escapes_markup_from_the_text(self):
        with bs.Archive(self.path("a.db")) as a:
            a.add(body='工会 <b>"福利" & 补贴</b>')
            hit = a.search("补贴")[0]
        self.assertIn("&lt;b&gt;&quot;福利&quot; &amp; <mark>补贴</mark>&lt;/b&gt;",
                      hit.snippet_html)
        self.assertNotIn("<b>", hit.snippet_html)

    def test_headline_and_kind_come_back_on_hits(self):
        with bs.Archive(self.path("a.db")) as a:
            a.add(headline="评论标题", body="评论正文", kind="commentary", page=1,
                  issue_date="2018-02-03")
            hit = a.search("评论")[0]
        self.assertEqual((hit.headline, hit.kind, hit.page, hit.issue_date),
                         ("评论标题", "commentary", 1, datetime.date(2018, 2, 3)))
        self.assertIsInstance(hit.score, float)


if __name__ == "__main__":
    support.main()
