"""One entity across scripts and spellings in DynamoDB (moto): unify() against the real
repository's script-key items, in both arrival orders, with look-alikes kept apart."""

from __future__ import annotations

import pytest
from articles.entities.crossscript import unify
from articles.entities.names import entity_id
from articles.models import Entity, Mention
from articles.store.dynamo import ArticleRepository

from tests.integration.conftest import MotoStack


def person(name: str, *aliases: str) -> Entity:
    return Entity(id=entity_id(name, "PER"), name=name, type="PER", aliases=list(aliases),
                  mentions=[Mention(start=0, end=len(name), text=name)])


def tag(repo: ArticleRepository, aid: str, *entities: Entity) -> list[Entity]:
    """What the tag stage does with an article's entities: unify, then store."""
    unified = unify(list(entities), repo.script_lookup)
    repo.replace_entities(aid, unified, published="2025-03-09")
    return unified


SPELLINGS = ["Sameh Shoukry", "سامح شكري", "Sameh Choukri"]


@pytest.mark.parametrize("order", [[0, 1, 2], [1, 0, 2], [2, 1, 0], [1, 2, 0]])
def test_one_id_whatever_the_arrival_order(moto_stack: MotoStack, order: list[int]) -> None:
    repo = ArticleRepository(moto_stack.table())
    ids = {tag(repo, f"a_{i}", person(SPELLINGS[i]))[0].id for i in order}
    assert len(ids) == 1
    entity = repo.get_entity(ids.pop())
    assert entity["article_count"] == 3
    assert "سامح شكري" in entity["names"]["arabic"]
    assert {"Sameh Shoukry", "Sameh Choukri"} <= set(entity["names"]["latin"])


def test_search_finds_the_person_in_either_script(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    (shoukry,) = tag(repo, "a_1", person("Sameh Shoukry", "Shoukry"))
    tag(repo, "a_2", person("سامح شكري", "شكري"))
    for query in ("شكري", "Choukri", "Shoukri", "سامح شكري", "Sameh Choukri"):
        found = repo.find_entities(query)
        assert [e["id"] for e in found] == [shoukry.id], query


def test_look_alikes_stay_apart(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    (sameh,) = tag(repo, "a_1", person("Sameh Shoukry"))
    (mahmoud,) = tag(repo, "a_2", person("Mahmoud Shukri"))
    (mahmoud_ar,) = tag(repo, "a_3", person("محمود شكري"))
    (sami,) = tag(repo, "a_4", person("Sami Shoukry"))
    assert len({sameh.id, mahmoud.id, sami.id}) == 3
    assert mahmoud_ar.id == mahmoud.id
    (mohamed,) = tag(repo, "a_5", person("محمد شكري"))
    assert mohamed.id not in {sameh.id, mahmoud.id, sami.id}


def test_french_and_english_spellings_within_one_article(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    out = tag(repo, "a_1", person("Kaïs Saïed"), person("Kais Saied"), person("قيس سعيد"))
    assert len(out) == 1 and len(out[0].mentions) == 3
