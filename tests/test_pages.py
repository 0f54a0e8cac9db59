"""The pages around the chapters: the glossary and errors pages, README's link to the book."""
import re

import yaml

import errors  # the extension that renders the page 오류 메시지 찾아보기
import glossary  # the extension that renders the glossary page
from book_config import GLOSSARY, REPO, pages_url
from helpers import NOTEBOOKS, read_notebook, source

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_glossary_page_renders_every_term():
    """The page shows each term of book/glossary.yml once, with its definition and chapter link.

    The entries themselves (definitions, first chapters, words to avoid) are checked by test_terminology.py.
    """
    page = (REPO / "book" / "glossary.md").read_text(encoding="utf-8")
    assert glossary.MARKER in page, "book/glossary.md lacks the line where the terms are rendered"
    rendered = glossary.render(REPO)
    terms = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]
    for entry in terms:
        assert rendered.count(f"**{entry['ko']}** ({entry['en']})") == 1, f"용어집 page: '{entry['ko']}'"
        assert f"(../notebooks/{entry['chapter']}.ipynb)" in rendered
    assert rendered.count("\n: ") == 2 * len(terms), "every term needs a definition and a chapter line"




def test_readme_says_where_the_book_is_published():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert pages_url() in readme, f"README.md does not link the published book {pages_url()}"


def test_errors_page_lists_every_error_the_chapters_show():
    """오류 메시지 찾아보기 shows each error a chapter prints (first line as printed) with a link to it."""
    page = (REPO / "book" / "errors.md").read_text(encoding="utf-8")
    assert errors.MARKER in page, "book/errors.md lacks the line where the errors are rendered"
    shown = errors.shown_errors(REPO)
    assert len(shown) >= 30, "the chapters' outputs should show the book's error demos"
    rendered = errors.render(REPO)
    for error in shown:
        assert errors._code(f"{error.exception}: {error.message}") in rendered, error.message
        for stem, _, _ in error.places:
            assert f"(../notebooks/{stem}.ipynb)" in rendered
    assert "(원인 설명 없음)" not in rendered


def test_every_error_shown_has_a_cause_and_every_cause_is_shown():
    """book/errors.yml explains each error the chapters print, and holds no cause for an error no
    chapter shows any more."""
    entries = errors.causes(REPO)
    keys = [(e["exception"], e["match"]) for e in entries]
    assert len(keys) == len(set(keys)), "book/errors.yml has the same exception and match twice"
    used = set()
    for error in errors.shown_errors(REPO):
        entry = errors.cause_of(error, entries)
        assert entry, f"book/errors.yml has no cause for {error.exception}: {error.message}"
        used.add((entry["exception"], entry["match"]))
    orphans = [key for key in keys if key not in used]
    assert not orphans, f"book/errors.yml explains errors no chapter shows: {orphans}"
    for entry in entries:
        assert HANGUL.search(entry["cause"]) and "\n" not in entry["cause"].strip(), entry


def test_error_demos_print_the_exception_name_first():
    """An error demo's output line starts with the exception's name and a colon (STYLE.md, Error
    demos), so that the errors page finds it: a printed message without its name is not found."""
    for path in NOTEBOOKS:
        for cell in read_notebook(path).cells:
            if cell.cell_type != "code" or "except" not in source(cell):
                continue
            for line in source(cell).splitlines():
                printed = re.match(r'\s*print\((["\'])(\w+)(:?)\1?', line)
                if printed and printed.group(2).endswith(("Error", "Exception")):
                    assert printed.group(3) == ":", f"{path.name}: {line.strip()}"
