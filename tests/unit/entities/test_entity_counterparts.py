"""A counterpart holds the office of the person named before him (articles.entities.counterparts)."""

from __future__ import annotations

import pytest
from articles.entities.counterparts import add_counterpart_roles
from articles.models import Entity, Mention, Role


def people(text: str, named: dict[str, list[Role]]) -> list[Entity]:
    """One PER entity per name of ``named`` (with its roles), a mention at each occurrence."""
    out = []
    for name, roles in named.items():
        starts = [i for i in range(len(text)) if text.startswith(name, i)]
        out.append(Entity(id=f"e_{len(out)}", name=name, type="PER", roles=roles,
                          mentions=[Mention(start=s, end=s + len(name), text=name) for s in starts]))
    return out


def roles_of(entities: list[Entity]) -> dict[str, list[tuple[str, str | None, str | None]]]:
    return {e.name: [(r.title, r.nationality, r.date) for r in e.roles] for e in entities}


FM_EG = Role(title="Foreign Minister", nationality="Egyptian", date="2026-12-01")


@pytest.mark.parametrize(
    ("language", "text", "host", "guest", "nationality"),
    [
        ("en", "Egyptian Foreign Minister Sameh Shoukry met his Libyan counterpart Taher El-Baour on Sunday.",
         "Sameh Shoukry", "Taher El-Baour", "Libyan"),
        ("en", "Sameh Shoukry received his counterpart, Taher El-Baour.", "Sameh Shoukry", "Taher El-Baour", None),
        ("fr", "Le ministre égyptien des Affaires étrangères, Sameh Choukri, a reçu son homologue libyen "
               "Taher el-Baour.", "Sameh Choukri", "Taher el-Baour", "Libyan"),
        ("ar", "التقى وزير الخارجية المصري سامح شكري نظيره الليبي الطاهر الباعور في القاهرة.",
         "سامح شكري", "الطاهر الباعور", "Libyan"),
    ],
)
def test_the_counterpart_takes_the_hosts_office_with_his_own_nationality(
    language: str, text: str, host: str, guest: str, nationality: str | None
) -> None:
    entities = people(text, {host: [FM_EG], guest: []})
    found = roles_of(add_counterpart_roles(text, entities, language, published="2026-12-01T09:30:00Z"))
    assert found[guest] == [("Foreign Minister", nationality, "2026-12-01")]
    assert found[host] == [("Foreign Minister", "Egyptian", "2026-12-01")]  # unchanged


def test_the_nearest_earlier_person_with_an_office_gives_it() -> None:
    text = ("President Kais Saied and Foreign Minister Nabil Ammar received Ahmed Attaf. "
            "Ammar then met his Algerian counterpart Ahmed Attaf again.")
    entities = people(text, {"Kais Saied": [Role(title="President")], "Nabil Ammar": [Role(title="Foreign Minister")],
                             "Ammar": [], "Ahmed Attaf": []})
    # "Ammar" (no office of its own in this list) is skipped; Nabil Ammar is the nearest with one
    assert roles_of(add_counterpart_roles(text, entities, "en"))["Ahmed Attaf"] == [
        ("Foreign Minister", "Algerian", None)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Foreign Minister Sameh Shoukry met Taher El-Baour."),  # no counterpart phrase
        ("en", "Foreign Minister Sameh Shoukry met his Boring counterpart Taher El-Baour."),  # no demonym
        ("en", "Foreign Minister Sameh Shoukry spoke.\n\nHis counterpart Taher El-Baour left."),  # new paragraph
        ("fr", "Le ministre des Affaires étrangères Sameh Choukri a reçu son homologue du jour Taher el-Baour."),
        ("ar", "وزير الخارجية سامح شكري التقى نظيره في الحكومة الطاهر الباعور."),
    ],
)
def test_no_counterpart_role_without_the_phrase_or_beyond_the_paragraph(language: str, text: str) -> None:
    host, guest = ("سامح شكري", "الطاهر الباعور") if language == "ar" else (
        ("Sameh Choukri", "Taher el-Baour") if language == "fr" else ("Sameh Shoukry", "Taher El-Baour"))
    entities = people(text, {host: [FM_EG], guest: []})
    assert roles_of(add_counterpart_roles(text, entities, language))[guest] == []


def test_a_counterpart_with_that_office_already_keeps_his_role_only() -> None:
    text = "Foreign Minister Sameh Shoukry met his Libyan counterpart Taher El-Baour."
    own = Role(title="Foreign Minister", nationality="Libyan")
    entities = people(text, {"Sameh Shoukry": [FM_EG], "Taher El-Baour": [own]})
    assert add_counterpart_roles(text, entities, "en") == entities
