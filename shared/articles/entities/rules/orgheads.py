"""The ``orgheads`` rule.

Capitalised words the model left untagged that end in an organisation's head noun
("Sanctions Committee", "Foreign Ministry", "Supreme Court"; two words or more, not
upper case) are an ORG.
"""

from __future__ import annotations

from articles.entities.rules.base import NOT_NAME_WORDS, covered_words, put
from articles.entities.types import Analysis, Span

ORG_HEADS = frozenset(
    {"Committee", "Council", "Commission", "Ministry", "Court", "Agency", "Office", "Board", "Authority"}
    | {"Fund", "Assembly", "Parliament", "Party", "Union", "Association", "Federation", "Organisation"}
    | {"Organization", "Institute", "Department", "Bureau", "Tribunal", "Senate", "Congress", "Cabinet"}
    | {"Secretariat", "Foundation", "University"}
)


def apply(analysis: Analysis) -> None:
    words = analysis.words
    covered = covered_words(analysis.spans, len(words))

    def name_word(k: int) -> bool:
        w = words[k]
        return not covered[k] and w[:1].isupper() and not w.isupper() and w not in NOT_NAME_WORDS

    k, n = 0, len(words)
    while k < n:
        if not name_word(k):
            k += 1
            continue
        j = k
        while j < n and name_word(j):
            j += 1
        end = j
        while end > k and words[end - 1] not in ORG_HEADS:
            end -= 1
        if end - k >= 2:
            put(analysis, Span(k, end, "ORG"))
        k = j
