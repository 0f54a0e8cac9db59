"""Grade one submission in its own process: run the notebook in a fresh kernel, then its tests elsewhere.

    python scripts/grade_worker.py < job.json           # started by scripts/grade_class.py, once per file

The job (JSON on stdin): ``notebook`` (path), ``tests`` ({question: test source}), ``workdir`` (the
empty folder the notebook runs in, holding only its own copy of ``data/``), ``test_data`` (another
copy, which the tests read), ``records`` (a folder outside it), ``pid_file`` and the limits
``cell_timeout``, ``test_timeout``, ``budget`` (seconds). The result is one JSON line on stdout:
``{"status", "notes", "results": {question: {"passed": [...], "messages": [...], "error": ...}}}``;
stdout is kept for it alone (the kernel and everything else write elsewhere).

How: the student's ``grader`` setup cell is replaced by a recorder. When a question's
``grader.check("qN")`` cell runs, the recorder saves with dill the values that question's tests take
and copies the files the notebook has written so far; so a later cell (tidying up ``checkpoints/``,
say) cannot change that question's grade. A question whose check never ran is recorded after the
last cell. A cell that runs past ``cell_timeout`` is interrupted; a kernel that ignores the interrupt
is stopped, and the questions recorded before it are still graded. A cell that kills the kernel is
left out and the notebook run again (twice at most). A question whose values cannot be pickled is
tested inside the kernel right after its check (noted). All other tests run in
``scripts/grade_tests.py``, a separate process that forks one child per question. This process never
loads a student object.
"""
import inspect
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import grade_tests

RECORDER = """\
class _Recorder:
    # Stands in for the student's `grader` setup cell: grader.check(q) records what q's tests need.
    def __init__(self, names, workdir, folder, pack):
        import json
        self._names, self._workdir, self._folder, self._pack = json.loads(names), workdir, folder, pack

    def check(self, question, *args, **kwargs):
        import os, shutil
        if question not in self._names:
            return None
        target = os.path.join(self._folder, question)
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target)
        shutil.copytree(self._workdir, os.path.join(target, "files"), symlinks=True,
                        ignore=lambda folder, names: ["data"] if folder == self._workdir else [])
        found = globals()
        self._pack({n: found[n] for n in self._names[question] if n in found}, os.path.join(target, "values"))

    def __getattr__(self, name):
        return lambda *args, **kwargs: None
"""

IN_KERNEL = """\
def _grade_in_kernel(source, question, out):
    import json
    from otter.test_files import ExceptionTestFile
    tf = ExceptionTestFile.from_string(source, path=question)
    tf.run(globals())
    with open(out, "w") as f:
        json.dump({"passed": [bool(r.passed) for r in tf.test_case_results],
                   "messages": [str(r.message) for r in tf.test_case_results if not r.passed]}, f)
"""


def call_line(function: str, *args) -> str:
    """``function(arg, ...)`` with each argument written as a Python literal (strings via repr)."""
    return f"{function}({', '.join(repr(a) for a in args)})"


def recorder_cell(names: dict, workdir: Path, records: Path, variable: str = "grader") -> str:
    """The cell that replaces the setup cell: defines the recorder and binds it to ``variable``."""
    pack = inspect.getsource(grade_tests.pack_values)
    make = f"{variable} = _Recorder({json.dumps(names)!r}, {str(workdir)!r}, {str(records)!r}, pack_values)"
    return "\n".join([pack, RECORDER, make, "del _Recorder, pack_values"])


def in_kernel_cell(source: str, question: str, out: Path) -> str:
    return "\n".join([IN_KERNEL, call_line("_grade_in_kernel", source, question, str(out)), "del _grade_in_kernel"])


def names_tested(source: str) -> list[str]:
    """The notebook names a test file's test functions take (their parameters)."""
    import ast

    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            names += [arg.arg for arg in node.args.args if arg.arg not in names and arg.arg != "env"]
    return names


def is_setup_cell(cell) -> bool:
    return "otter_setup" in cell.get("metadata", {}).get("tags", []) or "otter.Notebook(" in cell.source


