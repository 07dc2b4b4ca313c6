"""Cross-article resolution: an article's entities against entities already known (pure).

Within one article, :mod:`articles.entities.link` has grouped the mentions and
:func:`~articles.entities.names.entity_id` already gives variant spellings of one full name
one id in every article ("Sameh Shoukry" / "Sameh Shoukri"). What it cannot do alone is
link a name that is *shorter* than the known one: a later article saying only "Shoukri", or
"HoR" without its long form. :func:`resolve` does that with a ``lookup`` into the entities
already stored, and only when it is safe:

* ``PER`` with one name part ("Shoukri", "Al-Sisi"): resolved when exactly one known person
  with a full name (two parts or more) has it as a family name (word by word,
  :func:`~articles.entities.names.part_matches`: same transliteration key and similar
  letters). Two known persons sharing that family name ("Mohamed Abdulaziz", "Ahmed
  Abdulaziz") leave it unresolved; so does a known person whose only match is a given name.
* ``PER`` with a full name: resolved to the one known person whose name or an alias has the
  same key, or of whose longer name it is a family-name run ("Razzaq Al-Nazhuri" in "Abdul
  Razzaq Al-Nazhuri"). Different given names never match ("Ahmed Shoukry" is not "Sameh
  Shoukry"): their keys differ.
* ``ORG``, ``LOC``, ``MISC``: resolved to the one known entity of that type whose name or an
  alias has the same key ("HoR" -> "House of Representatives" once an article bound them).

A resolved entity takes the known ``id`` and ``name``; its own name, when different, becomes
an alias; mentions, roles and salience stay the article's. Two entities of the article that
resolve to one known entity are merged. Order is kept (a merged entity sits where the first
was).

The lookup contract (what storage must provide): ``lookup(key, type)`` returns every known
entity of ``type`` stored under ``key``, where each known entity is stored under every key
of :func:`lookup_keys` of its name and aliases (``KnownEntity.index_keys()``). Returning more than
that is harmless (candidates are re-checked here); returning less loses resolutions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pydantic import BaseModel, Field

from articles.entities.family import family_runs
from articles.entities.names import NamePart, name_key, name_parts, part_matches
from articles.models import Entity, EntityType, Role

__all__ = ["KnownEntity", "Lookup", "lookup_keys", "resolve"]


class KnownEntity(BaseModel):
    """An entity already stored (from earlier articles): its id, canonical name, type, aliases."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)

    @classmethod
    def from_entity(cls, entity: Entity) -> KnownEntity:
        return cls(id=entity.id, name=entity.name, type=entity.type, aliases=list(entity.aliases))

    def index_keys(self) -> list[str]:
        """The keys to store this entity under (see :func:`lookup_keys`)."""
        return lookup_keys(self.name, self.type, self.aliases)


Lookup = Callable[[str, str], list[KnownEntity]]


def lookup_keys(name: str, type: str, aliases: Iterable[str] = ()) -> list[str]:
    """Every key a later mention of this entity may be looked up by: the
    :func:`~articles.entities.names.name_key` of its name and of each alias, and, for a person,
    of each family-name run of a full name ("Sameh Shoukry" -> the keys of "Sameh Shoukry"
    and "Shoukry"; "Abdul Razzaq Al-Nazhuri" -> also "Razzaq Al-Nazhuri" and "Al-Nazhuri")."""
    keys: list[str] = []
    for form in [name, *aliases]:
        parts = name_parts(form, type)
        if not parts:
            continue
        candidates = [parts]
        if type == "PER":
            candidates += family_runs(parts)
        for run in candidates:
            key = " ".join(p.key for p in run)
            if key not in keys:
                keys.append(key)
    return keys


def _spells(parts: tuple[NamePart, ...], full: tuple[NamePart, ...]) -> bool:
    """``parts`` is ``full`` or a family-name run of it, word by word."""
    return any(
        len(run) == len(parts) and all(part_matches(a, b) for a, b in zip(run, parts, strict=True))
        for run in [full, *family_runs(full)]
    )


def _person_matches(parts: tuple[NamePart, ...], known: KnownEntity) -> bool:
    key = " ".join(p.key for p in parts)
    forms = [known.name, *known.aliases]
    if len(parts) >= 2 and any(name_key(form, "PER") == key for form in forms):
        return True
    # a shorter name is resolved only against full names (a bare known "Shoukri" is no anchor)
    fulls = [name_parts(form, "PER") for form in forms]
    return any(len(full) > len(parts) and _spells(parts, full) for full in fulls)


def _candidates(entity: Entity, lookup: Lookup) -> list[KnownEntity]:
    key = name_key(entity.name, entity.type)
    if not key:
        return []
    found: dict[str, KnownEntity] = {}
    for known in lookup(key, entity.type):
        if known.type != entity.type or known.id in found:
            continue
        if entity.type == "PER":
            if not _person_matches(name_parts(entity.name, "PER"), known):
                continue
        elif all(name_key(form, known.type) != key for form in [known.name, *known.aliases]):
            continue
        found[known.id] = known
    same_key = [k for k in found.values() if any(name_key(f, k.type) == key for f in [k.name, *k.aliases])]
    # a known entity with this very key is this entity, whatever longer names also fit
    return same_key if len(same_key) == 1 else list(found.values())


def _merge(a: Entity, b: Entity) -> Entity:
    mentions = sorted([*a.mentions, *b.mentions], key=lambda m: (m.start, m.end))
    aliases = [x for x in dict.fromkeys([*a.aliases, *b.aliases]) if x != a.name]
    roles: list[Role] = list(a.roles)
    roles += [r for r in b.roles if r not in roles]
    return a.model_copy(
        update={
            "mentions": mentions,
            "aliases": aliases,
            "roles": roles,
            "salience": max(a.salience, b.salience),
        }
    )


def resolve(entities: list[Entity], lookup: Lookup) -> list[Entity]:
    """``entities`` (one article's, from ``tag()``) with ids and names re-assigned to known
    entities where exactly one known entity fits (see the module docstring)."""
    out: list[Entity] = []
    index: dict[str, int] = {}
    for entity in entities:
        candidates = _candidates(entity, lookup)
        if len(candidates) == 1:
            known = candidates[0]
            aliases = [a for a in dict.fromkeys([*entity.aliases, entity.name]) if a != known.name]
            entity = entity.model_copy(update={"id": known.id, "name": known.name, "aliases": aliases})
        if entity.id in index:
            i = index[entity.id]
            out[i] = _merge(out[i], entity)
        else:
            index[entity.id] = len(out)
            out.append(entity)
    return out
