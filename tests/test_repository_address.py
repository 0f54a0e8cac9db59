"""The repository's address is written once (`repository.url` in _config.yml) and everything follows it.

No chapter or assignment source holds it: `make readers` (scripts/make_reader_notebooks.py) writes
the reader copies' Colab badges and assignment links and README's link to the book, `make
assignments` the student notebooks' links, and the book's pages take the address from MyST
substitutions (book/_ext/repository_links.py). The last test changes `repository.url` in a scratch
copy, as a fork would, and checks that nothing keeps the old one.
"""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from book_config import ASSIGNMENT_SOURCES, REPO, chapter_sources, repository
from repository_links import substitutions
from version_facts import facts

PAGES = sorted((REPO / "book").glob("*.md"))
FORK = "https://github.com/someone-else/their-fork"


def test_pages_do_not_hard_code_the_address():
    slug, _ = repository()
    for page in PAGES:
        assert slug not in page.read_text(encoding="utf-8"), (
            f"{page.relative_to(REPO)} writes {slug}: use {{{{ repository_url }}}} and friends "
            "(book/_ext/repository_links.py)")


def test_sources_hold_no_repository_address():
    """A chapter links a repository notebook relatively (../assignments/student/NN_name.ipynb) and
    carries no badge: the reader copy gets both from repository.url."""
    slug, _ = repository()
    for path in chapter_sources() + sorted(ASSIGNMENT_SOURCES.glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        for typed in (slug, "colab.research.google.com/github", "colab-badge.svg"):
            assert typed not in text, (
                f"{path.relative_to(REPO)} writes {typed}: make readers writes badges and Colab links "
                "(scripts/make_reader_notebooks.py)")


def test_pages_use_only_defined_substitutions():
    defined = set(substitutions()) | set(facts())  # facts: book/_ext/version_substitutions.py
    for page in PAGES:
        used = set(re.findall(r"\{\{\s*(\w+)", page.read_text(encoding="utf-8")))
        assert used <= defined, f"{page.relative_to(REPO)} uses undefined substitutions {used - defined}"


@pytest.mark.slow
def test_a_fork_changes_the_address_in_one_place(tmp_path):
    old, _ = repository()
    scratch = tmp_path / "fork"
    for folder in ("chapters", "notebooks", "assignments/source", "scripts", "book", "bench"):
        shutil.copytree(REPO / folder, scratch / folder, ignore=shutil.ignore_patterns("data"))
    for name in ("README.md", "requirements.txt", "requirements-lock.txt"):  # the last two: version facts
        shutil.copy(REPO / name, scratch / name)
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    config["repository"]["url"] = FORK
    (scratch / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    toc = {"format": "jb-book", "root": "book/setup", "chapters": [{"file": "book/teachers"}]}
    (scratch / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")

    subprocess.run([sys.executable, "scripts/make_reader_notebooks.py"], cwd=scratch, check=True, capture_output=True)
    jupyter_book = str(Path(sys.executable).with_name("jupyter-book"))
    subprocess.run([jupyter_book, "build", ".", "--quiet"], cwd=scratch, check=True, capture_output=True)

    stale = [str(p.relative_to(scratch)) for folder in ("chapters", "notebooks", "assignments/source")
             for p in (scratch / folder).glob("*.ipynb") if old in p.read_text(encoding="utf-8")]
    assert not stale, f"still pointing at {old} after changing repository.url: {stale}"
    readme = (scratch / "README.md").read_text(encoding="utf-8")
    assert "https://someone-else.github.io/their-fork/" in readme and old.split("/")[0] not in readme, (
        "README.md does not link the fork's published book")
    for page in ("book/setup.html", "book/teachers.html"):
        html = (scratch / "_build" / "html" / page).read_text(encoding="utf-8")
        assert old not in html, f"{page} still shows {old}"
        assert "someone-else/their-fork" in html, f"{page} does not show the fork's address"
