"""Rules applied to the statistical model's entities, on token indices (no spaCy here).

Each rule is named so it can be switched off for ablation (``Tagger.load(rules=...)``):

``lines``
    An entity never runs over a line break ("Nadia Boudiaf\\nPublished", "Related\\n\\nSonatrach"):
    it is cut there and its longest piece kept (the last one on a tie: page furniture such
    as "Related" comes before the name).
``orgs``
    Known organisations (``data/organisations.tsv``) are labelled ORG over whatever the
    model said, unless a longer ORG already contains them ("U.S. House of Representatives").
    What an overlapping model entity keeps outside the match is kept only when it is a
    demonym (MISC) or a country (LOC): "Libyan House" + "of Representatives", or "Libyan
    House of Representatives" tagged LOC, becomes "Libyan" MISC + "House of Representatives"
    ORG. A longer non-ORG entity with other words around the match is relabelled ORG.
``acronyms``
    ``Long Form (LF)``: when the initials of the entity (or capitalised words) before a
    parenthesised acronym spell it, the acronym is recorded as the long form's alias, and
    every occurrence of the acronym gets one label: ORG after a known organisation, else
    the model's most frequent label on the acronym, the long form counting twice.
``possessives``
    A model entity running over a possessive ("UN Secuirty Council’s Sanctions Committee")
    is two entities when the part before the "'s" names something on its own: a country
    (LOC), a known organisation (ORG), or another entity of the same document, spelt the
    same or with a typo (:func:`articles.entities.names.misspelling_of`; it takes that
    entity's label). The part after keeps the model's label when it has a capitalised word.
    Names with a possessive inside ("People's Daily", "Moody's Investors Service") are kept.
``orgheads``
    Capitalised words the model left untagged that end in an organisation's head noun
    ("Sanctions Committee", "Foreign Ministry", "Supreme Court"; two words or more, not
    upper case) are an ORG.
``companies``
    A name ending in a company suffix ("Pirelli SpA", "Johnson Controls Inc", "Kia Motors")
    is ORG, and a bare first word of it elsewhere in the document ("Pirelli"), tagged as a
    person or a place, is the company too, unless that word is also part of a person's full
    name there ("Magic Johnson") or a country or demonym.
``titles``
    The capitalised words right after an office title ("Egyptian President Abdel-Fateh
    Al-Sisi", "Speaker of the Council of Representatives (CoR) Mahmoud Al-Mashhadani") are
    one PER, replacing what the model tagged inside them; untagged words only when they make
    a full name (two words or more). A bare rank ("General Motors") is not enough.
``persons``
    A person followed by an "Al-X" word takes it ("Abdul Razzaq" + "Al-Nazhuri"). Then
    document-level consistency: a later bare surname ("Sisi", "Shoukri") that matches the
    family name of a full person name in the same document (transliteration-insensitive,
    :func:`articles.entities.names.part_matches`) is labelled PER, whatever the model said,
    and an untagged capitalised word that matches is added (unless the same word also occurs
    in lower case, which marks a common word).
``demonyms``
    A single-word entity that is a known demonym ("Libyan", "Egyptians") is MISC, as in
    CoNLL-2003; an untagged capitalised demonym is added as MISC.
``consistency``
    One name, one label per document: entities with the same words but different labels
    ("Sonatrach" ORG twice, PER once) all take the majority label; a tie changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from functools import cache
from itertools import pairwise

from articles.entities import gazetteer
from articles.entities.names import NamePart, loose_key, misspelling_of, name_parts, part_matches
from articles.entities.roles import RoleReader
from articles.entities.types import Analysis as Analysis
from articles.entities.types import Span as Span

ALL_RULES: frozenset[str] = frozenset(
    {"lines", "orgs", "acronyms", "possessives", "orgheads", "companies", "titles", "persons", "demonyms"}
    | {"consistency"}
)

_ACRONYM_STOPWORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "to"})


def apply_rules(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    spans: list[Span],
    rules: Collection[str] = ALL_RULES,
) -> Analysis:
    """Run the enabled rules, in a fixed order, on the model's ``spans`` over ``words``
    (``starts``/``ends``: each word's character offsets in ``text``)."""
    analysis = Analysis(text, words, starts, ends, sorted(spans, key=lambda s: s.start))
    if "lines" in rules:
        _lines(analysis)
    if "orgs" in rules:
        _organisations(analysis)
    if "acronyms" in rules:
        _acronyms(analysis)
    if "possessives" in rules:
        _possessives(analysis)
    if "orgheads" in rules:
        _org_heads(analysis)
    if "companies" in rules:
        _companies(analysis)
    if "titles" in rules:
        _titles(analysis)
    if "persons" in rules:
        _persons(analysis)
    if "demonyms" in rules:
        _demonyms(analysis)
    if "consistency" in rules:
        _consistency(analysis)
    analysis.spans.sort(key=lambda s: s.start)
    return analysis


# --------------------------------------------------------------------------------------
# helpers


def _overlapping(spans: Iterable[Span], start: int, end: int) -> list[Span]:
    return [s for s in spans if s.start < end and start < s.end]


def _leftover_label(words: list[str]) -> str | None:
    """MISC for a demonym, LOC for a country, None for anything else."""
    text = " ".join(words)
    countries = gazetteer.countries()
    if countries.country_of_demonym(text):
        return "MISC"
    if countries.canonical(text):
        return "LOC"
    return None


def _put(analysis: Analysis, new: Span) -> None:
    """Insert ``new``, trimming partly overlapping spans to demonym/country leftovers."""
    kept: list[Span] = []
    for old in analysis.spans:
        if old.end <= new.start or new.end <= old.start:
            kept.append(old)
            continue
        for a, b in ((old.start, new.start), (new.end, old.end)):
            if a < b:
                label = _leftover_label(analysis.words[a:b])
                if label:
                    kept.append(Span(a, b, label))
    kept.append(new)
    kept.sort(key=lambda s: s.start)
    analysis.spans = kept


def _covered(spans: Iterable[Span], n: int) -> list[bool]:
    covered = [False] * n
    for s in spans:
        for k in range(s.start, s.end):
            covered[k] = True
    return covered


# --------------------------------------------------------------------------------------
# lines


def _lines(analysis: Analysis) -> None:
    text, starts, ends = analysis.text, analysis.starts, analysis.ends
    for span in analysis.spans:
        cuts = [k for k in range(span.start + 1, span.end) if "\n" in text[ends[k - 1] : starts[k]]]
        if not cuts:
            continue
        bounds = [span.start, *cuts, span.end]
        pieces = list(pairwise(bounds))
        span.start, span.end = max(reversed(pieces), key=lambda p: p[1] - p[0])


# --------------------------------------------------------------------------------------
# orgs


def _organisations(analysis: Analysis) -> None:
    words = analysis.words
    index = gazetteer.organisations().phrases
    i, n = 0, len(words)
    while i < n:
        found = index.match_at(words, i) if words[i] in index.by_first else None
        if not found:
            i += 1
            continue
        length, canonical = found
        start, end = i, i + length
        i = end
        over = _overlapping(analysis.spans, start, end)
        holder = next((s for s in over if s.start <= start and end <= s.end and s.end - s.start > length), None)
        if holder is not None:
            if holder.label == "ORG":
                continue  # "U.S. House of Representatives": a longer organisation name
            outside = [w for a, b in ((holder.start, start), (end, holder.end)) if a < b for w in [words[a:b]]]
            if not all(_leftover_label(w) for w in outside):
                holder.label = "ORG"  # "Parallel House of Representatives" (LOC) is an organisation
                continue
        _put(analysis, Span(start, end, "ORG", canonical))


# --------------------------------------------------------------------------------------
# acronyms


def is_acronym(word: str) -> bool:
    """Whether ``word`` looks like an acronym ("HoR", "UNSMIL", "NATO"): 2-10 letters or
    digits, a capital first, at least two capitals."""
    return 2 <= len(word) <= 10 and word[0].isupper() and word.isalnum() and sum(c.isupper() for c in word) >= 2


def initials_match(words: list[str], acronym: str) -> bool:
    """Whether ``acronym`` is spelt by prefixes of ``words`` in order (function words may
    give nothing): "House of Representatives" -> HoR, "UN Security Council" -> UNSC."""
    letters = acronym.casefold()
    parts = [p.casefold() for w in words for p in w.replace("-", " ").split() if p.isalnum()]
    if not parts or parts[0][:1] != letters[:1]:
        return False

    @cache
    def fits(wi: int, ai: int) -> bool:
        if wi == len(parts):
            return ai == len(letters)
        word = parts[wi]
        if word in _ACRONYM_STOPWORDS and fits(wi + 1, ai):
            return True
        k = 1
        while k <= len(word) and ai + k <= len(letters) and word[:k] == letters[ai : ai + k]:
            if fits(wi + 1, ai + k):
                return True
            k += 1
        return False

    return fits(0, 0)


def _long_form_words(words: list[str], end: int, acronym: str, covered: list[bool]) -> int | None:
    """Start of capitalised words ending at ``end`` whose initials spell ``acronym``."""
    start = end
    best: int | None = None
    while start > 0 and end - start < 8:
        w = words[start - 1]
        if covered[start - 1] or not (w[:1].isupper() or w.lower() in _ACRONYM_STOPWORDS):
            break
        start -= 1
        if w[:1].isupper() and initials_match(words[start:end], acronym):
            best = start
    return best


def _acronyms(analysis: Analysis) -> None:
    words = analysis.words
    n = len(words)
    longs: dict[str, Span] = {}  # acronym -> its long form
    for i in range(n - 2):
        if words[i] != "(" or words[i + 2] != ")" or not is_acronym(words[i + 1]):
            continue
        acronym = words[i + 1]
        if acronym in longs:
            continue
        before = next((s for s in analysis.spans if s.end == i), None)
        if before is not None and before.label == "PER":
            continue  # "Name (ACR)" is a person's affiliation, not an alias
        if before is not None:
            span_words = words[before.start : i]
            if not any(initials_match(span_words[k:], acronym) for k in range(len(span_words))):
                continue
            long_span = before
        else:
            start = _long_form_words(words, i, acronym, _covered(analysis.spans, n))
            if start is None:
                continue
            long_span = Span(start, i, "ORG")
            _put(analysis, long_span)
        longs[acronym] = long_span
        analysis.acronyms[acronym] = analysis.text_of(long_span)
    if not longs:
        return
    # One label for every occurrence of the acronym: a gazetteer long form's (ORG), else a
    # vote of the model's labels on the acronym's occurrences, the long form counting twice
    # and winning ties: "National League for Democracy" (MISC) + "NLD" (ORG) x 6 -> ORG.
    singles = [s for s in analysis.spans if s.end - s.start == 1 and words[s.start] in longs]
    for acronym, long_span in longs.items():
        label = long_span.label
        if long_span.canonical is None:
            votes = Counter({label: 2})
            votes.update(s.label for s in singles if words[s.start] == acronym)
            if votes[label] < max(votes.values()):
                label = votes.most_common(1)[0][0]
        for k, word in enumerate(words):
            if word != acronym:
                continue
            over = _overlapping(analysis.spans, k, k + 1)
            if not over:
                _put(analysis, Span(k, k + 1, label))
            elif over[0].start == k and over[0].end == k + 1:
                over[0].label = label


# --------------------------------------------------------------------------------------
# possessives

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
    fulls = [_person_parts(analysis.words[s.start : s.end]) for s in spans if s.label == "PER" and s.end - s.start > 1]
    parts = _person_parts(words)
    if parts and FamilyIndex(f for f in fulls if len(f) > len(parts)).find(parts) is not None:
        return "PER"
    return None


def _possessives(analysis: Analysis) -> None:
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


# --------------------------------------------------------------------------------------
# orgheads

ORG_HEADS = frozenset(
    {"Committee", "Council", "Commission", "Ministry", "Court", "Agency", "Office", "Board", "Authority"}
    | {"Fund", "Assembly", "Parliament", "Party", "Union", "Association", "Federation", "Organisation"}
    | {"Organization", "Institute", "Department", "Bureau", "Tribunal", "Senate", "Congress", "Cabinet"}
    | {"Secretariat", "Foundation", "University"}
)


def _org_heads(analysis: Analysis) -> None:
    words = analysis.words
    covered = _covered(analysis.spans, len(words))

    def name_word(k: int) -> bool:
        w = words[k]
        return not covered[k] and w[:1].isupper() and not w.isupper() and w not in _NOT_NAME_WORDS

    k, n = 0, len(words)
    while k < n:
        if not name_word(k):
            k += 1
            continue
        j = k
        while j < n and name_word(j):
            j += 1
        end = j
        while end > k and words[end - 1] not in ORG_HEADS:
            end -= 1
        if end - k >= 2:
            _put(analysis, Span(k, end, "ORG"))
        k = j


# --------------------------------------------------------------------------------------
# companies

COMPANY_SUFFIXES = frozenset(
    {"Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Ltd", "Ltd.", "Plc", "PLC", "plc", "SpA", "AG", "SA"}
    | {"S.A.", "NV", "N.V.", "GmbH", "AB", "ASA", "Oyj", "Bhd", "LLC", "Corporation", "Holdings", "Group"}
    | {"Airlines", "Airways", "Motors"}
)


def _companies(analysis: Analysis) -> None:
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


# --------------------------------------------------------------------------------------
# titles


# Capitalised words that do not continue a name after a title.
_NOT_NAME_WORDS = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January"}
    | {"February", "March", "April", "May", "June", "July", "August", "September", "October"}
    | {"November", "December", "The", "A", "An", "I", "He", "She", "It", "We", "They"}
)
_MAX_NAME_WORDS = 5


