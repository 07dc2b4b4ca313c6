"""The seed article (../shared/seeds; skipped when absent): the issue's acceptance checks."""

from __future__ import annotations

import pytest
from articles.entities import Tagger, load_tagger
from articles.models import Entity, Role

pytestmark = pytest.mark.seed

PUBLISHED = "2023-12-04"


def body_of(seed: str) -> str:
    """The body paragraphs: from the lead paragraph to before "Read more:"."""
    paragraphs = seed.split("\n\n")
    first = next(i for i, p in enumerate(paragraphs) if p.startswith("Libyan Chief of Staff"))
    last = next(i for i, p in enumerate(paragraphs) if p.startswith("Read more"))
    return "\n\n".join(paragraphs[first:last])


@pytest.fixture(scope="module")
def body(seed_text: str) -> str:
    return body_of(seed_text)


SEED_ENTITIES = [
    ("Abdul Razzaq Al-Nazhuri", "PER"),
    ("Mahmoud Hegazy", "PER"),
    ("Mohamed Abdulaziz", "PER"),
    ("Ageela Saleh", "PER"),
    ("Sameh Shoukry", "PER"),
    ("Abdel-Fateh Al-Sisi", "PER"),
    ("House of Representatives", "ORG"),
    ("UN Security Council", "ORG"),
    ("Sanctions Committee", "ORG"),
    ("Libya", "LOC"),
    ("Egypt", "LOC"),
    ("Cairo", "LOC"),
]


@pytest.fixture(scope="module")
def entities(tagger: Tagger, body: str) -> dict[str, Entity]:
    return {e.name: e for e in tagger.tag(body, published=PUBLISHED)}


@pytest.mark.parametrize(("name", "type_"), SEED_ENTITIES)
def test_entities(entities: dict[str, Entity], name: str, type_: str) -> None:
    assert entities[name].type == type_


@pytest.mark.parametrize(
    ("name", "alias", "mentions"),
    [
        ("Abdel-Fateh Al-Sisi", "Sisi", 3),
        ("Abdul Razzaq Al-Nazhuri", "Nazhuri", 3),
        ("Sameh Shoukry", "Shoukri", 2),
        ("Mohamed Abdulaziz", "Abdelaziz", 2),
        ("House of Representatives", "HoR", 3),
        ("UN Security Council", "UN Secuirty Council", 2),
        ("Libya", "Libyan", None),
        ("Egypt", "Egyptian", None),
    ],
)
def test_later_mentions_join_the_full_name(
    entities: dict[str, Entity], body: str, name: str, alias: str, mentions: int | None
) -> None:
    entity = entities[name]
    assert alias in entity.aliases
    assert alias in [m.text for m in entity.mentions]
    if mentions is not None:
        assert len(entity.mentions) == mentions
    for m in entity.mentions:
        assert body[m.start : m.end] == m.text


def test_no_stray_person_entities(entities: dict[str, Entity]) -> None:
    persons = {name for name, e in entities.items() if e.type == "PER"}
    assert persons == {
        "Abdul Razzaq Al-Nazhuri",
        "Mahmoud Hegazy",
        "Mohamed Abdulaziz",
        "Ageela Saleh",
        "Sameh Shoukry",
        "Abdel-Fateh Al-Sisi",
    }


@pytest.mark.parametrize(
    ("name", "role"),
    [
        (
            "Abdul Razzaq Al-Nazhuri",
            Role(title="Chief of Staff", rank="Major-General", nationality="Libyan", date=PUBLISHED),
        ),
        (
            "Mahmoud Hegazy",
            Role(title="Chief of Staff", rank="Lieutenant General", nationality="Egyptian", date=PUBLISHED),
        ),
        ("Ageela Saleh", Role(title="President", organisation="House of Representatives", date=PUBLISHED)),
        ("Sameh Shoukry", Role(title="Foreign Minister", nationality="Egyptian", date=PUBLISHED)),
        ("Mohamed Abdulaziz", Role(title="Foreign Minister", nationality="Libyan", date=PUBLISHED)),
        ("Abdel-Fateh Al-Sisi", Role(title="President", nationality="Egyptian", date=PUBLISHED)),
    ],
)
def test_roles(entities: dict[str, Entity], name: str, role: Role) -> None:
    assert entities[name].roles == [role]


