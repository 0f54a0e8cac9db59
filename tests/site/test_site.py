"""The built site has a page for every chapter and every book page, in Korean."""
import re

from helpers import NOTEBOOKS, REPO


def test_one_page_per_notebook(site):
    missing = [p.name for p in NOTEBOOKS if not (site / "notebooks" / f"{p.stem}.html").exists()]
    assert not missing, f"no page built for: {missing}"


def test_book_pages_are_built(site):
    pages = [p.stem for p in (REPO / "book").glob("*.md")]
    missing = [name for name in pages if not (site / "book" / f"{name}.html").exists()]
    assert not missing, f"no page built for book/: {missing}"


def test_pages_are_korean(site):
    for page in [site / "book" / "intro.html", *(site / "notebooks").glob("*.html")]:
        head = page.read_text(encoding="utf-8")[:500]
        assert re.search(r'<html[^>]*\blang="ko"', head), f"{page.relative_to(site)}: <html> is not lang=\"ko\""


def test_site_ships_its_assets(site):
    for asset in ("_static/korean-font.css", "_static/fonts/NanumGothic.woff2", "_static/mathjax/tex-svg.js"):
        assert (site / asset).exists(), f"{asset} missing from the built site"
