"""The pages around the chapters: glossary, web font coverage, README and the publishing workflow."""
import re

import yaml
from fontTools.ttLib import TTFont

from helpers import NOTEBOOKS, REPO, read_notebook, source

GLOSSARY = REPO / "book" / "glossary.md"
ROW = re.compile(r"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*\[[^\]]+\]\(\.\./notebooks/(\d\d_\w+)\.ipynb\)\s*\|$", re.M)
HANGUL = re.compile(r"[\uac00-\ud7a3]")


def chapter_text(stem: str) -> str:
    nb = read_notebook(REPO / "notebooks" / f"{stem}.ipynb")
    return "\n".join(source(c) for c in nb.cells)


def glossary_rows():
    return ROW.findall(GLOSSARY.read_text(encoding="utf-8"))


def test_glossary_covers_every_chapter():
    chapters = {stem for _, _, stem in glossary_rows()}
    missing = [p.stem for p in NOTEBOOKS if p.stem not in chapters]
    assert len(glossary_rows()) >= 50, f"the glossary has only {len(glossary_rows())} entries"
    assert not missing, f"no glossary entry links to chapters {missing}"


def test_glossary_terms_appear_where_they_link():
    texts, absent = {}, []
    for korean, english, stem in glossary_rows():
        assert (REPO / "notebooks" / f"{stem}.ipynb").exists(), f"용어집 '{korean}': links to missing chapter {stem}"
        text = texts.setdefault(stem, chapter_text(stem))
        if korean not in text:
            absent.append(f"'{korean}' ({english}) not in {stem}.ipynb")
    assert not absent, "용어집 entries missing from the chapters they link to: " + "; ".join(absent)


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

