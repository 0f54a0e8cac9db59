"""Checks for the classroom assignments (assignments/, built by scripts/build_assignments.py).

Every source in assignments/source/ is checked (the 11 chapters are required); one fresh build of
all of them goes to a temporary folder. Per chapter:
- the source is complete (at least 4 questions, a concept check, a classic-mistake question), every
  question is graded all-or-nothing and has public tests (in the student notebook) and hidden tests
  (only in the autograder zip);
- no public test contains an answer (a multiple-choice letter, a numeric answer, a key value); hidden
  tests compare in plain text (the public sources hold the answers anyway; a class's own answers are
  kept private by its own build, tests/test_class_variants.py);
- the committed student notebook equals the fresh build (else: run `make assignments`);
- the student notebook has the Korean header with a link to the chapter, a first code cell that
  installs otter-grader only where missing, no outputs and no solution code or text;
- grading through the fast path (the chapter's setup and one question's cells run with exec() in this
  process, the values the tests need are copied with dill as `make grade` copies them out of the
  kernel, then that question's test file from the zip runs on them): the solution scores full
  marks on every question, the blank notebook zero with every test case failing, each answer in
  tests/assignment_answers.py.WRONG scores zero on its question and each one in RIGHT full marks.
Once (chapter 01): a filled-in student notebook alone in an empty folder passes every grader.check,
as in Colab; and `otter run`'s own code (otter.api.grade_submission) grades the solution and the blank
notebook with the zip. The grading command (scripts/grade_class.py) is tested in
tests/test_grade_class.py.
About a minute on 2 idle CPU cores.
"""
import ast
import re
from pathlib import Path

import nbformat
import pytest

import build_assignments
import grade_tests
from grade_worker import names_tested
from assignment_answers import RIGHT, WRONG
from book_config import ASSIGNMENT_SOURCES as SOURCE, ASSIGNMENT_STUDENT as STUDENT, chapter_sources, numbered
from isolated import make_isolated_folder

pytestmark = pytest.mark.slow  # minutes: make test runs it, make check does not

REQUIRED = [p.stem for p in chapter_sources()]  # every chapter has an assignment
# every source is checked, so a new chapter's assignment needs only its source file
CHAPTERS = [path.stem for path in numbered(SOURCE)]


def source_nb(stem):
    """The source as the public build sees it: every placeholder filled with its default."""
    return build_assignments.render(nbformat.read(SOURCE / f"{stem}.ipynb", as_version=4), stem)


def questions(stem):
    """Question names and their prompt text (the cell after the config), in order, from the source."""
    nb = source_nb(stem)
    return [(name, nb.cells[cells[1]].source) for name, cells in build_assignments.question_spans(nb).items()]


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
def test_source_has_every_kind_of_question(stem):
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
def test_student_notebook_holds_public_tests_only(stem):
    """The tests embedded (base64) in the setup cell are the public ones: no hidden test, no hash."""
    import base64
    import json

    setup = nbformat.read(STUDENT / f"{stem}.ipynb", as_version=4).cells[1].source
    payload = re.search(r'b64decode\("([^"]+)"\)', setup).group(1)
    for name, source in json.loads(base64.b64decode(payload)).items():
        assert "hidden=True" not in source and "sha256" not in source, f"{stem} {name}: a hidden test in the student notebook"
        assert "hidden=False" in source, f"{stem} {name}: no public test embedded"


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




def bundle_tests(stem, fresh) -> dict:
    """{question: test file source} from the freshly built autograder zip."""
    return build_assignments.load_bundle(fresh["dist"] / f"{stem}-autograder.zip")


def case_functions(source: str):
    """[(function AST, hidden?)] of one test file, as otter assign wrote it."""
    cases = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            (decorator,) = node.decorator_list
            hidden = next(k.value.value for k in decorator.keywords if k.arg == "hidden")
            cases.append((node, hidden))
    return cases


@pytest.mark.parametrize("stem", CHAPTERS)
def test_hidden_tests_for_every_question(stem, fresh):
    tests = bundle_tests(stem, fresh)
    assert sorted(tests) == sorted(name for name, _ in questions(stem)), f"{stem}: test files {sorted(tests)}"
    for name, source in tests.items():
        cases = case_functions(source)
        assert any(hidden for _, hidden in cases), f"{stem} {name}: no hidden test (first line `# HIDDEN`)"
        assert any(not hidden for _, hidden in cases), f"{stem} {name}: no public test for grader.check"
        assert re.search(r"^all_or_nothing = True$", source, re.M), (
            f"{stem} {name}: add `all_or_nothing: true` to the question's config (no points for half a test)"
        )


def answer_literals(stem):
    """{question: [literal answers]}: the right-hand sides of `name = <literal>  # SOLUTION` lines."""
    nb = source_nb(stem)
    found = {name: build_assignments.literal_answers(nb, cells)
             for name, cells in build_assignments.question_spans(nb).items()}
    return {name: values for name, values in found.items() if values}


