"""The chapters' self-check quizzes (book/quizzes/NN_name.yml, written into the chapters by
scripts/quizzes.py): well formed, in the book's words, in the chapter as written, and right.

Answer keys are computed, not trusted: a question with `check: output` runs its code as shown and
its printed line must be the right choice; with `check: raises` its code runs, then each choice's
code, and exactly the right choice raises. The code runs with the imports a chapter's setup makes
(torch, nn, F, numpy as np), on the CPU, seeded.
"""
import contextlib
import io
import re

import nbformat
import pytest
import torch

from helpers import NOTEBOOKS, source, tags
from quizzes import CELL_ID, HEADING_ID, TAG, decode_cell, heading_source, load, quiz_path, render
from terminology import load_glossary, rules

HANGUL = re.compile(r"[\uac00-\ud7a3]")
CODE = re.compile(r"^`([^`]+)`$")
CHECKS = {"output", "raises"}
RULES = rules(load_glossary())
PRELUDE = "import numpy as np\nimport torch\nfrom torch import nn\nimport torch.nn.functional as F\n"


def questions():
    return [pytest.param(chapter, n, q, id=f"{chapter.stem[:2]}-{n}")
            for chapter in NOTEBOOKS if quiz_path(chapter).exists()
            for n, q in enumerate(load(chapter)["questions"], 1)]


def run(code: str, namespace: dict) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, namespace)
    return out.getvalue()


def fresh() -> dict:
    torch.manual_seed(0)
    namespace = {}
    exec(PRELUDE, namespace)
    return namespace


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chapter_has_a_quiz(chapter):
    assert quiz_path(chapter).exists(), f"no quiz for {chapter.name}: write {quiz_path(chapter).name}"
    found = load(chapter)["questions"]
    assert 4 <= len(found) <= 8, f"{quiz_path(chapter).name}: {len(found)} questions, want 4 to 8"


@pytest.mark.parametrize("chapter", NOTEBOOKS, ids=lambda p: p.stem)
def test_quiz_cells_are_current(chapter):
    """The chapter shows exactly what its quiz file says, and its stored output is that HTML."""
    nb = nbformat.read(chapter, as_version=nbformat.NO_CONVERT)
    cells = {c.get("id"): c for c in nb.cells}
    assert CELL_ID in cells and HEADING_ID in cells, f"{chapter.name}: no quiz cells (run make quizzes)"
    quiz, cell = load(chapter), cells[CELL_ID]
    assert TAG in tags(cell), f"{chapter.name}: the quiz cell must be tagged {TAG}"
    assert source(cells[HEADING_ID]) == heading_source(quiz), f"{chapter.name}: quiz heading is stale (make quizzes)"
    page = render(quiz)
    assert decode_cell(source(cell)) == page, f"{chapter.name}: quiz cell is stale (make quizzes)"
    shown = [o for o in cell.get("outputs", []) if "text/html" in o.get("data", {})]
    assert shown and "".join(shown[0]["data"]["text/html"]) == page, (
        f"{chapter.name}: the quiz cell's stored output is not its current HTML (re-execute the chapter)")


@pytest.mark.parametrize("chapter, n, q", questions())
def test_question_is_well_formed(chapter, n, q):
    where = f"{quiz_path(chapter).name} question {n}"
    assert HANGUL.search(q["text"]), f"{where}: the question is not Korean"
    choices = q["choices"]
    assert 2 <= len(choices) <= 5, f"{where}: {len(choices)} choices"
    assert sum(bool(c.get("right")) for c in choices) == 1, f"{where}: exactly one choice must be right"
    texts = [c["text"] for c in choices]
    assert len(set(texts)) == len(texts), f"{where}: two choices read the same"
    for c in choices:
        why = c.get("why", "")
        assert HANGUL.search(why), f"{where}, choice {c['text']!r}: no Korean explanation"
        assert len(re.findall(r"[.!?](\s|$)", why.strip())) <= 2, f"{where}, {c['text']!r}: explain in 1-2 sentences"
    assert q.get("check") in CHECKS | {None}, f"{where}: unknown check {q.get('check')!r}"
    if q.get("check"):
        assert q.get("code"), f"{where}: a computed answer needs the code it is computed from"


@pytest.mark.parametrize("chapter, n, q", questions())
def test_quiz_uses_the_glossary_terms(chapter, n, q):
    prose = [q["text"]] + [t for c in q["choices"] for t in (c["text"], c["why"])]
    prose = [re.sub(r"`[^`]*`", "", t) for t in prose]
    for rule in rules(load_glossary()):
        for text in prose:
            hit = rule.hits(text)
            assert not hit, f"{quiz_path(chapter).name} question {n}: write {rule.use}, not {hit[0].group()}"


@pytest.mark.parametrize("chapter, n, q", [p for p in questions() if p.values[2].get("check")])
def test_answer_key_is_computed(chapter, n, q):
    where = f"{quiz_path(chapter).name} question {n}"
    right = next(c for c in q["choices"] if c.get("right"))
    if q["check"] == "output":
        printed = run(q["code"], fresh()).strip()
        expected = CODE.sub(r"\1", right["text"])
        assert printed == expected, f"{where}: the code prints {printed!r}, the key says {expected!r}"
        others = [CODE.sub(r"\1", c["text"]) for c in q["choices"] if not c.get("right")]
        assert printed not in others, f"{where}: a wrong choice is what the code prints"
    else:
        for choice in q["choices"]:
            match = CODE.match(choice["text"])
            assert match, f"{where}: a `check: raises` choice must be code in backticks: {choice['text']!r}"
            namespace = fresh()
            run(q["code"], namespace)
            try:
                run(match.group(1), namespace)
                raised = None
            except Exception as err:  # noqa: BLE001  (which call raises is the question)
                raised = err
            if choice.get("right"):
                assert raised is not None, f"{where}: the key {choice['text']} runs without an error"
            else:
                assert raised is None, f"{where}: {choice['text']} raises {raised!r} too"
