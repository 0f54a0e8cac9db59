"""Run every chapter top to bottom on a GPU and report, per chapter, whether it ran and how long it took.

Each chapter source runs as in `make test`: alone in an empty folder holding only `data/`, on a
fresh kernel, with its hidden checks active. Outputs are not compared (a GPU machine has its own
torch build and its own numbers); a chapter passes when every cell runs and no output shows a
warning or stderr text (scripts/output_rules.py). The report gives the seconds per chapter, the
slowest cells, the metrics the chapter declares in its `book.metrics` metadata, and for a failure
the cell and its error. Run it on a machine with an NVIDIA GPU:

    python scripts/gpu_chapters.py --out /tmp/gpu-run chapters/*.ipynb     (make gpu)

It writes report.json, summary.md (a Markdown table for bench/gpu.md) and the executed notebooks
to --out.
"""
import argparse
import datetime
import json
import platform
import re
import sys
import time
from pathlib import Path

import nbformat
import torch
from nbclient.exceptions import CellExecutionError

from isolated import run_alone
from staging import read_metrics, staged  # the copy every check runs; metrics as make bench
from output_rules import first_unwanted  # the rule the stored outputs obey


def cell_seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not (start and end):
        return 0.0
    parse = datetime.datetime.fromisoformat
    return (parse(end.replace("Z", "+00:00")) - parse(start.replace("Z", "+00:00"))).total_seconds()


def run(path: Path, out: Path) -> dict:
    nb = staged(nbformat.read(path, as_version=4), report_metrics=True)
    row = {"chapter": path.stem, "ok": True, "error": None, "seconds": None, "metrics": {}}
    start = time.perf_counter()
    try:
        run_alone(nb, timeout=1200, record_timing=True)
    except CellExecutionError as err:
        row["ok"], row["error"] = False, str(err)[-3000:]
    else:
        unwanted = first_unwanted(nb)  # a warning or stderr text a reader would see
        if unwanted:
            row["ok"], row["error"] = False, unwanted
    row["seconds"] = round(time.perf_counter() - start, 1)
    cells = [(i, cell_seconds(c)) for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    row["slowest_cells"] = [(i, round(s, 1)) for i, s in sorted(cells, key=lambda x: -x[1])[:3]]
    row["metrics"] = read_metrics(nb.cells[-1])
    nbformat.write(nb, out / path.name)
    return row


def summary(report: dict) -> str:
    lines = [f"{report['date']} · {report['device']} · torch {report['torch']} (CUDA {report['cuda']}) · "
             f"Python {report['python']}", "", "| 장 | 결과 | 실행 시간 | 지표 |", "|---|---|---:|---|"]
    for row in report["chapters"]:
        error = re.sub(r"\x1b\[[0-9;]*m", "", row["error"] or "").strip()
        status = "모든 셀 실행" if row["ok"] else "실패: " + error.splitlines()[-1][:120]
        metrics = ", ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}"
                            for k, v in row["metrics"].items())
        lines.append(f"| {row['chapter']} | {status} | {row['seconds']:.1f} s | {metrics} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    device = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "GPU 없음"
    rows = []
    for path in args.notebooks:
        row = run(path, args.out)
        rows.append(row)
        status = "ok" if row["ok"] else "FAILED"
        print(f"{path.stem}: {status} in {row['seconds']} s {row['metrics'] or ''}", flush=True)
    report = {"date": datetime.date.today().isoformat(), "device": device,
              "torch": torch.__version__, "cuda": torch.version.cuda,
              "python": platform.python_version(), "chapters": rows}
    (args.out / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    (args.out / "summary.md").write_text(summary(report))
    print(f"\n{sum(r['ok'] for r in rows)} passed, {sum(not r['ok'] for r in rows)} failed")
    return 0 if all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
