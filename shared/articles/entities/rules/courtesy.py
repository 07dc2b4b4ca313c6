"""The ``courtesy`` rule.

A courtesy title ("Mr", "Mrs", "Ms", "Dr", with or without a full stop) is never part of the
person's name: CoNLL-2003 and the Europarl NER set leave it out, while the model took "[Mr
Koch]" whole but "Mrs [Jackson]" without it. So:

* a person span that starts with one starts after it ("Mr Koch" -> "Koch"), and so does one
  that starts with an office title ("Commissioner Monti" -> "Monti"; not a king's or a
  prince's, which CoNLL-2003 keeps in the name);
* a name right after one is a person, whatever the model made of it or if it saw nothing
  ("Mr van Rompuy", "Ms de Palacio": the name particles included);
* a person span made only of titles ("Madam", "Commissioner", "Mr President") is none.

Written as British and EU news write them ("Mr" without a full stop), checked on title case
only ("DR Congo" is no doctor). "Sheikh" is left alone: it is part of some names ("Sheikh
Hasina"); so is "Miss", which CoNLL-2003 keeps in names ("Miss Stamper") and which names
contests ("Miss World").
"""

from __future__ import annotations

from articles.entities import gazetteer
from articles.entities.family import NAME_PARTICLES
from articles.entities.roles import RoleReader
from articles.entities.rules.base import NOT_NAME_WORDS, overlapping, put
from articles.entities.types import Analysis, Span

COURTESY = frozenset({"Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Mme", "Mlle", "Madam", "Madame", "Mister", "Messrs"})
# office words that are no one's name in the news (unlike "Major", "King", "Prince", "General")
OFFICE_WORDS = frozenset(
    {"president", "commissioner", "minister", "chairman", "chairwoman", "secretary", "ambassador", "senator"}
    | {"mayor", "governor", "speaker", "madam", "madame", "vice", "prime", "deputy"}
)
# titles CoNLL-2003 and our dev sets keep inside the name ("King Abdullah", "Prince Charles")
ROYAL = frozenset({"King", "Queen", "Crown Prince", "Prince", "Emir", "Sultan"})
_MAX_NAME_WORDS = 4


def courtesy_at(words: list[str], k: int) -> int:
    """Words of the courtesy title at ``words[k]`` ("Mr", "Mr." or "Mr ."), 0 if none."""
    if words[k].rstrip(".") not in COURTESY:
        return 0
    return 2 if k + 1 < len(words) and words[k + 1] == "." and not words[k].endswith(".") else 1


def name_end(words: list[str], k: int) -> int:
    """End of the name at ``words[k]``: name particles then capitalised words (not upper case,
    not a weekday, month or pronoun), at most four words; ``k`` when there is none."""
    j = k
    while j < len(words) and words[j] in NAME_PARTICLES and j - k < 3:
        j += 1
    if j == len(words) or not _name_word(words[j]):
        return k
    while (
        j < len(words)
        and j - k < _MAX_NAME_WORDS
        and (_name_word(words[j]) or (words[j] in NAME_PARTICLES and j + 1 < len(words) and _name_word(words[j + 1])))
    ):
        j += 1
    return j


def _name_word(w: str) -> bool:
    return w[:1].isupper() and not w.isupper() and w not in NOT_NAME_WORDS and w.rstrip(".") not in COURTESY


def apply(analysis: Analysis) -> None:
    words = analysis.words
    lower = [w.lower() for w in words]
    reader: RoleReader | None = None
    kept: list[Span] = []
    offices = gazetteer.titles().titles
    for s in analysis.spans:
        only = words[s.start : s.end]
        if all(w.rstrip(".") in COURTESY for w in only) or (
            s.label == "PER" and all(w.rstrip(".") in COURTESY or w.lower() in OFFICE_WORDS for w in only)
        ):
            continue  # "Madam", "Commissioner", "Mr President": a title, not a name
        if s.label == "PER":
            n = courtesy_at(words, s.start)
            if not n:  # "[Commissioner Monti]" -> "Monti"; not "[King Abdullah]"
                office = offices.match_at(lower, s.start)
                n = office[0] if office and office[1] not in ROYAL else 0
            if n and name_end(words, s.start + n) > s.start + n:
                s.start += n
        kept.append(s)
    analysis.spans = kept
    for k in range(len(words)):
        n = courtesy_at(words, k)
        if not n:
            continue
        start = k + n
        end = name_end(words, start)
        if end == start:
            continue
        reader = reader or RoleReader(analysis)
        if reader.starts_title(start):
            continue  # "Mr President"
        over = overlapping(analysis.spans, start, end)
        if any(s.start < start or s.end > end for s in over):
            continue  # an entity runs past the name: leave it to the model
        if len(over) == 1 and (over[0].start, over[0].end, over[0].label) == (start, end, "PER"):
            continue
        put(analysis, Span(start, end, "PER"))
