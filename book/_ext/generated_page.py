"""What the pages rendered from data share (glossary.py: book/glossary.md, errors.py: book/errors.md).

Such a page is a Markdown file holding its title, its introduction and one marker line; while
Sphinx reads the page, `insert_at_marker` replaces the marker by the page's rendered Markdown and
notes the files it is made from, so that a change to them rebuilds the page.
"""
import json
import re
from pathlib import Path


def chapter_title(repo: Path, stem: str) -> str:
    """'4장 레이어' from the reader notebook's title '# 04. 레이어'."""
    nb = json.loads((repo / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    source = "".join(nb["cells"][0]["source"])
    number, title = re.match(r"#\s*(\d+)\.\s*(.+)", source).groups()
    return f"{int(number)}장 {title.strip()}"


def insert_at_marker(app, docname: str, marker: str, render, sources):
    """On page `docname`, replace the line `marker` by render(repo); sources(repo) lists its files."""
    def insert(app, name, source):
        if name != docname:
            return
        repo = Path(app.srcdir)
        for path in sources(repo):
            app.env.note_dependency(str(path))
        if marker not in source[0]:
            raise ValueError(f"{docname}.md lacks the line {marker}")
        source[0] = source[0].replace(marker, render(repo))

    app.connect("source-read", insert)
