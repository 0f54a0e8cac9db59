"""Record how much the chapters' results vary with the CPU's kernels: `make spread`.

Short training runs amplify the last bit of a matrix product, so the numbers a chapter prints
depend on which kernels the CPU and its thread count select. This script runs chapters (default:
every chapter) as the staged copies `make test` checks (scripts/staging.py: hidden checks active
and guarded, quoted metrics checked), under each variation this machine can produce:

- 1, 2 and 4 threads (OMP_NUM_THREADS, MKL_NUM_THREADS, and torch.set_num_threads in the kernel:
  torch caps the environment's count at the number of cores);
- ATen's scalar kernels (ATEN_CPU_CAPABILITY=default) instead of the vectorised ones;
- where the CPU has AVX-512: AVX2 kernels in ATen, MKL and oneDNN (what an AVX2-only CPU runs).

Per run it writes the CPU model, the variation and torch version, each chapter's metrics (the
notebook metadata ``book.metrics``), every cell that failed (a hidden check, the metric check, a
guard) and every compared output that differs from the stored one. Runs go to bench/spread.json,
keyed by CPU model, variation and torch version, so runs from other machines (another CPU vendor,
a GPU) stay beside this machine's; bench/spread.md sums up, per metric, the minimum and maximum
over all runs (the book's page 실행 시간과 검사한 버전 shows it). tests/test_quoted_metrics.py holds
every quoted number and every checked range to that record.

    python scripts/spread.py [--only t2] [chapters/10_training.ipynb ...]
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import torch

from bench import cpu_model
from book_config import BENCH_DIR, chapter_sources
from isolated import run_alone
from output_rules import output_text
from staging import is_hidden_check, metrics, read_metrics, staged

RECORD = BENCH_DIR / "spread.json"
SUMMARY = BENCH_DIR / "spread.md"
IGNORE_TAG = "nbval-ignore-output"
AVX2 = {"ATEN_CPU_CAPABILITY": "avx2", "MKL_ENABLE_INSTRUCTIONS": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"}


def threads(n: int) -> dict:
    return {"OMP_NUM_THREADS": str(n), "MKL_NUM_THREADS": str(n)}


def variations() -> dict:
    """label -> environment, for the variations this CPU can produce."""
    found = {f"t{n}": threads(n) for n in (1, 2, 4)}
    found["t1-scalar"] = {**threads(1), "ATEN_CPU_CAPABILITY": "default"}
    if torch.backends.cpu.get_cpu_capability().startswith("AVX512"):
        found["t2-avx2"] = {**threads(2), **AVX2}
    return found


def thread_setting(env: dict) -> str:
    """Code a kernel runs first: torch caps OMP_NUM_THREADS at the number of cores, so a variation
    with more threads than cores sets them explicitly."""
    return f"import torch; torch.set_num_threads({env['OMP_NUM_THREADS']})"


def kernel_facts(env: dict) -> dict:
    """What a kernel started with `env` really uses (threads, ATen's kernel level)."""
    code = (f"{thread_setting(env)}; import json; print(json.dumps({{'threads': torch.get_num_threads(), "
            "'capability': torch.backends.cpu.get_cpu_capability()}))")
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, **env},
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def compared_text(cell) -> list[str]:
    return [output_text(o).rstrip() for o in cell.get("outputs", [])]


