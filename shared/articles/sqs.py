"""SQS batches as the queue-driven functions receive them: the records, and the partial batch
response (``ReportBatchItemFailures``) that hands back only the records that failed.

Written here rather than taken from Powertools' batch utility (``BatchProcessor`` and
``process_partial_response``): importing that utility in a process where pydantic is loaded
also imports every Powertools parser model (ALB, API Gateway, Kinesis, Kafka, … built as
pydantic models at import) plus asyncio, ≈ 90 ms of each queue function's cold start, and the
consumers use none of it. What they do use is this loop and four fields of a record.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Event = dict[str, Any]


class SqsRecord:
    """One record of an SQS event (the Lambda event source's JSON shape), read-only."""

    __slots__ = ("raw",)

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw

    @property
    def message_id(self) -> str:
        return str(self.raw["messageId"])

    @property
    def body(self) -> str:
        return str(self.raw.get("body") or "")

    @property
    def receive_count(self) -> int:
        """``ApproximateReceiveCount``: 1 on the first delivery."""
        return int((self.raw.get("attributes") or {}).get("ApproximateReceiveCount") or 1)

    @property
    def event_source_arn(self) -> str | None:
        arn = self.raw.get("eventSourceARN")
        return str(arn) if arn is not None else None

    def attribute(self, name: str) -> str | None:
        """The string value of the message attribute ``name`` (SNS raw delivery keeps the
        publisher's attributes), or None."""
        value = (self.raw.get("messageAttributes") or {}).get(name)
        if not isinstance(value, Mapping):
            return None
        string = value.get("stringValue")
        return str(string) if string is not None else None


class NotAnSqsBatch(ValueError):
    """The event has no ``Records`` list: not what an SQS event source sends."""


def records(event: Event) -> list[SqsRecord]:
    raw = event.get("Records") if isinstance(event, dict) else None
    if not isinstance(raw, list) or not all(isinstance(r, Mapping) and "messageId" in r for r in raw):
        raise NotAnSqsBatch("not an SQS batch: the event needs a 'Records' list of SQS messages")
    return [SqsRecord(r) for r in raw]


def partial_batch_response(event: Event, handle: Callable[[SqsRecord], Any]) -> Event:
    """Runs ``handle`` on each record in order; a record whose ``handle`` raises is listed in
    ``batchItemFailures`` (Lambda returns exactly those to the queue; the others are deleted).
    A batch whose every record failed is reported the same way, not raised."""
    failures = []
    for record in records(event):
        try:
            handle(record)
        except Exception:  # reported to Lambda; the caller's handle has logged and recorded it
            failures.append({"itemIdentifier": record.message_id})
    return {"batchItemFailures": failures}


__all__ = ["NotAnSqsBatch", "SqsRecord", "partial_batch_response", "records"]
