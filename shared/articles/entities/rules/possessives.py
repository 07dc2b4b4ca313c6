"""The ``possessives`` rule.

A model entity running over a possessive ("UN Secuirty Council’s Sanctions Committee")
is two entities when the part before the "'s" names something on its own: a country
(LOC), a known organisation (ORG), or another entity of the same document, spelt the
same or with a typo (:func:`articles.entities.names.misspelling_of`; it takes that
entity's label). The part after keeps the model's label when it has a capitalised word.
Names with a possessive inside ("People's Daily", "Moody's Investors Service") are kept.
"""

from __future__ import annotations

from articles.entities import gazetteer
from articles.entities.family import FamilyIndex, person_parts
from articles.entities.names import misspelling_of
from articles.entities.types import Analysis, Span

POSSESSIVES = frozenset({"'s", "’s", "'S", "’S"})


def _standalone_label(analysis: Analysis, words: list[str], spans: list[Span]) -> str | None:
    """The label ``words`` have as a name of their own, from the gazetteers or ``spans``."""
    text = " ".join(words)
    if gazetteer.countries().canonical(text):
        return "LOC"
    if gazetteer.organisations().canonical(text):
        return "ORG"
    for other in spans:
        other_text = " ".join(analysis.words[other.start : other.end])
        if other_text == text or misspelling_of(text, other_text, other.label):
            return other.label
    # a person's family name ("Sisi's government" after "Abdel-Fateh Al-Sisi")
    fulls = [person_parts(analysis.words[s.start : s.end]) for s in spans if s.label == "PER" and s.end - s.start > 1]
    parts = person_parts(words)
    if parts and FamilyIndex(f for f in fulls if len(f) > len(parts)).find(parts) is not None:
        return "PER"
    return None


def apply(analysis: Analysis) -> None:
    words = analysis.words
    for span in list(analysis.spans):
        cut = next((k for k in range(span.start + 1, span.end - 1) if words[k] in POSSESSIVES), None)
        if cut is None:
            continue
        others = [s for s in analysis.spans if s is not span]
        label = _standalone_label(analysis, words[span.start : cut], others)
        if label is None:
            continue
        after = words[cut + 1 : span.end]
        analysis.spans.remove(span)
        analysis.spans.append(Span(span.start, cut, label))
        if any(w[:1].isupper() for w in after):
            analysis.spans.append(Span(cut + 1, span.end, span.label))
    analysis.spans.sort(key=lambda s: s.start)
