"""Re-execute chapter notebooks top to bottom and store fresh outputs, the way the book expects.

Each notebook is copied into an empty temporary folder (with only the dataset folder linked in as
``data/``), executed there on a fresh kernel, and written back with its new outputs. So a chapter
that quietly depends on a repository file fails here, as it would in Colab.

    python scripts/execute_notebook.py chapters/02_autograd.ipynb [more.ipynb ...]
    python scripts/execute_notebook.py          (every chapter)

Afterwards the reader copies in notebooks/ are written again (scripts/make_reader_notebooks.py).

Widget state is not stored (the site would otherwise load widget JavaScript from the internet);
progress bars keep their plain-text form.
"""
import argparse
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

import make_reader_notebooks
from book_config import chapter_sources
from isolated import make_isolated_folder


def execute(path: Path, timeout: int) -> float:
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="book-run-") as tmp:
        folder = make_isolated_folder(Path(tmp))
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(folder)}},
            store_widget_state=False,
            record_timing=False,
            coalesce_streams=True,  # a progress bar's \r updates are stored as its final line
            allow_errors=False,  # a cell tagged raises-exception may still fail; nbclient honours the tag
        )
        start = time.perf_counter()
        client.execute()
        seconds = time.perf_counter() - start
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
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
