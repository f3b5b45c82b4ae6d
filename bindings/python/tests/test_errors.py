"""Every failure is a bulletin_search.Error subclass with the details the
library gave; no C status number reaches Python."""

import os

import bulletin_search as bs
import support

STATUS_COUNT = 13  # bulletin_status values, BULLETIN_OK included


class Mapping(support.TempDirTest):
    def test_every_status_has_its_own_error_class(self):
        classes = [bs._exception_for_status(s) for s in range(1, STATUS_COUNT)]
        self.assertEqual(len(set(classes)), len(classes))
        for cls in classes:
            self.assertTrue(issubclass(cls, bs.Error), cls)
            self.assertIs(getattr(bs, cls.__name__), cls)
        for not_an_error in (0, STATUS_COUNT, -1):
            with self.assertRaises(ValueError):
                bs._exception_for_status(not_an_error)

    def test_classes_also_derive_from_the_matching_builtin(self):
        self.assertTrue(issubclass(bs.QueryError, ValueError))
        self.assertTrue(issubclass(bs.InvalidArgumentError, ValueError))
        self.assertTrue(issubclass(bs.FileError, OSError))
        self.assertTrue(issubclass(bs.NotFoundError, LookupError))
        self.assertTrue(issubclass(bs.OutOfMemoryError, MemoryError))
        for sub in (bs.VersionError, bs.BusyError, bs.ReadOnlyError):
            self.assertTrue(issubclass(sub, bs.ArchiveError))
        for cls in (bs.InputError, bs.ArchiveError, bs.DependencyError, bs.InternalError):
            self.assertTrue(issubclass(cls, bs.Error))


class BadQueries(support.TempDirTest):
    def setUp(self):
        super().setUp()
        self.archive = bs.Archive(self.path("a.db"))
        self.addCleanup(self.archive.close)

    def test_malformed_queries_give_the_character_position(self):
        cases = {'工会 "暖心': 3, "(西城 工会": 0, "西城 OR": 3, "()": 0, "西城 AND": 3}
        for query, position in cases.items():
            with self.subTest(query=query):
                with self.assertRaises(bs.QueryError) as cm:
                    self.archive.search(query)
                e = cm.exception
                self.assertEqual(e.position, position)
                self.assertIn("character %d" % (position + 1), str(e))
                self.assertEqual(e.message, str(e))

    def test_a_query_of_only_exclusions_is_refused(self):
        with self.assertRaisesRegex(bs.QueryError, "only leave words out"):
            self.archive.search("-广告")

    def test_a_nul_character_is_a_query_error_at_its_position(self):
        with self.assertRaises(bs.QueryError) as cm:
            self.archive.search("工会\0x")
        self.assertEqual(cm.exception.position, 2)

    def test_query_errors_are_value_errors_too(self):
        with self.assertRaises(ValueError):
            self.archive.search('"')


class BadInput(support.TempDirTest):
    def test_a_malformed_file_is_reported_and_skipped(self):
        bad = os.path.join(support.SRCDIR, "tests", "data", "xml", "malformed.xml")
        folder = self.path("in")
        os.makedirs(folder)
        with open(bad, "rb") as f:
            self.write("in/a-bad.xml", f.read())
        self.write("in/2017-12-12-p3.txt", "标题\n\n　　工会组织职工参加活动。\n")
        with bs.Archive(self.path("a.db")) as a:
            st = a.index(folder)
            self.assertEqual((st.files, st.files_failed), (1, 1))
            (err,) = st.errors
            self.assertIsInstance(err, bs.InputError)
            self.assertTrue(err.path.endswith("a-bad.xml"))
            self.assertIsInstance(err.line, int)
            self.assertIn("a-bad.xml", str(err))
            self.assertEqual(a.search("活动").total, 1)

    def test_indexing_one_bad_file_raises_its_error(self):
        bad = os.path.join(support.SRCDIR, "tests", "data", "xml", "malformed.xml")
        with bs.Archive(self.path("a.db")) as a:
            with self.assertRaises(bs.InputError) as cm:
                a.index(bad)
            self.assertEqual(cm.exception.path, bad)
            self.assertEqual(a.stats().articles, 0)

    def test_a_missing_path_raises_file_error(self):
        with bs.Archive(self.path("a.db")) as a:
            with self.assertRaises(bs.FileError) as cm:
                a.index(self.path("nope"))
            self.assertIsInstance(cm.exception, OSError)

    def test_a_file_that_is_not_an_archive(self):
        p = self.write("notes.db", "just some text, not SQLite\n" * 100)
        with self.assertRaises(bs.ArchiveError):
            bs.Archive(p)

    def test_invalid_article_values(self):
        with bs.Archive(self.path("a.db")) as a:
            with self.assertRaises(bs.InvalidArgumentError):
                a.add(body="x", issue_date="2017-02-30")
            with self.assertRaises(bs.InvalidArgumentError):
                a.add(body="x", kind="gossip")
            with self.assertRaises(bs.InvalidArgumentError):
                a.index(support.CORPUS, issue_date="2017-13-01")
            with self.assertRaises(ValueError):
                a.add(body="x", page=-1)
            with self.assertRaises(ValueError):
                a.add(body="a\0b")
            with self.assertRaises(TypeError):
                a.add(headline="no body")
            with self.assertRaises(TypeError):
                a.add(body=b"bytes")
            with self.assertRaises(TypeError):
                a.add(body="x", issue_date=20170101)
            with self.assertRaises(TypeError):
                a.add(body="x", author="a", authors=["b"])
            with self.assertRaises(TypeError):
                a.get("1")
            self.assertEqual(a.stats().articles, 0)


if __name__ == "__main__":
    support.main()
