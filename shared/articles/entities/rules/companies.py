"""The ``companies`` rule.

A name ending in a company suffix ("Pirelli SpA", "Johnson Controls Inc", "Kia Motors")
is ORG, and a bare first word of it elsewhere in the document ("Pirelli"), tagged as a
person or a place, is the company too, unless that word is also part of a person's full
name there ("Magic Johnson") or a country or demonym.
"""

from __future__ import annotations

from articles.entities import gazetteer
from articles.entities.types import Analysis

COMPANY_SUFFIXES = frozenset(
    {"Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Plc", "PLC", "plc", "SpA", "AG", "SA"}
    | {"S.A.", "NV", "N.V.", "GmbH", "AB", "ASA", "Oyj", "Bhd", "LLC", "Corporation", "Holdings", "Group"}
    | {"Airlines", "Airways", "Motors"}
)


def apply(analysis: Analysis) -> None:
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
