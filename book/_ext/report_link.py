"""Sphinx extension: a Korean "이 쪽에 대해 알리기" link on every page, opening a new GitHub issue.

The link goes to the repository's issue form .github/ISSUE_TEMPLATE/report-page.yml with its
fields prefilled through the form's query parameters: `page` (the page's published address),
`version` (the commit the site was built from) and `title`. The repository's address comes from
the one place it is written, `repository.url` in _config.yml (scripts/book_config.py).

The link is written at the end of every page's article, so it works without JavaScript; the script
book/_static/report-link.js moves it into the page's top bar (on screens 768 px wide and wider) and, when it is followed, adds the
section the reader is looking at (`section`, and the page address with that section's anchor).
"""
import html
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from book_config import REPO, pages_url, repository  # noqa: E402

TEMPLATE = "report-page.yml"
LABEL = "이 쪽에 대해 알리기"


def book_version() -> str:
    """The commit the site is built from (short hash, '+수정' when the work tree has changes)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "알 수 없음"
    return commit + ("+수정" if dirty else "")


def issue_url(page_url: str, title: str, version: str) -> str:
    slug, _ = repository()
    query = urlencode({"template": TEMPLATE, "title": f"[쪽] {title}", "page": page_url, "version": version})
    return f"https://github.com/{slug}/issues/new?{query}"


def add_link(app, pagename, templatename, context, doctree):
    if "body" not in context or doctree is None:
        return
    title = re.sub(r"<[^>]+>", "", html.unescape(context.get("title", ""))).strip() or pagename
    page_url = pages_url() + pagename + ".html"
    href = issue_url(page_url, title, app.config.report_link_version)
    context["body"] += (f'\n<p class="report-page"><a class="report-page-link" href="{html.escape(href)}" '
                        f'target="_blank" rel="noopener">{LABEL}</a></p>\n')


def set_version(app, config):
    config.report_link_version = book_version()


def setup(app):
    app.add_config_value("report_link_version", "", "html")
    app.connect("config-inited", set_version)
    app.connect("html-page-context", add_link)
    app.add_js_file("report-link.js", loading_method="defer")
    app.add_css_file("report-link.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