def _name_run(words: list[str], k: int) -> int:
    """End of the name-like words from ``words[k]``: capitalised words (not upper case,
    not a demonym, weekday or month), name particles between them; at most five."""
    countries = gazetteer.countries()
    j, n = k, len(words)
    while j < n and j - k < _MAX_NAME_WORDS:
        w = words[j]
        if w[:1].isupper() and not w.isupper() and w not in _NOT_NAME_WORDS:
            if countries.country_of_demonym(w):
                break
            j += 1
        elif w in NAME_PARTICLES and j > k and j + 1 < n and words[j + 1][:1].isupper():
            j += 1
        else:
            break
    while j > k and words[j - 1] in NAME_PARTICLES:
        j -= 1
    return j


def _titles(analysis: Analysis) -> None:

    words = analysis.words
    countries = gazetteer.countries()
    reader = RoleReader(analysis)
    last_words = gazetteer.titles().last_words
    entity_ends = {s.end for s in analysis.spans if s.label in ("ORG", "LOC")}
    for k in range(1, len(words)):
        word = words[k]
        if not word[:1].isupper() or word.isupper():
            continue
        before = words[k - 1]
        if before.lower() not in last_words and before != ")" and k not in entity_ends:
            continue
        if not reader.title_before(k) or reader.starts_title(k):
            continue
        end = _name_run(words, k)
        if end == k or (end - k == 1 and countries.canonical(word)):
            continue
        over = _overlapping(analysis.spans, k, end)
        if any(s.start < k or s.end > end for s in over):
            continue  # an entity runs past the name: leave it to the model
        if not over and not (end - k >= 2 and looks_like_full_name(words[k:end])):
            continue  # nothing the model saw, and no full name either
        if len(over) == 1 and (over[0].start, over[0].end, over[0].label) == (k, end, "PER"):
            continue
        _put(analysis, Span(k, end, "PER"))


