"""Name keys: one spelling-insensitive key per name, and the stable entity id built on it.

Pure Python and cheap to import (no spaCy). Two names get the same key when they differ only
in ways transliteration from Arabic (and English spelling) varies:

* case, accents, apostrophes, periods, hyphens versus spaces, a trailing possessive;
* the Arabic article as a prefix: ``Al-Sisi`` / ``el-Sisi`` / ``al Sisi`` / ``Sisi`` (a
  leading stand-alone ``Al`` is kept: ``Al Gore`` is not ``Gore``);
* ``Abd`` compounds: ``Abdulaziz`` / ``Abdelaziz`` / ``Abdul Aziz`` / ``Abd al-Aziz``;
* for persons (``PER``) each name part is reduced to a *skeleton*: doubled letters are
  collapsed, ``q`` is ``k``, ``ph`` is ``f``, and every run of vowels (``y`` counts as a
  vowel except as a first letter) becomes one placeholder. So ``Shoukry`` = ``Shoukri``,
  ``Hegazy`` = ``Hegazi`` = ``Higazi``, ``Mohamed`` = ``Mohammed`` = ``Muhammad``, while
  ``Mohamed`` != ``Mahmoud`` != ``Ahmed`` (the consonants and vowel slots differ).

Every part of a person's name must match: ``Mohamed Abdulaziz`` and ``Ahmed Abdulaziz`` have
different keys, and a lone family name (``Abdulaziz``) does not get a full name's key. Linking
a bare family name to a full name is a document-level decision (see :func:`part_matches`),
not a key equality. ``Entity.id`` hashes the type with the key, so ``Jordan`` the place and
``Jordan`` the person never share an id.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from articles.entities.arabic import ARTICLE, is_arabic, normalise

__all__ = [
    "NamePart",
    "edit_distance",
    "entity_id",
    "loose_key",
    "misspelling_of",
    "name_key",
    "name_parts",
    "part_matches",
]

# The Arabic article, dropped when hyphen-attached ("Al-Sisi") or after the first word.
_ARTICLES = frozenset({"al", "el", "ul", "il"})
# Sun-letter assimilations of the article, dropped only when hyphen-attached ("ash-Shater").
_ASSIMILATED = frozenset({"ad", "ar", "as", "ash", "at", "ath", "az", "an", "adh", "ed", "es", "et", "ez"})
# "Abd" compounds: "Abdel Aziz", "Abdul-Aziz", "Abdulaziz" all become "abd" + "aziz".
_ABD_WORDS = frozenset({"abd", "abdul", "abdel", "abdal", "abdol", "abdil", "abdu", "abdoul"})
_ABD_FUSED = ("abdoul", "abdul", "abdel", "abdal", "abdol", "abdil")
_BIN = {"ibn": "bin", "ben": "bin", "bn": "bin"}
# Courtesy titles that are never part of a name.
_COURTESY = frozenset({"mr", "mrs", "ms", "miss", "dr", "prof", "mister"})
_LEADING_THE = frozenset({"the"})

_POSSESSIVE = re.compile(r"['’`ʼ]s$|(?<=s)['’`ʼ]$", re.IGNORECASE)
_APOSTROPHES = re.compile(r"['’`ʼ‘ʻʿʾ]")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_/]+")
_NON_ALNUM = re.compile(r"[^0-9a-z\u0621-\u064a]+")
_DOUBLE = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiouy]+")


class NamePart(NamedTuple):
    """One word of a name: ``clean`` is the folded spelling, ``key`` what keys compare."""

    clean: str
    key: str


def _fold(text: str) -> str:
    """Lower-case, accents removed, apostrophes and a trailing possessive dropped; Arabic
    normalised (:func:`articles.entities.arabic.normalise`)."""
    text = unicodedata.normalize("NFKD", normalise(text.strip()))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _POSSESSIVE.sub("", text)
    return _APOSTROPHES.sub("", text).casefold().replace(".", "")


def _words(text: str) -> list[tuple[str, bool]]:
    """(word, hyphen_attached_to_next) for every word of ``text``; punctuation removed."""
    out: list[tuple[str, bool]] = []
    for chunk in text.split():
        pieces = [p for p in _SEPARATORS.split(chunk)]
        for i, piece in enumerate(pieces):
            word = _NON_ALNUM.sub("", piece)
            if word:
                out.append((word, i < len(pieces) - 1))
    return out


def _skeleton(word: str) -> str:
    """The person-name skeleton of one folded word (see the module docstring)."""
    word = word.replace("ph", "f").replace("ck", "k").replace("q", "k")
    word = _DOUBLE.sub(r"\1", word)
    head, tail = word[:1], word[1:]
    if head in "aeiou":
        head = "V"
    return head + _VOWELS.sub("V", tail)


def _drop_articles(words: list[tuple[str, bool]]) -> list[str]:
    out: list[str] = []
    for i, (word, hyphened) in enumerate(words):
        is_last = i == len(words) - 1
        if not is_last and word in _ARTICLES and (hyphened or i > 0):
            continue
        if not is_last and hyphened and word in _ASSIMILATED:
            continue
        out.append(word)
    return out


def _merge_abd(words: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in _ABD_WORDS:
            if i + 1 < len(words):
                out.append("abd" + words[i + 1])
                i += 2
                continue
            out.append("abd")
        else:
            for prefix in _ABD_FUSED:
                if word.startswith(prefix) and len(word) - len(prefix) >= 3:
                    word = "abd" + word[len(prefix) :]
                    break
            out.append(word)
        i += 1
    return out


def _arabic_parts(words: list[tuple[str, bool]], type: str) -> tuple[NamePart, ...]:
    """Arabic-script name words: normalised; the article ال dropped from persons' and
    places' words ("السيسي" = "سيسي"), kept on organisations' (it is part of their names)."""
    out: list[NamePart] = []
    for word, _ in words:
        key = word
        if type in ("PER", "LOC") and word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 2:
            key = word[len(ARTICLE) :]
        out.append(NamePart(word, key))
    return tuple(out)


@lru_cache(maxsize=8192)
def name_parts(name: str, type: str) -> tuple[NamePart, ...]:
    """The comparable parts of ``name`` for an entity of ``type`` (PER, ORG, LOC or MISC)."""
    words = _words(_fold(name))
    if words and is_arabic(name):
        return _arabic_parts(words, type)
    if type == "PER":
        while len(words) > 1 and words[0][0] in _COURTESY:
            words = words[1:]
        plain = _merge_abd(_drop_articles(words))
        return tuple(NamePart(w, _skeleton(_BIN.get(w, w))) for w in plain)
    if len(words) > 1 and words[0][0] in _LEADING_THE:
        words = words[1:]
    plain = _drop_articles(words) if type == "LOC" else [w for w, _ in words]
    return tuple(NamePart(w, w) for w in plain)


def name_key(name: str, type: str) -> str:
    """Transliteration-insensitive key of ``name`` as an entity of ``type``.

    >>> name_key("Sameh Shoukry", "PER") == name_key("Sameh Shoukri", "PER")
    True
    >>> name_key("Mohamed Abdulaziz", "PER") == name_key("Ahmed Abdulaziz", "PER")
    False
    """
    return " ".join(part.key for part in name_parts(name, type))


def entity_id(name: str, type: str) -> str:
    """``"e_"`` + a stable hash of ``(type, name_key(name, type))``."""
    digest = hashlib.sha1(f"{type}\x1f{name_key(name, type)}".encode()).hexdigest()
    return "e_" + digest[:16]


def loose_key(key: str) -> str:
    """A part key without a final "h" after a vowel ("Yarallah" ~ "Yaralla"), for linking
    within a document only: name keys keep it ("Sameh" is not "Sami")."""
    return key[:-1] if key.endswith("Vh") else key


def part_matches(a: NamePart, b: NamePart, *, min_ratio: float = 0.6) -> bool:
    """Whether two name parts are spellings of one word: equal (loose) keys AND similar letters.

    The key alone is lenient for short words ("Sisi" and "Sousa" share a skeleton); the
    letter similarity guard (``min_ratio``, difflib's ratio) and a minimum length of 4 for
    differing spellings ("Men" is not "Moen") keep document-level linking from merging them.
    """
    if loose_key(a.key) != loose_key(b.key):
        return False
    if a.clean == b.clean:
        return True
    if min(len(a.clean), len(b.clean)) < 4:
        return False
    return difflib.SequenceMatcher(None, a.clean, b.clean).ratio() >= min_ratio


def edit_distance(a: str, b: str, *, limit: int = 2) -> int:
    """Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
    two adjacent letters: "Secuirty" -> "Security" is 1); stops early above ``limit`` and
    then returns ``limit + 1``."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[len(b)], limit + 1)


