"""The ``consistency`` rule.

One name, one label per document: entities with the same words but different labels
("Sonatrach" ORG twice, PER once) all take the majority label; a tie changes nothing.
"""

from __future__ import annotations

from collections import Counter

from articles.entities.types import Analysis


def apply(analysis: Analysis) -> None:
    votes: dict[tuple[str, ...], Counter[str]] = {}
    for s in analysis.spans:
        votes.setdefault(tuple(analysis.words[s.start : s.end]), Counter())[s.label] += 1
    for s in analysis.spans:
        counts = votes[tuple(analysis.words[s.start : s.end])]
        if len(counts) > 1:
            (top, n), (_, second) = counts.most_common(2)
            if n > second:
                s.label = top