def test_salience(entities: dict[str, Entity]) -> None:
    ranked = sorted(entities.values(), key=lambda e: -e.salience)
    assert all(0.0 <= e.salience <= 1.0 for e in ranked)
    assert ranked[0].name == "Libya"
    assert entities["Abdul Razzaq Al-Nazhuri"].salience > entities["Ageela Saleh"].salience


def test_spans_stay_conll_compatible(tagger: Tagger, body: str) -> None:
    found = [(body[s:e], label) for s, e, label in tagger.spans(body)]
    assert ("Libyan", "MISC") in found and ("Egyptian", "MISC") in found
    assert found.count(("Nazhuri", "PER")) == 2 and found.count(("Sisi", "PER")) == 2
    assert ("Abdelaziz", "PER") in found and ("Shoukri", "PER") in found
    assert found.count(("HoR", "ORG")) == 2
    assert ("House of Representatives", "ORG") in found
    assert ("UN Secuirty Council", "ORG") in found and ("Sanctions Committee", "ORG") in found
    # every span is a name, typed right
    assert {label for text, label in found if text in {"Cairo", "Libya", "Egypt"}} == {"LOC"}


def test_the_quote_is_nazhuris(tagger: Tagger, body: str, entities: dict[str, Entity]) -> None:
    quotes = tagger.quotes(body, list(entities.values()))
    assert len(quotes) == 1
    (quote,) = quotes
    assert quote.text.startswith("We will talk with those who wish to hand over weapons")
    assert quote.text.endswith("and we are capable of doing so")
    assert body[quote.start : quote.end] == quote.text
    nazhuri = entities["Abdul Razzaq Al-Nazhuri"]
    assert (quote.speaker_id, quote.speaker_name) == (nazhuri.id, nazhuri.name)


def test_every_entity_of_the_body(entities: dict[str, Entity]) -> None:
    assert {(e.name, e.type) for e in entities.values()} == set(SEED_ENTITIES)


def test_load_tagger_local_is_the_same_tagger(body: str, entities: dict[str, Entity]) -> None:
    tagger = load_tagger("local")
    assert {e.name for e in tagger.tag(body)} == set(entities)


def test_every_name_mention_typed_right(tagger: Tagger, body: str) -> None:
    found = [(body[s:e], label) for s, e, label in tagger.spans(body)]
    assert found == [
        # paragraph 1
        ("Libyan", "MISC"),
        ("Abdul Razzaq Al-Nazhuri", "PER"),
        ("Egyptian", "MISC"),
        ("Mahmoud Hegazy", "PER"),
        ("Libya", "LOC"),
        ("Cairo", "LOC"),
        ("Libya", "LOC"),
        # paragraph 2
        ("Libyan", "MISC"),
        ("Mohamed Abdulaziz", "PER"),
        ("Libyan", "MISC"),
        ("House of Representatives", "ORG"),
        ("HoR", "ORG"),
        ("Ageela Saleh", "PER"),
        ("Nazhuri", "PER"),
        ("Egyptian", "MISC"),
        ("Sameh Shoukry", "PER"),
        ("Egyptian", "MISC"),
        ("Abdel-Fateh Al-Sisi", "PER"),
        ("Sisi", "PER"),
        ("Libyan", "MISC"),
        ("Egypt", "LOC"),
        ("Libyan", "MISC"),
        ("Egyptian", "MISC"),
        ("Egypt", "LOC"),
        # paragraph 3
        ("Sisi", "PER"),
        ("Libya", "LOC"),
        ("UN Security Council", "ORG"),
        ("Libya", "LOC"),
        ("Abdelaziz", "PER"),
        ("Shoukri", "PER"),
        # paragraph 4
        ("Libya", "LOC"),
        ("HoR", "ORG"),
        ("UN Secuirty Council", "ORG"),
        ("Sanctions Committee", "ORG"),
        # paragraph 5
        ("Nazhuri", "PER"),
    ]
