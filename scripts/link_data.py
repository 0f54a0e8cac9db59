"""`make data`: link an offline copy of the datasets into notebooks/data/, where the chapters read.

With ``BOOK_DATA_MIRROR`` set to a folder that holds the datasets in torchvision's layout
(``FashionMNIST/raw/...``, ``MNIST/raw/...``), each dataset folder in notebooks/data/ becomes a link
to the mirror's, so nothing is downloaded. Without it, notebooks/data/ is only created, and
torchvision downloads into it on first use.
"""
import os
import sys
from pathlib import Path

from book_config import DATA_DIR, DATASETS


def main() -> int:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    mirror = os.environ.get("BOOK_DATA_MIRROR")
    if not mirror:
        return 0
    for name in DATASETS:
        source = Path(mirror).resolve() / name
        if not source.is_dir():
            print(f"BOOK_DATA_MIRROR={mirror} has no {name}/ folder", file=sys.stderr)
            return 1
        link = DATA_DIR / name
        if link.is_symlink() or link.exists():
            if link.is_symlink() and link.resolve() == source:
                continue
            if not link.is_symlink():
                print(f"{link} is a real folder; remove it to use the mirror", file=sys.stderr)
                return 1
            link.unlink()
        link.symlink_to(source, target_is_directory=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
