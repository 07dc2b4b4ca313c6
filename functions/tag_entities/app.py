"""``article.parsed`` (SNS raw delivery via SQS) → NER + canonical entities → DynamoDB."""

from __future__ import annotations

from typing import Any

from articles import aws, runtime
from articles.config import Settings
from articles.entities import load_tagger
from articles.models import ArticleParsed
from articles.pipeline import TagStage
from articles.sqs import SqsRecord
from aws_lambda_powertools.utilities.typing import LambdaContext


def create_handler(settings: Settings) -> runtime.Handler:
    """Build the adapters and the stage from ``settings`` (the spaCy model loads here, at
    init); returns the Lambda handler."""
    logger, tracer, metrics = runtime.observability(settings)
    repo = runtime.repository(settings)
    comprehend = aws.client("comprehend", settings) if settings.entity_backend == "comprehend" else None
    stage = TagStage(blobs=runtime.blob_store(settings, repo.table), repo=repo,
                     tagger=load_tagger(settings.entity_backend, comprehend_client=comprehend),
                     max_chars=settings.max_tag_chars)
    consumer = runtime.SqsConsumer(settings, logger, metrics, runtime.stage_give_up(repo, "tag"))

    @tracer.capture_method
    def handle(record: SqsRecord) -> int:
        entities = stage.handle(ArticleParsed.model_validate_json(record.body))
        return len(entities or [])

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return consumer.run(event, context, handle)

    return runtime.Handler(lambda_handler, stage)


# lambda_handler: built from the environment when the Lambda runtime looks it up (at init), once
__getattr__ = runtime.lazy_handler(create_handler, Settings, __name__)
