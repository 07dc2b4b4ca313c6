"""DynamoDB calls with their cost counted: a wrapper around one table's client that sends
every request through :mod:`articles.store.batch` (retries with backoff; unprocessed work
raised, never dropped) and meters it in :class:`IndexStats`: requests per operation, items
read and written, estimated read and write capacity units, in total and per public method of
the caller (``with meter.scope("upsert"): ...``). The related index uses it; the bench and
``articles related`` report its counters.

Thread-safe: the related index issues independent UpdateItems from a thread pool (the
low-level client is thread-safe; the counters are updated under a lock).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from botocore.exceptions import ClientError

from articles.store import batch as batched
from articles.store.batch import DEFAULT_RETRY, Retry
from articles.store.index_items import item_size

COUNTER_FIELDS = ("calls", "items_read", "keys_requested", "items_written", "read_units", "write_units")


@dataclass
class Counters:
    calls: int = 0  # DynamoDB requests
    items_read: int = 0  # items returned by reads
    keys_requested: int = 0  # keys asked for (BatchGet/Get), returned or not
    items_written: int = 0  # items put, updated or deleted
    read_units: float = 0.0  # estimated RRU (eventually consistent: 0.5 per 4 KB per item)
    write_units: float = 0.0  # estimated WRU (1 per 1 KB per item)

    def as_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in COUNTER_FIELDS}


@dataclass
class IndexStats(Counters):
    """DynamoDB traffic of one ``RelatedIndex``: totals, per DynamoDB operation, and per
    public method (``by_method["query"]`` etc., with ``invocations`` counting the calls)."""

    operations: dict[str, int] = field(default_factory=dict)
    write_units_by_item: dict[str, float] = field(default_factory=dict)  # doc/rel/posting/sample/meta
    by_method: dict[str, Counters] = field(default_factory=dict)
    invocations: dict[str, int] = field(default_factory=dict)

    def per_call(self, method: str) -> dict[str, float]:
        calls = self.invocations.get(method, 0)
        c = self.by_method.get(method, Counters())
        return {k: (v / calls if calls else 0.0) for k, v in c.as_dict().items()}

    def reset(self) -> None:
        fresh = IndexStats()
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(fresh, name))

    def snapshot(self) -> dict[str, Any]:
        return {
            **self.as_dict(),
            "operations": dict(self.operations),
            "write_units_by_item": dict(self.write_units_by_item),
            "invocations": dict(self.invocations),
            "per_call": {m: self.per_call(m) for m in self.invocations},
        }


class MeteredTable:
    """One DynamoDB table's requests, retried (``articles.store.batch``) and counted in
    ``stats``. ``client`` is a boto3 DynamoDB client that (de)serialises Python values (a
    Table resource's ``meta.client``)."""

    def __init__(self, client: Any, name: str, *, retry: Retry = DEFAULT_RETRY,
                 stats: IndexStats | None = None) -> None:
        self.client = client
        self.name = name
        self.retry = retry
        self.stats = stats if stats is not None else IndexStats()
        self._method: str | None = None
        self._stats_lock = threading.Lock()

    @contextmanager
    def scope(self, method: str) -> Iterator[None]:
        """Count what runs inside under ``method`` (the outermost scope wins)."""
        outer = self._method
        self._method = method if outer is None else outer
        if outer is None:
            self.stats.invocations[method] = self.stats.invocations.get(method, 0) + 1
        try:
            yield
        finally:
            self._method = outer

    # ------------------------------------------------------------------ requests
    def call(self, operation: str, fn: Callable[..., Any], **kwargs: Any) -> Any:
        return batched.call(operation, fn, retry=self.retry, on_call=self._count_call, **kwargs)

    def get_many(
        self, keys: Sequence[Mapping[str, str]], projection: str | None = None, *, consistent: bool = False
    ) -> dict[str, dict[str, Any]]:
        """BatchGetItem (``articles.store.batch``: chunked, unprocessed keys retried, then
        raised); items by "pk|sk"."""
        items = batched.batch_get(
            self.client, self.name, keys, projection=projection, consistent=consistent,
            retry=self.retry, on_call=self._count_call,
            on_read=partial(self._count_read, units_per_4kb=1.0 if consistent else 0.5),
        )
        return {f"{item['pk']}|{item['sk']}": item for item in items}

    def batch_write(self, requests: Sequence[Mapping[str, Any]]) -> None:
        """BatchWriteItem (``articles.store.batch``: chunks of 25, unprocessed items retried,
        then raised), metering what was written."""
        batched.batch_write(
            self.client, self.name, requests,
            retry=self.retry, on_call=self._count_call, on_written=self._count_request,
        )

    def update(
        self, kwargs: dict[str, Any], size_hint: int, kind: str | None = None
    ) -> dict[str, Any] | None:
        """UpdateItem (through the client: thread-safe, unlike the Table resource); None when
        its condition fails (the caller decides what that means)."""
        try:
            resp = self.call("UpdateItem", self.client.update_item, TableName=self.name, **kwargs)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                self._count_write(size_hint, kwargs["Key"], kind)  # a failed condition costs too
                return None
            raise
        self._count_write(size_hint, kwargs["Key"], kind)
        attrs: dict[str, Any] = resp.get("Attributes", {}) or {}
        return attrs

    # ------------------------------------------------------------------ counting
    def _counters(self) -> list[Counters]:
        out: list[Counters] = [self.stats]
        if self._method is not None:
            out.append(self.stats.by_method.setdefault(self._method, Counters()))
        return out

    def _count_call(self, operation: str) -> None:
        with self._stats_lock:
            self.stats.operations[operation] = self.stats.operations.get(operation, 0) + 1
            for c in self._counters():
                c.calls += 1

    def _count_read(self, items: Sequence[Mapping[str, Any]], keys: int, units_per_4kb: float = 0.5) -> None:
        """Eventually consistent reads cost 0.5 RRU per started 4 KB, consistent ones 1."""
        units = sum(units_per_4kb * max(1, math.ceil(item_size(i) / 4096)) for i in items)
        units += units_per_4kb * max(0, keys - len(items))  # a missing key still costs a read
        with self._stats_lock:
            for c in self._counters():
                c.items_read += len(items)
                c.keys_requested += keys
                c.read_units += units

    def _count_write(self, size: int, key: Mapping[str, Any], kind: str | None = None) -> None:
        units = max(1, math.ceil(size / 1024))
        if kind is None:
            kind = "meta" if key.get("pk") == "META" else str(key.get("sk", "?")).lower()
        with self._stats_lock:
            self.stats.write_units_by_item[kind] = self.stats.write_units_by_item.get(kind, 0) + units
            for c in self._counters():
                c.items_written += 1
                c.write_units += units

    def _count_request(self, request: Mapping[str, Any]) -> None:
        put = request.get("PutRequest")
        if put:
            self._count_write(item_size(put["Item"]), put["Item"])
        else:
            self._count_write(1, request["DeleteRequest"]["Key"])
