"""What the rules share: span surgery over an :class:`~articles.entities.types.Analysis`
(overlaps, insertion with demonym/country leftovers, word coverage) and the capitalised
words that never continue a name."""

from __future__ import annotations

from collections.abc import Iterable

from articles.entities import gazetteer
from articles.entities.types import Analysis, Span

__all__ = [
    "NOT_NAME_WORDS", "QUOTES", "covered_words", "leftover_label", "name_words_before", "overlapping", "put",
    "quoted_title_end", "sentence_start",
]


def overlapping(spans: Iterable[Span], start: int, end: int) -> list[Span]:
    return [s for s in spans if s.start < end and start < s.end]


def leftover_label(words: list[str]) -> str | None:
    """MISC for a demonym, LOC for a country, None for anything else."""
    text = " ".join(words)
    countries = gazetteer.countries()
    if countries.country_of_demonym(text):
        return "MISC"
    if countries.canonical(text):
        return "LOC"
    return None


def put(analysis: Analysis, new: Span) -> None:
    """Insert ``new``, trimming partly overlapping spans to demonym/country leftovers."""
    kept: list[Span] = []
    for old in analysis.spans:
        if old.end <= new.start or new.end <= old.start:
            kept.append(old)
            continue
        for a, b in ((old.start, new.start), (new.end, old.end)):
            if a < b:
                label = leftover_label(analysis.words[a:b])
                if label:
                    kept.append(Span(a, b, label))
    kept.append(new)
    kept.sort(key=lambda s: s.start)
    analysis.spans = kept


# opening quote -> closing quote
QUOTES = {"«": "»", '"': '"', "“": "”"}


def quoted_title_end(words: list[str], spans: Iterable[Span], opening: int, most: int) -> int | None:
    """Where the quotes opened at ``words[opening]`` close, with one to ``most`` words between
    them and no span running across either quote (a title: 'the film " The Crying Game "',
    'برنامج « حوار من القلب »'); None otherwise."""
    close = QUOTES.get(words[opening])
    if close is None:
        return None
    end = next((j for j in range(opening + 2, min(opening + 2 + most, len(words))) if words[j] == close), None)
    if end is None or any(s.start < end and opening + 1 < s.end and not (opening + 1 <= s.start and s.end <= end)
                          for s in spans):
        return None
    return end


def covered_words(spans: Iterable[Span], n: int) -> list[bool]:
    covered = [False] * n
    for s in spans:
        for k in range(s.start, s.end):
            covered[k] = True
    return covered


# Capitalised words that do not continue a name after a title (nor make an organisation name).
NOT_NAME_WORDS = frozenset(
    {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January"}
    | {"February", "March", "April", "May", "June", "July", "August", "September", "October"}
    | {"November", "December", "The", "A", "An", "I", "He", "She", "It", "We", "They"}
)


def name_words_before(words: list[str], end: int, covered: list[bool], most: int) -> int:
    """Start of the untagged name-like words right before ``words[end]``: capitalised (not
    upper case, not in :data:`NOT_NAME_WORDS`), at most ``most``; ``end`` when there are none."""
    start = end
    while start > 0 and end - start < most and not covered[start - 1]:
        w = words[start - 1]
        if not w[:1].isupper() or w.isupper() or w in NOT_NAME_WORDS:
            break
        start -= 1
    return start


_SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", '"', "“", "”", "—", "-"})


def sentence_start(analysis: Analysis, k: int) -> bool:
    """Whether ``words[k]`` begins a sentence, a quote or a line (its capital proves nothing)."""
    if k == 0 or analysis.words[k - 1] in _SENTENCE_ENDS:
        return True
    return "\n" in analysis.text[analysis.ends[k - 1] : analysis.starts[k]]
