"""Grade a folder of submitted notebooks for one assignment: one CSV row each, never hangs.

    python scripts/grade_class.py 03_datasets submissions/            # make grade A=03_datasets S=submissions/
    python scripts/grade_class.py 03_datasets submissions/ --out grades.csv --timeout 300

The assignment is named by its stem (the bundle ``assignments/dist/<stem>-autograder.zip`` is built
when missing) or given as the path of an autograder zip. Every ``*.ipynb`` in the folder gets one row
in the CSV (default ``<folder>/grades.csv``): file, status, points per question, total, possible,
flags (cells that touch the grader) and notes. Details of every failed test (for the teacher; they
show test code) go to ``<csv name>-details/<file>.json``.

Status: OK · TIMEOUT (a cell ran past ``--cell-timeout``, or the submission neared ``--timeout``:
the cells left were cut short and what had run was graded; a worker that still ran past
``--timeout`` was killed and got no points) · KERNEL DIED (the notebook was run again without the
cell that killed the kernel, at most twice, and graded; or the grader itself could not finish: no
points) · WRONG ASSIGNMENT (the notebook belongs to another assignment or is not a notebook: no
points) · DATA MISSING (checked once before any notebook runs: a dataset the assignment reads could
not be read, no notebook is graded, and the command exits with status 2).

How one submission is graded: the notebook runs in a fresh Jupyter kernel, in an empty folder holding
only ``data/`` (links to the datasets), with the student's ``grader`` setup cell replaced by a stub.
Then the values the tests need are copied out of the kernel with ``dill`` and the tests, read from the
zip into memory before the notebook ran, are run in this separate worker process. So monkeypatching
otter or rewriting test files inside the notebook changes nothing.
Each question is all-or-nothing (``all_or_nothing`` in the source). A question whose values cannot be
copied out is graded inside the kernel instead, and the row's notes say so. What is not protected:
code that attacks the grader from inside a function the tests call, a pickled value that runs code
when loaded, or a process the notebook starts that outlives its cell and rewrites the grader's files
(the kernel runs as the same user); the scan flags the usual ways (``otter``, ``grader.``, ``sys.modules``, ``builtins``,
``pickle``/``dill``, ``__reduce__``, writing files under ``tests/``...), and a flagged row should be
read by a person.
"""
import argparse
import ast
import csv
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from book_config import ASSIGNMENT_DIST as DIST, ASSIGNMENT_STUDENT as STUDENT, DATA_DIR, DATASETS

GRADER_STUB = """\
class _NoGrader:  # replaced the student's setup cell: the real tests run outside this kernel
    def __getattr__(self, name):
        return lambda *args, **kwargs: None
grader = _NoGrader()"""

