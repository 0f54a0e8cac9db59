"""Re-execute every chapter with nbval, each alone in an empty temporary folder, as in Colab.

Each notebook is copied into its own empty folder (only ``data/`` linked in, see isolated.py) and
checked there by nbval: every cell must run, and every output must match the committed one (except
cells marked ``# NBVAL_IGNORE_OUTPUT``). A chapter that reads a file or imports a module from this
repository fails here. Prints the time per notebook and a closing ``N passed, N failed`` line.

    python scripts/nbval_isolated.py notebooks/01_tensors.ipynb [...]
"""
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from book_config import REPO
from isolated import make_isolated_folder

SANITIZE = REPO / "tests" / "nbval_sanitize.cfg"


def run_one(notebook: Path, tmp: Path) -> tuple[int, int, float]:
    folder = make_isolated_folder(tmp / notebook.stem)
    copy = folder / notebook.name
    shutil.copy(notebook, copy)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "--rootdir", str(tmp),
         "--nbval", "--nbval-current-env", "--nbval-sanitize-with", str(SANITIZE),
         "--nbval-cell-timeout", "900", str(copy)],
        cwd=tmp, capture_output=True, text=True,
    )
    seconds = time.perf_counter() - start
    output = result.stdout + result.stderr
    counts = {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|error)", output)}
    failed = counts.get("failed", 0) + counts.get("error", 0)
    if result.returncode != 0:
        failed = max(failed, 1)
        print(output)
    return counts.get("passed", 0), failed, seconds


def main() -> int:
    notebooks = [Path(p).resolve() for p in sys.argv[1:]]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="book-nbval-") as tmp:
        for notebook in notebooks:
            ok, bad, seconds = run_one(notebook, Path(tmp))
            passed, failed = passed + ok, failed + bad
            status = "ok" if bad == 0 else f"{bad} FAILED"
            print(f"{notebook.relative_to(REPO)}: {ok} cells passed, {status}, {seconds:.0f} s", flush=True)
    print(f"nbval: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