# --------------------------------------------------------------------------------------
# persons


def _person_parts(words: list[str]) -> tuple[NamePart, ...]:
    return name_parts(" ".join(words), "PER")


def family_runs(full: tuple[NamePart, ...]) -> list[tuple[NamePart, ...]]:
    """The sub-names a bare mention of ``full`` may use: runs of its parts that do not
    start at the given name ("Al-Nazhuri" and "Razzaq Al-Nazhuri", not "Abdul Razzaq")."""
    return [full[i:j] for i in range(1, len(full)) for j in range(i + 1, len(full) + 1)]


def _loose(parts: tuple[NamePart, ...]) -> tuple[str, ...]:
    return tuple(loose_key(p.key) for p in parts)


class FamilyIndex:
    """The family-name runs of some full names, by key, for fast bare-mention lookups."""

    def __init__(self, fulls: Iterable[tuple[NamePart, ...]]) -> None:
        self.fulls = list(fulls)
        self.runs: dict[tuple[str, ...], list[tuple[tuple[NamePart, ...], int]]] = {}
        for i, full in enumerate(self.fulls):
            for run in family_runs(full):
                self.runs.setdefault(_loose(run), []).append((run, i))

    def find_all(self, parts: tuple[NamePart, ...], *, min_ratio: float = 0.6) -> list[int]:
        """Indexes (into ``fulls``) of the full names ``parts`` is a family-name run of."""
        found: list[int] = []
        for run, i in self.runs.get(_loose(parts), ()):
            if i not in found and all(part_matches(a, b, min_ratio=min_ratio) for a, b in zip(run, parts, strict=True)):
                found.append(i)
        return found

    def find(self, parts: tuple[NamePart, ...], *, min_ratio: float = 0.6) -> int | None:
        found = self.find_all(parts, min_ratio=min_ratio)
        return found[0] if found else None


