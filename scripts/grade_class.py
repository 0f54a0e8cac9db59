"""Grade a folder of submitted notebooks for one assignment: one CSV row each, never hangs.

    python scripts/grade_class.py 03_datasets submissions/            # make grade A=03_datasets S=submissions/
    python scripts/grade_class.py 03_datasets submissions/ --out grades.csv --timeout 300
    python scripts/grade_class.py 03_datasets submissions/ --class 2027-spring   # a class's own variant

The assignment is named by its stem (the bundle ``assignments/dist/<stem>-autograder.zip``, or with
``--class NAME`` ``assignments/classes/NAME/dist/<stem>-autograder.zip``, is built when missing) or
given as the path of an autograder zip. Every ``*.ipynb`` in the folder gets one row
in the CSV (default ``<folder>/grades.csv``), written as soon as that file is graded: file, status,
points per question, total, possible, flags (the tamper scan) and notes. Details of every failed test
(for the teacher; they show test code) go to ``<csv name>-details/<file>.json``.

Status: OK · TIMEOUT (a cell ran past ``--cell-timeout`` and was interrupted, or ignored the
interrupt and its kernel was stopped; the questions checked before were graded. A worker that still
ran past ``--timeout`` was killed and got no points) · KERNEL DIED (the notebook was run again without
the cell that killed the kernel, at most twice) · WRONG ASSIGNMENT (another assignment, or not a
notebook: no points) · TAMPERED (the submission changed the teacher's dataset or the autograder zip
while it ran: no points, read it; grading goes on with the untouched copies) · DATA MISSING (checked
once before any notebook runs: a dataset the assignment reads could not be read; no notebook is
graded, and the command exits with status 2).

This process never runs a student's code or loads a student's object. Each submission runs in
``scripts/grade_worker.py`` (its own process, kernel and empty folder holding its own copy of the
datasets), which records each question's values when its ``grader.check`` cell runs; the tests run
in ``scripts/grade_tests.py``, one forked process per question with its own time limit. Only plain
JSON comes back; here the points are computed from it and the bundle (read into memory once).
The tamper scan (the flags column) is scripts/grade_scan.py; what it cannot see: book/teachers.md.
"""
import argparse
import ast
import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import build_assignments
from book_config import ASSIGNMENT_CLASSES as CLASSES, ASSIGNMENT_DIST as DIST, ASSIGNMENT_STUDENT as STUDENT
from book_config import DATA_DIR, DATASETS
from grade_scan import scan
from grade_worker import is_setup_cell

WORKER = Path(__file__).resolve().with_name("grade_worker.py")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def identify(nb, stem: str) -> str | None:
    """Why ``nb`` is not a submission of ``stem`` (None when it is)."""
    name = nb.metadata.get("otter", {}).get("assignment_name")
    if name:
        return None if name == stem else f"notebook of assignment {name}"
    title = next((c.source.strip() for c in nb.cells if c.cell_type == "markdown"), "")
    number = stem.split("_")[0]
    if re.match(rf"#\s*과제\s*{number}\.", title):
        return None
    return f"no otter metadata and the title {title[:40]!r} does not say 과제 {number}"


def original_student(zip_path: Path, stem: str) -> Path:
    """The student notebook built with the bundle: ``<folder>/student/`` beside ``<folder>/dist/``
    (assignments/ or a class's assignments/classes/NAME/), else assignments/student/."""
    beside = zip_path.resolve().parent.parent / "student" / f"{stem}.ipynb"
    return beside if beside.exists() else STUDENT / f"{stem}.ipynb"


def datasets_used(original: Path, nb) -> list[str]:
    """The datasets the assignment reads from data/ (judged from the original student notebook)."""
    text = original.read_text(encoding="utf-8") if original.exists() else "\n".join(c.source for c in nb.cells)
    if 'root=\\"data\\"' not in text and 'root="data"' not in text:
        return []
    return [name for name in DATASETS if f"datasets.{name}(" in text]


def check_data(data_dir: Path, names: list[str]) -> str | None:
    """Why a dataset cannot be read from ``data_dir`` (None when every one can, both splits)."""
    from torchvision import datasets

    for name in names:
        for train in (True, False):
            try:
                getattr(datasets, name)(root=str(data_dir), train=train, download=False)
            except Exception as error:  # noqa: BLE001 - any failure means: no data
                return f"{name} not readable in {data_dir}: {error}"
    return None


def manifest(folder: Path, names: list[str]) -> dict:
    """{relative path: (size, mtime)} of every file of the named datasets under ``folder``."""
    found = {}
    for name in names:
        for root, _, files in os.walk(folder / name, followlinks=True):
            for file in files:
                path = Path(root) / file
                stat = path.stat()
                found[str(path.relative_to(folder))] = (stat.st_size, stat.st_mtime_ns)
    return found


def changes(before: dict, after: dict) -> list[str]:
    gone = sorted(set(before) - set(after))
    changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])
    new = sorted(set(after) - set(before))
    return [f"{p} deleted" for p in gone] + [f"{p} changed" for p in changed] + [f"{p} added" for p in new]