# values a code question computes, which its public tests must not give away either
KEY_VALUES = {
    ("01_tensors", "q1"): [[1, 5, 9]], ("01_tensors", "q4"): [[0, 3, 1, 4, 2, 5]],
    ("02_autograd", "q1"): [14], ("03_datasets", "q1"): [10000, (1, 28, 28)],
    ("04_layers", "q1"): [(3, 5)], ("05_modules", "q1"): [58], ("06_parameters", "q1"): [325],
    ("06_parameters", "q3"): [105], ("06_parameters", "q5"): [(4, 7)],
}
CHOICES = {"A", "B", "C", "D"}


def leaks(function: ast.FunctionDef, answer, public: bool) -> list[str]:
    """Where a test function contains ``answer``: anywhere in its code (public tests), or anywhere but
    the comparison that checks it (hidden tests: e.g. in a message). A set of all choices A-D is no leak."""
    choice_sets = [n for n in ast.walk(function) if isinstance(n, (ast.Set, ast.List, ast.Tuple))
                   and {getattr(e, "value", None) for e in n.elts} >= CHOICES]
    allowed = {id(e) for n in choice_sets for e in n.elts}
    compared = {id(part) for n in ast.walk(function) if isinstance(n, ast.Compare)
                for part in [n.left, *n.comparators]}
    number = None if isinstance(answer, str) else answer
    found = []
    for node in ast.walk(function):
        if id(node) in allowed or (not public and (id(node) in compared or not isinstance(node, ast.Constant))):
            continue
        if isinstance(node, (ast.Tuple, ast.List)) and isinstance(answer, (tuple, list)):
            try:
                if list(ast.literal_eval(node)) == list(answer):
                    found.append(ast.unparse(node))
            except (ValueError, TypeError, SyntaxError):
                pass
        if not isinstance(node, ast.Constant):
            continue
        value = node.value
        if isinstance(value, str):
            if isinstance(answer, str) and value.strip().upper() == answer.strip().upper():
                found.append(repr(value))
            if isinstance(number, (int, float)) and re.search(
                    rf"(?<![0-9A-Za-z.]){float(number):g}(\.0+)?(?![0-9A-Za-z.])", value):
                found.append(repr(value))
        elif isinstance(number, (int, float)) and not isinstance(value, bool) and value == number and public:
            found.append(repr(value))
    return found


@pytest.mark.parametrize("stem", CHAPTERS)
def test_tests_do_not_leak_answers(stem, fresh):
    tests = bundle_tests(stem, fresh)
    literals = answer_literals(stem)
    for (chapter, name), values in KEY_VALUES.items():
        if chapter == stem:
            literals.setdefault(name, []).extend(values)
    for name, source in tests.items():
        for function, hidden in case_functions(source):
            for answer in literals.get(name, []):
                if hidden and (stem, name) in KEY_VALUES and answer in KEY_VALUES[(stem, name)]:
                    continue  # hidden tests may check a code question's values
                where = leaks(function, answer, public=not hidden)
                kind = "hidden" if hidden else "public"
                assert not where, f"{stem} {name}: the {kind} test {function.name} contains the answer {answer!r}: {where}"


# ---------------------------------------------------------------------------------------------
# grading through the fast path


def chapter_cells(stem, fresh):
    """(preamble code, {question: [(kind, student source, solution source)]}) from the fresh build.

    kind is "answer" for a cell the student fills in, "given" for other code inside the question."""
    student = nbformat.read(fresh["student"] / f"{stem}.ipynb", as_version=4)
    solution = nbformat.read(fresh["dist"] / f"{stem}-solution.ipynb", as_version=4)
    preamble, parts, current = [], {}, None
    for cell, solved in zip(student.cells, solution.cells):
        if cell.cell_type == "markdown":
            m = re.match(r"###\s*문제\s*(\d+)\.", cell.source)
            if m:
                current = f"q{m.group(1)}"
                parts[current] = []
            elif cell.source.startswith("## 마치며"):
                current = None
            continue
        if cell.cell_type != "code" or "otter_setup" in cell.metadata.get("tags", []):
            continue
        if cell.source.startswith("grader.check("):
            continue
        if current is None:
            preamble.append(cell.source)
        else:
            kind = "answer" if "otter_answer_cell" in cell.metadata.get("tags", []) else "given"
            parts[current].append((kind, cell.source, solved.source))
    return preamble, parts


def run_cells(sources, folder: Path, monkeypatch) -> dict:
    """exec() each source in one namespace inside ``folder``; a failing cell is skipped, as in otter."""
    monkeypatch.chdir(folder)
    namespace = {"__name__": "__main__"}
    for source in sources:
        try:
            exec(compile(source, "<cell>", "exec"), namespace)
        except Exception:  # noqa: BLE001 - a student's cell may fail; grading goes on
            pass
    return namespace


