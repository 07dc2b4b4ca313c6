"""GUM (Georgetown University Multilayer corpus) as CoNLL-2003-style NER training data.

GUM marks every mention of an entity (``the report's authors``, ``they``, ``Professor Cres
Eastman``) with one of ten types, not names alone. This module keeps the mentions that are
names, in CoNLL-2003's sense, and leaves the rest unknown rather than wrong:

* a person, place or organisation mention is a name when, after a leading determiner or
  possessive and (for persons) a title, every word is capitalised or a joining word ("of",
  "and", "the", "'s"...) and the last one is a proper noun: ``the United States`` -> LOC
  ``United States``; ``Professor Cres Eastman`` -> PER ``Cres Eastman``; ``Director of the
  National Iodine Nutrition study`` is no name (its own nested names still count);
* a person's name joins words with particles only ("Ibn al-Athir", not "X and Y", "King of
  Athens");
* of nested names the outermost wins (``Food Standards Australia New Zealand`` is one ORG);
* a name of another type (events, works, languages: CoNLL's MISC, which GUM does not mark as
  such), and every capitalised word inside no name (``Australian``, ``mainland Australia``),
  is *missing*: no loss either way. Only what is certainly not a name is ``O``.

Input: GUM's ``dep/*.conllu`` (CoNLL-U; entities in MISC ``Entity=``, fields
``GRP-etype-infstat-salience-centering-minspan-link-identity``). Output: sentences of
``(word, tag)`` with IOB2 tags and ``?`` for missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

LABELS = {"person": "PER", "place": "LOC", "organization": "ORG"}
PERSON_JOINERS = {"de", "da", "di", "du", "van", "von", "der", "den", "al", "el", "bin", "ibn", "la", "le", "-"}
JOINERS = {"of", "and", "the", "for", "de", "du", "des", "la", "le", "al", "el", "von", "van", "der", "&", "'s", "-"}
LEADING = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "this", "that", "these", "those"}
TITLES = {
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "president",
    "senator",
    "sen",
    "governor",
    "gov",
    "minister",
    "premier",
    "secretary",
    "general",
    "gen",
    "judge",
    "justice",
    "chief",
    "director",
    "chairman",
    "chairwoman",
    "rev",
    "reverend",
    "father",
    "lt",
    "col",
    "colonel",
    "captain",
    "capt",
    "sgt",
    "sergeant",
    "officer",
    "detective",
    "commissioner",
    "mayor",
    "rep",
    "representative",
    "ambassador",
    "pope",
    "saint",
    "st",
    "coach",
    "lord",
    "lady",
    "sir",
    "dame",
    "admiral",
    "major",
    "lieutenant",
    "inspector",
    "agent",
    "mister",
}
_ENTITY = re.compile(r"\((\d+)-([^()]*)(\)?)|(\d+)\)")


def _is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


Row = tuple[str, str, str, str]  # word, upos, xpos, misc


def _mentions(rows: list[Row]) -> list[tuple[int, int, str]]:
    """(start, end, etype) of every entity mention in a sentence (``rows``: word, upos, misc)."""
    open_: dict[str, list[tuple[int, str]]] = {}
    out: list[tuple[int, int, str]] = []
    for i, (_, _, _, misc) in enumerate(rows):
        ent = next((kv[7:] for kv in misc.split("|") if kv.startswith("Entity=")), "")
        for m in _ENTITY.finditer(ent):
            if m.group(1):
                etype = m.group(2).split("-", 1)[0]
                if m.group(3):
                    out.append((i, i + 1, etype))
                else:
                    open_.setdefault(m.group(1), []).append((i, etype))
            elif open_.get(m.group(4)):
                start, etype = open_[m.group(4)].pop()
                out.append((start, i + 1, etype))
    return out


def _name(rows: list[Row], start: int, end: int, etype: str) -> tuple[int, int] | None:
    """The name inside mention [start, end), or None when the mention is not a name."""
    while start < end and (rows[start][0].lower() in LEADING or rows[start][1] == "PUNCT"):
        start += 1
    while end > start and (rows[end - 1][1] == "PUNCT" or rows[end - 1][0] in {"'s", "’s", "'"}):
        end -= 1
    if etype == "person":  # "U.S. President Donald Trump" -> "Donald Trump"; "the President" is no name
        titles = [i for i in range(start, end) if rows[i][0].lower().rstrip(".") in TITLES]
        if titles:
            start = titles[-1] + 1
        if start < end and rows[end - 1][2] == "NNPS":  # "Afghans", "the Taliban": not one person
            return None
    if start >= end:
        return None
    words = [row[0] for row in rows[start:end]]
    if not _is_cap(words[0]) or rows[end - 1][1] != "PROPN" or not _is_cap(words[-1]):
        return None
    joiners = PERSON_JOINERS if etype == "person" else JOINERS  # "X and Y", "King of Athens": no one name
    if any(not _is_cap(w) and w.lower() not in joiners for w in words):
        return None
    return start, end


def tag_sentence(rows: list[Row]) -> list[str]:
    """IOB2 tags (``?`` = missing) for one sentence."""
    names: list[tuple[int, int, str]] = []  # start, end, label or "?"
    for start, end, etype in _mentions(rows):
        span = _name(rows, start, end, etype)
        if span is not None:
            names.append((*span, LABELS.get(etype, "?")))
    names.sort(key=lambda n: (n[0], -(n[1] - n[0])))
    tags = ["O"] * len(rows)
    covered = [False] * len(rows)
    for start, end, label in names:  # outermost first; a name overlapping a kept one is dropped
        if any(covered[start:end]):
            continue
        for i in range(start, end):
            covered[i] = True
            tags[i] = "?" if label == "?" else ("B-" if i == start else "I-") + label
    for i, (word, upos, _, _) in enumerate(rows):
        if covered[i] or not word[:1].isupper() or word.lower().rstrip(".") in TITLES:
            continue
        if upos == "PROPN" or (i > 0 and upos in {"ADJ", "NOUN", "X", "NUM", "SYM"}):
            tags[i] = "?"  # a capitalised word outside every name: unknown, not O
    return tags


def sentences(conllu: str) -> Iterator[list[tuple[str, str]]]:
    """(word, tag) sentences of a GUM CoNLL-U document."""
    rows: list[Row] = []
    for line in [*conllu.splitlines(), ""]:
        if not line.strip():
            if rows:
                yield list(zip([row[0] for row in rows], tag_sentence(rows), strict=True))
            rows = []
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 10 or not cols[0].isdigit():  # multi-word token ranges, empty nodes
            continue
        rows.append((cols[1], cols[3], cols[4], cols[9]))