# (pattern, what it means) for the tamper scan; the setup cell itself is checked against the original
SUSPICIOUS = [
    (r"\botter\b", "uses otter"),
    (r"\bgrader\s*(\.(?!check\s*\()|=)", "touches `grader` beyond grader.check"),
    (r"test_files|TestFile|call_func|test_case\b|check_all", "touches otter's test machinery"),
    (r"(^|[\"'/\\])tests?[/\\]|_tests_dir|otter-tests", "refers to test files"),
    (r"sys\.modules|\bbuiltins\b|__builtins__|__import__|importlib", "patches modules or builtins"),
    (r"\bpickle\b|\bdill\b|__reduce|__setstate__|copyreg", "custom pickling"),
    (r"gc\.get_|sys\._getframe|settrace|setprofile|inspect\.", "inspects the interpreter"),
    (r"os\._exit|os\.kill|signal\.|sys\.exit", "exits or signals the process"),
    (r"\bsubprocess\b|os\.system|os\.popen|^\s*!", "runs shell commands"),
    (r"os\.fork|\bmultiprocessing\b|\bthreading\b", "starts processes or threads"),
    (r"result\.json|kernel\.pid|tests\.json|\.\.[/\\]", "reaches the grader's files"),
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_bundle(zip_path: Path) -> dict:
    """{question: test file source} from the autograder zip, in question order."""
    with zipfile.ZipFile(zip_path) as bundle:
        tests = {
            Path(name).stem: bundle.read(name).decode("utf-8")
            for name in bundle.namelist()
            if name.startswith("tests/") and name.endswith(".py")
        }
    return dict(sorted(tests.items(), key=lambda item: int(re.sub(r"\D", "", item[0]) or 0)))


def test_parameters(source: str) -> list[str]:
    """The notebook names a test file's test functions take (their parameters)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            names += [arg.arg for arg in node.args.args if arg.arg not in names and arg.arg != "env"]
    return names


def is_setup_cell(cell) -> bool:
    return "otter_setup" in cell.get("metadata", {}).get("tags", []) or "otter.Notebook(" in cell.source


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


def scan(nb, original_setup: str | None) -> list[str]:
    """Cells that touch the grader: ['cell 7: uses otter', ...]."""
    flags = []
    for index, cell in enumerate(nb.cells, 1):
        if cell.cell_type != "code":
            continue
        if is_setup_cell(cell):
            if original_setup is not None and cell.source.strip() != original_setup.strip():
                flags.append(f"cell {index}: setup cell changed")
            continue
        for pattern, meaning in SUSPICIOUS:
            if re.search(pattern, cell.source, flags=re.M):
                flags.append(f"cell {index}: {meaning}")
    return flags


def needs_data(stem: str, nb) -> bool:
    """Whether the assignment reads a dataset from data/ (judged from the original student notebook)."""
    original = STUDENT / f"{stem}.ipynb"
    text = original.read_text(encoding="utf-8") if original.exists() else "\n".join(c.source for c in nb.cells)
    return 'root=\\"data\\"' in text or 'root="data"' in text


def check_data(data_dir: Path) -> str | None:
    """Why the FashionMNIST test set cannot be read from ``data_dir`` (None when it can)."""
    try:
        from torchvision import datasets

        datasets.FashionMNIST(root=str(data_dir), train=False, download=False)
    except Exception as error:  # noqa: BLE001 - any failure means: no data
        return f"FashionMNIST not readable in {data_dir}: {error}"
    return None


# ---------------------------------------------------------------------------------------------
# the worker: runs in its own process, one submission


def pack_values(values: dict, folder: str) -> dict:
    """Write ``values`` to ``folder`` with dill (all in one file, so shared objects stay shared; one file
    per name if that fails) and return {"present": [...], "failed": [names that cannot be pickled]}.
    A tensor's ``.grad`` is not pickled by PyTorch, so the gradients of top-level tensors go along.
    Runs inside the student's kernel (see DUMP_CELL); ``unpack_values`` reads the files back."""
    import dill
    import torch

    def entry(value):
        grad = value.grad if isinstance(value, torch.Tensor) and value.is_leaf else None
        return {"value": value, "grad": grad}

    folder, failed = Path(folder), []
    try:
        with open(folder / "_all.pkl", "wb") as f:
            dill.dump({n: entry(v) for n, v in values.items()}, f, recurse=True)
    except Exception:  # noqa: BLE001 - some value cannot be pickled: try them one by one
        (folder / "_all.pkl").unlink()
        for n, v in values.items():
            try:
                with open(folder / f"{n}.pkl", "wb") as f:
                    dill.dump(entry(v), f, recurse=True)
            except Exception:  # noqa: BLE001
                (folder / f"{n}.pkl").unlink()
                failed.append(n)
    info = {"present": sorted(values), "failed": failed}
    (folder / "_names.json").write_text(json.dumps(info))
    return info


def unpack_values(folder: str) -> dict:
    """The values ``pack_values`` wrote, with their gradients restored."""
    import dill

    folder, entries = Path(folder), {}
    if (folder / "_all.pkl").exists():
        with open(folder / "_all.pkl", "rb") as f:
            entries.update(dill.load(f))
    for path in folder.glob("*.pkl"):
        if path.name != "_all.pkl":
            with open(path, "rb") as f:
                entries[path.stem] = dill.load(f)
    env = {}
    for n, e in entries.items():
        env[n] = e["value"]
        if e["grad"] is not None:
            env[n].grad = e["grad"]
    return env


DUMP_CELL = """\
def _otter_grade_dump(names, folder, scripts):
    import sys
    sys.path.insert(0, scripts)
    from grade_class import pack_values
    sys.path.remove(scripts)
    pack_values({n: globals()[n] for n in names if n in globals()}, folder)
_otter_grade_dump(NAMES, FOLDER, SCRIPTS)
del _otter_grade_dump"""

IN_KERNEL_CELL = """\
def _otter_grade_in_kernel(sources, out):
    import json
    from otter.test_files import ExceptionTestFile
    results = {}
    for q, source in sources.items():
        tf = ExceptionTestFile.from_string(source, path=q)
        tf.run(globals())
        results[q] = [tf.score, tf.possible, [r.passed for r in tf.test_case_results],
                      [r.message for r in tf.test_case_results if not r.passed]]
    with open(out, "w") as f:
        json.dump(results, f)
_otter_grade_in_kernel(SOURCES, OUT)
del _otter_grade_in_kernel"""

def run_tests(tests: dict, env: dict, per_question: int) -> dict:
    """{question: [score, possible, [passed...], [messages]]} running each test file on ``env``."""
    from otter.test_files import ExceptionTestFile

    def on_alarm(signum, frame):
        signal.alarm(per_question)  # the next test case of this question gets its own limit
        raise TimeoutError(f"the test ran past {per_question} s")

    signal.signal(signal.SIGALRM, on_alarm)
    results = {}
    for q, source in tests.items():
        tf = ExceptionTestFile.from_string(source, path=q)
        signal.alarm(per_question)
        try:
            tf.run(env)
        except TimeoutError as error:  # raised between test cases
            tf.test_case_results = []
            for tc in tf.test_cases:
                from otter.test_files.abstract_test import TestCaseResult
                tf.test_case_results.append(TestCaseResult(test_case=tc, message=str(error), passed=False))
        finally:
            signal.alarm(0)
        results[q] = [tf.score, tf.possible, [r.passed for r in tf.test_case_results],
                      [r.message for r in tf.test_case_results if not r.passed]]
    return results


def execute(nb, workdir: Path, cell_timeout: int, deadline: float, pid_file: Path):
    """Run ``nb`` in a fresh kernel; return (client, notes); the kernel stays up."""
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    client = NotebookClient(
        nb, timeout=cell_timeout, kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeout", "evalue": f"stopped after {cell_timeout} s", "traceback": []},
        resources={"metadata": {"path": str(workdir)}},
    )
    client.km = client.create_kernel_manager()
    client.start_new_kernel()
    client.start_new_kernel_client()
    kernel = getattr(client.km, "provisioner", None)
    pid = getattr(getattr(kernel, "process", None), "pid", None)
    if pid:
        pid_file.write_text(str(pid))
    notes = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        client.timeout = max(1, min(cell_timeout, int(deadline - time.time())))
        start = time.time()
        try:
            client.execute_cell(cell, index)
        except DeadKernelError:
            return client, notes + [("died", index)]
        if time.time() - start >= client.timeout - 0.5:
            notes.append(("timeout", index))
    return client, notes


def worker(args) -> None:
    """Grade one submission; write a JSON result. Runs as its own process (see ``grade_one``)."""
    import nbformat

    workdir, result_path = Path(args.workdir), Path(args.result)
    tests = json.loads(Path(args.tests).read_text(encoding="utf-8"))
    names = sorted({n for source in tests.values() for n in test_parameters(source)})
    nb = nbformat.read(args.notebook, as_version=4)
    kept = [i for i, c in enumerate(nb.cells) if not (c.cell_type == "code" and is_setup_cell(c))]
    cells = [nb.cells[i] for i in kept]
    stub = nbformat.v4.new_code_cell(GRADER_STUB)
    deadline = time.time() + args.budget
    skipped, notes = [], []
    for attempt in range(3):  # a dead kernel: run again without the cell that killed it
        run_nb = nbformat.v4.new_notebook(cells=[stub] + [c for i, c in enumerate(cells) if i not in skipped])
        run_nb.metadata = nb.metadata
        client, cell_notes = execute(run_nb, workdir, args.cell_timeout, deadline,
                                             workdir.parent / "kernel.pid")
        running = [i for i in range(len(cells)) if i not in skipped]  # run_nb cell k is cells[running[k - 1]]
        died = [running[k - 1] for kind, k in cell_notes if kind == "died" and k > 0]
        notes += [f"cell {kept[running[k - 1]] + 1}: ran past {args.cell_timeout} s, interrupted"
                  for kind, k in cell_notes if kind == "timeout" and k > 0]
        if not died:
            break
        skipped.append(died[0])
        notes.append(f"kernel died in cell {kept[died[0]] + 1}: ran again without it")
        client._cleanup_kernel()
    else:
        result_path.write_text(json.dumps({"status": "KERNEL DIED", "notes": notes, "results": {}}))
        return
    dump = workdir / "_values"
    dump.mkdir()
    dump_code = (DUMP_CELL.replace("NAMES", repr(names)).replace("FOLDER", repr(str(dump)))
                 .replace("SCRIPTS", repr(str(Path(__file__).resolve().parent))))
    client.execute_cell(nbformat.v4.new_code_cell(dump_code), 0)
    info = json.loads((dump / "_names.json").read_text()) if (dump / "_names.json").exists() else None
    env = {}
    if info is None:
        failed = names
        notes.append("could not copy values out of the kernel")
    else:
        failed = info["failed"]
        env = unpack_values(str(dump))
    in_kernel = {q: s for q, s in tests.items() if set(test_parameters(s)) & set(failed)}
    kernel_results = {}
    if in_kernel:
        out = workdir / "_in_kernel.json"
        code = IN_KERNEL_CELL.replace("SOURCES", repr(in_kernel)).replace("OUT", repr(str(out)))
        client.execute_cell(nbformat.v4.new_code_cell(code), 0)
        kernel_results = json.loads(out.read_text()) if out.exists() else {}
        notes.append(f"graded inside the kernel (values not copyable): {', '.join(in_kernel)}")
    client._cleanup_kernel()
    os.chdir(workdir)
    results = run_tests({q: s for q, s in tests.items() if q not in in_kernel}, env, args.test_timeout)
    for q in in_kernel:
        results[q] = kernel_results.get(q, [0, 0, [], ["grading inside the kernel failed"]])
    status = "KERNEL DIED" if skipped else "TIMEOUT" if any("ran past" in n for n in notes) else "OK"
    result_path.write_text(json.dumps({"status": status, "notes": notes, "results": results}, ensure_ascii=False))


# ---------------------------------------------------------------------------------------------
# the teacher's side


def kill_tree(proc: subprocess.Popen, pid_file: Path) -> None:
    for pid in ([int(pid_file.read_text())] if pid_file.exists() else []):
        try:
            group = os.getpgid(pid)
            if group not in (os.getpgid(0), os.getpid()):  # never our own group
                os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def grade_one(path: Path, stem: str, tests: dict, data_dir: Path | None, timeout: int,
              cell_timeout: int, test_timeout: int) -> dict:
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
    original = STUDENT / f"{stem}.ipynb"
    setup = None
    if original.exists():
        setup = next((c.source for c in nbformat.read(original, as_version=4).cells
                      if c.cell_type == "code" and is_setup_cell(c)), None)
    row["flags"] = scan(nb, setup)
    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        tmp = Path(tmp)
        workdir = tmp / "run"
        (workdir / "data").mkdir(parents=True)
        if data_dir is not None:
            for name in DATASETS:
                if (data_dir / name).exists():
                    (workdir / "data" / name).symlink_to((data_dir / name).resolve(), target_is_directory=True)
        notebook = tmp / "submission.ipynb"
        nbformat.write(nb, notebook)
        (tmp / "tests.json").write_text(json.dumps(tests), encoding="utf-8")
        command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--notebook", str(notebook),
                   "--tests", str(tmp / "tests.json"), "--workdir", str(workdir), "--result", str(tmp / "result.json"),
                   "--cell-timeout", str(cell_timeout), "--test-timeout", str(test_timeout),
                   "--budget", str(max(10, timeout - 30))]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            output, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_tree(proc, tmp / "kernel.pid")
            return {**row, "status": "TIMEOUT", "notes": [f"ran past {timeout} s: no points"]}
        kill_tree(proc, tmp / "kernel.pid")  # a kernel left behind by a crashed worker
        if not (tmp / "result.json").exists():
            tail = output.decode("utf-8", "replace").strip().splitlines()[-3:]
            return {**row, "status": "KERNEL DIED", "notes": ["the grader could not finish: " + " | ".join(tail)]}
        result = json.loads((tmp / "result.json").read_text(encoding="utf-8"))
    return {**row, **result}


