"""Round trip of every Archive call and module function, on real archive
files, checked against what the CLI reads from the same files."""

import datetime
import os
import pathlib

import bulletin_search as bs
import support

D = datetime.date


class ArchiveLifecycle(support.TempDirTest):
    def test_context_manager_opens_creates_and_closes(self):
        db = self.path("a.db")
        with bs.Archive(db) as a:
            self.assertFalse(a.closed)
            self.assertEqual(a.path, db)
            self.assertEqual(a.stats().articles, 0)
        self.assertTrue(a.closed)
        self.assertTrue(os.path.exists(db))
        with self.assertRaises(bs.ArchiveError):
            a.search("工会")

    def test_close_is_idempotent(self):
        a = bs.Archive(self.path("a.db"))
        a.close()
        a.close()
        self.assertIn("closed", repr(a))

    def test_path_like_objects_are_accepted(self):
        p = pathlib.Path(self.path("a.db"))
        with bs.Archive(p) as a:
            self.assertEqual(a.path, str(p))
            self.assertEqual(a.index(pathlib.Path(support.CORPUS)).files, support.CORPUS_FILES)

    def test_create_false_refuses_a_missing_file(self):
        with self.assertRaises(bs.FileError) as cm:
            bs.Archive(self.path("missing.db"), create=False)
        self.assertEqual(cm.exception.path, self.path("missing.db"))
        self.assertFalse(os.path.exists(self.path("missing.db")))

    def test_readonly_archive_reads_but_refuses_writes(self):
        db = self.path("a.db")
        with bs.Archive(db) as a:
            a.index(support.CORPUS)
        with bs.Archive(db, readonly=True) as r:
            self.assertTrue(r.readonly)
            self.assertEqual(r.search("暖心驿站").total, 1)
            with self.assertRaises(bs.ReadOnlyError):
                r.add(body="正文")
            with self.assertRaises(bs.ReadOnlyError):
                r.delete(1)


class Indexing(support.TempDirTest):
    def test_index_folder_reports_counts_and_reindex_is_unchanged(self):
        with bs.Archive(self.path("a.db")) as a:
            first = a.index(support.CORPUS)
            self.assertIsInstance(first, bs.IndexStats)
            self.assertEqual((first.files, first.files_failed, first.errors),
                             (support.CORPUS_FILES, 0, ()))
            self.assertGreater(first.articles_added, 0)
            self.assertEqual(a.stats().articles, first.articles_added)
            again = a.index(support.CORPUS)
            self.assertEqual((again.articles_added, again.articles_unchanged),
                             (0, first.articles_added))

    def test_one_thread_or_two_index_the_same(self):
        results = []
        for threads in (1, 2):
            with bs.Archive(self.path("t%d.db" % threads)) as a:
                st = a.index(support.CORPUS, threads=threads)
                self.assertEqual(st.files, support.CORPUS_FILES)
                results.append([(h.id, h.headline, h.snippet) for h in a.search("工会", limit=50)])
        self.assertGreater(len(results[0]), 0)
        self.assertEqual(results[0], results[1])
        with bs.Archive(self.path("t3.db")) as a, self.assertRaises(ValueError):
            a.index(support.CORPUS, threads=3)

    def test_issue_date_and_page_apply_to_files_without_them(self):
        f = self.write("undated.txt", "标题一行\n\n　　工会组织开展学习活动，职工踊跃参加。\n")
        with bs.Archive(self.path("a.db")) as a:
            st = a.index(f, issue_date=D(2020, 1, 2), page=3)
            self.assertEqual(st.files, 1)
            hit = a.search("学习")[0]
            self.assertEqual((hit.issue_date, hit.page), (D(2020, 1, 2), 3))
            a.index(f, issue_date="2021-03-04", page=5)
            self.assertEqual(a.search("学习")[0].issue_date, D(2021, 3, 4))

    def test_encoding_can_be_forced(self):
        text = "标题\n\n　　工会为职工办实事，职工点赞。\n"
        f = self.write("2019-05-06-p1.txt", text, encoding="gb18030")
        with bs.Archive(self.path("a.db")) as a:
            self.assertEqual(a.index(f, encoding="GB18030").files, 1)
            self.assertEqual(a.search("点赞").total, 1)


