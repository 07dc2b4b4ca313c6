"""S3 (via SQS) → parse → store → publish ``article.parsed``."""

from __future__ import annotations

from typing import Any

from articles import aws, runtime
from articles.bus import Publisher
from articles.config import Settings
from articles.parsing import parse_document
from articles.pipeline import ParseStage, object_events
from articles.sqs import SqsRecord
from aws_lambda_powertools.utilities.typing import LambdaContext


def create_handler(settings: Settings) -> runtime.Handler:
    """Build the adapters and the stage from ``settings``; returns the Lambda handler."""
    logger, tracer, metrics = runtime.observability(settings)
    repo = runtime.repository(settings)
    stage = ParseStage(
        blobs=runtime.blob_store(settings, repo.table), repo=repo,
        bus=Publisher(aws.client("sns", settings), settings.topic_arn), parse=parse_document,
        parsed_bucket=settings.parsed_bucket,
    )
    consumer = runtime.SqsConsumer(settings, logger, metrics, runtime.parse_give_up(repo))

    @tracer.capture_method
    def handle(record: SqsRecord) -> list[str]:
        return [aid for event in object_events(record.body) for aid in stage.handle(event)]

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return consumer.run(event, context, handle)

    return runtime.Handler(lambda_handler, stage)


# lambda_handler: built from the environment when the Lambda runtime looks it up (at init), once
__getattr__ = runtime.lazy_handler(create_handler, Settings, __name__)
