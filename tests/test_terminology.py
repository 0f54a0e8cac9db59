"""One term per idea: book/glossary.yml decides the book's words, and these tests hold every text to it.

What the rules are, which text counts and how a word is matched: scripts/terminology.py, which
`make terms` runs to print every hit.
"""
import re

import nbformat
import pytest

from terminology import (ASSIGNMENTS, CHAPTERS, HANGUL, avoided_word_hits, first_chapters,
                         load_glossary, sort_key)


def test_no_avoided_words():
    report = avoided_word_hits()
    lines = [f"{where}: {hit}" for where, hits in report.items() for hit in hits]
    assert not lines, (f"{len(lines)} words the glossary (book/glossary.yml) says not to use:\n"
                       + "\n".join(lines))


def test_glossary_entries_are_complete():
    glossary, problems, seen = load_glossary(), [], set()
    for entry in glossary["terms"]:
        missing = [k for k in ("ko", "en", "definition", "chapter") if not entry.get(k)]
        if missing:
            problems.append(f"{entry.get('ko')}: no {missing}")
        if entry.get("ko") in seen:
            problems.append(f"{entry['ko']}: listed twice")
        seen.add(entry.get("ko"))
        if "\n" in str(entry.get("definition", "")).strip():
            problems.append(f"{entry['ko']}: the definition is more than one line")
    names = [e["ko"] for e in glossary["terms"]]
    if names != sorted(names, key=sort_key):
        problems.append("terms are not in 가나다 order")
    assert len(names) >= 50 and not problems, "; ".join(problems) or f"only {len(names)} terms"


def test_glossary_links_the_chapter_that_introduces_each_term():
    glossary = load_glossary()
    stems = {p.stem for p in CHAPTERS}
    expected = first_chapters(glossary)
    wrong = [f"'{e['ko']}': links {e['chapter']}, first introduced in {expected[e['ko']]}"
             for e in glossary["terms"] if e["chapter"] != expected[e["ko"]]]
    missing = sorted(stems - {e["chapter"] for e in glossary["terms"]})
    assert not wrong, "용어집 chapter links (book/glossary.yml): " + "; ".join(wrong)
    assert not missing, f"no glossary entry links to chapters {missing}"


CLASS_LIST = re.compile(r"\[[^\[\]]*\"바지\"[^\[\]]*\]")


@pytest.mark.parametrize("path", CHAPTERS + ASSIGNMENTS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fashion_mnist_class_names_are_the_same_everywhere(path):
    names = load_glossary()["fashion_mnist_classes"]
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for literal in CLASS_LIST.findall(cell.source):
            listed = re.findall(r"\"([^\"]*)\"", literal)
            if len(listed) == 10:
                assert listed == names, f"cell {i} lists the classes as {listed}, the glossary as {names}"
