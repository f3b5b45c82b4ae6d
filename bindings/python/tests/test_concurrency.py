"""One Archive shared by threads, archives shared by processes, and the
GIL released while the library works.

Nothing here depends on timing: threads are joined and their outcomes
checked; where a test must know that a thread is inside a library call,
it reads the thread's current system call from /proc."""

import os
import platform
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import bulletin_search as bs
import support

# x86-64 system call numbers of nanosleep and clock_nanosleep: where
# SQLite's busy handler waits for a lock (a thread waiting for the GIL
# waits in futex instead).
SLEEP_SYSCALLS = {"35", "230"}


def syscall_of(native_id):
    with open("/proc/self/task/%d/syscall" % native_id) as f:
        return f.read().split()[0]


class Blocker:
    """Holds the archive's write lock from a plain SQLite connection, so
    that a write through bulletin_search waits inside the library."""

    def __init__(self, db):
        self.con = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
        self.con.execute("BEGIN EXCLUSIVE")

    def release(self):
        self.con.execute("COMMIT")
        self.con.close()


class SharedArchive(support.TempDirTest):
    def setUp(self):
        super().setUp()
        self.db = self.path("a.db")
        self.archive = bs.Archive(self.db)
        self.addCleanup(self.archive.close)
        self.archive.index(support.CORPUS)

    def test_threads_search_while_another_thread_indexes(self):
        files = [self.write("new/2018-01-%02d-p1.txt" % d,
                            "赛艇简讯第%d期\n\n　　赛艇队员刻苦训练，第%d位赛艇队员的故事。\n" % (d, d))
                 for d in range(1, 29)]
        done = threading.Event()
        failures, seen = [], {}

        def index_all():
            try:
                for f in files:
                    st = self.archive.index(f)
                    if st.files != 1:
                        failures.append(("index", f, st))
            except Exception as e:  # reported below, not lost in the thread
                failures.append(("index", e))
            finally:
                done.set()

        def search(n):
            totals = []
            try:
                while not done.is_set() or len(totals) < 3:
                    r = self.archive.search("赛艇", limit=50)
                    if len(r) != min(r.total, 50) or any(h.headline[:2] != "赛艇" for h in r):
                        failures.append(("hits", n, r))
                    totals.append(r.total)
                    self.archive.search("暖心驛站")
            except Exception as e:
                failures.append(("search", n, e))
            seen[n] = totals

        threads = [threading.Thread(target=search, args=(n,)) for n in range(4)]
        threads.append(threading.Thread(target=index_all))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])
        for totals in seen.values():
            self.assertEqual(totals, sorted(totals), "a search saw an article disappear")
            self.assertLessEqual(totals[-1], len(files))
        self.assertEqual(self.archive.search("赛艇").total, len(files))

    def wait_in_library(self, thread):
        """True once `thread` waits inside a library call (so the GIL is
        free: this thread runs); False if it finished first."""
        while thread.is_alive():
            try:
                if syscall_of(thread.native_id) in SLEEP_SYSCALLS:
                    return True
            except (OSError, ValueError) as e:
                self.skipTest("cannot read a thread's system call: %s" % e)
            time.sleep(0.001)
        return False

    def start_blocked(self, call, outcome):
        """Run `call` on a thread while another connection holds the write
        lock, so that a write inside it waits in the library."""
        if platform.machine() != "x86_64" or not os.path.exists("/proc/self/task"):
            self.skipTest("reads x86-64 system call numbers from /proc")
        blocker = Blocker(self.db)
        self.addCleanup(lambda: blocker.con.close())

        def run():
            try:
                outcome.append(call())
            except Exception as e:
                outcome.append(e)

        t = threading.Thread(target=run)
        t.start()
        return blocker, t

    def start_blocked_add(self, outcome):
        return self.start_blocked(lambda: self.archive.add(body="锁等待测试"), outcome)

    def test_the_gil_is_released_while_the_library_waits(self):
        outcome = []
        blocker, t = self.start_blocked_add(outcome)
        # If add() held the GIL while it waits for the lock, this thread
        # could not run until add() gave up with BusyError.
        waiting = self.wait_in_library(t)
        blocker.release()
        t.join()
        self.assertTrue(waiting, "add() finished (%r) before this thread could run" % outcome)
        self.assertIsInstance(outcome[0], int)

    def test_check_releases_the_gil_while_it_waits_for_the_write_lock(self):
        # FTS5's integrity check is a write statement: check() waits for
        # the lock the blocker holds.
        outcome = []
        blocker, t = self.start_blocked(self.archive.check, outcome)
        waiting = self.wait_in_library(t)
        blocker.release()
        t.join()
        self.assertTrue(waiting, "check() finished (%r) before this thread could run" % outcome)
        self.assertIsInstance(outcome[0], bs.CheckReport)
        self.assertEqual(outcome[0].indexed, self.archive.stats().articles)

    def test_close_during_a_call_lets_the_call_finish(self):
        outcome = []
        blocker, t = self.start_blocked_add(outcome)
        self.assertTrue(self.wait_in_library(t))
        self.archive.close()
        self.assertTrue(self.archive.closed)
        with self.assertRaises(bs.ArchiveError):
            self.archive.search("工会")
        blocker.release()
        t.join()
        self.assertIsInstance(outcome[0], int)
        with bs.Archive(self.db, readonly=True) as again:
            self.assertEqual(again.search("锁等待测试").total, 1)


class Processes(support.TempDirTest):
    def run_python(self, code, *args):
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                              capture_output=True, text=True)

    def test_a_reader_sees_what_a_writer_process_commits(self):
        db = self.path("a.db")
        bs.Archive(db).close()
        with bs.Archive(db, readonly=True) as reader:
            self.assertEqual(reader.search("跨进程").total, 0)
            p = self.run_python("""
                import sys, bulletin_search as bs
                with bs.Archive(sys.argv[1]) as w:
                    w.add(headline="跨进程写入", body="另一个进程写入的文章")
                """, db)
            self.assertEqual(p.returncode, 0, p.stderr)
            hits = reader.search("跨进程")
            self.assertEqual(hits.total, 1)
            self.assertEqual(hits[0].headline, "跨进程写入")

    def test_an_archive_refuses_to_work_after_fork(self):
        db = self.path("a.db")
        p = self.run_python("""
            import os, sys, bulletin_search as bs
            a = bs.Archive(sys.argv[1])
            pid = os.fork()
            if pid == 0:
                try:
                    a.search("工会")
                    os._exit(1)
                except bs.ArchiveError:
                    with bs.Archive(sys.argv[1]) as own:
                        own.search("工会")
                    os._exit(0)
            _, status = os.waitpid(pid, 0)
            a.search("工会")  # the parent's handle still works
            sys.exit(os.waitstatus_to_exitcode(status))
            """, db)
        self.assertEqual(p.returncode, 0, p.stderr)


if __name__ == "__main__":
    support.main()
