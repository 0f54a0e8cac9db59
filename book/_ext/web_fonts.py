"""Sphinx extension: cut the site's Korean web font down to the characters the built site uses.

Readers' machines may have no Korean font, so the site ships its own: NanumGothic (SIL OFL 1.1; see
book/_static/fonts/OFL.txt), regular and bold, from the TrueType files koreanize-matplotlib
installs. The whole Hangul block (11,172 syllables) would cost a first visit several hundred kB
over a slow connection, yet the book uses fewer than a thousand syllables. So when the build has
written every page, this writes _static/fonts/NanumGothic.woff2 and NanumGothicBold.woff2 holding:

- every character that occurs in any text file of the built site (pages, scripts, the notebooks
  offered for download) or in a chapter's quiz (book/quizzes/*.yml: the page holds the quiz
  encoded, the browser decodes it);
- printable ASCII, whole, for what a reader types into the search box.

A character the fonts lack (Hangul a reader types and the site never prints) is drawn, character by
character, with the next font of the page's font list (korean-font.css): the reader's own.
tests/site/test_site.py checks that every character a page shows is in both cuts. Needs fonttools
and brotli (requirements-dev.txt).
"""
import logging
from importlib.util import find_spec
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = Path(find_spec("koreanize_matplotlib").origin).parent / "fonts"  # found, not imported
FONTS = ("NanumGothic", "NanumGothicBold")
QUIZZES = Path(__file__).resolve().parents[1] / "quizzes"
TEXT_FILES = (".html", ".js", ".css", ".txt", ".ipynb", ".md")
ASCII = range(0x20, 0x7F)
VTT_SOURCES = ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]  # hinting sources NanumGothic carries


def characters_used(outdir: Path) -> set[int]:
    """Code points of every character in the built site's text files and in the quizzes."""
    files = [p for p in outdir.rglob("*") if p.suffix in TEXT_FILES and p.is_file()]
    files += sorted(QUIZZES.glob("*.yml"))
    found = set()
    for path in files:
        found |= set(path.read_text(encoding="utf-8", errors="ignore"))
    return {ord(ch) for ch in found}


def write_fonts(outdir: Path) -> None:
    wanted = characters_used(outdir) | set(ASCII)
    target = outdir / "_static" / "fonts"
    target.mkdir(parents=True, exist_ok=True)
    for name in FONTS:
        font = TTFont(SOURCE / f"{name}.ttf")
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.hinting = False  # browsers draw Hangul well unhinted
        options.drop_tables += VTT_SOURCES
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(wanted & set(font.getBestCmap())))
        subsetter.subset(font)
        font.flavor = "woff2"
        font.save(target / f"{name}.woff2")


def cut_fonts(app, exception):
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # not a line per table it drops
    if exception is None and app.builder.format == "html":
        write_fonts(Path(app.outdir))


def setup(app):
    app.connect("build-finished", cut_fonts, priority=900)  # after the handlers that write pages
    return {"parallel_read_safe": True, "parallel_write_safe": True}