# Fuzzy matching of long words only: short words differ by one letter too easily ("Oil"/"Gas"
# do not, but "Iran"/"Iraq" do).
MISSPELLING_MIN_LENGTH = 6


def misspelling_of(a: str, b: str, type: str) -> bool:
    """Whether names ``a`` and ``b`` (of entity ``type``) are one name with typos: the same
    number of words, each word equal (as :func:`name_key` compares them) or, for words of
    six letters or more, one edit apart (two for words of ten letters or more); at least one
    word must be equal. ``"UN Secuirty Council"`` ~ ``"UN Security Council"``, while
    ``"National Oil Corporation"`` is not ``"National Gas Corporation"``."""
    pa, pb = name_parts(a, type), name_parts(b, type)
    if not pa or len(pa) != len(pb):
        return False
    equal = 0
    for x, y in zip(pa, pb, strict=True):
        if x.key == y.key:
            equal += 1
            continue
        shortest = min(len(x.clean), len(y.clean))
        if shortest < MISSPELLING_MIN_LENGTH:
            return False
        allowed = 2 if shortest >= 10 else 1
        if edit_distance(x.clean, y.clean, limit=allowed) > allowed:
            return False
    return equal > 0 or (len(pa) == 1 and len(pa[0].clean) >= 8)


# an OCR line-break hyphen: "¬" (U+00AC) between two letters of one word, then a space or newline
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_])¬\s+(?=[^\W\d_])")


def join_broken_words(text: str) -> tuple[str, list[int] | None]:
    """``text`` with its OCR-broken words joined, and the offset in ``text`` of each of its
    characters (None when nothing was joined)."""
    if "¬" not in text:
        return text, None
    pieces: list[str] = []
    where: list[int] = []
    at = 0
    for m in _BROKEN_WORD.finditer(text):
        pieces.append(text[at : m.start()])
        where.extend(range(at, m.start()))
        at = m.end()
    if not pieces:
        return text, None
    pieces.append(text[at:])
    where.extend(range(at, len(text)))
    return "".join(pieces), where
