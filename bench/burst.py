"""Burst load on the embedded stack: N distinct articles dropped in the inbox at once.

    .venv/bin/python bench/burst.py [--burst 1000] [--seed 11] [--timeout 3600] [--workers process|thread]
    .venv/bin/python bench/run.py --only burst [--burst N] [--update-docs]   # the same, into results.json

The stack runs as ``articles up`` runs it (moto server on 127.0.0.1 in its own process,
resources from the template, each queue-driven function in a process of its own polling its
queue and calling the real handler; ``--workers thread``: the functions' dispatchers in this
process) before anything is uploaded; the N articles (bench/corpus.py, synthetic, distinct
keys) are then uploaded by a pool of threads as fast as the S3 API takes them, while the
dispatchers already work. The clock runs from the first upload to the end of the last handler
invocation once every queue is drained.

Verification reads the stores, not counters of our own code:

- every uploaded key has exactly one article item, found through the source index
  (``ArticleRepository.articles_from_source``, a Query on gsi2): none is *lost*, none
  *duplicated*; each article item has its parse, tag and related stages ``ok``;
- the article items counted through their DAY# partitions (gsi1 Queries) and, as an
  independent check, by a verification-only Scan of the articles table: exactly one per key,
  none from a key that was not uploaded (the product code never scans);
- the related index holds exactly one ``DOC`` and one ``REL`` item per article and none for
  an unknown article (a verification-only Scan of the index table);
- every work queue and every dead-letter queue is empty (queue attributes: visible, in flight
  and delayed messages).

Also reported, for information (from the dispatchers, i.e. our own code): records delivered to
each handler, which exceeds N when a message was delivered more than once.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.corpus import Doc, generate  # noqa: E402

STAGES = ("parse", "tag", "related")
VISIBILITY_TIMEOUT = 5  # s, as `articles up` runs the stack
SHOWN = 10  # problems listed per kind


@dataclass
class Verification:
    """What the stores hold after a burst (see the module docstring)."""

    uploaded: int
    ok: int = 0
    lost: list[str] = field(default_factory=list)  # keys without an article item
    duplicated: list[str] = field(default_factory=list)  # keys with more than one
    not_ok: list[str] = field(default_factory=list)  # "key: {stage: state}"
    articles_by_day: int = 0  # article items in the DAY# partitions of gsi1
    articles_scanned: int = 0  # article items found by the verification Scan
    strays: list[str] = field(default_factory=list)  # article items of keys not uploaded
    index_docs: int = 0  # DOC items of the uploaded articles
    index_rels: int = 0  # REL items of the uploaded articles
    index_missing: list[str] = field(default_factory=list)  # articles without DOC or REL
    index_unknown: list[str] = field(default_factory=list)  # DOC/REL items of unknown ids
    dlq_messages: dict[str, int] = field(default_factory=dict)
    queue_messages: dict[str, int] = field(default_factory=dict)  # work queues

    @property
    def dlq_total(self) -> int:
        return sum(self.dlq_messages.values())

    @property
    def queued_total(self) -> int:
        return sum(self.queue_messages.values())

    @property
    def passed(self) -> bool:
        n = self.uploaded
        return (
            self.ok == n
            and not (self.lost or self.duplicated or self.not_ok or self.strays)
            and self.articles_by_day == n
            and self.articles_scanned == n
            and self.index_docs == n
            and self.index_rels == n
            and not (self.index_missing or self.index_unknown)
            and self.dlq_total == 0
            and self.queued_total == 0
        )

    def problems(self) -> list[str]:
        out = []
        for name in ("lost", "duplicated", "not_ok", "strays", "index_missing", "index_unknown"):
            values = getattr(self, name)
            if values:
                out.append(f"{name} ({len(values)}): {values[:SHOWN]}")
        n = self.uploaded
        for name in ("articles_by_day", "articles_scanned", "index_docs", "index_rels"):
            if getattr(self, name) != n:
                out.append(f"{name}: {getattr(self, name)} (expected {n})")
        if self.dlq_total:
            out.append(f"DLQ messages: {self.dlq_messages}")
        if self.queued_total:
            out.append(f"messages left in work queues: {self.queue_messages}")
        return out


def _scan(table: Any, **kwargs: Any) -> Iterable[dict[str, Any]]:
    """VERIFICATION ONLY: every item of ``table`` (paginated Scan). The product never scans."""
    while True:
        resp = table.scan(**kwargs)
        yield from resp.get("Items", [])
        if "LastEvaluatedKey" not in resp:
            return
        kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


def _query_all(table: Any, **kwargs: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        resp = table.query(**kwargs)
        items += resp.get("Items", [])
        if "LastEvaluatedKey" not in resp:
            return items
        kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]


def queue_messages(sqs: Any, urls: dict[str, str]) -> dict[str, int]:
    """Messages in each queue: visible + in flight + delayed."""
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
             "ApproximateNumberOfMessagesDelayed"]
    out = {}
    for logical_id, url in sorted(urls.items()):
        attrs = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
        out[logical_id] = sum(int(attrs.get(n, 0)) for n in names)
    return out


def verify(session: Any, endpoint_url: str | None, resources: Any, keys: list[str]) -> Verification:
    """Check the stores after a burst of ``keys`` (see the module docstring).

    ``session``: a boto3 Session; ``resources``: the stack's ``LocalStack`` (names, queue urls);
    ``endpoint_url``: the moto server (None for in-process ``mock_aws``)."""
    from articles.ids import article_id
    from articles.store.dynamo import ArticleRepository
    from boto3.dynamodb.conditions import Attr, Key

    ddb = session.resource("dynamodb", endpoint_url=endpoint_url)
    sqs = session.client("sqs", endpoint_url=endpoint_url)
    articles = ddb.Table(resources.names["ArticlesTable"])
    index = ddb.Table(resources.names["IndexTable"])
    inbox = resources.names["InboxBucket"]
    repo = ArticleRepository(articles)
    v = Verification(uploaded=len(keys))

    # 1. per key, through the source index (gsi2), then the article item itself
    ids: dict[str, str] = {}
    days: set[str] = set()
    for key in keys:
        found = repo.articles_from_source(inbox, key)
        if not found:
            v.lost.append(key)
            continue
        if len(found) > 1:
            v.duplicated.append(f"{key}: {sorted(found)}")
        for aid in found:
            ids[aid] = key
        item = repo.get_article_item(found[0]) or {}
        if found[0] != article_id(inbox, key):
            v.not_ok.append(f"{key}: unexpected id {found[0]}")
        if item.get("gsi1pk"):
            days.add(str(item["gsi1pk"]))
        states = {s: (item.get("stages", {}).get(s) or {}).get("state") for s in STAGES}
        if len(found) == 1 and all(state == "ok" for state in states.values()):
            v.ok += 1
        elif len(found) == 1:
            v.not_ok.append(f"{key}: {states}")

    # 2. article items by day (gsi1 Queries over the days the articles carry)
    for day in sorted(days):
        v.articles_by_day += len(_query_all(articles, IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(day),
                                            ProjectionExpression="pk"))
    # 3. VERIFICATION ONLY: a Scan of the article items, an independent count
    per_key: Counter[str] = Counter()
    for item in _scan(articles, FilterExpression=Attr("sk").eq("A"), ProjectionExpression="pk, #k",
                      ExpressionAttributeNames={"#k": "key"}):
        v.articles_scanned += 1
        per_key[str(item.get("key"))] += 1
    uploaded = set(keys)
    v.strays = sorted(k for k in per_key if k not in uploaded)[:100]
    for key, count in per_key.items():
        if count > 1 and key in uploaded and not any(d.startswith(f"{key}:") for d in v.duplicated):
            v.duplicated.append(f"{key}: {count} article items")

    # 4. VERIFICATION ONLY: a Scan of the index's per-article items
    docs: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    for item in _scan(index, FilterExpression=Attr("pk").begins_with("A#"), ProjectionExpression="pk, sk"):
        aid = str(item["pk"])[2:]
        (docs if item["sk"] == "DOC" else rels)[aid] += 1
    expected = {article_id(inbox, k) for k in keys}
    v.index_docs = sum(docs[a] for a in expected)
    v.index_rels = sum(rels[a] for a in expected)
    v.index_missing = sorted(a for a in expected if docs[a] != 1 or rels[a] != 1)[:100]
    v.index_unknown = sorted(a for a in set(docs) | set(rels) if a not in expected)[:100]

    # 5. queues: work queues and DLQs
    counts = queue_messages(sqs, resources.urls)
    dlqs = set(resources.dlq_of.values())
    v.dlq_messages = {q: n for q, n in counts.items() if q in dlqs}
    v.queue_messages = {q: n for q, n in counts.items() if q not in dlqs}
    return v


@dataclass
class BurstResult:
    uploaded: int
    seconds: float  # first upload -> end of the last handler invocation
    upload_seconds: float  # first upload -> last upload acknowledged
    drained: bool
    deliveries: dict[str, int]  # records handed to each queue-driven function (informational)
    failures: dict[str, int]  # of those, records the function reported back (batchItemFailures)
    cpu_seconds: float  # CPU time meanwhile: this process, the function processes and the moto server
    verification: Verification
    verify_seconds: float = 0.0
    moto_cpu_seconds: float = 0.0  # of cpu_seconds, the moto server process's

    @property
    def articles_per_s(self) -> float:
        return self.verification.ok / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        v = self.verification
        return {
            "uploaded": self.uploaded,
            "ok": v.ok,
            "lost": len(v.lost),
            "duplicated": len(v.duplicated),
            "not_ok": len(v.not_ok),
            "dlq_messages": v.dlq_total,
            "queued_messages": v.queued_total,
            "passed": v.passed,
            "drained": self.drained,
            "seconds": round(self.seconds, 2),
            "upload_seconds": round(self.upload_seconds, 2),
            "articles_per_s": round(self.articles_per_s, 3),
            "deliveries": self.deliveries,
            "failures": self.failures,
            "cpu_seconds": round(self.cpu_seconds, 1),
            "cpu_ms_per_article": round(self.cpu_seconds * 1000 / max(self.uploaded, 1), 1),
            "moto_cpu_ms_per_article": round(self.moto_cpu_seconds * 1000 / max(self.uploaded, 1), 1),
            "verify_seconds": round(self.verify_seconds, 1),
            "verification": asdict(v),
            "problems": v.problems(),
        }


def line(r: dict[str, Any]) -> str:
    """`burst: 1000 uploaded, 1000 ok, 0 lost, 0 duplicated, DLQs empty, 312.4 s (3.2 articles/s)`."""
    dlq = "DLQs empty" if not r["dlq_messages"] else f"{r['dlq_messages']} DLQ messages"
    extra = ""
    if not r["passed"]:
        extra = " — FAILED" + (": " + "; ".join(r["problems"]) if r["problems"] else "")
    return (
        f"burst: {r['uploaded']} uploaded, {r['ok']} ok, {r['lost']} lost, {r['duplicated']} duplicated, "
        f"{dlq}, {r['seconds']:.1f} s ({r['articles_per_s']:.2f} articles/s){extra}"
    )


class BatchLog:
    """The stack's ``on_batch`` listener: every batch a function handled, as its process reported
    it (end time here, records, records failed), by function."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.batches: dict[str, list[tuple[float, int, int]]] = {}

    def __call__(self, function: str, records: int, failed: int) -> None:
        with self.lock:
            self.batches.setdefault(function, []).append((time.perf_counter(), records, failed))

    def clear(self) -> None:
        with self.lock:
            self.batches.clear()

    def records(self) -> dict[str, int]:
        return {f: sum(b[1] for b in bs) for f, bs in self.batches.items()}

    def failed(self) -> dict[str, int]:
        return {f: sum(b[2] for b in bs) for f, bs in self.batches.items()}

    def last_end(self, default: float) -> float:
        return max((b[0] for bs in self.batches.values() for b in bs), default=default)


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) of process ``pid`` (Linux /proc; 0 if unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    except (OSError, ValueError, IndexError):
        return 0.0


def _cpu(stack: Any) -> tuple[float, float]:
    """CPU seconds of the handlers (this process and the stack's worker processes) and of the
    stack's moto server process (0 when moto runs in this process)."""
    t = os.times()
    proc = getattr(stack.server, "proc", None)
    moto = _proc_cpu(proc.pid) if proc is not None else 0.0
    return t.user + t.system + sum(_proc_cpu(pid) for pid in stack.worker_pids), moto


def upload(stack: Any, docs: list[Doc], threads: int = 8) -> None:
    """Upload ``docs`` to the inbox from ``threads`` threads at once (one shared S3 client)."""
    s3 = stack.client("s3")
    inbox = stack.inbox

    def put(d: Doc) -> None:
        extra = {"ContentType": d.content_type} if d.content_type else {}
        s3.put_object(Bucket=inbox, Key=d.key, Body=d.data, **extra)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(put, docs))


