"""Checks for the classroom assignments (assignments/, built by scripts/build_assignments.py).

Every source in assignments/source/ is checked (the 11 chapters are required); one fresh build of
all of them goes to a temporary folder. Per chapter:
- the source is complete (at least 4 questions, a concept check, a classic-mistake question);
- the committed student notebook equals the fresh build (else: run `make assignments`);
- the student notebook has the Korean header with a link to the chapter, a first code cell that
  installs otter-grader only where missing, no outputs and no solution code or text;
- grading with the autograder: the student notebook filled in with the solutions gets full marks
  with every test case passing, and the blank student notebook gets zero, every test case of every
  question failing (so no test passes on an empty answer).
Grading runs offline: chapters without data go through `otter run`'s own code path
(otter.api.grade_submission); chapters that read FashionMNIST/MNIST are graded by the same grading
function in a folder where only data/ is linked in (otter run would download the data).
Once (chapter 01): a filled-in student notebook alone in an empty folder passes every grader.check,
as in Colab, where no other file comes with it.
Takes about 5 minutes on 2 CPU cores (about 20 s per chapter to grade).
"""
import contextlib
import io
import os
import re
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest

from helpers import REPO  # also puts scripts/ on sys.path

import build_assignments  # noqa: E402, I001
from isolated import make_isolated_folder  # noqa: E402

SOURCE = REPO / "assignments" / "source"
STUDENT = REPO / "assignments" / "student"
REQUIRED = [
    "01_tensors", "02_autograd", "03_datasets", "04_layers", "05_modules", "06_parameters",
    "07_custom_layers", "08_save_load", "09_gpu", "10_training", "11_cnn",
]
# every source is checked, so a new chapter's assignment needs only its source file
CHAPTERS = sorted(path.stem for path in SOURCE.glob("[0-9][0-9]_*.ipynb"))


def source_nb(stem):
    return nbformat.read(SOURCE / f"{stem}.ipynb", as_version=4)


def questions(stem):
    """Question names and their prompt text, in order, from the source notebook."""
    found, cells = [], source_nb(stem).cells
    for i, cell in enumerate(cells):
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            name = re.search(r"^name:\s*(\S+)", cell.source, re.M).group(1)
            found.append((name, cells[i + 1].source))
    return found


def solution_lines(stem, single_only=False):
    """Every line of solution code in the source (the lines students must write themselves).

    ``single_only``: only the lines marked ``# SOLUTION`` (otter turns ``x = value  # SOLUTION`` into
    ``x = ...``), not those inside ``# BEGIN SOLUTION`` blocks (which become a bare ``...``)."""
    lines, cells, inside = [], source_nb(stem).cells, False
    for cell in cells:
        if cell.cell_type == "raw" and cell.source.strip() in ("# BEGIN SOLUTION", "# END SOLUTION"):
            inside = cell.source.strip() == "# BEGIN SOLUTION"
            continue
        if inside and cell.cell_type == "code":
            block = False
            for line in cell.source.splitlines():
                if line.strip().startswith("# BEGIN SOLUTION"):
                    block = True
                elif line.strip().startswith("# END SOLUTION"):
                    block = False
                elif (block and not single_only) or line.rstrip().endswith("# SOLUTION"):
                    lines.append(line.replace("# SOLUTION", "").strip())
        elif inside and cell.cell_type == "markdown" and not single_only:
            lines.extend(line.strip() for line in cell.source.splitlines())
    return [line for line in lines if line and line != "..."]


@pytest.fixture(scope="session")
def fresh(tmp_path_factory):
    """One fresh build of every chapter: {"student": folder, "dist": folder}."""
    out = tmp_path_factory.mktemp("assignments")
    build_assignments.build(CHAPTERS, out)
    return {"student": out / "student", "dist": out / "dist"}


