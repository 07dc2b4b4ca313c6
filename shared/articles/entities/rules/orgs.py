"""The ``orgs`` rule.

Known organisations (``data/organisations.tsv``) are labelled ORG over whatever the
model said, unless a longer ORG already contains them ("U.S. House of Representatives").
What an overlapping model entity keeps outside the match is kept only when it is a
demonym (MISC) or a country (LOC): "Libyan House" + "of Representatives", or "Libyan
House of Representatives" tagged LOC, becomes "Libyan" MISC + "House of Representatives"
ORG. A longer entity that ends with the match (its head word, in English) is relabelled ORG;
one that begins with it keeps its type, and so does a person: a person named "Nissan Kapeta"
in CoNLL-2003, the "UEFA Fair Play" ranking.
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
                if end == holder.end and holder.label != "PER":
                    holder.label = "ORG"  # "Parallel House of Representatives" (LOC) is an organisation
                continue  # a person or a thing named after it: "Nissan Kapeta", "UEFA Fair Play"
        put(analysis, Span(start, end, "ORG", canonical))
