"""Canonical entities in DynamoDB: shown under the spelling most articles use, article counts
and first/last seen exact whatever order articles arrive or leave in."""

from __future__ import annotations

from typing import Any

import pytest
from articles.models import Entity, Mention
from articles.store.dynamo import ArticleRepository

from tests.integration.conftest import MotoStack

EID = "e_test00shoukry00"


def _entity(name: str) -> Entity:
    return Entity(id=EID, name=name, type="PER", aliases=[name.split()[-1]],
                  mentions=[Mention(start=0, end=len(name), text=name)])


def _link(repo: ArticleRepository, aid: str, name: str | None, published: str) -> None:
    repo.replace_entities(aid, [_entity(name)] if name else [], published=published)


def test_most_used_spelling_wins_whatever_the_order(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukri", "2024-05-03")  # first seen under the rarer spelling
    _link(repo, "a_2", "Sameh Shoukry", "2024-05-01")
    _link(repo, "a_3", "Sameh Shoukry", "2024-05-02")
    entity = repo.get_entity(EID, seen=True)
    assert entity["name"] == "Sameh Shoukry" and entity["article_count"] == 3
    assert entity["first_seen"] == "2024-05-01" and entity["last_seen"] == "2024-05-03"
    assert {"Shoukri", "Shoukry"} <= set(entity["aliases"])


def test_respelling_and_unlinking_move_the_counts(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukri", "2024-05-01")
    _link(repo, "a_2", "Sameh Shoukri", "2024-05-02")
    _link(repo, "a_3", "Sameh Shoukry", "2024-05-03")
    assert repo.get_entity(EID)["name"] == "Sameh Shoukri"
    _link(repo, "a_2", "Sameh Shoukry", "2024-05-02")  # a re-parse now spells it the other way
    assert repo.get_entity(EID)["name"] == "Sameh Shoukry"
    _link(repo, "a_3", None, "2024-05-03")  # the newest article no longer mentions him
    entity = repo.get_entity(EID, seen=True)
    assert entity["article_count"] == 2 and entity["last_seen"] == "2024-05-02"
    # re-tagging the same article the same way changes nothing
    _link(repo, "a_1", "Sameh Shoukri", "2024-05-01")
    assert repo.get_entity(EID)["article_count"] == 2


def test_role_timeline_is_periods_most_recent_first(moto_stack: MotoStack) -> None:
    from articles.models import Role

    repo = ArticleRepository(moto_stack.table())

    def link(aid: str, published: str, title: str) -> None:
        entity = _entity("Sameh Shoukry").model_copy(update={"roles": [
            Role(title=title, nationality="Egyptian", date=published[:10])]})
        repo.replace_entities(aid, [entity], published=published)

    link("a_1", "2014-06-20", "Ambassador")
    link("a_2", "2015-03-02T10:00:00+02:00", "Foreign Minister")
    link("a_3", "2023-12-04", "Foreign Minister")
    link("a_4", "2014-01-05", "Ambassador")
    timeline = repo.role_timeline(EID)
    assert [(p["title"], p["first_seen"], p["last_seen"], p["articles"]) for p in timeline] == [
        ("Foreign Minister", "2015-03-02", "2023-12-04", 2),
        ("Ambassador", "2014-01-05", "2014-06-20", 2),
    ]
    assert timeline[0]["latest_article_id"] == "a_3"
    entity = repo.get_entity(EID, seen=True)
    assert (entity["first_seen"], entity["last_seen"]) == ("2014-01-05", "2023-12-04")


def test_another_transliteration_finds_a_person(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukry", "2024-05-01")  # no article spells it "Shoukri"
    for query in ("Shoukri", "Sameh Shoukri", "sameh shoukry", "Shouk"):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query
    assert repo.find_entities("Shakira") == []


def test_a_tie_between_spellings_does_not_depend_on_arrival_order(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukry", "2024-05-01")
    _link(repo, "a_2", "Sameh Shoukri", "2024-05-02")
    assert repo.get_entity(EID)["name"] == "Sameh Shoukri"  # alphabetical on a tie, though Shoukry came first


def _index_items(moto_stack: MotoStack) -> set[tuple[str, str]]:
    """Every entity, alias and sound-key item of the table."""
    items = moto_stack.table().scan()["Items"]
    return {(str(i["pk"]), str(i["sk"])) for i in items if str(i["pk"]).startswith(("ENT#", "ALIAS#", "SOUND#"))}


def test_an_entity_leaves_the_index_with_its_last_article(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukry", "2024-05-01")
    _link(repo, "a_2", "Sameh Shoukri", "2024-05-02")
    assert [e["id"] for e in repo.find_entities("Shoukri")] == [EID]
    _link(repo, "a_1", None, "2024-05-01")  # an overwrite that no longer mentions him
    assert [e["article_count"] for e in repo.find_entities("Shoukry")] == [1]
    repo.replace_entities("a_2", [], published=None)  # the last article goes (as a delete does)
    for query in ("Shoukri", "Shoukry", "Sameh Shoukry", "Shouk"):
        assert repo.find_entities(query) == [], query
    assert _index_items(moto_stack) == set(), "entity, ALIAS# and SOUND# items must all go"
    # and comes back whole when an article names him again
    _link(repo, "a_3", "Sameh Shoukry", "2024-05-03")
    (found,) = repo.find_entities("Shoukri")
    assert found["id"] == EID and found["article_count"] == 1 and found["name"] == "Sameh Shoukry"


def test_deleting_an_article_through_the_pipeline_hides_its_entities(moto_stack: MotoStack) -> None:
    repo = ArticleRepository(moto_stack.table())
    _link(repo, "a_1", "Sameh Shoukry", "2024-05-01")
    from articles.models import ParsedArticle

    repo.put_article("a_1", ParsedArticle(title="t", body="b", content_hash="h"), bucket="in", key="k",
                     parsed_key="p")
    repo.delete_article("a_1")
    status, doc = moto_stack.api("/entities?q=Shoukry")
    assert status == 200 and doc["items"] == []


def test_counts_stay_exact_when_a_write_is_retried(moto_stack: MotoStack, monkeypatch: Any) -> None:
    """The article's LINKS record is written (or deleted) but the answer is lost (a timeout):
    the retry of the whole message must not count the article twice, nor uncount it twice."""
    repo = ArticleRepository(moto_stack.table())
    lost = {"n": 0}

    def commit_then_fail(real: Any) -> Any:
        def call(**kwargs: Any) -> Any:
            out = real(**kwargs)
            if lost["n"] == 0 and (kwargs.get("Item") or kwargs.get("Key") or {}).get("sk") == "LINKS":
                lost["n"] += 1
                raise ConnectionError("response lost after commit")
            return out
        return call

    monkeypatch.setattr(repo.client, "put_item", commit_then_fail(repo.client.put_item))
    monkeypatch.setattr(repo.client, "delete_item", commit_then_fail(repo.client.delete_item))
    for step in (lambda: _link(repo, "a_1", "Sameh Shoukry", "2024-05-01"),
                 lambda: _link(repo, "a_1", "Sameh Shoukri", "2024-05-01"),
                 lambda: _link(repo, "a_2", "Sameh Shoukri", "2024-05-02")):
        lost["n"] = 0
        with pytest.raises(ConnectionError):
            step()
        step()  # the redelivered message
        step()  # and a duplicate delivery
    entity = repo.get_entity(EID)
    assert entity["article_count"] == 2 and entity["name"] == "Sameh Shoukri"
    for query in ("Shoukri", "Shoukry", "Sameh Shoukri"):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query
    lost["n"] = 0
    with pytest.raises(ConnectionError):
        _link(repo, "a_2", None, "2024-05-02")
    _link(repo, "a_2", None, "2024-05-02")
    assert repo.get_entity(EID)["article_count"] == 1


def _quotes(repo: ArticleRepository, article_id: str) -> list[dict[str, Any]]:
    return repo.links_and_quotes(article_id)[1]


def test_quotations_ride_in_the_links_record_and_a_replay_writes_nothing(moto_stack: MotoStack) -> None:
    table = moto_stack.table()
    repo = ArticleRepository(table)
    said = [{"text": "We will open the crossing" + " very soon" * 300, "start": 10, "end": 40,
             "speaker_id": EID, "speaker_name": "Sameh Shoukry"}]
    repo.replace_entities("a_1", [_entity("Sameh Shoukry")], published="2024-05-01", quotes=said)
    (quote,) = _quotes(repo, "a_1")
    assert quote["speaker_name"] == "Sameh Shoukry" and quote["start"] == 10
    assert quote["text"] == said[0]["text"][:2000]  # bounded, as every item
    items = table.scan()["Items"]  # a test may scan; the code never does
    assert not [i for i in items if i["sk"] == "QUOTES"]  # no item of their own

    writes: list[str] = []
    table.meta.client.meta.events.register("before-call.dynamodb.*", lambda model, **_: writes.append(model.name))
    repo.replace_entities("a_1", [_entity("Sameh Shoukry")], published="2024-05-01", quotes=said)  # a replay
    assert [w for w in writes if w not in ("GetItem", "BatchGetItem", "Query")] == []
    repo.replace_entities("a_1", [_entity("Sameh Shoukry")], published="2024-05-01", quotes=[])  # re-tagged
    assert _quotes(repo, "a_1") == [] and "PutItem" in writes


def test_quotations_kept_in_their_own_item_by_an_older_version_are_still_read(moto_stack: MotoStack) -> None:
    table = moto_stack.table()
    repo = ArticleRepository(table)
    repo.replace_entities("a_1", [_entity("Sameh Shoukry")], published="2024-05-01")
    table.update_item(Key={"pk": "ART#a_1", "sk": "LINKS"}, UpdateExpression="REMOVE q")  # as written before
    table.put_item(Item={"pk": "ART#a_1", "sk": "QUOTES", "quotes": [{"text": "Soon.", "speaker_name": "Sameh"}]})
    assert _quotes(repo, "a_1") == [{"text": "Soon.", "speaker_name": "Sameh"}]
    assert _quotes(repo, "a_2") == []
    table.put_item(Item={"pk": "ART#a_1", "sk": "A", "id": "a_1"})
    repo.delete_article("a_1")
    assert "Item" not in table.get_item(Key={"pk": "ART#a_1", "sk": "QUOTES"})
