"""The built site's search index (searchindex.js), read and queried as the browser reads it.

A query is answered with the rules of Sphinx's searchtools.js as korean_search.JS_SEARCH changes
them: every term required, partial matches (a term inside a longer index term) for terms longer
than two characters. test_search.py (Korean queries), test_error_search.py (English error messages)
and test_browser.py (the search page itself) share it.
"""
import json
import re

from korean_search import query_terms


def load_index(site) -> dict:
    text = (site / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)\s*", text, re.S).group(1))


def pages_with(index, words, short_may_miss=False) -> set:
    """The pages (docnames) holding every one of `words`; with short_may_miss, a page may lack the
    words of two characters or fewer (as the browser answers English words)."""
    terms, titleterms, docnames = index["terms"], index["titleterms"], index["docnames"]
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
    wanted = {len(words)} | ({len([w for w in words if len(w) > 2])} if short_may_miss else set())
    return {docnames[f] for f, ws in found.items() if len(ws) in wanted}


def search(index, query) -> set:
    """The pages a Korean query finds (split by korean_search.query_terms)."""
    return pages_with(index, {w.lower() for w in query_terms(query)})
