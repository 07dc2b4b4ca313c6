import json
from typing import Any

import pytest
from articles.errors import UnrecognisedMessage
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


def _eventbridge(detail_type: str, **detail: Any) -> str:
    """An S3 event as EventBridge delivers it (documented envelope: version, id, detail-type,
    source, account, time, region, resources, detail)."""
    return json.dumps({
        "version": "0", "id": "0b1c2d3e-0000-4000-8000-000000000001", "detail-type": detail_type,
        "source": "aws.s3", "account": "123456789012", "time": "2026-11-26T10:15:00Z", "region": "us-east-1",
        "resources": ["arn:aws:s3:::inbox"],
        "detail": {"version": "0", "bucket": {"name": "inbox"},
                   "object": {"key": "wire/a.txt", "size": 5, "etag": "e1", "sequencer": "0A"},
                   "request-id": "R1", "requester": "123456789012", **detail},
    })


@pytest.mark.parametrize("detail_type", [
    "Object Restore Completed", "Object Restore Initiated", "Object Restore Expired", "Object Tags Added",
    "Object Tags Deleted", "Object ACL Updated", "Object Storage Class Changed", "Object Access Tier Changed",
])
def test_eventbridge_events_that_leave_the_bytes_alone_yield_nothing(detail_type: str) -> None:
    """A restore from an archive tier (or a tag/ACL/class change) is not a new upload: the
    object's content is what was parsed already."""
    body = _eventbridge(detail_type, **{"source-storage-class": "GLACIER", "restore-expiry-time": "2026-12-01T00:00:00Z"})
    assert list(object_events(body)) == []


def test_eventbridge_created_and_deleted_are_an_upload_and_a_removal() -> None:
    (created,) = object_events(_eventbridge("Object Created", reason="PutObject"))
    assert not created.removed and created.key == "wire/a.txt" and created.sequencer == "0A"
    (deleted,) = object_events(_eventbridge("Object Deleted", reason="DeleteObject",
                                            **{"deletion-type": "Delete Marker Created"}))
    assert deleted.removed and deleted.bucket == "inbox"


def sns_envelope(message: str) -> str:
    """An SNS notification as SQS receives it without raw message delivery (documented JSON)."""
    return json.dumps({
        "Type": "Notification", "MessageId": "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
        "TopicArn": "arn:aws:sns:us-east-1:123456789012:inbox-events", "Subject": "Amazon S3 Notification",
        "Message": message, "Timestamp": "2026-11-26T10:15:00.000Z", "SignatureVersion": "1",
        "Signature": "EXAMPLE", "SigningCertURL": "https://sns.us-east-1.amazonaws.com/x.pem",
        "UnsubscribeURL": "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe",
    })


@pytest.mark.parametrize(("body", "named"), [
    (sns_envelope(bodies("parse_article/s3-put.json")[0]), "SNS envelope"),
    (json.dumps({"source": "aws.ec2", "detail-type": "EC2 Instance State-change Notification", "detail": {}}),
     "EventBridge event from 'aws.ec2'"),
    (json.dumps({"hello": "world"}), "keys ['hello']"),
    (json.dumps(["Records"]), "JSON list"),
    ("not json at all", "not JSON"),
])
def test_a_body_without_records_is_refused_with_a_reason(body: str, named: str) -> None:
    with pytest.raises(UnrecognisedMessage) as info:
        list(object_events(body))
    assert named in info.value.reason
