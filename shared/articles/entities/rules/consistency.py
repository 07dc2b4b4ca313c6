"""The ``consistency`` rule.

One name, one label per document: entities with the same words but different labels
("Sonatrach" ORG twice, PER once) all take the majority label; a tie changes nothing.

A headline in capitals names what the story names in mixed case ("INCE EXPOSED BY GASCOIGNE
'S LATEST PRANK" over "Paul Gascoigne"): an upper-case name takes the label the mixed-case
text gives the same words (or a person's family name), also where the model tagged nothing
or something else; capitals say nothing about the kind of a name, mixed case does.
"""

from __future__ import annotations

from collections import Counter

from articles.entities.datelines import upper_word
from articles.entities.rules.base import overlapping, put
from articles.entities.types import Analysis, Span


def apply(analysis: Analysis) -> None:
    _upper_case_names(analysis)
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for s in analysis.spans:
        votes.setdefault(tuple(analysis.words[s.start : s.end]), Counter())[s.label] += 1
    for s in analysis.spans:
        counts = votes[tuple(analysis.words[s.start : s.end])]
        if len(counts) > 1:
            (top, n), (_, second) = counts.most_common(2)
            if n > second:
                s.label = top


_MAX_WORDS = 4


def _upper_case_names(analysis: Analysis) -> None:
    words = analysis.words
    mixed: dict[tuple[str, ...], Counter[str]] = {}
    for s in analysis.spans:
        span_words = words[s.start : s.end]
        if any(upper_word(w) for w in span_words):
            continue
        key = tuple(w.lower() for w in span_words)
        mixed.setdefault(key, Counter())[s.label] += 1
        if s.label == "PER" and len(span_words) >= 2 and span_words[-1][:1].isupper():
            mixed.setdefault((span_words[-1].lower(),), Counter())["PER"] += 1
    if not mixed:
        return
    labels = {key: counts.most_common(1)[0][0] for key, counts in mixed.items()}
    k = 0
    while k < len(words):
        if not upper_word(words[k]):
            k += 1
            continue
        for n in range(min(_MAX_WORDS, len(words) - k), 0, -1):
            run = words[k : k + n]
            label = labels.get(tuple(w.lower() for w in run))
            if label is None or not all(upper_word(w) for w in run):
                continue
            over = overlapping(analysis.spans, k, k + n)
            if any(s.start < k or s.end > k + n for s in over):
                break  # an entity runs past it: leave it
            if over and label != "PER":
                break  # a club or a place in a headline: CoNLL marks them either way, leave the model's
            if not (len(over) == 1 and (over[0].start, over[0].end, over[0].label) == (k, k + n, label)):
                put(analysis, Span(k, k + n, label))
            k += n - 1
            break
        k += 1
