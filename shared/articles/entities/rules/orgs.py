"""The ``orgs`` rule.

Known organisations (``data/organisations.tsv``) are labelled ORG over whatever the
model said, unless a longer ORG already contains them ("U.S. House of Representatives").
What an overlapping model entity keeps outside the match is kept only when it is a
demonym (MISC) or a country (LOC): "Libyan House" + "of Representatives", or "Libyan
House of Representatives" tagged LOC, becomes "Libyan" MISC + "House of Representatives"
ORG. A longer non-ORG entity with other words around the match is relabelled ORG.
"""

from __future__ import annotations

from articles.entities import gazetteer
from articles.entities.rules.base import leftover_label, overlapping, put
from articles.entities.types import Analysis, Span


def apply(analysis: Analysis) -> None:
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
        over = overlapping(analysis.spans, start, end)
        holder = next((s for s in over if s.start <= start and end <= s.end and s.end - s.start > length), None)
        if holder is not None:
            if holder.label == "ORG":
                continue  # "U.S. House of Representatives": a longer organisation name
            outside = [w for a, b in ((holder.start, start), (end, holder.end)) if a < b for w in [words[a:b]]]
            if not all(leftover_label(w) for w in outside):
                holder.label = "ORG"  # "Parallel House of Representatives" (LOC) is an organisation
                continue
        put(analysis, Span(start, end, "ORG", canonical))
