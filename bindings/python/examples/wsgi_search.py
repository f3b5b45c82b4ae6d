"""A minimal search page for a newsroom CMS, on the standard library's
wsgiref: a query box, paging, and hits with highlighted snippets.

    BULLETIN_DB=demo.db python3 wsgi_search.py [PORT]      # then open http://localhost:8000/

In a real deployment, import `make_app` and hand the app to the WSGI server
(gunicorn, mod_wsgi, uwsgi).  One Archive per process, opened in the worker
(after the server forks) and shared by its threads: the library serialises
calls on one archive and releases the GIL meanwhile.  A read-only archive
sees new articles as soon as the CMS's writer process commits them.

District, topic and date filters and facet counts need the library's
filters (issue #4); the form will pass them to search() once it takes them."""

import html
import os
import sys
import urllib.parse
from wsgiref.simple_server import make_server

import bulletin_search

PAGE_SIZE = 10

PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto}}
mark{{background:#ff6}} .meta{{color:#666;font-size:90%}} .error{{color:#b00}}</style></head>
<body><form method="get" action="">
<input name="q" value="{query}" size="40" autofocus> <button>搜索</button></form>
{body}</body></html>"""


def render_hits(results, query, offset):
    parts = ["<p>%d 篇文章</p><ol start=\"%d\">" % (results.total, offset + 1)]
    for hit in results:
        parts.append(
            "<li><h3>%s</h3><p class=\"meta\">%s · 第%d版 · %s</p><p>%s</p></li>" % (
                html.escape(hit.headline or "（无标题）"),
                hit.issue_date.isoformat() if hit.issue_date else "日期不详",
                hit.page, html.escape(hit.kind), hit.snippet_html))
    parts.append("</ol>")
    if offset + len(results) < results.total:
        more = urllib.parse.urlencode({"q": query, "offset": offset + PAGE_SIZE})
        parts.append("<p><a href=\"?%s\">下一页</a></p>" % more)
    return "".join(parts)


def make_app(archive):
    """A WSGI application searching `archive` (a bulletin_search.Archive)."""

    def app(environ, start_response):
        params = urllib.parse.parse_qs(environ.get("QUERY_STRING", ""))
        query = params.get("q", [""])[0].strip()
        try:
            offset = max(0, int(params.get("offset", ["0"])[0]))
        except ValueError:
            offset = 0
        status, body = "200 OK", ""
        if query:
            try:
                body = render_hits(archive.search(query, limit=PAGE_SIZE, offset=offset),
                                   query, offset)
            except bulletin_search.QueryError as e:
                status = "400 Bad Request"
                body = "<p class=\"error\">%s</p>" % html.escape(str(e))
        page = PAGE.format(title=html.escape(query or "搜索"), query=html.escape(query),
                           body=body).encode("utf-8")
        start_response(status, [("Content-Type", "text/html; charset=utf-8"),
                                ("Content-Length", str(len(page)))])
        return [page]

    return app


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    archive = bulletin_search.Archive(os.environ.get("BULLETIN_DB", "bulletins.db"),
                                      readonly=True)
    with make_server("", port, make_app(archive)) as server:
        print("serving on http://localhost:%d/" % port)
        server.serve_forever()


if __name__ == "__main__":
    main()
