"""The related-articles index on the IndexTable (DynamoDB; pk/sk strings, no GSI, no Scan).

Items (pk / sk):

``A#{id} / DOC``   one indexed article: ``t`` title, ``p`` published, ``h`` content hash,
                   ``b`` its terms (zlib blob: bag of the 160 heaviest terms with tf and
                   flags, probe terms with df, name phrases; see ``related.document``),
                   ``s`` shingle sketch (256 bytes), ``r`` df-sampling rate it counted with.
                   ~1 KB. Written last by ``upsert``: its presence with the same content hash
                   means the article is fully indexed.
``A#{id} / REL``   its related list: one attribute per link, ``l:{other id}`` =
                   ``{s: score, e: explanation}``; at most ``top_k`` (a racing writer can
                   leave one or two more; reads keep the best ``top_k``). Per-link attributes
                   let concurrent writers add and drop links with UpdateItem without
                   clobbering each other.
``T#{term} / T``   a term's entry in the inverted index: ``k`` exact count of the articles
                   posted under it, ``c`` sampled df estimate, one attribute per posting
                   ``p:{id}`` = ``published_epoch_s * 1000 + weight`` (weight 1..999, the
                   article's normalised TF-IDF weight for the term). At most
                   ``postings_cap + postings_slack`` postings: the oldest (by publication) are
                   trimmed, so the item stays under ~1 KB and a read of it is bounded.
                   Stop terms (df > ``stop_ratio`` of the corpus) are never posted and only
                   the df sample (1 in R articles) still counts them: little write traffic to
                   the hottest keys, and none to their postings.
``META / STATS``   ``n``: corpus size as counted by the df sample (exact while R = 1), moved by
                   ADD; ``f``: the frequent-term table (zlib lines "term TAB df": the terms with
                   df >= 1% of N, at most 3000, ~10 KB) and its version ``v``, replaced with a
                   conditional update when a term crosses the threshold (rare once N is large).

A query (read-only, 3 BatchGetItem calls): META (1 item) → choose the 12 probe terms from the
text and the frequent table → their term items (≤ 12) → pre-score their postings → the best
candidates' DOC items, as many as the read budget (24 items) leaves, at least 10 → cosine
re-score and neighbourhood re-ranking. Reads do not depend on the corpus size: each term item
holds at most 36 postings, and stop terms hold none.

An upsert runs the same search (excluding itself; its own old DOC/REL items come in the
same BatchGet as META), plus one BatchGet for its neighbours' lists. It writes one UpdateItem
per posted term (its 10 heaviest probes: posting + exact count; conditional, see below), one
ADD per bag term when the article is in the df sample (1 in R: every article while N < 2048,
1 in 512 at N = 1M), its REL item, one UpdateItem per neighbour whose list it enters, the DOC
item (BatchWriteItem), META ``n`` when sampled and META ``f`` when the frequent table changes,
and last the SEQ counter of finished upserts (a second search only when another upsert
finished meanwhile: see ``RelatedIndex._upsert``, step 4).
Writes per article therefore fall as the corpus grows (see bench/related_scale.py).

Independent UpdateItems (one per term item; one per neighbour list) are issued concurrently by
a small thread pool (``write_workers``, through the low-level client, which is thread-safe):
they touch distinct items, so their order does not matter, and each is atomic on its item.
The DOC item still goes last, after every other write has returned.

Idempotency: an unchanged article (same content hash) is not re-indexed; a new probe posting
is conditional on ``attribute_not_exists(p:{id})``, so a retried upsert does not count a term
twice. A changed article replaces its postings (dropped probe terms lose the posting and their
count), its list and its entry in its old neighbours' lists. Sampled counters are statistics:
a crash between writes can leave one article's sampled contribution counted twice; nothing else
depends on their exactness.
"""

from __future__ import annotations

import math
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from boto3.dynamodb.types import Binary
from botocore.exceptions import ClientError

from articles.models import RelatedLink
from articles.related.document import (
    Analysed,
    DocRecord,
    analyse,
    content_hash,
    decode_terms,
    encode_terms,
    record_of,
    select_probes,
)
from articles.related.minhash import pack, unpack
from articles.related.scoring import Explanation, Match, StoredLink, admit, prescore, rank, top_candidates
from articles.related.weights import (
    DEFAULT_TUNING,
    DfModel,
    Tuning,
    is_sampled,
    normalized,
    sample_rate,
    term_weights,
)
from articles.store import batch as batched
from articles.store.batch import DEFAULT_RETRY, Retry

