"""The keys an entity is found by: the folded form of a name (alias lookups), the names a
person is also found by (family names), the transliteration-insensitive key of a person's
name, and an entity's names grouped by script. Pure rules: the store writes and queries
items under these keys (see docs/data-model.md)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from articles.entities.arabic import is_arabic, normalise
from articles.entities.names import name_key

__all__ = ["fold", "lookup_names", "names_by_script", "sound_key"]


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a name, for alias lookups (Arabic normalised:
    alef forms, ta marbuta, alef maqsura, tatweel, diacritics)."""
    text = unicodedata.normalize("NFKD", normalise(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("-", " ").split())


def lookup_names(names: Iterable[str], type_: str) -> set[str]:
    """The names an entity is found by: its names, and for a person also each family name
    ("Shoukri" finds "Sameh Shoukri"), so that a bare surname search hits."""
    out = set(names)
    if type_ == "PER":
        for name in names:
            parts = name.replace("-", " ").split()
            if len(parts) > 1 and len(parts[-1]) >= 3:
                out.add(" ".join(parts[-2:]) if parts[-2].lower() in ("al", "el") else parts[-1])
    return out


def names_by_script(names: Iterable[str]) -> dict[str, list[str]]:
    """An entity's names grouped by script: ``{"latin": [...], "arabic": [...]}``."""
    out: dict[str, list[str]] = {}
    for name in dict.fromkeys(names):
        out.setdefault("arabic" if is_arabic(name) else "latin", []).append(name)
    return out


def sound_key(name: str, type_: str) -> str | None:
    """The transliteration-insensitive key of a person's name (Shoukry = Shoukri, Mohamed =
    Mohammed), if it differs from the plain folded name; None for other entity types."""
    if type_ != "PER":
        return None
    key = name_key(name, "PER")
    return key if key and key != fold(name) else None
