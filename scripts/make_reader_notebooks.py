"""Write the reader copies in notebooks/ from the chapter sources in chapters/.

A chapter source carries what the book's checks need: hidden assertion cells (tag ``remove-cell``)
and tags that only nbval reads. A reader who opens a chapter in Colab, in Jupyter or on the site
should meet the lesson and nothing else, so each reader copy

- drops the cells tagged ``remove-cell`` (their assertions still run on the source in ``make test``),
- numbers the remaining code cells 1..N again, as one clean run would,
- folds exercise solutions (``hide-cell``), figure-drawing code (``hide-input``) and the quiz cell
  (``remove-input``, which the site shows without its code): Jupyter's
  ``source_hidden`` metadata, and a Colab form title so Colab shows a one-line "풀이 보기" bar,
- leaves out the stored outputs of solutions (Colab shows them under the folded code, and they
  usually are the answer),
- drops the tags and metadata that only the checks read,
- writes the links derived from the repository address (``repository.url`` in _config.yml), which
  no chapter source holds: the Colab badge, just before the title cell's first ``##`` heading, and
  each link to a repository notebook (``[과제 노트북 열기 (Colab)](../assignments/student/NN_name.ipynb)``
  in the source, relative so that it opens in an author's Jupyter) as that notebook's Colab link,
  and each relative link to another repository file (``[...](../bench/gpu.md)``) as its GitHub page.

``main`` also points README's link to the published book at the same address. After changing
``repository.url`` (a fork), ``make readers assignments`` is all it takes (CONTRIBUTING.md, Forking).

`make nbval` checks the reader copies too: it runs ``reader_copy(source, name, for_nbval=True)``, the same
copy with the solutions' outputs and the ``nbval-ignore-output`` tags kept, so that nbval compares
what a reader's run prints with what the page shows, under the source's ignore rules.

    python scripts/make_reader_notebooks.py        (make readers; make execute runs it too)
"""
import copy
import re
import sys

import nbformat

from book_config import (CHAPTERS_DIR, COLAB_BADGE, READERS_DIR, REPO, chapter_sources, colab_url, github_url,
                         numbered, pages_url)

CHECK_TAG = "remove-cell"
IGNORE_TAG = "nbval-ignore-output"  # nbval runs the cell but does not compare its output
FOLDED = {  # tag -> the Colab form title shown instead of the code
    "hide-cell": "풀이 보기",
    "hide-input": "그림을 그리는 코드",
    "remove-input": "퀴즈를 보여 주는 코드",  # the site shows only the quiz (scripts/quizzes.py)
}
COLAB_TITLE = "# @title {title} {{display-mode: \"form\"}}\n"
BADGE = "[![Colab에서 열기]({badge})]({url})"
NOTEBOOK_LINK = re.compile(r"\]\(\.\./([\w/.-]+\.ipynb)\)")  # ](../assignments/student/NN_name.ipynb)
FILE_LINK = re.compile(r"\]\(\.\./([\w/.-]+\.(?!ipynb\))\w+)\)")  # ](../bench/gpu.md): not on the site
TYPED = ("colab-badge.svg", "colab.research.google.com/github/")  # what only this module writes
PAGES_URL = re.compile(r"https://[A-Za-z0-9-]+\.github\.io/(?:[^/\s)>]+/)?")  # README's link to the book


def badge(name):
    """The Colab badge of the reader copy notebooks/<name>."""
    return BADGE.format(badge=COLAB_BADGE, url=colab_url(f"{READERS_DIR.name}/{name}"))


def write_links(nb, name):
    """Put the derived links into `nb` (a reader copy of chapter `name`), in place."""
    for i, cell in enumerate(nb.cells, 1):
        typed = [t for t in TYPED if cell.cell_type == "markdown" and t in cell.source]
        if typed:
            raise ValueError(f"chapters/{name} cell {i} types {typed[0]}: leave out the badge and link "
                             "notebooks relatively (../assignments/student/NN_name.ipynb): make readers writes them")
    first = nb.cells[0]
    head, heading, rest = first.source.partition("\n## ")
    first.source = f"{head.rstrip()}\n\n{badge(name)}" + (f"\n{heading}{rest}" if heading else "")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = NOTEBOOK_LINK.sub(lambda m: f"]({colab_url(m[1])})", cell.source)
            cell.source = FILE_LINK.sub(lambda m: f"]({github_url(m[1])})", cell.source)


def reader_copy(source_nb, name, for_nbval=False):
    """The reader copy of the chapter notebook `name` (a new object; the source is not changed).

    With for_nbval, the copy nbval checks: solutions keep their outputs, cells keep the ignore tag.
    """
    nb = copy.deepcopy(source_nb)
    write_links(nb, name)
    nb.metadata.pop("book", None)
    kept = [c for c in nb.cells if CHECK_TAG not in c.get("metadata", {}).get("tags", [])]
    count = 0
    for cell in kept:
        cell.pop("id", None)
        if cell.cell_type != "code":
            continue
        tags = [t for t in cell.metadata.get("tags", []) if for_nbval or t != IGNORE_TAG]
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        count += 1
        cell.execution_count = count
        for output in cell.outputs:
            if output.output_type == "execute_result":
                output.execution_count = count
        for tag, title in FOLDED.items():
            if tag in tags:
                cell.source = COLAB_TITLE.format(title=title) + cell.source
                cell.metadata["cellView"] = "form"
                cell.metadata["jupyter"] = {"source_hidden": True}
                if tag == "hide-cell" and not for_nbval:
                    cell.outputs = []
    nb.cells = kept
    nb.nbformat_minor = max(nb.nbformat_minor, 5)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i + 1}"
    return nb


def reader_path(source_path):
    return READERS_DIR / source_path.name


def main() -> int:
    READERS_DIR.mkdir(exist_ok=True)
    written = 0
    for path in chapter_sources():
        nb = reader_copy(nbformat.read(path, as_version=nbformat.NO_CONVERT), path.name)
        text = nbformat.writes(nb) + "\n"
        target = reader_path(path)
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written += 1
    stale = sorted(p.name for p in numbered(READERS_DIR)
                   if not (CHAPTERS_DIR / p.name).exists())
    for name in stale:
        (READERS_DIR / name).unlink()
    print(f"reader copies: {written} written, {len(stale)} removed, in {READERS_DIR.name}/")
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    if PAGES_URL.sub(pages_url(), text) != text:
        readme.write_text(PAGES_URL.sub(pages_url(), text), encoding="utf-8")
        print(f"README.md now links the book at {pages_url()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
