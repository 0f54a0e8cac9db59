"""The table of contents lists every chapter's reader copy, in numeric order, and nothing that is missing."""
import yaml

from book_config import READERS_DIR, REPO
from helpers import NOTEBOOKS

READERS = READERS_DIR.relative_to(REPO).as_posix()  # the toc lists reader copies: notebooks/NN_name


def toc_files() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text(encoding="utf-8"))
    assert toc["format"] == "jb-book"
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def test_every_notebook_is_in_the_toc():
    listed = set(toc_files())
    missing = [p.name for p in NOTEBOOKS if f"{READERS}/{p.stem}" not in listed]
    assert not missing, f"notebooks missing from _toc.yml: {missing}"


def test_every_toc_entry_exists():
    absent = [f for f in toc_files() if not any((REPO / f).with_suffix(s).exists() for s in (".md", ".ipynb"))]
    assert not absent, f"_toc.yml lists files that do not exist: {absent}"


def test_chapters_are_in_numeric_order():
    chapters = [f for f in toc_files() if f.startswith(f"{READERS}/")]
    assert chapters == sorted(chapters), f"chapters out of order in _toc.yml: {chapters}"
    numbers = [int(f.split("/")[1][:2]) for f in chapters]
    assert numbers == list(range(1, len(numbers) + 1)), f"chapter numbers skip or repeat: {numbers}"