class Run:
    """One kernel running one notebook, with the recording and the in-kernel fallback."""

    def __init__(self, job: dict, cells: list):
        import nbformat
        from nbclient import NotebookClient

        self.job, self.records = job, Path(job["records"])
        self.tests = job["tests"]
        self.names = {q: names_tested(s) for q, s in self.tests.items()}
        self.in_kernel = {}  # question: results graded inside the kernel
        nb = nbformat.v4.new_notebook(cells=cells)
        self.client = NotebookClient(
            nb, timeout=job["cell_timeout"], kernel_name="python3", allow_errors=True, interrupt_on_timeout=True,
            error_on_timeout={"ename": "CellTimeout", "evalue": f"stopped after {job['cell_timeout']} s",
                              "traceback": []},
            resources={"metadata": {"path": job["workdir"]}},
        )
        self.client.km = self.client.create_kernel_manager()
        self.client.start_new_kernel()
        self.client.start_new_kernel_client()
        pid = getattr(getattr(getattr(self.client.km, "provisioner", None), "process", None), "pid", None)
        if pid:
            Path(job["pid_file"]).write_text(str(pid))

    def cell(self, source: str, timeout: int = 60) -> float:
        """Run our own code in the kernel; return the seconds it took."""
        import nbformat

        self.client.timeout, start = timeout, time.time()
        self.client.execute_cell(nbformat.v4.new_code_cell(source), 0)
        return time.time() - start

    def after_cell(self) -> None:
        """Questions just recorded whose values could not be pickled: test them in the kernel now."""
        for names_file in self.records.glob("*/values/_names.json"):
            question = names_file.parent.parent.name
            stamp = names_file.stat().st_mtime_ns
            if question not in self.tests or self.in_kernel.get(question, (None,))[0] == stamp:
                continue
            if json.loads(names_file.read_text())["failed"]:
                out = self.records / f"{question}-in-kernel.json"
                out.unlink(missing_ok=True)
                self.cell(in_kernel_cell(self.tests[question], question, out), self.job["test_timeout"])
                self.in_kernel[question] = (stamp, read_answer(out, "grading inside the kernel failed"))

    def execute(self, deadline: float) -> list:
        """Run every cell; return notes [(kind, cell index)] with kind timeout/ignored/died."""
        from nbclient.exceptions import DeadKernelError

        notes, cell_timeout = [], self.job["cell_timeout"]
        for index, cell in enumerate(self.client.nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            self.client.timeout = max(1, min(cell_timeout, int(deadline - time.time())))
            start = time.time()
            try:
                self.client.execute_cell(cell, index)
                if time.time() - start >= self.client.timeout - 0.5:
                    notes.append(("timeout", index))
                    if self.cell("pass", timeout=20) >= 19.5:  # the interrupt did not stop it
                        self.stop()
                        return notes + [("ignored", index)]
                self.after_cell()
            except DeadKernelError:
                return notes + [("died", index)]
        return notes

    def record_the_rest(self) -> None:
        """Record the questions whose grader.check never ran (or was replaced), as things stand now."""
        missing = [q for q in self.tests if not (self.records / q / "values" / "_names.json").exists()]
        if not missing:
            return
        try:
            self.cell(recorder_cell(self.names, Path(self.job["workdir"]), self.records, "_grading_recorder")
                      + "\n" + "\n".join(call_line("_grading_recorder.check", q) for q in missing)
                      + "\ndel _grading_recorder", timeout=self.job["test_timeout"])
            self.after_cell()
        except Exception:  # noqa: BLE001 - the kernel died while recording: those questions get no values
            pass

    def stop(self) -> None:
        self.client._cleanup_kernel()


def read_answer(path: Path, failure: str) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"passed": [], "messages": [], "error": failure}


