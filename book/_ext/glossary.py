"""Sphinx extension that renders the glossary page from book/glossary.yml, the one source of its terms.

book/glossary.md holds the page's title and introduction and the line MARKER; while Sphinx reads the
page, MARKER is replaced by the terms as MyST definition lists (one per 가나다 group, so the page stays
readable on a phone) and the writing rules. `render(repo)` gives that Markdown without Sphinx (the
tests use it).
"""
from pathlib import Path

import yaml

from generated_page import chapter_title, insert_at_marker

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


def setup(app):
    insert_at_marker(app, DOCNAME, MARKER, render, lambda repo: [repo / "book" / "glossary.yml"])
    return {"parallel_read_safe": True, "parallel_write_safe": True}
