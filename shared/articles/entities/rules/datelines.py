"""The ``datelines`` rule.

The news agency in brackets after a wire dateline is an organisation: "CAIRO, Dec 3 (MENA
Wire) -", "TUNIS (TAP) -" (the model, trained on Reuters copy whose datelines name no agency,
leaves a less known one untagged or calls it a place). See :mod:`articles.entities.datelines`.
"""

from __future__ import annotations

from articles.entities.datelines import dateline_agency, dateline_at
from articles.entities.rules.base import put
from articles.entities.types import Analysis, Span


def apply(analysis: Analysis) -> None:
    words = analysis.words
    for i in range(len(words)):
        end = dateline_at(analysis.text, words, analysis.starts, i)
        agency = dateline_agency(words, end) if end is not None else None
        if agency is None:
            continue
        if not any(s.start == agency[0] and s.end == agency[1] and s.label == "ORG" for s in analysis.spans):
            put(analysis, Span(agency[0], agency[1], "ORG"))
