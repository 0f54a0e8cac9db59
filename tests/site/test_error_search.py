"""A learner who pastes the first English words of an error into the search box finds the page
오류 메시지 찾아보기 (book/errors.md, rendered by book/_ext/errors.py from the chapters' outputs).

English words are looked up as searchtools.js does: the split query (korean_search.query_terms,
the browser's splitQuery) less English stopwords and bare numbers, each word stemmed; every term
longer than two characters is required and also matches the index terms that contain it (the rules
test_search.py follows for Korean queries).
"""
import json
import re

import pytest
from sphinx.search.en import SearchEnglish

import errors  # the extension that renders the errors page
from book_config import REPO
from korean_search import query_terms

ENGLISH = SearchEnglish({})  # the Korean search language keeps English stopwords and stemming


@pytest.fixture(scope="module")
def index(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))


def browser_terms(query):
    words = [w.lower() for w in query_terms(query)]
    return {ENGLISH.stem(w) for w in words if w not in ENGLISH.stopwords and not w.isdigit()}


def pages_found(index, query):
    terms, titleterms, docnames = index["terms"], index["titleterms"], index["docnames"]
    words = browser_terms(query)
    found = {}
    for word in words:
        hits = set()
        for table in (terms, titleterms):
            keys = [word] if word in table or len(word) <= 2 else [t for t in table if word in t]
            for key in keys:
                files = table.get(key, [])
                hits.update(files if isinstance(files, list) else [files])
        for file in hits:
            found.setdefault(file, set()).add(word)
    long_words = len([w for w in words if len(w) > 2])  # a short term may be missing, as in the browser
    return {docnames[f] for f, ws in found.items() if len(ws) in (len(words), long_words)}


def first_words(text, count=6):
    """The first English words of a message, as a learner pastes them (single letters left out)."""
    return " ".join([w for w in re.findall(r"[A-Za-z]\w*", text) if len(w) > 1][:count])


def error_queries():
    shown = errors.shown_errors(REPO)
    return sorted({f"{e.exception} {first_words(e.message)}" for e in shown}
                  | {first_words(detail) for e in shown for detail in e.details})


def test_every_error_message_finds_the_errors_page(index):
    """Each error a chapter shows (and each detail line, such as "Missing key(s) in state_dict")."""
    queries = error_queries()
    assert len(queries) >= 30
    missed = [q for q in queries if "book/errors" not in pages_found(index, q)]
    assert not missed, f"these error messages do not find book/errors: {missed}"


def test_the_cuda_device_message_finds_the_errors_page(index):
    """The book shows the device error on the meta device; the page also names the CUDA message."""
    query = "Expected all tensors to be on the same device"
    assert "book/errors" in pages_found(index, query)
