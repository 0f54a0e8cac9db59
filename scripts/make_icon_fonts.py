"""Cut the theme's Font Awesome web fonts down to the icons the built site uses.

pydata-sphinx-theme draws its icons (☰, search, GitHub, download, admonitions, ...) with Font
Awesome's web fonts: 275 kB gzip on a first visit, for about twenty glyphs. This script reads the
built site (_build/html: run `make book` first), collects every icon it can draw (the `fa-NAME`
classes in its pages and scripts, the theme's `--pst-icon-*` variables and any other stylesheet
rule whose content is a Font Awesome code point), and writes subsets of the theme's own fonts to
book/_static/vendor/fontawesome/webfonts/, which Sphinx copies over the theme's files.
tests/site/test_site.py checks that every icon the site uses is in the shipped fonts. Rerun after a
theme upgrade or a new icon. Needs fonttools and brotli.

    python scripts/make_icon_fonts.py
"""
import re
from pathlib import Path

import pydata_sphinx_theme
from fontTools import subset
from fontTools.ttLib import TTFont

from book_config import REPO, SITE_DIR

THEME_FONTS = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome" / "webfonts"
TARGET = REPO / "book" / "_static" / "vendor" / "fontawesome" / "webfonts"
FONTS = ("fa-solid-900.woff2", "fa-regular-400.woff2", "fa-brands-400.woff2")
PRIVATE_USE = re.compile(r"\\([ef][0-9a-f]{3})\b|([\ue000-\uf8ff])")  # "\\f0f3" or the character itself
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
ICON_CLASS = re.compile(r"\bfa-([a-z0-9-]+)")


def used_codepoints(site: Path = SITE_DIR) -> dict[int, str]:
    """Every Font Awesome code point the built site can draw, with where it comes from."""
    css = "\n".join(p.read_text(encoding="utf-8") for p in (site / "_static").rglob("*.css"))
    names = set()
    for path in [*site.rglob("*.html"), *(site / "_static").rglob("*.js")]:
        names.update(ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    used = {}
    for selectors, body in RULE.findall(css):
        points = PRIVATE_USE.findall(body)
        if not points:
            continue
        icons = re.findall(r"\.fa-([a-z0-9-]+):{1,2}(?:before|after)", selectors)
        if icons and len(icons) == len(selectors.split(",")):
            if not names.intersection(icons):
                continue  # an icon class no page uses
            where = "fa-" + sorted(names.intersection(icons))[0]
        else:
            where = selectors.strip()[:60]
        for escaped, char in points:
            used.setdefault(int(escaped, 16) if escaped else ord(char), where)
    return used


def main():
    used = used_codepoints()
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in FONTS:
        font = TTFont(THEME_FONTS / name)
        keep = sorted(set(font.getBestCmap()) & set(used))
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=keep)
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(TARGET / name)
        print(f"{name}: {len(keep)} icons, {(TARGET / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
