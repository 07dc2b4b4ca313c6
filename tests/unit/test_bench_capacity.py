"""bench: write and read units booked to each GSI (awscalls) and the provisioned floor that
only idle capacity adds (cost.capacity_floor)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from bench import cost, run
from bench.awscalls import ACCOUNT, CallMeter, TableSchema

SCHEMA = TableSchema(("pk", "sk"), {"byday": (("day", "at"), "ALL"), "bysrc": (("src",), "KEYS_ONLY")})


@pytest.fixture
def metered() -> Iterator[tuple[Any, CallMeter]]:
    with mock_aws():
        session = boto3.session.Session(region_name="us-east-1")
        meter = CallMeter({"T": SCHEMA})
        meter.install(session)
        client = session.client("dynamodb")
        client.create_table(
            TableName="T",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "day", "at", "src")],
            GlobalSecondaryIndexes=[
                {"IndexName": "byday", "Projection": {"ProjectionType": "ALL"},
                 "KeySchema": [{"AttributeName": "day", "KeyType": "HASH"}, {"AttributeName": "at", "KeyType": "RANGE"}]},
                {"IndexName": "bysrc", "Projection": {"ProjectionType": "KEYS_ONLY"},
                 "KeySchema": [{"AttributeName": "src", "KeyType": "HASH"}]},
            ],
            BillingMode="PAY_PER_REQUEST",
        )
        assert session.client("sts").get_caller_identity()["Account"] == ACCOUNT
        yield client, meter


def test_writes_and_index_reads_are_booked_to_each_gsi(metered: tuple[Any, CallMeter]) -> None:
    client, meter = metered
    big = "x" * 1500  # the item is 2 KB: 2 units on the table and on the ALL index
    with meter.stage("s"):
        client.put_item(TableName="T", Item={"pk": {"S": "a"}, "sk": {"S": "A"}, "day": {"S": "d"},
                                             "at": {"S": "1"}, "src": {"S": "s3://k"}, "body": {"S": big}})
        # not in either index (no index key): the table's units only
        client.put_item(TableName="T", Item={"pk": {"S": "b"}, "sk": {"S": "A"}})
        # a non-key attribute: the ALL index copies the item again, the KEYS_ONLY index does not
        client.update_item(TableName="T", Key={"pk": {"S": "a"}, "sk": {"S": "A"}},
                           UpdateExpression="SET note = :n", ExpressionAttributeValues={":n": {"S": "ok"}})
        client.query(TableName="T", IndexName="byday", KeyConditionExpression="#d = :d",
                     ExpressionAttributeNames={"#d": "day"}, ExpressionAttributeValues={":d": {"S": "d"}})
        client.get_item(TableName="T", Key={"pk": {"S": "b"}, "sk": {"S": "A"}})
    ops = meter.per_op("s")
    put, update, query = ops["dynamodb.PutItem"], ops["dynamodb.UpdateItem"], ops["dynamodb.Query"]
    assert put.wru == 2 + 2 + 1 + 1  # item a (table + byday), its bysrc keys, item b
    assert put.gsi_wru == {"byday": 2.0, "bysrc": 1.0}
    assert update.wru == 4 and update.gsi_wru == {"byday": 2.0}
    assert query.rru == 0.5 and query.gsi_rru == {"byday": 0.5}
    assert ops["dynamodb.GetItem"].gsi_rru == {}
    per_table = meter.per_table("s")["T"]
    total = per_table["dynamodb.PutItem"]
    total.add(per_table["dynamodb.UpdateItem"])
    assert total.gsi_wru == {"byday": 4.0, "bysrc": 1.0}


def test_capacity_use_splits_a_table_from_its_indexes() -> None:
    per_article = {"by_table": {
        "ArticlesTable": {"wru": 10.0, "rru": 6.0, "by_index": {"gsi1": {"wru": 3.0, "rru": 0.0},
                                                                 "gsi2": {"wru": 1.0, "rru": 0.5}}},
        "IndexTable": {"wru": 18.0, "rru": 20.0, "by_index": {}},
    }}
    assert run.capacity_use(per_article) == {
        "ArticlesTable": (6.0, 5.5), "ArticlesTable/gsi1": (3.0, 0.0), "ArticlesTable/gsi2": (1.0, 0.5),
        "IndexTable": (18.0, 20.0),
    }


def _stage(use: dict[str, tuple[float, float]]) -> cost.StageInput:
    return cost.StageInput(memory_mb=512, compute_ms=10.0, calls={}, wru=1.0, rru=1.0, capacity_use=use)


def test_the_floor_adds_only_the_capacity_traffic_leaves_idle() -> None:
    per_day = 86_400.0  # one article a second: a target is busy above floor * utilisation units per article
    unit_hour = (cost.DDB_WCU_HOUR, cost.DDB_RCU_HOUR)
    per_million = 1e6 / (per_day / 24)

    def floor(**stages: cost.StageInput) -> float:
        return cost.capacity_floor("provisioned", stages, per_day)

    idle = floor()  # nothing measured: every target keeps its whole floor, reads and writes
    assert idle == pytest.approx(4 * 5 * sum(unit_hour) * per_million)
    busy = 5 * cost.PROVISIONED_UTILISATION + 1  # more than the floor pays for, on reads and writes
    all_busy = {t: (busy, busy) for t in cost.CAPACITY_TARGETS}
    assert floor(a=_stage(all_busy)) == 0.0
    # one index's writes at half the floor: half its write floor is idle; the rest is the same
    half = 2.5 * cost.PROVISIONED_UTILISATION
    use = {**all_busy, "ArticlesTable/gsi2": (half, busy)}
    assert floor(a=_stage(use)) == pytest.approx(2.5 * cost.DDB_WCU_HOUR * per_million)
    # the stages' traffic on one target adds up; a name that is not a target changes nothing
    split = {**all_busy, "ArticlesTable/gsi2": (half / 2, busy)}
    assert floor(a=_stage(split), b=_stage({"ArticlesTable/gsi2": (half / 2, 0.0), "Other": (0.0, 0.0)})) == (
        pytest.approx(2.5 * cost.DDB_WCU_HOUR * per_million)
    )
    assert cost.capacity_floor("on-demand", {"a": _stage(use)}, per_day) == 0.0
