"""Build the classroom assignments: student notebooks and autograder bundles, with otter-grader.

Each chapter has one source notebook, ``assignments/source/NN_name.ipynb``, in otter-grader's
assignment format (questions, solutions and tests in one file). Adding a chapter's assignment means
adding that one file; this script finds every source by itself. For each source it runs
``otter assign`` and then writes

* ``assignments/student/NN_name.ipynb``: the student notebook (committed, so Colab can open it from
  the repository). Solutions are replaced by ``...`` and outputs removed. A generated header says
  (in Korean) what the notebook is and links back to the chapter; a generated first code cell
  installs otter-grader only where it is missing and writes the public tests, which are embedded in
  that cell, to a temporary folder, so ``grader.check("q1")`` needs no other file, in Colab too.
  (otter 7 reads notebook-metadata tests from the ``.ipynb`` file on disk and refuses them on Colab,
  where the file being edited is not on disk; hence tests embedded in a cell.)
* ``assignments/dist/NN_name-autograder.zip``: the autograder bundle with all tests, public and
  hidden (grade a class with ``scripts/grade_class.py``, ``make grade``; ``otter run`` also reads it), and
  ``assignments/dist/NN_name-solution.ipynb``: the filled-in notebook for the teacher. ``dist/`` is
  git-ignored.

The output is deterministic (cell ids, metadata and file order are normalized), so the tests can
tell whether the committed student notebooks are stale by building into a temporary folder::

    python scripts/build_assignments.py                 # build every chapter (``make assignments``)
    python scripts/build_assignments.py 03_datasets     # build some chapters only

Tests (``tests/test_assignments.py``) check that the solutions pass every test, that the blank
student notebook fails every test, that wrong answers score zero, that no answer or solution leaks.
"""
import argparse
import base64
import contextlib
import io
import json
import re
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

from book_config import ASSIGNMENT_DIST as DIST_DIR
from book_config import ASSIGNMENT_SOURCES as SOURCE_DIR
from book_config import ASSIGNMENT_STUDENT as STUDENT_DIR
from book_config import COLAB_BADGE, REPO, colab_url, github_url, numbered

OTTER_REQUIREMENT = "otter-grader>=7,<8"

SETUP_SOURCE = """\
# @title 채점 준비: 맨 먼저 한 번 실행하세요 {{ display-mode: "form" }}
# (Colab은 이 셀의 코드를 접어서 제목만 보여 줍니다.) 이 셀은 고치지 마세요.
import importlib.util
if importlib.util.find_spec("otter") is None:  # otter-grader가 없는 곳(Colab 등)에서만 설치합니다
    %pip install -q "{requirement}"
    importlib.invalidate_caches()
import base64, json, pathlib, tempfile
import otter
_tests_dir = pathlib.Path(tempfile.mkdtemp(prefix="otter-tests-"))
for _name, _code in json.loads(base64.b64decode("{payload}").decode("utf-8")).items():
    (_tests_dir / f"{{_name}}.py").write_text(_code, encoding="utf-8")
grader = otter.Notebook(tests_dir=str(_tests_dir))"""

HEADER_TEMPLATE = """\
{title}

이 노트북은 《파이토치 기초》 **{chapter}** 장의 자동 채점(auto-grading) 과제입니다. \
문제를 풀기 전에 본문을 먼저 읽어 보세요: [본문 노트북 열기 (Colab)]({chapter_colab}) · \
[본문 노트북 (GitHub)]({chapter_github})

[![Colab에서 열기]({badge})]({assignment_colab})

**푸는 방법**
1. 바로 아래의 `채점 준비` 셀을 맨 먼저 실행합니다. Colab에서는 이때 채점 도구 otter-grader를 \
설치하므로 처음 한 번은 1분쯤 걸립니다.
2. 각 문제의 `...` 자리를 여러분의 코드나 답으로 바꾸고 셀을 실행합니다.
3. 그 아래의 `grader.check("q1")` 같은 셀을 실행하면 공개 테스트의 결과를 바로 볼 수 있습니다. \
공개 테스트는 답의 형식만 확인합니다. 값이 맞는지는 선생님이 채점할 때 숨은 테스트로 확인하므로, \
공개 테스트를 통과해도 답이 틀릴 수 있습니다.
4. 다 풀었으면 메뉴의 **런타임 → 다시 시작 및 모두 실행**으로 처음부터 오류 없이 실행되는지 \
확인하고, 노트북을 `.ipynb` 파일로 내려받아(Colab: **파일 → 다운로드 → .ipynb 다운로드**) \
안내받은 곳에 제출합니다."""


def load_bundle(zip_path: Path) -> dict[str, str]:
    """{question: test file source} from an autograder zip written here, in question order."""
    with zipfile.ZipFile(zip_path) as bundle:
        tests = {
            Path(name).stem: bundle.read(name).decode("utf-8")
            for name in bundle.namelist()
            if name.startswith("tests/") and name.endswith(".py")
        }
    return dict(sorted(tests.items(), key=lambda item: int(re.sub(r"\D", "", item[0]) or 0)))


