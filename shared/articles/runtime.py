"""Wiring used by the Lambda handlers: observability, adapters built once from settings,
and the SQS batch plumbing every consumer shares."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from functools import cache
from typing import Any, Protocol, TypeVar, cast

from aws_lambda_powertools import Logger, Metrics, Tracer
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.provider.cloudwatch_emf.cloudwatch import AmazonCloudWatchEMFProvider

from articles import aws
from articles.clock import now_iso
from articles.config import Settings
from articles.errors import ArticleError, TransientError, UnrecognisedMessage
from articles.models import StageName, StageStatus
from articles.sqs import SqsRecord, partial_batch_response
from articles.store.blobs import BlobStore
from articles.store.dynamo import ArticleRepository

Event = dict[str, Any]
LambdaHandler = Callable[[Event, Any], Event]


class Handler:
    """What ``create_handler`` returns: the decorated Lambda handler, callable as
    ``handler(event, context)``, plus the stage it drives (for tests and the bench)."""

    def __init__(self, function: LambdaHandler, stage: Any = None) -> None:
        self.function = function
        self.stage = stage

    def __call__(self, event: Event, context: Any) -> Event:
        return self.function(event, context)


@cache
def _logger(service: str, to_stderr: bool, level: str | None) -> Logger:
    # One Logger per process and configuration: a second Powertools Logger for the same service
    # (several handlers in one local process) would come up without a formatter.
    return Logger(service=service, level=level,
                  logger_handler=logging.StreamHandler(sys.stderr) if to_stderr else None)


class _LocalMetrics(AmazonCloudWatchEMFProvider):
    """Locally (the embedded stack, the CLI): metrics are collected and validated as on Lambda,
    then dropped at flush: stdout belongs to the CLI's output."""

    def flush_metrics(self, raise_on_empty_metrics: bool = False) -> None:
        self.clear_metrics()


_F = TypeVar("_F", bound=Callable[..., Any])


class TracerLike(Protocol):
    """The part of Powertools' Tracer the handlers use."""

    def capture_method(self, method: _F) -> _F: ...
    def capture_lambda_handler(self, handler: _F) -> _F: ...


class Untraced:
    """Stands for Powertools' Tracer when tracing is off (and locally): its two decorators
    return the function unchanged, and aws_xray_sdk, which any Tracer() imports, stays unloaded."""

    def capture_method(self, method: _F) -> _F:
        return method

    def capture_lambda_handler(self, handler: _F) -> _F:
        return handler


def observability(settings: Settings) -> tuple[Logger, TracerLike, Metrics]:
    """Powertools Logger/Tracer/Metrics for one handler, configured from ``settings`` alone.

    Each handler gets its own metric set (``Metrics()`` alone shares one class-level set per
    process, so handlers living in one process would flush each other's metrics). Locally logs
    go to stderr, tracing is off (no X-Ray daemon) and metrics are not printed. Without tracing
    (``settings.tracing`` false, or local) no Tracer is built at all (:class:`Untraced`).
    """
    emf = _LocalMetrics if settings.local else AmazonCloudWatchEMFProvider
    metrics = Metrics(provider=emf(metric_set={}, dimension_set={}, metadata_set={}, default_dimensions={},
                                   namespace=settings.metrics_namespace, service=settings.service))
    tracer = (cast(TracerLike, Tracer(service=settings.service)) if settings.tracing and not settings.local
              else Untraced())
    return _logger(settings.service, settings.local, settings.log_level), tracer, metrics


def lazy_handler(create: Callable[[Settings], Handler], settings: Callable[[], Settings], module: str
                 ) -> Callable[[str], Any]:
    """The module ``__getattr__`` of a composition root (``functions/<name>/app.py``)::

        __getattr__ = runtime.lazy_handler(create_handler, Settings, __name__)

    ``lambda_handler`` is built as ``create(settings())`` (settings from the environment) when
    the Lambda runtime looks it up, i.e. during init (a missing variable fails the init), once:
    it is then stored on the module, so later look-ups find it without coming back here.
    Importing the module builds nothing, so the local stack, tests and the bench call
    ``create_handler(Settings(...))`` directly."""

    def __getattr__(name: str) -> Any:
        if name == "lambda_handler":
            handler = create(settings())
            setattr(sys.modules[module], name, handler)
            return handler
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__


def repository(settings: Settings) -> ArticleRepository:
    return ArticleRepository(aws.table(settings.articles_table, settings))


