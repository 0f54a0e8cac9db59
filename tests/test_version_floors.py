"""The floors in requirements.txt are what `make versions` proved (its record in bench/)."""
import json

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from book_config import BENCH_DIR, REPO, chapter_sources


def record(which: str) -> dict:
    return json.loads((BENCH_DIR / f"versions-{which}.json").read_text(encoding="utf-8"))


def floors() -> dict[str, Version]:
    found = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            (floor,) = [s.version for s in requirement.specifier if s.operator == ">="]
            found[requirement.name.lower()] = Version(floor)
    return found


def test_floors_are_the_oldest_run():
    """Each package's floor is the version the oldest run installed (2.11 and 2.11.0 are equal)."""
    installed = record("oldest")["versions"]
    for name, floor in floors().items():
        assert name in installed, f"make versions did not record {name}"
        assert Version(installed[name]) == floor, f"{name}: floor {floor}, oldest run had {installed[name]}"


@pytest.mark.parametrize("which", ["oldest", "newest"])
def test_every_chapter_passed(which):
    """Every chapter of the book ran and passed in both runs (a new chapter needs a rerun)."""
    results = {c["notebook"]: c["passed"] for c in record(which)["chapters"]}
    for notebook in chapter_sources():
        assert results.get(notebook.name), f"{which}: {notebook.name} {'failed' if notebook.name in results else 'did not run'}"
