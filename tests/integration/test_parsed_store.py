"""Parsed articles: small ones compressed in their ArticlesTable item, large ones in the parsed
bucket (moto, resources from template.yaml)."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from articles.errors import NotFound
from articles.models import ParsedArticle
from articles.store.blobs import BlobStore
from articles_tools.infra import provision
from moto import mock_aws

KEY = "parsed/a_0123456789abcdef.json"


@pytest.fixture
def stores() -> Iterator[tuple[BlobStore, Any, Any, str]]:
    with mock_aws():
        session = boto3.Session(region_name="us-east-1")
        stack = provision(session)
        table = session.resource("dynamodb").Table(stack.names["ArticlesTable"])
        s3 = session.client("s3")
        bucket = stack.names["ParsedBucket"]
        store = BlobStore(s3, parsed_bucket=bucket, max_bytes=1 << 20, table=table, inline_max_bytes=2048)
        yield store, table, s3, bucket


def article(body: str) -> ParsedArticle:
    return ParsedArticle(title="Salloum crossing reopens", body=body, language="en")


def noise(n: int) -> str:
    """Text that does not compress below ``n`` / 2 bytes."""
    rng = random.Random(7)
    return "".join(rng.choice(string.ascii_letters + " ") for _ in range(n))


def in_s3(s3: Any, bucket: str) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_small_article_lives_in_the_table_only(stores: tuple[BlobStore, Any, Any, str]) -> None:
    store, table, s3, bucket = stores
    body = "Egypt and Libya agreed on Tuesday to reopen the Salloum crossing. " * 30  # 2 KB, compresses well
    store.put_parsed(KEY, "a_0123456789abcdef", article(body), {"bucket": "inbox", "key": "x.txt"})
    item = table.get_item(Key={"pk": f"PARSED#{KEY}", "sk": "P"})["Item"]
    assert len(bytes(item["z"].value)) < 2048 and "s3" not in item
    assert in_s3(s3, bucket) == []
    doc = store.get_parsed(KEY)
    assert doc["body"] == body and doc["id"] == "a_0123456789abcdef" and doc["source"]["key"] == "x.txt"


def test_large_article_goes_to_s3_and_moves_back_when_it_shrinks(stores: tuple[BlobStore, Any, Any, str]) -> None:
    store, table, s3, bucket = stores
    big = noise(6000)
    store.put_parsed(KEY, "a_0123456789abcdef", article(big), {})
    assert in_s3(s3, bucket) == [KEY]
    assert table.get_item(Key={"pk": f"PARSED#{KEY}", "sk": "P"})["Item"]["s3"] is True
    assert store.get_parsed(KEY)["body"] == big
    # overwritten by a short version: the table holds it and the S3 copy goes
    store.put_parsed(KEY, "a_0123456789abcdef", article("A one-line brief."), {})
    assert in_s3(s3, bucket) == []
    assert store.get_parsed(KEY)["body"] == "A one-line brief."
    # and large again: S3 holds it and the table item points there (no stale short version)
    store.put_parsed(KEY, "a_0123456789abcdef", article(big), {})
    assert store.get_parsed(KEY)["body"] == big


def test_delete_removes_whichever_copy_exists(stores: tuple[BlobStore, Any, Any, str]) -> None:
    store, table, s3, bucket = stores
    for body in ("A one-line brief.", noise(6000)):
        store.put_parsed(KEY, "a_0123456789abcdef", article(body), {})
        store.delete_parsed(KEY)
        assert "Item" not in table.get_item(Key={"pk": f"PARSED#{KEY}", "sk": "P"})
        assert in_s3(s3, bucket) == []
        with pytest.raises(NotFound):
            store.get_parsed(KEY)


def test_articles_written_before_the_table_held_bodies_are_read_from_s3(
    stores: tuple[BlobStore, Any, Any, str],
) -> None:
    store, _table, s3, bucket = stores
    s3.put_object(Bucket=bucket, Key=KEY, Body=b'{"id": "a_0123456789abcdef", "body": "old"}')
    assert store.get_parsed(KEY)["body"] == "old"
    store.delete_parsed(KEY)
    assert in_s3(s3, bucket) == []


def test_without_a_table_everything_goes_to_s3(stores: tuple[BlobStore, Any, Any, str]) -> None:
    _store, _table, s3, bucket = stores
    plain = BlobStore(s3, parsed_bucket=bucket, max_bytes=1 << 20)
    plain.put_parsed(KEY, "a_0123456789abcdef", article("A one-line brief."), {})
    assert in_s3(s3, bucket) == [KEY]
    assert plain.get_parsed(KEY)["body"] == "A one-line brief."