def run_chapter(path: Path, env: dict) -> dict:
    source = nbformat.read(path, as_version=4)
    nb = staged(source, report_metrics=bool(metrics(source)))
    failures, differences = [], []
    try:  # a slow variation on a busy machine gets an hour per cell
        seconds = run_alone(nb, timeout=3600, allow_errors=True,
                            extra_arguments=[f"--IPKernelApp.exec_lines={thread_setting(env)}"])
    except Exception as stopped:  # a cell that timed out, a kernel that died: the run stops there
        return {"seconds": None, "failures": [f"run stopped: {type(stopped).__name__}: {str(stopped)[:300]}"],
                "differences": []}
    for number, (old, new) in enumerate(zip(source.cells + [None] * 2, nb.cells), 1):
        if new.cell_type != "code":
            continue
        for output in new.outputs:
            if output["output_type"] == "error":
                kind = "hidden check" if old is None or is_hidden_check(old) else "cell"
                failures.append(f"{kind} {number}: {output['ename']}: {output['evalue'][:300]}")
        if old is not None and IGNORE_TAG not in old.metadata.get("tags", []) \
                and not is_hidden_check(old) and compared_text(old) != compared_text(new):
            differences.append(number)
    row = {"seconds": round(seconds, 1), "failures": failures, "differences": differences}
    if metrics(source):
        row["metrics"] = {k: round(v, 4) for k, v in read_metrics(nb.cells[-1]).items()}
    return row


def summary(runs: list[dict]) -> str:
    """bench/spread.md: per metric, min and max over every recorded run, then the runs."""
    lines = ["<!-- written by scripts/spread.py (make spread) from spread.json; do not edit -->", "",
             "| 장 | 지표 | 최솟값 | 최댓값 | 실행 수 |", "|---|---|---:|---:|---:|"]
    values: dict = {}
    for run in runs:
        for chapter, row in run["chapters"].items():
            for name, value in row.get("metrics", {}).items():
                values.setdefault((chapter, name), []).append(value)
    for (chapter, name), found in sorted(values.items()):
        lines.append(f"| {chapter} | `{name}` | {min(found):g} | {max(found):g} | {len(found)} |")
    lines += ["", "| CPU | 변형 | 스레드 | 커널 | torch | 날짜 | 실패한 셀 | 달라진 출력 |",
              "|---|---|---:|---|---|---|---:|---:|"]
    for run in runs:
        failed = sum(len(r["failures"]) for r in run["chapters"].values())
        differ = sum(len(r["differences"]) for r in run["chapters"].values())
        lines.append(f"| {run['cpu']} | {run['label']} | {run['threads']} | {run['capability']} | "
                     f"{run['torch']} | {run['date']} | {failed} | {differ} |")
    return "\n".join(lines + [""])


def save(run: dict) -> None:
    """Put `run` into bench/spread.json in place of the run with the same CPU, label and torch. A
    partial rerun keeps that run's other chapters, but only if they ran with the same threads and
    kernels (the 4-thread runs of 2026-12-05 once ran 2 threads)."""
    key = (run["cpu"], run["label"], run["torch"])
    # read again: another spread run (other chapters) may have written meanwhile
    record = json.loads(RECORD.read_text()) if RECORD.exists() else {"runs": []}
    kept = [r for r in record["runs"] if (r["cpu"], r["label"], r["torch"]) != key]
    for old in (r for r in record["runs"] if (r["cpu"], r["label"], r["torch"]) == key):
        if (old["threads"], old["capability"]) == (run["threads"], run["capability"]):
            run["chapters"] = {**old["chapters"], **run["chapters"]}
    record["runs"] = kept + [run]
    RECORD.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n")
    SUMMARY.write_text(summary(record["runs"]), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter")
    parser.add_argument("--only", action="append", help="variation label(s) to run, e.g. t2")
    args = parser.parse_args()
    problems = 0
    for label, env in variations().items():
        if args.only and label not in args.only:
            continue
        os.environ.update(env)  # the kernels started below inherit it
        run = {"cpu": cpu_model(), "label": label, **kernel_facts(env), "torch": torch.__version__,
               "date": datetime.date.today().isoformat(), "chapters": {}}
        for path in args.notebooks or chapter_sources():
            row = run_chapter(path, env)
            run["chapters"][path.stem] = row
            problems += len(row["failures"]) + len(row["differences"])
            print(json.dumps({"variation": label, "chapter": path.stem, **row}, ensure_ascii=False),
                  flush=True)
            save(run)  # after each chapter: a run stopped later keeps what it finished
        for name in env:
            del os.environ[name]
    print(f"wrote {RECORD} and {SUMMARY}; {problems} failed cells or differing outputs")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
