"""The ``companies`` rule.

A name ending in a company suffix ("Pirelli SpA", "Johnson Controls Inc", "Kia Motors")
is ORG, and a bare first word of it elsewhere in the document ("Pirelli"), tagged as a
person or a place, is the company too, unless that word is also part of a person's full
name there ("Magic Johnson") or a country or demonym.

Names joined by "&" are one firm ("Douglas & Lomason", "Duff & Phelps", "Goldman Sachs & Co";
CoNLL-2003 train: every one of its 23 names with "&" is ORG), unless a side is a country or
both are places ("Trinidad & Tobago").
"""

from __future__ import annotations

from articles.entities import gazetteer
from articles.entities.rules.base import NOT_NAME_WORDS, put
from articles.entities.types import Analysis, Span

COMPANY_SUFFIXES = frozenset(
    {"Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Plc", "PLC", "plc", "SpA", "AG", "SA"}
    | {"S.A.", "NV", "N.V.", "GmbH", "AB", "ASA", "Oyj", "Bhd", "LLC", "Corporation", "Holdings", "Group"}
    | {"Airlines", "Airways", "Motors"}
)


def apply(analysis: Analysis) -> None:
    _ampersands(analysis)
    words = analysis.words
    countries = gazetteer.countries()
    heads: set[str] = set()
    for s in analysis.spans:
        if s.end - s.start >= 2 and words[s.end - 1] in COMPANY_SUFFIXES:
            s.label = "ORG"
            head = words[s.start]
            if head[:1].isupper() and not countries.country_of_demonym(head) and not countries.canonical(head):
                heads.add(head)
    if not heads:
        return
    in_person_names = {
        w for s in analysis.spans if s.label == "PER" and s.end - s.start >= 2 for w in words[s.start : s.end]
    }
    for s in analysis.spans:
        word = words[s.start]
        if s.end - s.start == 1 and s.label in ("PER", "LOC") and word in heads and word not in in_person_names:
            s.label = "ORG"


def _ampersands(analysis: Analysis) -> None:
    words = analysis.words
    countries = gazetteer.countries()
    for k in range(1, len(words) - 1):
        if words[k] != "&":
            continue
        left = next((s for s in analysis.spans if s.end == k), None)
        right = next((s for s in analysis.spans if s.start == k + 1), None)
        start = left.start if left is not None else k - 1 if _firm_word(words[k - 1]) else None
        end = right.end if right is not None else k + 2 if _firm_word(words[k + 1]) else None
        if start is None or end is None or (left is None and right is None):
            continue  # "R & D", "Q & A": no name the model saw on either side
        if left is not None and right is not None and left.label == right.label == "LOC":
            continue  # two places: "Trinidad & Tobago", "Bosnia & Herzegovina"
        if any(s.start < start < s.end or s.start < end < s.end for s in analysis.spans):
            continue
        sides = (" ".join(words[start:k]), " ".join(words[k + 1 : end]))
        if any(countries.canonical(side) or countries.country_of_demonym(side) for side in sides):
            continue
        if not any(s.start == start and s.end == end and s.label == "ORG" for s in analysis.spans):
            put(analysis, Span(start, end, "ORG"))


def _firm_word(word: str) -> bool:
    return word[:1].isupper() and word not in NOT_NAME_WORDS
