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

**A class's own variant** (the sources are public, so their answers are too)::

    python scripts/build_assignments.py --class 2027-spring     # make assignments CLASS=2027-spring

builds every chapter into ``assignments/classes/2027-spring/`` (git-ignored) from a secret key kept in
that folder's ``KEY`` file (made on the first build). Questions whose solution gives a value
(``name = <literal>  # SOLUTION``: a letter, a number, a shape) are written with placeholders
``⟪name=default⟫``; the source's metadata ``book.variants`` lists, per question, other sets of values
(``choose``), values computed from them (``derive``, Python expressions) and whether the choices A-D
are shuffled. The key picks one set and
one order per question, so the class's answers differ from the public ones; a value question with no
variants (a concept the chapter states outright) counts 0 points in a class build and says so. The
public build renders every placeholder with its default. What this does and does not protect:
book/teachers.md.
"""
import argparse
import ast
import base64
import contextlib
import hashlib
import hmac
import io
import json
import re
import secrets
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import nbformat

from book_config import ASSIGNMENT_CLASSES as CLASSES_DIR
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

{badge_line}**푸는 방법**
1. 바로 아래의 `채점 준비` 셀을 맨 먼저 실행합니다. Colab에서는 이때 채점 도구 otter-grader를 \
설치하므로 처음 한 번은 1분쯤 걸립니다.
2. 각 문제의 `...` 자리를 여러분의 코드나 답으로 바꾸고 셀을 실행합니다.
3. 그 아래의 `grader.check("q1")` 같은 셀을 실행하면 공개 테스트의 결과를 바로 볼 수 있습니다. \
공개 테스트는 답의 형식만 확인합니다. 값이 맞는지는 선생님이 채점할 때 숨은 테스트로 확인하므로, \
공개 테스트를 통과해도 답이 틀릴 수 있습니다.
4. 다 풀었으면 메뉴의 **런타임 → 다시 시작 및 모두 실행**으로 처음부터 오류 없이 실행되는지 \
확인하고, 노트북을 `.ipynb` 파일로 내려받아(Colab: **파일 → 다운로드 → .ipynb 다운로드**) \
안내받은 곳에 제출합니다."""


PLACEHOLDER = re.compile(r"⟪(\w+)(?:=([^⟫]*))?⟫")
CHOICE_LINE = re.compile(r"^- ([A-D])\. (.*)$", re.M)
VALUE_SOLUTION = re.compile(r"^\s*\w+\s*=\s*(.+?)\s*#\s*SOLUTION\s*$")
PRACTICE_NOTE = ("> **연습 문제**: 이 반의 채점에서는 이 문제가 점수에 들어가지 않습니다. "
                 "스스로 풀고 본문으로 확인해 보세요.")


def question_spans(nb: nbformat.NotebookNode) -> dict[str, list[int]]:
    """{question name: indices of its cells, BEGIN QUESTION to END QUESTION}."""
    spans, current = {}, None
    for index, cell in enumerate(nb.cells):
        match = re.match(r"# BEGIN QUESTION\s+name:\s*(\S+)", cell.source) if cell.cell_type == "raw" else None
        if match:
            current = match.group(1)
        if current:
            spans.setdefault(current, []).append(index)
        if cell.cell_type == "raw" and cell.source.strip() == "# END QUESTION":
            current = None
    return spans


def literal_answers(nb: nbformat.NotebookNode, cells: list[int]) -> list:
    """The answers the question's solution gives as values: ``name = <literal>  # SOLUTION`` lines."""
    found = []
    for i in cells:
        cell = nb.cells[i]
        for line in cell.source.splitlines() if cell.cell_type == "code" else []:
            match = VALUE_SOLUTION.match(line)
            if match:
                try:
                    found.append(ast.literal_eval(match.group(1)))
                except (ValueError, SyntaxError):
                    pass
    return found


def pick(key: str, label: str, n: int) -> int:
    """A number in range(n) fixed by the class key and ``label`` (HMAC-SHA256)."""
    digest = hmac.new(key.encode("utf-8"), label.encode("utf-8"), hashlib.sha256).digest()
    return int.from_bytes(digest[:8], "big") % n


def typed(written: str):
    """A default as written in the text, as the value it spells (``4`` -> 4, ``B`` -> "B")."""
    try:
        return ast.literal_eval(written)
    except (ValueError, SyntaxError):
        return written


def spelled(value) -> str:
    """A value as the rendered text shows it."""
    return value if isinstance(value, str) else repr(value)


def question_values(stem: str, name: str, defaults: dict, spec: dict, key: str | None) -> dict:
    """The placeholder values of one question: the defaults, or the class's set with what derives from it."""
    values = {n: typed(v) for n, v in defaults.items()}
    if key is not None and spec.get("choose"):
        values.update(spec["choose"][pick(key, f"{stem} {name} set", len(spec["choose"]))])
    for derived, expression in spec.get("derive", {}).items():
        values[derived] = eval(expression, {}, dict(values))  # noqa: S307 - our own sources' expressions
    if key is None:
        wrong = {n: (spelled(values[n]), defaults[n]) for n in spec.get("derive", {})
                 if n in defaults and spelled(values[n]) != defaults[n]}
        if wrong:
            raise ValueError(f"{stem} {name}: derived values differ from the defaults written in the text: {wrong}")
    return {n: spelled(v) for n, v in values.items()}


def render(nb: nbformat.NotebookNode, stem: str, key: str | None = None) -> nbformat.NotebookNode:
    """The source with its placeholders filled: defaults (``key`` None, the public build) or a class's
    own values, choice order and practice-only questions (see the module docstring)."""
    nb = nbformat.from_dict(json.loads(json.dumps(nb)))
    variants = nb.metadata.pop("book", {}).get("variants", {})
    spans = question_spans(nb)
    unknown = set(variants) - set(spans)
    if unknown:
        raise ValueError(f"{stem}: book.variants names no question: {sorted(unknown)}")
    for name, cells in spans.items():
        spec = variants.get(name, {})
        defaults = {}
        for i in cells:
            for found, default in PLACEHOLDER.findall(nb.cells[i].source):
                if default and defaults.setdefault(found, default) != default:
                    raise ValueError(f"{stem} {name}: two defaults for ⟪{found}⟫")
        values = question_values(stem, name, defaults, spec, key)
        order = list("ABCD")
        if key is not None and spec.get("shuffle"):
            order.sort(key=lambda letter: pick(key, f"{stem} {name} choice {letter}", 1 << 62))
        new_letter = dict(zip(order, "ABCD"))  # the choice first written as order[i] is shown as "ABCD"[i]
        if "key" in values:
            values["key"] = new_letter[values["key"]]
        for i in cells:
            cell = nb.cells[i]
            missing = {found for found, _ in PLACEHOLDER.findall(cell.source)} - set(values)
            if missing:
                raise ValueError(f"{stem} {name}: no value for {sorted(missing)}")
            cell.source = PLACEHOLDER.sub(lambda m: values[m.group(1)], cell.source)
            if cell.cell_type == "markdown" and key is not None and spec.get("shuffle"):
                choices = dict(CHOICE_LINE.findall(cell.source))  # letter as written: its text
                cell.source = CHOICE_LINE.sub(lambda m: f"- {m[1]}. {choices[order['ABCD'.index(m[1])]]}", cell.source)
        if key is not None and not spec and literal_answers(nb, cells):
            config = nb.cells[cells[0]]
            config.source = re.sub(r"^points:.*$", "points: 0", config.source, flags=re.M)
            heading = next(nb.cells[i] for i in cells if nb.cells[i].cell_type == "markdown")
            heading.source = heading.source.replace("\n", f"\n\n{PRACTICE_NOTE}\n", 1)
    leftover = [i for i, cell in enumerate(nb.cells) if PLACEHOLDER.search(cell.source)]
    if leftover:
        raise ValueError(f"{stem}: placeholders outside a question in cells {leftover}")
    return nb


def class_key(name: str) -> str:
    """The secret of class ``name``: assignments/classes/<name>/KEY, made on first use."""
    path = CLASSES_DIR / name / "KEY"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


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


def header_cell(first: nbformat.NotebookNode, stem: str, public: bool = True) -> nbformat.NotebookNode:
    """The student header: the source's title line, a generated paragraph, the source's other text.
    A class's variant (``public`` False) has no badge: its Colab link would open the public copy."""
    lines = first.source.strip().splitlines()
    title, rest = lines[0], "\n".join(lines[1:]).strip()
    if not title.startswith("# 과제 "):
        raise ValueError(f"{stem}: the first cell must start with '# 과제 NN. 제목', got {title!r}")
    text = HEADER_TEMPLATE.format(
        title=title,
        chapter=title.removeprefix("# 과제 ").strip(),
        chapter_colab=colab_url(f"notebooks/{stem}.ipynb"),
        chapter_github=github_url(f"notebooks/{stem}.ipynb"),
        badge_line=(f"[![Colab에서 열기]({COLAB_BADGE})]({colab_url(f'assignments/student/{stem}.ipynb')})\n\n"
                    if public else ""),
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


def build_one(source: Path, student_dir: Path, dist_dir: Path, key: str | None = None) -> Path:
    """Build one chapter (a class's variant when ``key`` is given); return the student notebook's path."""
    stem = source.stem
    student_dir.mkdir(parents=True, exist_ok=True)
    dist_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"assign-{stem}-") as tmp:
        rendered = Path(tmp) / source.name
        nbformat.write(render(nbformat.read(source, as_version=4), stem, key), rendered)
        result = Path(tmp) / "out"
        run_otter_assign(rendered, result)
        public = {p.stem: p.read_text(encoding="utf-8") for p in (result / "student" / "tests").glob("*.py")}
        student = student_dir / f"{stem}.ipynb"
        write_notebook(result / "student" / f"{stem}.ipynb", student, stem, public, key is None)
        (zip_path,) = (result / "autograder").glob("*.zip")
        shutil.copyfile(zip_path, dist_dir / f"{stem}-autograder.zip")
        every = load_bundle(zip_path)  # the solution notebook checks itself with every test
        solution = dist_dir / f"{stem}-solution.ipynb"
        write_notebook(result / "autograder" / f"{stem}.ipynb", solution, stem, every, key is None)
    return student


def write_notebook(otter_nb: Path, target: Path, stem: str, tests: dict[str, str], public: bool = True) -> None:
    """Add the header and the setup cell to a notebook written by otter assign, normalize, write."""
    nb = nbformat.read(otter_nb, as_version=4)
    first = next(i for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown")
    nb.cells[first] = header_cell(nb.cells[first], stem, public)
    nb.cells.insert(first + 1, setup_cell(tests))
    nbformat.write(normalize(nb, stem), target)


def build(stems: list[str] | None, out: Path | None = None, key: str | None = None) -> list[Path]:
    """Build the named chapters (default: all); ``out`` replaces ``assignments/`` as the target;
    ``key``: a class's variant (see the module docstring)."""
    student_dir = out / "student" if out else STUDENT_DIR
    dist_dir = out / "dist" if out else DIST_DIR
    return [build_one(source, student_dir, dist_dir, key) for source in sources(stems)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stems", nargs="*", help="chapters to build, e.g. 01_tensors (default: all)")
    parser.add_argument("--class", dest="name", help="build class NAME's own variant into assignments/classes/NAME/")
    args = parser.parse_args()
    if args.name:
        if not re.fullmatch(r"[\w.-]+", args.name):
            raise SystemExit("a class name is letters, digits, '.', '-' or '_'")
        for path in build(args.stems, CLASSES_DIR / args.name, class_key(args.name)):
            print(f"built {path.relative_to(REPO)}")
        print(f"the key is {(CLASSES_DIR / args.name / 'KEY').relative_to(REPO)}: keep it (and dist/) private")
        return
    for path in build(args.stems):
        print(f"built {path.relative_to(REPO)}")
    orphans = {p.stem for p in STUDENT_DIR.glob("*.ipynb")}
    orphans -= {p.stem for p in sources()}
    if orphans:
        print(f"warning: student notebooks without a source: {', '.join(sorted(orphans))}")


if __name__ == "__main__":
    main()
