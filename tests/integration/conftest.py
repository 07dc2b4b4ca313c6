"""Moto (``mock_aws``) with every resource built from template.yaml, and the real handlers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from articles_tools.infra import LocalStack, provision
from articles_tools.local.lambda_shapes import LocalContext, api_gateway_event
from articles_tools.local.stack import Dispatcher
from moto import mock_aws


@dataclass
class MotoStack:
    """Template resources in moto plus one dispatcher per queue-driven function (polled by hand)."""

    resources: LocalStack
    handlers: dict[str, Any]
    dispatchers: dict[str, Dispatcher]

    def client(self, service: str) -> Any:
        return boto3.client(service, region_name="us-east-1")

    def stage(self, function: str) -> Any:
        """The stage (or API app) ``function``'s handler was built with (its adapters inside)."""
        return self.handlers[function].stage  # type: ignore[attr-defined]

    @property
    def inbox(self) -> str:
        return self.resources.names["InboxBucket"]

    def put(self, key: str, data: bytes) -> None:
        self.client("s3").put_object(Bucket=self.inbox, Key=key, Body=data)

    def pump(self, function: str) -> int:
        """Deliver what waits in ``function``'s queue, in Lambda batches; returns messages seen."""
        seen = 0
        while n := self.dispatchers[function].poll_once():
            seen += n
        return seen

    def run_all(self) -> None:
        for function in ("ParseArticleFunction", "TagEntitiesFunction", "FindRelatedFunction"):
            self.pump(function)

    def api(self, path: str) -> tuple[int, dict[str, Any]]:
        import json

        event = api_gateway_event("GET", path, {"Host": "localhost"})
        resp = self.handlers["LookupApiFunction"](event, LocalContext(function_name="LookupApiFunction"))
        return int(resp["statusCode"]), json.loads(resp["body"])

    def table(self, logical_id: str = "ArticlesTable") -> Any:
        return boto3.resource("dynamodb", region_name="us-east-1").Table(self.resources.names[logical_id])


@pytest.fixture
def moto_stack() -> Iterator[MotoStack]:
    with mock_aws():
        yield build_stack()


def build_stack(parameters: dict[str, str] | None = None) -> MotoStack:
    """The template's resources (defaults, or ``parameters``) and handlers; inside ``mock_aws``."""
    resources = provision(boto3.Session(region_name="us-east-1"), visibility_timeout=0, parameters=parameters)
    settings = resources.settings()
    handlers = {spec.logical_id: spec.create_handler(settings) for spec in resources.functions}
    sqs = boto3.client("sqs", region_name="us-east-1")
    stop = threading.Event()
    dispatchers = {
        spec.logical_id: Dispatcher(spec, handlers[spec.logical_id], sqs, resources.urls[spec.queue],
                                    resources.arns[spec.queue], stop)
        for spec in resources.functions if spec.queue
    }
    return MotoStack(resources, handlers, dispatchers)
