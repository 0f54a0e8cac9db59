"""Check every chapter with nbval, each alone in an empty folder as in Colab, in one pytest run.

Each chapter source (chapters/NN_name.ipynb) is copied into its own temporary folder that holds
only ``data/`` (links to the datasets, see isolated.py); nbval starts each notebook's kernel in the
notebook's folder, so a chapter that reads a file or imports a module from this repository fails
here. Then one pytest run checks them all: every cell must run, and every output must match the
committed one, except cells tagged ``nbval-ignore-output``. Options other than notebooks go to
pytest, so its summary, ``-k`` and ``-x`` work as usual:

    python scripts/nbval_isolated.py                      (every chapter; make nbval)
    python scripts/nbval_isolated.py chapters/03_datasets.ipynb -x
    python scripts/nbval_isolated.py -k "10_training or 11_cnn"
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from book_config import REPO, chapter_sources
from isolated import make_isolated_folder

CELL_TIMEOUT = 1800  # seconds one cell may run (chapter 11's training on a busy 2-core CPU)


def main(args: list[str]) -> int:
    notebooks = [Path(a).resolve() for a in args if a.endswith(".ipynb")] or chapter_sources()
    options = [a for a in args if not a.endswith(".ipynb")]
    with tempfile.TemporaryDirectory(prefix="book-nbval-") as tmp:
        staged = []
        for notebook in notebooks:
            folder = make_isolated_folder(Path(tmp) / notebook.stem)
            staged.append(str(shutil.copy(notebook, folder / notebook.name)))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            filter(None, [str(REPO / "scripts"), os.environ.get("PYTHONPATH")])))
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "nbval_timeouts",
                   "--rootdir", tmp, "-c", os.devnull, "--nbval", "--nbval-current-env",
                   "--nbval-cell-timeout", str(CELL_TIMEOUT), *options, *staged]
        return subprocess.run(command, cwd=tmp, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