def resolve_bundle(assignment: str) -> tuple[str, Path]:
    """(stem, zip path) for a stem like 03_datasets or the path of an autograder zip."""
    path = Path(assignment)
    if path.suffix == ".zip":
        return path.name.removesuffix("-autograder.zip"), path
    zip_path = DIST / f"{assignment}-autograder.zip"
    if not zip_path.exists():
        import build_assignments

        build_assignments.build([assignment])
    return assignment, zip_path


def grade_folder(assignment: str, folder: Path, out: Path | None = None, data_dir: Path | None = None,
                 timeout: int = 600, cell_timeout: int = 120, test_timeout: int = 120) -> Path:
    """Grade every notebook in ``folder``; write and return the CSV."""
    stem, zip_path = resolve_bundle(assignment)
    before = sha256(zip_path)
    tests = load_bundle(zip_path)
    points = {q: float(re.search(r"^points = (\S+)", s, re.M).group(1)) for q, s in tests.items()}
    out = out or folder / "grades.csv"
    details = out.with_name(out.stem + "-details")
    details.mkdir(parents=True, exist_ok=True)
    data_dir = data_dir or DATA_DIR
    submissions = sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))
    data_problem = check_data(data_dir) if submissions and needs_data(stem, _read(submissions[0])) else None
    if data_problem:
        print(f"DATA MISSING: {data_problem}", file=sys.stderr)
    rows = []
    for path in submissions:
        if data_problem:
            row = {"status": "DATA MISSING", "results": {}, "notes": [data_problem], "flags": []}
        else:
            row = grade_one(path, stem, tests, data_dir, timeout, cell_timeout, test_timeout)
        if sha256(zip_path) != before:
            raise SystemExit(f"{zip_path} changed while grading {path.name}: stop and check that machine")
        scores = {q: (row["results"][q][0] if q in row["results"] else 0) for q in tests}
        rows.append({"file": path.name, "status": row["status"], **{q: _num(v) for q, v in scores.items()},
                     "total": _num(sum(scores.values())), "possible": _num(sum(points.values())),
                     "flags": "; ".join(row["flags"]), "notes": "; ".join(row["notes"])})
        readable = {q: dict(zip(("score", "possible", "passed", "failures"), r)) for q, r in row["results"].items()}
        (details / f"{path.stem}.json").write_text(
            json.dumps({**row, "results": readable}, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{path.name}: {rows[-1]['status']} {rows[-1]['total']}/{rows[-1]['possible']}"
              + (f"  FLAGGED: {rows[-1]['flags']}" if row["flags"] else ""), flush=True)
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["file", "status", *tests, "total", "possible", "flags", "notes"])
        writer.writeheader()
        writer.writerows(rows)
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
    parser.add_argument("assignment", nargs="?", help="stem (e.g. 03_datasets) or an autograder zip")
    parser.add_argument("folder", nargs="?", type=Path, help="folder of submitted .ipynb files")
    parser.add_argument("--out", type=Path, help="CSV to write (default: <folder>/grades.csv)")
    parser.add_argument("--data", type=Path, help="folder holding FashionMNIST/ (default: notebooks/data)")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per submission in all (default 600)")
    parser.add_argument("--cell-timeout", type=int, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--test-timeout", type=int, default=120, help="seconds per question's tests")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    for name in ("--notebook", "--tests", "--workdir", "--result"):
        parser.add_argument(name, help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    if not args.assignment or not args.folder:
        parser.error("give the assignment and the folder of submissions")
    out = grade_folder(args.assignment, args.folder, args.out, args.data, args.timeout,
                       args.cell_timeout, args.test_timeout)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
