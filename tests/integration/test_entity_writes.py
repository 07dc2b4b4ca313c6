"""What tagging an article writes for its entities (moto): its links in one batch and its
LINKS record, nothing for an entity the table already knows under every name, the lookup items
of a new name before the name itself; counts read from the links stay exact under replays,
crashes, concurrent deliveries and an entity removed as unused at the same moment."""

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


def _count_links(repo: ArticleRepository, eid: str) -> int:
    """The entity's link items, read directly (get_entity hides an entity with none)."""
    return len(repo.table.query(KeyConditionExpression="pk = :pk AND begins_with(sk, :l)",
                                ExpressionAttributeValues={":pk": f"ENT#{eid}", ":l": "L#"})["Items"])


def test_a_known_entity_costs_no_entity_or_lookup_write(moto_stack: MotoStack,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    calls = Calls(repo, monkeypatch)
    repo.replace_entities("a_2", [shoukry()], published="2024-05-02")
    assert calls.updates("ENT#") == [] and calls.updates("XS#") == []
    assert calls.puts("ALIAS#") == [] and calls.puts("SOUND#") == []
    # the new link (batched), then the article's LINKS record: no transaction, no shared item
    assert [op for op, _ in calls.seen] == ["batch_write_item", "put_item"]
    assert calls.puts("ENT#") == [f"ENT#{EID}"]
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
    assert [op for op, _ in calls.seen] == ["batch_write_item", "put_item"]
    (link,) = repo.entity_links("a_1")
    assert link["mention_count"] == 2 and link["salience"] == 0.75 and _count(repo) == 1
    calls.seen.clear()
    repo.replace_entities("a_1", [more], published="2024-05-01", section="world")  # a new section
    assert [op for op, _ in calls.seen] == ["batch_write_item", "put_item"]
    assert repo.entity_links("a_1")[0]["section"] == "world"


def _interfere_before_links(repo: ArticleRepository, monkeypatch: pytest.MonkeyPatch,
                            meanwhile: Callable[[], None]) -> None:
    """Run ``meanwhile`` (other articles' writes) right before ``repo`` writes its links, after
    it read its LINKS record."""
    real = repo.client.batch_write_item
    done: list[bool] = []

    def interfere_then_write(**kwargs: Any) -> Any:
        if not done:
            done.append(True)
            meanwhile()
        return real(**kwargs)

    monkeypatch.setattr(repo.client, "batch_write_item", interfere_then_write)


def test_an_entity_forgotten_before_the_link_is_written_is_created_again(
        moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    """a_1 drops the entity's last link just before a_2 writes its own: the entity is removed
    whole; a_2, which reads the entity items after writing its links, creates it again."""
    other = ArticleRepository(moto_stack.table())  # another function instance
    other.replace_entities("a_1", [shoukry("Abu Karim")], published="2024-05-01")
    repo = ArticleRepository(moto_stack.table())
    _interfere_before_links(repo, monkeypatch,
                            lambda: other.replace_entities("a_1", [], published="2024-05-01"))
    repo.replace_entities("a_2", [shoukry("Abu Karim")], published="2024-05-02")
    assert _count(repo) == 1
    for query in ("Abu Karim", "Karim", "Shoukri", NAME):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query
    assert {"Shoukry", "Abu Karim"} <= set(repo.get_entity(EID)["aliases"])


def test_an_entity_forgotten_and_recreated_with_fewer_names_gets_the_missing_ones(
        moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    """Removed as unused, then created again by a third article that knows fewer names, both
    before a_2 writes its link: a_2 finds a name missing from the item and writes it again,
    lookup items first."""
    other = ArticleRepository(moto_stack.table())
    other.replace_entities("a_1", [shoukry("Abu Karim")], published="2024-05-01")
    repo = ArticleRepository(moto_stack.table())

    def forget_then_recreate() -> None:
        other.replace_entities("a_1", [], published="2024-05-01")
        other.replace_entities("a_3", [shoukry()], published="2024-05-03")

    _interfere_before_links(repo, monkeypatch, forget_then_recreate)
    repo.replace_entities("a_2", [shoukry("Abu Karim")], published="2024-05-02")
    assert _count(repo) == 2
    assert "Abu Karim" in repo.get_entity(EID)["aliases"]
    for query in ("Abu Karim", "Karim", NAME):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query
    raw = moto_stack.table().get_item(Key={"pk": f"ENT#{EID}", "sk": "E"})["Item"]
    assert {"Shoukry", "Abu Karim", NAME} <= set(raw["aliases"])


def test_a_removal_that_read_the_entity_before_a_new_name_gives_up(
        moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    """a_1's removal reads the entity item; a_2 links it with a new name before the removal
    commits: the removal's condition (the item as read) fails, it looks at the links again,
    finds a_2's and leaves the entity, with the new name, alone."""
    other = ArticleRepository(moto_stack.table())
    other.replace_entities("a_1", [shoukry()], published="2024-05-01")
    repo = ArticleRepository(moto_stack.table())
    real = other.table.get_item
    raced: list[bool] = []

    def read_then_link(**kwargs: Any) -> Any:
        out = real(**kwargs)
        if kwargs["Key"]["sk"] == "E" and not raced:
            raced.append(True)
            repo.replace_entities("a_2", [shoukry("Abu Samir")], published="2024-05-02")
        return out

    monkeypatch.setattr(other.table, "get_item", read_then_link)
    other.replace_entities("a_1", [], published="2024-05-01")
    assert raced and _count(repo) == 1
    assert "Abu Samir" in repo.get_entity(EID)["aliases"]
    for query in ("Abu Samir", "Shoukri", NAME):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query


def _wordy(i: int) -> Entity:
    """An entity whose link item is ~45 KB: 100 mentions of a long spelling."""
    name = f"Person{i:03d} " + "Abdelrahman-Benkirane " * 18
    mentions = [Mention(start=k * 500, end=k * 500 + len(name), text=name) for k in range(100)]
    return Entity(id=f"e_wordy{i:03d}", name=name.strip(), type="PER", aliases=[], mentions=mentions)


def test_an_article_with_many_large_links_is_read_kept_and_removed(moto_stack: MotoStack,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """30 links of ~45 KB (1.3 MB together, past what one Query returns): every link is
    listed, a replay writes none again, and removing them removes their entities."""
    repo = ArticleRepository(moto_stack.table())
    entities = [_wordy(i) for i in range(30)]
    repo.replace_entities("a_big", entities, published="2024-05-01")
    assert sorted(link["id"] for link in repo.entity_links("a_big")) == sorted(e.id for e in entities)
    assert all(link["mention_count"] == 100 for link in repo.entity_links("a_big"))

    calls = Calls(repo, monkeypatch)
    repo.replace_entities("a_big", entities, published="2024-05-01")  # a replay
    assert calls.seen == []  # nothing written: the LINKS record says every link is stored so
    assert all(int(repo.get_entity(e.id)["article_count"]) == 1 for e in entities[::7])

    last = entities[-1]
    assert [e["id"] for e in repo.find_entities(last.name)] == [last.id]
    repo.replace_entities("a_big", entities[:1], published="2024-05-01")
    assert [link["id"] for link in repo.entity_links("a_big")] == [entities[0].id]
    assert int(repo.get_entity(entities[0].id)["article_count"]) == 1
    # the rest were forgotten (a look-alike name may still find the first)
    assert last.id not in [e["id"] for e in repo.find_entities(last.name)]
    with pytest.raises(NotFound):
        repo.get_entity(last.id)
    assert "Item" not in moto_stack.table().get_item(Key={"pk": f"ENT#{last.id}", "sk": "E"})


def test_counts_past_one_query_page(moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entity whose links pass the 1 MB one Query page holds (moto enforces it too) is
    counted exactly by get_entity; a search, which reads one page, says its count is a floor."""
    repo = ArticleRepository(moto_stack.table())
    wordy = _wordy(0)
    for n in range(30):
        repo.replace_entities(f"a_{n:02d}", [wordy], published=f"2024-05-{n % 28 + 1:02d}")
    first_page = repo.table.query(KeyConditionExpression="pk = :pk AND begins_with(sk, :l)",
                                  ExpressionAttributeValues={":pk": f"ENT#{wordy.id}", ":l": "L#"})
    assert "LastEvaluatedKey" in first_page and len(first_page["Items"]) < 30  # two pages at least
    entity = repo.get_entity(wordy.id)
    assert entity["article_count"] == 30 and entity["article_count_exact"] is True
    (found,) = repo.find_entities(wordy.name)
    assert found["article_count"] == len(first_page["Items"]) and found["article_count_exact"] is False
    monkeypatch.setattr("articles.store.dynamo.COUNT_PAGES", 1)
    assert repo.get_entity(wordy.id)["article_count_exact"] is False


def test_a_crash_between_the_links_and_the_record_is_repaired_once(moto_stack: MotoStack,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Links are written before the article's LINKS record: a crash in between leaves links
    (counted: a count is the links there are) that the redelivered message writes again and
    records, once; a second delivery then writes nothing."""
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    libya = Entity(id="e_test00libya0000", name="Libya", type="LOC", mentions=[Mention(start=0, end=5, text="Libya")])
    with monkeypatch.context() as m:
        def crash(**_: Any) -> Any:
            raise ConnectionError("crash before the LINKS record")
        m.setattr(repo.client, "put_item", crash)
        with pytest.raises(ConnectionError):
            repo.replace_entities("a_1", [libya], published="2024-05-01")  # the text changed
    # until the redelivery: the new link is there (and counted), the one it replaces is not
    assert int(repo.get_entity(libya.id)["article_count"]) == 1 and _count_links(repo, EID) == 0
    repo.replace_entities("a_1", [libya], published="2024-05-01")
    calls = Calls(repo, monkeypatch)
    repo.replace_entities("a_1", [libya], published="2024-05-01")  # and a duplicate delivery
    assert calls.seen == []
    assert [link["id"] for link in repo.entity_links("a_1")] == [libya.id]
    assert int(repo.get_entity(libya.id)["article_count"]) == 1
    with pytest.raises(NotFound):  # its only article no longer names him: gone
        repo.get_entity(EID)


@pytest.mark.parametrize("now_linked", ["libya", "nothing"])
def test_a_crash_before_an_unlinked_entity_is_removed_is_finished_by_the_retry(
        moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch, now_linked: str) -> None:
    """The entities an article stops linking stay listed on its LINKS record until they have
    been looked at: a crash after the record, before the removal, leaves the redelivery to
    remove them (no entity stays in the index with no article), and then nothing to do."""
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    libya = Entity(id="e_test00libya0000", name="Libya", type="LOC", mentions=[Mention(start=0, end=5, text="Libya")])
    now = [libya] if now_linked == "libya" else []
    entity_key = {"pk": f"ENT#{EID}", "sk": "E"}
    record_key = {"pk": "ART#a_1", "sk": "LINKS"}
    with monkeypatch.context() as m:
        def crash(eid: str) -> None:
            raise ConnectionError("crash before the removal")
        m.setattr(repo, "_forget_if_unused", crash)
        with pytest.raises(ConnectionError):
            repo.replace_entities("a_1", now, published="2024-05-01")
    assert "Item" in repo.table.get_item(Key=entity_key) and _count_links(repo, EID) == 0
    assert repo.table.get_item(Key=record_key)["Item"]["forget"] == [EID]
    repo.replace_entities("a_1", now, published="2024-05-01")  # the redelivery
    assert "Item" not in repo.table.get_item(Key=entity_key)
    assert [link["id"] for link in repo.entity_links("a_1")] == [e.id for e in now]
    record = repo.table.get_item(Key=record_key).get("Item")
    assert (record is None) if not now else ("forget" not in record)
    calls = Calls(repo, monkeypatch)
    repo.replace_entities("a_1", now, published="2024-05-01")  # a duplicate delivery
    assert calls.seen == []


def test_a_new_date_moves_every_link(moto_stack: MotoStack) -> None:
    """Links sort by the article's date: a corrected date rewrites them under the new key and
    deletes the old ones, so listings, first/last seen and counts follow."""
    repo = ArticleRepository(moto_stack.table())
    repo.replace_entities("a_1", [shoukry()], published="2024-05-01")
    repo.replace_entities("a_1", [shoukry()], published="2024-06-15T10:00:00+02:00")
    entity = repo.get_entity(EID, seen=True)
    assert entity["article_count"] == 1 and entity["first_seen"] == entity["last_seen"] == "2024-06-15"
    links = repo.table.query(KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": f"ENT#{EID}"})
    assert sorted(i["sk"] for i in links["Items"]) == ["E", "L#2024-06-15T08:00:00.000Z#a_1"]


def test_two_deliveries_of_one_article_at_once_leave_one_set_of_links(moto_stack: MotoStack,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Two runs of one article at the same moment: the second commits while the first is
    between its links and its LINKS record; the first's record write then fails on the
    version, reads the record again, writes its links again and deletes the second's. The
    table holds exactly the links its record names."""
    first, second = ArticleRepository(moto_stack.table()), ArticleRepository(moto_stack.table())
    libya = Entity(id="e_test00libya0000", name="Libya", type="LOC", mentions=[Mention(start=0, end=5, text="Libya")])
    real = first.client.put_item
    raced: list[bool] = []

    def interleaved(**kwargs: Any) -> Any:
        if not raced and kwargs["Item"]["sk"] == "LINKS":
            raced.append(True)
            second.replace_entities("a_1", [libya], published="2024-05-01")
        return real(**kwargs)

    monkeypatch.setattr(first.client, "put_item", interleaved)
    first.replace_entities("a_1", [shoukry()], published="2024-05-01")
    assert raced and _count(first) == 1
    record = moto_stack.table().get_item(Key={"pk": "ART#a_1", "sk": "LINKS"})["Item"]
    assert list(record["links"]) == [EID] and int(record["v"]) == 2
    assert [link["id"] for link in first.entity_links("a_1")] == [EID]
    assert first.find_entities("Libya") == []


def test_an_entity_linked_while_it_is_being_forgotten_comes_back(moto_stack: MotoStack,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """a_1 drops the entity's last link and finds it unused; before its removal commits, a_2
    links it (and, checking after its link, still sees the item). The removal's second look
    at the links finds a_2's and puts the entity back, whole."""
    other = ArticleRepository(moto_stack.table())
    other.replace_entities("a_1", [shoukry("Abu Karim")], published="2024-05-01")
    repo = ArticleRepository(moto_stack.table())
    real = other.client.transact_write_items
    raced: list[bool] = []

    def link_meanwhile(**kwargs: Any) -> Any:
        if not raced:
            raced.append(True)
            repo.replace_entities("a_2", [shoukry("Abu Karim")], published="2024-05-02")
        return real(**kwargs)

    monkeypatch.setattr(other.client, "transact_write_items", link_meanwhile)
    other.replace_entities("a_1", [], published="2024-05-01")
    assert raced and _count(repo) == 1
    for query in ("Abu Karim", "Karim", "Shoukri", NAME):
        assert [e["id"] for e in repo.find_entities(query)] == [EID], query
