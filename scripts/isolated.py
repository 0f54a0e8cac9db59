"""Make an empty folder in which one notebook can run as if it were alone in Colab.

The only thing inside is ``data/``, holding links to the datasets in ``notebooks/data`` (where
torchvision downloads for a reader, and where `make data` links the offline mirror named by
``BOOK_DATA_MIRROR``).
"""
from pathlib import Path

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
