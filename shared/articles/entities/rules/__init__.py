"""Rules applied to the statistical model's entities, on token indices (no spaCy here).

One module per rule, each with an ``apply(analysis)`` that edits the analysis's spans in
place; :data:`RULES` names them in the order they run. Each can be switched off by name for
ablation (``Tagger.load(rules=...)``, ``articles entities --rules``):

``lines``        an entity never runs over a line break (:mod:`.lines`)
``datelines``    the agency in a wire dateline's brackets is ORG (:mod:`.datelines`)
``orgs``         known organisations are ORG (:mod:`.orgs`)
``acronyms``     ``Long Form (LF)``: one label for the acronym everywhere (:mod:`.acronyms`)
``possessives``  "UN Security Council's Sanctions Committee" is two entities (:mod:`.possessives`)
``orgheads``     untagged capitalised words ending in an organisation's head noun (:mod:`.orgheads`)
``companies``    names ending in a company suffix, and their bare first word (:mod:`.companies`)
``titles``       the name right after an office title is one PER (:mod:`.titles`)
``courtesy``     "Mr", "Mrs", "Dr" are outside the name; a name after one is PER (:mod:`.courtesy`)
``particles``    "Ursula von der Leyen", "Mr van Rompuy": one PER, particles in (:mod:`.particles`)
``persons``      later bare family names follow the full name (:mod:`.persons`)
``kinds``        the type a name's head or tail word gives: "Gulf of Aden", "Battle of ..." (:mod:`.kinds`)
``demonyms``     a single-word demonym is MISC (:mod:`.demonyms`)
``consistency``  one name, one label per document (:mod:`.consistency`)

What the rules share is in :mod:`.base`; family names (also used by linking and resolution)
in :mod:`articles.entities.family`.

A new rule: a module here with ``apply(analysis)``, an entry in :data:`RULES` at the place it
must run, tests in ``tests/unit/entities/test_entity_rules.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from articles.entities.family import NAME_PARTICLES, FamilyIndex, family_runs, looks_like_full_name
from articles.entities.rules import (
    acronyms,
    companies,
    consistency,
    courtesy,
    datelines,
    demonyms,
    kinds,
    lines,
    orgheads,
    orgs,
    particles,
    persons,
    possessives,
    titles,
)
from articles.entities.rules.acronyms import initials_match, is_acronym
from articles.entities.rules.companies import COMPANY_SUFFIXES
from articles.entities.rules.orgheads import ORG_HEADS
from articles.entities.rules.persons import RELABEL_MIN_RATIO
from articles.entities.rules.possessives import POSSESSIVES
from articles.entities.types import Analysis as Analysis
from articles.entities.types import Span as Span

__all__ = [
    "ALL_RULES", "COMPANY_SUFFIXES", "NAME_PARTICLES", "ORG_HEADS", "POSSESSIVES", "RELABEL_MIN_RATIO", "RULES",
    "Analysis", "FamilyIndex", "Rule", "Span", "apply_rules", "family_runs", "initials_match", "is_acronym",
    "looks_like_full_name",
]

Rule = Callable[[Analysis], None]

# The rules by name, in the order they run.
RULES: dict[str, Rule] = {
    "lines": lines.apply,
    "datelines": datelines.apply,
    "orgs": orgs.apply,
    "acronyms": acronyms.apply,
    "possessives": possessives.apply,
    "orgheads": orgheads.apply,
    "companies": companies.apply,
    "titles": titles.apply,
    "courtesy": courtesy.apply,
    "particles": particles.apply,
    "persons": persons.apply,
    "kinds": kinds.apply,
    "demonyms": demonyms.apply,
    "consistency": consistency.apply,
}

ALL_RULES: frozenset[str] = frozenset(RULES)


def apply_rules(
    text: str,
    words: list[str],
    starts: list[int],
    ends: list[int],
    spans: list[Span],
    rules: Collection[str] = ALL_RULES,
) -> Analysis:
    """Run the enabled rules, in the order of :data:`RULES`, on the model's ``spans`` over
    ``words`` (``starts``/``ends``: each word's character offsets in ``text``)."""
    analysis = Analysis(text, words, starts, ends, sorted(spans, key=lambda s: s.start))
    for name, rule in RULES.items():
        if name in rules:
            rule(analysis)
    analysis.spans.sort(key=lambda s: s.start)
    return analysis