def burst(stack: Any, batches: BatchLog, docs: list[Doc], *, timeout: float = 3600.0,
          log: Callable[[str], None] | None = None) -> BurstResult:
    """Drop ``docs`` at once on a stack from :func:`start_stack` (``batches``: its ``on_batch``
    listener), wait until every queue is drained, verify the stores."""
    stack.drain(timeout=60)  # the bucket's s3:TestEvent, queued when the stack was built
    batches.clear()
    cpu0 = _cpu(stack)
    t0 = time.perf_counter()
    upload(stack, docs)
    t_up = time.perf_counter() - t0
    if log:
        log(f"uploaded {len(docs)} articles in {t_up:.1f} s; draining ...")
    drained = stack.drain(timeout=timeout)
    seconds = batches.last_end(t0) - t0
    cpu1 = _cpu(stack)
    here, moto = cpu1[0] - cpu0[0], cpu1[1] - cpu0[1]
    t1 = time.perf_counter()
    import boto3
    from articles_tools.local.stack import DUMMY_CREDENTIALS

    session = boto3.Session(region_name="us-east-1", **DUMMY_CREDENTIALS)
    v = verify(session, stack.endpoint, stack.stack, [d.key for d in docs])
    return BurstResult(
        uploaded=len(docs),
        seconds=seconds,
        upload_seconds=t_up,
        drained=drained,
        deliveries=batches.records(),
        failures=batches.failed(),
        cpu_seconds=here + moto,
        verification=v,
        verify_seconds=time.perf_counter() - t1,
        moto_cpu_seconds=moto,
    )


