"""Readers meet the lesson only: the reader copies in notebooks/ hold no test machinery.

The chapter sources (chapters/) carry hidden checks and nbval tags; the reader copies that Colab,
Jupyter and the site show are made from them by scripts/make_reader_notebooks.py. These tests fail
when a reader copy is stale, when anything that exists for our checks leaks into it, when a solution
is not folded, when a link derived from the repository address is missing or doubled, or when
removing the checks would break the reader's run.
"""
import ast
import copy
import re

import nbformat
import pytest

from book_config import READERS_DIR, colab_url, numbered
from helpers import NOTEBOOKS, code_cells, names, parse, read_notebook, source, tags
from make_reader_notebooks import CHECK_TAG, FOLDED, badge, reader_copy

MACHINERY = ("nbval", "remove-cell")


def reader(path):
    target = READERS_DIR / path.name
    assert target.exists(), f"{target.name}: no reader copy in notebooks/ (run `make readers`)"
    return read_notebook(target)


def test_reader_copy_is_fresh(notebook):
    path, nb = notebook
    expected = nbformat.writes(reader_copy(nb, path.name))
    actual = nbformat.writes(reader(path))
    assert actual == expected, f"notebooks/{path.name} is stale: run `make readers` after changing chapters/{path.name}"


def test_no_reader_copy_without_a_source():
    orphans = {p.name for p in numbered(READERS_DIR)} - {p.name for p in NOTEBOOKS}
    assert not orphans, f"reader copies without a chapter source: {sorted(orphans)}"


def test_no_test_machinery_in_reader_copy(notebook):
    path, _ = notebook
    nb = reader(path)
    assert "book" not in nb.metadata, f"notebooks/{path.name}: notebook metadata 'book' is for the checks only"
    for i, cell in enumerate(nb.cells, 1):
        text = source(cell) + " " + " ".join(tags(cell))
        leaked = [word for word in MACHINERY if word in text]
        assert not leaked, f"notebooks/{path.name} cell {i}: reader sees test machinery {leaked}"
    for i, cell in code_cells(nb):
        body = parse(source(cell)).body
        assert not body or not all(isinstance(node, ast.Assert) for node in body), (
            f"notebooks/{path.name} cell {i}: a cell of bare assertions is a check, not a lesson (tag it {CHECK_TAG})")


def test_reader_copy_has_the_generated_badge_once(notebook):
    """The badge opens this very copy in Colab, sits in the title cell, and appears nowhere else."""
    path, _ = notebook
    nb = reader(path)
    text = "\n".join(source(c) for c in nb.cells if c.cell_type == "markdown")
    assert badge(path.name) in source(nb.cells[0]), f"notebooks/{path.name}: no generated Colab badge in the title cell"
    assert text.count("colab-badge.svg") == 1, f"notebooks/{path.name}: more than one Colab badge"


def test_reader_copy_links_its_assignment_in_colab(notebook):
    """연습 문제 links the chapter's own student notebook, once, with the generated Colab link."""
    path, _ = notebook
    text = "\n".join(source(c) for c in reader(path).cells if c.cell_type == "markdown")
    link = colab_url(f"assignments/student/{path.name}")
    assert text.count(f"]({link})") == 1, f"notebooks/{path.name}: 연습 문제 must link {link} once"
    relative = re.findall(r"\]\((?!https?://|#)[^)]*\.ipynb\)", text)
    assert not relative, f"notebooks/{path.name}: links {relative} work only in a checkout (make readers)"


def test_make_readers_refuses_a_typed_badge(notebook):
    """A source that types its badge (as chapters did before make readers wrote it) stops make readers."""
    path, nb = notebook
    typed = copy.deepcopy(nb)
    typed.cells[0].source += f"\n\n{badge(path.name)}"
    with pytest.raises(ValueError, match="make readers writes them"):
        reader_copy(typed, path.name)


