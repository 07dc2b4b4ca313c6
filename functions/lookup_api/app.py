"""API Gateway → the lookup API (articles, entities, related links)."""

from __future__ import annotations

from typing import Any

from articles import runtime
from articles.api import build_app
from articles.config import get_settings
from articles.store.index import RelatedIndex
from aws_lambda_powertools.utilities.typing import LambdaContext

settings = get_settings()
logger, tracer, metrics = runtime.observability(settings)
app = build_app(
    runtime.repository(settings),
    RelatedIndex(runtime.index_table(settings), top_k=settings.related_top_k),
    runtime.blob_store(settings),
    cursor_secret=settings.cursor_secret,
    cors_allow_origin=settings.cors_allow_origin,
)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
