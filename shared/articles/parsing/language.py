"""Language of an article as an ISO 639-1 code: a declared tag when it is well formed,
otherwise py3langid on the body (its model ships inside the wheel)."""

from __future__ import annotations

import re

import py3langid

_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")
_THREE_TO_TWO = {"eng": "en", "ara": "ar", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es"}
_SAMPLE = 1200
_ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug"})
_MIN_LETTERS = 20


def from_tag(tag: str | None) -> str | None:
    """The primary subtag of a declared language ("en-GB" -> "en"), None when malformed."""
    if not tag:
        return None
    match = _TAG.match(tag)
    if not match:
        return None
    code = match.group(1).lower()
    code = _THREE_TO_TWO.get(code, code)
    return code if len(code) == 2 and code not in ("xx", "un", "zz") else None


def identify(text: str) -> str | None:
    """py3langid's guess for ``text``; None when there is too little text to tell."""
    sample = text[:_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < _MIN_LETTERS:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)


def warm_up() -> None:
    """Load py3langid's model now (≈0.5 s) instead of on the first article that needs it;
    for long-lived processes and Lambda cold starts."""
    py3langid.classify("warm up")


def _arabic_share(text: str) -> float:
    letters = [ch for ch in text[:_SAMPLE] if ch.isalpha()]
    if len(letters) < _MIN_LETTERS:
        return -1.0
    return sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f") / len(letters)


def _contradicts(tag: str, body: str) -> bool:
    """A declared tag that cannot be right for the text's script (templated sites often
    declare lang="en" on Arabic pages, and the reverse)."""
    share = _arabic_share(body)
    if share < 0:
        return False
    return share > 0.5 if tag not in _ARABIC_SCRIPT else share < 0.2


def detect_language(body: str, declared: str | None = None, title: str | None = None) -> str | None:
    """``declared`` if well formed and plausible for the text's script, else the language
    of the body (or title) text."""
    tag = from_tag(declared)
    if tag is not None and not _contradicts(tag, body):
        return tag
    return identify(body) or (identify(title) if title else None) or tag
