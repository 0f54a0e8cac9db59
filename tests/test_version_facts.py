"""Version facts are never typed: pages take them from scripts/version_facts.py, and the files that
are not rendered (README.md, CONTRIBUTING.md) state the same values."""
import re

import pytest

from book_config import REPO
from version_facts import facts

PAGES = sorted((REPO / "book").glob("*.md"))
# a typed version on a page: "Python 3.11", "파이썬 3.10", "PyTorch 2.6", "torch>=2.11", "torchvision 0.29"
TYPED = re.compile(r"(?:Python|파이썬|PyTorch|torchvision|torch)\s*(?:>=|==)?\s*\d+\.\d+", re.I)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_type_no_versions(page):
    """A page writes {{ torch_floor }} and friends (book/_ext/version_substitutions.py), never a number."""
    typed = TYPED.findall(page.read_text(encoding="utf-8"))
    assert not typed, f"{page.name} types versions {typed}; use a substitution from scripts/version_facts.py"


@pytest.mark.parametrize("name", ["README.md", "CONTRIBUTING.md"])
def test_unrendered_files_state_the_locked_python(name):
    """README.md and CONTRIBUTING.md name the Python of the lock (what `make venv` needs)."""
    text = (REPO / name).read_text(encoding="utf-8")
    stated = re.findall(r"(?:Python|파이썬) (\d+\.\d+)", text)
    assert stated, f"{name} no longer names the Python a contributor needs: update this test"
    assert set(stated) == {facts()["lock_python"]}, f"{name} says Python {stated}, the lock is for {facts()['lock_python']}"


def test_unrendered_files_type_no_other_version():
    """Apart from that Python, README.md and CONTRIBUTING.md type no version (the book's pages hold them)."""
    for name in ("README.md", "CONTRIBUTING.md"):
        typed = [t for t in TYPED.findall((REPO / name).read_text(encoding="utf-8"))
                 if not re.fullmatch(r"(?:Python|파이썬) \d+\.\d+", t)]
        assert not typed, f"{name} types versions {typed}"