POSTING = "p:"
LINK = "l:"
META = {"pk": "META", "sk": "STATS"}
SEQ = {"pk": "META", "sk": "SEQ"}  # upserts finished so far (see RelatedIndex._upsert, step 4)
WRITE_WORKERS = 8  # concurrent UpdateItems per upsert (botocore keeps 10 connections per client)


def doc_key(article_id: str) -> dict[str, str]:
    return {"pk": f"A#{article_id}", "sk": "DOC"}


def rel_key(article_id: str) -> dict[str, str]:
    return {"pk": f"A#{article_id}", "sk": "REL"}


def term_key(term: str) -> dict[str, str]:
    return {"pk": f"T#{term}", "sk": "T"}


# ----------------------------------------------------------------------------- accounting
def _value_size(value: Any) -> int:
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, bytes | bytearray):
        return len(value)
    if isinstance(value, Binary):
        return len(_bytes(value))
    if isinstance(value, int | float | Decimal):
        digits = len(str(abs(value)).replace(".", "").lstrip("0")) or 1
        return 1 + math.ceil(digits / 2)
    if isinstance(value, dict):
        return 3 + sum(len(k.encode("utf-8")) + _value_size(v) + 1 for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return 3 + sum(_value_size(v) + 1 for v in value)
    return len(str(value))


def _bytes(value: Any) -> bytes:
    """bytes of a Binary attribute (boto3 wraps them in ``Binary``), b"" for None."""
    if value is None:
        return b""
    raw: Any = value.value if isinstance(value, Binary) else value  # type: ignore[attr-defined]
    return bytes(raw)


def item_size(item: Mapping[str, Any]) -> int:
    """DynamoDB's item size (attribute names plus values), approximately."""
    return sum(len(k.encode("utf-8")) + _value_size(v) for k, v in item.items())


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


COUNTER_FIELDS = ("calls", "items_read", "keys_requested", "items_written", "read_units", "write_units")


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


# ----------------------------------------------------------------------------- helpers
def _epoch(published: str | None, default: float) -> int:
    if published:
        try:
            dt = datetime.fromisoformat(published.replace("Z", "+00:00"))
            if dt.tzinfo is None:
                from datetime import UTC

                dt = dt.replace(tzinfo=UTC)
            return max(0, int(dt.timestamp()))
        except ValueError:
            pass
    return int(default)


def _num(value: Any, default: float = 0.0) -> float:
    return float(value) if value is not None else default


def _postings(item: Mapping[str, Any]) -> dict[str, int]:
    return {k[len(POSTING) :]: int(v) for k, v in item.items() if k.startswith(POSTING)}


def _links(item: Mapping[str, Any] | None) -> list[StoredLink]:
    if not item:
        return []
    out = []
    for k, v in item.items():
        if k.startswith(LINK):
            out.append(StoredLink(k[len(LINK) :], float(v.get("s", 0)), str(v.get("e", ""))))
    return out


def df_estimate(item: Mapping[str, Any] | None, rate: int) -> float:
    """A term's df from its item: the exact probe count, or the sampled estimate once it rests
    on enough sampled articles (4) to beat it."""
    if not item:
        return 0.0
    exact, sampled = _num(item.get("k")), _num(item.get("c"))
    if rate == 1 or sampled >= 4 * rate:
        return max(exact, sampled)
    return exact


def encode_freq(table: Mapping[str, float]) -> bytes:
    lines = (f"{t}\t{int(df)}" for t, df in sorted(table.items()))
    return zlib.compress("\n".join(lines).encode("utf-8"), 9)


def decode_freq(data: bytes | None) -> dict[str, float]:
    if not data:
        return {}
    text = zlib.decompress(bytes(data)).decode("utf-8")
    out = {}
    for line in text.split("\n") if text else []:
        term, _, df = line.rpartition("\t")
        out[term] = float(df)
    return out


@dataclass
class _Search:
    doc: Analysed
    model: DfModel
    rate: int
    probes: list[str]
    term_items: dict[str, dict[str, Any]]
    weights: dict[str, float]  # normalised query weights
    matches: list[Match]
    freq_version: int
    meta_n: float
    meta_size: int


class RelatedIndex:
    """Related-article index over the IndexTable (see the module docstring)."""

    def __init__(
        self,
        table: Any,
        *,
        top_k: int = 10,
        tuning: Tuning = DEFAULT_TUNING,
        clock: Callable[[], float] = time.time,
        write_workers: int = WRITE_WORKERS,
        retry: Retry = DEFAULT_RETRY,
    ) -> None:
        self.table = table
        self.retry = retry
        self.name: str = table.name
        self.client: Any = table.meta.client
        self.top_k = top_k
        self.tuning = tuning
        self.clock = clock
        self.stats = IndexStats()
        self._method: str | None = None
        self.write_workers = max(1, write_workers)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._stats_lock = threading.Lock()

    # ------------------------------------------------------------------ public API
    def query(
        self, *, title: str | None, body: str, n: int = 10, exclude: str | None = None,
        evidence: bool = True,
    ) -> list[RelatedLink]:
        """The ``n`` articles most related to a text (read-only); ``evidence=False`` for a
        keyword search (no evidence rule, see ``scoring.evidence``)."""
        with self._scope("query"):
            search = self._search(analyse(title, body), exclude, n, evidence=evidence)
            return [m.link() for m in search.matches[:n]]

    def upsert(
        self, article_id: str, *, title: str | None, body: str, published: str | None = None
    ) -> list[RelatedLink]:
        """Index (or re-index) an article; returns its related articles, best first."""
        with self._scope("upsert"):
            return self._upsert(article_id, title, body, published)

    def related_of(self, article_id: str) -> list[RelatedLink]:
        """The stored list of ``article_id`` (best first, titles filled in); [] if unknown."""
        with self._scope("related_of"):
            rel = self._get_many([rel_key(article_id)]).get(rel_key(article_id)["pk"] + "|REL")
            return self._render(_links(rel))

    def remove(self, article_id: str) -> None:
        """Forget an article: its postings and counts, its list, and its links in other lists."""
        with self._scope("remove"):
            self._remove(article_id)

    # ------------------------------------------------------------------ search
    def _load_meta(self) -> tuple[float, dict[str, float], int, int]:
        """Corpus size, frequent-term table, its version, and the item's size."""
        return self._meta_of(self._get_many([META]).get("META|STATS"))

    @staticmethod
    def _meta_of(item: Mapping[str, Any] | None) -> tuple[float, dict[str, float], int, int]:
        item = item or {}
        freq = decode_freq(_bytes(item.get("f")))
        return _num(item.get("n")), freq, int(_num(item.get("v"))), item_size(item)

    def _search(
        self,
        doc: Analysed,
        exclude: str | None,
        n: int,
        meta: tuple[float, dict[str, float], int, int] | None = None,
        evidence: bool = True,
    ) -> _Search:
        """``meta``: META as already read by the caller (``_meta_of``), else read here."""
        tuning = self.tuning
        n_docs, freq, version, meta_size = meta if meta is not None else self._load_meta()
        rate = sample_rate(n_docs, tuning.sample_base)
        model = DfModel(n_docs, freq, {}, tuning)
        probes = select_probes(doc, model)
        fetched = self._get_many([term_key(t) for t in probes])
        term_items: dict[str, dict[str, Any]] = {}
        for t in probes:
            item = fetched.get(f"T#{t}|T")
            if item:
                term_items[t] = item
            model.exact[t] = df_estimate(item, rate)
        weights = normalized(term_weights(doc.feats.tf, doc.feats.names, model))
        postings: dict[str, dict[str, float]] = {}
        for t in probes:
            if t in term_items and not model.is_stop(t):
                postings[t] = {d: (v % 1000) / 1000 for d, v in _postings(term_items[t]).items()}
        scores = prescore(weights, postings, [exclude] if exclude else [])
        # fetch as many candidates as the read budget leaves (1 META item + found term items)
        room = tuning.read_budget - 1 - len(term_items)
        wanted = top_candidates(scores, max(tuning.candidates, n, room))
        docs = self._get_docs(wanted)
        matches = rank(doc, docs, model, tuning, max(n, self.top_k), require_evidence=evidence)
        return _Search(doc, model, rate, probes, term_items, weights, matches, version, n_docs, meta_size)

    def _get_docs(self, ids: Sequence[str]) -> list[DocRecord]:
        items = self._get_many([doc_key(i) for i in ids])
        out = []
        for i in ids:
            item = items.get(f"A#{i}|DOC")
            if item:
                out.append(self._decode_doc(i, item))
        return out

    @staticmethod
    def _decode_doc(article_id: str, item: Mapping[str, Any]) -> DocRecord:
        rec = DocRecord(
            article_id=article_id,
            title=item.get("t"),
            published=item.get("p"),
            content_hash=str(item.get("h", "")),
            sample_rate=int(_num(item.get("r"))),
        )
        if item.get("b") is not None:
            decode_terms(_bytes(item["b"]), rec)
        if item.get("s") is not None:
            rec.sig = unpack(_bytes(item["s"]))
        return rec

    # ------------------------------------------------------------------ upsert
    def _upsert(
        self, article_id: str, title: str | None, body: str, published: str | None
    ) -> list[RelatedLink]:
        tuning = self.tuning
        digest = content_hash(title, body, published)
        old_items, meta_item = self._own_items(article_id, with_meta=True)
        old_doc_item = old_items.get("DOC")
        old = self._decode_doc(article_id, old_doc_item) if old_doc_item else None
        if old is not None and old.content_hash == digest:
            return self._render(_links(old_items.get("REL")))  # already indexed: nothing to do

        doc = analyse(title, body)
        search = self._search(doc, article_id, self.top_k, meta=self._meta_of(meta_item))
        model, rate = search.model, search.rate
        sampled = rate if is_sampled(article_id, rate) else 0
        # post under the heaviest probes only (by exact df now): one write each
        exact_weights = term_weights(doc.feats.tf, doc.feats.names, model, only=search.probes)
        posted = sorted(exact_weights, key=lambda t: (-exact_weights[t], t))[: tuning.posted_terms]
        probe_df = {t: model.exact.get(t, 0.0) + 1 for t in posted}
        rec = record_of(article_id, title, published, digest, doc, model, probe_df, sampled, tuning)

        # 1. term items (postings, exact counts, sampled counts) and the corpus size (sampled),
        # all independent UpdateItems, issued together; then the frequent-term table
        ts = _epoch(published, self.clock())
        n_docs = search.meta_n
        delta_n = sampled - (old.sample_rate if old else 0)
        tasks: list[Callable[[], Any]] = [partial(self._add_n, delta_n, search.meta_size)] if delta_n else []
        term_updates = self._term_updates(article_id, rec, old, search, ts)
        tasks += [partial(self._apply_term, term, kw, search) for term, kw in term_updates]
        results = self._parallel(tasks)
        if delta_n:
            n_docs = results.pop(0)
        new_counts = {term: df for (term, _kw), df in zip(term_updates, results, strict=True) if df is not None}
        self._refresh_freq(new_counts, n_docs, search)

        # 2. its own list, and its place in its neighbours' lists
        matches = search.matches[: self.top_k]
        old_links = _links(old_items.get("REL"))
        self._write_own_list(article_id, matches, old_links, item_size(old_items.get("REL") or {}))
        self._write_symmetric(article_id, matches, old_links)

        # 3. the document last: its presence means "fully indexed"
        self._put_doc(rec)

        # 4. Count finished upserts (SEQ, a small item of its own). If another one finished
        # between our search and now (a concurrent instance), it may have searched before we
        # were indexed, as we did before it was: search again now that our document is in.
        # The counter orders the two: the one counting second sees the other's document.
        finished = self._update({"Key": SEQ, "UpdateExpression": "ADD c :one",
                                 "ExpressionAttributeValues": {":one": 1}, "ReturnValues": "UPDATED_NEW"},
                                40, "meta-seq")
        if _num((finished or {}).get("c")) > _num(old_items.get("SEQ", {}).get("c")) + 1:
            matches = self._relink(article_id, doc, matches, search)
        return [m.link() for m in matches]

    def _relink(self, article_id: str, doc: Analysed, matches: list[Match], search: _Search) -> list[Match]:
        meta = (search.meta_n, dict(search.model.frequent), search.freq_version, search.meta_size)
        again = self._search(doc, article_id, self.top_k, meta=meta).matches[: self.top_k]
        if [m.article_id for m in again] == [m.article_id for m in matches]:
            return matches
        own, _ = self._own_items(article_id)
        written = _links(own.get("REL"))
        self._write_own_list(article_id, again, written, item_size(own.get("REL") or {}))
        self._write_symmetric(article_id, again, written)
        return again

    def _term_updates(
        self, article_id: str, rec: DocRecord, old: DocRecord | None, search: _Search, ts: int
    ) -> list[tuple[str, dict[str, Any]]]:
        """The UpdateItem of each term whose posting or counts change (by term)."""
        old_probes = set(old.probe_df) if old else set()
        new_probes = set(rec.probe_df)
        old_rate = old.sample_rate if old else 0
        old_bag = set(old.bag) if old and old_rate else set()
        new_bag = set(rec.bag) if rec.sample_rate else set()
        weights = normalized(
            term_weights(rec.bag, rec.names, search.model, only=list(rec.bag))
        )
        posting_attr = POSTING + article_id
        out: list[tuple[str, dict[str, Any]]] = []
        for term in sorted(old_probes | new_probes | old_bag | new_bag):
            sets: list[str] = []
            adds: list[str] = []
            removes: list[str] = []
            names: dict[str, str] = {}
            values: dict[str, Any] = {}
            condition: str | None = None
            sampled_delta = (rec.sample_rate if term in new_bag else 0) - (
                old_rate if term in old_bag else 0
            )
            if sampled_delta:
                adds.append("c :c")
                values[":c"] = sampled_delta
            if term in new_probes:
                w = max(1, min(999, round(weights.get(term, 0.0) * 1000)))
                names["#me"] = posting_attr
                sets.append("#me = :me")
                values[":me"] = ts * 1000 + w
                if term not in old_probes:
                    adds.append("k :one")
                    values[":one"] = 1
                    condition = "attribute_not_exists(#me)"
                removes.extend(self._trim(search.term_items.get(term), article_id, names))
            elif term in old_probes:
                names["#me"] = posting_attr
                removes.append("#me")
                adds.append("k :minus")
                values[":minus"] = -1
            if not (sets or adds or removes):
                continue
            expr = " ".join(
                part
                for part in (
                    "SET " + ", ".join(sets) if sets else "",
                    "ADD " + ", ".join(adds) if adds else "",
                    "REMOVE " + ", ".join(removes) if removes else "",
                )
                if part
            )
            kwargs: dict[str, Any] = {
                "Key": term_key(term),
                "UpdateExpression": expr,
                "ReturnValues": "UPDATED_NEW",
            }
            if names:
                kwargs["ExpressionAttributeNames"] = names
            if values:
                kwargs["ExpressionAttributeValues"] = values
            if condition:
                kwargs["ConditionExpression"] = condition
            out.append((term, kwargs))
        return out

    def _apply_term(self, term: str, kwargs: dict[str, Any], search: _Search) -> float | None:
        """One term's UpdateItem; its new df estimate (None if it returned nothing)."""
        size_hint = item_size(search.term_items.get(term) or {}) + 40
        kind = "posting" if "#me" in kwargs.get("ExpressionAttributeNames", {}) else "df-sample"
        attrs = self._update(kwargs, size_hint, kind)
        if attrs is None and "ConditionExpression" in kwargs:
            # already applied by an earlier attempt: redo the rest without the count
            values = {k: v for k, v in kwargs["ExpressionAttributeValues"].items() if k != ":one"}
            values[":zero"] = 0
            retry = {k: v for k, v in kwargs.items() if k != "ConditionExpression"}
            retry["UpdateExpression"] = kwargs["UpdateExpression"].replace("k :one", "k :zero")
            retry["ExpressionAttributeValues"] = values
            attrs = self._update(retry, size_hint, kind)
        if not attrs:
            return None
        item = search.term_items.get(term) or {}
        return df_estimate({**item, **attrs}, search.rate)

    def _trim(self, item: Mapping[str, Any] | None, article_id: str, names: dict[str, str]) -> list[str]:
        """Attributes to REMOVE so that the term keeps at most ``postings_cap`` postings after
        this one is added; only once the list is ``postings_slack`` over the cap."""
        if not item:
            return []
        others = {d: v for d, v in _postings(item).items() if d != article_id}
        tuning = self.tuning
        if len(others) + 1 <= tuning.postings_cap + tuning.postings_slack:
            return []
        oldest = sorted(others.items(), key=lambda dv: (dv[1] // 1000, dv[0]))
        drop = oldest[: len(others) + 1 - tuning.postings_cap]
        out = []
        for i, (d, _) in enumerate(drop):
            names[f"#o{i}"] = POSTING + d
            out.append(f"#o{i}")
        return out

    def _add_n(self, delta: int, size_hint: int) -> float:
        attrs = self._update(
            {
                "Key": META,
                "UpdateExpression": "ADD n :d",
                "ExpressionAttributeValues": {":d": delta},
                "ReturnValues": "UPDATED_NEW",
            },
            size_hint + 20,
            "meta-n",
        )
        return _num((attrs or {}).get("n"))

    def _refresh_freq(self, counts: Mapping[str, float], n_docs: float, search: _Search) -> None:
        """Record terms whose df reached the frequent threshold (or grew by ``freq_refresh``)
        in the frequent-term table; optimistic concurrency on its version."""
        tuning = self.tuning
        threshold = max(float(tuning.freq_min), tuning.freq_ratio * n_docs)
        freq = dict(search.model.frequent)
        version = search.freq_version
        for _attempt in range(4):
            changes = {
                t: df
                for t, df in counts.items()
                if df >= threshold and df >= freq.get(t, 0) * tuning.freq_refresh
            }
            if not changes:
                return
            freq.update(changes)
            freq = {t: df for t, df in freq.items() if df >= threshold / 2}
            if len(freq) > tuning.freq_max:
                kept = sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[: tuning.freq_max]
                freq = dict(kept)
            blob = encode_freq(freq)
            try:
                self._set_freq(blob, version, search.meta_size)
                return
            except _Conflict:
                _n, freq, version, _size = self._load_meta()

    def _write_own_list(
        self, article_id: str, matches: Sequence[Match], old_links: Sequence[StoredLink], old_size: int
    ) -> None:
        keep = {m.article_id for m in matches}
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        sets, removes = [], []
        for i, m in enumerate(matches):
            names[f"#l{i}"] = LINK + m.article_id
            values[f":l{i}"] = {"s": Decimal(f"{m.score:.4f}"), "e": m.explanation.encode()}
            sets.append(f"#l{i} = :l{i}")
        for j, link in enumerate(old_links):
            if link.article_id not in keep:
                names[f"#x{j}"] = LINK + link.article_id
                removes.append(f"#x{j}")
        sets.append("#at = :at")
        names["#at"] = "at"
        values[":at"] = int(self.clock())
        expr = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
        new_links = {LINK + m.article_id: values[f":l{i}"] for i, m in enumerate(matches)}
        size = max(item_size({**rel_key(article_id), **new_links, "at": 0}), old_size)
        self._update(
            {
                "Key": rel_key(article_id),
                "UpdateExpression": expr,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            },
            size,
        )

    def _write_symmetric(
        self, article_id: str, matches: Sequence[Match], old_links: Sequence[StoredLink]
    ) -> None:
        """Older articles learn of this one: it enters each neighbour's top-k list if it beats
        the weakest link there (and scores at least ``symmetric_min_score``: weak, same-topic
        links are not worth a write); neighbours it no longer relates to forget it."""
        targets = [m.article_id for m in matches]
        stale = [link.article_id for link in old_links if link.article_id not in set(targets)]
        lists = self._get_many([rel_key(i) for i in targets + stale])
        me = LINK + article_id
        tasks: list[Callable[[], Any]] = []  # one per neighbour list: distinct items
        for m in matches:
            rel = lists.get(f"A#{m.article_id}|REL")
            new = StoredLink(article_id, round(m.score, 4), m.explanation.encode())
            enters, evicted = admit(_links(rel), new, self.top_k)
            enters = enters and m.score >= self.tuning.symmetric_min_score
            if not enters:
                if rel and me in rel:  # it was there with an old score and fell out
                    size = item_size(rel)
                    tasks.append(partial(self._remove_links, m.article_id, [article_id], size))
                continue
            names = {"#me": me}
            removes = []
            for i, other in enumerate(evicted):
                names[f"#e{i}"] = LINK + other
                removes.append(f"#e{i}")
            expr = "SET #me = :me" + (" REMOVE " + ", ".join(removes) if removes else "")
            kwargs = {
                "Key": rel_key(m.article_id),
                "UpdateExpression": expr,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": {":me": {"s": Decimal(f"{new.score:.4f}"), "e": new.explanation}},
                "ConditionExpression": "attribute_exists(pk)",
            }
            size = item_size(rel or {}) + 80
            tasks.append(partial(self._update, kwargs, size, "rel-symmetric"))
        for other in stale:
            rel = lists.get(f"A#{other}|REL")
            if rel and me in rel:
                size = item_size(rel)
                tasks.append(partial(self._remove_links, other, [article_id], size))
        self._parallel(tasks)

    def _remove_links(self, owner: str, ids: Iterable[str], size_hint: int) -> None:
        names = {f"#r{i}": LINK + x for i, x in enumerate(ids)}
        if not names:
            return
        self._update(
            {
                "Key": rel_key(owner),
                "UpdateExpression": "REMOVE " + ", ".join(names),
                "ExpressionAttributeNames": names,
                "ConditionExpression": "attribute_exists(pk)",
            },
            size_hint,
        )

    def _put_doc(self, rec: DocRecord) -> None:
        item: dict[str, Any] = {
            **doc_key(rec.article_id),
            "h": rec.content_hash,
            "b": encode_terms(rec),
            "s": pack(rec.sig),
            "r": rec.sample_rate,
            "at": int(self.clock()),
        }
        if rec.title:
            item["t"] = rec.title[:500]
        if rec.published:
            item["p"] = rec.published
        self._batch_write([{"PutRequest": {"Item": item}}])

    # ------------------------------------------------------------------ related_of / remove
    def _render(self, links: Sequence[StoredLink]) -> list[RelatedLink]:
        """Best ``top_k`` links with titles; links to vanished articles are dropped."""
        best = sorted(links, key=lambda e: (-e.score, e.article_id))[: self.top_k + 2]
        if not best:
            return []
        docs = self._get_many([doc_key(x.article_id) for x in best], projection="pk, sk, t")
        out = []
        for link in best:
            item = docs.get(f"A#{link.article_id}|DOC")
            if item is None:
                continue
            title = item.get("t")
            expl = Explanation.decode(link.explanation)
            out.append(Match(link.article_id, link.score, expl, title).link())
        return out[: self.top_k]

    def _own_items(
        self, article_id: str, *, with_meta: bool = False
    ) -> tuple[dict[str, dict[str, Any]], dict[str, Any] | None]:
        """DOC and REL of one article (by sort key), and META and SEQ when asked (SEQ under
        the "SEQ" key of the first dict): one BatchGetItem."""
        keys = [doc_key(article_id), rel_key(article_id), *([META, SEQ] if with_meta else [])]
        got = self._get_many(keys)
        own = {sk: got[f"A#{article_id}|{sk}"] for sk in ("DOC", "REL") if f"A#{article_id}|{sk}" in got}
        if "META|SEQ" in got:
            own["SEQ"] = got["META|SEQ"]
        return own, got.get("META|STATS")

    def _remove(self, article_id: str) -> None:
        items, _ = self._own_items(article_id)
        doc_item, rel = items.get("DOC"), items.get("REL")
        if doc_item is None and rel is None:
            return
        rec = self._decode_doc(article_id, doc_item) if doc_item else DocRecord(article_id)
        me = POSTING + article_id
        # 1. postings and counts
        bag = set(rec.bag) if rec.sample_rate else set()
        tasks: list[Callable[[], Any]] = []  # one per term item, and META
        for term in sorted(set(rec.probe_df) | bag):
            adds, values = [], {}
            names = {}
            removes = []
            if term in rec.probe_df:
                names["#me"] = me
                removes.append("#me")
                adds.append("k :minus")
                values[":minus"] = -1
            if term in bag:
                adds.append("c :c")
                values[":c"] = -rec.sample_rate
            kwargs: dict[str, Any] = {
                "Key": term_key(term),
                "UpdateExpression": "ADD "
                + ", ".join(adds)
                + (" REMOVE " + ", ".join(removes) if removes else ""),
                "ExpressionAttributeValues": values,
                "ConditionExpression": "attribute_exists(pk)",
            }
            if names:
                kwargs["ExpressionAttributeNames"] = names
            tasks.append(partial(self._update, kwargs, 1024))
        if rec.sample_rate:
            tasks.append(partial(self._add_n, -rec.sample_rate, 4096))
        self._parallel(tasks)
        # 2. lists that may link to it: its own neighbours, and the articles sharing its probes
        owners = {link.article_id for link in _links(rel)}
        if rec.probe_df:
            fetched = self._get_many([term_key(t) for t in rec.probe_df])
            scores: dict[str, float] = {}
            for item in fetched.values():
                for d in _postings(item):
                    if d != article_id:
                        scores[d] = scores.get(d, 0.0) + 1.0
            owners |= set(top_candidates(scores, 3 * self.tuning.candidates))
        lists = self._get_many([rel_key(o) for o in sorted(owners)])
        tasks = []
        for owner in sorted(owners):
            rel_item = lists.get(f"A#{owner}|REL")
            if rel_item and LINK + article_id in rel_item:
                size = item_size(rel_item)
                tasks.append(partial(self._remove_links, owner, [article_id], size))
        self._parallel(tasks)
        # 3. its own items
        self._batch_write(
            [{"DeleteRequest": {"Key": doc_key(article_id)}}, {"DeleteRequest": {"Key": rel_key(article_id)}}]
        )

    # ------------------------------------------------------------------ DynamoDB plumbing
    @contextmanager
    def _scope(self, method: str) -> Iterator[None]:
        outer = self._method
        self._method = method if outer is None else outer
        if outer is None:
            self.stats.invocations[method] = self.stats.invocations.get(method, 0) + 1
        try:
            yield
        finally:
            self._method = outer

    def _parallel(self, tasks: Sequence[Callable[[], Any]]) -> list[Any]:
        """Run independent calls (distinct items) on the write pool; results in task order.
        Every task has finished when this returns; the first failure is then raised."""
        if len(tasks) <= 1 or self.write_workers == 1:
            return [task() for task in tasks]
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.write_workers, thread_name_prefix="related-index")
            pool = self._pool
        futures = [pool.submit(task) for task in tasks]
        errors = [f.exception() for f in futures]  # waits for every task
        for error in errors:
            if error is not None:
                raise error
        return [f.result() for f in futures]

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

    def _count_read(self, items: Sequence[Mapping[str, Any]], keys: int) -> None:
        units = sum(0.5 * max(1, math.ceil(item_size(i) / 4096)) for i in items)
        units += 0.5 * max(0, keys - len(items))  # a missing key still costs a read
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

    def _call(self, operation: str, fn: Callable[..., Any], **kwargs: Any) -> Any:
        return batched.call(operation, fn, retry=self.retry, on_call=self._count_call, **kwargs)

    def _get_many(
        self, keys: Sequence[Mapping[str, str]], projection: str | None = None
    ) -> dict[str, dict[str, Any]]:
        """BatchGetItem (``articles.store.batch``: chunked, unprocessed keys retried, then
        raised); items by "pk|sk"."""
        items = batched.batch_get(
            self.client, self.name, keys, projection=projection,
            retry=self.retry, on_call=self._count_call, on_read=self._count_read,
        )
        return {f"{item['pk']}|{item['sk']}": item for item in items}

    def _batch_write(self, requests: Sequence[Mapping[str, Any]]) -> None:
        """BatchWriteItem (``articles.store.batch``: chunks of 25, unprocessed items retried,
        then raised), metering what was written."""
        batched.batch_write(
            self.client, self.name, requests,
            retry=self.retry, on_call=self._count_call, on_written=self._count_request,
        )

    def _count_request(self, request: Mapping[str, Any]) -> None:
        put = request.get("PutRequest")
        if put:
            self._count_write(item_size(put["Item"]), put["Item"])
        else:
            self._count_write(1, request["DeleteRequest"]["Key"])

    def _update(
        self, kwargs: dict[str, Any], size_hint: int, kind: str | None = None
    ) -> dict[str, Any] | None:
        """UpdateItem (through the client: thread-safe, unlike the Table resource); None when
        its condition fails (the caller decides what that means)."""
        try:
            resp = self._call("UpdateItem", self.client.update_item, TableName=self.name, **kwargs)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                self._count_write(size_hint, kwargs["Key"], kind)  # a failed condition costs too
                return None
            raise
        self._count_write(size_hint, kwargs["Key"], kind)
        attrs: dict[str, Any] = resp.get("Attributes", {}) or {}
        return attrs

    def _set_freq(self, blob: bytes, version: int, size_hint: int) -> None:
        """Replace the frequent-term table if its version is still ``version`` (the corpus
        counter ``n`` in the same item is left alone: it moves by ADD)."""
        kwargs: dict[str, Any] = {
            "Key": META,
            "UpdateExpression": "SET f = :f, v = :next",
            "ExpressionAttributeValues": {":f": blob, ":next": version + 1},
        }
        if version:
            kwargs["ConditionExpression"] = "v = :v"
            kwargs["ExpressionAttributeValues"][":v"] = version
        else:
            kwargs["ConditionExpression"] = "attribute_not_exists(v)"
        if self._update(kwargs, max(size_hint, len(blob) + 40), "meta-freq") is None:
            raise _Conflict


class _Conflict(Exception):
    """An optimistic-concurrency check failed."""