def start_stack(visibility_timeout: int = VISIBILITY_TIMEOUT, workers: str = "process") -> tuple[Any, BatchLog]:
    """The embedded stack as ``articles up`` runs it (each queue-driven function in a process of
    its own, polling its queue; ``workers="thread"``: all in this process, as ``articles demo``
    runs them), and the log its ``on_batch`` listener fills (for :func:`burst`)."""
    from articles_tools.local.stack import EmbeddedStack

    batches = BatchLog()
    stack = EmbeddedStack(visibility_timeout=visibility_timeout, workers=workers, on_batch=batches).start()
    return stack, batches


def run(n: int, *, seed: int = 11, timeout: float = 3600.0, visibility_timeout: int = VISIBILITY_TIMEOUT,
        log: Callable[[str], None] | None = None, workers: str = "process") -> dict[str, Any]:
    """Start a stack, burst ``n`` generated articles, verify, stop; the result as a dict."""
    docs = generate(n, seed=seed)
    assert len({d.key for d in docs}) == n, "the corpus keys must be distinct"
    stack, batches = start_stack(visibility_timeout, workers)
    try:
        result = burst(stack, batches, docs, timeout=timeout, log=log)
    finally:
        stack.stop()
    return result.as_dict()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--burst", type=int, default=1000, help="articles dropped at once")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--timeout", type=float, default=3600.0)
    ap.add_argument("--workers", choices=("process", "thread"), default="process",
                    help="each function in a process of its own (as `articles up`), or all in this one")
    args = ap.parse_args(argv)

    def log(msg: str) -> None:
        print(f"[burst {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    r = run(args.burst, seed=args.seed, timeout=args.timeout, log=log, workers=args.workers)
    print(line(r))
    print(f"CPU per article: {r['cpu_ms_per_article']} ms, of which the moto server {r['moto_cpu_ms_per_article']} ms")
    return 0 if r["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
