"""Arabic text for matching: normalisation and clitic stripping (pure Python).

Used by the Arabic NER model's token features (``lex_norm``, ``lex_prefix``,
``lex_suffix``), by name keys (:mod:`articles.entities.names`) and by the
transliteration matcher (:mod:`articles.entities.translit`). Nothing here changes the
stored text: offsets of mentions always point into the original article.
"""

from __future__ import annotations

import re

# Harakat, tanwin, shadda, sukun, superscript alef, Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_TATWEEL = "\u0640"
_FOLD = str.maketrans(
    {
        "\u0622": "\u0627",  # آ -> ا
        "\u0623": "\u0627",  # أ -> ا
        "\u0625": "\u0627",  # إ -> ا
        "\u0671": "\u0627",  # ٱ -> ا
        "\u0629": "\u0647",  # ة -> ه
        "\u0649": "\u064a",  # ى -> ي
        "\u06cc": "\u064a",  # Persian yeh -> ي
        "\u06a9": "\u0643",  # keheh -> ك
        "\u0624": "\u0621",  # ؤ -> ء
        "\u0626": "\u0621",  # ئ -> ء
    }
)
_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")

CONJUNCTIONS = ("\u0648", "\u0641")  # و ف
PREPOSITIONS = ("\u0628", "\u0644", "\u0643")  # ب ل ك
ARTICLE = "\u0627\u0644"  # ال


def is_arabic(text: str) -> bool:
    """True if ``text`` holds any Arabic letter."""
    return _ARABIC_LETTER.search(text) is not None


def normalise(text: str) -> str:
    """Fold spelling variants that Arabic news writes interchangeably: diacritics and
    tatweel removed, alef forms to bare alef, ta marbuta to ha, alef maqsura to ya."""
    return _DIACRITICS.sub("", text.replace(_TATWEEL, "")).translate(_FOLD)


def split_clitics(word: str, min_stem: int = 2) -> tuple[str, str]:
    """Split the proclitics و/ف, ب/ل/ك and the article ال off a normalised word:
    ``"والقاهره" -> ("وال", "قاهره")``, ``"بالقاهره" -> ("بال", "قاهره")``,
    ``"للقاهره" -> ("لل", "قاهره")``. The stem keeps at least ``min_stem`` letters, so
    short words are left whole. Which split is right is ambiguous for names that start
    with these letters (وليد): :func:`stem_candidates` gives every reading."""
    prefix = ""
    rest = word
    if len(rest) > min_stem + 1 and rest[0] in CONJUNCTIONS:
        prefix, rest = rest[0], rest[1:]
    if len(rest) > min_stem + 2 and rest.startswith("\u0644\u0644"):  # لل = ل + ال
        return prefix + rest[:2], rest[2:]
    if len(rest) > min_stem + 1 and rest[0] in PREPOSITIONS and rest[1:3] == ARTICLE:
        prefix, rest = prefix + rest[0], rest[1:]
    if len(rest) > min_stem + 1 and rest.startswith(ARTICLE):
        return prefix + ARTICLE, rest[2:]
    if len(rest) > min_stem + 1 and rest[0] in PREPOSITIONS and not prefix.endswith(tuple(PREPOSITIONS)):
        # A bare preposition before a name ("بطرابلس"): only taken when a conjunction or
        # nothing precedes it.
        return prefix + rest[0], rest[1:]
    return prefix, rest


def stem_candidates(word: str) -> list[str]:
    """Every plausible stem of a normalised word, the word itself first: strip nothing,
    the conjunction only, and the full proclitic chain."""
    out = [word]
    if len(word) > 3 and word[0] in CONJUNCTIONS:
        out.append(word[1:])
    _, stem = split_clitics(word)
    out.append(stem)
    if stem.startswith(ARTICLE) and len(stem) > 4:
        out.append(stem[2:])
    seen: list[str] = []
    for cand in out:
        if cand and cand not in seen:
            seen.append(cand)
    return seen


def match_form(word: str) -> str:
    """The form one Arabic token is matched by: normalised, proclitics stripped."""
    return split_clitics(normalise(word))[1]


# Token features for the Arabic NER model (spaCy lexical attribute getters).
def lex_norm(text: str) -> str:
    return match_form(text) if is_arabic(text) else text.lower()


def lex_prefix(text: str) -> str:
    """The proclitics of an Arabic token (``"وال"``, ``"ب"``, ``""``); the first letter
    of any other token."""
    if is_arabic(text):
        return "<" + split_clitics(normalise(text))[0]
    return text[:1]


def lex_suffix(text: str) -> str:
    """The last three letters of the normalised Arabic token (its inflection and nisba
    endings), the last three characters of any other token."""
    if is_arabic(text):
        return normalise(text)[-3:]
    return text[-3:]
