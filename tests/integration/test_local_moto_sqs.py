"""The embedded stack's ReceiveMessage patch (articles_tools.local.stack.speed_up_moto): messages
past the queue's retention period are still never delivered, the others are, and receiving no
longer computes the queue's attributes (which walk every message) once per message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from articles_tools.local.stack import speed_up_moto
from moto import mock_aws
from moto.sqs.models import Queue, sqs_backends


@pytest.fixture
def sqs() -> Iterator[Any]:
    speed_up_moto()
    with mock_aws():
        yield boto3.client("sqs", region_name="us-east-1")


def _age(url: str, body: str, seconds: float) -> None:
    """Make the message ``body`` of queue ``url`` ``seconds`` older (moto's own record of it)."""
    queue = sqs_backends["123456789012"]["us-east-1"].get_queue(url.rsplit("/", 1)[1])
    for message in queue._messages:
        if message.body == body:
            message.sent_timestamp -= int(seconds * 1000)


def test_a_message_past_retention_is_not_delivered_and_a_fresh_one_is(sqs: Any) -> None:
    old = sqs.create_queue(QueueName="old", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    new = sqs.create_queue(QueueName="new", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    sqs.send_message(QueueUrl=old, MessageBody="stale")
    sqs.send_message(QueueUrl=new, MessageBody="fresh")
    _age(old, "stale", 120)
    _age(new, "fresh", 30)
    assert "Messages" not in sqs.receive_message(QueueUrl=old, MaxNumberOfMessages=10)
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=new, MaxNumberOfMessages=10)["Messages"]] == ["fresh"]


def test_receiving_reads_the_retention_period_not_every_attribute(sqs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    for i in range(5):
        sqs.send_message(QueueUrl=url, MessageBody=str(i))
    calls = []
    original = Queue.attributes.fget  # type: ignore[attr-defined]
    monkeypatch.setattr(Queue, "attributes", property(lambda q: calls.append(q.name) or original(q)))
    got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert sorted(m["Body"] for m in got) == ["0", "1", "2", "3", "4"]
    assert calls == []
