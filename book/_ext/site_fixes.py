"""Sphinx extension with the site's four fixes, so pages load cleanly in a browser with no internet.

1. Chapters show the usual Colab badge image, whose Google-hosted URL works in Colab and on GitHub.
   On the site the badge comes from book/_static/colab-badge.svg, so nothing is fetched from
   another host.
2. sphinx-thebe's configuration script ends up twice in every page under Jupyter Book 1, and the
   second copy throws "Identifier 'THEBE_JS_URL' has already been declared". Duplicate scripts
   (same file or same inline body) are dropped from each page. This runs after every other
   handler and edits the page's script list in place: a handler that replaced the list early
   would hide scripts added later, as it once hid MathJax from every page.
3. Sphinx loads MathJax on a page whose toctree includes a page with math, so the home page
   pulled 2 MB of MathJax for nothing; MathJax stays only on pages with math of their own, and
   there it is not loaded with the page: site.js loads it (window.siteMathJaxSrc) once a formula
   comes near the screen, so a reader who opens a chapter does not wait for MathJax (260 kB gzipped).
   The pydata theme also loads the search index (90 kB) and its tools on every page, for a search
   as you type the site does not use (search_as_you_type is off): only the search page keeps them.
4. Browsers ask for /favicon.ico; book/_static/favicon.ico (drawn once with Pillow from
   NanumGothic Bold) is copied to the site's root.
5. GitHub Pages answers an unknown address with the site's 404.html, whatever folder the address
   names, so that page (written here, in Korean) links to the book's pages by their full address
   (book_config.pages_url(), from repository.url) and needs no file of its own.
"""
import html
import json
import re
import shutil
import sys
from pathlib import Path

from sphinx.builders.html._assets import _JavaScript as JavaScript

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from book_config import COLAB_BADGE, pages_url  # noqa: E402
LOCAL_BADGE = "/book/_static/colab-badge.svg"


def use_local_badge(app, docname, source):
    source[0] = source[0].replace(COLAB_BADGE, LOCAL_BADGE)


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    has_math = app.env.get_domain("math").data["has_equations"].get(pagename, False)
    seen, unique = set(), []
    for script in context.get("script_files", []):
        filename = getattr(script, "filename", script) or ""
        body = getattr(script, "attributes", {}).get("body", "")
        # the builder stores mathjax_path as "_static/<mathjax_path>", perhaps with "?v=..." after it
        is_mathjax = filename.split("?")[0].endswith(app.config.mathjax_path) or body.startswith("window.MathJax")
        if is_mathjax and not has_math:
            continue
        if is_mathjax and filename:
            src = context["pathto"](filename.split("?")[0], 1)
            script = JavaScript(None, body=f"window.siteMathJaxSrc = {json.dumps(src)};")
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


SEARCH_SCRIPTS = re.compile(r'[ \t]*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)"></script>\n')


def drop_search_scripts(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        if page.name != "search.html":
            text = page.read_text(encoding="utf-8")
            if SEARCH_SCRIPTS.search(text):
                page.write_text(SEARCH_SCRIPTS.sub("", text), encoding="utf-8")


def copy_favicon(app, exception):
    if exception is None and app.builder.format == "html":
        shutil.copy(Path(__file__).parent.parent / "_static" / "favicon.ico", Path(app.outdir) / "favicon.ico")


NOT_FOUND = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>페이지를 찾을 수 없습니다 - {title}</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif;
  max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.7; color: #222; word-break: keep-all; }}
a {{ color: #0a58ca; }}
</style>
</head>
<body>
<main>
<h1>페이지를 찾을 수 없습니다</h1>
<p>주소가 바뀌었거나 잘못 입력되었습니다. <a href="{root}">{title}의 처음</a>으로 가거나, 아래 목차에서 읽을
페이지를 고르세요.</p>
<ul>
{links}
</ul>
</main>
</body>
</html>
"""


def write_not_found_page(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    root = pages_url()
    flat = [app.config.root_doc, *app.env.toctree_includes.get(app.config.root_doc, [])]  # the toc's order
    links = "\n".join(
        f'<li><a href="{root}{"index" if doc == app.config.root_doc else doc}.html">'
        f"{html.escape(app.env.titles[doc].astext())}</a></li>"
        for doc in flat)
    title = html.escape(app.config.html_title or app.config.project)
    (Path(app.outdir) / "404.html").write_text(NOT_FOUND.format(title=title, root=root, links=links),
                                               encoding="utf-8")


def setup(app):
    app.connect("source-read", use_local_badge)
    app.connect("html-page-context", drop_duplicate_scripts, priority=999)
    app.connect("build-finished", copy_favicon)
    app.connect("build-finished", write_not_found_page)
    app.connect("build-finished", drop_search_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