def blob_store(settings: Settings, articles_table: Any) -> BlobStore:
    """``articles_table``: the repository's (one client for both, made at first use)."""
    return BlobStore(aws.client("s3", settings), parsed_bucket=settings.parsed_bucket,
                     max_bytes=settings.max_object_bytes, table=articles_table,
                     inline_max_bytes=settings.parsed_inline_max_bytes)


def index_table(settings: Settings) -> Any:
    return aws.table(settings.index_table, settings)


GiveUp = Callable[[str, str], None]  # (record body, reason) on a record's last delivery


class SqsConsumer:
    """Runs ``handle(record)`` per SQS record and reports only the failed ones.

    An error on a record's last delivery (``maxReceiveCount`` reached) is handed to
    ``give_up`` (which writes it on the article's stage) before the record goes to the DLQ,
    so no failure stays silent.
    """

    def __init__(self, settings: Settings, logger: Logger, metrics: Metrics, give_up: GiveUp | None = None
                 ) -> None:
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        self.give_up = give_up

    def run(self, event: dict[str, Any], context: Any, handle: Callable[[SqsRecord], Any]) -> dict[str, Any]:
        margin = self.settings.stop_before_timeout_ms

        def record_handler(record: SqsRecord) -> Any:
            try:
                # Near the function's timeout, records not yet started are handed back to the
                # queue (reported as failures) instead of being cut off by a hard timeout, which
                # would return the whole batch, finished records included.
                if context is not None and context.get_remaining_time_in_millis() < margin:
                    raise TransientError("not started: the invocation was close to its timeout")
                return handle(record)
            except Exception as exc:
                self._on_error(record, exc)
                raise

        # A batch whose every record failed is reported like any other (batchItemFailures for
        # all of them) instead of raising: the metrics below are still added and flushed, and
        # Lambda still retries exactly the failed records.
        result = partial_batch_response(event, record_handler)
        failed = len(result.get("batchItemFailures", []))
        self.metrics.add_metric(name="RecordsFailed", unit=MetricUnit.Count, value=failed)
        self.metrics.add_metric(name="RecordsProcessed", unit=MetricUnit.Count,
                                value=len(event.get("Records", [])) - failed)
        return result

    def _on_error(self, record: SqsRecord, exc: Exception) -> None:
        receives = record.receive_count
        last = receives >= self.settings.max_receive_count
        if isinstance(exc, UnrecognisedMessage):
            self.metrics.add_metric(name="UnrecognisedMessages", unit=MetricUnit.Count, value=1)
            self.logger.warning(
                f"message not understood, not acknowledged: {exc.reason}; it returns to the queue and, after "
                f"{self.settings.max_receive_count} deliveries, waits in the DLQ",
                extra={"message_id": record.message_id, "receives": receives, "last_attempt": last,
                       "event_source_arn": record.event_source_arn},
            )
            return
        self.logger.exception("record failed", extra={"message_id": record.message_id, "receives": receives,
                                                      "last_attempt": last})
        if not last or self.give_up is None:
            return
        reason = exc.reason if isinstance(exc, ArticleError) else f"internal error ({type(exc).__name__})"
        try:
            self.give_up(record.body, f"{reason}; gave up after {receives} attempts, message parked in the DLQ")
        except Exception:  # the record still goes to the DLQ (listed by `articles dlq`)
            self.logger.exception("could not record the failure")


def stage_give_up(repo: ArticleRepository, stage: StageName) -> GiveUp:
    """For consumers of ``article.parsed``: mark the referenced article's stage failed."""

    def give_up(body: str, reason: str) -> None:
        article = json.loads(body).get("article_id")
        if article:
            repo.set_stage(str(article), stage, StageStatus(state="failed", at=now_iso(), error=reason))

    return give_up


def parse_give_up(repo: ArticleRepository) -> GiveUp:
    """For the parse consumer: record every object of the S3 notification as failed."""
    from articles.ids import article_id
    from articles.pipeline import object_events

    def give_up(body: str, reason: str) -> None:
        for event in object_events(body):
            repo.record_failure(article_id(event.bucket, event.key), bucket=event.bucket, key=event.key,
                                state="failed", reason=reason)

    return give_up


__all__ = ["Handler", "LambdaHandler", "SqsConsumer", "TracerLike", "Untraced", "blob_store", "index_table",
           "lazy_handler", "observability", "parse_give_up", "repository", "stage_give_up"]
