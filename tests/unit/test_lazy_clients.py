"""AWS clients and tables are made on first use (issue #18: no botocore client in a Lambda's
init phase), once, even when the related index's write pool asks from several threads."""

from __future__ import annotations

import importlib
import threading
import time
from typing import Any

import boto3
import pytest
from articles import aws
from articles.config import Settings
from moto import mock_aws

FUNCTIONS = ["parse_article", "tag_entities", "find_related", "lookup_api"]


def settings() -> Settings:
    return Settings(inbox_bucket="inbox", parsed_bucket="parsed", articles_table="articles", index_table="index",
                    topic_arn="arn:aws:sns:us-east-1:123456789012:t", cursor_secret="s", region="us-east-1")


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records every boto3 client and resource made."""
    calls: list[str] = []
    real_client, real_resource = boto3.client, boto3.resource

    def client(service: str, **kwargs: Any) -> Any:
        calls.append(f"client:{service}")
        return real_client(service, **kwargs)

    def resource(service: str, **kwargs: Any) -> Any:
        calls.append(f"resource:{service}")
        return real_resource(service, **kwargs)

    monkeypatch.setattr(boto3, "client", client)
    monkeypatch.setattr(boto3, "resource", resource)
    return calls


@pytest.mark.parametrize("name", FUNCTIONS)
def test_building_a_handler_makes_no_client(made: list[str], name: str) -> None:
    module = importlib.import_module(f"functions.{name}.app")
    module.create_handler(settings())
    assert made == []


def test_a_table_is_made_at_its_first_call_and_once(made: list[str]) -> None:
    with mock_aws():
        real = boto3.resource("dynamodb", region_name="us-east-1")
        real.create_table(TableName="articles", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                          BillingMode="PAY_PER_REQUEST")
        made.clear()
        table = aws.table("articles", settings())
        client = table.meta.client
        assert table.name == "articles" and made == []
        client.put_item(TableName="articles", Item={"pk": "a"})  # the client proxy makes the table
        assert made == ["resource:dynamodb"]
        assert table.get_item(Key={"pk": "a"})["Item"] == {"pk": "a"}
        assert client.resolve() is table.resolve().meta.client
        assert made == ["resource:dynamodb"]


def test_concurrent_first_uses_make_one_object() -> None:
    count = 0

    def make() -> object:
        nonlocal count
        count += 1
        time.sleep(0.05)
        return object()

    lazy = aws.Lazy(make)
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(lazy.resolve())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert count == 1 and len({id(s) for s in seen}) == 1