# Lower-case words that may sit inside a person's name.
NAME_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "di", "do", "dos", "du", "del", "della"}
    | {"van", "von", "der", "den", "ter", "la", "le", "st", "y", "e"}
)
# Evidence needed to overrule the model's own non-PER label with a differing spelling.
RELABEL_MIN_RATIO = 0.75


def looks_like_full_name(words: list[str]) -> bool:
    """A person span fit to anchor bare mentions: capitalised words (or name particles),
    not a mix of upper-case and title-case words ("Stremaitis URUS-MARTAN" is a dateline)."""
    upper = [w.isupper() and len(w) > 1 for w in words if w[:1].isalpha()]
    if any(upper) and not all(upper):
        return False
    return all(w[:1].isupper() or w in NAME_PARTICLES or not w[:1].isalpha() for w in words)


def _anchors(analysis: Analysis) -> list[tuple[NamePart, ...]]:
    words = analysis.words
    fulls: list[tuple[NamePart, ...]] = []
    for s in analysis.spans:
        if s.label == "PER" and s.end - s.start >= 2 and looks_like_full_name(words[s.start : s.end]):
            parts = _person_parts(words[s.start : s.end])
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
        over = _overlapping(analysis.spans, j, j + 1)
        if all(o.start == j and o.end == j + 1 for o in over):
            analysis.spans = [o for o in analysis.spans if o not in over]
            s.end = j + 1


