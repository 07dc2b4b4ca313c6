"""DynamoDB calls shared by the article repository and the related index.

One behaviour for both, so that neither can drift:

- ``call``: one request; throttling and 5xx answers are retried with exponential backoff and
  full jitter, and after the last attempt raised as ``TransientError`` (the queue redelivers).
- ``batch_get`` / ``batch_write``: BatchGetItem in chunks of 100 keys, BatchWriteItem in chunks
  of 25 requests (AWS rejects more). What AWS hands back as ``UnprocessedKeys`` /
  ``UnprocessedItems`` is retried with the same backoff; whatever is still left after the last
  attempt is raised as ``BatchIncomplete`` (a ``TransientError``) carrying it. Nothing is
  dropped: a caller either gets every item or an error.

The client is a boto3 DynamoDB client; the ``table.meta.client`` of a Table resource
(de)serialises Python values, as both stores use it. The hooks ``on_call``, ``on_read`` and
``on_written`` let a caller meter requests (the related index counts calls and capacity
units) without this module knowing about it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from botocore.exceptions import ClientError

from articles.errors import BatchIncomplete, TransientError

BATCH_WRITE_MAX = 25
BATCH_GET_MAX = 100
RETRYABLE = frozenset(
    {
        "ProvisionedThroughputExceededException",
        "ThrottlingException",
        "RequestLimitExceeded",
        "InternalServerError",
        "ServiceUnavailable",
    }
)

T = TypeVar("T")


@dataclass(frozen=True)
class Retry:
    """Exponential backoff with full jitter: before retry ``n`` (0-based) wait a uniform time
    in ``[0, min(cap, base * 2**n)]`` (AWS Architecture Blog, "Exponential Backoff And
    Jitter"). ``attempts`` counts every request, the first included."""

    attempts: int = 8
    base: float = 0.05
    cap: float = 1.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    jitter: Callable[[], float] = field(default=random.random, compare=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("Retry.attempts must be at least 1")

    def delay(self, retry: int) -> float:
        return self.jitter() * min(self.cap, self.base * 2.0**retry)

    def wait(self, retry: int) -> None:
        self.sleep(self.delay(retry))


DEFAULT_RETRY = Retry()


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """``items`` in consecutive lists of at most ``size``."""
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def error_code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def call(
    operation: str,
    fn: Callable[..., Any],
    *,
    retry: Retry = DEFAULT_RETRY,
    on_call: Callable[[str], None] | None = None,
    **kwargs: Any,
) -> Any:
    """``fn(**kwargs)``, retrying throttling and server errors; other errors propagate as is."""
    for attempt in range(retry.attempts):
        if on_call is not None:
            on_call(operation)
        try:
            return fn(**kwargs)
        except ClientError as exc:
            code = error_code(exc)
            if code not in RETRYABLE:
                raise
            if attempt == retry.attempts - 1:
                raise TransientError(f"DynamoDB {operation} kept failing: {code}") from exc
            retry.wait(attempt)
    raise AssertionError("unreachable")  # pragma: no cover


def _key_id(key: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, repr(value)) for name, value in key.items()))


def batch_get(
    client: Any,
    table: str,
    keys: Sequence[Mapping[str, Any]],
    *,
    projection: str | None = None,
    consistent: bool = False,
    retry: Retry = DEFAULT_RETRY,
    on_call: Callable[[str], None] | None = None,
    on_read: Callable[[list[dict[str, Any]], int], None] | None = None,
) -> list[dict[str, Any]]:
    """Every item found under ``keys`` (duplicates asked once; missing keys are left out; the
    order is DynamoDB's). ``on_read(items, keys_answered)`` is called after each response.

    Raises ``BatchIncomplete`` with the keys still unprocessed after ``retry.attempts`` tries."""
    out: list[dict[str, Any]] = []
    unique = list({_key_id(k): k for k in keys}.values())
    for part in chunks(unique, BATCH_GET_MAX):
        pending: list[Mapping[str, Any]] = part
        for attempt in range(retry.attempts):
            request: dict[str, Any] = {"Keys": pending}
            if projection:
                request["ProjectionExpression"] = projection
            if consistent:
                request["ConsistentRead"] = True
            resp = call(
                "BatchGetItem", client.batch_get_item, retry=retry, on_call=on_call, RequestItems={table: request}
            )
            items: list[dict[str, Any]] = resp.get("Responses", {}).get(table, [])
            unprocessed: list[Mapping[str, Any]] = resp.get("UnprocessedKeys", {}).get(table, {}).get("Keys", [])
            if on_read is not None:
                on_read(items, len(pending) - len(unprocessed))
            out.extend(items)
            if not unprocessed:
                break
            pending = unprocessed
            if attempt < retry.attempts - 1:
                retry.wait(attempt)
        else:
            raise BatchIncomplete(
                f"DynamoDB BatchGetItem left {len(pending)} key(s) of {table} unprocessed "
                f"after {retry.attempts} attempts",
                unprocessed=list(pending),
            )
    return out


def batch_write(
    client: Any,
    table: str,
    requests: Sequence[Mapping[str, Any]],
    *,
    retry: Retry = DEFAULT_RETRY,
    on_call: Callable[[str], None] | None = None,
    on_written: Callable[[Mapping[str, Any]], None] | None = None,
) -> None:
    """BatchWriteItem of ``requests`` (``{"PutRequest": ...}`` / ``{"DeleteRequest": ...}``)
    in chunks of 25. ``on_written(request)`` is called once per request that DynamoDB applied.

    Raises ``BatchIncomplete`` with the requests still unprocessed after ``retry.attempts``
    tries (the ones already applied stay applied: puts and deletes are idempotent, so the
    redelivered message writes them again harmlessly)."""
    for part in chunks(requests, BATCH_WRITE_MAX):
        pending: list[Mapping[str, Any]] = part
        for attempt in range(retry.attempts):
            resp = call(
                "BatchWriteItem", client.batch_write_item, retry=retry, on_call=on_call, RequestItems={table: pending}
            )
            unprocessed: list[Mapping[str, Any]] = resp.get("UnprocessedItems", {}).get(table, [])
            if on_written is not None:
                for r in pending:
                    if r not in unprocessed:
                        on_written(r)
            if not unprocessed:
                break
            pending = unprocessed
            if attempt < retry.attempts - 1:
                retry.wait(attempt)
        else:
            raise BatchIncomplete(
                f"DynamoDB BatchWriteItem left {len(pending)} request(s) to {table} unprocessed "
                f"after {retry.attempts} attempts",
                unprocessed=list(pending),
            )
