"""boto3 clients and DynamoDB tables that honour ``AWS_ENDPOINT_URL`` (moto locally, AWS in prod).

They are made on first use, not when the handler is built: creating a botocore client loads
its service model (≈ 20–60 ms each), which a Lambda's init phase would otherwise pay for every
client, including those a container never calls (issue #18). The first call made through a
proxy builds the real object once (thread-safe: the related index writes from a pool)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

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


class Lazy:
    """Stands for the object ``make()`` returns, made at the first attribute looked up."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._made: Any = None
        self._lock = threading.Lock()

    def resolve(self) -> Any:
        if self._made is None:
            with self._lock:
                if self._made is None:
                    self._made = self._make()
        return self._made

    def __getattr__(self, name: str) -> Any:
        return getattr(self.resolve(), name)


class _Meta:
    def __init__(self, client: Lazy) -> None:
        self.client = client


class LazyTable(Lazy):
    """A boto3 DynamoDB ``Table`` made on first use; ``name`` and ``meta.client`` are known
    before (the client proxy makes the table, and uses the table's own client)."""

    def __init__(self, name: str, make: Callable[[], Any]) -> None:
        super().__init__(make)
        self.name = name
        self.meta = _Meta(Lazy(lambda: self.resolve().meta.client))


def client(service: str, settings: Settings) -> Any:
    def make() -> Any:
        import boto3

        return boto3.client(service, **_kwargs(settings))  # type: ignore[call-overload]

    return Lazy(make)


def table(name: str, settings: Settings) -> Any:
    def make() -> Any:
        import boto3

        return boto3.resource("dynamodb", **_kwargs(settings)).Table(name)

    return LazyTable(name, make)
