"""Text normalisation shared by every format: whitespace, paragraphs, word count, content hash."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_INLINE_SPACE = re.compile(r"[^\S\n]+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD = re.compile(r"\w+")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*")
_TOKEN_WITH_WORD = re.compile(r"[^\s\w]*\w\S*")


def clean_line(text: str) -> str:
    """One line of text: NFC, no control or zero-width characters, single spaces, stripped.

    Non-breaking and other exotic spaces become ordinary spaces (the seed page is full of
    U+00A0 between words)."""
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    return _INLINE_SPACE.sub(" ", text).strip()


def normalise_newlines(text: str) -> str:
    """CRLF, CR, form feeds and Unicode line/paragraph separators become ``\\n``."""
    return re.sub(r"\r\n?|[\u2028\u2029\x0c\x85]", "\n", text)


def join_paragraphs(paragraphs: list[str]) -> str:
    """The body representation: cleaned, non-empty paragraphs separated by a blank line
    (cleaned in one pass over the joined text: bodies can be long)."""
    text = "\n".join(paragraphs)
    text = unicodedata.normalize("NFC", text)
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub(" ", text)
    text = _INLINE_SPACE.sub(" ", text)
    return _PARAGRAPH_BREAK.sub("\n\n", text).strip()


def word_count(text: str) -> int:
    """Whitespace-separated tokens holding a letter or digit ("Libya's" and "1-0" are one word)."""
    return len(_TOKEN_WITH_WORD.findall(text))


def content_hash(body: str) -> str:
    """sha256 of the body lower-cased, punctuation dropped and whitespace collapsed.

    Two copies of one article that differ only in quotes, dashes, spacing or case hash alike."""
    text = body if body.isascii() else unicodedata.normalize("NFKC", body)
    text = " ".join(_WORD.findall(text.casefold()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def words(text: str) -> list[str]:
    return _WORD.findall(text)
