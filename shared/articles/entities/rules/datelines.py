"""The ``datelines`` rule.

The news agency in brackets after a wire dateline is an organisation: "CAIRO, Dec 3 (MENA
Wire) -", "TUNIS (TAP) -" (the model, trained on Reuters copy whose datelines name no agency,
leaves a less known one untagged or calls it a place). See :mod:`articles.entities.datelines`.
"""

from __future__ import annotations

from articles.entities.datelines import agencies
from articles.entities.rules.base import put
from articles.entities.types import Analysis, Span


def apply(analysis: Analysis) -> None:
    for start, end in agencies(analysis.text, analysis.words, analysis.starts):
        if not any(s.start == start and s.end == end and s.label == "ORG" for s in analysis.spans):
            put(analysis, Span(start, end, "ORG"))
