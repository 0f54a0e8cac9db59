"""Sphinx extension: a Korean search language, so that 텐서, 텐서를 and 텐서는 find the same pages.

Sphinx has no Korean search language and falls back to English, which keeps each Hangul word
whole with its particle (조사): 텐서를 and 텐서는 become unrelated terms, and partial matching only
starts above two characters, so two-syllable nouns (모델, 손실, 배치) match only their bare form.

Each run of Hangul is cut into syllable bigrams (기울기 -> 기울, 울기), both when the index is
built (here, in Python) and when a reader's query is split (in the browser, by JS_SPLITTER below,
which follows `hangul_terms` rule for rule). Sphinx requires every term of a query, so a page
matches 기울기 when it has both bigrams, whatever particle follows. One-syllable words (값, 층)
are indexed as themselves. A query word first loses one trailing particle (텐서를 -> 텐서) when
two syllables or more remain, so a query with a particle finds the pages with the bare noun too;
도 and 이 stay, as they end many nouns (정확도, 길이). Latin words keep Sphinx's English splitting and stemming.

Bigrams were measured against particle stripping and against plain English splitting on 40
queries (tests/site/search_queries.py): see tests/site/test_search.py and the project notes.
"""
import json
import re

from sphinx.search import languages
from sphinx.search.en import SearchEnglish

HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
SPLIT = re.compile(r"[\uac00-\ud7a3]+|[^\W\uac00-\ud7a3]+")


QUERY_PARTICLES = ("에서", "으로", "에게", "까지", "부터", "처럼", "보다",
                   "을", "를", "은", "는", "가", "의", "에", "로", "와", "과", "만")


def strip_particle(word: str) -> str:
    """The query side's one step more: 텐서를 -> 텐서 (two syllables or more must remain)."""
    for particle in QUERY_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def split_words(text: str, strip_particles: bool) -> list[str]:
    """Latin words stay whole; each run of Hangul becomes its bigrams (after its particle, for a query)."""
    words = []
    for word in SPLIT.findall(text):
        if HANGUL_RUN.fullmatch(word):
            words.extend(hangul_terms(strip_particle(word) if strip_particles else word))
        else:
            words.append(word)
    return words


def query_terms(query: str) -> list[str]:
    """What the browser's splitQuery (JS_SPLITTER) makes of a query, for the tests."""
    return split_words(query, strip_particles=True)


def hangul_terms(run: str) -> list[str]:
    """One run of Hangul syllables -> its syllable bigrams (a one-syllable run stays whole)."""
    if len(run) < 2:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def split_korean(text: str) -> list[str]:
    """The index side: a page's text as search terms."""
    return split_words(text, strip_particles=False)


# The same split in the browser: searchtools.js calls splitQuery(query) for every query.
JS_SPLITTER = r"""
const KO_PARTICLES = %s;
function splitQuery(query) {
  const words = query.match(/[\uac00-\ud7a3]+|(?:(?![\uac00-\ud7a3])[\p{L}\p{N}_])+/gu) || [];
  const terms = [];
  for (let word of words) {
    if (/^[\uac00-\ud7a3]+$/.test(word)) {
      const particle = KO_PARTICLES.find(p => word.endsWith(p) && word.length - p.length >= 2);
      if (particle) word = word.slice(0, word.length - particle.length);
      if (word.length < 2) terms.push(word);
      else for (let i = 0; i < word.length - 1; i++) terms.push(word.slice(i, i + 2));
    } else {
      terms.push(word);
    }
  }
  return terms;
}
""" % json.dumps(QUERY_PARTICLES, ensure_ascii=False)


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"
    js_splitter_code = JS_SPLITTER

    def split(self, input: str) -> list[str]:
        return split_korean(input)
    # stem() and word_filter() are English's: they leave Hangul bigrams as they are


def setup(app):
    languages["ko"] = SearchKorean
    return {"parallel_read_safe": True, "parallel_write_safe": True}
