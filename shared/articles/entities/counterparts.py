"""A counterpart holds the office of the person he is the counterpart of.

Wire copy names a minister's guest by the office they share: "Egyptian Foreign Minister Sameh
Shoukry met his Libyan counterpart Taher El-Baour", "le ministre égyptien des Affaires
étrangères ... a reçu son homologue libyen Taher el-Baour", "وزير الخارجية المصري سامح شكري
... نظيره الليبي الطاهر الباعور". The person named right after "(his) [nationality]
counterpart" / "son homologue [nationalité]" / "نظيره [الجنسية]" gets the title of the
nearest person named before him in the same paragraph who has one, with the nationality the
phrase gives (Libyan), on the same date. Pure: entities in, entities out.
"""

from __future__ import annotations

import re

from articles.entities import gazetteer
from articles.entities.arabic import normalise
from articles.entities.intl_rules import AR_COUNTERPARTS, FR_COUNTERPARTS
from articles.entities.roles_intl import arabic_nationality, french_nationality
from articles.entities.rules.titles import COUNTERPARTS
from articles.models import Entity, Role

_WINDOW = 60  # characters before a mention where the phrase is looked for
_REACH = 400  # how far back the person whose office it is may be named


def _words(forms: frozenset[str]) -> str:
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


# the counterpart words are those the span rules read a name after (rules.titles, intl_rules)
_EN = re.compile(rf"(?:^|\s)(?:(?:his|her|its|their)\s+)?(?:(?P<nat>[A-Z][a-z]+)\s+)?(?:{_words(COUNTERPARTS)}),?\s+$")
_FR = re.compile(
    rf"(?:^|[\s'’])(?:son|sa|ses|leur|leurs)\s+(?:{_words(FR_COUNTERPARTS)})(?:\s+(?P<nat>[a-zéèêëàâîïôûç]+))?,?\s+$")
_AR = re.compile(rf"(?:^|\s)[وف]?(?:{_words(AR_COUNTERPARTS)})(?:\s+(?P<nat>\S+))?\s+$")


def _phrase(before: str, language: str) -> tuple[bool, str | None]:
    """Whether ``before`` ends in a counterpart phrase, and the English demonym it gives."""
    if language == "ar":
        m = _AR.search(normalise(before))
        if m is None:
            return False, None
        nat = m.group("nat")
        found = arabic_nationality(nat) if nat else None
        return (nat is None or found is not None), found
    if language == "fr":
        m = _FR.search(before.lower())
        if m is None:
            return False, None
        nat = m.group("nat")
        found = french_nationality(nat) if nat else None
        return (nat is None or found is not None), found
    m = _EN.search(before)
    if m is None:
        return False, None
    nat = m.group("nat")
    if nat is None:
        return True, None
    return (True, nat) if gazetteer.countries().country_of_demonym(nat) else (False, None)


def _office(entity: Entity) -> Role | None:
    """The entity's first role that is an office (not a bare rank)."""
    return next((r for r in entity.roles if r.title and r.title != r.rank), None)


def add_counterpart_roles(text: str, entities: list[Entity], language: str,
                          published: str | None = None) -> list[Entity]:
    """``entities`` with the role each counterpart shares with the person before him (see
    the module docstring); other entities are returned unchanged."""
    persons = [(m.start, m.end, e) for e in entities if e.type == "PER" for m in e.mentions]
    if len(persons) < 2:
        return entities
    persons.sort(key=lambda p: p[0])
    added: dict[str, list[Role]] = {}
    for start, _end, entity in persons:
        is_counterpart, nationality = _phrase(text[max(0, start - _WINDOW) : start], language)
        if not is_counterpart:
            continue
        earlier = [(e_end, office) for _s, e_end, other in persons
                   if e_end <= start and other.id != entity.id and start - e_end <= _REACH
                   and "\n\n" not in text[e_end:start] and (office := _office(other)) is not None]
        if not earlier:
            continue
        office = max(earlier, key=lambda p: p[0])[1]
        role = Role(title=office.title, nationality=nationality, organisation=None,
                    date=published[:10] if published else office.date)
        have = entity.roles + added.get(entity.id, [])
        if not any(r.title == role.title for r in have):
            added.setdefault(entity.id, []).append(role)
    if not added:
        return entities
    return [e.model_copy(update={"roles": [*e.roles, *added[e.id]]}) if e.id in added else e for e in entities]
