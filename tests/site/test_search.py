"""Korean search in the built index: every query of search_queries.py finds its pages.

The site's searchindex.js is read as the browser reads it, and a query is answered with the
rules of Sphinx's searchtools.js (every term required, partial matches for terms longer than two
characters), after splitting it with korean_search.query_terms, which test_browser.py checks
against the browser's own splitQuery.
"""
import json
import re

import pytest

from korean_search import query_terms
from search_queries import QUERIES


@pytest.fixture(scope="module")
def index(site):
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))


def search(index, query):
    terms, titleterms, docnames = index["terms"], index["titleterms"], index["docnames"]
    words = {w.lower() for w in query_terms(query)}
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
    long_words = len([w for w in words if len(w) > 2])
    return {docnames[f] for f, ws in found.items() if len(ws) in (len(words), long_words)}


def test_enough_queries():
    assert len(QUERIES) >= 30


@pytest.mark.parametrize("query", list(QUERIES))
def test_query_finds_its_pages(index, query):
    found = search(index, query)
    missing = [page for page in QUERIES[query] if page not in found]
    assert not missing, f"{query!r} finds {sorted(found)}, not {missing}"


def test_particles_do_not_matter(index):
    for bare, with_particle in [("텐서", "텐서를"), ("모델", "모델을"), ("기울기", "기울기는"), ("손실", "손실은")]:
        assert search(index, bare) == search(index, with_particle), f"{bare} and {with_particle} find different pages"
