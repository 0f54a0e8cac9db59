"""Fixtures for the tests of the built site (_build/html): `make test` builds it first."""
import functools
import http.server
import threading

import pytest

from book_config import SITE_DIR as SITE


@pytest.fixture(scope="session")
def site():
    assert (SITE / "index.html").exists(), "no built site in _build/html: run `make site` first"
    return SITE


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on 127.0.0.1 (a free port) for the browser test; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
