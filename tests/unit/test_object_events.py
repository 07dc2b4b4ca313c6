import json

import pytest
from articles.pipeline import object_events

from tests.conftest import load_event


def bodies(name: str) -> list[str]:
    return [r["body"] for r in load_event(name)["Records"]]


def test_s3_test_event_yields_nothing() -> None:
    assert [e for b in bodies("parse_article/s3-test-event.json") for e in object_events(b)] == []


def test_put_event_decodes_bucket_key_and_sequencer() -> None:
    (event,) = object_events(bodies("parse_article/s3-put.json")[0])
    assert event.bucket == "articles-inbox-bucket"
    assert event.key == "2023/12/libya-egypt-chiefs.txt"
    assert event.sequencer == "0065A1B2C3D4E5F601"
    assert not event.removed


def test_key_with_spaces_unicode_and_plus_is_decoded_with_unquote_plus() -> None:
    (event,) = object_events(bodies("parse_article/s3-put-unicode-key.json")[0])
    assert event.key == "wire/Sisi meets Haftar – café talks (draft) +1.txt"


def test_delete_event_is_a_removal() -> None:
    (event,) = object_events(bodies("parse_article/s3-delete.json")[0])
    assert event.removed and event.key == "2023/12/libya-egypt-chiefs.txt"


@pytest.mark.parametrize(
    ("encoded", "decoded"),
    [("a%2Fb+c.txt", "a/b c.txt"), ("a/b%20c.txt", "a/b c.txt"), ("caf%C3%A9.txt", "café.txt")],
)
def test_moto_aws_and_sam_key_encodings(encoded: str, decoded: str) -> None:
    body = json.dumps({"Records": [{"eventName": "ObjectCreated:Put",
                                    "s3": {"bucket": {"name": "b"}, "object": {"key": encoded}}}]})
    assert [e.key for e in object_events(body)] == [decoded]


def test_eventbridge_shape_keys_arrive_unencoded() -> None:
    body = json.dumps({"source": "aws.s3", "detail-type": "Object Created",
                       "detail": {"bucket": {"name": "b"}, "object": {"key": "a+b c.txt", "sequencer": "01"}}})
    (event,) = object_events(body)
    assert event.key == "a+b c.txt" and not event.removed
