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
   pulled 2 MB of MathJax for nothing; MathJax stays only on pages with math of their own.
4. Browsers ask for /favicon.ico; book/_static/favicon.ico (drawn once with Pillow from
   NanumGothic Bold) is copied to the site's root.
"""
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from book_config import COLAB_BADGE  # noqa: E402
LOCAL_BADGE = "/book/_static/colab-badge.svg"


def use_local_badge(app, docname, source):
    source[0] = source[0].replace(COLAB_BADGE, LOCAL_BADGE)


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    has_math = app.env.get_domain("math").data["has_equations"].get(pagename, False)
    seen, unique = set(), []
    for script in context.get("script_files", []):
        filename = getattr(script, "filename", script) or ""
        body = getattr(script, "attributes", {}).get("body", "")
        if not has_math and (filename == app.config.mathjax_path or body.startswith("window.MathJax")):
            continue
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"][:] = unique


def copy_favicon(app, exception):
    if exception is None and app.builder.format == "html":
        shutil.copy(Path(__file__).parent.parent / "_static" / "favicon.ico", Path(app.outdir) / "favicon.ico")


def setup(app):
    app.connect("source-read", use_local_badge)
    app.connect("html-page-context", drop_duplicate_scripts, priority=999)
    app.connect("build-finished", copy_favicon)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
