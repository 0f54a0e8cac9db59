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

A compound may be typed without its space (손실함수 for 손실 함수): the index side also keeps the
bigram across a space between two Hangul words (실함), so the query's bigrams all exist. A particle
glued to a Latin word in a query (GPU에서, CUDA로) is dropped: alone it matches nearly every page.

Sphinx's searchtools.js requires only the terms longer than two characters once a query has one, so
a Latin word plus Hangul bigrams (GPU에서, CUDA 장치) would match a page with either. JS_SEARCH
(appended to the splitter, so it lands in language_data.js after searchtools.js) keeps only the
pages that have every term, and leaves the header buttons and print-only contents out of result
snippets.

Bigrams were measured against particle stripping and against plain English splitting on 40
queries (tests/site/search_queries.py): see tests/site/test_search.py and the project notes.
"""
import json
import re

from sphinx.search import languages
from sphinx.search.en import SearchEnglish

HANGUL_RUN = re.compile(r"[\uac00-\ud7a3]+")
SPLIT = re.compile(r"[\uac00-\ud7a3]+|[^\W\uac00-\ud7a3]+")
# two Hangul words with only spaces between them: the index keeps the bigram across the space too
ACROSS_SPACE = re.compile(r"([\uac00-\ud7a3])[ \t]+(?=([\uac00-\ud7a3]))")


QUERY_PARTICLES = ("에서는", "에서도", "으로는", "에서", "으로", "에게", "까지", "부터", "처럼", "보다",
                   "마다", "이란", "에는", "을", "를", "은", "는", "가", "의", "에", "로", "와", "과",
                   "만", "란")
# what may follow a Latin word in a query with no space (GPU에서, CUDA로, PyTorch의, 모델이): dropped
GLUED_PARTICLES = QUERY_PARTICLES + ("이", "도", "이나", "나", "에도", "이다", "입니다")


def strip_particle(word: str) -> str:
    """The query side's one step more: 텐서를 -> 텐서 (two syllables or more must remain)."""
    for particle in QUERY_PARTICLES:
        if word.endswith(particle) and len(word) - len(particle) >= 2:
            return word[: -len(particle)]
    return word


def split_words(text: str, query: bool) -> list[str]:
    """Latin words stay whole; each run of Hangul becomes its bigrams. A query's Hangul word loses
    its particle, and a particle glued to a Latin word is dropped."""
    words, after_latin = [], False
    for match in SPLIT.finditer(text):
        word = match.group()
        if HANGUL_RUN.fullmatch(word):
            if query and after_latin and match.start() > 0 and text[match.start() - 1] not in " \t\n":
                if word in GLUED_PARTICLES:
                    after_latin = False
                    continue
            words.extend(hangul_terms(strip_particle(word) if query else word))
            after_latin = False
        else:
            words.append(word)
            after_latin = True
    return words


def query_terms(query: str) -> list[str]:
    """What the browser's splitQuery (JS_SPLITTER) makes of a query, for the tests."""
    return split_words(query, query=True)


def hangul_terms(run: str) -> list[str]:
    """One run of Hangul syllables -> its syllable bigrams (a one-syllable run stays whole)."""
    if len(run) < 2:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def split_korean(text: str) -> list[str]:
    """The index side: a page's text as search terms, with the bigrams across spaces (손실 함수: 실함)."""
    return split_words(text, query=False) + ["".join(pair) for pair in ACROSS_SPACE.findall(text)]


# The same split in the browser: searchtools.js calls splitQuery(query) for every query.
JS_SPLITTER = r"""
const KO_PARTICLES = %s;
const KO_GLUED_PARTICLES = %s;
function splitQuery(query) {
  const words = [...query.matchAll(/[\uac00-\ud7a3]+|(?:(?![\uac00-\ud7a3])[\p{L}\p{N}_])+/gu)];
  const terms = [];
  let afterLatin = false;
  for (const match of words) {
    let word = match[0];
    if (/^[\uac00-\ud7a3]+$/.test(word)) {
      const glued = afterLatin && match.index > 0 && !" \t\n".includes(query[match.index - 1]);
      afterLatin = false;
      if (glued && KO_GLUED_PARTICLES.includes(word)) continue;
      const particle = KO_PARTICLES.find(p => word.endsWith(p) && word.length - p.length >= 2);
      if (particle) word = word.slice(0, word.length - particle.length);
      if (word.length < 2) terms.push(word);
      else for (let i = 0; i < word.length - 1; i++) terms.push(word.slice(i, i + 2));
    } else {
      terms.push(word);
      afterLatin = true;
    }
  }
  return terms;
}
""" % (json.dumps(QUERY_PARTICLES, ensure_ascii=False), json.dumps(GLUED_PARTICLES, ensure_ascii=False))

# Runs in language_data.js, after searchtools.js has defined Search: every term of a query is
# required (Sphinx drops that rule for terms of two characters, which every Hangul bigram is), and
# a result's snippet comes from the page's text, not from its header buttons or print-only contents.
JS_SEARCH = r"""
if (typeof Search !== "undefined" && !Search._koreanRules) {
  Search._koreanRules = true;
  const hasTerm = (table, word, file) => {
    const has = files => files !== undefined && (files === file || (Array.isArray(files) && files.includes(file)));
    if (has(table[word])) return true;
    return word.length > 2 && !Object.prototype.hasOwnProperty.call(table, word)
      && Object.keys(table).some(term => term.includes(word) && has(table[term]));
  };
  const performTermsSearch = Search.performTermsSearch;
  Search.performTermsSearch = (searchTerms, excludedTerms) => {
    const index = Search._index;
    return performTermsSearch(searchTerms, excludedTerms).filter(result => {
      const file = index.docnames.indexOf(result[0]);
      return [...searchTerms].every(word => hasTerm(index.terms, word, file) || hasTerm(index.titleterms, word, file));
    });
  };
  const htmlToText = Search.htmlToText;
  Search.htmlToText = (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".bd-header-article, #jb-print-docs-body, .d-print-none, .onlyprint").forEach(el => el.remove());
    return htmlToText(page.documentElement.outerHTML, anchor);
  };
}
"""


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"
    js_splitter_code = JS_SPLITTER + JS_SEARCH

    def split(self, input: str) -> list[str]:
        return split_korean(input)
    # stem() and word_filter() are English's: they leave Hangul bigrams as they are


def setup(app):
    languages["ko"] = SearchKorean
    return {"parallel_read_safe": True, "parallel_write_safe": True}
