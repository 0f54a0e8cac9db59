"""Check every chapter with nbval, as its source and as a reader's copy, each alone in an empty folder.

Two copies of each chapter are checked, each in its own temporary folder that holds only ``data/``
(links to the datasets, see isolated.py); nbval starts each notebook's kernel in the notebook's
folder, so a chapter that reads a file or imports a module from this repository fails here:

- ``source/NN_name.ipynb``: the chapter source as our runs stage it (scripts/staging.py): hidden
  checks active and guarded (a check that leaves a trace fails), quoted metrics checked;
- ``reader/NN_name.ipynb``: what Colab, Jupyter and the site open (notebooks/NN_name.ipynb, made by
  scripts/make_reader_notebooks.py), with the source's ignore tags and the solutions' outputs kept,
  so a reader's run must print what the page shows.

Then one pytest run checks them all: every cell must run, and every output must match the
committed one, except cells tagged ``nbval-ignore-output``. Options other than notebooks go to
pytest, so its summary, ``-k`` and ``-x`` work as usual:

    python scripts/nbval_isolated.py                      (every chapter, both copies; make nbval)
    python scripts/nbval_isolated.py chapters/03_datasets.ipynb -x
    python scripts/nbval_isolated.py -k "source and 10_training"
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

from book_config import REPO, chapter_sources
from isolated import make_isolated_folder
from make_reader_notebooks import reader_copy
from staging import staged

CELL_TIMEOUT = 1800  # seconds one cell may run (chapter 11's training on a busy 2-core CPU)
COPIES = {"source": lambda nb, name: staged(nb),
          "reader": lambda nb, name: reader_copy(nb, name, for_nbval=True)}


def main(args: list[str]) -> int:
    notebooks = [Path(a).resolve() for a in args if a.endswith(".ipynb")] or chapter_sources()
    options = [a for a in args if not a.endswith(".ipynb")]
    with tempfile.TemporaryDirectory(prefix="book-nbval-") as tmp:
        copies = []
        for notebook in notebooks:
            nb = nbformat.read(notebook, as_version=4)
            for kind, make_copy in COPIES.items():
                folder = make_isolated_folder(Path(tmp) / kind / notebook.stem)
                nbformat.write(make_copy(nb, notebook.name), folder / notebook.name)
                copies.append(str(folder / notebook.name))
        # the plugin sits beside the copies' folders, not on PYTHONPATH: the kernels (started in
        # the copies' folders) can import nothing from this repository
        shutil.copy(REPO / "scripts" / "nbval_timeouts.py", tmp)
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "nbval_timeouts",
                   "--rootdir", tmp, "-c", os.devnull, "--nbval", "--nbval-current-env",
                   "--nbval-cell-timeout", str(CELL_TIMEOUT), *options, *copies]
        return subprocess.run(command, cwd=tmp).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