class Data:
    """The teacher's datasets, copied once into a private folder; each submission gets its own copy of that."""

    def __init__(self, data_dir: Path, names: list[str], tmp: Path):
        self.teacher, self.names, self.pristine = data_dir, names, tmp / "pristine"
        self.teacher_files = manifest(data_dir, names)
        self.pristine.mkdir()
        for name in names:
            shutil.copytree(data_dir / name, self.pristine / name, symlinks=False)
        self.pristine_files = manifest(self.pristine, names)

    def give(self, target: Path) -> None:
        target.mkdir(parents=True)
        for name in self.names:
            shutil.copytree(self.pristine / name, target / name)

    def check(self) -> list[str]:
        """What changed in the teacher's data or the private copy since the last check (and repair the copy)."""
        found = []
        now = manifest(self.teacher, self.names)
        if now != self.teacher_files:
            changed = changes(self.teacher_files, now)
            more = f" and {len(changed) - 4} more" if len(changed) > 4 else ""
            found.append("teacher's data: " + ", ".join(changed[:4]) + more)
            self.teacher_files = now
        if manifest(self.pristine, self.names) != self.pristine_files:
            found.append("the grader's private copy of the data was changed")
            shutil.rmtree(self.pristine)
            Data.__init__(self, self.teacher, self.names, self.pristine.parent)
        return found


def kill_tree(proc: subprocess.Popen, pid_file: Path) -> None:
    for pid in ([int(pid_file.read_text())] if pid_file.exists() else []):
        try:
            group = os.getpgid(pid)
            if group not in (os.getpgid(0), os.getpid()):  # never our own group
                os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError, ValueError):
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def case_count(source: str) -> int:
    return sum(isinstance(node, ast.FunctionDef) and node.name.startswith("test") for node in ast.parse(source).body)


def score(source: str, answer) -> list:
    """[score, possible, [passed...], [messages]] of one question from the worker's plain answer, checked."""
    possible = float(re.search(r"^points = (\S+)", source, re.M).group(1))
    cases = case_count(source)
    if not isinstance(answer, dict):
        return [0, possible, [], ["no result"]]
    passed, messages = answer.get("passed"), answer.get("messages") or []
    if not (isinstance(passed, list) and len(passed) == cases and all(isinstance(p, bool) for p in passed)):
        return [0, possible, [], [str(answer.get("error") or "the tests did not report every test case")][:1]]
    messages = [str(m)[:2000] for m in messages] if isinstance(messages, list) else []
    if all(passed):
        return [possible, possible, passed, messages]
    if re.search(r"^all_or_nothing = True$", source, re.M):
        return [0, possible, passed, messages]
    return [possible * sum(passed) / cases, possible, passed, messages]