class Articles(support.TempDirTest):
    FIELDS = dict(headline="西城工会建驿站", subtitle="为户外劳动者服务", byline="本报讯（记者 张晶）",
                  authors=["张晶", "李明"], body="第一段。\n第二段，暖心驿站挂牌。",
                  issue_date=D(2017, 12, 12), page=2, position=3, kind="commentary",
                  key="cms/1001", source="cms")

    def test_add_then_get_gives_every_field_back(self):
        with bs.Archive(self.path("a.db")) as a:
            aid = a.add(**self.FIELDS)
            art = a.get(aid)
        self.assertIsInstance(art, bs.Article)
        self.assertEqual(art.id, aid)
        for name, value in self.FIELDS.items():
            if name != "authors":
                self.assertEqual(getattr(art, name), value, name)
        self.assertEqual(art.author, "张晶、李明")
        self.assertEqual(art.authors, ("张晶", "李明"))

    def test_article_as_dict_matches_the_cli_show_json(self):
        db = self.path("a.db")
        with bs.Archive(db) as a:
            aid = a.add(**self.FIELDS)
            mine = a.get(aid).as_dict()
            mine.update(a.tags(aid))  # show --json gives the tags too
        cli = support.cli_json(db, "show", "--json", str(aid))
        mine["issue_date"] = mine["issue_date"].isoformat()
        self.assertEqual(mine, cli)

    def test_defaults_for_a_minimal_article(self):
        with bs.Archive(self.path("a.db")) as a:
            art = a.get(a.add(body="只有正文"))
        self.assertEqual((art.headline, art.issue_date, art.page, art.kind, art.authors),
                         ("", None, 0, "news", ()))

    def test_adding_the_same_key_replaces_and_keeps_the_id(self):
        with bs.Archive(self.path("a.db")) as a:
            first = a.add(key="k", body="旧的正文")
            second = a.add(key="k", body="新的正文")
            self.assertEqual(first, second)
            self.assertEqual(a.get(first).body, "新的正文")
            self.assertEqual(a.stats().articles, 1)

    def test_update_changes_the_given_fields_only(self):
        with bs.Archive(self.path("a.db")) as a:
            aid = a.add(**self.FIELDS)
            self.assertIsNone(a.update(aid, headline="新标题", page=4))
            art = a.get(aid)
            self.assertEqual((art.headline, art.page), ("新标题", 4))
            self.assertEqual((art.body, art.key, art.subtitle),
                             (self.FIELDS["body"], "cms/1001", self.FIELDS["subtitle"]))
            self.assertEqual(a.search("新标题")[0].id, aid)
            self.assertEqual(a.stats().articles, 1)

    def test_update_cannot_change_the_key(self):
        with bs.Archive(self.path("a.db")) as a:
            aid = a.add(body="正文")
            with self.assertRaises(TypeError):
                a.update(aid, key="other")

    def test_delete_removes_the_article(self):
        with bs.Archive(self.path("a.db")) as a:
            aid = a.add(body="暖心驿站")
            a.delete(aid)
            self.assertEqual(a.search("暖心驿站").total, 0)
            with self.assertRaises(bs.NotFoundError):
                a.get(aid)
            with self.assertRaises(bs.NotFoundError):
                a.delete(aid)
            with self.assertRaises(bs.NotFoundError):
                a.update(aid, headline="x")


class Statistics(support.TempDirTest):
    def test_stats_match_the_cli(self):
        db = self.path("a.db")
        with bs.Archive(db) as a:
            a.index(support.CORPUS)
            a.add(body="正文", issue_date=D(2018, 1, 1), page=1)
            s = a.stats()
        cli = support.cli_json(db, "stats", "--json")
        self.assertIsInstance(s, bs.ArchiveStats)
        self.assertEqual(s.first_date, D(2017, 12, 12))
        self.assertEqual(s.last_date, D(2018, 1, 1))
        for k in ("articles", "issues", "sources", "schema_version"):
            self.assertEqual(getattr(s, k), cli[k], k)
        self.assertEqual(s.first_date.isoformat(), cli["first_date"])
        self.assertGreater(s.file_bytes, 0)

    def test_versions(self):
        self.assertRegex(bs.__version__, r"^\d+\.\d+\.\d+$")
        self.assertEqual(bs.library_version(), bs.__version__)


class Tokenize(support.TempDirTest):
    def test_offsets_are_characters_of_the_input(self):
        text = "Ａpp 暖心驛站"
        toks = bs.tokenize(text)
        self.assertEqual(toks[0], bs.Token(("app", 0, 3, False)))
        for t in toks:
            self.assertTrue(text[t.start:t.end])
        self.assertIn("驿站", [t.term for t in toks])  # folded to simplified

    def test_query_mode_adds_colocated_alternatives(self):
        doc = bs.tokenize("西城区", "document")
        query = bs.tokenize("西城区", "query")
        self.assertTrue(any(t.colocated for t in query))
        self.assertGreater(len(query), len(doc))
        self.assertTrue(bs.tokenize("西城区", mode="query_words"))

    def test_unknown_mode_is_a_value_error(self):
        with self.assertRaises(ValueError):
            bs.tokenize("x", "words")


if __name__ == "__main__":
    support.main()
