"""Fixtures for the tests of the built site (_build/html): `make test` builds it first."""
import functools
import gzip
import http.server
import io
import threading

import pytest

from book_config import SITE_DIR as SITE
from search_index import load_index

# GitHub Pages, where the site is published, compresses text files and lets a browser keep every
# file for 10 minutes; the test server does the same, so weights and timings are what a reader gets.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".txt", ".map", ".ipynb")
CACHE_CONTROL = "max-age=600"


@pytest.fixture(scope="session")
def site():
    assert (SITE / "index.html").exists(), "no built site in _build/html: run `make book` first"
    return SITE


@pytest.fixture(scope="session")
def index(site):
    """The site's search index (searchindex.js) as the browser reads it."""
    return load_index(site)


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on 127.0.0.1 (a free port) for the browser test; yields the base URL."""
    handler = functools.partial(_PagesLikeHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


class _PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Quiet; gzip for text files when the browser accepts it; Cache-Control as GitHub Pages sends."""

    def end_headers(self):
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if not (path.endswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        try:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), 6)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass
