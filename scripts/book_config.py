"""Every layout fact of this repository, written once: scripts and tests import them from here.

`repository.url` (and `repository.branch`) in _config.yml is the one place the address is written;
the reader copies' badges and assignment links (make_reader_notebooks.py), the student notebooks'
links (build_assignments.py), the setup and teachers' pages (through the MyST substitutions of
book/_ext/repository_links.py) and the tests all derive their links here. pytest.ini puts scripts/
on the path, so tests import this module directly.
"""
import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CHAPTERS_DIR = REPO / "chapters"    # chapter sources: lesson + hidden checks, executed and compared by nbval
READERS_DIR = REPO / "notebooks"    # reader copies made from them (scripts/make_reader_notebooks.py)
DATA_DIR = READERS_DIR / "data"     # where torchvision downloads for a reader; `make data` links the mirror here
DATASETS = ("FashionMNIST", "MNIST")
ASSIGNMENT_SOURCES = REPO / "assignments" / "source"   # otter-grader sources, one per chapter
ASSIGNMENT_STUDENT = REPO / "assignments" / "student"  # generated student notebooks (committed)
ASSIGNMENT_DIST = REPO / "assignments" / "dist"        # generated autograder bundles (not committed)
ASSIGNMENT_CLASSES = REPO / "assignments" / "classes"  # one class's variants (not committed)
GLOSSARY = REPO / "book" / "glossary.yml"  # the book's words (tests/test_terminology.py, book/_ext/glossary.py)
BENCH_DIR = REPO / "bench"          # make bench, make versions: measured results
SITE_DIR = REPO / "_build" / "html"
LOCK = REPO / "requirements-lock.txt"  # exact versions `make venv` installs (make lock writes it)
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"


def numbered(folder: Path) -> list[Path]:
    """The chapter-numbered notebooks of `folder` (NN_name.ipynb), in order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def chapter_sources() -> list[Path]:
    """The chapter source notebooks, in order (chapters/NN_name.ipynb)."""
    return numbered(CHAPTERS_DIR)


def repository() -> tuple[str, str]:
    """('owner/name', branch) from _config.yml."""
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))["repository"]
    url = config["url"].rstrip("/")
    match = re.fullmatch(r"https://github\.com/([^/]+/[^/]+?)(?:\.git)?", url)
    if not match:
        raise ValueError(f"_config.yml repository.url is not a GitHub URL: {url}")
    return match.group(1), config.get("branch", "main")


def github_url(path: str) -> str:
    slug, branch = repository()
    return f"https://github.com/{slug}/blob/{branch}/{path}"


def pages_url() -> str:
    """Where GitHub Pages publishes the book: https://<owner>.github.io/<name>/."""
    owner, name = repository()[0].split("/")
    owner = owner.lower()
    return f"https://{owner}.github.io/" if name.lower() == f"{owner}.github.io" else f"https://{owner}.github.io/{name}/"


def colab_url(path: str) -> str:
    """The Colab link that opens `path` (e.g. notebooks/01_tensors.ipynb) from the repository."""
    slug, branch = repository()
    return f"https://colab.research.google.com/github/{slug}/blob/{branch}/{path}"
