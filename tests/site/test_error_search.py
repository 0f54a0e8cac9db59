"""A learner who pastes the first English words of an error into the search box finds the page
오류 메시지 찾아보기 (book/errors.md, rendered by book/_ext/errors.py from the chapters' outputs).

English words are looked up as searchtools.js does: the split query (korean_search.query_terms,
the browser's splitQuery) less English stopwords and bare numbers, each word stemmed; every term
longer than two characters is required and also matches the index terms that contain it (the rules
test_search.py follows for Korean queries).
"""
import re

from sphinx.search.en import SearchEnglish

import errors  # the extension that renders the errors page
from book_config import REPO
from korean_search import query_terms
from search_index import pages_with

ENGLISH = SearchEnglish({})  # the Korean search language keeps English stopwords and stemming


def browser_terms(query):
    words = [w.lower() for w in query_terms(query)]
    return {ENGLISH.stem(w) for w in words if w not in ENGLISH.stopwords and not w.isdigit()}


def pages_found(index, query):
    return pages_with(index, browser_terms(query), short_may_miss=True)  # a short term may be missing


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
