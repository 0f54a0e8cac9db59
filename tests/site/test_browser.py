"""Open the built site in headless Chromium, as a reader would, with no internet, and look.

Every page (home, book pages, chapters) at 1366x900:
  no JavaScript console error or page error, no request to another host, no broken image;
  Korean text drawn with the shipped Korean web font; Colab links open this chapter's notebook;
  every math element rendered by MathJax (no raw TeX left); no English interface string from
  ENGLISH_UI; every image has Korean alt text (not a file path); axe-core (vendored
  tests/site/axe.min.js, 4.14.1 from the npm registry) finds no violation.
Every page at 390x844 (a phone): nothing wider than the screen and no output box that scrolls
sideways (printed text wraps); ☰ opens the chapter drawer (the book's contents) and, on chapters,
the contents button opens the page's contents drawer, which a tap on one of its links closes;
a figure shown smaller than drawn opens full size on a tap.
Every formula: typeset, with no backslash or ₩ (a backslash in the Korean font) left in it.
Copy buttons speak Korean. Code inputs do not scroll sideways on a desktop.
Search: the browser's splitQuery cuts every query of search_queries.py as the Python index side
does; the search page lists exactly the pages test_search.search finds for a sample of queries,
with snippets of the page's text, the query clear of the magnifier icon, and no axe violation in
dark mode.
Weight: a first visit to the home page and to a chapter without math loads no MathJax and
transfers at most WEIGHT_BUDGET bytes gzipped (test_speed.py measures every page, throttled).
Screenshots of every page, desktop and phone, and of the open drawers go to _build/screenshots/.
"""
import gzip
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import playwright.sync_api as playwright_api
import pytest

from book_config import REPO, SITE_DIR, colab_url
from ensure_chromium import find_chromium
from helpers import NOTEBOOKS
from korean_search import query_terms
from search_queries import QUERIES  # tests/site/ is on the path: pytest puts it there for its conftest
from search_index import load_index, search

CHROMIUM = find_chromium()  # $CHROMIUM, the PATH, or Playwright's own (scripts/ensure_chromium.py)
SCREENSHOTS = SITE_DIR.parent / "screenshots"
AXE = Path(__file__).with_name("axe.min.js")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# every page of book/ (intro is the home page, index.html)
BOOK_PAGES = [f"book/{p.stem}.html" for p in sorted((REPO / "book").glob("*.md")) if p.stem != "intro"]
CHAPTERS = [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]
PAGES = ["index.html", *BOOK_PAGES, *CHAPTERS]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# an image file's path or name used as alt text ("1/16" or "티셔츠/상의" in a description is fine)
FILE_PATH = re.compile(r"(^|[\s(])(\.\./|_images/|/)?[\w.\-/]*\.(png|svg|jpe?g|gif|webp)\b", re.I)

