"""Related-article index at scale: DynamoDB reads per query must stay flat as the corpus grows.

Generates a synthetic news stream (its own generator: Zipf-distributed common words, topics
with their own vocabulary, stories inside topics with their own names and rare words, several
articles per story), indexes N articles with the real ``RelatedIndex`` and then runs held-out
queries, reporting per query: DynamoDB items read, keys requested, calls, estimated RRU; per
upsert: items read/written, estimated WRU; and same-story precision of the answers (nP@5).

Backends: ``memory`` (default) is a small in-process stand-in for the few DynamoDB calls the
index makes (BatchGetItem, BatchWriteItem, UpdateItem with SET/ADD/REMOVE and conditions,
Query on pk), fast enough for 100k articles; ``moto`` uses moto's DynamoDB with the table
from template.yaml (slow: use it for 1k, where both must report the same traffic, which is
what ``--check`` asserts).

    cd /work/main && PYTHONPATH=shared .venv/bin/python bench/related_scale.py --sizes 1000 10000
    cd /work/main && PYTHONPATH=shared .venv/bin/python bench/related_scale.py --sizes 1000 --check
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from typing import Any

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared"))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))

from articles.store.index import RelatedIndex

# ----------------------------------------------------------------------------- corpus
CONSONANTS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"


def pseudo_words(rnd: random.Random, n: int, syllables: tuple[int, int], taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        w = "".join(rnd.choice(CONSONANTS) + rnd.choice(VOWELS) for _ in range(rnd.randint(*syllables)))
        if w not in taken:
            taken.add(w)
            out.append(w)
    return out


@dataclass
class Story:
    topic: int
    names: list[str]
    words: list[str]


@dataclass
class Article:
    id: str
    story: int
    title: str
    body: str
    published: str


@dataclass
class Corpus:
    """A reproducible stream: ``common`` Zipf words, ``topics`` vocabularies, ``stories``."""

    seed: int = 0
    n_common: int = 8000
    rnd: random.Random = field(init=False)
    common: list[str] = field(init=False)
    cum: list[float] = field(init=False)
    topics: list[list[str]] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    taken: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rnd = random.Random(self.seed)
        self.common = pseudo_words(self.rnd, self.n_common, (1, 3), self.taken)
        self.cum = list(accumulate(1 / (r + 1) ** 1.05 for r in range(self.n_common)))

    def _topic(self) -> int:
        if len(self.topics) < 8 or self.rnd.random() < 0.02:
            self.topics.append(pseudo_words(self.rnd, 40, (2, 3), self.taken))
        return self.rnd.randrange(len(self.topics))

    def new_story(self) -> int:
        names = [w.capitalize() for w in pseudo_words(self.rnd, 4, (2, 3), self.taken)]
        self.stories.append(Story(self._topic(), names, pseudo_words(self.rnd, 8, (3, 4), self.taken)))
        return len(self.stories) - 1

    def _word(self, story: Story) -> str:
        x = self.rnd.random()
        if x < 0.62:
            return self.common[bisect(self.cum, self.rnd.random() * self.cum[-1])]
        if x < 0.88:
            return self.rnd.choice(self.topics[story.topic])
        if x < 0.95:
            return self.rnd.choice(story.words)
        return self.rnd.choice(story.names)

    def article(self, n: int, story_id: int) -> Article:
        story = self.stories[story_id]
        sentences = []
        for _ in range(self.rnd.randint(6, 20)):
            words = [self._word(story) for _ in range(self.rnd.randint(9, 18))]
            sentences.append(" ".join([words[0].capitalize(), *words[1:]]) + ".")
        title_words = [self.rnd.choice(story.names), *(self._word(story) for _ in range(6))]
        day = 1 + n // 500
        published = f"2024-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}T{n % 24:02d}:00:00Z"
        return Article(f"a{n:07d}", story_id, " ".join(title_words), " ".join(sentences), published)

    def stream(self, total: int) -> Iterator[Article]:
        """Articles in time order: stories start, run for a while (5-20 articles), end."""
        active: list[list[int]] = []  # [story id, articles left]
        for n in range(total):
            if not active or self.rnd.random() < 0.12:
                active.append([self.new_story(), self.rnd.randint(5, 20)])
            slot = self.rnd.randrange(len(active))
            story_id = active[slot][0]
            active[slot][1] -= 1
            if active[slot][1] <= 0:
                active.pop(slot)
            yield self.article(n, story_id)


# ----------------------------------------------------------------------------- backends
def _conditional_failure() -> ClientError:
    return ClientError(
        {"Error": {"Code": "ConditionalCheckFailedException", "Message": "The conditional request failed"}},
        "UpdateItem",
    )


def _num(v: Any) -> Any:
    return Decimal(v) if isinstance(v, int) else v


class MemoryTable:
    """The subset of a boto3 DynamoDB Table (and its client) that ``RelatedIndex`` uses."""

    def __init__(self, name: str = "index-memory") -> None:
        self.name = name
        self.items: dict[tuple[str, str], dict[str, Any]] = {}
        self.sks: dict[str, set[str]] = {}  # pk -> its sort keys (for Query)
        self.meta = self  # table.meta.client -> self
        self.client = self

    def _store(self, item: dict[str, Any]) -> None:
        self.items[(item["pk"], item["sk"])] = item
        self.sks.setdefault(item["pk"], set()).add(item["sk"])

    def _drop(self, pk: str, sk: str) -> None:
        self.items.pop((pk, sk), None)
        self.sks.get(pk, set()).discard(sk)

    # client-level
    def batch_get_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:
        req = RequestItems[self.name]
        proj = [p.strip() for p in req.get("ProjectionExpression", "").split(",") if p.strip()]
        found = []
        for key in req["Keys"]:
            item = self.items.get((key["pk"], key["sk"]))
            if item is not None:
                found.append({k: v for k, v in item.items() if not proj or k in proj})
        return {"Responses": {self.name: found}, "UnprocessedKeys": {}}

    def batch_write_item(self, RequestItems: dict[str, Any]) -> dict[str, Any]:
        reqs = RequestItems[self.name]
        if len(reqs) > 25:
            raise ClientError({"Error": {"Code": "ValidationException", "Message": "too many items"}},
                              "BatchWriteItem")
        for r in reqs:
            if "PutRequest" in r:
                item = dict(r["PutRequest"]["Item"])
                self._store({k: _num(v) for k, v in item.items()})
            else:
                key = r["DeleteRequest"]["Key"]
                self._drop(key["pk"], key["sk"])
        return {"UnprocessedItems": {}}

    # table-level
    def query(
        self, KeyConditionExpression: str, ExpressionAttributeValues: dict[str, Any]
    ) -> dict[str, Any]:
        assert KeyConditionExpression == "pk = :pk"
        pk = ExpressionAttributeValues[":pk"]
        items = [dict(self.items[(pk, sk)]) for sk in sorted(self.sks.get(pk, ()))]
        return {"Items": items}

    def update_item(self, **kw: Any) -> dict[str, Any]:
        key = (kw["Key"]["pk"], kw["Key"]["sk"])
        names: dict[str, str] = kw.get("ExpressionAttributeNames", {})
        values: dict[str, Any] = kw.get("ExpressionAttributeValues", {})
        current = self.items.get(key)
        item = dict(current) if current else {"pk": key[0], "sk": key[1]}
        cond = kw.get("ConditionExpression")
        if cond and not self._check(cond, current, names, values):
            raise _conditional_failure()
        updated: dict[str, Any] = {}
        clauses = re.split(r"\b(SET|ADD|REMOVE)\b", kw["UpdateExpression"])
        for kind, body in zip(clauses[1::2], clauses[2::2], strict=True):
            for part in (p.strip() for p in body.split(",") if p.strip()):
                if kind == "SET":
                    left, right = (s.strip() for s in part.split("="))
                    attr = names.get(left, left)
                    item[attr] = _num(values[right])
                    updated[attr] = item[attr]
                elif kind == "ADD":
                    left, right = part.split()
                    attr = names.get(left, left)
                    item[attr] = Decimal(item.get(attr, 0)) + Decimal(values[right])
                    updated[attr] = item[attr]
                else:
                    item.pop(names.get(part, part), None)
        self._store(item)
        if kw.get("ReturnValues") == "UPDATED_NEW":
            return {"Attributes": updated}
        return {}

    @staticmethod
    def _check(cond: str, item: dict[str, Any] | None, names: dict[str, str], values: dict[str, Any]) -> bool:
        m = re.fullmatch(r"attribute_(not_)?exists\((.+)\)", cond)
        if m:
            attr = names.get(m.group(2), m.group(2))
            present = item is not None and attr in item
            return not present if m.group(1) else present
        m = re.fullmatch(r"(\w+) = (:\w+)", cond)
        if m:
            return item is not None and item.get(m.group(1)) == values[m.group(2)]
        raise NotImplementedError(cond)


@dataclass
class Backend:
    table: Any
    close: Any = None


def memory_backend() -> Backend:
    return Backend(MemoryTable())


def moto_backend() -> Backend:
    dummy = {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "AWS_DEFAULT_REGION": "us-east-1"}
    for k, v in dummy.items():
        os.environ.setdefault(k, v)
    import boto3
    from articles_tools.infra import provision
    from moto import mock_aws

    mock = mock_aws()
    mock.start()
    session = boto3.Session(region_name="us-east-1")
    stack = provision(session, prefix=f"bench{random.randrange(10**6)}")
    return Backend(session.resource("dynamodb").Table(stack.names["IndexTable"]), mock.stop)


# ----------------------------------------------------------------------------- run
def run(size: int, backend_name: str, queries: int, seed: int, tune: list[str] | None = None) -> dict[str, Any]:
    from articles_tools.related_cli import tuning_of

    backend = memory_backend() if backend_name == "memory" else moto_backend()
    index = RelatedIndex(backend.table, tuning=tuning_of(tune or []))
    corpus = Corpus(seed=seed)
    t0 = time.perf_counter()
    story_of: dict[str, int] = {}
    count_of: dict[int, int] = {}
    tail_start = size - max(1, size // 10)
    tail: dict[str, float] = {}
    for article in corpus.stream(size):
        if len(story_of) == tail_start:  # steady-state upsert cost: the last 10%
            index.stats.reset()
        index.upsert(article.id, title=article.title, body=article.body, published=article.published)
        story_of[article.id] = article.story
        count_of[article.story] = count_of.get(article.story, 0) + 1
    load_s = time.perf_counter() - t0
    tail = index.stats.per_call("upsert")
    upserts = index.stats.invocations.get("upsert", 1)
    tail_by_item = {k: round(v / upserts, 2) for k, v in sorted(index.stats.write_units_by_item.items())}

    # held-out queries: new articles of stories already in the index
    rnd = random.Random(seed + 1)
    candidates = [s for s, c in count_of.items() if c >= 3]
    index.stats.reset()
    hits = 0.0
    most = 0
    t1 = time.perf_counter()
    for q in range(queries):
        story_id = rnd.choice(candidates)
        article = corpus.article(size + q, story_id)
        before = index.stats.items_read
        links = index.query(title=article.title, body=article.body, n=10)
        most = max(most, index.stats.items_read - before)
        relevant = count_of[story_id]
        top5 = sum(1 for link in links[:5] if story_of.get(link.id) == story_id)
        hits += top5 / min(5, relevant)
    query_s = time.perf_counter() - t1
    per_query = index.stats.per_call("query")
    postings = {"max_postings_per_term": 0, "max_term_item_bytes": 0, "term_items": 0}
    if isinstance(backend.table, MemoryTable):
        from articles.store.index_items import item_size

        terms = [v for (pk, _sk), v in backend.table.items.items() if pk.startswith("T#")]
        postings = {
            "term_items": len(terms),
            "max_postings_per_term": max(sum(1 for k in t if k.startswith("p:")) for t in terms),
            "max_term_item_bytes": max(item_size(t) for t in terms),
        }
    rate = index_rate(index)
    if backend.close:
        backend.close()
    return {
        "max_items_read_per_query": most,
        **postings,
        "articles": size,
        "backend": backend_name,
        "sample_rate_at_end": rate,
        "query": {k: round(v, 3) for k, v in per_query.items()},
        "upsert_last_10pct": {k: round(v, 3) for k, v in tail.items()},
        "upsert_wru_by_item_last_10pct": tail_by_item,
        "same_story_nP@5": round(hits / queries, 3),
        "load_s": round(load_s, 1),
        "query_ms": round(1000 * query_s / queries, 1),
    }


def index_rate(index: RelatedIndex) -> int:
    from articles.related.weights import sample_rate

    n, _freq, _v, _size = index._load_meta()
    return sample_rate(n, index.tuning.sample_base)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--backend", choices=["memory", "moto"], default="memory")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--check", action="store_true", help="run the first size on both backends and compare")
    ap.add_argument("--json-out")
    ap.add_argument("--tune", action="append", default=[], metavar="NAME=VALUE",
                    help="override one field of articles.related.weights.Tuning")
    args = ap.parse_args(argv)
    results = []
    if args.check:
        a = run(args.sizes[0], "memory", args.queries, args.seed, args.tune)
        b = run(args.sizes[0], "moto", args.queries, args.seed, args.tune)
        same = a["query"] == b["query"] and a["upsert_last_10pct"] == b["upsert_last_10pct"]
        print(json.dumps({"memory": a, "moto": b, "identical_traffic": same}, indent=1))
        return 0 if same else 1
    for size in args.sizes:
        res = run(size, args.backend, args.queries, args.seed, args.tune)
        results.append(res)
        q, u = res["query"], res["upsert_last_10pct"]
        print(
            f"N={size:>7} ({res['backend']}, R={res['sample_rate_at_end']}): per query "
            f"{q['items_read']:.2f} items read (max {res['max_items_read_per_query']}), "
            f"{q['keys_requested']:.2f} keys, {q['calls']:.2f} calls, "
            f"{q['read_units']:.2f} RRU; per upsert (last 10%) {u['items_read']:.1f} items read, "
            f"{u['items_written']:.1f} items written, {u['write_units']:.1f} WRU, {u['calls']:.1f} calls; "
            f"same-story nP@5 {res['same_story_nP@5']:.3f}; "
            f"load {res['load_s']} s, query {res['query_ms']} ms; "
            f"term items {res['term_items']}, max postings/term {res['max_postings_per_term']}, "
            f"max term item {res['max_term_item_bytes']} B; "
            f"WRU per upsert by item: {res['upsert_wru_by_item_last_10pct']}",
            flush=True,
        )
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
