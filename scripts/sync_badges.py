"""Point every Colab link in the notebooks at the repository configured in _config.yml.

The repository URL lives in one place, `repository.url` in _config.yml. After changing it (in a
fork, say), run `make badges`: chapter badges, assignment links and the links inside assignment
sources follow (`make badges` then rebuilds the student notebooks). Only markdown cells change, so no notebook needs re-executing.
"""
import re
import sys

import nbformat

from book_config import ASSIGNMENT_SOURCES, CHAPTERS_DIR, REPO, colab_url
import make_reader_notebooks

COLAB_GITHUB = re.compile(r"https://colab\.research\.google\.com/github/[^/\s)]+/[^/\s)]+/blob/[^/\s)]+/")
FOLDERS = [CHAPTERS_DIR, ASSIGNMENT_SOURCES]  # reader copies follow via make readers; student notebooks via make assignments


def main() -> int:
    prefix = colab_url("")
    changed = []
    for folder in FOLDERS:
        for path in sorted(folder.glob("*.ipynb")):
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
    if changed:
        make_reader_notebooks.main()
    print(f"Colab links now start with {prefix}; rewrote {len(changed)} notebooks")
    for path in changed:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
