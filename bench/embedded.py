"""End-to-end throughput and API latency on the embedded stack (moto server + function processes).

Throughput: the stack runs as ``articles up`` runs it, each queue-driven function in a process
of its own polling its queue; once they are all ready, the corpus is dropped into the inbox at
once (8 upload threads, as bench/burst.py) and the clock runs from the first upload to the end of
the last handler invocation (reported by the function processes), i.e. the time to take N
articles through parse → SNS → tag ∥ related. ``EmbeddedStack.drain()``'s 0.3 s polling is
therefore not counted. (Before 2026-12-06 the functions ran as threads of the bench's process and
the corpus was queued before they started.)

API: ``serve_api`` on a free port; sequential GETs over real HTTP on 127.0.0.1 (one new
connection per request, as the local server speaks HTTP/1.0), wall-clock per request.
"""

from __future__ import annotations

import http.client
import json
import random
import statistics
import time
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


def start_stack() -> Any:
    """An EmbeddedStack (moto server, resources, handlers loaded) whose functions run in processes
    of their own once :func:`throughput` starts them."""
    from articles_tools.local.stack import EmbeddedStack

    return EmbeddedStack(dispatch=False, visibility_timeout=30, workers="process").start()


def throughput(stack: Any, docs: list[Doc], timeout: float = 900.0) -> E2EResult:
    from articles.ids import article_id

    from bench.burst import BatchLog, upload

    batches = BatchLog()
    stack.start_dispatchers(on_batch=batches)
    t0 = time.perf_counter()
    upload(stack, docs)
    completed = stack.drain(timeout=timeout)
    stack.stop_dispatchers()
    last = batches.last_end(t0)
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
        invocations={k: len(v) for k, v in batches.batches.items()},
        batch_sizes={k: n / len(batches.batches[k]) for k, n in batches.records().items()},
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