def grade_fast(stem, fresh, tmp_path, monkeypatch, answers: dict, question=None):
    """Run the chapter (or one question) with ``answers`` ({question: code}, "solution" or "blank")."""
    preamble, parts = chapter_cells(stem, fresh)
    tests = bundle_tests(stem, fresh)
    names = [question] if question else list(parts)
    sources = list(preamble)
    for name in names:
        for kind, blank, solved in parts[name]:
            choice = answers.get(name, "solution")
            sources.append(solved if kind == "given" or choice == "solution" else blank if choice == "blank" else choice)
    folder = make_isolated_folder(tmp_path / "run")
    namespace = run_cells(sources, folder, monkeypatch)
    # as make grade does: the values the tests need leave the namespace through dill
    wanted = {n for name in names for n in names_tested(tests[name])}
    (tmp_path / "values").mkdir()
    info = grade_tests.pack_values({n: namespace[n] for n in wanted if n in namespace}, str(tmp_path / "values"))
    copied = grade_tests.unpack_values(str(tmp_path / "values"))
    return {
        # as make grade does: (score, possible, [passed per test case], [messages of failed cases])
        name: grade_tests.run_tests(
            {name: tests[name]},
            namespace if set(names_tested(tests[name])) & set(info["failed"]) else copied,
            per_question=120)[name]
        for name in names
    }


@pytest.mark.parametrize("stem", CHAPTERS)
def test_solution_full_marks_blank_zero(stem, fresh, tmp_path, monkeypatch):
    names = [name for name, _ in questions(stem)]
    for name, (score, possible, passed, messages) in grade_fast(
            stem, fresh, tmp_path / "solution", monkeypatch, {}).items():
        assert possible > 0 and score == possible and all(passed), (
            f"{stem} {name}: the solution scores {score}/{possible}, test cases {passed}:\n" + "\n".join(messages)[-800:]
        )
    blank = grade_fast(stem, fresh, tmp_path / "blank", monkeypatch, {name: "blank" for name in names})
    for name, (score, possible, passed, _) in blank.items():
        assert score == 0 and not any(passed), f"{stem} {name}: a blank answer passes test cases {passed}"


def answer_id(case):
    stem, (name, label, _) = case
    return f"{stem}-{name}-{label.replace(' ', '_')}"


WRONG_CASES = [(stem, case) for stem, cases in WRONG.items() for case in cases]
RIGHT_CASES = [(stem, case) for stem, cases in RIGHT.items() for case in cases]


def test_answer_sets_cover_every_chapter():
    for stem in CHAPTERS:
        assert len(WRONG.get(stem, [])) >= 3, f"{stem}: write at least three wrong answers in assignment_answers.py"


@pytest.mark.parametrize("case", WRONG_CASES, ids=[answer_id(c) for c in WRONG_CASES])
def test_wrong_answer_scores_zero(case, fresh, tmp_path, monkeypatch):
    stem, (name, label, code) = case
    score, possible, passed, _ = grade_fast(stem, fresh, tmp_path, monkeypatch, {name: code}, name)[name]
    assert score == 0, f"{stem} {name}: the wrong answer ({label}) scores {score}/{possible}, test cases {passed}"


@pytest.mark.parametrize("case", RIGHT_CASES, ids=[answer_id(c) for c in RIGHT_CASES])
def test_right_answer_scores_full(case, fresh, tmp_path, monkeypatch):
    stem, (name, label, code) = case
    score, possible, passed, messages = grade_fast(stem, fresh, tmp_path, monkeypatch, {name: code}, name)[name]
    assert score == possible > 0, (
        f"{stem} {name}: the right answer ({label}) scores {score}/{possible}:\n" + "\n".join(messages)[-800:]
    )


# ---------------------------------------------------------------------------------------------
# once, end to end: Colab-like grader.check and otter's own grading


def filled_in(stem, fresh, folder: Path) -> Path:
    """The student notebook with every answer cell filled in from the solution notebook."""
    student = nbformat.read(fresh["student"] / f"{stem}.ipynb", as_version=4)
    solution = nbformat.read(fresh["dist"] / f"{stem}-solution.ipynb", as_version=4)
    assert len(student.cells) == len(solution.cells), f"{stem}: student and solution notebooks differ in cells"
    for cell, answer in zip(student.cells, solution.cells):
        if "otter_answer_cell" in cell.metadata.get("tags", []):
            cell.source = answer.source
    folder.mkdir(parents=True, exist_ok=True)
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


def test_otter_run_grades_with_the_zip(fresh, tmp_path):
    """`otter run`'s code path with the zip: the solution gets full marks, the blank notebook zero."""
    import contextlib
    import io

    from otter.api import grade_submission

    stem = "01_tensors"
    autograder = fresh["dist"] / f"{stem}-autograder.zip"
    for notebook, full in ((filled_in(stem, fresh, tmp_path / "solved"), True),
                           (fresh["student"] / f"{stem}.ipynb", False)):
        with contextlib.redirect_stdout(io.StringIO()):
            results = grade_submission(str(notebook), str(autograder), quiet=True)
        assert sorted(results.results) == sorted(name for name, _ in questions(stem))
        if full:
            assert results.total == results.possible > 0, f"{stem}: the solution scored {results.total}/{results.possible}"
        else:
            assert results.total == 0, f"{stem}: the blank notebook scored {results.total}"
