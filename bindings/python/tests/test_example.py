"""The WSGI example serves a search page: its app, called as a WSGI
server calls it, on a real archive."""

import os
import sys
import wsgiref.util

import bulletin_search as bs
import support

sys.path.insert(0, os.path.join(support.HERE, "..", "examples"))
import wsgi_search  # noqa: E402


class WsgiExample(support.TempDirTest):
    def get(self, query_string):
        environ = {"QUERY_STRING": query_string}
        wsgiref.util.setup_testing_defaults(environ)
        seen = {}

        def start_response(status, headers):
            seen["status"], seen["headers"] = status, dict(headers)

        body = b"".join(self.app(environ, start_response)).decode("utf-8")
        return seen["status"], body

    def setUp(self):
        super().setUp()
        with bs.Archive(self.path("a.db")) as a:
            a.index(support.CORPUS)
        self.archive = bs.Archive(self.path("a.db"), readonly=True)
        self.addCleanup(self.archive.close)
        self.app = wsgi_search.make_app(self.archive)

    def test_a_query_shows_hits_with_highlighted_snippets(self):
        status, body = self.get("q=%E6%9A%96%E5%BF%83%E9%A9%9B%E7%AB%99")  # 暖心驛站
        self.assertEqual(status, "200 OK")
        self.assertIn("1 篇文章", body)
        self.assertIn("<mark>暖心驿站</mark>", body)
        self.assertIn("2017-12-12", body)

    def test_a_bad_query_is_a_400_with_the_message(self):
        status, body = self.get("q=%22abc")
        self.assertEqual(status, "400 Bad Request")
        self.assertIn("never closed", body)

    def test_the_empty_form(self):
        status, body = self.get("")
        self.assertEqual(status, "200 OK")
        self.assertIn("<form", body)


if __name__ == "__main__":
    support.main()
