"""Shared by the bulletin_search tests: a TAP runner for unittest (one
line per test in automake's report) and the fixtures the tests use.

Each test file ends with ``support.main()``; it also runs under pytest
(``/usr/bin/python3 -m pytest bindings/python/tests``) with PYTHONPATH
pointing at the built module."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SRCDIR = os.environ.get("srcdir") or os.path.normpath(os.path.join(HERE, "..", "..", ".."))
CORPUS = os.path.join(SRCDIR, "corpus")
# The page files a folder walk of the corpus indexes (.txt and .xml).
CORPUS_FILES = sum(1 for name in os.listdir(CORPUS)
                   if name.lower().endswith((".txt", ".xml")))
CLI = os.environ.get("BULLETIN_SEARCH")


class TempDirTest(unittest.TestCase):
    """A fresh folder per test, removed afterwards."""

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="bulletin-py-")
        self.addCleanup(shutil.rmtree, self.dir, True)

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def write(self, name, content, encoding="utf-8"):
        p = self.path(name)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(content if isinstance(content, bytes) else content.encode(encoding))
        return p


def cli_json(db, *args):
    """Run the real bulletin-search CLI and decode its --json output."""
    out = subprocess.run([CLI, "--db", db, *args], check=True, capture_output=True)
    return json.loads(out.stdout)


class TapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.n = 0
        self._failed_by_subtest = set()

    def _line(self, ok, test, directive=""):
        self.n += 1
        name = "%s.%s" % (type(test).__name__, getattr(test, "_testMethodName", str(test)))
        print("%s %d - %s%s" % ("ok" if ok else "not ok", self.n, name, directive), flush=True)

    def _diag(self, err):
        for line in "".join(traceback.format_exception(*err)).splitlines():
            print("# " + line)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(False, test)
        self._diag(err)

    def addError(self, test, err):
        super().addError(test, err)
        self._line(False, test)
        self._diag(err)

    def addSubTest(self, test, subtest, err):
        # A failed subtest fails its test, which then gets no addSuccess:
        # report the test (once) as not ok, with each failure's details.
        super().addSubTest(test, subtest, err)
        if err is None:
            return
        if test.id() not in self._failed_by_subtest:
            self._failed_by_subtest.add(test.id())
            self._line(False, test)
        print("# in " + subtest._subDescription())
        self._diag(err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, " # SKIP " + reason)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(True, test, " # TODO expected failure")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(False, test, " # unexpected success")


def main():
    """Run the calling module's tests, printing TAP."""
    suite = unittest.defaultTestLoader.loadTestsFromModule(sys.modules["__main__"])
    print("1..%d" % suite.countTestCases(), flush=True)
    result = TapResult()
    suite.run(result)
    sys.exit(0 if result.wasSuccessful() else 1)
