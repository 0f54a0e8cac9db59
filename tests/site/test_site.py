"""The built site has a page for every chapter and every book page, in Korean."""
import re

from book_config import GLOSSARY, REPO
from helpers import NOTEBOOKS


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
    for asset in ("_static/korean-font.css", "_static/fonts/NanumGothic.woff2", "_static/mathjax/tex-chtml.js"):
        assert (site / asset).exists(), f"{asset} missing from the built site"


def test_glossary_shows_every_term_as_a_term(site):
    """Each entry of book/glossary.yml is a <dt> term with its definition in the next <dd>, not a
    run-on paragraph with literal ': ' (MyST needs its deflist extension for that)."""
    import yaml
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / "book" / "glossary.html").read_text(encoding="utf-8"), "html.parser")
    main = soup.find("main")
    terms = {" ".join(dt.get_text(" ", strip=True).split()): dt for dt in main.find_all("dt")}
    entries = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]
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


def test_not_found_page_is_korean(site):
    """GitHub Pages shows 404.html for any unknown address: Korean, with a link to every page of the book."""
    from book_config import pages_url

    page = (site / "404.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]*\blang="ko"', page) and "페이지를 찾을 수 없습니다" in page
    links = set(re.findall(r'href="([^"]+)"', page))
    wanted = {f"{pages_url()}notebooks/{p.stem}.html" for p in NOTEBOOKS}
    wanted |= {f"{pages_url()}book/{p.stem}.html" for p in (REPO / "book").glob("*.md") if p.stem != "intro"}
    assert wanted <= links, f"404.html lacks links to {sorted(wanted - links)}"
    assert not re.search(r"Not Found|Page not found", page, re.I)


def test_interface_links_and_badge_are_korean(site):
    """No page links the theme's English issue form ("Issue on page … Your issue content here."); the
    report link (이 쪽에 대해 알리기) opens the Korean form; the Colab badge reads "Colab에서 열기"."""
    for page in [site / "book" / "intro.html", *(site / "notebooks").glob("*.html")]:
        html = page.read_text(encoding="utf-8")
        assert "Issue%20on%20page" not in html and "Your%20issue" not in html, f"{page.name}: English issue link"
        assert "issues/new?template=report-page.yml" in html, f"{page.name}: no link to the Korean report form"
    assert (REPO / ".github" / "ISSUE_TEMPLATE" / "report-page.yml").exists()
    badge = (site / "_images" / "colab-badge.svg").read_text(encoding="utf-8")
    assert "Open in" not in badge and 'aria-label="Colab에서 열기"' in badge
    assert "'ko':" in (site / "_static" / "copybutton.js").read_text(encoding="utf-8")


def test_icon_fonts_have_every_icon_the_site_uses(site):
    """The site ships Font Awesome cut down to its icons (scripts/make_icon_fonts.py); none may be missing."""
    from fontTools.ttLib import TTFont
    from make_icon_fonts import FONTS, used_codepoints

    webfonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    shipped = set()
    for name in FONTS:
        assert (webfonts / name).stat().st_size < 20_000, f"{name} is the theme's full font, not the cut one"
        shipped |= set(TTFont(webfonts / name).getBestCmap())
    missing = {hex(point): where for point, where in used_codepoints(site).items() if point not in shipped}
    assert not missing, f"icons missing from the shipped fonts (run scripts/make_icon_fonts.py): {missing}"


def test_web_font_has_every_character_a_page_shows(site):
    """The build cuts NanumGothic to the site's own characters (book/_ext/web_fonts.py): each
    character of a page's text or of a quiz (decoded in the browser) that NanumGothic has must be in
    both cuts, and the cuts must stay small (the whole font is several hundred kB)."""
    import yaml
    from bs4 import BeautifulSoup
    from fontTools.ttLib import TTFont
    from web_fonts import SOURCE  # book/_ext: NanumGothic as koreanize-matplotlib installs it

    shown = set()
    for page in site.rglob("*.html"):
        shown |= set(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text())
    for quiz in (REPO / "book" / "quizzes").glob("*.yml"):
        shown |= set(yaml.safe_dump(yaml.safe_load(quiz.read_text(encoding="utf-8")), allow_unicode=True))
    assert len(re.findall("[\uac00-\ud7a3]", "".join(shown))) > 500, "too few syllables found: is the site built?"
    for name in ("NanumGothic", "NanumGothicBold"):
        full = TTFont(SOURCE / f"{name}.ttf").getBestCmap()
        cut = site / "_static" / "fonts" / f"{name}.woff2"
        has = TTFont(cut).getBestCmap()
        missing = sorted(ch for ch in shown if ord(ch) in full and ord(ch) not in has)
        assert not missing, f"{name}.woff2 lacks {missing[:20]}: book/_ext/web_fonts.py missed where they come from"
        assert cut.stat().st_size < 150_000, f"{cut.name}: {cut.stat().st_size} bytes, not a cut"
