"""The type stubs describe the module as built, and every public name has
a docstring, so editors, IDEs and help() show the whole API."""

import ast
import inspect
import os
import pydoc

import bulletin_search as bs
import support

STUBS = os.path.join(support.HERE, "..", "bulletin_search-stubs", "__init__.pyi")
STUB_ONLY = {"StrPath", "DateLike", "Kind"}  # type aliases, not runtime names


def public(names):
    return {n for n in names if not n.startswith("_") or n in ("__version__",)}


def stub_tree():
    with open(STUBS, encoding="utf-8") as f:
        return ast.parse(f.read())


class Stubs(support.TempDirTest):
    def test_stubs_name_exactly_the_modules_public_names(self):
        tree = stub_tree()
        names = set()
        for node in tree.body:
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                names.add(node.name)
            elif isinstance(node, ast.AnnAssign):
                names.add(node.target.id)
            elif isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets)
        runtime = public(n for n in dir(bs) if not inspect.ismodule(getattr(bs, n)))
        runtime -= {"__version__"}
        self.assertEqual(names - STUB_ONLY - {"__version__"}, runtime)

    def test_stub_classes_have_the_runtime_attributes(self):
        for node in stub_tree().body:
            if not isinstance(node, ast.ClassDef) or not hasattr(bs, node.name):
                continue
            cls = getattr(bs, node.name)
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and not item.name.startswith("__"):
                    self.assertTrue(hasattr(cls, item.name), "%s.%s" % (node.name, item.name))
                if isinstance(item, ast.AnnAssign):
                    self.assertTrue(hasattr(cls, item.target.id), node.name)

    def test_every_public_name_has_a_docstring(self):
        for name in public(dir(bs)) - {"__version__"}:
            obj = getattr(bs, name)
            self.assertTrue(inspect.getdoc(obj), name)
            if inspect.isclass(obj):
                for attr, value in vars(obj).items():
                    if not attr.startswith("_") and not isinstance(value, (int, type(None))):
                        self.assertTrue(inspect.getdoc(value), "%s.%s" % (name, attr))

    def test_signatures_are_introspectable(self):
        sig = inspect.signature(bs.Archive.search)
        self.assertEqual(list(sig.parameters)[:4], ["self", "query", "limit", "offset"])
        self.assertIn("mode", inspect.signature(bs.tokenize).parameters)
        self.assertIn("issue_date", inspect.signature(bs.Archive.index).parameters)

    def test_help_reads_well(self):
        text = pydoc.render_doc(bs, renderer=pydoc.plaintext)
        for needle in ["Archive(path", "search(self, /, query, limit=20, offset=0",
                       "QueryError", "position", "GIL", "snippet_html"]:
            self.assertIn(needle, text, "help(bulletin_search) lacks it")


if __name__ == "__main__":
    support.main()
