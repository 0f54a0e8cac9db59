"""Run every chapter on the oldest, or the newest, versions that requirements.txt allows.

    python scripts/versions.py oldest      (make versions runs both)
    python scripts/versions.py newest

A fresh virtual environment in a temporary folder gets requirements.txt installed by uv: `oldest`
resolves each package named there to the lowest version its range allows (uv's
``--resolution lowest-direct``; what they depend on takes the newest compatible version), `newest`
to the highest version the package index offers. Each chapter source then runs top to bottom on a
fresh kernel of that environment, alone in an empty folder with only ``data/``, as in `make test`.
A chapter passes when no cell fails and no output shows what a reader must not see (stderr, a
warning: scripts/output_rules.py, the rule the stored outputs obey); outputs are not compared
(other versions print other numbers). The result, with the commit the chapters came from (copied
when the run starts; each chapter's git blob id is kept too) and the versions installed, goes to
bench/versions-<which>.json, written after every chapter, and bench/versions.md sums up both runs
(the book shows it). The floors in requirements.txt are the versions of a passing
`oldest` run.
"""
import datetime
import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

SHOWN = ("torch", "torchvision", "numpy", "matplotlib", "pillow", "koreanize-matplotlib", "torchinfo",
         "tqdm", "ipykernel", "ipywidgets", "jupyter", "nbclient")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
RESOLUTION = {"oldest": ["--resolution", "lowest-direct"], "newest": ["--resolution", "highest"]}


def execute(notebook: str, folder: str) -> None:
    """Run in the temporary environment: execute one notebook in `folder`; raise if a cell fails or
    an output shows what a reader must not see."""
    import nbformat
    from nbclient import NotebookClient
    from output_rules import first_unwanted
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=1800, kernel_name="python3",
                   resources={"metadata": {"path": folder}}).execute()
    unwanted = first_unwanted(nb)  # what the stored outputs may not show either
    if unwanted:
        raise RuntimeError(unwanted)
    stamp = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))
    print(stamp.strip())  # the chapter's own version stamp: proves which torch the kernel ran


def git(*args: str) -> str:
    from book_config import REPO
    return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()


def run(which: str) -> int:
    from book_config import BENCH_DIR, REPO, chapter_sources
    from isolated import make_isolated_folder
    uv = str(Path(sys.executable).with_name("uv"))
    record = {"which": which, "commit": git("rev-parse", "HEAD"),
              "chapters_edited": bool(git("status", "--porcelain", "chapters")),
              "date": datetime.date.today().isoformat(), "python": platform.python_version(),
              "versions": {}, "chapters": []}
    out = BENCH_DIR / f"versions-{which}.json"
    with tempfile.TemporaryDirectory(prefix=f"book-{which}-") as tmp:
        # the chapters as they are now: edits made while this runs do not mix into the record
        staged = []
        for notebook in chapter_sources():
            folder = make_isolated_folder(Path(tmp) / notebook.stem)
            staged.append((notebook, folder, shutil.copy(notebook, Path(tmp) / notebook.name)))
        venv = Path(tmp) / "venv"
        python = str(venv / "bin" / "python")
        subprocess.run([uv, "venv", "--quiet", "--python", sys.executable, str(venv)], check=True)
        subprocess.run([uv, "pip", "install", "--quiet", "--compile-bytecode", "--python", python,
                        *RESOLUTION[which],
                        "-r", str(REPO / "requirements.txt")], check=True)
        listed = subprocess.run([uv, "pip", "list", "--python", python, "--format", "json"],
                                check=True, capture_output=True, text=True).stdout
        installed = {p["name"].lower(): p["version"] for p in json.loads(listed)}
        record["versions"] = {name: installed.get(name, "?") for name in SHOWN}
        print(f"{which}: " + ", ".join(f"{k} {v}" for k, v in record["versions"].items()), flush=True)
        for notebook, folder, copy in staged:
            start = time.perf_counter()
            result = subprocess.run([python, __file__, "--execute", str(copy), str(folder)],
                                    capture_output=True, text=True)
            seconds = round(time.perf_counter() - start)
            passed = result.returncode == 0
            detail = (result.stdout.strip().splitlines() or [""])[-1] if passed else failure(result.stderr)
            record["chapters"].append({"notebook": notebook.name, "passed": passed, "seconds": seconds,
                                       "blob": git("hash-object", str(copy))[:12], "detail": detail})
            print(f"  {notebook.name}: {'ok' if passed else 'FAILED'} ({seconds} s) {detail}", flush=True)
            out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")  # kept if stopped
            write_summary(BENCH_DIR)
    failed = sum(not c["passed"] for c in record["chapters"])
    print(f"{which}: {len(record['chapters']) - failed} passed, {failed} failed")
    return 1 if failed else 0


def failure(stderr: str) -> str:
    """What failed: the error's name and the failing cell's code, on one line.

    nbclient's CellExecutionError prints the cell between two lines of dashes, then the error."""
    text = ANSI.sub("", stderr)
    parts = text.split("------------------")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    error = next((line for line in reversed(lines) if "Error" in line), lines[-1] if lines else "?")
    cell = " ⏎ ".join(line.strip() for line in parts[1].splitlines() if line.strip()) if len(parts) > 2 else ""
    return (f"{error[:120]} in: {cell}" if cell else error)[:400]


def write_summary(bench: Path) -> None:
    runs = [json.loads(p.read_text()) for p in sorted(bench.glob("versions-*.json"))]
    runs.sort(key=lambda r: r["which"] != "oldest")
    lines = ["| | " + " | ".join(r["which"] for r in runs) + " |", "|---|" + "---|" * len(runs)]
    lines.append("| commit | " + " | ".join(f"`{r['commit'][:7]}`" + (" (edited)" if r["chapters_edited"] else "")
                                            for r in runs) + " |")
    lines.append("| date, Python | " + " | ".join(f"{r['date']}, {r['python']}" for r in runs) + " |")
    for name in SHOWN:
        lines.append(f"| {name} | " + " | ".join(r["versions"].get(name, "?") for r in runs) + " |")
    from book_config import chapter_sources
    names = {c["notebook"] for r in runs for c in r["chapters"]} | {p.name for p in chapter_sources()}
    for notebook in sorted(names):
        cells = []
        for r in runs:
            c = next((c for c in r["chapters"] if c["notebook"] == notebook), None)
            cells.append("실행 안 함" if c is None else f"{'통과' if c['passed'] else '실패'} ({c['seconds']} s)")
        lines.append(f"| {notebook} | " + " | ".join(cells) + " |")
    failures = [f"- {r['which']}, {c['notebook']}: `{ANSI.sub('', c['detail'])}`" for r in runs for c in r["chapters"]
                if not c["passed"]]
    text = ["<!-- written by scripts/versions.py (make versions); do not edit -->", "", *lines, ""]
    if failures:
        text += ["실패한 장의 오류:", "", *failures, ""]
    (bench / "versions.md").write_text("\n".join(text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--execute"]:
        try:
            execute(*sys.argv[2:4])
        except Exception:
            traceback.print_exc()
            sys.exit(1)
    elif sys.argv[1:] in (["oldest"], ["newest"]):
        sys.exit(run(sys.argv[1]))
    else:
        sys.exit(__doc__)