# The page title's box against the height of its visible text: an invisible anchor that wraps onto
# a line of its own leaves an empty gap under the title.
TITLE_HEIGHTS = """() => {
  const h1 = document.querySelector('article h1');
  const range = document.createRange();
  range.selectNodeContents(h1.firstChild);
  return {box: h1.getBoundingClientRect().height, text: range.getBoundingClientRect().height};
}"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# A first visit to the home page or a chapter without math (HTML, CSS, JS, fonts, images), gzipped
# as a web server would send the text files: budget 1 MB (issue 24).
WEIGHT_BUDGET = 1_000_000
WEIGHT_PAGE = "notebooks/01_tensors.html"

# Interface text the themes and myst-nb write in English unless the site translates it.
ENGLISH_UI = ["Show code cell", "Hide code cell", "Back to top", "Skip to main content",
              "previous page", "next page", "Color mode", "Launch", "Source repositor",
              "Open issue", "Download", "Toggle", "On this page", "Contents", "Copyright",
              "By ", "Site navigation", "Search", "Print to PDF", "Fullscreen", "Repository",
              "System Settings", "Version warning", "Link to this heading", "Section Navigation",
              "Copy", "Copied"]

# The copy buttons live inside code blocks, which UI_TEXT skips: their tooltip and icon titles.
COPY_BUTTONS = """() => [...document.querySelectorAll('button.copybtn')].flatMap(b =>
  [b.getAttribute('data-tooltip') || '', ...[...b.querySelectorAll('title')].map(t => t.textContent)])"""

# Boxes of printed output (and, on a desktop, code inputs) that scroll sideways.
SCROLLING_BOXES = """selector => [...document.querySelectorAll(selector)].filter(el => {
  const r = el.getBoundingClientRect();
  return r.width > 0 && el.scrollWidth > el.clientWidth + 1;
}).map(el => [el.scrollWidth - el.clientWidth, el.textContent.split('\\n').reduce((a, b) => a.length >= b.length ? a : b).slice(0, 90)])"""
OUTPUTS = ".cell_output pre"
CODE_INPUTS = ".cell_input pre"

# Images shown smaller than drawn, and whether site.js made them open full size.
SHRUNK_IMAGES = """() => [...document.querySelectorAll('article.bd-article img')]
  .filter(img => !img.closest('a') && img.naturalWidth > 0 && img.getBoundingClientRect().width > 0
    && img.getBoundingClientRect().width < 0.85 * img.naturalWidth)
  .map(img => ({src: img.getAttribute('src'), zoomable: img.classList.contains('zoomable'),
                shown: img.getBoundingClientRect().width, drawn: img.naturalWidth}))"""

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

IMAGE_ALTS = """() => [...document.querySelectorAll('main img')]
  .filter(img => !img.closest('a[href*="colab.research.google.com"]'))
  .map(img => [img.getAttribute('src'), img.getAttribute('alt') || ''])"""

# Rendered: MathJax's HTML output (CHTML), and no backslash left in what it draws or reads out (a TeX command
# MathJax kept as text, such as \_ inside \text{}, which the Korean font draws as ₩).
MATH = """() => [...document.querySelectorAll('main .math')].map(el => ({
  rendered: !!el.querySelector('mjx-container[jax="CHTML"] mjx-math') && !el.querySelector('mjx-merror')
    && !/[\\\\\u20a9]/.test(el.textContent),
  text: el.textContent.slice(0, 60)}))"""

# Everything a reader can see or hear of the interface: visible text and the labels and tooltips
# of controls, outside code and outputs.
UI_TEXT = """() => {
  const skip = 'pre, code, .highlight, .cell_output, .output, mjx-container, script, style';
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && !node.parentElement.closest(skip)) parts.push(node.textContent);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [data-bs-title]')) {
    if (el.closest(skip)) continue;
    for (const a of ['title', 'aria-label', 'placeholder', 'data-bs-title']) {
      if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
    }
  }
  return parts.join('\\n');
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => `${v.id} (${v.nodes.length}): ${v.nodes[0].target.join(' ')}`);
}"""

PAGE_WIDTH = """() => ({scroll: document.documentElement.scrollWidth,
  client: document.documentElement.clientWidth,
  wide: [...document.querySelectorAll('main *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.right > document.documentElement.clientWidth + 1 && !el.closest('pre, .highlight, .output, .pst-scrollable-table-container, mjx-container[display="true"]');
  }).slice(0, 3).map(el => el.tagName + '.' + el.className)})"""

# On a phone the theme moves a sidebar into a <dialog> drawer; count the links a reader sees in it.
DRAWER_LINKS = """selector => {
  const dialog = document.querySelector(selector);
  if (!dialog || !dialog.open) return 0;
  return [...dialog.querySelectorAll('a')].filter(a => {
    const r = a.getBoundingClientRect();
    return r.width > 0 && r.left >= 0 && r.right <= innerWidth && r.top < innerHeight;
  }).length;
}"""


@pytest.fixture(scope="module")
def browser(server):
    if not CHROMIUM:
        pytest.fail("No Chromium found: run `make browser` (make test does), or set CHROMIUM")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser, url, problems, viewport=DESKTOP, responses=None):
    page = browser.new_page(viewport=viewport)
    page.on("console", lambda msg: msg.type == "error" and problems.append(f"console error: {msg.text}"))
    page.on("pageerror", lambda err: problems.append(f"page error: {err}"))
    page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url} ({req.failure})"))
    page.on("response", lambda res: res.status >= 400 and problems.append(f"HTTP {res.status}: {res.url}"))
    if responses is not None:
        page.on("response", lambda res: responses.append(res.url))

    def only_local(route):
        if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            problems.append(f"request to another host: {route.request.url}")
            route.abort()

    page.route("**/*", only_local)
    page.goto(url, wait_until="networkidle")
    # Scroll through the page so lazily loaded images load too, then wait for fonts and MathJax.
    page.evaluate("""async () => {
      for (let y = 0; y < document.body.scrollHeight; y += 800) { window.scrollTo(0, y); await new Promise(r => setTimeout(r, 20)); }
      window.scrollTo(0, 0);
      await document.fonts.ready;
      if (window.siteMathJax) await window.siteMathJax;
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
    }""")
    page.wait_for_load_state("networkidle")
    return page


def shot(page, name, full_page=True):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def shot_name(path, suffix):
    return path.replace("/", "_").replace(".html", "") + "_" + suffix


@pytest.mark.parametrize("path", PAGES)
def test_page_on_desktop(browser, server, path):
    problems = []
    page = open_page(browser, f"{server}/{path}", problems)
    shot(page, shot_name(path, "1366"))
    failures = []
    if problems:
        failures.append("; ".join(problems))

    broken = page.evaluate(BROKEN_IMAGES)
    if broken:
        failures.append(f"broken images {broken}")
    if len(HANGUL.findall(page.inner_text("main"))) <= 50:
        failures.append("the page shows almost no Korean text")
    font = page.evaluate(FONT_PROBE)
    if not (font["loaded"] and "NanumGothicWeb" in font["body"] and abs(font["web"] - font["fallback"]) > 5):
        failures.append(f"Korean is not drawn with the web font ({font})")

    raw_math = [m["text"] for m in page.evaluate(MATH) if not m["rendered"]]
    if raw_math:
        failures.append(f"{len(raw_math)} math elements not rendered by MathJax, e.g. {raw_math[:3]}")

    ui = page.evaluate(UI_TEXT)
    english = [s for s in ENGLISH_UI if s in ui]
    if english:
        failures.append(f"English interface text: {english}")
    copy_texts = page.evaluate(COPY_BUTTONS)
    if any(not HANGUL.search(t) for t in copy_texts):
        failures.append(f"copy buttons not in Korean: {sorted(set(t for t in copy_texts if not HANGUL.search(t)))}")

    for selector in (OUTPUTS, CODE_INPUTS):
        scrolling = page.evaluate(SCROLLING_BOXES, selector)
        if scrolling:
            failures.append(f"{len(scrolling)} boxes ({selector}) scroll sideways on a desktop, e.g. {scrolling[:3]}")

    bad_alt = [(src, alt) for src, alt in page.evaluate(IMAGE_ALTS)
               if not HANGUL.search(alt) or FILE_PATH.search(alt)]
    if bad_alt:
        failures.append(f"{len(bad_alt)} images without Korean alt text, e.g. {bad_alt[:2]}")

    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN)
    if violations:
        failures.append(f"axe-core: {violations}")

    if path.startswith("notebooks/"):
        expected = colab_url(f"notebooks/{path.split('/')[1].replace('.html', '.ipynb')}")
        colab_links = page.eval_on_selector_all(
            "a[href^='https://colab.research.google.com/']", "links => links.map(a => a.href)")
        chapter_links = [link for link in colab_links if "/assignments/" not in link]
        if len(chapter_links) < 2 or any(link != expected for link in chapter_links):
            failures.append(f"Colab links {chapter_links} do not all open {expected}")
    page.close()
    assert not failures, f"{path}:\n  " + "\n  ".join(failures)


@pytest.mark.parametrize("path", PAGES)
def test_page_on_phone(browser, server, path):
    problems = []
    page = open_page(browser, f"{server}/{path}", problems, viewport=PHONE)
    shot(page, shot_name(path, "390"))
    width = page.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["client"], f"{path}: {width['scroll']} px wide on a {width['client']} px phone: {width['wide']}"
    title = page.evaluate(TITLE_HEIGHTS)
    assert title["box"] <= title["text"] + 8, f"{path}: the title box is {title['box']} px tall for {title['text']} px of text (an empty gap under the H1)"
    scrolling = page.evaluate(SCROLLING_BOXES, OUTPUTS)
    assert not scrolling, f"{path}: {len(scrolling)} output boxes scroll sideways on a phone, e.g. {scrolling[:3]}"
    wrapping = page.eval_on_selector_all(OUTPUTS, "els => els.map(el => getComputedStyle(el).whiteSpace)")
    assert all(w == "pre-wrap" for w in wrapping), f"{path}: printed output does not wrap ({set(wrapping)})"

    shrunk = page.evaluate(SHRUNK_IMAGES)
    not_zoomable = [i["src"] for i in shrunk if not i["zoomable"]]
    assert not not_zoomable, f"{path}: figures shown smaller than drawn that a tap does not enlarge: {not_zoomable}"
    if shrunk:
        page.click("article.bd-article img.zoomable >> nth=0")
        page.wait_for_timeout(300)
        big = page.evaluate("""() => { const d = document.querySelector('dialog.figure-viewer');
          const img = d && d.querySelector('img');
          return d && d.open && img ? {shown: img.getBoundingClientRect().width, drawn: img.naturalWidth} : null; }""")
        assert big and big["shown"] >= 0.99 * big["drawn"], f"{path}: a tap on a figure does not show it full size ({big})"
        shot(page, shot_name(path, "390_figure"), full_page=False)
        page.click("dialog.figure-viewer button")
        assert not page.evaluate("() => document.querySelector('dialog.figure-viewer').open"), f"{path}: 닫기 leaves the figure open"

    page.click("button.primary-toggle:visible")
    page.wait_for_timeout(600)
    links = page.evaluate(DRAWER_LINKS, "#pst-primary-sidebar-modal")
    assert links >= 10, f"{path}: ☰ opens no chapter drawer (it shows {links} links)"
    shot(page, shot_name(path, "390_drawer"), full_page=False)
    page.keyboard.press("Escape")
    page.goto(f"{server}/{path}", wait_until="networkidle")

    if path.startswith("notebooks/"):
        page.click("button.secondary-toggle:visible")
        page.wait_for_timeout(600)
        links = page.evaluate(DRAWER_LINKS, "#pst-secondary-sidebar-modal")
        assert links >= 2, f"{path}: the contents button opens no contents drawer ({links} links)"
        shot(page, shot_name(path, "390_contents"), full_page=False)
        page.click("#pst-secondary-sidebar-modal a[href^='#'] >> nth=1")
        page.wait_for_timeout(600)
        still_open = page.evaluate("() => document.querySelector('#pst-secondary-sidebar-modal').open")
        assert not still_open, f"{path}: the contents drawer stays open after a tap on one of its links"
        assert page.evaluate("() => window.scrollY") > 0, f"{path}: a tap in the contents drawer does not move to the section"
    assert not problems, f"{path}: " + "; ".join(problems)
    page.close()


def test_search_splits_queries_as_the_index_does(browser, server):
    problems = []
    page = open_page(browser, f"{server}/search.html", problems)
    browser_terms = page.evaluate("queries => queries.map(q => splitQuery(q))", list(QUERIES))
    different = {q: (b, query_terms(q)) for q, b in zip(QUERIES, browser_terms) if b != query_terms(q)}
    assert not different, f"the browser splits queries unlike the index side: {different}"
    assert not problems, "search page: " + "; ".join(problems)
    page.close()


@pytest.mark.parametrize("query", ["기울기", "텐서를", "손실 함수", "옵티마이저", "상태 딕셔너리", "합성곱",
                                   "GPU에서", "CUDA로", "손실함수", "배치정규화", "텐서란", "CUDA 체크포인트"])
def test_search_page_finds(browser, server, site, query):
    problems = []
    page = open_page(browser, f"{server}/search.html?q={query}", problems)
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    page.wait_for_function("() => !document.querySelector('#search-progress') || "
                           "!document.querySelector('#search-progress').textContent.includes('...')", timeout=15000)
    page.wait_for_timeout(500)
    results = page.eval_on_selector_all("#search-results ul.search li > a", "links => links.map(a => a.href)")
    found = {urlparse(link).path.strip("/").removesuffix(".html") for link in results}
    expected = search(load_index(site), query)
    shot(page, f"search_{query.replace(' ', '_')}_1366", full_page=False)
    assert found == expected, f"search for {query!r} lists {sorted(found)}; the index has {sorted(expected)}"
    missing = [p for p in QUERIES.get(query, []) if p not in found]
    assert not missing, f"search for {query!r} lists {sorted(found)}, missing {missing}"
    snippets = page.eval_on_selector_all("#search-results p.context", "ps => ps.map(p => p.textContent)")
    chrome = [t[:80] for t in snippets if re.search(r"이슈 남기기|\.ipynb \.pdf|^\W*목차", t)]
    assert not chrome, f"search snippets show the page's buttons or contents: {chrome[:2]}"
    ui = page.evaluate(UI_TEXT)
    assert not [s for s in ENGLISH_UI if s in ui], f"search page shows English interface text"
    assert not problems, "search page: " + "; ".join(problems)
    page.close()


def test_search_box_and_dark_mode(browser, server):
    """The query starts right of the magnifier; highlighted terms keep their contrast in dark mode."""
    problems = []
    page = open_page(browser, f"{server}/search.html?q=기울기", problems)
    page.wait_for_selector("#search-results ul.search li span.highlighted", timeout=15000)
    page.wait_for_timeout(500)
    overlap = page.evaluate("""() => [...document.querySelectorAll('form.bd-search')].filter(f => f.offsetParent).map(form => {
      const icon = form.querySelector('i.fa-magnifying-glass').getBoundingClientRect();
      const input = form.querySelector('input');
      const r = input.getBoundingClientRect();
      return icon.right - (r.left + parseFloat(getComputedStyle(input).paddingLeft));
    })""")
    assert overlap and all(o <= 0 for o in overlap), f"the magnifier covers the query by {overlap} px"
    page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark'; }")
    page.wait_for_timeout(300)
    shot(page, "search_dark_1366", full_page=False)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(AXE_RUN)
    assert not violations, f"search page in dark mode: axe-core {violations}"
    assert not problems, "search page: " + "; ".join(problems)
    page.close()


@pytest.mark.parametrize("path", ["index.html", WEIGHT_PAGE])
def test_first_visit_weight(browser, server, site, path):
    problems, responses = [], []
    page = open_page(browser, f"{server}/{path}", problems, responses=responses)
    page.close()
    sizes = {}
    for url in set(responses):
        file = site / unquote(urlparse(url).path).lstrip("/")
        if file.is_file():
            data = file.read_bytes()
            sizes[file.name] = min(len(data), len(gzip.compress(data, 6)))
    total = sum(sizes.values())
    largest = sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    print(f"\nfirst visit to {path}: {total / 1e6:.2f} MB gzipped in {len(sizes)} files; largest {largest}")
    assert "tex-chtml.js" not in sizes, f"{path} has no math but loads MathJax"
    assert total <= WEIGHT_BUDGET, f"a first visit to {path} transfers {total} bytes gzipped (budget {WEIGHT_BUDGET}): {largest}"
