"""One term per idea: book/glossary.yml decides the book's words; this module finds where a text departs.

What is checked (fast, nothing is executed):
- No chapter, assignment, book page or README uses a word the glossary lists under `aliases` (the words
  other Korean resources use) or `avoid` (other spellings), of a term or of a `style` rule.
- Every glossary entry has a one-line definition, and its `chapter` is the chapter that first
  introduces it: the first chapter that writes the term with its English name, `용어(English)` or
  `(용어, English)`; for a term never written so, the first chapter that uses it.
- The FashionMNIST class names are the glossary's list wherever a chapter or assignment lists them.

Which text counts: what a reader reads. Markdown cells, and the comments and string literals of code
cells (what is printed or plotted), of the chapter sources (`chapters/*.ipynb`; hidden check cells
tagged `remove-cell` are skipped, the reader copies in `notebooks/` are made from these) and of
`assignments/source/*.ipynb`; `book/*.md`, README.md, and the glossary's own definitions.
Inline code, URLs and link targets are not prose and are skipped.

How a word is matched: a listed word matches anywhere, also inside a longer word (so 은닉층 and 출력층
are caught by 층), except inside the words of its `except` list (계층 and 다층 are fine; 사전 학습된,
"pretrained", is not the dict 사전). `regex` items are regular expressions (e.g. "05장").

`make terms` (python scripts/terminology.py) prints every hit and the chapter each glossary term should
link to; tests/test_terminology.py fails on them.
"""
import io
import re
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
import yaml

from book_config import ASSIGNMENT_SOURCES, GLOSSARY, REPO, chapter_sources, numbered

CHAPTERS = chapter_sources()
ASSIGNMENTS = numbered(ASSIGNMENT_SOURCES)
PAGES = sorted((REPO / "book").glob("*.md")) + [REPO / "README.md"]
NOT_PROSE = re.compile(r"`[^`\n]*`|\]\([^)\s]*\)|<https?://[^>]*>|https?://\S+")
HANGUL = "\uac00-\ud7a3"


def load_glossary() -> dict:
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))


@dataclass
class Rule:
    """One word not to use: where it should be written as `use` instead."""
    use: str
    show: str
    pattern: re.Pattern
    excepts: tuple

    @classmethod
    def from_item(cls, use: str, item) -> "Rule":
        if isinstance(item, str):
            item = {"text": item}
        pattern = re.compile(item["regex"] if "regex" in item else re.escape(item["text"]))
        return cls(item.get("use", use), item.get("show", item.get("text", "")), pattern,
                   tuple(item.get("except", ())))

    def hits(self, text: str) -> list:
        allowed = [m.span() for word in self.excepts for m in re.finditer(re.escape(word), text)]
        return [m for m in self.pattern.finditer(text)
                if not any(a <= m.start() and m.end() <= b for a, b in allowed)]


def rules(glossary: dict) -> list:
    found = []
    for entry in glossary["terms"] + glossary["style"]:
        use = entry.get("ko", entry.get("use"))
        for item in entry.get("aliases", []) + entry.get("avoid", []):
            found.append(Rule.from_item(use, item))
    return found


def code_prose(code: str) -> str:
    """The comments and string literals of a code cell, one per line (IPython magics and shell lines skipped)."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines()]
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO("\n".join(lines) + "\n").readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return "\n".join(lines)
    return "\n".join(t.string for t in tokens if t.type in (tokenize.COMMENT, tokenize.STRING))


def notebook_prose(path: Path, skip_hidden: bool, strip: bool = True) -> list:
    """[(cell index, prose)] of a notebook: markdown cells as they are, code cells' comments and strings."""
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    cells = []
    for i, cell in enumerate(nb.cells):
        if skip_hidden and "remove-cell" in cell.get("metadata", {}).get("tags", []):
            continue
        text = cell.source if cell.cell_type == "markdown" else code_prose(cell.source)
        cells.append((i, NOT_PROSE.sub(" ", text) if strip else text))
    return cells


def texts() -> list:
    """[(where, prose)] of every text the rules apply to."""
    found = []
    for path in CHAPTERS + ASSIGNMENTS:
        found += [(f"{path.relative_to(REPO)} [{i}]", text)
                  for i, text in notebook_prose(path, skip_hidden=path in CHAPTERS)]
    for path in PAGES:
        found.append((str(path.relative_to(REPO)), NOT_PROSE.sub(" ", path.read_text(encoding="utf-8"))))
    for entry in load_glossary()["terms"]:
        found.append((f"{GLOSSARY.relative_to(REPO)} '{entry['ko']}'", entry["definition"]))
    return found


def avoided_word_hits() -> dict:
    """{where: ["avoided → preferred: …context…"]} over every text."""
    all_rules, report = rules(load_glossary()), {}
    for where, text in texts():
        for rule in all_rules:
            for m in rule.hits(text):
                context = text[max(0, m.start() - 15):m.end() + 15].replace("\n", " ")
                report.setdefault(where, []).append(f"{m.group()} → {rule.use}: …{context}…")
    return report


def chapter_prose() -> dict:
    """{chapter: its prose}, inline code kept (`장치(`device`)` introduces a term)."""
    return {path.stem: "\n".join(t for _, t in notebook_prose(path, skip_hidden=True, strip=False))
            for path in CHAPTERS}


def introductions(term: str, longer: list, text: str) -> list:
    """Where `text` writes `term` with its English name, not as part of a longer glossary term."""
    t = re.escape(term)
    pattern = re.compile(rf"(?<![{HANGUL}]){t}\s*\(\s*[`A-Za-z]|\(\s*{t}\s*,\s*[`A-Za-z]")
    inside = [m.span() for word in longer for m in re.finditer(re.escape(word), text)]
    return [m for m in pattern.finditer(text)
            if not any(a <= m.start() + m.group().index(term) and m.start() + m.group().index(term) + len(term) <= b
                       for a, b in inside)]


def first_chapters(glossary: dict) -> dict:
    """{term: the chapter that first introduces it}, by the rule in this module's docstring."""
    prose, terms = chapter_prose(), [e["ko"] for e in glossary["terms"]]
    found = {}
    for term in terms:
        longer = [other for other in terms if term in other and other != term]
        intro = next((stem for stem, text in prose.items() if introductions(term, longer, text)), None)
        found[term] = intro or next((stem for stem, text in prose.items() if term in text), None)
    return found


def sort_key(term: str) -> tuple:
    """가나다 order, with terms that start with a Latin letter (NumPy …) first."""
    return (bool(re.match(f"[{HANGUL}]", term)), term)



def main() -> int:
    glossary = load_glossary()
    for where, hits in avoided_word_hits().items():
        for hit in hits:
            print(f"{where}: {hit}")
    expected = first_chapters(glossary)
    for entry in glossary["terms"]:
        if entry["chapter"] != expected[entry["ko"]]:
            print(f"glossary '{entry['ko']}': chapter {entry['chapter']} → {expected[entry['ko']]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
