"""Notebook hygiene: each chapter is one clean, strict, honest top-to-bottom run.

Every failure names the notebook and the cell (cells are numbered from 1, markdown included).
"""
import re
import unicodedata

import nbformat

from book_config import LOCK
from helpers import NOTEBOOKS, code_cells, is_ignored, read_notebook, source, strict_ratio, tags
from output_rules import output_text, unwanted

MAX_BYTES = 2_000_000
MIN_STRICT = 0.85
MIN_HIDDEN_ASSERTIONS = 3
CODE_COLUMNS = 88  # STYLE.md: lines of at most 88 columns, a Hangul syllable counting two
ABSOLUTE_PATH = re.compile(r"(/root/|/home/|/tmp/|/work/|/Users/|[A-Z]:\\\\|site-packages)")
MEMORY_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
STAMP = re.compile(r"^Python (\S+) · torch (\S+) · torchvision (\S+) · 장치 (\S+) · 실행 (\d{4}-\d\d-\d\d)$")


def test_is_valid_nbformat_4_with_the_python3_kernel(notebook):
    path, nb = notebook
    assert nb.nbformat == 4, f"{path.name}: nbformat {nb.nbformat}, expected 4"
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", f"{path.name}: kernelspec is not python3"


def test_file_stays_under_the_size_limit(notebook):
    path, _ = notebook
    assert path.stat().st_size < MAX_BYTES, f"{path.name}: {path.stat().st_size} bytes, limit {MAX_BYTES}"


def test_execution_counts_show_one_clean_run(notebook):
    path, nb = notebook
    counts = [(i, c.execution_count) for i, c in code_cells(nb)]
    expected = list(range(1, len(counts) + 1))
    for (i, count), want in zip(counts, expected):
        assert count == want, f"{path.name} cell {i}: execution count {count}, expected {want} (re-run top to bottom)"


def test_outputs_hold_no_warning_path_or_address(notebook):
    path, nb = notebook
    for i, cell in code_cells(nb):
        for output in cell.outputs:
            text = output_text(output)
            why = unwanted(output)
            assert not why, f"{path.name} cell {i}: {why}"
            assert not ABSOLUTE_PATH.search(text), f"{path.name} cell {i}: absolute local path in output"
            assert not MEMORY_ADDRESS.search(text), f"{path.name} cell {i}: memory address in output"


def test_starts_with_the_title(notebook):
    path, nb = notebook
    first = source(nb.cells[0])
    number = path.stem[:2]
    assert nb.cells[0].cell_type == "markdown" and re.match(rf"# {number}\. \S", first), (
        f"{path.name} cell 1: must start with the H1 title '# {number}. ...'")


def test_strict_output_comparison(notebook):
    path, nb = notebook
    strict, total = strict_ratio(nb)
    assert total and strict / total >= MIN_STRICT, (
        f"{path.name}: only {strict}/{total} output cells compared strictly by nbval (need {MIN_STRICT:.0%})")


def test_claims_are_backed_by_hidden_assertions(notebook):
    path, nb = notebook
    hidden = [i for i, c in code_cells(nb) if "remove-cell" in tags(c) and "assert " in source(c)]
    assert len(hidden) >= MIN_HIDDEN_ASSERTIONS, (
        f"{path.name}: {len(hidden)} hidden assertion cells (tag remove-cell), need {MIN_HIDDEN_ASSERTIONS}")


def test_ignored_outputs_are_backed(notebook):
    """An output nbval does not compare is followed, within its section, by a hidden assertion."""
    path, nb = notebook
    cells = list(enumerate(nb.cells, 1))
    for pos, (i, cell) in enumerate(cells):
        if cell.cell_type != "code" or not is_ignored(cell) or "remove-cell" in tags(cell) or pos == len(cells) - 1:
            continue
        backed = False
        for _, later in cells[pos + 1:]:
            if later.cell_type == "markdown" and source(later).startswith("## "):
                break
            if later.cell_type == "code" and "remove-cell" in tags(later) and "assert " in source(later):
                backed = True
                break
        assert backed, f"{path.name} cell {i}: output ignored by nbval but no hidden assertion follows in its section"


def test_colab_installs_are_guarded(notebook):
    path, nb = notebook
    for i, cell in code_cells(nb):
        lines = source(cell).splitlines()
        for n, line in enumerate(lines):
            if "pip install" in line:
                guard = [prev for prev in lines[:n] if "google.colab" in prev]
                assert guard and line.startswith((" ", "\t")), (
                    f"{path.name} cell {i}: '{line.strip()}' must run only on Colab (inside an if on google.colab)")


