"""Cross-article resolution against known entities (pure: an in-memory lookup)."""

from __future__ import annotations

from collections.abc import Callable

from articles.entities.link import build_entities
from articles.entities.names import entity_id, name_key
from articles.entities.resolve import KnownEntity, lookup_keys, resolve
from articles.entities.rules import Analysis
from articles.models import Entity, Mention, Role

AnalysisOf = Callable[..., Analysis]


class Store:
    """What the lead's storage must do: keep every known entity under each of its keys."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], dict[str, KnownEntity]] = {}
        self.calls: list[tuple[str, str]] = []

    def add(self, entities: list[Entity]) -> None:
        for entity in entities:
            known = KnownEntity.from_entity(entity)
            for key in known.index_keys():
                self.by_key.setdefault((key, known.type), {})[known.id] = known

    def lookup(self, key: str, type_: str) -> list[KnownEntity]:
        self.calls.append((key, type_))
        return list(self.by_key.get((key, type_), {}).values())


def article(analysis_of: AnalysisOf, markup: str) -> list[Entity]:
    return build_entities(analysis_of(markup))


def person(name: str, *aliases: str) -> Entity:
    return Entity(id=entity_id(name, "PER"), name=name, type="PER", aliases=list(aliases))


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


FIRST = (
    "[Egyptian](MISC) Foreign Minister [Sameh Shoukry](PER) met [Libyan](MISC) Foreign Minister "
    "[Mohamed Abdulaziz](PER) and the President of the House of Representatives ( HoR ) "
    "[Ageela Saleh](PER) in [Cairo](LOC) ."
)


def test_variant_spellings_across_two_articles_are_one_entity(analysis_of: AnalysisOf) -> None:
    store = Store()
    first = article(analysis_of, FIRST)
    store.add(first)
    second = article(
        analysis_of,
        "[Shoukri](PER) said the [HoR](ORG) would meet again . He later flew to [Rome](LOC) with "
        "[Mohammed Abdelaziz](PER) .",
    )
    # the second article alone: "Shoukri" is its own person, "HoR" an unknown acronym
    assert "Shoukri" in by_name(second)
    resolved = by_name(resolve(second, store.lookup))
    known = by_name(first)
    shoukry = resolved["Sameh Shoukry"]
    assert shoukry.id == known["Sameh Shoukry"].id
    assert shoukry.aliases == ["Shoukri"]
    assert resolved["Mohamed Abdulaziz"].id == known["Mohamed Abdulaziz"].id
    assert "Mohammed Abdelaziz" in resolved["Mohamed Abdulaziz"].aliases
    assert resolved["House of Representatives"].id == known["House of Representatives"].id
    assert resolved["House of Representatives"].aliases == ["HoR"]
    assert "Rome" in resolved and "Shoukri" not in resolved


def test_bare_surname_resolves_to_the_one_known_full_name() -> None:
    store = Store()
    store.add([person("Abdel-Fateh Al-Sisi"), person("Sameh Shoukry")])
    bare = Entity(
        id=entity_id("Sisi", "PER"),
        name="Sisi",
        type="PER",
        mentions=[Mention(start=0, end=4, text="Sisi")],
        roles=[Role(title="President")],
        salience=0.7,
    )
    [resolved] = resolve([bare], store.lookup)
    assert (resolved.id, resolved.name) == (entity_id("Abdel-Fateh Al-Sisi", "PER"), "Abdel-Fateh Al-Sisi")
    assert resolved.aliases == ["Sisi"]
    # what the article found stays the article's
    assert resolved.mentions == bare.mentions and resolved.roles == bare.roles and resolved.salience == 0.7


def test_look_alikes_stay_apart() -> None:
    store = Store()
    store.add([person("Mohamed Abdulaziz"), person("Ahmed Abdulaziz"), person("Sameh Shoukry")])
    entities = [
        person("Abdulaziz"),  # two known persons of that family name: ambiguous
        person("Ahmed Shoukry"),  # another given name: another person
        person("Mahmoud Abdulaziz"),
        person("Sameh"),  # a given name alone is not resolved
    ]
    resolved = resolve(entities, store.lookup)
    assert [(e.id, e.name) for e in resolved] == [(e.id, e.name) for e in entities]


def test_look_alike_spellings_of_different_names_do_not_merge() -> None:
    store = Store()
    store.add([person("Sami Shoukry")])
    # "Sameh" and "Sami" have different keys; "Sisi" is not "Sousa"
    entities = [person("Sameh Shoukry"), person("Sousa")]
    assert resolve(entities, store.lookup) == entities
    store.add([person("Abdel-Fateh Al-Sisi")])
    assert resolve([person("Sousa")], store.lookup)[0].name == "Sousa"


def test_known_full_name_wins_over_a_longer_one_sharing_its_parts() -> None:
    store = Store()
    store.add([person("Mohamed Abdulaziz"), person("Ali Mohamed Abdulaziz")])
    [resolved] = resolve([person("Mohammed Abdelaziz")], store.lookup)
    assert resolved.name == "Mohamed Abdulaziz"


def test_two_article_entities_resolving_to_one_are_merged() -> None:
    store = Store()
    store.add([person("Sameh Shoukry")])
    full = person("Sameh Shoukri").model_copy(update={"mentions": [Mention(start=10, end=23, text="Sameh Shoukri")]})
    bare = person("Shoukry").model_copy(update={"mentions": [Mention(start=0, end=7, text="Shoukry")]})
    resolved = resolve([full, bare], store.lookup)
    assert len(resolved) == 1
    assert resolved[0].name == "Sameh Shoukry"
    assert [m.start for m in resolved[0].mentions] == [0, 10]
    assert set(resolved[0].aliases) == {"Sameh Shoukri", "Shoukry"}


def test_types_never_cross() -> None:
    store = Store()
    store.add([Entity(id=entity_id("Jordan", "LOC"), name="Jordan", type="LOC")])
    entities = [person("Jordan")]
    assert resolve(entities, store.lookup) == entities
    assert all(t == "PER" for _, t in store.calls)


def test_lookup_keys() -> None:
    keys = lookup_keys("Mohammed Ali Al-Nafti", "PER", ["Nafti"])
    assert name_key("Mohammed Ali Al-Nafti", "PER") in keys
    assert name_key("Ali Nafti", "PER") in keys
    assert name_key("Nafti", "PER") in keys and name_key("el-Nafti", "PER") in keys
    assert name_key("Mohammed Ali", "PER") not in keys  # given names are no lookup key
    assert name_key("Mohammed", "PER") not in keys
    assert lookup_keys("House of Representatives", "ORG", ["HoR"]) == [
        name_key("House of Representatives", "ORG"),
        name_key("HoR", "ORG"),
    ]


def test_nothing_known() -> None:
    entities = [person("Sameh Shoukry")]
    assert resolve(entities, lambda key, type_: []) == entities
    assert resolve([], lambda key, type_: []) == []


def test_resolve_and_quotes_import_no_spacy() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from articles.entities import KnownEntity, Quote, resolve, load_tagger\n"
        "import articles.entities.quotes, articles.entities.resolve, articles.entities.comprehend\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "assert 'boto3' not in sys.modules and 'botocore' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
