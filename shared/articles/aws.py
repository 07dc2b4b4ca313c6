"""boto3 clients and resources that honour ``AWS_ENDPOINT_URL`` (moto locally, AWS in prod)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

from articles.config import Settings

# Adaptive retries: throttling is retried with client-side rate limiting.
RETRY_CONFIG = Config(retries={"max_attempts": 8, "mode": "adaptive"}, connect_timeout=5, read_timeout=30)


def _kwargs(settings: Settings) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"region_name": settings.region, "endpoint_url": settings.endpoint_url,
                              "config": RETRY_CONFIG}
    if settings.local and settings.endpoint_url:
        # the embedded stack (moto) accepts any signature: no credential lookup in the environment
        kwargs.update(aws_access_key_id="testing", aws_secret_access_key="testing", aws_session_token="testing")
    return kwargs


def client(service: str, settings: Settings) -> Any:
    return boto3.client(service, **_kwargs(settings))  # type: ignore[call-overload]


def resource(service: str, settings: Settings) -> Any:
    return boto3.resource(service, **_kwargs(settings))  # type: ignore[call-overload]