def _persons(analysis: Analysis) -> None:
    words = analysis.words
    _extend_articles(analysis)
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
        parts = _person_parts(span_words)
        if not parts or _loose(parts) not in index.runs:
            continue
        # a country ("Russia") needs the exact family name, not a look-alike ("Rousseau")
        ratio = 1.0 if countries.canonical(text) else RELABEL_MIN_RATIO
        if index.find(parts, min_ratio=ratio) is not None:
            s.label = "PER"
    singles = {key[0] for key in index.runs if len(key) == 1}
    lower = {w for w in words if w.islower()}
    covered = _covered(analysis.spans, len(words))
    for k, word in enumerate(words):
        if covered[k] or len(word) < 3 or not word[0].isupper() or word.isupper():
            continue
        if word.lower() in lower:
            continue
        parts = name_parts(word, "PER")
        if len(parts) == 1 and loose_key(parts[0].key) in singles and index.find(parts) is not None:
            _put(analysis, Span(k, k + 1, "PER"))


# --------------------------------------------------------------------------------------
# demonyms


def _demonyms(analysis: Analysis) -> None:
    words = analysis.words
    countries = gazetteer.countries()
    for s in analysis.spans:
        if s.end - s.start == 1 and s.label != "MISC" and countries.country_of_demonym(words[s.start]):
            s.label = "MISC"
    covered = _covered(analysis.spans, len(words))
    for k, word in enumerate(words):
        if not covered[k] and word[:1].isupper() and countries.country_of_demonym(word):
            _put(analysis, Span(k, k + 1, "MISC"))


# --------------------------------------------------------------------------------------
# consistency


def _consistency(analysis: Analysis) -> None:
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for s in analysis.spans:
        votes.setdefault(tuple(analysis.words[s.start : s.end]), Counter())[s.label] += 1
    for s in analysis.spans:
        counts = votes[tuple(analysis.words[s.start : s.end])]
        if len(counts) > 1:
            (top, n), (_, second) = counts.most_common(2)
            if n > second:
                s.label = top