def run_notebook(job: dict, nb) -> tuple[str, list, dict]:
    """Run the notebook (again without a cell that kills the kernel); return (status, notes, results of the
    questions tested inside the kernel)."""
    import nbformat

    kept = [i for i, c in enumerate(nb.cells) if not (c.cell_type == "code" and is_setup_cell(c))]
    cells = [nb.cells[i] for i in kept]
    names = {q: names_tested(s) for q, s in job["tests"].items()}
    stub = nbformat.v4.new_code_cell(recorder_cell(names, Path(job["workdir"]), Path(job["records"])))
    deadline = job["deadline"] - max(15, min(job["test_timeout"], job["budget"] / 3))  # time left for the tests
    skipped, notes = [], []
    for attempt in range(3):
        shutil.rmtree(job["records"], ignore_errors=True)
        Path(job["records"]).mkdir()
        running = [i for i in range(len(cells)) if i not in skipped]  # run cell k is cells[running[k - 1]]
        run = Run(job, [stub] + [cells[i] for i in running])
        cell_notes = run.execute(deadline)
        where = {kind: [kept[running[k - 1]] + 1 for kind2, k in cell_notes if kind2 == kind and k > 0]
                 for kind in ("timeout", "ignored", "died")}
        notes += [f"cell {n}: ran past {job['cell_timeout']} s, interrupted" for n in where["timeout"]]
        if where["ignored"]:
            notes.append(f"cell {where['ignored'][0]} ignored the interrupt: the kernel was stopped there, "
                         "and only the questions checked before it were graded")
            return "TIMEOUT", notes, {q: r for q, (_, r) in run.in_kernel.items()}
        if not where["died"]:
            break
        died = running[[k for kind, k in cell_notes if kind == "died"][0] - 1]
        run.stop()
        skipped.append(died)
        notes.append(f"kernel died in cell {kept[died] + 1}: ran again without it")
    else:
        notes.append("the kernel died three times: only the questions checked before that were graded")
        return "KERNEL DIED", notes, {q: r for q, (_, r) in run.in_kernel.items()}
    run.record_the_rest()
    run.stop()
    status = "KERNEL DIED" if skipped else "TIMEOUT" if any("ran past" in n for n in notes) else "OK"
    return status, notes, {q: r for q, (_, r) in run.in_kernel.items()}


def run_sandbox(job: dict, questions: list[str]) -> dict:
    """Run the questions' tests in scripts/grade_tests.py (one forked child each); its plain JSON results."""
    records = Path(job["records"])
    work, missing = {}, {}
    for q in questions:
        values, files = records / q / "values", records / q / "files"
        if not (values / "_names.json").exists():
            missing[q] = {"passed": [], "messages": [],
                          "error": "not graded: the notebook stopped before this question was recorded"}
            continue
        files.mkdir(exist_ok=True)
        if not (files / "data").exists():  # the tests read the data as the teacher gave it, not as the notebook left it
            (files / "data").symlink_to(job["test_data"], target_is_directory=True)
        work[q] = {"source": job["tests"][q], "values": str(values), "cwd": str(files)}
    if not work:
        return missing
    command = [sys.executable, "-I", str(Path(grade_tests.__file__).resolve())]
    sandbox = {"timeout": job["test_timeout"], "deadline": job["deadline"], "questions": work}
    try:
        done = subprocess.run(command, input=json.dumps(sandbox), capture_output=True, text=True,
                              timeout=max(10, job["deadline"] - time.time() + 10), cwd=str(records))
        results = json.loads(done.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, ValueError, IndexError) as error:
        results = {q: {"passed": [], "messages": [], "error": f"the test runner failed: {type(error).__name__}"}
                   for q in work}
    return {**missing, **results}


def main() -> None:
    import nbformat

    result_out = os.fdopen(os.dup(1), "w")  # stdout is for the result alone
    os.set_inheritable(result_out.fileno(), False)
    os.dup2(2, 1)
    job = json.loads(sys.stdin.read())
    job["deadline"] = time.time() + job["budget"]
    nb = nbformat.read(job["notebook"], as_version=4)
    status, notes, in_kernel = run_notebook(job, nb)
    results = run_sandbox(job, [q for q in job["tests"] if q not in in_kernel])
    results.update(in_kernel)
    if in_kernel:
        notes.append(f"graded inside the kernel (values not copyable): {', '.join(sorted(in_kernel))}")
    for q, answer in results.items():
        if answer.get("error"):
            notes.append(f"{q}: {answer['error']}")
    result_out.write(json.dumps({"status": status, "notes": notes, "results": results}, ensure_ascii=False) + "\n")
    result_out.flush()


if __name__ == "__main__":
    main()
