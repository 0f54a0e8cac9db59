"""Point every Colab link in the notebooks, and README's link to the published book, at the repository
configured in _config.yml.

The repository URL lives in one place, `repository.url` in _config.yml. After changing it (in a
fork, say), run `make badges`: chapter badges, assignment links, the links inside assignment
sources and README's GitHub Pages address follow (`make badges` then rebuilds the student
notebooks). Only markdown cells change, so no notebook needs re-executing. The book's own pages
need nothing: they take the address from MyST substitutions (book/_ext/repository_links.py).
"""
import re
import sys

import nbformat

from book_config import ASSIGNMENT_SOURCES, CHAPTERS_DIR, REPO, colab_url, pages_url
import make_reader_notebooks

COLAB_GITHUB = re.compile(r"https://colab\.research\.google\.com/github/[^/\s)]+/[^/\s)]+/blob/[^/\s)]+/")
PAGES_URL = re.compile(r"https://[A-Za-z0-9-]+\.github\.io/(?:[^/\s)>]+/)?")
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
    readme = REPO / "README.md"
    text = readme.read_text(encoding="utf-8")
    if PAGES_URL.sub(pages_url(), text) != text:
        readme.write_text(PAGES_URL.sub(pages_url(), text), encoding="utf-8")
        changed.append(readme.relative_to(REPO))
    print(f"Colab links now start with {prefix}; rewrote {len(changed)} files")
    for path in changed:
        print(f"  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
