"""``article.parsed`` / ``article.removed`` (SNS raw delivery via SQS) → related index → DynamoDB."""

from __future__ import annotations

from typing import Any

from articles import runtime
from articles.bus import REMOVED
from articles.config import Settings
from articles.models import ArticleParsed, ArticleRemoved
from articles.pipeline import RelatedStage
from articles.sqs import SqsRecord
from articles.store.index import RelatedIndex
from aws_lambda_powertools.utilities.typing import LambdaContext


def create_handler(settings: Settings) -> runtime.Handler:
    """Build the adapters and the stage from ``settings``; returns the Lambda handler."""
    logger, tracer, metrics = runtime.observability(settings)
    repo = runtime.repository(settings)
    index = RelatedIndex(runtime.index_table(settings), top_k=settings.related_top_k)
    stage = RelatedStage(blobs=runtime.blob_store(settings, repo.table), repo=repo, index=index)
    consumer = runtime.SqsConsumer(settings, logger, metrics, runtime.stage_give_up(repo, "related"))

    @tracer.capture_method
    def handle(record: SqsRecord) -> int:
        if record.attribute("event") == REMOVED:
            stage.remove(ArticleRemoved.model_validate_json(record.body))
            return 0
        return len(stage.handle(ArticleParsed.model_validate_json(record.body)) or [])

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return consumer.run(event, context, handle)

    return runtime.Handler(lambda_handler, stage)


# lambda_handler: built from the environment when the Lambda runtime looks it up (at init), once
__getattr__ = runtime.lazy_handler(create_handler, Settings, __name__)
