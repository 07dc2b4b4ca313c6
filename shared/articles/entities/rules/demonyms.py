"""The ``demonyms`` rule.

A single-word entity that is a known demonym ("Libyan", "Egyptians") is MISC, as in
CoNLL-2003; an untagged capitalised demonym is added as MISC.
"""

from __future__ import annotations

from articles.entities import gazetteer
from articles.entities.rules.base import covered_words, put
from articles.entities.types import Analysis, Span


def apply(analysis: Analysis) -> None:
    words = analysis.words
    countries = gazetteer.countries()
    for s in analysis.spans:
        if s.end - s.start == 1 and s.label != "MISC" and countries.country_of_demonym(words[s.start]):
            s.label = "MISC"
    covered = covered_words(analysis.spans, len(words))
    for k, word in enumerate(words):
        if not covered[k] and word[:1].isupper() and countries.country_of_demonym(word):
            put(analysis, Span(k, k + 1, "MISC"))
