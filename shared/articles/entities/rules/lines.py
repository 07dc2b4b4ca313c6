"""The ``lines`` rule.

An entity never runs over a line break ("Nadia Boudiaf\\nPublished", "Related\\n\\nSonatrach")
nor over the end of a sentence ("International Organization for Migration. Army chief ...": a
full stop, question or exclamation mark of its own before a capitalised word, not after an
abbreviation; no CoNLL-2003 train entity holds one): it is cut there and its longest piece
kept (the last one on a tie: page furniture such as "Related" comes before the name).
"""

from __future__ import annotations

from articles.entities.types import Analysis

_SENTENCE_ENDS = frozenset({".", "!", "?"})
# a full stop after these ends an abbreviation, not a sentence ("ST. LOUIS", "Acme Corp. Ltd")
_ABBREVIATIONS = frozenset({
    "inc", "corp", "ltd", "bros", "gen", "sen", "rep", "gov", "capt", "col", "sgt", "dept", "univ", "ave",
    "blvd", "mount", "fort", "saint",
})  # fmt: skip


def _sentence_end(words: list[str], k: int, first: int) -> bool:
    """Whether ``words[k - 1]`` ends a sentence inside a span starting at ``first``."""
    if words[k - 1] not in _SENTENCE_ENDS or not words[k][:1].isupper() or k - 1 <= first:
        return False
    before = words[k - 2]
    return len(before) > 3 and before.lower() not in _ABBREVIATIONS


def apply(analysis: Analysis) -> None:
    text, starts, ends, words = analysis.text, analysis.starts, analysis.ends, analysis.words
    for span in analysis.spans:
        pieces: list[tuple[int, int]] = []
        first = span.start
        for k in range(span.start + 1, span.end):
            if "\n" in text[ends[k - 1] : starts[k]]:
                pieces.append((first, k))
                first = k
            elif _sentence_end(words, k, first):
                pieces.append((first, k - 1))  # the stop belongs to neither piece
                first = k
        if not pieces:
            continue
        pieces.append((first, span.end))
        span.start, span.end = max(reversed(pieces), key=lambda p: p[1] - p[0])
