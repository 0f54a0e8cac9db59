"""Run every chapter on the floors, on Colab's versions, and on the newest versions.

    python scripts/versions.py oldest      (make versions runs all three)
    python scripts/versions.py colab
    python scripts/versions.py newest
    python scripts/versions.py colab chapters/10_training.ipynb   (only these chapters; the record's
                                                                   other rows stay)

Each run makes a fresh virtual environment in a temporary folder, with its own Python (found by uv
among the interpreters on this machine) and packages installed by uv:

- `oldest`, Python 3.11: requirements.txt, each package named there at the lowest version its range
  allows (uv's ``--resolution lowest-direct``; what they depend on takes the newest compatible one).
- `colab`, Python 3.12: what Google Colab shipped in January 2026 (COLAB below), without the packages
  Colab lacks (koreanize-matplotlib, torchinfo). A stand-in ``google.colab`` module is imported when
  the kernel starts, as in Colab, so each chapter takes its Colab-only branch and its ``%pip install``
  fetches those packages from the package index; they are removed again before the next chapter.
- `newest`, Python 3.13: requirements.txt at the highest versions the package index offers.

Each chapter source then runs top to bottom on a fresh kernel of that environment, alone in an empty
folder with only ``data/``, as in `make test`. A chapter passes when no cell fails (hidden checks
included) and no output shows what a reader must not see (stderr, a warning:
scripts/output_rules.py, the rule the stored outputs obey); outputs are not compared (other versions
print other numbers). The result, with the commit the chapters came from (copied when the run starts;
each chapter's git blob id is kept too) and the versions installed, goes to
bench/versions-<which>.json, written after every chapter, and bench/versions.md sums up the runs (the
book shows it). The floors in requirements.txt are the versions of a passing `oldest` run; the book's
pages take their version facts from these records (scripts/version_facts.py).
"""
import datetime
import json
import os
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
PYTHON = {"oldest": "3.11", "colab": "3.12", "newest": "3.13"}
RESOLUTION = {"oldest": ["--resolution", "lowest-direct"], "newest": ["--resolution", "highest"]}
# Colab's runtime of January 2026: PyTorch's ticket to move Colab to torch 2.9 was answered then with
# "Colab is using torch 2.9" (googlecolab/colabtools#5661); numpy, matplotlib, pillow, tqdm, ipykernel,
# ipython, ipywidgets and pip are what Colab's `pip list` showed in late 2025 (not checked against a
# January 2026 runtime). Replace them all, and COLAB_AS_OF, when the book follows a newer Colab.
COLAB_AS_OF = "2026-01"
COLAB = ["torch==2.9.0", "torchvision==0.24.0", "numpy==2.0.2", "matplotlib==3.10.0", "pillow==11.3.0",
         "tqdm==4.67.1", "ipykernel==6.17.1", "ipython==7.34.0", "ipywidgets==7.7.1", "pip==24.1.2",
         "nbclient"]
NOT_IN_COLAB = ["koreanize-matplotlib", "torchinfo"]  # what the chapters' Colab branch installs


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


