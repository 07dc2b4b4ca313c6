"""The ``acronyms`` rule.

``Long Form (LF)``: when the initials of the entity (or capitalised words) before a
parenthesised acronym spell it, or the text says so ("Long Form, known by its French
initials LF"), the acronym is recorded as the long form's alias, and
every occurrence of the acronym gets one label: ORG after a known organisation, else
the model's most frequent label on the acronym, the long form counting twice.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache

from articles.entities.rules.base import covered_words, overlapping, put
from articles.entities.types import Analysis, Span

_ACRONYM_STOPWORDS = frozenset({
    "of", "the", "and", "for", "on", "in", "to",
    "de", "du", "des", "la", "le", "les", "et", "pour", "en", "à", "au", "aux", "sur",  # French
})  # fmt: skip


def is_acronym(word: str) -> bool:
    """Whether ``word`` looks like an acronym ("HoR", "UNSMIL", "NATO"): 2-10 letters or
    digits, a capital first, at least two capitals."""
    return 2 <= len(word) <= 10 and word[0].isupper() and word.isalnum() and sum(c.isupper() for c in word) >= 2


def initials_match(words: list[str], acronym: str) -> bool:
    """Whether ``acronym`` is spelt by prefixes of ``words`` in order (function words may
    give nothing): "House of Representatives" -> HoR, "UN Security Council" -> UNSC."""
    letters = _fold(acronym)
    parts = [_fold(p) for w in words for p in w.replace("-", " ").split() if p.isalnum()]
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


def _fold(text: str) -> str:
    """Case and accents folded: "Énergie" spells the E of AIEA."""
    return "".join(c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c))


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


_STATED = frozenset({"initials", "acronym", "abbreviation"})


def _stated_acronyms(words: list[str], spans: list[Span]) -> list[tuple[str, Span]]:
    """Acronyms the text gives for an organisation in words rather than brackets, whatever
    their letters: "The Gafsa Phosphate Company, known by its French initials CPG", "...,
    known as UNSMIL"."""
    out = []
    for span in spans:
        if span.label != "ORG":
            continue
        k = span.end + (1 if words[span.end : span.end + 1] == [","] else 0)
        if words[k : k + 1] != ["known"]:
            continue
        k += 1
        if words[k : k + 1] == ["as"]:
            k += 1
        elif words[k : k + 2] == ["by", "its"]:
            k += 2
            if k + 1 < len(words) and words[k] not in _STATED and words[k + 1] in _STATED:
                k += 1  # "its French initials"
            if words[k : k + 1] and words[k] in _STATED:
                k += 1
            else:
                continue
        else:
            continue
        if k < len(words) and is_acronym(words[k]):
            out.append((words[k], span))
    return out


def apply(analysis: Analysis) -> None:
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
            start = _long_form_words(words, i, acronym, covered_words(analysis.spans, n))
            if start is None:
                continue
            long_span = Span(start, i, "ORG")
            put(analysis, long_span)
        longs[acronym] = long_span
        analysis.acronyms[acronym] = analysis.text_of(long_span)
    for acronym, long_span in _stated_acronyms(words, analysis.spans):
        if acronym not in longs:
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
            over = overlapping(analysis.spans, k, k + 1)
            if not over:
                put(analysis, Span(k, k + 1, label))
            elif over[0].start == k and over[0].end == k + 1:
                over[0].label = label
