"""The embedded stack's TransactWriteItems patch (articles_tools.local.stack.speed_up_moto):
moto answers exactly as before, a cancelled transaction leaves every item as it was, and no
table is deep-copied any more."""

from __future__ import annotations

import copy
from typing import Any

import boto3
import pytest
from articles_tools.local.stack import speed_up_moto
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.dynamodb.models.table import Table


@pytest.fixture
def ddb() -> Any:
    speed_up_moto()
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(TableName="t", BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                                  {"AttributeName": "sk", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                       {"AttributeName": "sk", "KeyType": "RANGE"}])
        client.create_table(TableName="h", BillingMode="PAY_PER_REQUEST",
                            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}])
        client.put_item(TableName="t", Item={"pk": {"S": "E"}, "sk": {"S": "1"}, "n": {"N": "1"}})
        client.put_item(TableName="h", Item={"id": {"S": "x"}, "v": {"S": "old"}})
        yield client


def items(client: Any) -> dict[str, list[dict[str, Any]]]:
    return {name: sorted((i for i in client.scan(TableName=name)["Items"]), key=str) for name in ("t", "h")}


def test_a_cancelled_transaction_leaves_every_item_as_it_was(ddb: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    copied: list[str] = []
    real = copy.deepcopy

    def spy(obj: Any, memo: Any = None) -> Any:
        if isinstance(obj, Table):
            copied.append(obj.name)
        return real(obj, memo)

    monkeypatch.setattr(copy, "deepcopy", spy)
    before = items(ddb)
    actions = [
        {"Put": {"TableName": "t", "Item": {"pk": {"S": "A"}, "sk": {"S": "new"}}}},  # a new item
        {"Update": {"TableName": "t", "Key": {"pk": {"S": "E"}, "sk": {"S": "1"}},  # a changed item
                    "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}},
        {"Delete": {"TableName": "h", "Key": {"id": {"S": "x"}}}},  # a removed item, hash-only table
        {"Put": {"TableName": "h", "Item": {"id": {"S": "y"}},
                 "ConditionExpression": "attribute_exists(id)"}},  # fails: cancels all four
    ]
    with pytest.raises(ClientError) as err:
        ddb.transact_write_items(TransactItems=actions)
    assert err.value.response["Error"]["Code"] == "TransactionCanceledException"
    reasons = [r["Code"] for r in err.value.response["CancellationReasons"]]
    assert reasons == ["None", "None", "None", "ConditionalCheckFailed"]
    assert items(ddb) == before
    assert copied == []  # no whole table copied

    ddb.transact_write_items(TransactItems=actions[:3])  # the same without the failing action
    after = items(ddb)
    assert {"pk": {"S": "A"}, "sk": {"S": "new"}} in after["t"]
    assert {"pk": {"S": "E"}, "sk": {"S": "1"}, "n": {"N": "2"}} in after["t"]
    assert after["h"] == []
    assert copied == []


def test_a_malformed_transaction_is_refused_as_moto_refuses_it(ddb: Any) -> None:
    twice = {"Update": {"TableName": "t", "Key": {"pk": {"S": "E"}, "sk": {"S": "1"}},
                        "UpdateExpression": "ADD n :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}
    with pytest.raises(ClientError) as err:  # the same item twice
        ddb.transact_write_items(TransactItems=[twice, twice])
    assert err.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError):  # an unknown table
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "nope", "Item": {"id": {"S": "1"}}}}])
    assert items(ddb)["t"] == [{"pk": {"S": "E"}, "sk": {"S": "1"}, "n": {"N": "1"}}]
