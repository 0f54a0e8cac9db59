"""Sphinx extension with the site's two fixes, so pages load cleanly in a browser with no internet.

1. Chapters show the usual Colab badge image, whose Google-hosted URL works in Colab and on GitHub.
   On the site the badge comes from book/_static/colab-badge.svg, so nothing is fetched from
   another host.
2. sphinx-thebe's configuration script ends up twice in every page under Jupyter Book 1, and the
   second copy throws "Identifier 'THEBE_JS_URL' has already been declared". Duplicate scripts
   (same file or same inline body) are dropped from each page.
"""
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
LOCAL_BADGE = "/book/_static/colab-badge.svg"


def use_local_badge(app, docname, source):
    source[0] = source[0].replace(COLAB_BADGE, LOCAL_BADGE)


def drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    seen, unique = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", script) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def setup(app):
    app.connect("source-read", use_local_badge)
    app.connect("html-page-context", drop_duplicate_scripts, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
