"""Re-execute chapter notebooks top to bottom and store fresh outputs, the way the book expects.

Each notebook runs alone in an empty folder on a fresh kernel (scripts/isolated.py), as the staged
copy that every check runs (scripts/staging.py: hidden checks guarded, quoted metrics checked), and
its new outputs are written back into the source. So a chapter that quietly depends on a
repository file, or a hidden check that leaves a trace, fails here as it would in `make test`.

    python scripts/execute_notebook.py chapters/02_autograd.ipynb [more.ipynb ...]
    python scripts/execute_notebook.py          (every chapter)

Afterwards the reader copies in notebooks/ are written again (scripts/make_reader_notebooks.py).
Widget state is not stored (the site would otherwise load widget JavaScript from the internet);
progress bars keep their plain-text form.
"""
import argparse
from pathlib import Path

import nbformat

import make_reader_notebooks
from book_config import chapter_sources
from isolated import run_alone
from staging import staged


def execute(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    run = staged(nb)
    seconds = run_alone(run, timeout)
    for cell, ran in zip(nb.cells, run.cells):  # the cells staging appended are left out
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = ran.outputs, ran.execution_count
            cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every chapter")
    parser.add_argument("--timeout", type=int, default=1200, help="seconds allowed per cell")
    args = parser.parse_args()
    for path in args.notebooks or chapter_sources():
        seconds = execute(path, args.timeout)
        print(f"{path}: executed in {seconds:.1f} s")
    make_reader_notebooks.main()


if __name__ == "__main__":
    main()
