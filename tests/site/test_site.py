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


def test_glossary_shows_every_term_as_a_term(site):
    """Each entry of book/glossary.yml is a <dt> term with its definition in the next <dd>, not a
    run-on paragraph with literal ': ' (MyST needs its deflist extension for that)."""
    import yaml
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "book" / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main")
    terms = {" ".join(dt.get_text(" ", strip=True).split()): dt for dt in main.find_all("dt")}
    entries = yaml.safe_load((REPO / "book" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    missing, empty = [], []
    for entry in entries:
        dt = terms.get(f"{entry['ko']} ({entry['en']})")
        if dt is None:
            missing.append(entry["ko"])
        else:
            dds = []
            for sibling in dt.find_next_siblings():
                if sibling.name != "dd":
                    break
                dds.append(sibling.get_text(" ", strip=True))
            if len(dds) != 2 or not dds[0] or not dds[1].startswith("처음 나오는 장"):
                empty.append((entry["ko"], dds))
    assert not missing, f"{len(missing)} of {len(entries)} glossary terms are not shown as terms, e.g. {missing[:5]}"
    assert not empty, f"glossary terms without a definition: {empty[:5]}"
    stray = [p.get_text()[:60] for p in main.find_all("p") if p.get_text().lstrip().startswith(":")]
    assert not stray, f"glossary paragraphs start with a literal ':': {stray[:3]}"