def run(which: str, only: list[str]) -> int:
    """One run; with `only` (chapter files), just those chapters, replacing their rows in the record."""
    import nbformat
    from book_config import BENCH_DIR, REPO, chapter_sources
    from isolated import make_isolated_folder
    from staging import guarded
    uv = str(Path(sys.executable).with_name("uv"))
    record = {"which": which, "commit": git("rev-parse", "HEAD"),
              "chapters_edited": bool(git("status", "--porcelain", "chapters")),
              "date": datetime.date.today().isoformat(), "python": "?", "versions": {}, "chapters": []}
    if which == "colab":
        record["as_of"] = COLAB_AS_OF  # the month whose Colab COLAB copies
    out = BENCH_DIR / f"versions-{which}.json"
    chapters = [p for p in chapter_sources() if not only or p.name in {Path(o).name for o in only}]
    if only and out.exists():  # the other chapters keep their rows (each row names its commit)
        old = json.loads(out.read_text(encoding="utf-8"))
        record["chapters"] = [c for c in old["chapters"] if c["notebook"] not in {p.name for p in chapters}]
        for c in record["chapters"]:
            c.setdefault("commit", old["commit"])
    with tempfile.TemporaryDirectory(prefix=f"book-{which}-") as tmp:
        # the chapters as they are now, hidden checks guarded as in make test (scripts/staging.py):
        # edits made while this runs do not mix into the record
        staged = []
        for notebook in chapters:
            folder = make_isolated_folder(Path(tmp) / notebook.stem)
            copy = Path(tmp) / notebook.name
            nbformat.write(guarded(nbformat.read(notebook, as_version=4)), copy)
            staged.append((notebook, folder, copy))
        venv = Path(tmp) / "venv"
        python = str(venv / "bin" / "python")
        subprocess.run([uv, "venv", "--quiet", "--no-python-downloads", "--python", PYTHON[which], str(venv)],
                       check=True, env=with_every_pyenv_python())
        wanted = COLAB if which == "colab" else [*RESOLUTION[which], "-r", str(REPO / "requirements.txt")]
        subprocess.run([uv, "pip", "install", "--quiet", "--python", python, *wanted],
                       check=True)
        record["python"] = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                                          check=True, capture_output=True, text=True).stdout.strip()
        env = dict(os.environ, IPYTHONDIR=str(pretend_colab(python, Path(tmp)))) if which == "colab" else None
        for notebook, folder, copy in staged:
            if which == "colab":  # each chapter starts from a fresh Colab: without what a branch installs
                subprocess.run([uv, "pip", "uninstall", "--quiet", "--python", python, *NOT_IN_COLAB],
                               check=True, capture_output=True)
            start = time.perf_counter()
            result = subprocess.run([python, __file__, "--execute", str(copy), str(folder)],
                                    capture_output=True, text=True, env=env)
            seconds = round(time.perf_counter() - start)
            passed = result.returncode == 0
            detail = (result.stdout.strip().splitlines() or [""])[-1] if passed else failure(result.stderr)
            installed = versions(uv, python)  # in Colab, what the chapters' %pip installed joins the list
            record["versions"] = {name: record["versions"].get(name, "?") if installed.get(name, "?") == "?"
                                  else installed[name] for name in SHOWN}
            row = {"notebook": notebook.name, "passed": passed, "seconds": seconds, "commit": record["commit"],
                   "blob": git("hash-object", str(notebook))[:12], "detail": detail}
            if which == "colab":  # proof that the chapter took its Colab branch (or had none)
                row["colab_installed"] = [n for n in NOT_IN_COLAB if installed[n] != "?"]
            record["chapters"].append(row)
            order = [p.name for p in chapter_sources()]
            record["chapters"].sort(key=lambda c: order.index(c["notebook"]) if c["notebook"] in order else 99)
            print(f"  {notebook.name}: {'ok' if passed else 'FAILED'} ({seconds} s) {detail}", flush=True)
            out.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")  # kept if stopped
            write_summary(BENCH_DIR)
    print(f"{which}: Python {record['python']}, " + ", ".join(f"{k} {v}" for k, v in record["versions"].items()))
    failed = sum(not c["passed"] for c in record["chapters"])
    print(f"{which}: {len(record['chapters']) - failed} passed, {failed} failed")
    return 1 if failed else 0


def with_every_pyenv_python() -> dict:
    """The environment, with every Python that pyenv holds visible to uv (pyenv's shims answer only
    for the versions PYENV_VERSION selects); unchanged where pyenv is not installed."""
    if not shutil.which("pyenv"):
        return dict(os.environ)
    held = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True).stdout.split()
    return dict(os.environ, PYENV_VERSION=":".join(held))


def versions(uv: str, python: str) -> dict[str, str]:
    """The version of each package named in SHOWN installed for `python` ("?" when absent)."""
    listed = subprocess.run([uv, "pip", "list", "--python", python, "--format", "json"],
                            check=True, capture_output=True, text=True).stdout
    installed = {p["name"].lower(): p["version"] for p in json.loads(listed)}
    return {name: installed.get(name, "?") for name in SHOWN}


def pretend_colab(python: str, tmp: Path) -> Path:
    """Make `python`'s kernels look like Colab's to a chapter: an empty ``google.colab`` package,
    imported by an IPython startup file as Colab's kernel does. Returns the IPYTHONDIR to use."""
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    stand_in = Path(purelib) / "google" / "colab"
    stand_in.mkdir(parents=True)
    (stand_in / "__init__.py").write_text('"""A stand-in for Colab\'s module (scripts/versions.py)."""\n')
    ipython = tmp / "ipython"
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "colab.py").write_text("import google.colab\ndel google\n")
    return ipython


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
    runs.sort(key=lambda r: list(PYTHON).index(r["which"]))
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
    elif sys.argv[1:2] in (["oldest"], ["colab"], ["newest"]):
        sys.exit(run(sys.argv[1], sys.argv[2:]))
    else:
        sys.exit(__doc__)
