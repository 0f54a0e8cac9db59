"""Point every Colab link in the notebooks at the repository configured in _config.yml.

The repository URL lives in one place, `repository.url` in _config.yml. After changing it (in a
fork, say), run `make badges`: chapter badges, assignment links and the links inside assignment
sources follow. Only markdown cells change, so no notebook needs re-executing.
"""
import re
import sys
from pathlib import Path

import nbformat
import yaml

REPO = Path(__file__).resolve().parent.parent
COLAB_GITHUB = re.compile(r"https://colab\.research\.google\.com/github/[^/\s)]+/[^/\s)]+/blob/[^/\s)]+/")
FOLDERS = ["notebooks", "assignments/source", "assignments/student"]


def configured_prefix() -> str:
    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"].rstrip("/").removesuffix(".git")
    slug = url.removeprefix("https://github.com/")
    branch = config["repository"].get("branch", "main")
    return f"https://colab.research.google.com/github/{slug}/blob/{branch}/"


def main() -> int:
    prefix = configured_prefix()
    changed = []
    for folder in FOLDERS:
        for path in sorted((REPO / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
            edited = False
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    new = COLAB_GITHUB.sub(prefix, cell.source)
                    edited |= new != cell.source
                    cell.source = new
            if edited:
                nbformat.write(nb, path)
                changed.append(path.relative_to(REPO))
    print(f"Colab links now start with {prefix}; rewrote {len(changed)} notebooks")
    for path in changed:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
