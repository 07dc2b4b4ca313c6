"""The ``persons`` rule.

A person followed by an "Al-X" word takes it ("Abdul Razzaq" + "Al-Nazhuri"), and so does
one followed by "Ben X", "Ould X" ("Zine El Abidine" + "Ben Ali"). Then
document-level consistency: a later bare surname ("Sisi", "Shoukri") that matches the
family name of a full person name in the same document (transliteration-insensitive,
:func:`articles.entities.names.part_matches`) is labelled PER, whatever the model said,
and an untagged capitalised word that matches is added (unless the same word also occurs
in lower case, which marks a common word).
"""

from __future__ import annotations

import re

from articles.entities import gazetteer
from articles.entities.family import FamilyIndex, looks_like_full_name, loose_parts, person_parts
from articles.entities.names import NamePart, loose_key, name_parts
from articles.entities.rules.base import covered_words, name_words_before, overlapping, put
from articles.entities.types import Analysis, Span

# Evidence needed to overrule the model's own non-PER label with a differing spelling.
RELABEL_MIN_RATIO = 0.75


def _anchors(analysis: Analysis) -> list[tuple[NamePart, ...]]:
    words = analysis.words
    fulls: list[tuple[NamePart, ...]] = []
    for s in analysis.spans:
        if s.label == "PER" and s.end - s.start >= 2 and looks_like_full_name(words[s.start : s.end]):
            parts = person_parts(words[s.start : s.end])
            if len(parts) >= 2:
                fulls.append(parts)
    # "Lebed Chechnya": a "name" that starts with another person's family name is two things.
    index = FamilyIndex(fulls)
    return [full for i, full in enumerate(fulls) if all(j == i for j in index.find_all(full[:1]))]


_ARTICLE_WORD = re.compile(r"^(?:Al|El|al|el)[-‐‑][A-Z]\w")


def _extend_articles(analysis: Analysis) -> None:
    """A person followed by an "Al-X" word takes it: "Abdul Razzaq" + "Al-Nazhuri"."""
    words = analysis.words
    for s in [s for s in analysis.spans if s.label == "PER"]:
        j = s.end
        if j >= len(words) or not _ARTICLE_WORD.match(words[j]):
            continue
        over = overlapping(analysis.spans, j, j + 1)
        if all(o.start == j and o.end == j + 1 for o in over):
            analysis.spans = [o for o in analysis.spans if o not in over]
            s.end = j + 1


# Maghreb and Arabic family-name particles written with a capital: "Ben Ali", "Ould Abdallah"
_FAMILY_PARTICLES = frozenset({"Ben", "Bin", "Ibn", "Ould", "Bou", "Abu", "Abou"})


def _extend_particles(analysis: Analysis) -> None:
    """A person followed by a capitalised family particle and a name takes both: "Zine El
    Abidine" + "Ben Ali", "Ahmedou" + "Ould Abdallah" (what the model tagged there gives way)."""
    words = analysis.words
    for s in [s for s in analysis.spans if s.label == "PER"]:
        j = s.end
        if j + 1 >= len(words) or words[j] not in _FAMILY_PARTICLES or not words[j + 1][:1].isupper():
            continue
        over = overlapping(analysis.spans, j, j + 2)
        if all(j <= o.start and o.end <= j + 2 for o in over):
            analysis.spans = [o for o in analysis.spans if o not in over]
            s.end = j + 2


def _full_names_of_bare_persons(analysis: Analysis) -> None:
    """An untagged run of two or three capitalised words ending in a word the document tags
    as a one-word person elsewhere ("talks with Libya's Taher El-Baour" ... "El-Baour, the
    foreign minister") is that person's full name."""
    words = analysis.words
    bare = {words[s.start] for s in analysis.spans if s.label == "PER" and s.end - s.start == 1}
    if not bare:
        return
    countries = gazetteer.countries()
    covered = covered_words(analysis.spans, len(words))
    for end in range(2, len(words) + 1):
        last = words[end - 1]
        if last not in bare or covered[end - 1] or (end < len(words) and words[end][:1].isupper()):
            continue
        start = name_words_before(words, end - 1, covered, 2)
        if end - start >= 2 and looks_like_full_name(words[start:end]) and not any(
                countries.canonical(w) or countries.country_of_demonym(w) for w in words[start:end - 1]):
            put(analysis, Span(start, end, "PER"))
            covered = covered_words(analysis.spans, len(words))


def apply(analysis: Analysis) -> None:
    words = analysis.words
    _extend_articles(analysis)
    _extend_particles(analysis)
    _full_names_of_bare_persons(analysis)
    fulls = _anchors(analysis)
    if not fulls:
        return
    index = FamilyIndex(fulls)
    countries = gazetteer.countries()
    for s in analysis.spans:
        if s.label == "PER" or s.end - s.start > 3:
            continue
        span_words = words[s.start : s.end]
        if any(w.isupper() for w in span_words):
            continue
        text = " ".join(span_words)
        if countries.country_of_demonym(text):
            continue
        parts = person_parts(span_words)
        if not parts or loose_parts(parts) not in index.runs:
            continue
        # a country ("Russia") needs the exact family name, not a look-alike ("Rousseau")
        ratio = 1.0 if countries.canonical(text) else RELABEL_MIN_RATIO
        if index.find(parts, min_ratio=ratio) is not None:
            s.label = "PER"
    singles = {key[0] for key in index.runs if len(key) == 1}
    lower = {w for w in words if w.islower()}
    covered = covered_words(analysis.spans, len(words))
    for k, word in enumerate(words):
        if covered[k] or len(word) < 3 or not word[0].isupper() or word.isupper():
            continue
        if word.lower() in lower:
            continue
        parts = name_parts(word, "PER")
        if len(parts) == 1 and loose_key(parts[0].key) in singles and index.find(parts) is not None:
            put(analysis, Span(k, k + 1, "PER"))