def test_solutions_and_drawing_code_are_folded(notebook):
    path, _ = notebook
    nb = reader(path)
    for i, cell in code_cells(nb):
        for tag, title in FOLDED.items():
            if tag in tags(cell):
                assert cell.metadata.get("cellView") == "form" and source(cell).startswith(f"# @title {title}"), (
                    f"notebooks/{path.name} cell {i}: {tag} cell is not folded in Colab")
                assert cell.metadata.get("jupyter", {}).get("source_hidden"), (
                    f"notebooks/{path.name} cell {i}: {tag} cell is not folded in Jupyter")


def test_solutions_show_no_answer_before_they_are_run(notebook):
    """Colab shows a folded cell's stored output, which usually is the answer."""
    path, _ = notebook
    for i, cell in code_cells(reader(path)):
        if "hide-cell" in tags(cell):
            assert not cell.outputs, f"notebooks/{path.name} cell {i}: a solution keeps its output"


def test_nbval_copy_is_the_reader_copy_with_its_checks(notebook):
    """make nbval checks reader_copy(for_nbval=True): the reader copy plus the solutions' outputs
    and the ignore tags, nothing else."""
    path, nb = notebook
    published, checked = reader(path), reader_copy(nb, path.name, for_nbval=True)
    assert len(published.cells) == len(checked.cells)
    for i, (a, b) in enumerate(zip(published.cells, checked.cells), 1):
        assert a.source == b.source, f"{path.name} reader cell {i}: nbval checks other code"
        if a.cell_type == "code" and "hide-cell" not in tags(a):
            assert a.outputs == b.outputs, f"{path.name} reader cell {i}: nbval compares other outputs"
        assert set(tags(b)) - set(tags(a)) <= {"nbval-ignore-output"}


def test_removed_checks_define_nothing_the_lesson_uses(notebook):
    """A name first bound in a check cell and read later by the lesson would break the reader copy."""
    path, nb = notebook
    bound_by_lesson, bound_only_by_checks = set(), {}
    for i, cell in code_cells(nb):
        if CHECK_TAG in tags(cell):
            for name in names(source(cell), ast.Store) - bound_by_lesson:
                bound_only_by_checks.setdefault(name, i)
            continue
        # names the cell binds itself (loop and comprehension variables) are its own
        used = (names(source(cell), ast.Load) - names(source(cell), ast.Store)) & set(bound_only_by_checks)
        assert not used, (f"chapters/{path.name} cell {i} uses {sorted(used)}, defined only in the hidden check "
                          f"cell {bound_only_by_checks[sorted(used)[0]]}: readers would get a NameError")
        bound_by_lesson |= names(source(cell), ast.Store)
        for name in bound_by_lesson:
            bound_only_by_checks.pop(name, None)


def test_run_all_does_not_stop(notebook):
    """Colab's and Jupyter's "Run all" stop at the first cell that raises: error demos must catch and print."""
    path, nb = notebook
    raising = [i for i, c in code_cells(nb) if any(o.output_type == "error" for o in c.outputs)]
    assert not raising, (f"chapters/{path.name} cells {raising} raise: Run all would stop there "
                         "(show the error with try/except and print it)")


# imported for what importing does, not for a name the reader uses
IMPORTED_FOR_EFFECT = {"koreanize_matplotlib"}  # gives matplotlib a Korean font


def test_reader_copy_uses_what_it_imports(notebook):
    """An import only a hidden check needs belongs in that check: the reader would wonder what it is for."""
    path, _ = notebook
    imported, used = set(), set()
    for _, cell in code_cells(reader(path)):
        tree = parse(source(cell))
        imported |= {a.asname or a.name.split(".")[0] for n in ast.walk(tree)
                     if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
        used |= names(source(cell), ast.Load)
    unused = imported - used - IMPORTED_FOR_EFFECT
    assert not unused, f"notebooks/{path.name} imports {sorted(unused)} and never uses them"
