"""End-to-end throughput and API latency on the embedded stack (moto server + dispatchers).

Throughput: the stack starts without its own dispatchers; the corpus is dropped into the inbox
(S3 → SQS notifications queue it), then one dispatcher per queue-driven function is started and
the clock runs from that moment to the end of the last handler invocation (a wrapper records
it), i.e. the time to drain a backlog of N articles through parse → SNS → tag ∥ related.
``EmbeddedStack.drain()``'s 0.3 s polling is therefore not counted, nor are the uploads
(the producer's work).

API: ``serve_api`` on a free port; sequential GETs over real HTTP on 127.0.0.1 (one new
connection per request, as the local server speaks HTTP/1.0), wall-clock per request.
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench.corpus import Doc


@dataclass
class E2EResult:
    articles: int
    seconds: float
    invocations: dict[str, int]
    batch_sizes: dict[str, float]
    completed: bool
    not_ok: list[str] = field(default_factory=list)

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


class _Clocked:
    def __init__(self, handler: Callable[..., Any], log: list[float], sizes: list[int]) -> None:
        self.handler = handler
        self.log = log
        self.sizes = sizes

    def __call__(self, event: dict[str, Any], context: Any) -> Any:
        try:
            return self.handler(event, context)
        finally:
            self.log.append(time.perf_counter())
            self.sizes.append(len(event.get("Records", [])))


def start_stack() -> Any:
    """An EmbeddedStack (moto server, resources, handlers loaded) without dispatchers."""
    from articles_tools.local.stack import EmbeddedStack

    return EmbeddedStack(dispatch=False, visibility_timeout=30).start()


def throughput(stack: Any, docs: list[Doc], timeout: float = 900.0) -> E2EResult:
    from articles.ids import article_id
    from articles_tools.local.stack import Dispatcher

    for d in docs:
        stack.put(d.key, d.data, d.content_type)
    sqs = stack.client("sqs")
    stop = threading.Event()
    ends: dict[str, list[float]] = {}
    sizes: dict[str, list[int]] = {}
    dispatchers = []
    t0 = time.perf_counter()
    for spec in stack.stack.functions:
        if not spec.queue:
            continue
        ends[spec.logical_id], sizes[spec.logical_id] = [], []
        handler = _Clocked(stack.handlers[spec.logical_id], ends[spec.logical_id], sizes[spec.logical_id])
        d = Dispatcher(spec, handler, sqs, stack.stack.urls[spec.queue], stack.stack.arns[spec.queue], stop)
        d.start()
        dispatchers.append(d)
    stack.dispatchers.extend(dispatchers)
    completed = stack.drain(timeout=timeout)
    stop.set()
    for d in dispatchers:
        d.join(timeout=5)
    stack.dispatchers[:] = [d for d in stack.dispatchers if d not in dispatchers]
    last = max((t for log in ends.values() for t in log), default=t0)
    table = stack.client("dynamodb")
    not_ok = []
    for d in docs:
        aid = article_id(stack.inbox, d.key)
        item = table.get_item(
            TableName=stack.stack.names["ArticlesTable"], Key={"pk": {"S": f"ART#{aid}"}, "sk": {"S": "A"}}
        ).get("Item", {})
        stages = item.get("stages", {}).get("M", {})
        states = {k: v["M"].get("state", {}).get("S") for k, v in stages.items()}
        if not states or any(s != "ok" for s in states.values()):
            not_ok.append(f"{d.key}: {states}")
    return E2EResult(
        articles=len(docs),
        seconds=last - t0,
        invocations={k: len(v) for k, v in ends.items()},
        batch_sizes={k: (sum(v) / len(v) if v else 0.0) for k, v in sizes.items()},
        completed=completed,
        not_ok=not_ok,
    )


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _get(port: int, path: str) -> tuple[int, float, bytes]:
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, (time.perf_counter() - t0) * 1000, body
    finally:
        conn.close()


def api_latency(stack: Any, article_ids: list[str], requests: int = 200, seed: int = 8) -> dict[str, Any]:
    """p50/p99 and requests/s of GET /articles/{id} and GET /articles?entity=ID."""
    from articles_tools.local.stack import free_port

    port = free_port()
    stack.serve_api(port)
    rng = random.Random(seed)
    out: dict[str, Any] = {}
    # entity ids come from the articles themselves (first pass, not timed)
    entities: list[str] = []
    for aid in article_ids[:20]:
        status, _, body = _get(port, f"/articles/{aid}")
        if status == 200:
            entities += [e["id"] for e in json.loads(body).get("entities", [])]
    for _ in range(5):  # warm the route (first-call imports, validators)
        _get(port, f"/articles/{article_ids[0]}")
    for name, paths in (
        ("get_article", [f"/articles/{rng.choice(article_ids)}" for _ in range(requests)]),
        (
            "list_by_entity",
            [f"/articles?entity={rng.choice(entities)}&limit=20" for _ in range(requests // 2)]
            if entities
            else [],
        ),
    ):
        if not paths:
            continue
        latencies: list[float] = []
        errors = 0
        t0 = time.perf_counter()
        for path in paths:
            status, ms, _ = _get(port, path)
            latencies.append(ms)
            errors += status != 200
        wall = time.perf_counter() - t0
        out[name] = {
            "requests": len(paths),
            "errors": errors,
            "rps": len(paths) / wall,
            "p50_ms": _percentile(latencies, 0.50),
            "p90_ms": _percentile(latencies, 0.90),
            "p99_ms": _percentile(latencies, 0.99),
            "mean_ms": statistics.fmean(latencies),
        }
    return out
