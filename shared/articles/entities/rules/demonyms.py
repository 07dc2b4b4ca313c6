"""The ``demonyms`` rule.

A single-word entity that is a known demonym ("Libyan", "Egyptians") is MISC, as in
CoNLL-2003; an untagged capitalised demonym is added as MISC.

So is a name joined to a participle ("Minneapolis-based", "Hong Kong-listed", "Amman-bound",
"U.N.-sponsored"; CoNLL-2003 train: MISC 56 times of 62): the model's place or organisation
ending in one becomes MISC, a longer entity is split there ("[MISC Ohio-based] [ORG KeyCorp]"),
and an untagged one is added with the capitalised words before it.
"""

from __future__ import annotations

import re

from articles.entities import gazetteer
from articles.entities.rules.base import covered_words, put
from articles.entities.types import Analysis, Span

_PARTICIPLE = re.compile(
    r"^[A-Z][\w.']*-(?:based|registered|listed|bound|born|owned|led|backed|sponsored|controlled|run|made|operated)$"
)


def apply(analysis: Analysis) -> None:
    _participles(analysis)
    words = analysis.words
    countries = gazetteer.countries()
    for s in analysis.spans:
        if s.end - s.start == 1 and s.label != "MISC" and countries.country_of_demonym(words[s.start]):
            s.label = "MISC"
    covered = covered_words(analysis.spans, len(words))
    for k, word in enumerate(words):
        if not covered[k] and word[:1].isupper() and countries.country_of_demonym(word):
            put(analysis, Span(k, k + 1, "MISC"))


def _participles(analysis: Analysis) -> None:
    words = analysis.words
    countries = gazetteer.countries()
    for k, word in enumerate(words):
        if not _PARTICIPLE.match(word):
            continue
        stem = word.rsplit("-", 1)[0]
        if stem.endswith("ly") and not countries.canonical(stem):
            continue  # "Privately-owned": an adverb, not a name ("Italy-based" is one)
        holder = next((s for s in analysis.spans if s.start <= k < s.end), None)
        if holder is None:
            start = k
            while start > 0 and k - start < 2 and words[start - 1][:1].isupper() and not any(
                s.start <= start - 1 < s.end for s in analysis.spans
            ):
                start -= 1
            put(analysis, Span(start, k + 1, "MISC"))
        elif holder.end == k + 1:
            holder.label = "MISC"
        else:  # "[Ohio-based KeyCorp]": the participle ends one entity, the name is another
            rest = Span(k + 1, holder.end, holder.label)
            holder.end, holder.label = k + 1, "MISC"
            analysis.spans.append(rest)
            analysis.spans.sort(key=lambda s: s.start)
