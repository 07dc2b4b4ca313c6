"""API Gateway → the lookup API (articles, entities, related links)."""

from __future__ import annotations

from typing import Any

from articles import runtime
from articles.api import build_app
from articles.config import Settings
from articles.store.index import RelatedIndex
from aws_lambda_powertools.utilities.typing import LambdaContext


def create_handler(settings: Settings) -> runtime.Handler:
    """Build the adapters and the API from ``settings``; returns the Lambda handler."""
    logger, tracer, metrics = runtime.observability(settings)
    repo = runtime.repository(settings)
    app = build_app(
        repo,
        RelatedIndex(runtime.index_table(settings), top_k=settings.related_top_k),
        runtime.blob_store(settings, repo.table),
        cursor_secret=settings.cursor_secret,
        cors_allow_origin=settings.cors_allow_origin,
    )

    @logger.inject_lambda_context
    @tracer.capture_lambda_handler
    @metrics.log_metrics
    def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
        return app.resolve(event, context)

    return runtime.Handler(lambda_handler, app)


# lambda_handler: built from the environment when the Lambda runtime looks it up (at init), once
__getattr__ = runtime.lazy_handler(create_handler, Settings, __name__)
