"""Benchmark the book: execute every chapter on a fresh kernel and record what it costs and achieves.

Writes bench/results.json and bench/results.md (shown on the book's page 실행 시간과 검사한 버전):
seconds per notebook, the kernel's peak memory (RSS), the metrics a chapter declares in its notebook
metadata ``book.metrics`` (read by the report cell scripts/staging.py appends to the in-memory
copy), and the machine (CPU model, cores, torch version). Each notebook runs alone in an empty
folder as the staged copy `make test` checks; the committed notebooks are not modified.
This is a measurement, not a test: it fails only when a notebook fails to run.

    python scripts/bench.py [chapters/NN_name.ipynb ...]     (default: every chapter)
"""
import datetime
import json
import os
import platform
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
import torch
import torchvision

from book_config import BENCH_DIR as OUT, chapter_sources
from isolated import kernel_alone
from staging import read_metrics, staged



class PeakMemory:
    """Polls a process and its children for their summed resident memory."""

    def __init__(self, pid: int):
        self.process, self.peak, self._stop = psutil.Process(pid), 0, threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def _poll(self):
        while not self._stop.is_set():
            try:
                procs = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            time.sleep(0.2)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(path: Path) -> dict:
    nb = staged(nbformat.read(path, as_version=4), report_metrics=True)
    with kernel_alone(nb, timeout=1800) as client:
        memory = PeakMemory(client.km.provisioner.process.pid)
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
        seconds = time.perf_counter() - start
        peak = memory.stop()
    metrics = {k: round(v, 1 if k.endswith("seconds") else 4) for k, v in read_metrics(nb.cells[-1]).items()}
    return {"notebook": path.name, "seconds": round(seconds, 1), "peak_rss_mb": round(peak / 2**20), **metrics}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def write_results(rows: list[dict]) -> None:
    machine = {"cpu": cpu_model(), "cores": os.cpu_count(), "torch_threads": torch.get_num_threads(),
               "python": platform.python_version(), "torch": torch.__version__,
               "torchvision": torchvision.__version__, "date": datetime.date.today().isoformat()}
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps({"machine": machine, "notebooks": rows}, indent=2) + "\n")
    write_markdown(machine, rows)


def write_markdown(machine: dict, rows: list[dict]) -> None:
    """bench/results.md, the tables that the book's page 실행 시간과 검사한 버전 includes.

    Times and memory in one narrow table, the metrics in a second one (one row per metric), so
    that neither needs long wrapped cells on a phone."""
    lines = ["<!-- written by scripts/bench.py (make bench) from results.json; do not edit -->", "",
             f"{machine['cpu']}, {machine['cores']} cores, Python {machine['python']}, "
             f"torch {machine['torch']}, torchvision {machine['torchvision']}, {machine['date']}.", "",
             "| 장 | 시간(초) | 최대 메모리(MB) |", "|---|---:|---:|"]
    lines += [f"| {row['notebook']} | {row['seconds']} | {row['peak_rss_mb']} |" for row in rows]
    lines += ["", f"합계: {sum(r['seconds'] for r in rows):.0f}초.", "",
              "| 장 | 지표(`book.metrics`) | 값 |", "|---|---|---:|"]
    lines += [f"| {row['notebook']} | `{k}` | {v} |" for row in rows for k, v in row.items()
              if k not in ("notebook", "seconds", "peak_rss_mb")]
    (OUT / "results.md").write_text("\n".join(lines + [""]), encoding="utf-8")


def main() -> int:
    rows = []
    for name in sys.argv[1:] or chapter_sources():
        row = run(Path(name))
        print(json.dumps(row), flush=True)
        rows.append(row)
    write_results(rows)
    print(f"wrote {OUT / 'results.md'} and {OUT / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
