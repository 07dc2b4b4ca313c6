"""From entity spans to canonical entities: grouping, names, aliases, roles and salience.

Grouping, in one document:

* PER: mentions with the same :func:`~articles.entities.names.name_key` are one person.
  A shorter mention ("Sisi", "Al-Nazhuri", a two-part name inside a three-part one) joins
  the full name whose family-name parts it spells, word by word with
  :func:`~articles.entities.names.part_matches` ("Shoukri" joins "Sameh Shoukry"); when
  several full names fit ("Abdulaziz" after both "Mohamed
  Abdulaziz" and "Ahmed Abdulaziz"), it joins the one mentioned last before it (the first
  one after it when none precedes). The full names themselves are never merged.
* LOC: countries and their aliases ("U.S.") get the canonical country name; a demonym
  ("Libyan", MISC in ``spans()``) becomes a mention of its country (LOC), with the demonym
  as an alias. Other places group by key.
* ORG: gazetteer names and aliases ("UN") get the canonical name; an acronym bound by
  "Long Form (LF)" joins its long form. Others group by key.
* ORG misspellings: an organisation whose name is a typo of another organisation of the
  same document ("UN Secuirty Council" after "UN Security Council"; one edit in words of six
  letters or more, :func:`~articles.entities.names.misspelling_of`) joins it; the group with a
  canonical name, then the most mentions, then the first mention keeps its name.
* MISC: by key.

The entity's ``name`` is its most complete mention (most name parts, then most frequent,
then first) unless a canonical name applies; ``aliases`` are the other surface forms.

Salience, in [0, 1], from the body alone (the title is not seen here)::

    salience = 0.6 * frequency + 0.4 * earliness
    frequency = mentions of the entity / mentions of the most mentioned entity
    earliness = 1 - (offset of the first mention / length of the text)

A news agency named only in a wire dateline's brackets ("CAIRO (Reuters) -") is no subject of
the article: its salience is 0 (related coverage does not query it; every article of an
agency names it).

Entities are returned most salient first (ties: first mentioned first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from articles.entities import gazetteer
from articles.entities.family import family_runs
from articles.entities.names import (
    NamePart,
    entity_id,
    join_broken_words,
    misspelling_of,
    name_key,
    name_parts,
    part_matches,
)
from articles.entities.roles import RoleReader, organisation_name
from articles.entities.types import Analysis, Span
from articles.models import Entity, EntityType, Mention, Role

FREQUENCY_WEIGHT = 0.6
EARLINESS_WEIGHT = 0.4


@dataclass
class _Group:
    type: EntityType
    key: str
    canonical: str | None = None
    mentions: list[tuple[Span, str, int, int]] = field(default_factory=list)  # span, text, start, end
    roles: list[Role] = field(default_factory=list)

    def add(self, span: Span, text: str, start: int, end: int) -> None:
        self.mentions.append((span, text, start, end))


def _label(label: str) -> EntityType:
    if label == "PER":
        return "PER"
    if label == "ORG":
        return "ORG"
    if label == "LOC":
        return "LOC"
    return "MISC"


def _fits(parts: tuple[NamePart, ...], full: tuple[NamePart, ...]) -> bool:
    """``parts`` spells ``full`` word by word, a family-name run of it ("Sisi"), or, with two
    words or more, any run of it ("Ageela Saleh" in "Ageela Saleh Issa")."""
    runs = [full, *family_runs(full)]
    if len(parts) >= 2:
        runs += [full[: len(parts)]]
    return any(
        len(run) == len(parts) and all(part_matches(a, b) for a, b in zip(run, parts, strict=True)) for run in runs
    )


def build_entities(analysis: Analysis, *, published: str | None = None) -> list[Entity]:
    """Canonical entities of ``analysis`` (see the module docstring)."""
    text = analysis.text
    countries = gazetteer.countries()
    groups: dict[tuple[str, str], _Group] = {}
    persons: list[tuple[Span, str, int, int, tuple[NamePart, ...]]] = []

    def group(type_: EntityType, key: str, canonical: str | None = None) -> _Group:
        g = groups.get((type_, key))
        if g is None:
            g = groups[(type_, key)] = _Group(type_, key, canonical)
        return g

    for span in analysis.spans:
        start, end = analysis.starts[span.start], analysis.ends[span.end - 1]
        surface = text[start:end]  # the mention as written; named and grouped as read ("An¬ dré")
        label = _label(span.label)
        if label == "PER":
            parts = name_parts(join_broken_words(surface)[0], "PER")
            if parts:
                persons.append((span, surface, start, end, parts))
                continue
        if label == "MISC" and span.end - span.start == 1:
            country = countries.country_of_demonym(surface)
            if country:
                group("LOC", name_key(country, "LOC"), country).add(span, surface, start, end)
                continue
        if label == "LOC":
            country = countries.canonical(surface)
            if country:
                group("LOC", name_key(country, "LOC"), country).add(span, surface, start, end)
                continue
        if label == "ORG":
            canonical = organisation_name(analysis, span)
            if canonical is not None:
                group("ORG", name_key(canonical, "ORG"), canonical).add(span, surface, start, end)
                continue
        group(label, name_key(join_broken_words(surface)[0], label)).add(span, surface, start, end)

    _group_persons(persons, group)
    _join_misspelt_organisations(list(groups.values()))

    reader = RoleReader(analysis)
    for g in groups.values():
        if g.type != "PER":
            continue
        for span, *_ in g.mentions:
            for found in reader.roles(span):
                role = Role(
                    title=found.title,
                    rank=found.rank,
                    nationality=found.nationality,
                    organisation=found.organisation,
                    date=published[:10] if published else None,  # the day: roles hold "as of" a date
                )
                if role not in g.roles:
                    g.roles.append(role)

    return _finish(list(groups.values()), len(text), _dateline_agencies(analysis))


def _group_persons(
    persons: list[tuple[Span, str, int, int, tuple[NamePart, ...]]],
    get: Callable[[EntityType, str], _Group],
) -> None:
    """Full names (2+ parts) first, by key; then shorter mentions join a full name."""
    fulls: list[tuple[_Group, tuple[NamePart, ...]]] = []  # group, its longest parts
    rest: list[tuple[Span, str, int, int, tuple[NamePart, ...]]] = []
    # longest names first, so a two-part name can join a three-part one
    for item in sorted(persons, key=lambda p: (-len(p[4]), p[2])):
        span, surface, start, end, parts = item
        if len(parts) < 2:
            rest.append(item)
            continue
        key = " ".join(p.key for p in parts)
        holder = next((g for g, full in fulls if len(full) > len(parts) and _fits(parts, full)), None)
        g: _Group = holder if holder is not None else get("PER", key)
        g.add(span, surface, start, end)
        if all(g is not other for other, _ in fulls):
            fulls.append((g, parts))
    for span, surface, start, end, parts in sorted(rest, key=lambda p: p[2]):
        candidates = [g for g, full in fulls if _fits(parts, full)]
        if not candidates:
            g = get("PER", " ".join(p.key for p in parts))
        elif len(candidates) == 1:
            g = candidates[0]
        else:
            g = _nearest(candidates, start)
        g.add(span, surface, start, end)


def _join_misspelt_organisations(groups: list[_Group]) -> None:
    """Move the mentions of an ORG group spelt like another one with a typo into it."""
    orgs = [g for g in groups if g.type == "ORG" and g.mentions]
    orgs.sort(key=lambda g: (g.canonical is None, -len(g.mentions), min(m[2] for m in g.mentions)))
    kept: list[_Group] = []
    for g in orgs:
        names = {g.canonical} if g.canonical else {text for _, text, _, _ in g.mentions}
        host = next(
            (
                k
                for k in kept
                if any(
                    misspelling_of(a, b, "ORG")
                    for a in names
                    for b in ({k.canonical} if k.canonical else set()) | {t for _, t, _, _ in k.mentions}
                )
            ),
            None,
        )
        if host is None:
            kept.append(g)
            continue
        host.mentions.extend(g.mentions)
        g.mentions.clear()


def _nearest(candidates: list[_Group], start: int) -> _Group:
    """The candidate mentioned last before ``start``, else the first mentioned after it."""
    best_before: tuple[int, _Group] | None = None
    best_after: tuple[int, _Group] | None = None
    for g in candidates:
        for _, _, s, _ in g.mentions:
            if s < start and (best_before is None or s > best_before[0]):
                best_before = (s, g)
            if s > start and (best_after is None or s < best_after[0]):
                best_after = (s, g)
    chosen = best_before or best_after
    return chosen[1] if chosen else candidates[0]


def _name_of(g: _Group) -> str:
    if g.canonical:
        return g.canonical
    counts = Counter(join_broken_words(text)[0] for _, text, _, _ in g.mentions)
    first: dict[str, int] = {}
    for _, text, start, _ in g.mentions:
        first.setdefault(join_broken_words(text)[0], start)
    # the fullest name; then one written in ordinary case over a dateline's capitals ("CAIRO -")
    # when the text has both; then the most frequent, then the first
    name = max(
        counts,
        key=lambda t: (len(name_parts(t, g.type)), not t.isupper(), counts[t], -first[t]),
    )
    if g.type == "LOC" and name.isupper() and sum(c.isalpha() for c in name) > 3:
        return name.title()  # a dateline's "LE CAIRE", "TUNIS": "Le Caire", "Tunis" (not "USA")
    return name


def _dateline_agencies(analysis: Analysis) -> frozenset[int]:
    """Character offsets where the agency of a wire dateline begins (see :mod:`.datelines`)."""
    from articles.entities.datelines import agencies

    return frozenset(analysis.starts[start] for start, _end in agencies(analysis.text, analysis.words, analysis.starts))


def _finish(groups: list[_Group], text_length: int, furniture: frozenset[int] = frozenset()) -> list[Entity]:
    groups = [g for g in groups if g.mentions]
    if not groups:
        return []
    most = max(len(g.mentions) for g in groups)
    out: list[tuple[float, int, Entity]] = []
    for g in groups:
        g.mentions.sort(key=lambda m: m[2])
        name = _name_of(g)
        aliases: list[str] = []
        for _, surface, _, _ in g.mentions:
            if surface != name and surface not in aliases:
                aliases.append(surface)
        first = g.mentions[0][2]
        frequency = len(g.mentions) / most
        earliness = 1.0 - first / text_length if text_length else 1.0
        salience = round(min(1.0, max(0.0, FREQUENCY_WEIGHT * frequency + EARLINESS_WEIGHT * earliness)), 4)
        if all(m[2] in furniture for m in g.mentions):
            salience = 0.0  # only the agency of a dateline
        entity = Entity(
            id=entity_id(name, g.type),
            name=name,
            type=g.type,
            aliases=aliases,
            mentions=[Mention(start=s, end=e, text=t) for _, t, s, e in g.mentions],
            roles=g.roles,
            salience=salience,
        )
        out.append((salience, first, entity))
    out.sort(key=lambda x: (-x[0], x[1]))
    return [entity for _, _, entity in out]
