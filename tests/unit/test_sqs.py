"""The SQS batch plumbing of the queue-driven functions (articles.sqs): records read from the
event shapes in events/, and the partial batch response that returns only the failed records."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from articles.sqs import NotAnSqsBatch, SqsRecord, partial_batch_response, records

EVENTS = Path(__file__).resolve().parents[2] / "events"


def _event(path: str) -> dict[str, Any]:
    return json.loads((EVENTS / path).read_text(encoding="utf-8"))


def test_record_fields_from_an_sns_raw_delivery() -> None:
    (record,) = records(_event("find_related/sns-raw-removed.json"))
    assert record.message_id == "059f36b4-87a3-44ab-83d2-661975830a7d"
    assert json.loads(record.body) == {"article_id": "a_1f6c2e0d9b8a7c65"}
    assert record.attribute("event") == "article.removed"
    assert record.attribute("missing") is None
    assert record.receive_count == 1
    assert record.event_source_arn == "arn:aws:sqs:us-east-1:123456789012:articles-related-queue"


def test_a_record_without_attributes_reads_as_a_first_delivery() -> None:
    record = SqsRecord({"messageId": "m", "body": "{}"})
    assert record.receive_count == 1
    assert record.attribute("event") is None
    assert record.event_source_arn is None
    redelivered = SqsRecord({"messageId": "m", "attributes": {"ApproximateReceiveCount": "4"}})
    assert redelivered.receive_count == 4
    assert redelivered.body == ""


def _batch(n: int) -> dict[str, Any]:
    template = _event("find_related/sns-raw-removed.json")["Records"][0]
    batch = []
    for i in range(n):
        record = copy.deepcopy(template)
        record["messageId"] = f"m{i}"
        record["body"] = json.dumps({"n": i})
        batch.append(record)
    return {"Records": batch}


def test_only_the_failed_records_are_reported_in_order() -> None:
    seen: list[int] = []

    def handle(record: SqsRecord) -> None:
        n = json.loads(record.body)["n"]
        seen.append(n)
        if n in (1, 3):
            raise RuntimeError(f"record {n} failed")

    response = partial_batch_response(_batch(5), handle)
    assert seen == [0, 1, 2, 3, 4]  # a failure does not stop the batch
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}, {"itemIdentifier": "m3"}]}


def test_a_batch_that_fails_whole_is_reported_not_raised() -> None:
    def handle(record: SqsRecord) -> None:
        raise ValueError("bad")

    response = partial_batch_response(_batch(3), handle)
    assert [f["itemIdentifier"] for f in response["batchItemFailures"]] == ["m0", "m1", "m2"]
    assert partial_batch_response(_batch(2), lambda record: None) == {"batchItemFailures": []}


@pytest.mark.parametrize("event", [{}, {"Records": "x"}, {"Records": [{"body": "no id"}]}, {"Records": None}])
def test_an_event_that_is_not_an_sqs_batch_is_refused(event: dict[str, Any]) -> None:
    with pytest.raises(NotAnSqsBatch, match="not an SQS batch"):
        partial_batch_response(event, lambda record: None)
