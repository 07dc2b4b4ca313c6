"""S3 events arrive at least once and in any order: an older version never overwrites a newer
one (even within LastModified's one-second resolution), a late removal never deletes an
object that exists again, a late creation for a deleted object writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from articles.ids import article_id
from articles.pipeline import ObjectEvent

from tests.integration.conftest import MotoStack


def page(title: str) -> bytes:
    return (f"Thursday , 9 May 2024\nHome / Economy / {title}\n\n{title}\n\nOfficials in Rabat said on Thursday "
            f"that the plan, {title.lower()}, would start in June. The minister, Nadia Fettah, said so.\n").encode()


V1, V2 = page("Port tariffs cut by a tenth"), page("Port tariffs cut by a fifth")
KEY = "ports.txt"


@pytest.fixture
def stage(moto_stack: MotoStack) -> Any:
    return moto_stack.stage("ParseArticleFunction")


def created(moto_stack: MotoStack) -> ObjectEvent:
    return ObjectEvent(moto_stack.inbox, KEY, "ObjectCreated:Put")


def title(moto_stack: MotoStack) -> str | None:
    status, doc = moto_stack.api(f"/articles/{article_id(moto_stack.inbox, KEY)}")
    return doc.get("title") if status == 200 else None


def slow_read_of(stage: Any, data: bytes, meta: dict[str, Any]) -> Any:
    """A worker that read ``data`` earlier and writes only now."""
    original = stage.blobs.read_raw
    stage.blobs.read_raw = lambda bucket, key: (data, dict(meta))
    return original


def test_older_version_read_late_does_not_overwrite(moto_stack: MotoStack, stage: Any) -> None:
    moto_stack.put(KEY, V1)
    v1 = stage.blobs.read_raw(moto_stack.inbox, KEY)
    moto_stack.put(KEY, V2)
    stage.handle(created(moto_stack))  # the newer version is processed first
    assert title(moto_stack) == "Port tariffs cut by a fifth"
    data, meta = v1
    meta = {**meta, "LastModified": "2000-01-01T00:00:00+00:00"}  # an earlier second
    original = slow_read_of(stage, data, meta)
    try:
        assert stage.handle(created(moto_stack)) == []
    finally:
        stage.blobs.read_raw = original
    assert title(moto_stack) == "Port tariffs cut by a fifth"


def test_older_version_in_the_same_second_does_not_overwrite(moto_stack: MotoStack, stage: Any) -> None:
    moto_stack.put(KEY, V1)
    v1_data, v1_meta = stage.blobs.read_raw(moto_stack.inbox, KEY)
    moto_stack.put(KEY, V2)
    v2_data, v2_meta = stage.blobs.read_raw(moto_stack.inbox, KEY)
    # VersionId on AWS (the inbox is versioned); the ETag on moto's unversioned bucket
    assert (v1_meta["VersionId"] or v1_meta["ETag"]) != (v2_meta["VersionId"] or v2_meta["ETag"])
    same_second = {"LastModified": "2024-05-09T10:00:00+00:00"}
    original = slow_read_of(stage, v2_data, {**v2_meta, **same_second})
    try:
        stage.handle(created(moto_stack))
        assert title(moto_stack) == "Port tariffs cut by a fifth"
        stage.blobs.read_raw = lambda bucket, key: (v1_data, {**v1_meta, **same_second})
        assert stage.handle(created(moto_stack)) == []  # v1 is no longer the object's version
    finally:
        stage.blobs.read_raw = original
    assert title(moto_stack) == "Port tariffs cut by a fifth"


def test_newer_version_in_the_same_second_does_overwrite(moto_stack: MotoStack, stage: Any) -> None:
    moto_stack.put(KEY, V1)
    v1_data, v1_meta = stage.blobs.read_raw(moto_stack.inbox, KEY)
    same_second = {"LastModified": "2024-05-09T10:00:00+00:00"}
    original = slow_read_of(stage, v1_data, {**v1_meta, **same_second})
    try:
        stage.handle(created(moto_stack))
        assert title(moto_stack) == "Port tariffs cut by a tenth"
        moto_stack.put(KEY, V2)
        v2_data, v2_meta = original(moto_stack.inbox, KEY)
        stage.blobs.read_raw = lambda bucket, key: (v2_data, {**v2_meta, **same_second})
        stage.handle(created(moto_stack))
    finally:
        stage.blobs.read_raw = original
    assert title(moto_stack) == "Port tariffs cut by a fifth"


def test_late_removal_of_an_object_that_exists_again_is_ignored(moto_stack: MotoStack, stage: Any) -> None:
    s3 = moto_stack.client("s3")
    moto_stack.put(KEY, V1)
    s3.delete_object(Bucket=moto_stack.inbox, Key=KEY)
    moto_stack.put(KEY, V2)
    stage.handle(created(moto_stack))
    assert stage.handle(ObjectEvent(moto_stack.inbox, KEY, "ObjectRemoved:Delete")) == []
    assert title(moto_stack) == "Port tariffs cut by a fifth"


def test_late_creation_of_a_deleted_object_writes_nothing(moto_stack: MotoStack, stage: Any) -> None:
    s3 = moto_stack.client("s3")
    moto_stack.put(KEY, V1)
    stage.handle(created(moto_stack))
    s3.delete_object(Bucket=moto_stack.inbox, Key=KEY)
    stage.handle(ObjectEvent(moto_stack.inbox, KEY, "ObjectRemoved:Delete"))
    assert title(moto_stack) is None
    assert stage.handle(created(moto_stack)) == []  # the creation event arrives after the removal
    assert title(moto_stack) is None


def test_whole_queue_in_reverse_order_ends_with_the_newest(moto_stack: MotoStack) -> None:
    """Real notifications for three versions, delivered newest first: one article, the newest."""
    sqs = moto_stack.client("sqs")
    url = moto_stack.resources.urls["ParseQueue"]
    for body in (V1, page("Port tariffs cut by a third"), V2):
        moto_stack.put(KEY, body)
    bodies: dict[str, str] = {}
    for _ in range(10):
        for message in sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
            bodies.setdefault(message["MessageId"], message["Body"])
    created_events = [b for b in bodies.values() if "ObjectCreated" in b]
    assert len(created_events) == 3
    sqs.purge_queue(QueueUrl=url)
    for body in reversed(created_events):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    moto_stack.run_all()
    assert title(moto_stack) == "Port tariffs cut by a fifth"
    assert moto_stack.table().query(
        IndexName="gsi2", KeyConditionExpression="gsi2pk = :p",
        ExpressionAttributeValues={":p": f"SRC#{moto_stack.inbox}/{KEY}"})["Count"] == 1
