"""Sphinx extension that renders the glossary page from book/glossary.yml, the one source of its terms.

book/glossary.md holds the page's title and introduction and the line MARKER; while Sphinx reads the
page, MARKER is replaced by the terms as MyST definition lists (one per 가나다 group, so the page stays
readable on a phone) and the writing rules. `render(repo)` gives that Markdown without Sphinx (the
tests use it).
"""
import json
import re
from pathlib import Path

import yaml

MARKER = "<!-- terms: rendered from book/glossary.yml by book/_ext/glossary.py -->"
DOCNAME = "book/glossary"
GROUPS = "가까나다따라마바빠사싸아자짜차카타파하"  # the syllable that opens each initial consonant
HEADING = {"까": "가", "따": "다", "빠": "바", "싸": "사", "짜": "자"}


def group(term: str) -> str:
    """The 가나다 heading of a term: 가 for ㄱ and ㄲ, …; terms starting with a Latin letter go under A–Z."""
    first = term[0]
    if not "가" <= first <= "힣":
        return "A–Z"
    syllable = GROUPS[(ord(first) - ord("가")) // 588]
    return HEADING.get(syllable, syllable)


def chapter_title(repo: Path, stem: str) -> str:
    """'4장 레이어' from the reader notebook's title '# 04. 레이어'."""
    nb = json.loads((repo / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    source = "".join(nb["cells"][0]["source"])
    number, title = re.match(r"#\s*(\d+)\.\s*(.+)", source).groups()
    return f"{int(number)}장 {title.strip()}"


def shown(items) -> str:
    return ", ".join(i if isinstance(i, str) else i.get("show", i.get("text", "")) for i in items)


def render(repo: Path) -> str:
    glossary = yaml.safe_load((repo / "book" / "glossary.yml").read_text(encoding="utf-8"))
    lines, current = [], None
    for entry in glossary["terms"]:
        if group(entry["ko"]) != current:
            current = group(entry["ko"])
            lines += [f"## {current}", ""]
        link = f"[{chapter_title(repo, entry['chapter'])}](../notebooks/{entry['chapter']}.ipynb)"
        about = [f"처음 나오는 장: {link}"]
        if entry.get("aliases"):
            about.append(f"다른 자료의 용어: {shown(entry['aliases'])}")
        if entry.get("avoid"):
            about.append(f"쓰지 않는 표기: {shown(entry['avoid'])}")
        lines += [f"**{entry['ko']}** ({entry['en']})", f": {entry['definition'].strip()}",
                  f": {' · '.join(about)}", ""]
    lines += ["## 이 책의 표기", ""]
    for rule in glossary["style"]:
        lines.append(f"- **{rule['use']}**: {rule['note']} (쓰지 않는 표기: {shown(rule['avoid'])})")
    return "\n".join(lines) + "\n"


def insert_terms(app, docname, source):
    if docname != DOCNAME:
        return
    repo = Path(app.srcdir)
    app.env.note_dependency(str(repo / "book" / "glossary.yml"))
    if MARKER not in source[0]:
        raise ValueError(f"{DOCNAME}.md lacks the line {MARKER}")
    source[0] = source[0].replace(MARKER, render(repo))


def setup(app):
    app.connect("source-read", insert_terms)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
