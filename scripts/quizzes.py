"""Write each chapter's self-check quiz (book/quizzes/NN.yml) into the chapter as two cells.

A quiz lives in one readable file per chapter, book/quizzes/NN_name.yml (questions, choices, the
right one, a short explanation for every choice, and for questions whose answer can be computed,
how tests/test_quizzes.py computes it). A chapter must run on its own in Colab, where it cannot
read this repository, so the quiz travels inside the chapter: a `## 스스로 확인하기` markdown cell
and a code cell (tag `remove-input`: the site shows only its output) whose source holds the quiz as
one compressed, base64-encoded HTML document. Running the cell shows that HTML: book/quizzes/
widget.js and widget.css inline, and the questions base64-encoded in an attribute, so the answers
are not readable before a reader chooses. The script draws the questions and shuffles the choices
in the browser; it needs no package and nothing from another host (site, JupyterLab, Colab).

    python scripts/quizzes.py     (make quizzes; then re-execute the chapters it changed)
"""
import base64
import html
import json
import re
import sys
import textwrap
import zlib

import nbformat
import yaml

from book_config import REPO, chapter_sources

QUIZ_DIR = REPO / "book" / "quizzes"
HEADING_ID, CELL_ID = "quiz-heading", "quiz"
HEADING = "## 스스로 확인하기"
BEFORE = "## 요약"  # the quiz goes just before the summary
TAG = "remove-input"
FIRST_LINE = "# 이 셀을 실행하면 퀴즈가 나옵니다. 정답은 미리 보이지 않게 인코딩해 두었습니다.\n"
BLOB = re.compile(r'^    "([A-Za-z0-9+/=]+)"$', re.M)


def quiz_path(chapter):
    return QUIZ_DIR / f"{chapter.stem}.yml"


def load(chapter) -> dict:
    return yaml.safe_load(quiz_path(chapter).read_text(encoding="utf-8"))


def inline(text: str) -> str:
    """Quiz text as HTML: escaped, `code` and **bold** marked up, blank lines between paragraphs."""
    out = html.escape(text.strip(), quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    paragraphs = [p.replace("\n", " ") for p in out.split("\n\n")]
    return paragraphs[0] if len(paragraphs) == 1 else "".join(f"<p>{p}</p>" for p in paragraphs)


def render(quiz: dict) -> str:
    """The quiz as the HTML the cell displays (deterministic: the browser does the shuffling)."""
    data = {"questions": [
        {"text": inline(q["text"]), "code": q.get("code", "").rstrip("\n"),
         "choices": [{"text": inline(c["text"]), "why": inline(c["why"]), "right": int(bool(c.get("right")))}
                     for c in q["choices"]]}
        for q in quiz["questions"]]}
    encoded = base64.b64encode(json.dumps(data, ensure_ascii=False).encode("utf-8")).decode("ascii")
    css = (QUIZ_DIR / "widget.css").read_text(encoding="utf-8").strip()
    js = (QUIZ_DIR / "widget.js").read_text(encoding="utf-8").strip()
    return (f'<div class="pbq" lang="ko" data-q="{encoded}">\n<style>\n{css}\n</style>\n'
            '<p class="pbq-nojs">퀴즈가 보이지 않으면 이 셀을 실행하세요.</p>\n'
            f"<script>\n{js}\n</script>\n</div>")


def cell_source(page: str) -> str:
    blob = base64.b64encode(zlib.compress(page.encode("utf-8"), 9)).decode("ascii")
    lines = "\n".join(f'    "{part}"' for part in textwrap.wrap(blob, 80))
    return (FIRST_LINE + "import base64, zlib\nfrom IPython.display import HTML\n\n"
            f"HTML(zlib.decompress(base64.b64decode(\n{lines}\n)).decode())")


def decode_cell(source: str) -> str:
    """The HTML a quiz cell's source displays (what tests compare with render())."""
    return zlib.decompress(base64.b64decode("".join(BLOB.findall(source)))).decode("utf-8")


def heading_source(quiz: dict) -> str:
    n = len(quiz["questions"])
    return (f"{HEADING}\n\n이 장의 핵심을 문제 {n}개로 확인해 봅니다. 보기를 고르면 그 보기가 왜 맞는지, "
            "왜 틀렸는지 설명이 나오고, 틀리면 다시 고를 수 있습니다. Colab이나 Jupyter에서는 "
            "아래 셀을 실행하면 퀴즈가 나타납니다.")


def update(nb, quiz: dict) -> bool:
    """Put the quiz cells into the notebook (new, or updated in place); True when something changed."""
    ids = [c.get("id") for c in nb.cells]
    heading, source = heading_source(quiz), cell_source(render(quiz))
    if CELL_ID in ids:
        cell = nb.cells[ids.index(CELL_ID)]
        intro = nb.cells[ids.index(HEADING_ID)]
        if decode_cell(cell.source) == render(quiz) and intro.source == heading:
            return False
        cell.source, intro.source = source, heading
        return True
    at = next(i for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and ("\n" + c.source).count("\n" + BEFORE))
    if not nb.cells[at].source.startswith(BEFORE):  # the summary starts inside a cell: split it there
        cell = nb.cells[at]
        head, rest = cell.source.split("\n" + BEFORE, 1)
        cell.source = head.rstrip("\n")
        at += 1
        nb.cells[at:at] = [nbformat.v4.new_markdown_cell(BEFORE + rest, id="summary")]
    intro = nbformat.v4.new_markdown_cell(heading, id=HEADING_ID)
    cell = nbformat.v4.new_code_cell(source, id=CELL_ID, metadata={"tags": [TAG]})
    nb.cells[at:at] = [intro, cell]
    return True


def main() -> int:
    changed = []
    for chapter in chapter_sources():
        if not quiz_path(chapter).exists():
            continue
        nb = nbformat.read(chapter, as_version=nbformat.NO_CONVERT)
        if update(nb, load(chapter)):
            nbformat.write(nb, chapter)
            changed.append(chapter.name)
    print("quiz cells written:", ", ".join(changed) or "none",
          "(re-execute these: make execute NB=chapters/NAME)" if changed else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
