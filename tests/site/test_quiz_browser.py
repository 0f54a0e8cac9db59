"""The chapters' quizzes and the "이 쪽에 대해 알리기" link, in headless Chromium on the built site.

Quizzes (scripts/quizzes.py), on every chapter page:
- desktop (1366x900): every question is drawn, none of the explanations is in the page before a
  choice is made; choosing a wrong choice and then the right one marks each and shows its
  explanation; axe-core finds no violation after answering, in light and in dark mode;
- phone (390x844), by keyboard only (Tab, Enter, Space): the same for the first question;
- the choices come in a new order on every visit.
Screenshots of the first question before and after answering, desktop and phone, light and dark, go
to _build/screenshots/quiz_*.png.
Report link (book/_ext/report_link.py), on every page: one link in the page's top bar opening a new
issue on the repository with the report form, this page's address and the book's version; followed
from a section, it names that section.
"""
import re
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest

from book_config import pages_url, repository
from helpers import NOTEBOOKS
from quizzes import inline, load, quiz_path
from test_browser import (AXE, AXE_RUN, DESKTOP, PAGES, PHONE, browser, open_page,  # noqa: F401 (fixture)
                          shot)

QUIZ_CHAPTERS = [p for p in NOTEBOOKS if quiz_path(p).exists()]
READING = """() => {
  let found = null;
  for (const h of document.querySelectorAll('article section > h2, article section > h3')) {
    if (h.getBoundingClientRect().top > innerHeight * 0.3) break;
    found = {name: h.textContent.replace(/#$/, '').trim(), id: h.parentElement.id};
  }
  return found;
}"""
MARK = re.compile(r"^(✓ 정답|✗ 오답)\s*")  # what widget.js puts before a chosen choice
DARK = "() => { document.documentElement.dataset.theme = 'dark'; document.documentElement.dataset.mode = 'dark'; }"


def plain(text: str) -> str:
    """What a reader sees of a quiz text (markup dropped, spaces collapsed)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", inline(text))).split())


def seen(locator) -> str:
    return " ".join(locator.inner_text().split())


def axe(page) -> list:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN)


def choice_button(box, choice):
    want = plain(choice["text"])
    return next(b for b in box.locator("button.pbq-choice").all() if MARK.sub("", seen(b)) == want)


def check_answer(box, choice, right: bool) -> list:
    """What is wrong with the question's state after `choice` was chosen."""
    failures = []
    button = choice_button(box, choice)
    if button.get_attribute("data-state") != ("right" if right else "wrong"):
        failures.append(f"{choice['text']!r} is not marked {'right' if right else 'wrong'}")
    feedback = seen(box.locator(".pbq-fb"))
    verdict = "정답입니다." if right else "아닙니다."
    if not feedback.startswith(verdict) or plain(choice["why"]) not in feedback:
        failures.append(f"after {choice['text']!r} the feedback reads {feedback[:120]!r}")
    return failures


def quiz_shot(page, box, name):
    box.scroll_into_view_if_needed()
    shot(page, name, full_page=False)


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS, ids=lambda p: p.stem)
def test_quiz_on_desktop(browser, server, chapter):  # noqa: F811
    questions = load(chapter)["questions"]
    problems = []
    page = open_page(browser, f"{server}/notebooks/{chapter.stem}.html", problems)
    failures = []
    html = page.content()
    told = [c["why"] for q in questions for c in q["choices"] if plain(c["why"]) in " ".join(unescape(html).split())]
    if told:
        failures.append(f"explanations readable before answering: {told[:2]}")
    boxes = page.locator(".pbq .pbq-q")
    if boxes.count() != len(questions) or page.locator(".pbq-nojs").count():
        failures.append(f"{boxes.count()} questions drawn, {len(questions)} in {quiz_path(chapter).name}")
    else:
        quiz_shot(page, boxes.nth(0), f"quiz_{chapter.stem[:2]}_desktop_light_before")
        for n, q in enumerate(questions):
            box = boxes.nth(n)
            if seen(box.locator(".pbq-text")) != plain(q["text"]):
                failures.append(f"question {n + 1} reads {seen(box.locator('.pbq-text'))!r}")
            wrong = next(c for c in q["choices"] if not c.get("right"))
            right = next(c for c in q["choices"] if c.get("right"))
            choice_button(box, wrong).click()
            failures += [f"question {n + 1}: {f}" for f in check_answer(box, wrong, right=False)]
            choice_button(box, right).click()
            failures += [f"question {n + 1}: {f}" for f in check_answer(box, right, right=True)]
        quiz_shot(page, boxes.nth(0), f"quiz_{chapter.stem[:2]}_desktop_light_after")
        failures += [f"axe-core (light): {v}" for v in axe(page)]
        page.evaluate(DARK)
        quiz_shot(page, boxes.nth(0), f"quiz_{chapter.stem[:2]}_desktop_dark_after")
        failures += [f"axe-core (dark): {v}" for v in axe(page)]
    failures += problems
    page.close()
    assert not failures, f"{chapter.stem}:\n  " + "\n  ".join(failures)


