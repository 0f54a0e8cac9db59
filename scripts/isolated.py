"""Run one notebook as if it were alone in Colab: a fresh kernel in an empty folder.

The folder holds only ``data/``: links to the datasets in ``notebooks/data`` (where torchvision
downloads for a reader, and where `make data` links the offline mirror named by
``BOOK_DATA_MIRROR``). Every run of a chapter goes through here: make execute, make bench,
make spread and the GPU run (`run_alone`), and make nbval stages its copies with
`make_isolated_folder`.
"""
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from nbclient import NotebookClient

from book_config import DATA_DIR as DATA, DATASETS


def make_isolated_folder(folder: Path) -> Path:
    """Fill ``folder`` with ``data/<dataset>`` links and return it."""
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    for name in DATASETS:
        target = DATA / name
        target.mkdir(parents=True, exist_ok=True)  # torchvision downloads into the shared folder, once
        (data / name).symlink_to(target.resolve(), target_is_directory=True)
    return folder


@contextmanager
def kernel_alone(nb, timeout: int = 1800, **options):
    """A NotebookClient for `nb` with its kernel started in an empty folder (see module doc).

    Options go to NotebookClient (allow_errors, record_timing, ...). Progress bars' carriage-return
    updates are stored as their final line; widget state is not stored.
    """
    options = {"kernel_name": "python3", "store_widget_state": False, "coalesce_streams": True,
               **options}
    with tempfile.TemporaryDirectory(prefix="book-run-") as tmp:
        client = NotebookClient(nb, timeout=timeout,
                                resources={"metadata": {"path": str(make_isolated_folder(Path(tmp)))}},
                                **options)
        with client.setup_kernel():
            yield client


def run_alone(nb, timeout: int = 1800, **options) -> float:
    """Execute every cell of `nb` in place (see kernel_alone); return the seconds it took.

    With allow_errors=False (the default) the first failing cell raises CellExecutionError.
    """
    with kernel_alone(nb, timeout, **options) as client:
        start = time.perf_counter()
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        return time.perf_counter() - start