def grade_one(path: Path, stem: str, tests: dict, data: Data | None, timeout: int,
              cell_timeout: int, test_timeout: int, original: Path) -> dict:
    """Grade one notebook file; return {"status", "results", "notes", "flags"}."""
    import nbformat

    row = {"status": "OK", "results": {}, "notes": [], "flags": []}
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001 - not a notebook at all
        return {**row, "status": "WRONG ASSIGNMENT", "notes": [f"not a readable notebook: {error}"]}
    why = identify(nb, stem)
    if why:
        return {**row, "status": "WRONG ASSIGNMENT", "notes": [why]}
    setup = None
    if original.exists():
        setup = next((c.source for c in nbformat.read(original, as_version=4).cells
                      if c.cell_type == "code" and is_setup_cell(c)), None)
    row["flags"] = scan(nb, setup)
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        tmp = Path(tmp)
        workdir = tmp / "run"
        for target in (workdir / "data", tmp / "test-data"):  # the notebook's copy; the tests' copy
            if data is not None:
                data.give(target)
            else:
                target.mkdir(parents=True)
        notebook = tmp / "submission.ipynb"
        nbformat.write(nb, notebook)
        job = {"notebook": str(notebook), "tests": tests, "workdir": str(workdir), "records": str(tmp / "records"),
               "test_data": str(tmp / "test-data"),
               "pid_file": str(tmp / "kernel.pid"), "cell_timeout": cell_timeout, "test_timeout": test_timeout,
               "budget": max(10, timeout - 20)}
        proc = subprocess.Popen([sys.executable, str(WORKER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, cwd=tmp, start_new_session=True)
        try:
            output, errors = proc.communicate(json.dumps(job).encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(proc, tmp / "kernel.pid")
            return {**row, "status": "TIMEOUT", "notes": [f"ran past {timeout} s: no points"]}
        kill_tree(proc, tmp / "kernel.pid")  # a kernel left behind by a crashed worker
    try:
        result = json.loads(output.decode("utf-8").strip().splitlines()[-1])
        status, notes, answers = result["status"], [str(n) for n in result["notes"]], result["results"]
    except (ValueError, IndexError, KeyError, TypeError, UnicodeDecodeError):
        tail = errors.decode("utf-8", "replace").strip().splitlines()[-3:]
        return {**row, "status": "KERNEL DIED", "notes": ["the grader could not finish: " + " | ".join(tail)]}
    results = {q: score(source, answers.get(q)) for q, source in tests.items()}
    return {**row, "status": status if status in ("OK", "TIMEOUT", "KERNEL DIED") else "KERNEL DIED",
            "notes": notes, "results": results}


def resolve_bundle(assignment: str, klass: str | None = None) -> tuple[str, Path]:
    """(stem, zip path) for a stem like 03_datasets (of class ``klass``: its own variant) or the path
    of an autograder zip."""
    path = Path(assignment)
    if path.suffix == ".zip":
        return path.name.removesuffix("-autograder.zip"), path
    folder = CLASSES / klass if klass else None
    zip_path = (folder / "dist" if folder else DIST) / f"{assignment}-autograder.zip"
    if not zip_path.exists():
        if folder and not (folder / "KEY").exists():
            raise SystemExit(f"no class {klass}: build it first (make assignments CLASS={klass})")
        build_assignments.build([assignment], folder, build_assignments.class_key(klass) if klass else None)
    return assignment, zip_path


def grade_folder(assignment: str, folder: Path, out: Path | None = None, data_dir: Path | None = None,
                 timeout: int = 600, cell_timeout: int = 120, test_timeout: int = 120,
                 klass: str | None = None) -> Path:
    """Grade every notebook in ``folder``; write the CSV row by row and return its path."""
    stem, zip_path = resolve_bundle(assignment, klass)
    bundle_hash = sha256(zip_path)
    tests = build_assignments.load_bundle(zip_path)
    points = {q: float(re.search(r"^points = (\S+)", s, re.M).group(1)) for q, s in tests.items()}
    out = out or folder / "grades.csv"
    details = out.with_name(out.stem + "-details")
    details.mkdir(parents=True, exist_ok=True)
    data_dir = data_dir or DATA_DIR
    submissions = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    original = original_student(zip_path, stem)
    names = datasets_used(original, _read(submissions[0])) if submissions else []
    data_problem = check_data(data_dir, names) if names else None
    if data_problem:
        print(f"DATA MISSING: {data_problem}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="grade-data-") as tmp, open(out, "w", newline="", encoding="utf-8") as f:
        data = Data(data_dir, names, Path(tmp)) if names and not data_problem else None
        writer = csv.DictWriter(f, fieldnames=["file", "status", *tests, "total", "possible", "flags", "notes"])
        writer.writeheader()
        f.flush()
        for path in submissions:
            if data_problem:
                row = {"status": "DATA MISSING", "results": {}, "notes": [data_problem], "flags": []}
            else:
                row = grade_one(path, stem, tests, data, timeout, cell_timeout, test_timeout, original)
            damage = data.check() if data else []
            if sha256(zip_path) != bundle_hash:
                damage.append(f"the autograder zip {zip_path.name} was changed (its tests were already in memory)")
                bundle_hash = sha256(zip_path)
            if damage:
                row = {**row, "status": "TAMPERED", "notes": row["notes"] + damage}
                print(f"WARNING {path.name} changed files it must not touch: {'; '.join(damage)}", file=sys.stderr)
            scores = {q: (row["results"][q][0] if q in row["results"] and not damage else 0) for q in tests}
            line = {"file": path.name, "status": row["status"], **{q: _num(v) for q, v in scores.items()},
                    "total": _num(sum(scores.values())), "possible": _num(sum(points.values())),
                    "flags": "; ".join(row["flags"]), "notes": "; ".join(row["notes"])}
            writer.writerow(line)
            f.flush()
            readable = {q: dict(zip(("score", "possible", "passed", "failures"), r)) for q, r in row["results"].items()}
            (details / f"{path.stem}.json").write_text(
                json.dumps({**row, "results": readable}, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{path.name}: {line['status']} {line['total']}/{line['possible']}"
                  + (f"  FLAGGED: {line['flags']}" if row["flags"] else ""), flush=True)
    if data_problem:
        raise SystemExit(2)
    return out


def _read(path: Path):
    import nbformat

    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # noqa: BLE001
        return nbformat.v4.new_notebook()


def _num(value: float):
    return int(value) if float(value).is_integer() else round(value, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignment", help="stem (e.g. 03_datasets) or an autograder zip")
    parser.add_argument("folder", type=Path, help="folder of submitted .ipynb files")
    parser.add_argument("--class", dest="klass", help="grade with class KLASS's own variant (assignments/classes/)")
    parser.add_argument("--out", type=Path, help="CSV to write (default: <folder>/grades.csv)")
    parser.add_argument("--data", type=Path, help="folder holding FashionMNIST/ (default: notebooks/data)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per submission in all (default %(default)s)")
    parser.add_argument("--cell-timeout", type=int, default=120, help="seconds per cell (default %(default)s)")
    parser.add_argument("--test-timeout", type=int, default=120,
                        help="seconds per question's tests (default %(default)s)")
    args = parser.parse_args()
    out = grade_folder(args.assignment, args.folder, args.out, args.data, args.timeout,
                       args.cell_timeout, args.test_timeout, args.klass)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
