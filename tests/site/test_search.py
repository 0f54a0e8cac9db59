"""Korean search in the built index: every query of search_queries.py finds its pages.

The site's searchindex.js is read as the browser reads it, and a query is answered with the
rules of Sphinx's searchtools.js as korean_search.JS_SEARCH changes them (every term required,
partial matches for terms longer than two characters), after splitting it with
korean_search.query_terms (search_index.py); test_browser.py checks both against the search page itself.
"""
import pytest

from search_index import search
from search_queries import QUERIES, SAME_PAGES


def test_enough_queries():
    assert len(QUERIES) >= 30


@pytest.mark.parametrize("query", list(QUERIES))
def test_query_finds_its_pages(index, query):
    found = search(index, query)
    missing = [page for page in QUERIES[query] if page not in found]
    assert not missing, f"{query!r} finds {sorted(found)}, not {missing}"


@pytest.mark.parametrize("query", list(SAME_PAGES))
def test_particles_do_not_matter(index, query):
    """텐서를 and 텐서란 find what 텐서 finds; GPU에서 what GPU finds (not every page with 에서)."""
    assert search(index, query) == search(index, SAME_PAGES[query]), f"{query} and {SAME_PAGES[query]} find different pages"


def test_a_particle_alone_finds_nothing_everywhere(index):
    every_page = set(index["docnames"])
    for query in ("GPU에서", "CUDA로", "Colab에서", "GPU 에서"):
        assert search(index, query) != every_page, f"{query!r} finds every page"


@pytest.mark.parametrize("compound, spaced", [("손실함수", "손실 함수"), ("배치정규화", "배치 정규화"),
                                              ("가중치초기화", "가중치 초기화")])
def test_compound_without_its_space(index, compound, spaced):
    """The compound finds pages writing it with the space: at least one, and none without its words."""
    found = search(index, compound)
    assert found, f"{compound!r} finds nothing"
    assert found <= search(index, spaced), f"{compound!r} finds pages without {spaced!r}: {found - search(index, spaced)}"


def test_every_term_is_required(index):
    """A Latin word plus a Hangul word finds only pages with both (searchtools.js alone would accept either)."""
    both = search(index, "CUDA 체크포인트")
    assert both and both <= search(index, "CUDA") & search(index, "체크포인트")