def test_every_chapter_has_a_source():
    missing = sorted(set(REQUIRED) - set(CHAPTERS))
    assert not missing, f"assignments/source/ lacks the assignments of {missing}"
    others = sorted(p.name for p in SOURCE.glob("*.ipynb") if p.stem not in CHAPTERS)
    assert not others, f"assignments/source/: names should look like NN_name.ipynb: {others}"
    students = sorted(p.stem for p in STUDENT.glob("*.ipynb"))
    assert students == CHAPTERS, f"assignments/student/ should match the sources {CHAPTERS}, found {students}: run `make assignments`"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_source_questions(stem):
    qs = questions(stem)
    assert len(qs) >= 4, f"{stem}: {len(qs)} questions, at least 4 wanted"
    kinds = [re.search(r"\[(코드|개념 확인|흔한 실수)\]", prompt) for _, prompt in qs]
    for (name, _), kind in zip(qs, kinds):
        assert kind, f"{stem} {name}: the prompt title should say [코드], [개념 확인] or [흔한 실수]"
    kinds = {kind.group(1) for kind in kinds}
    assert "개념 확인" in kinds, f"{stem}: no concept-check question ([개념 확인])"
    assert "흔한 실수" in kinds, f"{stem}: no classic-mistake question ([흔한 실수])"
    assert "코드" in kinds or "흔한 실수" in kinds, f"{stem}: no code question"
    assert [name for name, _ in qs] == [f"q{i}" for i in range(1, len(qs) + 1)], (
        f"{stem}: questions should be named q1, q2, ... in order"
    )


@pytest.mark.parametrize("stem", CHAPTERS)
def test_student_notebook_is_up_to_date(stem, fresh):
    committed = STUDENT / f"{stem}.ipynb"
    assert committed.exists(), f"{stem}: assignments/student/{stem}.ipynb missing: run `make assignments`"
    assert committed.read_bytes() == (fresh["student"] / f"{stem}.ipynb").read_bytes(), (
        f"{stem}: assignments/student/{stem}.ipynb is stale relative to its source: run `make assignments`"
    )


@pytest.mark.parametrize("stem", CHAPTERS)
def test_student_notebook_header_and_setup(stem):
    nb = nbformat.read(STUDENT / f"{stem}.ipynb", as_version=4)
    header = nb.cells[0]
    assert header.cell_type == "markdown" and header.source.startswith("# 과제 "), (
        f"{stem}: the student notebook should start with a '# 과제 ...' header"
    )
    assert "자동 채점" in header.source, f"{stem}: the header should say it is an auto-graded assignment"
    assert f"/notebooks/{stem}.ipynb)" in header.source, f"{stem}: the header should link to the chapter"
    assert f"/assignments/student/{stem}.ipynb)" in header.source, f"{stem}: no Colab badge in the header"
    setup = next(cell for cell in nb.cells if cell.cell_type == "code")
    assert setup.source == nb.cells[1].source, f"{stem}: the setup cell should come right after the header"
    assert re.search(r'if importlib\.util\.find_spec\("otter"\) is None:.*\n\s+%pip install -q "otter-grader',
                     setup.source), f"{stem}: the first code cell should install otter-grader only where missing"
    assert "grader = otter.Notebook(" in setup.source, f"{stem}: the first code cell should create `grader`"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{stem}: outputs stored in {cell.id}"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_no_solution_leaks(stem):
    nb = nbformat.read(STUDENT / f"{stem}.ipynb", as_version=4)
    text = "\n".join(cell.source for cell in nb.cells)
    for marker in ("# SOLUTION", "BEGIN SOLUTION", "END SOLUTION", "BEGIN TESTS", "ASSIGNMENT CONFIG"):
        assert marker not in text, f"{stem}: {marker!r} left in the student notebook"
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    student_lines = {line.strip() for source in code for line in source.splitlines()}
    for line in solution_lines(stem):
        assert line not in student_lines, f"{stem}: solution line leaked into the student notebook: {line!r}"
    for line in solution_lines(stem, single_only=True):
        # an answer written as `name = value` must become `name = ...` (e.g. a multiple-choice letter)
        target = re.match(r"^([\w.,\[\]\"' ]+?)\s*=\s*(?!=)", line)
        if target and not line.startswith(("for ", "if ", "with ", "return ")):
            assert f"{target.group(1)} = ..." in student_lines, (
                f"{stem}: {target.group(1)!r} should be left as `{target.group(1)} = ...` for the student"
            )