def sources(stems: list[str] | None = None) -> list[Path]:
    """The assignment sources, in chapter order (all of them, or the named stems)."""
    found = numbered(SOURCE_DIR)
    if not stems:
        return found
    by_stem = {path.stem: path for path in found}
    missing = [stem for stem in stems if stem not in by_stem]
    if missing:
        raise SystemExit(f"no source notebook for: {', '.join(missing)}")
    return [by_stem[stem] for stem in stems]


def header_cell(first: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """The student header: the source's title line, a generated paragraph, the source's other text."""
    lines = first.source.strip().splitlines()
    title, rest = lines[0], "\n".join(lines[1:]).strip()
    if not title.startswith("# 과제 "):
        raise ValueError(f"{stem}: the first cell must start with '# 과제 NN. 제목', got {title!r}")
    text = HEADER_TEMPLATE.format(
        title=title,
        chapter=title.removeprefix("# 과제 ").strip(),
        chapter_colab=colab_url(f"notebooks/{stem}.ipynb"),
        chapter_github=github_url(f"notebooks/{stem}.ipynb"),
        badge=COLAB_BADGE,
        assignment_colab=colab_url(f"assignments/student/{stem}.ipynb"),
    )
    if rest:
        text += "\n\n" + rest
    return nbformat.v4.new_markdown_cell(text)


def setup_cell(tests: dict[str, str]) -> nbformat.NotebookNode:
    """The first code cell: install otter where missing, embed the tests, make ``grader``."""
    payload = base64.b64encode(json.dumps(tests, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    cell = nbformat.v4.new_code_cell(
        SETUP_SOURCE.format(requirement=OTTER_REQUIREMENT, payload=payload.decode("ascii"))
    )
    cell.metadata = {"deletable": False, "editable": False, "tags": ["otter_setup"]}
    return cell


def normalize(nb: nbformat.NotebookNode, stem: str) -> nbformat.NotebookNode:
    """Make the notebook byte-for-byte reproducible: fixed cell ids, no outputs, fixed metadata."""
    for index, cell in enumerate(nb.cells):
        cell.id = f"{stem}-{index:03d}".replace("_", "-")
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "otter": nb.metadata.get("otter", {}),
        "colab": {"provenance": []},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    return nb


def run_otter_assign(source: Path, result: Path) -> None:
    """``otter assign`` without running the tests (tests/test_assignments.py does that), quietly."""
    from otter.assign import main as otter_assign

    log = io.StringIO()
    try:
        with contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
            otter_assign(str(source), str(result), no_pdfs=True, no_run_tests=True)
    except Exception:
        sys.stderr.write(log.getvalue())
        raise


def build_one(source: Path, student_dir: Path, dist_dir: Path) -> Path:
    """Build one chapter; return the student notebook's path."""
    stem = source.stem
    student_dir.mkdir(parents=True, exist_ok=True)
    dist_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"assign-{stem}-") as tmp:
        result = Path(tmp) / "out"
        run_otter_assign(source, result)
        public = {p.stem: p.read_text(encoding="utf-8") for p in (result / "student" / "tests").glob("*.py")}
        student = student_dir / f"{stem}.ipynb"
        write_notebook(result / "student" / f"{stem}.ipynb", student, stem, public)
        (zip_path,) = (result / "autograder").glob("*.zip")
        shutil.copyfile(zip_path, dist_dir / f"{stem}-autograder.zip")
        every = load_bundle(zip_path)  # the solution notebook checks itself with every test
        solution = dist_dir / f"{stem}-solution.ipynb"
        write_notebook(result / "autograder" / f"{stem}.ipynb", solution, stem, every)
    return student


def write_notebook(otter_nb: Path, target: Path, stem: str, tests: dict[str, str]) -> None:
    """Add the header and the setup cell to a notebook written by otter assign, normalize, write."""
    nb = nbformat.read(otter_nb, as_version=4)
    first = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown")
    nb.cells[first] = header_cell(nb.cells[first], stem)
    nb.cells.insert(first + 1, setup_cell(tests))
    nbformat.write(normalize(nb, stem), target)


def build(stems: list[str] | None, out: Path | None = None) -> list[Path]:
    """Build the named chapters (default: all); ``out`` replaces ``assignments/`` as the target."""
    student_dir = out / "student" if out else STUDENT_DIR
    dist_dir = out / "dist" if out else DIST_DIR
    return [build_one(source, student_dir, dist_dir) for source in sources(stems)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stems", nargs="*", help="chapters to build, e.g. 01_tensors (default: all)")
    args = parser.parse_args()
    for path in build(args.stems):
        print(f"built {path.relative_to(REPO)}")
    orphans = {p.stem for p in STUDENT_DIR.glob("*.ipynb")}
    orphans -= {p.stem for p in sources()}
    if orphans:
        print(f"warning: student notebooks without a source: {', '.join(sorted(orphans))}")


if __name__ == "__main__":
    main()
