"""Run one submission's tests on the values its kernel recorded: the only place student objects are loaded.

    python -I scripts/grade_tests.py < job.json          # started by scripts/grade_worker.py

The job (JSON on stdin) names, per question, the test file's source, the folder where the kernel
recorded the values those tests need (``pack_values``, below, runs inside the student's kernel when
the question's ``grader.check`` cell runs) and the folder to run in (the files the notebook had written
by then). This process imports torch and otter once, then forks one child per question: the child
loads that question's values with dill (which may run the student's code), runs the tests, and sends
back plain JSON through its own pipe. A child that runs past the time limit is killed with its process
group; a child that dies is reported with its exit status. What comes back is only
``{question: {"passed": [bool per test case], "messages": [...], "error": text or null}}``, printed as
one JSON line; the teacher's process (scripts/grade_class.py) checks it against the bundle and
computes the points. Nothing here is trusted: a student's function called by a test can still lie
about that question's result (see book/teachers.md), but it cannot reach another question's process
or the process that writes the grades.

``pack_values``, ``unpack_values`` and ``run_tests`` are also used by tests/test_assignments.py.
"""
import json
import os
import select
import signal
import sys
import time
from pathlib import Path


def pack_values(values: dict, folder: str) -> dict:
    """Write ``values`` to ``folder`` with dill (all in one file, so shared objects stay shared; one file
    per name if that fails) and return {"present": [...], "failed": [names that cannot be pickled]}.
    A tensor's ``.grad`` is not pickled by PyTorch, so the gradients of top-level tensors go along.
    Runs inside the student's kernel (its source is sent there by grade_worker.py), so it imports
    everything it needs itself."""
    import json
    from pathlib import Path

    import dill
    import torch

    def entry(value):
        grad = value.grad if isinstance(value, torch.Tensor) and value.is_leaf else None
        return {"value": value, "grad": grad}

    folder, failed = Path(folder), []
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.pkl"):
        old.unlink()
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
    """The values ``pack_values`` wrote, with their gradients restored. Runs the student's code."""
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


def run_test_file(source: str, env: dict, name: str) -> dict:
    """{"passed": [...], "messages": [...]} of one otter test file run on ``env``."""
    from otter.test_files import ExceptionTestFile

    tf = ExceptionTestFile.from_string(source, path=name)
    tf.run(env)
    return {"passed": [bool(r.passed) for r in tf.test_case_results],
            "messages": [str(r.message) for r in tf.test_case_results if not r.passed]}


def run_tests(tests: dict, env: dict, per_question: int) -> dict:
    """{question: [score, possible, [passed...], [messages]]} in this process (our own tests' fast path)."""
    from otter.test_files import ExceptionTestFile

    def on_alarm(signum, frame):
        raise TimeoutError(f"the test ran past {per_question} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    results = {}
    try:
        for q, source in tests.items():
            tf = ExceptionTestFile.from_string(source, path=q)
            signal.alarm(per_question)
            try:
                tf.run(env)
                score = tf.score
                passed = [r.passed for r in tf.test_case_results]
                messages = [r.message for r in tf.test_case_results if not r.passed]
            except TimeoutError as error:
                score, passed, messages = 0, [False] * len(tf.test_cases), [str(error)]
            finally:
                signal.alarm(0)
            results[q] = [score, tf.possible, passed, messages]
    finally:
        signal.signal(signal.SIGALRM, previous)
    return results


def _child(job: dict, name: str, write_fd: int) -> None:
    """In the forked child: load the values, run the tests, write JSON to ``write_fd``, exit."""
    os.setpgid(0, 0)  # its own group, so a process it starts is killed with it
    try:  # and killed if this runner dies (Linux)
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.chdir(job["cwd"])
    try:
        answer = run_test_file(job["source"], unpack_values(job["values"]), name)
    except BaseException as error:  # noqa: BLE001 - the values or the tests failed before any result
        answer = {"passed": [], "messages": [], "error": f"{type(error).__name__}: {error}"[:300]}
    with os.fdopen(write_fd, "w") as pipe:
        json.dump(answer, pipe)
    os._exit(0)


def _run_one(job: dict, name: str, timeout: float) -> dict:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        _child(job, name, write_fd)
    os.close(write_fd)
    chunks, deadline = [], time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        ready = select.select([read_fd], [], [], max(0, left))[0] if left > 0 else []
        if not ready:
            _kill(pid)
            os.close(read_fd)
            return {"passed": [], "messages": [], "error": f"the tests ran past {timeout:g} s and were stopped"}
        data = os.read(read_fd, 1 << 16)
        if not data:
            break
        chunks.append(data)
    os.close(read_fd)
    status = _kill(pid)
    text = b"".join(chunks).decode("utf-8", "replace")
    try:
        answer = json.loads(text)
    except ValueError:
        how = (f"was killed by signal {-status}" if status < 0 else f"exited with status {status}")
        return {"passed": [], "messages": [],
                "error": f"the tests' process {how} before reporting (the student's code stopped it)"}
    return answer


def _kill(pid: int) -> int:
    """Kill the child's process group; return its exit status (negative: signal)."""
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def main() -> None:
    jobs = json.loads(sys.stdin.read())
    import dill  # noqa: F401 - imported once here, so each forked child starts fast
    import torch  # noqa: F401
    from otter.test_files import ExceptionTestFile  # noqa: F401

    results = {}
    for name, job in jobs["questions"].items():
        left = min(jobs["timeout"], jobs["deadline"] - time.time())
        results[name] = (_run_one(job, name, left) if left > 1 else
                         {"passed": [], "messages": [], "error": "no time was left for its tests (--timeout)"})
    sys.stdout.write(json.dumps(results, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
