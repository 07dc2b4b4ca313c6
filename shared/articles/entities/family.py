"""Family names: the parts of a person's name a bare later mention may use ("Sisi" for
"Abdel-Fateh Al-Sisi", "Razzaq Al-Nazhuri" for "Abdul Razzaq Al-Nazhuri"), an index of them
for fast look-ups, and what a full name looks like. Used by the rules (``persons``,
``possessives``, ``titles``), by linking and by resolution."""

from __future__ import annotations

from collections.abc import Iterable

from articles.entities.names import NamePart, loose_key, name_parts, part_matches

__all__ = ["NAME_PARTICLES", "FamilyIndex", "family_runs", "looks_like_full_name", "loose_parts", "person_parts"]


def person_parts(words: list[str]) -> tuple[NamePart, ...]:
    return name_parts(" ".join(words), "PER")


def family_runs(full: tuple[NamePart, ...]) -> list[tuple[NamePart, ...]]:
    """The sub-names a bare mention of ``full`` may use: runs of its parts that do not
    start at the given name ("Al-Nazhuri" and "Razzaq Al-Nazhuri", not "Abdul Razzaq")."""
    return [full[i:j] for i in range(1, len(full)) for j in range(i + 1, len(full) + 1)]


def loose_parts(parts: tuple[NamePart, ...]) -> tuple[str, ...]:
    return tuple(loose_key(p.key) for p in parts)


class FamilyIndex:
    """The family-name runs of some full names, by key, for fast bare-mention lookups."""

    def __init__(self, fulls: Iterable[tuple[NamePart, ...]]) -> None:
        self.fulls = list(fulls)
        self.runs: dict[tuple[str, ...], list[tuple[tuple[NamePart, ...], int]]] = {}
        for i, full in enumerate(self.fulls):
            for run in family_runs(full):
                self.runs.setdefault(loose_parts(run), []).append((run, i))

    def find_all(self, parts: tuple[NamePart, ...], *, min_ratio: float = 0.6) -> list[int]:
        """Indexes (into ``fulls``) of the full names ``parts`` is a family-name run of."""
        found: list[int] = []
        for run, i in self.runs.get(loose_parts(parts), ()):
            if i not in found and all(part_matches(a, b, min_ratio=min_ratio) for a, b in zip(run, parts, strict=True)):
                found.append(i)
        return found

    def find(self, parts: tuple[NamePart, ...], *, min_ratio: float = 0.6) -> int | None:
        found = self.find_all(parts, min_ratio=min_ratio)
        return found[0] if found else None


# Lower-case words that may sit inside a person's name.
NAME_PARTICLES = frozenset(
    {"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "di", "do", "dos", "du", "del", "della"}
    | {"van", "von", "der", "den", "ter", "la", "le", "st", "y", "e"}
)


def looks_like_full_name(words: list[str]) -> bool:
    """A person span fit to anchor bare mentions: capitalised words (or name particles),
    not a mix of upper-case and title-case words ("Stremaitis URUS-MARTAN" is a dateline)."""
    upper = [w.isupper() and len(w) > 1 for w in words if w[:1].isalpha()]
    if any(upper) and not all(upper):
        return False
    return all(w[:1].isupper() or w in NAME_PARTICLES or not w[:1].isalpha() for w in words)
