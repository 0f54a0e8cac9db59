"""Open the built site in headless Chromium, as a reader would, with no internet.

For the home page and every chapter: no JavaScript console error or page error, no request to
another host, no broken image, Korean text present and drawn with the shipped Korean web font, and
Colab links that point at this chapter's notebook in the configured repository. The search page
finds chapter 01 for "텐서". A full-page screenshot of each page goes to _build/screenshots/.
"""
import re

import pytest

from helpers import NOTEBOOKS, REPO, colab_url

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = REPO / "_build" / "screenshots"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
PAGES = ["index.html"] + [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# Width of a Korean sample drawn with the site's font versus with a fallback that has no Korean
# glyphs on a font-less machine: equal widths would mean the web font is not used.
FONT_PROBE = """() => {
  const sample = '파이토치 기초: 텐서와 자동 미분';
  const width = family => {
    const span = document.createElement('span');
    span.style.cssText = 'position:absolute;visibility:hidden;font-size:32px;white-space:nowrap';
    span.style.fontFamily = family;
    span.textContent = sample;
    document.body.appendChild(span);
    const w = span.getBoundingClientRect().width;
    span.remove();
    return w;
  };
  const loaded = [...document.fonts].some(f => f.family.replace(/"/g, '') === 'NanumGothicWeb' && f.status === 'loaded');
  return {loaded, web: width('NanumGothicWeb, monospace'), fallback: width('monospace'),
          body: getComputedStyle(document.body).fontFamily};
}"""

BROKEN_IMAGES = """() => [...document.images]
  .filter(img => !img.complete || img.naturalWidth === 0)
  .map(img => img.getAttribute('src'))"""


@pytest.fixture(scope="module")
def browser(server):
    if not __import__("os").path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run `python scripts/ensure_chromium.py` (make test does)")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, url, problems):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} ({req.failure})"))
    page.on("response", lambda res: res.status >= 400 and problems.append(f"HTTP {res.status}: {res.url}"))

    def only_local(route):
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    page.route("**/*", only_local)
    page.goto(url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("path", PAGES)
def test_page_in_browser(browser, server, path):
    problems = []
    page = open_page(browser, f"{server}/{path}", problems)
    # Scroll through the page so lazily loaded images load too, then wait for fonts.
    page.evaluate("""async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 800) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 20)); }
      window.scrollTo(0, 0);
      await document.fonts.ready;
    }""")
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / (path.replace("/", "_").replace(".html", ".png"))), full_page=True)

    assert not problems, f"{path}: " + "; ".join(problems)
    broken = page.evaluate(BROKEN_IMAGES)
    assert not broken, f"{path}: broken images {broken}"
    main_text = page.inner_text("main")
    assert len(HANGUL.findall(main_text)) > 50, f"{path}: the page shows almost no Korean text"
    font = page.evaluate(FONT_PROBE)
    assert font["loaded"], f"{path}: the Korean web font was not loaded (body font: {font['body']})"
    assert "NanumGothicWeb" in font["body"], f"{path}: body text does not use the Korean web font"
    assert abs(font["web"] - font["fallback"]) > 5, f"{path}: Korean drawn the same with and without the web font"

    if path.startswith("notebooks/"):
        expected = colab_url(f"notebooks/{path.split('/')[1].replace('.html', '.ipynb')}")
        colab_links = page.eval_on_selector_all(
            "a[href^='https://colab.research.google.com/']", "links => links.map(a => a.href)")
        chapter_links = [link for link in colab_links if "/assignments/" not in link]
        assert len(chapter_links) >= 2, f"{path}: expected a Colab launch button and badge, found {chapter_links}"
        wrong = [link for link in chapter_links if link != expected]
        assert not wrong, f"{path}: Colab links {wrong} do not open {expected}"
    page.close()


def test_search_finds_chapter_01(browser, server):
    problems = []
    page = open_page(browser, f"{server}/search.html?q=텐서", problems)
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    results = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    assert any("notebooks/01_tensors.html" in link for link in results), f"search for 텐서 does not list chapter 01: {results}"
    assert not problems, "search page: " + "; ".join(problems)
    page.close()
