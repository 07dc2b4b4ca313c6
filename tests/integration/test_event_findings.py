"""Three event-handling findings, on AWS's documented event shapes and the real handlers over
moto: a batch whose every record fails, a parse-queue message that is not an S3 notification,
and an EventBridge restore that is not an upload."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any

import pytest
from articles.ids import article_id
from articles_tools.local.lambda_shapes import LocalContext

from tests.conftest import load_event
from tests.integration.conftest import MotoStack
from tests.unit.test_object_events import sns_envelope

PAGE = (b"Monday , 4 March 2024\nTunisia opens port terminal\n\nOfficials in Tunis said on Monday that the "
        b"new port terminal would open in the spring. The minister, Rabie Majidi, said capacity would double.\n")


def _emf_lines(text: str) -> list[dict[str, Any]]:
    """The CloudWatch embedded-metric-format documents printed on stdout."""
    out = []
    for line in text.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            out.append(json.loads(line))
    return out


def test_a_batch_whose_every_record_fails_reports_each_and_still_flushes_metrics(
    moto_stack: MotoStack, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # metrics on, as on Lambda (the test environment turns them off)
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED", raising=False)
    spec = next(s for s in moto_stack.resources.functions if s.logical_id == "TagEntitiesFunction")
    handler = spec.create_handler(moto_stack.resources.settings(local=False))
    event = load_event("tag_entities/sns-raw-parsed.json")
    template = event["Records"][0]
    event["Records"] = []
    for i in range(3):  # article.parsed messages that cannot be read: every record fails
        record = copy.deepcopy(template)
        record["messageId"] = f"m-{i}"
        record["body"] = '{"article_id": 42}'
        event["Records"].append(record)
    capsys.readouterr()

    result = handler(event, LocalContext(function_name="TagEntitiesFunction"))

    assert sorted(f["itemIdentifier"] for f in result["batchItemFailures"]) == ["m-0", "m-1", "m-2"]
    documents = _emf_lines(capsys.readouterr().out)
    counted = [d for d in documents if "RecordsFailed" in d]
    assert counted, f"no metrics flushed: {documents}"
    assert counted[-1]["RecordsFailed"] == [3.0] and counted[-1]["RecordsProcessed"] == [0.0]
    assert counted[-1]["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "Articles"


def test_a_parse_message_without_records_is_never_acknowledged_and_ends_in_the_dlq(
    moto_stack: MotoStack, caplog: pytest.LogCaptureFixture
) -> None:
    """An S3 notification wrapped in an SNS envelope (a topic subscribed without raw delivery):
    each delivery fails with a warning naming the shape; after maxReceiveCount it is in the DLQ."""
    sqs = moto_stack.client("sqs")
    url = moto_stack.resources.urls["ParseQueue"]
    inner = json.loads(load_event("parse_article/s3-put.json")["Records"][0]["body"])
    inner["Records"][0]["s3"]["bucket"]["name"] = moto_stack.inbox
    moto_stack.put("2023/12/libya-egypt-chiefs.txt", PAGE)
    sqs.purge_queue(QueueUrl=url)  # only the mis-wired message below
    body = sns_envelope(json.dumps(inner))
    sqs.send_message(QueueUrl=url, MessageBody=body)

    caplog.set_level(logging.WARNING)
    dispatcher = moto_stack.dispatchers["ParseArticleFunction"]
    deliveries = 0
    while dispatcher.poll_once():
        deliveries += 1
        assert deliveries <= moto_stack.resources.max_receive_count + 1
    assert deliveries == moto_stack.resources.max_receive_count
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    understood = [m for m in warnings if m.startswith("message not understood, not acknowledged")]
    assert len(understood) == deliveries
    assert all("SNS envelope" in m for m in understood)

    dlq = moto_stack.resources.urls[moto_stack.resources.dlq_of["ParseQueue"]]
    parked = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
    assert [m["Body"] for m in parked] == [body]
    # and nothing was parsed from it
    aid = article_id(moto_stack.inbox, "2023/12/libya-egypt-chiefs.txt")
    assert moto_stack.api(f"/articles/{aid}")[0] == 404


def _eventbridge_record(detail_type: str, bucket: str, key: str) -> dict[str, Any]:
    record: dict[str, Any] = copy.deepcopy(load_event("parse_article/s3-put.json")["Records"][0])
    record["body"] = json.dumps({
        "version": "0", "id": "7e2c0a51-0000-4000-8000-000000000002", "detail-type": detail_type,
        "source": "aws.s3", "account": "123456789012", "time": "2026-11-26T10:15:00Z", "region": "us-east-1",
        "resources": [f"arn:aws:s3:::{bucket}"],
        "detail": {"version": "0", "bucket": {"name": bucket},
                   "object": {"key": key, "size": len(PAGE), "etag": "e1", "sequencer": "0B"},
                   "request-id": "R2", "requester": "s3.amazonaws.com", "source-storage-class": "GLACIER"},
    })
    return record


def test_an_eventbridge_restore_is_not_an_upload(moto_stack: MotoStack) -> None:
    s3 = moto_stack.client("s3")
    s3.put_object(Bucket=moto_stack.inbox, Key="restored.txt", Body=PAGE)
    moto_stack.client("sqs").purge_queue(QueueUrl=moto_stack.resources.urls["ParseQueue"])
    handler = moto_stack.handlers["ParseArticleFunction"]
    aid = article_id(moto_stack.inbox, "restored.txt")

    restored = {"Records": [_eventbridge_record("Object Restore Completed", moto_stack.inbox, "restored.txt")]}
    assert handler(restored, LocalContext(function_name="p")) == {"batchItemFailures": []}
    assert moto_stack.api(f"/articles/{aid}")[0] == 404  # nothing parsed, nothing recorded

    created = {"Records": [_eventbridge_record("Object Created", moto_stack.inbox, "restored.txt")]}
    assert handler(created, LocalContext(function_name="p")) == {"batchItemFailures": []}
    assert moto_stack.api(f"/articles/{aid}")[0] == 200  # the same object, as an upload, is parsed
