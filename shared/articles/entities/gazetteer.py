"""The small word lists in ``data/``: countries and demonyms, organisations, persons, titles and ranks.

Loaded once per process (``lru_cache``); pure Python, no spaCy. Phrases are kept as tuples
of whitespace-separated words, which is how the tagger's tokenizer splits them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from articles.entities.names import name_key

DATA_DIR = Path(__file__).resolve().parent / "data"

Phrase = tuple[str, ...]


def _rows(name: str) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


def _alternatives(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


@dataclass(frozen=True)
class PhraseIndex:
    """Phrases grouped by first word, longest first: a linear scan finds longest matches."""

    by_first: dict[str, list[tuple[Phrase, str]]] = field(default_factory=dict)
    max_len: int = 0

    @classmethod
    def build(cls, phrases: dict[Phrase, str]) -> PhraseIndex:
        by_first: dict[str, list[tuple[Phrase, str]]] = {}
        for phrase, value in phrases.items():
            by_first.setdefault(phrase[0], []).append((phrase, value))
        for entries in by_first.values():
            entries.sort(key=lambda e: -len(e[0]))
        return cls(by_first, max((len(p) for p in phrases), default=0))

    def match_at(self, words: list[str], i: int) -> tuple[int, str] | None:
        """(length, value) of the longest phrase starting at ``words[i]``, if any."""
        entries = self.by_first.get(words[i])
        if entries:
            for phrase, value in entries:
                n = len(phrase)
                if tuple(words[i : i + n]) == phrase:
                    return n, value
        return None

    def match_ending(self, words: list[str], end: int) -> tuple[int, str] | None:
        """(length, value) of the longest phrase ending just before ``words[end]``."""
        for n in range(min(self.max_len, end), 0, -1):
            start = end - n
            entries = self.by_first.get(words[start])
            if entries:
                phrase = tuple(words[start:end])
                for candidate, value in entries:
                    if candidate == phrase:
                        return n, value
        return None


@dataclass(frozen=True)
class Countries:
    demonym_to_country: dict[str, str]
    country_to_demonym: dict[str, str]
    key_to_country: dict[str, str]

    def country_of_demonym(self, word: str) -> str | None:
        """``"Libya"`` for ``"Libyan"`` or ``"Libyans"`` (exact case: demonyms are capitalised)."""
        country = self.demonym_to_country.get(word)
        if country is None and len(word) > 3 and word.endswith("s"):
            country = self.demonym_to_country.get(word[:-1])
        return country

    def canonical(self, name: str) -> str | None:
        """The canonical country name for a name or alias ("U.S." -> "United States")."""
        return self.key_to_country.get(name_key(name, "LOC"))


@dataclass(frozen=True)
class Organisations:
    """Known names of one type (organisations, or persons: :func:`persons`) by their words,
    and their canonical names by name key."""

    phrases: PhraseIndex
    key_to_name: dict[str, str]
    label: str = "ORG"

    def canonical(self, name: str) -> str | None:
        return self.key_to_name.get(name_key(name, self.label))


@dataclass(frozen=True)
class Titles:
    """Lower-cased word tuples -> canonical form, one index per kind."""

    titles: PhraseIndex
    ranks: PhraseIndex
    courtesy: PhraseIndex
    # the last word of every title, rank and courtesy phrase: a cheap pre-filter
    last_words: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def countries() -> Countries:
    demonyms: dict[str, str] = {}
    first_demonym: dict[str, str] = {}
    keys: dict[str, str] = {}
    for row in _rows("countries.tsv"):
        country = row[0]
        keys[name_key(country, "LOC")] = country
        for i, demonym in enumerate(_alternatives(row[1]) if len(row) > 1 else []):
            demonyms.setdefault(demonym, country)
            if i == 0:
                first_demonym[country] = demonym
        for alias in _alternatives(row[2]) if len(row) > 2 else []:
            keys.setdefault(name_key(alias, "LOC"), country)
    return Countries(demonyms, first_demonym, keys)


def _known_names(file: str, label: str) -> Organisations:
    phrases: dict[Phrase, str] = {}
    keys: dict[str, str] = {}
    for row in _rows(file):
        name = row[0]
        for form in [name, *(_alternatives(row[1]) if len(row) > 1 else [])]:
            phrases.setdefault(tuple(form.split()), name)
            keys.setdefault(name_key(form, label), name)
    return Organisations(PhraseIndex.build(phrases), keys, label)


@lru_cache(maxsize=1)
def organisations() -> Organisations:
    return _known_names("organisations.tsv", "ORG")


@lru_cache(maxsize=1)
def persons() -> Organisations:
    """Well-known persons by their Arabic names (``data/persons.tsv``; the Arabic tagger's
    :func:`~articles.entities.intl_rules.arabic_known_names`)."""
    return _known_names("persons.tsv", "PER")


@lru_cache(maxsize=1)
def titles() -> Titles:
    kinds: dict[str, dict[Phrase, str]] = {"title": {}, "rank": {}, "courtesy": {}}
    for row in _rows("titles.tsv"):
        kind, canonical = row[0], row[1]
        for form in [canonical, *(_alternatives(row[2]) if len(row) > 2 else [])]:
            kinds[kind].setdefault(tuple(form.lower().split()), canonical)
    last_words = frozenset(phrase[-1] for phrases in kinds.values() for phrase in phrases)
    return Titles(
        PhraseIndex.build(kinds["title"]),
        PhraseIndex.build(kinds["rank"]),
        PhraseIndex.build(kinds["courtesy"]),
        last_words,
    )
