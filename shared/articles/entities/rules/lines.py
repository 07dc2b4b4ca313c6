"""The ``lines`` rule.

An entity never runs over a line break ("Nadia Boudiaf\\nPublished", "Related\\n\\nSonatrach"):
it is cut there and its longest piece kept (the last one on a tie: page furniture such
as "Related" comes before the name).
"""

from __future__ import annotations

from itertools import pairwise

from articles.entities.types import Analysis


def apply(analysis: Analysis) -> None:
    text, starts, ends = analysis.text, analysis.starts, analysis.ends
    for span in analysis.spans:
        cuts = [k for k in range(span.start + 1, span.end) if "\n" in text[ends[k - 1] : starts[k]]]
        if not cuts:
            continue
        bounds = [span.start, *cuts, span.end]
        pieces = list(pairwise(bounds))
        span.start, span.end = max(reversed(pieces), key=lambda p: p[1] - p[0])