def test_summary_exercises_and_assignment_link(notebook):
    path, nb = notebook
    markdown = "\n".join(source(c) for c in nb.cells if c.cell_type == "markdown")
    assert re.search(r"^## 학습 목표", markdown, re.M), f"{path.name}: no '## 학습 목표' section"
    assert re.search(r"^## 요약", markdown, re.M), f"{path.name}: no '## 요약' section"
    assert re.search(r"^## 연습 문제", markdown, re.M), f"{path.name}: no '## 연습 문제' section"
    link = f"](../assignments/student/{path.name})"  # the reader copy links it in Colab (make readers)
    assert link in markdown, f"{path.name}: 연습 문제 does not link to its assignment: write [...]{link[1:]}"
    solutions = [i for i, c in code_cells(nb) if "hide-cell" in tags(c)]
    assert solutions, f"{path.name}: no exercise solution in a collapsible (hide-cell) code cell"


def test_exercises_share_one_heading_style(notebook):
    """STYLE.md: after '## 연습 문제', one sentence with the assignment link, then '### 연습 N. 제목'
    headings numbered from 1, each followed by a '**풀이**' line; no '**N.**' or list-numbered exercises."""
    path, nb = notebook
    markdown = "\n".join(source(c) for c in nb.cells if c.cell_type == "markdown")
    exercises = markdown.split("## 연습 문제", 1)[1]
    intro = "아래 문제를 먼저 스스로 풀어 본 뒤 풀이를 펼쳐 보세요. 자동 채점되는 과제는 [과제 노트북 열기 (Colab)](../"
    assert intro in exercises, f"{path.name}: 연습 문제 does not open with the sentence STYLE.md gives"
    numbers = [int(n) for n in re.findall(r"^### 연습 (\d+)\. \S", exercises, re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 3, f"{path.name}: {numbers}"
    assert exercises.count("**풀이**") == len(numbers), f"{path.name}: one '**풀이**' per exercise"
    assert not re.search(r"^(\*\*\d+\.\*\*|\d+\. )", exercises, re.M), f"{path.name}: old exercise numbering"


def stamp(nb):
    cell = nb.cells[-1]
    text = "".join(output_text(o) for o in cell.outputs).strip() if cell.cell_type == "code" else ""
    return STAMP.match(text)


def test_ends_with_version_stamp(notebook):
    path, nb = notebook
    assert stamp(nb), f"{path.name}: the last cell must print the version stamp (see CONTRIBUTING.md)"
    assert is_ignored(nb.cells[-1]), f"{path.name}: the version stamp must be tagged nbval-ignore-output"


def locked_version(package: str) -> str:
    pins = re.findall(rf"^{package}==(\S+)", LOCK.read_text(encoding="utf-8"), re.M)
    assert len(pins) == 1, f"{LOCK.name}: expected one pin of {package}, found {pins}"
    return pins[0]


def test_outputs_come_from_the_locked_versions(notebook):
    """The stamp's torch and torchvision are the lock's (a local tag such as +cu130 aside)."""
    path, nb = notebook
    match = stamp(nb)
    assert match, f"{path.name}: no version stamp"
    for package, printed in (("torch", match.group(2)), ("torchvision", match.group(3))):
        want = locked_version(package)
        assert printed.split("+")[0] == want, (
            f"{path.name}: executed with {package} {printed}, but {LOCK.name} pins {want}: "
            "run `make venv` and re-execute the chapter (make execute)")


def test_outputs_come_from_one_environment():
    versions = {}
    for path in NOTEBOOKS:
        match = stamp(read_notebook(path))
        if match:
            versions.setdefault((match.group(1), match.group(2), match.group(3)), []).append(path.name)
    assert len(versions) <= 1, f"chapters were executed with different versions: {versions}"


def display_columns(line: str) -> int:
    """Columns a line takes in a code box: Hangul and other wide characters count two (as wcwidth)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def test_code_fits_the_site_code_box(notebook):
    """Every line a reader sees fits CODE_COLUMNS columns (STYLE.md): the site's desktop code box holds
    about 92 (tests/site/test_browser.py checks that none scrolls sideways). Wide characters count two:
    a line of 80 characters with 20 Hangul syllables is 100 columns wide."""
    path, nb = notebook
    long = [(i, display_columns(line), line.strip()[:50]) for i, cell in code_cells(nb) if "remove-cell" not in tags(cell)
            for line in source(cell).splitlines() if display_columns(line) > CODE_COLUMNS]
    assert not long, f"{path.name}: {len(long)} code lines wider than {CODE_COLUMNS} columns (cell, columns, line): {long}"
