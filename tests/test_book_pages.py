"""The pages around the chapters: glossary, web font coverage, README and the publishing workflow."""
import re

import yaml
from fontTools.ttLib import TTFont

import glossary  # the extension that renders the glossary page
from book_config import pages_url
from helpers import NOTEBOOKS, REPO, read_notebook, source

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_glossary_page_renders_every_term():
    """The page shows each term of book/glossary.yml once, with its definition and chapter link.

    The entries themselves (definitions, first chapters, words to avoid) are checked by test_terminology.py.
    """
    page = (REPO / "book" / "glossary.md").read_text(encoding="utf-8")
    assert glossary.MARKER in page, "book/glossary.md lacks the line where the terms are rendered"
    rendered = glossary.render(REPO)
    terms = yaml.safe_load((REPO / "book" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
    for entry in terms:
        assert rendered.count(f"**{entry['ko']}** ({entry['en']})") == 1, f"용어집 page: '{entry['ko']}'"
        assert f"(../notebooks/{entry['chapter']}.ipynb)" in rendered
    assert rendered.count("\n: ") == 2 * len(terms), "every term needs a definition and a chapter line"


def test_web_font_has_every_hangul_syllable_the_book_uses():
    used = set()
    for path in NOTEBOOKS:
        nb = read_notebook(path)
        for cell in nb.cells:
            used |= set(HANGUL.findall(source(cell)))
            for output in cell.get("outputs", []):
                used |= set(HANGUL.findall(str(output.get("text", "")) + str(output.get("data", {}).get("text/plain", ""))))
    for page in (REPO / "book").glob("*.md"):
        used |= set(HANGUL.findall(page.read_text(encoding="utf-8")))
    used |= set(HANGUL.findall(glossary.render(REPO)))
    for name in ("NanumGothic", "NanumGothicBold"):
        cmap = TTFont(REPO / "book" / "_static" / "fonts" / f"{name}.woff2").getBestCmap()
        missing = sorted(ch for ch in used if ord(ch) not in cmap)
        assert not missing, f"{name}.woff2 lacks {missing}: rerun scripts/make_webfonts.py with these added"


def test_workflow_runs_the_same_make_targets():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    commands = [step.get("run", "") for step in steps]
    assert any(re.search(r"(^|\s)make test(\s|$)", c) for c in commands), "the workflow does not run `make test`"
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")]
    assert uploads and uploads[0]["with"]["path"] == "_build/html", "the workflow does not publish _build/html"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in steps), "no deploy-pages step"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M), ".ci/run does not run `make test`"


def test_readme_says_where_the_book_is_published():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert pages_url() in readme, f"README.md does not link the published book {pages_url()}"

