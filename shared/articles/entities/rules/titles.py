"""The ``titles`` rule.

The capitalised words right after an office title ("Egyptian President Abdel-Fateh
Al-Sisi", "Speaker of the Council of Representatives (CoR) Mahmoud Al-Mashhadani") are
one PER, replacing what the model tagged inside them; untagged words only when they make
a full name (two words or more). A bare rank ("General Motors") is not enough. Diplomatic
news names the other side's office holder by "counterpart" ("his Libyan counterpart Taher
Al-Baour"): a name right after it is a person too (an anchor, not a role). And a name the
model left untagged, set off by a comma before an office title ("El-Baour, the foreign
minister of ...", "Kamel Maddouri, Tunisia's prime minister") is a person. After a bare rank,
only a name the model tagged (in part) a person is made whole; a person span that begins with
a military rank starts after it ("[Field Marshal Khalifa Haftar]" -> "Khalifa Haftar").
"""

from __future__ import annotations

from articles.entities import gazetteer
from articles.entities.family import NAME_PARTICLES, looks_like_full_name
from articles.entities.roles import RoleReader
from articles.entities.rules.base import (
    NOT_NAME_WORDS,
    covered_words,
    name_words_before,
    overlapping,
    put,
    sentence_start,
)
from articles.entities.types import Analysis, Span

_MAX_NAME_WORDS = 5
COUNTERPARTS = frozenset({"counterpart", "counterparts"})


def _name_run(words: list[str], k: int) -> int:
    """End of the name-like words from ``words[k]``: capitalised words (not upper case,
    not a demonym, weekday or month), name particles between them; at most five."""
    countries = gazetteer.countries()
    j, n = k, len(words)
    while j < n and j - k < _MAX_NAME_WORDS:
        w = words[j]
        if w[:1].isupper() and not w.isupper() and w not in NOT_NAME_WORDS:
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


def apply(analysis: Analysis) -> None:
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
        counterpart = before.lower() in COUNTERPARTS
        if not counterpart and before.lower() not in last_words and before != ")" and k not in entity_ends:
            continue
        if reader.starts_title(k):
            continue
        office = counterpart or reader.title_before(k)
        if not office and not reader.rank_before(k):
            continue
        end = _name_run(words, k)
        if end == k or (end - k == 1 and countries.canonical(word)):
            continue
        over = overlapping(analysis.spans, k, end)
        if not office and (end - k < 2 or not over or any(s.label != "PER" for s in over)):
            continue  # a bare rank: only a person the model saw, made whole ("General Khalifa [Haftar]")
        if any(s.start < k or s.end > end for s in over):
            continue  # an entity runs past the name: leave it to the model
        if not over and not (end - k >= 2 and looks_like_full_name(words[k:end])):
            continue  # nothing the model saw, and no full name either
        if len(over) == 1 and (over[0].start, over[0].end, over[0].label) == (k, end, "PER"):
            continue
        put(analysis, Span(k, end, "PER"))
    _ranks_inside(analysis, reader)
    _appositives(analysis, reader)


def _ranks_inside(analysis: Analysis, reader: RoleReader) -> None:
    """A person span the model began with a military rank ("[Field Marshal Khalifa Haftar]")
    starts at the name; the rank stays in the text, where the role reader finds it. (Not
    nobility or courtesy titles: CoNLL-2003 and our OOD set mark "[King Hassan]", "[Prince
    Charles]", "[Mr Sadiki]".)"""
    for span in analysis.spans:
        if span.label != "PER" or span.canonical is not None:
            continue
        n = reader.rank_length_at(span.start)
        if n > 0 and span.start + n < span.end and analysis.words[span.start + n][:1].isupper():
            span.start += n


def _appositives(analysis: Analysis, reader: RoleReader) -> None:
    """"NAME, the [demonym] <title>" / "NAME, <Country>'s <title>": untagged NAME is PER."""
    words = analysis.words
    countries = gazetteer.countries()
    covered = covered_words(analysis.spans, len(words))
    mid_sentence: set[str] | None = None
    for end in range(1, len(words) - 2):
        if words[end] != ",":
            continue
        k = name_words_before(words, end, covered, 3)
        if k == end or (k > 0 and words[k - 1][:1].isupper()):
            continue  # no name, or a longer capitalised run (a title, an organisation)
        if end - k == 1 and countries.canonical(words[k]):
            continue
        if sentence_start(analysis, k):
            if mid_sentence is None:
                mid_sentence = _mid_sentence_words(analysis)
            if words[end - 1] not in mid_sentence:
                continue  # "Still, the governor said": capitalised only as the sentence's first word
        t = end + 1
        if words[t].lower() in ("the", "a"):
            t += 1
        elif countries.canonical(words[t]):  # "Tunisia's prime minister"
            after = words[t + 1 : t + 3]
            t += 2 if after[:1] in (["'s"], ["’s"]) else 3 if after in (["'", "s"], ["’", "s"]) else 0
        if t < len(words) and countries.country_of_demonym(words[t]):
            t += 1
        if t < len(words) and reader.titles.titles.match_at(reader.lower, t):  # an office, not a rank
            put(analysis, Span(k, end, "PER"))
            covered[k:end] = [True] * (end - k)


def _mid_sentence_words(analysis: Analysis) -> set[str]:
    """Capitalised words the document also writes inside a sentence (names, not just first words)."""
    return {w for i, w in enumerate(analysis.words) if w[:1].isupper() and not sentence_start(analysis, i)}