def needs_data(stem):
    """Whether the assignment reads a dataset (``root="data"``), which `otter run` would download."""
    return any('root="data"' in cell.source for cell in source_nb(stem).cells)


def grade(notebook: Path, autograder: Path):
    """Grade ``notebook`` with the autograder bundle; return {question: [test case passed, ...]} and score."""
    from otter.api import grade_submission
    from otter.execute import grade_notebook

    log = io.StringIO()
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp, contextlib.redirect_stdout(log):
        tmp = Path(tmp)
        if not needs_data(notebook.stem):
            results = grade_submission(str(notebook), str(autograder), quiet=True)
        else:
            folder = make_isolated_folder(tmp / "run")
            with zipfile.ZipFile(autograder) as bundle:
                bundle.extractall(tmp / "autograder")
            tests = sorted(str(p) for p in (tmp / "autograder" / "tests").glob("*.py"))
            cwd = os.getcwd()
            os.chdir(folder)
            try:
                results = grade_notebook(str(notebook), tests_glob=tests,
                                         test_dir=str(tmp / "autograder" / "tests"))
            finally:
                os.chdir(cwd)
    cases = {
        name: [case.passed for case in test_file.test_case_results]
        for name, test_file in results.results.items()
    }
    messages = {
        name: "\n".join(case.message for case in test_file.test_case_results if not case.passed)[-600:]
        for name, test_file in results.results.items()
    }
    return cases, messages, results.total, results.possible


def filled_in(stem, fresh, folder: Path) -> Path:
    """The student notebook with every answer cell filled in from the solution notebook."""
    student = nbformat.read(fresh["student"] / f"{stem}.ipynb", as_version=4)
    solution = nbformat.read(fresh["dist"] / f"{stem}-solution.ipynb", as_version=4)
    assert len(student.cells) == len(solution.cells), f"{stem}: student and solution notebooks differ in cells"
    for cell, answer in zip(student.cells, solution.cells):
        if "otter_answer_cell" in cell.metadata.get("tags", []):
            cell.source = answer.source
    path = folder / f"{stem}.ipynb"
    nbformat.write(student, path)
    return path


def test_grader_check_needs_no_other_file(fresh, tmp_path):
    """A filled-in student notebook, alone in an empty folder (as in Colab), passes every grader.check."""
    from nbclient import NotebookClient

    stem = "01_tensors"
    nb = nbformat.read(filled_in(stem, fresh, tmp_path), as_version=4)
    folder = make_isolated_folder(tmp_path / "alone")
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    checks = [cell for cell in nb.cells if cell.source.startswith("grader.check(")]
    assert len(checks) == len(questions(stem)), f"{stem}: one grader.check cell per question expected"
    for cell in checks:
        text = "".join(str(out.get("data", {}).get("text/plain", "")) + out.get("text", "") for out in cell.outputs)
        assert "All test cases passed" in text, f"{stem}: {cell.source} did not pass: {text[:300]}"


@pytest.mark.parametrize("stem", CHAPTERS)
def test_grading(stem, fresh, tmp_path):
    autograder = fresh["dist"] / f"{stem}-autograder.zip"
    names = [name for name, _ in questions(stem)]

    filled, messages, total, possible = grade(filled_in(stem, fresh, tmp_path), autograder)
    assert sorted(filled) == sorted(names), f"{stem}: graded questions {sorted(filled)} != {names}"
    for name in names:
        assert filled[name] and all(filled[name]), (
            f"{stem} {name}: the solution fails test cases {filled[name]} (True = passed):\n{messages[name]}"
        )
    assert total == possible > 0, f"{stem}: filled-in notebook scored {total}/{possible}"

    blank, _, total, possible = grade(fresh["student"] / f"{stem}.ipynb", autograder)
    for name in names:
        assert blank.get(name) and not any(blank[name]), (
            f"{stem} {name}: a blank answer passes test cases {blank.get(name)} (True = passed)"
        )
    assert total == 0, f"{stem}: the blank notebook scored {total}/{possible}"
