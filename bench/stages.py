"""Per-stage cost of the real handlers, in-process on moto's ``mock_aws`` (no sockets).

The resources come from template.yaml (``articles_tools.infra.provision``); each handler is built by
its function's ``create_handler`` from ``resources.settings()``, as in
tests/integration/conftest.py, and driven by the stack's ``Dispatcher``
with ``poll_once()``: every queue is drained completely before the next stage runs, so each
stage's time and AWS calls are measured alone. A :class:`~bench.awscalls.CallMeter` installed on
boto3's default session (the one the handlers' clients come from) books every AWS call to the
stage running; the producer's uploads and the dispatcher's SQS traffic go through a separate
session and are not metered (SQS requests are modelled in the cost model instead).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bench.awscalls import CallMeter, Tally, item_size, schemas_from_template
from bench.corpus import Doc

REGION = "us-east-1"
STAGES = {"parse": "ParseArticleFunction", "tag": "TagEntitiesFunction", "related": "FindRelatedFunction"}
TABLE_ITEM_OVERHEAD = 100  # bytes DynamoDB adds per item (and per GSI entry) for storage billing


@dataclass
class StageResult:
    articles: int = 0
    invocations: int = 0
    handler_ms: float = 0.0  # total wall time inside the handler
    handler_cpu_ms: float = 0.0  # CPU time of the process inside the handler (its worker threads too)
    calls: dict[str, Tally] = field(default_factory=dict)  # "service.Op" -> tally, totals
    tables: dict[str, dict[str, Tally]] = field(default_factory=dict)  # logical table -> op -> tally

    @property
    def aws(self) -> Tally:
        out = Tally()
        for t in self.calls.values():
            out.add(t)
        return out

    def per_article(self) -> dict[str, Any]:
        n = max(self.articles, 1)
        aws = self.aws
        return {
            "handler_ms": self.handler_ms / n,
            "aws_ms": aws.ms / n,
            "compute_ms": (self.handler_ms - aws.ms) / n,
            "handler_cpu_ms": self.handler_cpu_ms / n,
            "aws_cpu_ms": aws.cpu_ms / n,
            "compute_cpu_ms": (self.handler_cpu_ms - aws.cpu_ms) / n,
            "calls": {k: t.calls / n for k, t in sorted(self.calls.items())},
            # of which issued concurrently by the handler's worker threads (the related index's
            # write pool): their wall times overlap, so aws_ms (a sum) can exceed handler_ms
            "concurrent_calls": {k: t.concurrent / n for k, t in sorted(self.calls.items()) if t.concurrent},
            "by_op": {
                k: {"calls": t.calls / n, "ms": t.ms / n, "wru": t.wru / n, "rru": t.rru / n}
                for k, t in sorted(self.calls.items())
            },
            "wru": aws.wru / n,
            "rru": aws.rru / n,
            "s3_bytes_out": aws.bytes_out / n,
            "by_table": {
                table: {
                    "calls": sum(t.calls for t in ops.values()) / n,
                    "wru": sum(t.wru for t in ops.values()) / n,
                    "rru": sum(t.rru for t in ops.values()) / n,
                    "by_op": {k: t.calls / n for k, t in sorted(ops.items())},
                    # of wru / rru, each GSI's share (provisioned capacity is set per index)
                    "by_index": _by_index(ops.values(), n),
                }
                for table, ops in sorted(self.tables.items())
            },
        }


def _by_index(tallies: Iterable[Tally], n: int) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for t in tallies:
        for key, per_index in (("wru", t.gsi_wru), ("rru", t.gsi_rru)):
            for index, units in per_index.items():
                row = out.setdefault(index, {"wru": 0.0, "rru": 0.0})
                row[key] += units / n
    return dict(sorted(out.items()))


@dataclass
class InProcessResult:
    stages: dict[str, StageResult]
    wall_s: float  # all three stages, dispatcher SQS traffic included
    articles: int
    bodies: list[str]  # parsed bodies, in corpus order
    titles: list[str | None]
    storage: dict[str, float]  # bytes per article: dynamodb_<table>, s3_<bucket>
    storage_items: dict[str, dict[str, float]]  # "<table> <pk kind>/<sk kind>" -> per article
    meter: CallMeter
    index_stats: dict[str, Any] | None = None
    failures: list[str] = field(default_factory=list)
    sample_ids: list[str] = field(default_factory=list)


class _Timed:
    """Wraps a handler: adds its wall time and invocation count to a StageResult."""

    def __init__(self, handler: Callable[..., Any]) -> None:
        self.handler = handler
        self.result: StageResult | None = None

    def __call__(self, event: dict[str, Any], context: Any) -> Any:
        # process CPU: the handler's worker threads (related index write pool) count too; nothing
        # else runs meanwhile (the dispatchers are polled by hand, one stage at a time)
        t0 = time.perf_counter()
        c0 = time.process_time()
        try:
            return self.handler(event, context)
        finally:
            if self.result is not None:
                self.result.handler_ms += (time.perf_counter() - t0) * 1000
                self.result.handler_cpu_ms += (time.process_time() - c0) * 1000
                self.result.invocations += 1
                self.result.articles += len(event.get("Records", []))


def run(docs: list[Doc], warmup: list[Doc]) -> InProcessResult:
    """Drop ``warmup`` then ``docs`` in the inbox and run parse, tag and related over them."""
    import boto3
    from articles_tools.infra import load_template, provision
    from articles_tools.local.stack import Dispatcher, speed_up_moto
    from moto import mock_aws

    speed_up_moto()  # moto's own costs that grow with the data, as on the embedded stack
    try:
        with mock_aws():
            resources = provision(boto3.Session(region_name=REGION), visibility_timeout=30)
            settings = resources.settings()
            meter = CallMeter(schemas_from_template(load_template(), resources.names), region=REGION)
            boto3.setup_default_session(region_name=REGION)
            meter.install(boto3.DEFAULT_SESSION)
            timed = {}
            for spec in resources.functions:
                if spec.queue:
                    timed[spec.logical_id] = (_Timed(spec.create_handler(settings)), spec)
            plain = boto3.Session(region_name=REGION)
            sqs, s3 = plain.client("sqs"), plain.client("s3")
            stop = threading.Event()
            dispatchers = {
                lid: Dispatcher(
                    spec, handler, sqs, resources.urls[spec.queue], resources.arns[spec.queue], stop
                )
                for lid, (handler, spec) in timed.items()
                if spec.queue
            }
            inbox = resources.names["InboxBucket"]

            def drop(batch: list[Doc]) -> None:
                for d in batch:
                    extra = {"ContentType": d.content_type} if d.content_type else {}
                    s3.put_object(Bucket=inbox, Key=d.key, Body=d.data, **extra)  # type: ignore[arg-type]

            def pump(function: str) -> None:
                while dispatchers[function].poll_once():
                    pass

            # warm-up: first calls import lazily (trafilatura, spaCy pipes, pydantic validators)
            drop(warmup)
            with meter.stage("warmup"):
                for function in STAGES.values():
                    pump(function)
            meter.reset()
            index_module = _index(timed)
            if index_module is not None:
                index_module.stats.reset()

            results = {name: StageResult() for name in STAGES}
            drop(docs)
            t0 = time.perf_counter()
            for name, function in STAGES.items():
                handler, _ = timed[function]
                handler.result = results[name]
                with meter.stage(name):
                    pump(function)
                handler.result = None
            wall = time.perf_counter() - t0
            logical = {physical: lid for lid, physical in resources.names.items()}
            for name in STAGES:
                results[name].calls = meter.per_op(name)
                results[name].tables = {logical.get(t, t): ops for t, ops in meter.per_table(name).items()}

            bodies, titles, failures, ids = _read_back(plain, resources, docs)
            storage, storage_items = _storage(resources, len(docs) + len(warmup))
            stats = index_module.stats.snapshot() if index_module is not None else None
            return InProcessResult(
                results, wall, len(docs), bodies, titles, storage, storage_items, meter, stats, failures, ids
            )
    finally:
        # later phases must not be metered (the hooks cost CPU): a fresh default session
        boto3.DEFAULT_SESSION = None
        if "meter" in locals():
            meter.enabled = False


def _index(timed: dict[str, Any]) -> Any:
    """The RelatedIndex the related handler was built with (for its own counters), if any."""
    timed_handler, _spec = timed.get(STAGES["related"], (None, None))
    stage = getattr(getattr(timed_handler, "handler", None), "stage", None)
    return getattr(stage, "index", None)


def _read_back(
    session: Any, resources: Any, docs: list[Doc]
) -> tuple[list[str], list[str | None], list[str], list[str]]:
    """Bodies/titles as parsed (through the parsed-article store) and articles not fully ok."""
    from articles.ids import article_id, parsed_key
    from articles.store.blobs import BlobStore

    table = session.resource("dynamodb").Table(resources.names["ArticlesTable"])
    inbox = resources.names["InboxBucket"]
    blobs = BlobStore(session.client("s3"), parsed_bucket=resources.names["ParsedBucket"], max_bytes=0, table=table)
    bodies: list[str] = []
    titles: list[str | None] = []
    failures: list[str] = []
    ids: list[str] = []

    for d in docs:
        aid = article_id(inbox, d.key)
        ids.append(aid)
        item = table.get_item(Key={"pk": f"ART#{aid}", "sk": "A"}).get("Item") or {}
        states = {k: (v or {}).get("state") for k, v in (item.get("stages") or {}).items()}
        if any(s != "ok" for s in states.values()) or not states:
            failures.append(f"{d.key}: {states}")
        try:
            doc = blobs.get_parsed(parsed_key(aid))
            bodies.append(doc["body"])
            titles.append(doc.get("title"))
        except Exception:
            bodies.append("")
            titles.append(None)
    return bodies, titles, failures, ids


def _storage(resources: Any, n_articles: int) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Stored bytes per article: DynamoDB items (+ overhead, + GSI copies) and S3 objects."""
    from articles_tools.infra import load_template
    from moto.dynamodb.models import dynamodb_backends
    from moto.s3.models import s3_backends

    from bench.awscalls import ACCOUNT, schemas_from_template

    out: dict[str, float] = {}
    breakdown: dict[str, dict[str, float]] = {}
    schemas = schemas_from_template(load_template(), resources.names)
    backend = dynamodb_backends[ACCOUNT][REGION]
    for logical_id in ("ArticlesTable", "IndexTable"):
        name = resources.names[logical_id]
        schema = schemas[name]
        total = 0
        items = 0
        for item in backend.get_table(name).all_items():
            attrs = item.to_json()["Attributes"]
            size = item_size(attrs) + TABLE_ITEM_OVERHEAD
            stored = size
            items += 1
            for keys, projection in schema.gsis.values():
                if keys[0] in attrs:
                    if projection == "KEYS_ONLY":
                        projected = {k: attrs[k] for k in (*schema.keys, *keys) if k in attrs}
                        stored += item_size(projected) + TABLE_ITEM_OVERHEAD
                    else:
                        stored += size
            total += stored
            kind = "/".join(str(attrs.get(k, {}).get("S", "?")).split("#", 1)[0] for k in schema.keys)
            row = breakdown.setdefault(
                f"{logical_id} {kind}", {"items": 0.0, "item_bytes": 0.0, "stored_bytes": 0.0}
            )
            row["items"] += 1
            row["item_bytes"] += size - TABLE_ITEM_OVERHEAD
            row["stored_bytes"] += stored
        out[f"dynamodb_{logical_id}_bytes"] = total / n_articles
        out[f"dynamodb_{logical_id}_items"] = items / n_articles
    s3b = s3_backends[ACCOUNT]["aws"]
    for logical_id in ("InboxBucket", "ParsedBucket"):
        bucket = s3b.get_bucket(resources.names[logical_id])
        total = sum(len(k.value) for k in bucket.keys.values())
        out[f"s3_{logical_id}_bytes"] = total / n_articles
    for row in breakdown.values():  # per article: items, mean item size, stored bytes (with GSI copies)
        row["item_bytes"] = row["item_bytes"] / row["items"]
        row["stored_bytes"] = row["stored_bytes"] / n_articles
        row["items"] = row["items"] / n_articles
    return out, breakdown
