"""boto3 clients and resources that honour ``AWS_ENDPOINT_URL`` (moto locally, AWS in prod)."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

from articles.config import Settings

# Adaptive retries: throttling is retried with client-side rate limiting.
RETRY_CONFIG = Config(retries={"max_attempts": 8, "mode": "adaptive"}, connect_timeout=5, read_timeout=30)


def client(service: str, settings: Settings) -> Any:
    return boto3.client(  # type: ignore[call-overload]
        service, region_name=settings.region, endpoint_url=settings.endpoint_url, config=RETRY_CONFIG
    )


def resource(service: str, settings: Settings) -> Any:
    return boto3.resource(  # type: ignore[call-overload]
        service, region_name=settings.region, endpoint_url=settings.endpoint_url, config=RETRY_CONFIG
    )
