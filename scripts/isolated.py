"""Make an empty folder in which one notebook can run as if it were alone in Colab.

The only thing inside is ``data/``, holding links to the datasets: the offline mirror named by
``BOOK_DATA_MIRROR`` when set, otherwise ``notebooks/data`` (where torchvision downloads for a reader).
"""
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATASETS = ("FashionMNIST", "MNIST")


def data_source() -> Path:
    mirror = os.environ.get("BOOK_DATA_MIRROR")
    if mirror:
        return Path(mirror).resolve()
    source = REPO / "notebooks" / "data"
    source.mkdir(parents=True, exist_ok=True)
    return source


def make_isolated_folder(folder: Path) -> Path:
    """Fill ``folder`` with ``data/<dataset>`` links and return it."""
    source = data_source()
    data = folder / "data"
    data.mkdir(parents=True, exist_ok=True)
    for name in DATASETS:
        target = source / name
        if not target.exists() and not os.environ.get("BOOK_DATA_MIRROR"):
            target.mkdir(parents=True)  # torchvision downloads into the shared folder, once
        if target.exists():
            (data / name).symlink_to(target, target_is_directory=True)
    return folder
