"""articles.store.batch: chunking, retry with backoff, and unprocessed work raised, never dropped.

Moto's DynamoDB for the real round trip; a botocore ``Stubber`` for what moto never does (hand
back ``UnprocessedKeys`` / ``UnprocessedItems``, throttle).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from articles.errors import BatchIncomplete, TransientError
from articles.models import Entity
from articles.store import batch
from articles.store.batch import BATCH_GET_MAX, BATCH_WRITE_MAX, Retry
from articles.store.dynamo import ArticleRepository
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from moto import mock_aws

TABLE = "batch-test"


class Sleeps:
    """Records the waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def no_jitter_retry(attempts: int = 4) -> tuple[Retry, Sleeps]:
    sleeps = Sleeps()
    return Retry(attempts=attempts, base=0.05, cap=1.0, sleep=sleeps, jitter=lambda: 1.0), sleeps


@pytest.fixture
def table() -> Iterator[Any]:
    with mock_aws():
        ddb = boto3.resource("dynamodb", region_name="us-east-1")
        t = ddb.create_table(
            TableName=TABLE,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        yield t


def stubbed_client() -> Any:
    """A plain client (no moto): every response is queued on its Stubber by the test."""
    return boto3.client(
        "dynamodb", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )


# ---------------------------------------------------------------------------------- moto
def test_write_then_get_round_trip_in_chunks(table: Any) -> None:
    client = table.meta.client
    calls: list[str] = []
    sizes: list[int] = []

    def spy(params: dict[str, Any], **_: Any) -> None:
        sizes.extend(len(reqs) for reqs in params["RequestItems"].values())

    client.meta.events.register("provide-client-params.dynamodb.BatchWriteItem", spy)
    written: list[Any] = []
    requests = [{"PutRequest": {"Item": {"pk": f"A#{i}", "sk": "x", "n": i}}} for i in range(60)]
    batch.batch_write(client, TABLE, requests, on_call=calls.append, on_written=written.append)
    assert sizes == [25, 25, 10] and max(sizes) <= BATCH_WRITE_MAX
    assert len(written) == 60

    keys = [{"pk": f"A#{i}", "sk": "x"} for i in range(150)]  # 90 of them missing
    keys += keys[:5]  # duplicates are asked once (DynamoDB rejects them in one request)
    read: list[tuple[int, int]] = []
    items = batch.batch_get(client, TABLE, keys, on_call=calls.append, on_read=lambda i, k: read.append((len(i), k)))
    assert sorted(int(i["n"]) for i in items) == list(range(60))
    assert [k for _, k in read] == [BATCH_GET_MAX, 50]
    assert calls == ["BatchWriteItem"] * 3 + ["BatchGetItem"] * 2


def test_deletes_and_projection(table: Any) -> None:
    client = table.meta.client
    batch.batch_write(client, TABLE, [{"PutRequest": {"Item": {"pk": f"D#{i}", "sk": "x", "a": 1, "b": 2}}} for i in range(3)])
    batch.batch_write(client, TABLE, [{"DeleteRequest": {"Key": {"pk": "D#0", "sk": "x"}}}])
    items = batch.batch_get(client, TABLE, [{"pk": f"D#{i}", "sk": "x"} for i in range(3)], projection="pk, a")
    assert sorted(i["pk"] for i in items) == ["D#1", "D#2"]
    assert all(set(i) == {"pk", "a"} for i in items)


def test_article_repository_get_articles_uses_the_helper(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """get_articles used to give up after 8 tries and return what it had: now it raises."""
    repo = ArticleRepository(table, retry=Retry(attempts=3, sleep=lambda _s: None))
    batch.batch_write(
        table.meta.client, TABLE, [{"PutRequest": {"Item": {"pk": f"ART#a{i}", "sk": "A", "id": f"a{i}"}}} for i in range(3)]
    )
    assert [a["id"] for a in repo.get_articles(["a2", "a0", "zz", "a2"])] == ["a2", "a0"]

    def stuck(**kwargs: Any) -> Any:
        return {"Responses": {TABLE: []}, "UnprocessedKeys": kwargs["RequestItems"]}

    monkeypatch.setattr(repo.client, "batch_get_item", stuck)
    with pytest.raises(BatchIncomplete) as err:
        repo.get_articles(["a0", "a1"])
    assert len(err.value.unprocessed) == 2


def _lookup_items(table: Any) -> set[tuple[str, str]]:
    items = table.scan()["Items"]
    return {(str(i["pk"]), str(i["sk"])) for i in items if str(i["pk"]).startswith(("ENT#", "ALIAS#", "SOUND#"))}


def test_article_repository_entity_writes_use_the_helper(table: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """replace_entities' links and alias items go through the helper (boto3's batch_writer
    resent unprocessed items without backoff): handed back once, they are retried after a
    wait; handed back every time, they are raised, and the article's links are not recorded."""
    retry, sleeps = no_jitter_retry(attempts=3)
    repo = ArticleRepository(table, retry=retry)
    write = repo.client.batch_write_item
    handed_back: list[int] = []

    def once_unprocessed(**kwargs: Any) -> Any:
        if not handed_back:
            handed_back.append(len(kwargs["RequestItems"][TABLE]))
            return {"UnprocessedItems": kwargs["RequestItems"]}
        return write(**kwargs)

    monkeypatch.setattr(repo.client, "batch_write_item", once_unprocessed)
    shoukry = Entity(id="e_1", name="Sameh Shoukri", type="PER", aliases=["Sameh Shoukry"])
    repo.replace_entities("a1", [shoukry], published="2024-03-04")
    assert handed_back == [1] and sleeps.waits == [0.05]  # the link (then 4 names, 2 family names, 2 sound keys)
    assert {("ALIAS#sameh shoukri", "ENT#e_1"), ("ALIAS#sameh shoukry", "ENT#e_1"), ("ALIAS#shoukri", "ENT#e_1"),
            ("ENT#e_1", "E")} <= _lookup_items(table)
    assert [f["id"] for f in repo.find_entities("Shoukri")] == ["e_1"]

    monkeypatch.setattr(repo.client, "batch_write_item",
                        lambda **kwargs: {"UnprocessedItems": kwargs["RequestItems"]})
    with pytest.raises(BatchIncomplete) as err:
        repo.replace_entities("a2", [Entity(id="e_2", name="Cairo", type="LOC")], published="2024-03-05")
    assert [r["PutRequest"]["Item"]["sk"] for r in err.value.unprocessed] == ["L#2024-03-05#a2"]
    assert repo.entity_links("a2") == []  # nothing recorded: the redelivered message does it all
    assert "Item" not in table.get_item(Key={"pk": "ART#a2", "sk": "LINKS"})


def test_an_entity_with_more_than_99_lookup_items_is_forgotten_whole(table: Any) -> None:
    """An entity's item and its first 99 alias items go in one transaction; the rest through
    the batch helper's deletes."""
    repo = ArticleRepository(table, retry=no_jitter_retry()[0])
    aliases = [f"Given Family{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(50)]
    repo.replace_entities("a1", [Entity(id="e_1", name="Given Family", type="PER", aliases=aliases)],
                          published="2024-03-04")
    assert len(_lookup_items(table)) > 100
    repo.replace_entities("a1", [], published="2024-03-04")
    assert _lookup_items(table) == set()


# ------------------------------------------------------------------------------ stubber
def test_unprocessed_keys_are_retried_with_backoff_then_returned() -> None:
    client = stubbed_client()
    retry, sleeps = no_jitter_retry()
    k1, k2 = {"pk": {"S": "1"}, "sk": {"S": "a"}}, {"pk": {"S": "2"}, "sk": {"S": "a"}}
    with Stubber(client) as stub:
        stub.add_response(
            "batch_get_item",
            {"Responses": {TABLE: [{**k1, "v": {"N": "1"}}]}, "UnprocessedKeys": {TABLE: {"Keys": [k2]}}},
            {"RequestItems": {TABLE: {"Keys": [k1, k2]}}},
        )
        stub.add_response(  # the retry asks for the unprocessed key only
            "batch_get_item",
            {"Responses": {TABLE: [{**k2, "v": {"N": "2"}}]}, "UnprocessedKeys": {}},
            {"RequestItems": {TABLE: {"Keys": [k2]}}},
        )
        items = batch.batch_get(client, TABLE, [k1, k2], retry=retry)
        stub.assert_no_pending_responses()
    assert [i["v"] for i in items] == [{"N": "1"}, {"N": "2"}]
    assert sleeps.waits == [0.05]


def test_unprocessed_keys_left_after_every_attempt_are_raised_not_dropped() -> None:
    client = stubbed_client()
    retry, sleeps = no_jitter_retry(attempts=4)
    k1, k2 = {"pk": {"S": "1"}, "sk": {"S": "a"}}, {"pk": {"S": "2"}, "sk": {"S": "a"}}
    with Stubber(client) as stub:
        stub.add_response(
            "batch_get_item",
            {"Responses": {TABLE: [{**k1}]}, "UnprocessedKeys": {TABLE: {"Keys": [k2]}}},
            {"RequestItems": {TABLE: {"Keys": [k1, k2]}}},
        )
        for _ in range(3):
            stub.add_response(
                "batch_get_item",
                {"Responses": {TABLE: []}, "UnprocessedKeys": {TABLE: {"Keys": [k2]}}},
                {"RequestItems": {TABLE: {"Keys": [k2]}}},
            )
        with pytest.raises(BatchIncomplete) as err:
            batch.batch_get(client, TABLE, [k1, k2], retry=retry)
        stub.assert_no_pending_responses()
    assert err.value.unprocessed == [k2]
    assert isinstance(err.value, TransientError)  # the queue redelivers the message
    assert sleeps.waits == [0.05, 0.1, 0.2]  # exponential; no wait after the last attempt


def test_unprocessed_items_left_after_every_attempt_are_raised() -> None:
    client = stubbed_client()
    retry, _ = no_jitter_retry(attempts=2)
    put1 = {"PutRequest": {"Item": {"pk": {"S": "1"}, "sk": {"S": "a"}}}}
    put2 = {"PutRequest": {"Item": {"pk": {"S": "2"}, "sk": {"S": "a"}}}}
    written: list[Any] = []
    with Stubber(client) as stub:
        stub.add_response(
            "batch_write_item", {"UnprocessedItems": {TABLE: [put2]}}, {"RequestItems": {TABLE: [put1, put2]}}
        )
        stub.add_response("batch_write_item", {"UnprocessedItems": {TABLE: [put2]}}, {"RequestItems": {TABLE: [put2]}})
        with pytest.raises(BatchIncomplete) as err:
            batch.batch_write(client, TABLE, [put1, put2], retry=retry, on_written=written.append)
        stub.assert_no_pending_responses()
    assert err.value.unprocessed == [put2]
    assert written == [put1]


def test_throttling_is_retried_then_a_transient_error() -> None:
    client = stubbed_client()
    retry, sleeps = no_jitter_retry(attempts=3)
    key = {"pk": {"S": "1"}, "sk": {"S": "a"}}
    with Stubber(client) as stub:
        stub.add_client_error("batch_get_item", "ProvisionedThroughputExceededException")
        stub.add_response("batch_get_item", {"Responses": {TABLE: [key]}})
        assert batch.batch_get(client, TABLE, [key], retry=retry) == [key]
        for _ in range(3):
            stub.add_client_error("batch_get_item", "ThrottlingException")
        with pytest.raises(TransientError, match="ThrottlingException"):
            batch.batch_get(client, TABLE, [key], retry=retry)
        stub.assert_no_pending_responses()
    assert sleeps.waits == [0.05, 0.05, 0.1]


def test_other_client_errors_are_not_retried() -> None:
    client = stubbed_client()
    with Stubber(client) as stub:
        stub.add_client_error("batch_write_item", "ValidationException")
        with pytest.raises(ClientError) as err:
            batch.batch_write(client, TABLE, [{"DeleteRequest": {"Key": {"pk": {"S": "1"}, "sk": {"S": "a"}}}}])
        stub.assert_no_pending_responses()
    assert not isinstance(err.value, TransientError)


def test_backoff_is_capped_full_jitter() -> None:
    retry = Retry(base=0.05, cap=0.3, jitter=lambda: 1.0)
    assert [retry.delay(n) for n in range(5)] == [0.05, 0.1, 0.2, 0.3, 0.3]
    half = Retry(base=0.05, cap=0.3, jitter=lambda: 0.5)
    assert half.delay(1) == pytest.approx(0.05)
    with pytest.raises(ValueError):
        Retry(attempts=0)


def test_a_link_digest_changes_with_any_value_or_type() -> None:
    from decimal import Decimal

    from articles.store.dynamo import _digest

    link = {"n": Decimal("3"), "s": Decimal("0.5"), "ok": True, "m": [{"start": Decimal("0"), "t": "x"}]}
    assert _digest(link) == _digest({"m": [{"t": "x", "start": Decimal("0.0")}], "ok": True, "s": Decimal("0.50"),
                                     "n": Decimal(3)})  # key order and number spelling do not matter
    assert len(_digest(link)) == 16
    for changed in ({**link, "ok": 1}, {**link, "n": "3"}, {**link, "m": [{"start": Decimal("0"), "t": "y"}]},
                    {**link, "m": []}, {k: v for k, v in link.items() if k != "ok"}, {**link, "s": Decimal("0.25")}):
        assert _digest(changed) != _digest(link), changed
