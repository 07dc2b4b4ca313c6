"""Wire-copy datelines, in any Latin-script language: "TUNIS -", "LE CAIRE (AFP) -",
"CAIRO, Dec 3 (MENA Wire) -", "ALGER, 3 décembre (APS) -".

A dateline is one to three upper-case words opening the text or a line, followed by a dash, a
comma or a bracket; the news agency is the one to three capitalised words in brackets after it
(and its date), right before the dash. Used by the French rules (:mod:`.intl_rules`, the place
and the agency), the English ``datelines`` rule (the agency) and the English place rules
(:mod:`.places`, the place)."""

from __future__ import annotations

DATELINE_AFTER = frozenset({"-", "\u2013", "\u2014", ",", "("})
DASHES = frozenset({"-", "\u2013", "\u2014"})
MAX_DATELINE_WORDS = 3
# English months as datelines write them ("Dec 3", "Dec. 3", "December 3"): capitalised words
# that may stand between the place and the agency (French months are lower-case)
_MONTHS = frozenset({
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december",
})  # fmt: skip


def upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters) and all(c.isalpha() or c in "-'’" for c in word)


def opens_line(text: str, at: int) -> bool:
    """Only spaces or tabs stand between the line's start and ``text[at]`` (read backwards
    from ``at``: no copy of the text before it, which made a long upper-case table quadratic)."""
    while at > 0 and text[at - 1] in " \t":
        at -= 1
    return at == 0 or text[at - 1] == "\n"


def dateline_at(text: str, words: list[str], starts: list[int], i: int) -> int | None:
    """The end (exclusive word index) of the dateline's place starting at word ``i``, or None
    when no dateline starts there."""
    if not upper_word(words[i]) or not opens_line(text, starts[i]):
        return None
    end = i
    while end < len(words) and end - i < MAX_DATELINE_WORDS and upper_word(words[end]):
        end += 1
    if end >= len(words) or words[end] not in DATELINE_AFTER:
        return None
    if words[end] != "(" and end + 1 < len(words) and upper_word(words[end + 1]):
        return None  # "GAITE - ROCHECHOUART", "FARINE - FLEUR": one upper-case name or heading
    return end


def dateline_agency(words: list[str], end: int) -> tuple[int, int] | None:
    """The news agency in brackets after a dateline (ending at word ``end``) and its date,
    before the dash, as word indices: one to three capitalised words."""
    k = end
    while k < len(words) and k - end <= 5 and words[k] != "(":
        if words[k][:1].isupper() and words[k].lower().rstrip(".") not in _MONTHS:
            return None  # a date is digits, a month, commas: not another name
        k += 1
    close = k + 1
    while close < len(words) and close - k <= 4 and words[close] != ")":
        close += 1
    if k >= len(words) or words[k] != "(" or close >= len(words) or words[close] != ")" or close == k + 1:
        return None
    inside = words[k + 1 : close]
    if not inside[0][:1].isupper() or not all(w[:1].isupper() or w in ("-", "/") for w in inside):
        return None
    if close + 1 < len(words) and words[close + 1] not in DASHES:
        return None
    return k + 1, close


def agencies(text: str, words: list[str], starts: list[int]) -> list[tuple[int, int]]:
    """The agencies of every dateline of the text, as word index ranges."""
    out = []
    for i in range(len(words)):
        end = dateline_at(text, words, starts, i)
        agency = dateline_agency(words, end) if end is not None else None
        if agency is not None:
            out.append(agency)
    return out
