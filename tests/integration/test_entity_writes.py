"""What tagging an article writes for its entities (moto): nothing for an entity the table
already knows under every name, the lookup items of a new name before the name itself, and
exact counts when an entity is removed as unused between the read and the link's write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from articles.errors import NotFound
from articles.models import Entity, Mention
from articles.store.dynamo import ArticleRepository

from tests.integration.conftest import MotoStack

EID = "e_test00shoukry00"
NAME = "Sameh Shoukry"


def shoukry(*aliases: str, name: str = NAME) -> Entity:
    return Entity(id=EID, name=name, type="PER", aliases=[name.split()[-1], *aliases],
                  mentions=[Mention(start=0, end=len(name), text=name)])


class Calls:
    """The DynamoDB write requests a repository's client sends (operation, parameters)."""

    def __init__(self, repo: ArticleRepository, monkeypatch: pytest.MonkeyPatch) -> None:
        self.seen: list[tuple[str, dict[str, Any]]] = []
        for op in ("update_item", "put_item", "batch_write_item", "transact_write_items", "delete_item"):
            monkeypatch.setattr(repo.client, op, self._wrap(op, getattr(repo.client, op)))

    def _wrap(self, op: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(**kwargs: Any) -> Any:
            self.seen.append((op, kwargs))
            return real(**kwargs)
        return call

    def updates(self, prefix: str) -> list[dict[str, Any]]:
        """UpdateItem requests on items whose pk starts with ``prefix``."""
        return [kw for op, kw in self.seen if op == "update_item" and str(kw["Key"]["pk"]).startswith(prefix)]

    def puts(self, prefix: str) -> list[str]:
        """Keys (pk) of the items put in batches whose pk starts with ``prefix``."""
        return [str(r["PutRequest"]["Item"]["pk"]) for op, kw in self.seen if op == "batch_write_item"
                for requests in kw["RequestItems"].values() for r in requests
                if str(r["PutRequest"]["Item"]["pk"]).startswith(prefix)]


def _count(repo: ArticleRepository) -> int:
    return int(repo.get_entity(EID)["article_count"])


def test_a_known_entity_costs_no_entity_or_lookup_write(moto_stack: MotoStack,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    calls = Calls(repo, monkeypatch)
    repo.replace_entities("a_2", [shoukry()], published="2024-05-02")
    assert calls.updates("ENT#") == [] and calls.updates("XS#") == []
    assert calls.puts("ALIAS#") == [] and calls.puts("SOUND#") == []
    # the new link (batched), then its count with the article's COUNTED record (one transaction)
    assert [op for op, _ in calls.seen] == ["batch_write_item", "transact_write_items"]
    assert _count(repo) == 2
    assert [e["id"] for e in repo.find_entities("Shoukri")] == [EID]


def test_a_new_name_of_a_known_entity_is_written_with_its_lookup_items(
        moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    calls = Calls(repo, monkeypatch)
    repo.replace_entities("a_2", [shoukry("Abu Karim")], published="2024-05-02")
    (update,) = calls.updates("ENT#")
    assert update["Key"]["pk"] == f"ENT#{EID}"
    assert calls.updates("XS#"), "the new name's script keys"
    assert sorted(calls.puts("ALIAS#")) == ["ALIAS#abu karim", "ALIAS#karim"]  # only the new name
    assert [e["id"] for e in repo.find_entities("Abu Karim")] == [EID]
    assert "Abu Karim" in repo.get_entity(EID)["aliases"] and _count(repo) == 2


def test_a_crash_after_a_new_name_is_stored_leaves_it_findable(moto_stack: MotoStack,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The entity item learns a name only after the name's lookup items are written: the retry,
    which finds the name known and writes nothing for it, still leaves it findable."""
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    real = repo.client.update_item
    crashed: list[bool] = []

    def update_then_crash(**kwargs: Any) -> Any:
        out = real(**kwargs)
        if str(kwargs["Key"]["pk"]).startswith("ENT#") and not crashed:
            crashed.append(True)
            raise ConnectionError("the function died after the entity update")
        return out

    monkeypatch.setattr(repo.client, "update_item", update_then_crash)
    with pytest.raises(ConnectionError):
        repo.replace_entities("a_2", [shoukry("Abu Karim")], published="2024-05-02")
    repo.replace_entities("a_2", [shoukry("Abu Karim")], published="2024-05-02")  # redelivered
    assert [e["id"] for e in repo.find_entities("Abu Karim")] == [EID]
    assert [e["id"] for e in repo.find_entities("Karim")] == [EID]
    assert _count(repo) == 2


def test_a_replayed_message_writes_no_entity_and_counts_once(moto_stack: MotoStack,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry("Abu Karim")], published="2024-05-01")
    calls = Calls(repo, monkeypatch)
    for _ in range(2):
        repo.replace_entities("a_1", [shoukry("Abu Karim")], published="2024-05-01")
    assert calls.seen == [], "the links are stored exactly so: nothing to write"
    assert _count(repo) == 1


def test_a_link_that_changed_without_a_new_spelling_is_written_again(
        moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    calls = Calls(repo, monkeypatch)
    more = shoukry().model_copy(update={"mentions": [Mention(start=0, end=13, text=NAME),
                                                     Mention(start=40, end=47, text="Shoukry")],
                                       "salience": 0.75})
    repo.replace_entities("a_1", [more], published="2024-05-01")
    assert [op for op, _ in calls.seen] == ["batch_write_item"]
    (link,) = repo.entity_links("a_1")
    assert link["mention_count"] == 2 and link["salience"] == 0.75 and _count(repo) == 1
    calls.seen.clear()
    repo.replace_entities("a_1", [more], published="2024-05-01", section="world")  # a new section
    assert [op for op, _ in calls.seen] == ["batch_write_item"]
    assert repo.entity_links("a_1")[0]["section"] == "world"


def _interfere_after_read(repo: ArticleRepository, monkeypatch: pytest.MonkeyPatch,
                          meanwhile: Callable[[], None]) -> None:
    """Run ``meanwhile`` (another article's writes) right after ``repo`` reads the entity items."""
    real = repo.client.batch_get_item
    done: list[bool] = []

    def read_then_interfere(**kwargs: Any) -> Any:
        out = real(**kwargs)
        if not done:
            done.append(True)
            meanwhile()
        return out

    monkeypatch.setattr(repo.client, "batch_get_item", read_then_interfere)


def test_an_entity_forgotten_between_the_read_and_the_link_is_recreated(
        moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    other = ArticleRepository(moto_stack.table())  # another function instance
    other.replace_entities("a_1", [shoukry("Abu Karim")], published="2024-05-01")
    repo = ArticleRepository(moto_stack.table())
    # a_2 reads the entity as known under every name, then a_1 drops it: it is removed whole
    _interfere_after_read(repo, monkeypatch,
                          lambda: other.replace_entities("a_1", [], published="2024-05-01"))
    repo.replace_entities("a_2", [shoukry("Abu Karim")], published="2024-05-02")
    assert _count(repo) == 1
    for query in ("Abu Karim", "Karim", "Shoukri", NAME):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query
    assert {"Shoukry", "Abu Karim"} <= set(repo.get_entity(EID)["aliases"])


def test_an_entity_forgotten_and_recreated_with_fewer_names_gets_the_missing_ones(
        moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    """Removed as unused, then created again by a third article that knows fewer names, all
    between a_2's read and its link write: the link's count update, which requires every
    name of a_2's entity on the item, fails, and the names are written again first."""
    other = ArticleRepository(moto_stack.table())
    other.replace_entities("a_1", [shoukry("Abu Karim")], published="2024-05-01")
    repo = ArticleRepository(moto_stack.table())

    def forget_then_recreate() -> None:
        other.replace_entities("a_1", [], published="2024-05-01")
        other.replace_entities("a_3", [shoukry()], published="2024-05-03")

    _interfere_after_read(repo, monkeypatch, forget_then_recreate)
    repo.replace_entities("a_2", [shoukry("Abu Karim")], published="2024-05-02")
    assert _count(repo) == 2
    assert "Abu Karim" in repo.get_entity(EID)["aliases"]
    for query in ("Abu Karim", "Karim", NAME):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query
    raw = moto_stack.table().get_item(Key={"pk": f"ENT#{EID}", "sk": "E"})["Item"]
    assert raw[f"name#{NAME}"] == 2


def _wordy(i: int) -> Entity:
    """An entity whose link item is ~45 KB: 100 mentions of a long spelling."""
    name = f"Person{i:03d} " + "Abdelrahman-Benkirane " * 18
    mentions = [Mention(start=k * 500, end=k * 500 + len(name), text=name) for k in range(100)]
    return Entity(id=f"e_wordy{i:03d}", name=name.strip(), type="PER", aliases=[], mentions=mentions)


def test_links_past_one_query_page_are_all_read_kept_and_removed(moto_stack: MotoStack,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """An article whose link items pass the 1 MB one Query returns (moto enforces it too):
    every link is listed, a re-tag writes none again, and removing them fixes every count."""
    repo = ArticleRepository(moto_stack.table())
    entities = [_wordy(i) for i in range(30)]
    repo.replace_entities("a_big", entities, published="2024-05-01")
    first_page = repo.table.query(KeyConditionExpression="pk = :pk AND begins_with(sk, :ent)",
                                  ExpressionAttributeValues={":pk": "ART#a_big", ":ent": "ENT#"})
    assert "LastEvaluatedKey" in first_page and len(first_page["Items"]) < 30  # two pages at least
    assert sorted(link["id"] for link in repo.entity_links("a_big")) == sorted(e.id for e in entities)

    calls = Calls(repo, monkeypatch)
    repo.replace_entities("a_big", entities, published="2024-05-01")  # a replay
    assert calls.seen == []  # nothing written: every stored link was found, none rewritten
    assert all(int(repo.get_entity(e.id)["article_count"]) == 1 for e in entities[::7])

    last = entities[-1]
    assert [e["id"] for e in repo.find_entities(last.name)] == [last.id]
    repo.replace_entities("a_big", entities[:1], published="2024-05-01")
    assert [link["id"] for link in repo.entity_links("a_big")] == [entities[0].id]
    assert int(repo.get_entity(entities[0].id)["article_count"]) == 1
    # the rest were forgotten, on the later page too (a look-alike name may still find the first)
    assert last.id not in [e["id"] for e in repo.find_entities(last.name)]
    with pytest.raises(NotFound):
        repo.get_entity(last.id)


def test_a_crash_between_the_links_and_their_counts_counts_once(moto_stack: MotoStack,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Links are written before the count transaction: a crash in between leaves links whose
    counts the redelivered message must add, once."""
    repo = ArticleRepository(moto_stack.table())
    with monkeypatch.context() as m:
        def crash(**_: Any) -> Any:
            raise ConnectionError("crash before the count transaction")
        m.setattr(repo.client, "transact_write_items", crash)
        with pytest.raises(ConnectionError):
            repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    assert [link["id"] for link in repo.entity_links("a_1")] == [EID]  # the link is there
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")  # and a duplicate delivery
    assert _count(repo) == 1
    entity = repo.get_entity(EID)
    assert entity["name"] == NAME


def test_an_article_counted_link_by_link_keeps_its_counts_when_tagged_again(moto_stack: MotoStack) -> None:
    """An article tagged before the COUNTED record existed: its links stood for their counts
    one by one. Tagged again (with a crash on the way), every count stays exact."""
    repo = ArticleRepository(moto_stack.table())
    table = moto_stack.table()
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    # as the earlier version left it: a link without counted_by, no COUNTED record
    link = table.get_item(Key={"pk": "ART#a_1", "sk": f"ENT#{EID}"})["Item"]
    del link["counted_by"]
    table.put_item(Item=link)
    table.delete_item(Key={"pk": "ART#a_1", "sk": "COUNTED"})
    other = Entity(id="e_test00libya0000", name="Libya", type="LOC",
                   mentions=[Mention(start=0, end=5, text="Libya")])
    repo.replace_entities("a_1", [shoukry(), other], published="2024-05-01")
    repo.replace_entities("a_1", [shoukry(), other], published="2024-05-01")
    assert _count(repo) == 1
    assert int(repo.get_entity(other.id)["article_count"]) == 1
    record = table.get_item(Key={"pk": "ART#a_1", "sk": "COUNTED"})["Item"]
    assert record["links"] == {EID: NAME, other.id: "Libya"}
    # and the article goes: its counts, links and record with it
    repo.replace_entities("a_1", [], published=None)
    assert repo.entity_links("a_1") == []
    assert "Item" not in table.get_item(Key={"pk": "ART#a_1", "sk": "COUNTED"})
    with pytest.raises(NotFound):
        repo.get_entity(EID)


def test_two_deliveries_of_one_article_at_once_count_it_once(moto_stack: MotoStack,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A message delivered twice, the copies handled at the same moment: the second commits
    while the first is between its read of COUNTED and its transaction; the first's
    transaction then fails on the record's version, reads it again and finds nothing left."""
    first, second = ArticleRepository(moto_stack.table()), ArticleRepository(moto_stack.table())
    real = first.client.transact_write_items
    raced: list[bool] = []

    def interleaved(**kwargs: Any) -> Any:
        if not raced:
            raced.append(True)
            second.replace_entities("a_1", [shoukry()], published="2024-05-01")
        return real(**kwargs)

    monkeypatch.setattr(first.client, "transact_write_items", interleaved)
    first.replace_entities("a_1", [shoukry()], published="2024-05-01")
    assert raced and _count(first) == 1
    record = moto_stack.table().get_item(Key={"pk": "ART#a_1", "sk": "COUNTED"})["Item"]
    assert record["links"] == {EID: NAME} and int(record["v"]) == 1
