"""Wiring used by the Lambda handlers: observability, adapters built once from settings,
and the SQS batch plumbing every consumer shares."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from articles import aws
from articles.config import Settings
from articles.errors import ArticleError, PermanentError
from articles.models import StageName, StageStatus
from articles.store.blobs import BlobStore
from articles.store.dynamo import ArticleRepository, now_iso


@lru_cache(maxsize=None)
def _logger(to_stderr: bool) -> Logger:
    # One Logger per process: a second Powertools Logger for the same service (several
    # handlers in one local process, or a reloaded module) would come up without a formatter.
    return Logger(logger_handler=logging.StreamHandler(sys.stderr) if to_stderr else None)


def observability(settings: Settings) -> tuple[Logger, Tracer, Metrics]:
    """Powertools Logger/Tracer/Metrics; locally logs go to stderr so CLI output stays clean."""
    return _logger(settings.local), Tracer(), Metrics()


def repository(settings: Settings) -> ArticleRepository:
    return ArticleRepository(aws.resource("dynamodb", settings).Table(settings.articles_table))


def blob_store(settings: Settings) -> BlobStore:
    return BlobStore(aws.client("s3", settings), parsed_bucket=settings.parsed_bucket,
                     max_bytes=settings.max_object_bytes)


def index_table(settings: Settings) -> Any:
    return aws.resource("dynamodb", settings).Table(settings.index_table)


class SqsConsumer:
    """Runs ``handle(record)`` per SQS record and reports only the failed ones.

    An error on a record's last delivery (``maxReceiveCount`` reached) is written on the
    article's stage before the record goes to the DLQ, so no failure stays silent.
    """

    def __init__(self, settings: Settings, logger: Logger, metrics: Metrics, stage: StageName,
                 repo: ArticleRepository | None = None) -> None:
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        self.stage = stage
        self.repo = repo
        self.processor = BatchProcessor(event_type=EventType.SQS)

    def run(self, event: dict[str, Any], context: Any, handle: Callable[[SQSRecord], Any]) -> dict[str, Any]:
        def record_handler(record: SQSRecord) -> Any:
            try:
                return handle(record)
            except Exception as exc:
                self._on_error(record, exc)
                raise

        result: dict[str, Any] = process_partial_response(
            event=event, record_handler=record_handler, processor=self.processor, context=context
        )
        failed = len(result.get("batchItemFailures", []))
        self.metrics.add_metric(name="RecordsFailed", unit=MetricUnit.Count, value=failed)
        self.metrics.add_metric(name="RecordsProcessed", unit=MetricUnit.Count,
                                value=len(event.get("Records", [])) - failed)
        return result

    def _on_error(self, record: SQSRecord, exc: Exception) -> None:
        receives = int(record.attributes.approximate_receive_count or 1)
        last = receives >= self.settings.max_receive_count
        self.logger.exception("record failed", extra={"message_id": record.message_id, "receives": receives,
                                                      "last_attempt": last})
        article = _article_of(record.body)
        if last and self.repo is not None and article:
            reason = exc.reason if isinstance(exc, ArticleError) else f"internal error ({type(exc).__name__})"
            state = "failed"
            try:
                self.repo.set_stage(article, self.stage,
                                    StageStatus(state=state, at=now_iso(), error=f"{reason}; message parked in the DLQ"))
            except Exception:  # the record still goes to the DLQ; nothing else to do
                self.logger.exception("could not record the failure")


def _article_of(body: str) -> str | None:
    import json

    try:
        doc = json.loads(body)
    except ValueError:
        return None
    value = doc.get("article_id") if isinstance(doc, dict) else None
    return str(value) if value else None


__all__ = ["PermanentError", "SqsConsumer", "blob_store", "index_table", "observability", "repository"]
