"""Archive.backup(), Archive.check() and Archive.optimize() on real
archive files, as `bulletin-search backup`, `check` and `optimize` (tests/reliability/
test_maintenance_cli.sh): copies that are complete, self-contained and
never half-written, and checks that find a damaged search index or a
damaged database file.  Archives are damaged behind the library's back
with Python's own sqlite3 module."""

import os
import pathlib
import sqlite3
import stat

import bulletin_search as bs
import support

QUERIES = ["工会", "暖心驛站", "职工 OR 劳动者", '"西城区"']


def snapshot(archive):
    """What a reader sees: figures (the file size aside, which differs
    between a WAL archive and its self-contained copy) and, per query, the
    total and every hit with its facets."""
    s = archive.stats()
    figures = (s.articles, s.issues, s.sources, s.first_date, s.last_date, s.schema_version)
    searches = {}
    for q in QUERIES:
        r = archive.search(q, limit=100, facets=True)
        searches[q] = (r.total, r.facets, [h.as_dict() for h in r])
    return figures, searches


class Backup(support.TempDirTest):
    def setUp(self):
        super().setUp()
        self.db = self.path("a.db")
        self.archive = bs.Archive(self.db)
        self.addCleanup(self.archive.close)
        self.archive.index(support.CORPUS)

    def test_backup_is_a_self_contained_copy_that_reads_like_the_original(self):
        copy = self.path("copy.db")
        self.assertIsNone(self.archive.backup(copy))
        original = snapshot(self.archive)
        self.assertGreater(original[0][0], 0)
        self.assertGreater(original[1]["工会"][0], 0)
        self.assertFalse(os.path.exists(copy + "-wal"))
        self.assertFalse(os.path.exists(copy + "-shm"))
        with open(copy, "rb") as f:
            header = f.read(20)
        self.assertEqual(header[:16], b"SQLite format 3\0")
        self.assertEqual(header[18], 1, "the copy is a rollback-journal file, not WAL")
        self.assertEqual([n for n in os.listdir(self.dir) if "partial" in n], [])
        os.chmod(copy, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        with bs.Archive(copy, readonly=True) as replica:
            self.assertEqual(snapshot(replica), original)
        self.assertFalse(os.path.exists(copy + "-wal"), "reading the copy needs no WAL")
        os.chmod(copy, stat.S_IRUSR | stat.S_IWUSR)
        with bs.Archive(copy) as writable:
            report = writable.check()
        self.assertEqual(report.articles, original[0][0])

    def test_backup_takes_a_path_like_destination(self):
        copy = pathlib.Path(self.path("copy.db"))
        self.archive.backup(copy)
        with bs.Archive(copy, readonly=True) as replica:
            self.assertEqual(replica.stats().articles, self.archive.stats().articles)

    def test_backup_is_a_snapshot_that_later_writes_do_not_reach(self):
        copy = self.path("copy.db")
        self.archive.backup(copy)
        self.archive.add(headline="备份之后", body="备份之后写入的文章")
        with bs.Archive(copy, readonly=True) as replica:
            self.assertEqual(replica.search("备份之后").total, 0)
            self.assertEqual(replica.stats().articles, self.archive.stats().articles - 1)

    def test_backup_replaces_an_existing_destination(self):
        copy = self.write("copy.db", "an older file, not an archive\n" * 100)
        self.archive.backup(copy)
        with bs.Archive(copy, readonly=True) as replica:
            self.assertEqual(replica.search("暖心驛站").total, 1)

    def test_a_readonly_archive_can_be_backed_up(self):
        self.archive.close()
        copy = self.path("copy.db")
        with bs.Archive(self.db, readonly=True) as r:
            r.backup(copy)
            original = snapshot(r)
        with bs.Archive(copy, readonly=True) as replica:
            self.assertEqual(snapshot(replica), original)

    def test_backup_onto_the_archive_itself_is_refused_and_leaves_it_intact(self):
        before = snapshot(self.archive)
        for dest in (self.db, os.path.join(self.dir, ".", "a.db"), pathlib.Path(self.db)):
            with self.subTest(dest=dest):
                with self.assertRaises(bs.InvalidArgumentError) as cm:
                    self.archive.backup(dest)
                self.assertIsInstance(cm.exception, ValueError)
                self.assertIn("archive itself", str(cm.exception))
                self.assertEqual(cm.exception.path, str(dest))
        self.assertEqual(snapshot(self.archive), before)
        self.assertEqual(self.archive.check().articles, before[0][0])

    def test_backup_into_a_missing_folder_raises_file_error_naming_the_path(self):
        dest = self.path("no", "such", "folder", "copy.db")
        with self.assertRaises(bs.FileError) as cm:
            self.archive.backup(dest)
        e = cm.exception
        self.assertIsInstance(e, OSError)
        self.assertEqual(e.path, dest)
        self.assertIn(dest, str(e))
        self.assertEqual(e.message, str(e))
        self.assertFalse(os.path.exists(self.path("no")))

    def test_backup_refuses_empty_and_malformed_destinations(self):
        with self.assertRaises(bs.InvalidArgumentError):
            self.archive.backup("")
        with self.assertRaises(ValueError):
            self.archive.backup(self.path("a\0b.db"))
        with self.assertRaises(TypeError):
            self.archive.backup(42)
        with self.assertRaises(TypeError):
            self.archive.backup()
        self.assertEqual([n for n in os.listdir(self.dir) if not n.startswith("a.db")], [])

    def test_backup_of_a_closed_archive_raises_archive_error(self):
        self.archive.close()
        with self.assertRaisesRegex(bs.ArchiveError, "closed"):
            self.archive.backup(self.path("copy.db"))
        self.assertFalse(os.path.exists(self.path("copy.db")))


class Check(support.TempDirTest):
    def setUp(self):
        super().setUp()
        self.db = self.path("a.db")
        with bs.Archive(self.db) as a:
            a.index(support.CORPUS)
            self.articles = a.stats().articles
        self.assertGreater(self.articles, 0)

    def sql(self, *statements):
        """Run SQL on the archive with Python's sqlite3 (no bulletin
        tokenizer: only FTS5's shadow tables can be touched)."""
        con = sqlite3.connect(self.db, isolation_level=None)
        try:
            for s in statements:
                con.execute(s)
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()

    def assert_damaged(self, *needles):
        with bs.Archive(self.db) as a:
            with self.assertRaises(bs.ArchiveError) as cm:
                a.check()
        e = cm.exception
        self.assertIs(type(e), bs.ArchiveError)
        self.assertEqual(e.path, self.db)
        self.assertEqual(e.message, str(e))
        for needle in needles:
            self.assertIn(needle, str(e))
        return e

    def test_check_on_a_fresh_archive_reports_every_article_indexed(self):
        with bs.Archive(self.db) as a:
            report = a.check()
        self.assertIsInstance(report, bs.CheckReport)
        self.assertEqual(report.articles, self.articles)
        self.assertEqual(report.indexed, report.articles)
        self.assertIs(report.database_ok, True)
        self.assertIs(report.index_ok, True)
        self.assertEqual(tuple(report), (self.articles, self.articles, True, True))

    def test_check_on_an_empty_archive_reports_no_articles(self):
        with bs.Archive(self.path("empty.db")) as a:
            self.assertEqual(tuple(a.check()), (0, 0, True, True))

    def test_check_sees_articles_added_and_deleted(self):
        with bs.Archive(self.db) as a:
            aid = a.add(body="检查之前新增的文章")
            self.assertEqual(a.check().indexed, self.articles + 1)
            a.delete(aid)
            self.assertEqual(a.check().indexed, self.articles)

    def test_check_on_a_readonly_archive_raises_read_only_error(self):
        with bs.Archive(self.db, readonly=True) as r:
            with self.assertRaises(bs.ReadOnlyError) as cm:
                r.check()
            self.assertEqual(cm.exception.path, self.db)
            self.assertIn("opened for writing", str(cm.exception))
            self.assertEqual(r.search("暖心驛站").total, 1)  # the handle still works

    def test_check_of_a_closed_archive_raises_archive_error(self):
        a = bs.Archive(self.db)
        a.close()
        with self.assertRaisesRegex(bs.ArchiveError, "closed"):
            a.check()

    def test_check_on_an_index_missing_an_article_raises_archive_error(self):
        self.sql("DELETE FROM articles_fts_docsize WHERE id = (SELECT min(id) FROM articles)")
        self.assert_damaged("search index", "does not match its %d articles" % self.articles,
                            "articles themselves are intact", "rebuild")

    def test_check_on_garbled_index_pages_raises_archive_error(self):
        self.sql("UPDATE articles_fts_data SET block = zeroblob(length(block)) WHERE id > 10")
        self.assert_damaged("search index", "articles themselves are intact")

    def test_check_on_a_damaged_database_file_raises_archive_error(self):
        con = sqlite3.connect(self.db)
        (page,) = con.execute("SELECT rootpage FROM sqlite_master "
                              "WHERE name = 'articles_by_source'").fetchone()
        (size,) = con.execute("PRAGMA page_size").fetchone()
        con.close()
        self.assertFalse(os.path.exists(self.db + "-wal") and os.path.getsize(self.db + "-wal"))
        with open(self.db, "r+b") as f:
            f.seek((page - 1) * size)
            f.write(b"\xff" * size)
        e = self.assert_damaged("is damaged", "integrity check", "database file", "backup")
        self.assertNotIn("search index", str(e))


class Optimize(support.TempDirTest):
    def setUp(self):
        super().setUp()
        self.db = self.path("a.db")
        # One transaction per file: one index segment each.
        with bs.Archive(self.db) as a:
            for name in sorted(os.listdir(support.CORPUS)):
                a.index(os.path.join(support.CORPUS, name))

    def segments(self):
        con = sqlite3.connect(self.db)
        try:
            (n,) = con.execute("SELECT count(DISTINCT segid) FROM articles_fts_idx").fetchone()
        finally:
            con.close()
        return n

    def test_optimize_merges_the_index_into_one_segment_finding_the_same_hits(self):
        self.assertGreater(self.segments(), 1)
        with bs.Archive(self.db) as a:
            before = snapshot(a)
            self.assertGreater(before[1]["工会"][0], 0)
            self.assertIsNone(a.optimize())
            self.assertEqual(snapshot(a), before)
            self.assertEqual(a.check().index_ok, True)
        self.assertEqual(self.segments(), 1)

    def test_optimize_on_a_read_only_archive_raises(self):
        with bs.Archive(self.db, readonly=True) as a:
            with self.assertRaises(bs.ReadOnlyError) as cm:
                a.optimize()
        self.assertIn(self.db, str(cm.exception))
        self.assertGreater(self.segments(), 1, "and the index is left as it was")

    def test_optimize_on_a_closed_archive_raises(self):
        a = bs.Archive(self.db)
        a.close()
        with self.assertRaises(bs.ArchiveError):
            a.optimize()


if __name__ == "__main__":
    support.main()
