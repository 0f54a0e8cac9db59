"""The floors in requirements.txt are what `make versions` proved, and its three runs (records in
bench/) each ran every chapter on the Python and versions they stand for."""
import json
import re

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from book_config import BENCH_DIR, REPO, chapter_sources
from versions import COLAB, NOT_IN_COLAB, PYTHON


# Runs still to make, each with why (run, notebook) -> reason, so that they stand in the open instead
# of a passing test; empty when every run has every chapter.
NOT_YET_RUN: dict[tuple[str, str], str] = {}


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


@pytest.mark.parametrize("which", PYTHON)
def test_every_chapter_passed(which):
    """Every chapter of the book ran and passed in each run (a new chapter needs a rerun)."""
    results = {c["notebook"]: c["passed"] for c in record(which)["chapters"]}
    for notebook in chapter_sources():
        if (which, notebook.name) in NOT_YET_RUN:
            assert notebook.name not in results, f"{which}: {notebook.name} has run: drop it from NOT_YET_RUN"
            continue
        assert results.get(notebook.name), f"{which}: {notebook.name} {'failed' if notebook.name in results else 'did not run'}"


@pytest.mark.parametrize("which", PYTHON)
def test_each_run_had_its_python(which):
    python = record(which)["python"]
    assert python.startswith(PYTHON[which] + "."), f"{which} ran on Python {python}, not {PYTHON[which]}"


def test_colab_run_had_colab_versions():
    """The colab run installed the versions scripts/versions.py names as Colab's."""
    installed = record("colab")["versions"]
    for pin in COLAB:
        name, _, version = pin.partition("==")
        if name in installed and version:
            assert Version(installed[name]) == Version(version), f"colab run had {name} {installed[name]}, not {version}"


def colab_installs(notebook) -> list[str]:
    """What the chapter's Colab-only branch installs (`%pip install -q a b` under the google.colab test)."""
    first = next(c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code")
    match = re.search(r'if "google.colab" in sys.modules:.*\n\s+%pip install -q ([^\n]+)', "".join(first["source"]))
    return sorted(match.group(1).split()) if match else []


def test_colab_run_took_each_colab_branch():
    """In the colab run each chapter's own %pip line installed what Colab lacks, and only that."""
    ran = {c["notebook"]: c for c in record("colab")["chapters"]}
    for notebook in chapter_sources():
        if ("colab", notebook.name) in NOT_YET_RUN:
            continue
        wanted = colab_installs(notebook)
        assert set(wanted) <= set(NOT_IN_COLAB), f"{notebook.name} installs {wanted}: add to NOT_IN_COLAB"
        got = ran.get(notebook.name, {}).get("colab_installed")
        assert got is not None and sorted(got) == wanted, f"{notebook.name}: Colab branch installs {wanted}, the colab run found {got}"