def tab_to(page, button, limit=60) -> bool:
    """Press Tab (Shift+Tab when `button` comes before the focus) until `button` has the focus."""
    before = button.evaluate("b => !!(document.activeElement.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_PRECEDING)")
    for _ in range(limit):
        if button.evaluate("b => b === document.activeElement"):
            return True
        page.keyboard.press("Shift+Tab" if before else "Tab")
    return False


@pytest.mark.parametrize("chapter", QUIZ_CHAPTERS, ids=lambda p: p.stem)
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_quiz_on_a_phone_by_keyboard(browser, server, chapter, mode):  # noqa: F811
    q = load(chapter)["questions"][0]
    problems = []
    page = open_page(browser, f"{server}/notebooks/{chapter.stem}.html", problems, viewport=PHONE)
    if mode == "dark":
        page.evaluate(DARK)
    box = page.locator(".pbq .pbq-q").nth(0)
    failures = []
    quiz_shot(page, box, f"quiz_{chapter.stem[:2]}_phone_{mode}_before")
    wrong = next(c for c in q["choices"] if not c.get("right"))
    right = next(c for c in q["choices"] if c.get("right"))
    box.locator("button.pbq-choice").first.focus()  # as if the reader had tabbed into the quiz
    for choice, key, is_right in [(wrong, "Enter", False), (right, " ", True)]:
        button = choice_button(box, choice)
        if not tab_to(page, button):
            failures.append(f"Tab never reaches {choice['text']!r}")
            break
        page.keyboard.press(key)
        failures += check_answer(box, choice, right=is_right)
    width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if width[0] > width[1]:
        failures.append(f"the page is wider than the phone: {width}")
    quiz_shot(page, box, f"quiz_{chapter.stem[:2]}_phone_{mode}_after")
    failures += [f"axe-core: {v}" for v in axe(page)] + problems
    page.close()
    assert not failures, f"{chapter.stem} ({mode}):\n  " + "\n  ".join(failures)


def test_choices_are_shuffled(browser, server):  # noqa: F811
    chapter = QUIZ_CHAPTERS[0]
    orders = []
    for _ in range(2):
        page = open_page(browser, f"{server}/notebooks/{chapter.stem}.html", [])
        orders.append(page.eval_on_selector_all("button.pbq-choice", "bs => bs.map(b => b.innerText)"))
        page.close()
    assert sorted(orders[0]) == sorted(orders[1]) and orders[0] != orders[1], (
        "the choices came in the same order twice")


@pytest.mark.parametrize("path", PAGES)
def test_report_link_opens_a_prefilled_issue_for_the_reading_position(browser, server, path):  # noqa: F811
    problems = []
    page = open_page(browser, f"{server}/{path}", problems)
    links = page.locator("a.report-page-link")
    assert links.count() == 1 and seen(links) == "이 쪽에 대해 알리기", f"{path}: {links.count()} report links"
    link = links.nth(0)
    assert link.evaluate("a => !!a.closest('.article-header-buttons')"), f"{path}: the link is not in the top bar"
    here = page.url.split(f"{server}/", 1)[1]
    url = urlparse(link.get_attribute("href"))
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", f"/{repository()[0]}/issues/new"), url
    assert query["template"] == ["report-page.yml"], query
    assert query["page"] == [pages_url() + here], (query["page"], here)
    assert query["version"][0].strip() and query["title"][0].startswith("[쪽] "), query
    headings = page.locator("article section > h2")
    if headings.count() > 1:
        # scroll the second section's heading near the top; the section being read is the last
        # heading (h2 or h3) in the top 30% of the window (a short page may not scroll that far)
        page.evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 80)",
                      headings.nth(1).element_handle())
        link.focus()
        query = parse_qs(urlparse(link.get_attribute("href")).query)
        reading = page.evaluate(READING)
        if reading:
            assert query.get("section") == [reading["name"]], (path, query.get("section"), reading)
            assert query["page"] == [f"{pages_url()}{here}#{reading['id']}"], query["page"]
        else:
            assert "section" not in query, (path, query)
    page.close()
    assert not problems, f"{path}: {problems}"
