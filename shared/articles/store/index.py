"""The related-articles index on the IndexTable (DynamoDB; pk/sk strings, no GSI, no Scan).

The items (``A#{id}/DOC``, ``A#{id}/REL``, ``T#{term}/T``, ``META/STATS``, ``META/N``, ``META/SEQ``,
``META/SAMPLE``), their keys and their encoding are in :mod:`articles.store.index_items`; every request goes through
:class:`articles.store.metering.MeteredTable` (retries, cost counters in ``RelatedIndex.stats``).

A query (read-only, 3 BatchGetItem calls): META and N (2 items) → choose the 12 probe terms from
the text and the frequent table → their term items (≤ 12) → pre-score their postings → the best
candidates' DOC items, as many as the read budget (25 items) leaves, at least 10 → cosine
re-score and neighbourhood re-ranking. Reads do not depend on the corpus size: each term item
holds at most 36 postings, and stop terms hold none.

An upsert runs the same search (excluding itself; its own old DOC/REL items come in the
same BatchGet as META and N), plus one BatchGet for its neighbours' lists. It writes one UpdateItem
per posted term (its 8 heaviest probes: posting + exact count; conditional, see below), its
REL item, one UpdateItem per neighbour whose list it enters, the DOC item (BatchWriteItem), and
last the SEQ counter of finished upserts (a second search only when another upsert finished
meanwhile: see ``RelatedIndex._upsert``, step 4). An article in the df sample (1 in R: every
article while N < 128, 1 in 4096 at N = 1M) also moves the sample (META/SAMPLE: one consistent
read and one conditional write for all its terms), the corpus size ``N``, and META ``f`` when the
frequent table changes. So an upsert costs a bounded number of calls at any corpus size (≈ 20,
reads included, plus 3 when sampled), and its write units fall as the corpus grows
(bench/related_scale.py).

Independent UpdateItems (one per term item; one per neighbour list) are issued concurrently by
a small thread pool (``write_workers``, through the low-level client, which is thread-safe):
they touch distinct items, so their order does not matter, and each is atomic on its item.
The DOC item goes after every posting and list write has returned; the statistics after it.

Idempotency: an unchanged article (same content hash) is not re-indexed; a new probe posting
is conditional on ``attribute_not_exists(p:{id})``, so a retried upsert does not count a term
twice. A changed article replaces its postings (dropped probe terms lose the posting and their
count), its list and its entry in its old neighbours' lists. The statistics (df sample, corpus
size) move only once the DOC item is in: a retry never counts an article twice, and a crash
between the two leaves it out of them; nothing depends on their exactness.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

from articles.errors import TransientError
from articles.models import RelatedLink
from articles.related.document import Analysed, DocRecord, analyse, content_hash, record_of, select_probes
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
from articles.store.batch import DEFAULT_RETRY, Retry
from articles.store.index_items import (
    CORPUS_SIZE,
    LINK,
    META,
    POSTING,
    SAMPLE,
    SEQ,
    Meta,
    apply_sample,
    decode_doc,
    decode_links,
    decode_meta,
    decode_postings,
    decode_sample,
    df_estimate,
    doc_key,
    encode_doc,
    encode_freq,
    item_size,
    link_value,
    number,
    posting_epoch,
    posting_value,
    posting_weight,
    published_epoch,
    rel_key,
    term_key,
    trusted_sample,
)
from articles.store.metering import IndexStats, MeteredTable

WRITE_WORKERS = 8  # concurrent UpdateItems per upsert (botocore keeps 10 connections per client)
SAMPLE_ATTEMPTS = 8  # read-modify-write rounds of the df sample under concurrent writers


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
        self.db = MeteredTable(self.client, self.name, retry=retry)  # every request, retried and counted
        self.stats: IndexStats = self.db.stats
        self.top_k = top_k
        self.tuning = tuning
        self.clock = clock
        self.write_workers = max(1, write_workers)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    # ------------------------------------------------------------------ public API
    def query(
        self, *, title: str | None, body: str, n: int = 10, exclude: str | None = None,
        evidence: bool = True,
    ) -> list[RelatedLink]:
        """The ``n`` articles most related to a text (read-only); ``evidence=False`` for a
        keyword search (no evidence rule, see ``scoring.evidence``)."""
        with self.db.scope("query"):
            search = self._search(analyse(title, body), exclude, n, evidence=evidence)
            return [m.link() for m in search.matches[:n]]

    def upsert(
        self, article_id: str, *, title: str | None, body: str, published: str | None = None
    ) -> list[RelatedLink]:
        """Index (or re-index) an article; returns its related articles, best first."""
        with self.db.scope("upsert"):
            return self._upsert(article_id, title, body, published)

    def related_of(self, article_id: str) -> list[RelatedLink]:
        """The stored list of ``article_id`` (best first, titles filled in); [] if unknown."""
        with self.db.scope("related_of"):
            rel = self.db.get_many([rel_key(article_id)]).get(rel_key(article_id)["pk"] + "|REL")
            return self._render(decode_links(rel))

    def remove(self, article_id: str) -> None:
        """Forget an article: its postings and counts, its list, and its links in other lists."""
        with self.db.scope("remove"):
            self._remove(article_id)

    # ------------------------------------------------------------------ search
    def _load_meta(self) -> Meta:
        """Corpus size, frequent-term table, its version, and the item's size (one BatchGet)."""
        got = self.db.get_many([META, CORPUS_SIZE])
        return decode_meta(got.get("META|STATS"), got.get("META|N"))

    def _search(
        self,
        doc: Analysed,
        exclude: str | None,
        n: int,
        meta: Meta | None = None,
        evidence: bool = True,
    ) -> _Search:
        """``meta``: META as already read by the caller (``decode_meta``), else read here."""
        tuning = self.tuning
        n_docs, freq, version, meta_size = meta if meta is not None else self._load_meta()
        rate = sample_rate(n_docs, tuning.sample_base)
        model = DfModel(n_docs, freq, {}, tuning)
        probes = select_probes(doc, model)
        fetched = self.db.get_many([term_key(t) for t in probes])
        term_items: dict[str, dict[str, Any]] = {}
        for t in probes:
            item = fetched.get(f"T#{t}|T")
            if item:
                term_items[t] = item
            model.exact[t] = max(df_estimate(item, rate), freq.get(t, 0.0))
        weights = normalized(term_weights(doc.feats.tf, doc.feats.names, model))
        postings: dict[str, dict[str, float]] = {}
        for t in probes:
            if t in term_items and not model.is_stop(t):
                postings[t] = {d: posting_weight(v) for d, v in decode_postings(term_items[t]).items()}
        scores = prescore(weights, postings, [exclude] if exclude else [])
        # fetch as many candidates as the read budget leaves (META and N + found term items)
        room = tuning.read_budget - 2 - len(term_items)
        wanted = top_candidates(scores, max(tuning.candidates, n, room))
        docs = self._get_docs(wanted)
        matches = rank(doc, docs, model, tuning, max(n, self.top_k), require_evidence=evidence)
        return _Search(doc, model, rate, probes, term_items, weights, matches, version, n_docs, meta_size)

    def _get_docs(self, ids: Sequence[str]) -> list[DocRecord]:
        items = self.db.get_many([doc_key(i) for i in ids])
        out = []
        for i in ids:
            item = items.get(f"A#{i}|DOC")
            if item:
                out.append(decode_doc(i, item))
        return out

    # ------------------------------------------------------------------ upsert
    def _upsert(
        self, article_id: str, title: str | None, body: str, published: str | None
    ) -> list[RelatedLink]:
        tuning = self.tuning
        digest = content_hash(title, body, published)
        old_items, meta = self._own_items(article_id, with_meta=True)
        old_doc_item = old_items.get("DOC")
        old = decode_doc(article_id, old_doc_item) if old_doc_item else None
        if old is not None and old.content_hash == digest:
            return self._render(decode_links(old_items.get("REL")))  # already indexed: nothing to do

        doc = analyse(title, body)
        search = self._search(doc, article_id, self.top_k, meta=meta)
        model, rate = search.model, search.rate
        sampled = rate if is_sampled(article_id, rate) else 0
        # post under the heaviest probes only (by exact df now): one write each
        exact_weights = term_weights(doc.feats.tf, doc.feats.names, model, only=search.probes)
        posted = sorted(exact_weights, key=lambda t: (-exact_weights[t], t))[: tuning.posted_terms]
        probe_df = {t: model.exact.get(t, 0.0) + 1 for t in posted}
        rec = record_of(article_id, title, published, digest, doc, model, probe_df, sampled, tuning)

        # 1. term items (postings, exact counts): independent UpdateItems, issued together
        ts = published_epoch(published, self.clock())
        term_updates = self._term_updates(article_id, rec, old, search, ts)
        results = self._parallel([partial(self._apply_term, term, kw, search) for term, kw in term_updates])
        new_counts = {term: df for (term, _kw), df in zip(term_updates, results, strict=True) if df is not None}

        # 2. its own list, and its place in its neighbours' lists
        matches = search.matches[: self.top_k]
        old_links = decode_links(old_items.get("REL"))
        self._write_own_list(article_id, matches, old_links, item_size(old_items.get("REL") or {}))
        self._write_symmetric(article_id, matches, old_links)

        # 3. the document: its presence means "indexed" (a retry stops at the hash check)
        self._put_doc(rec)

        # 4. Statistics, once the document is in, so that a retry after a crash never counts
        # twice nor sees its own counts (which would change its probes): the corpus size and
        # the df sample when the article is (or was) in it, then the frequent-term table. And
        # the count of finished upserts (SEQ, a small item of its own): if another one finished
        # between our search and now (a concurrent instance), it may have searched before we
        # were indexed, as we did before it was: search again now that our document is in.
        # The counter orders the two: the one counting second sees the other's document.
        n_docs = search.meta_n
        delta_n = sampled - (old.sample_rate if old else 0)
        delta_sample = _sample_delta(rec, old)
        tasks: list[Callable[[], Any]] = [partial(
            self.db.update, {"Key": SEQ, "UpdateExpression": "ADD c :one",
                             "ExpressionAttributeValues": {":one": 1}, "ReturnValues": "UPDATED_NEW"},
            40, "meta-seq")]
        if delta_sample:
            tasks.append(partial(self._update_sample, delta_sample))
        if delta_n:
            tasks.append(partial(self._add_n, delta_n))
            n_docs += delta_n  # others' concurrent changes only move the frequent threshold a little
        finished, *stats = self._parallel(tasks)
        if delta_sample:
            for term, count in stats[0].items():
                new_counts[term] = max(new_counts.get(term, 0.0), trusted_sample(count, search.rate))
        self._refresh_freq(new_counts, n_docs, search)
        if number((finished or {}).get("c")) > number(old_items.get("SEQ", {}).get("c")) + 1:
            matches = self._relink(article_id, doc, matches, search)
        return [m.link() for m in matches]

    def _relink(self, article_id: str, doc: Analysed, matches: list[Match], search: _Search) -> list[Match]:
        meta = (search.meta_n, dict(search.model.frequent), search.freq_version, search.meta_size)
        again = self._search(doc, article_id, self.top_k, meta=meta).matches[: self.top_k]
        if [m.article_id for m in again] == [m.article_id for m in matches]:
            return matches
        own, _ = self._own_items(article_id)
        written = decode_links(own.get("REL"))
        self._write_own_list(article_id, again, written, item_size(own.get("REL") or {}))
        self._write_symmetric(article_id, again, written)
        return again

    def _term_updates(
        self, article_id: str, rec: DocRecord, old: DocRecord | None, search: _Search, ts: int
    ) -> list[tuple[str, dict[str, Any]]]:
        """The UpdateItem of each term whose posting changes (by term)."""
        old_probes = set(old.probe_df) if old else set()
        new_probes = set(rec.probe_df)
        weights = normalized(
            term_weights(rec.bag, rec.names, search.model, only=list(rec.bag))
        )
        posting_attr = POSTING + article_id
        out: list[tuple[str, dict[str, Any]]] = []
        for term in sorted(old_probes | new_probes):
            sets: list[str] = []
            adds: list[str] = []
            removes: list[str] = []
            names: dict[str, str] = {}
            values: dict[str, Any] = {}
            condition: str | None = None
            if term in new_probes:
                names["#me"] = posting_attr
                sets.append("#me = :me")
                values[":me"] = posting_value(ts, weights.get(term, 0.0))
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
        attrs = self.db.update(kwargs, size_hint, "posting")
        if attrs is None and "ConditionExpression" in kwargs:
            # already applied by an earlier attempt: redo the rest without the count
            values = {k: v for k, v in kwargs["ExpressionAttributeValues"].items() if k != ":one"}
            values[":zero"] = 0
            retry = {k: v for k, v in kwargs.items() if k != "ConditionExpression"}
            retry["UpdateExpression"] = kwargs["UpdateExpression"].replace("k :one", "k :zero")
            retry["ExpressionAttributeValues"] = values
            attrs = self.db.update(retry, size_hint, "posting")
        if not attrs:
            return None
        item = search.term_items.get(term) or {}
        return df_estimate({**item, **attrs}, search.rate)

    def _trim(self, item: Mapping[str, Any] | None, article_id: str, names: dict[str, str]) -> list[str]:
        """Attributes to REMOVE so that the term keeps at most ``postings_cap`` postings after
        this one is added; only once the list is ``postings_slack`` over the cap."""
        if not item:
            return []
        others = {d: v for d, v in decode_postings(item).items() if d != article_id}
        tuning = self.tuning
        if len(others) + 1 <= tuning.postings_cap + tuning.postings_slack:
            return []
        oldest = sorted(others.items(), key=lambda dv: (posting_epoch(dv[1]), dv[0]))
        drop = oldest[: len(others) + 1 - tuning.postings_cap]
        out = []
        for i, (d, _) in enumerate(drop):
            names[f"#o{i}"] = POSTING + d
            out.append(f"#o{i}")
        return out

    def _update_sample(self, delta: Mapping[str, float]) -> dict[str, float]:
        """Move the df sample (META/SAMPLE) by one article's contribution: a consistent read,
        then a write conditional on the version read (another writer in between: read and
        apply again). Returns the new counts of the terms moved."""
        limit = self.tuning.sample_terms_max
        for attempt in range(SAMPLE_ATTEMPTS):
            got = self.db.get_many([SAMPLE], consistent=True).get("META|SAMPLE")
            counts, version, size = decode_sample(got)
            apply_sample(counts, delta, limit)
            if self._replace_versioned(SAMPLE, "d", encode_freq(counts), version, size, "df-sample"):
                return {term: counts.get(term, 0.0) for term in delta}
            time.sleep(random.uniform(0, 0.02 * 2**attempt))  # jitter: concurrent writers drift apart
        raise TransientError("the df sample kept changing under concurrent writers; retry later")

    def _add_n(self, delta: int) -> None:
        """Move the sampled corpus size (its own small item: 1 WRU, not the STATS item's ~9)."""
        self.db.update(
            {"Key": CORPUS_SIZE, "UpdateExpression": "ADD n :d", "ExpressionAttributeValues": {":d": delta}},
            40,
            "meta-n",
        )

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
            if self._replace_versioned(META, "f", blob, version, search.meta_size, "meta-freq"):
                return
            _n, freq, version, _size = self._load_meta()

    def _replace_versioned(self, key: Mapping[str, str], attr: str, blob: bytes, version: int,
                           size_hint: int, kind: str) -> bool:
        """Set ``attr`` of item ``key`` to ``blob`` if its version ``v`` is still ``version``
        (0: no version yet), moving ``v`` on; False when another writer got there first. The
        item's other attributes are left alone (META/STATS also holds a legacy corpus count)."""
        kwargs: dict[str, Any] = {
            "Key": key,
            "UpdateExpression": f"SET {attr} = :blob, v = :next",
            "ExpressionAttributeValues": {":blob": blob, ":next": version + 1},
            "ConditionExpression": "v = :v" if version else "attribute_not_exists(v)",
        }
        if version:
            kwargs["ExpressionAttributeValues"][":v"] = version
        return self.db.update(kwargs, max(size_hint, len(blob) + 40), kind) is not None

    def _write_own_list(
        self, article_id: str, matches: Sequence[Match], old_links: Sequence[StoredLink], old_size: int
    ) -> None:
        keep = {m.article_id for m in matches}
        names: dict[str, str] = {}
        values: dict[str, Any] = {}
        sets, removes = [], []
        for i, m in enumerate(matches):
            names[f"#l{i}"] = LINK + m.article_id
            values[f":l{i}"] = link_value(m.score, m.explanation.encode())
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
        self.db.update(
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
        lists = self.db.get_many([rel_key(i) for i in targets + stale])
        me = LINK + article_id
        tasks: list[Callable[[], Any]] = []  # one per neighbour list: distinct items
        for m in matches:
            rel = lists.get(f"A#{m.article_id}|REL")
            new = StoredLink(article_id, round(m.score, 4), m.explanation.encode())
            enters, evicted = admit(decode_links(rel), new, self.top_k)
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
                "ExpressionAttributeValues": {":me": link_value(new.score, new.explanation)},
                "ConditionExpression": "attribute_exists(pk)",
            }
            size = item_size(rel or {}) + 80
            tasks.append(partial(self.db.update, kwargs, size, "rel-symmetric"))
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
        self.db.update(
            {
                "Key": rel_key(owner),
                "UpdateExpression": "REMOVE " + ", ".join(names),
                "ExpressionAttributeNames": names,
                "ConditionExpression": "attribute_exists(pk)",
            },
            size_hint,
        )

    def _put_doc(self, rec: DocRecord) -> None:
        self.db.batch_write([{"PutRequest": {"Item": encode_doc(rec, int(self.clock()))}}])

    # ------------------------------------------------------------------ related_of / remove
    def _render(self, links: Sequence[StoredLink]) -> list[RelatedLink]:
        """Best ``top_k`` links with titles; links to vanished articles are dropped."""
        best = sorted(links, key=lambda e: (-e.score, e.article_id))[: self.top_k + 2]
        if not best:
            return []
        docs = self.db.get_many([doc_key(x.article_id) for x in best], projection="pk, sk, t")
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
    ) -> tuple[dict[str, dict[str, Any]], Meta | None]:
        """DOC and REL of one article (by sort key), and when asked the corpus statistics
        (META, N) and SEQ (under the "SEQ" key of the first dict): one BatchGetItem."""
        keys = [doc_key(article_id), rel_key(article_id), *([META, CORPUS_SIZE, SEQ] if with_meta else [])]
        got = self.db.get_many(keys)
        own = {sk: got[f"A#{article_id}|{sk}"] for sk in ("DOC", "REL") if f"A#{article_id}|{sk}" in got}
        if "META|SEQ" in got:
            own["SEQ"] = got["META|SEQ"]
        return own, decode_meta(got.get("META|STATS"), got.get("META|N")) if with_meta else None

    def _remove(self, article_id: str) -> None:
        items, _ = self._own_items(article_id)
        doc_item, rel = items.get("DOC"), items.get("REL")
        if doc_item is None and rel is None:
            return
        rec = decode_doc(article_id, doc_item) if doc_item else DocRecord(article_id)
        # 1. postings and counts, the df sample and the corpus size
        tasks: list[Callable[[], Any]] = []  # one per term item, the sample, META/N
        for term in sorted(rec.probe_df):
            kwargs: dict[str, Any] = {
                "Key": term_key(term),
                "UpdateExpression": "ADD k :minus REMOVE #me",
                "ExpressionAttributeNames": {"#me": POSTING + article_id},
                "ExpressionAttributeValues": {":minus": -1},
                "ConditionExpression": "attribute_exists(pk)",
            }
            tasks.append(partial(self.db.update, kwargs, 1024, "posting"))
        if rec.sample_rate:
            tasks.append(partial(self._update_sample, _sample_delta(None, rec)))
            tasks.append(partial(self._add_n, -rec.sample_rate))
        self._parallel(tasks)
        # 2. lists that may link to it: its own neighbours, and the articles sharing its probes
        owners = {link.article_id for link in decode_links(rel)}
        if rec.probe_df:
            fetched = self.db.get_many([term_key(t) for t in rec.probe_df])
            scores: dict[str, float] = {}
            for item in fetched.values():
                for d in decode_postings(item):
                    if d != article_id:
                        scores[d] = scores.get(d, 0.0) + 1.0
            owners |= set(top_candidates(scores, 3 * self.tuning.candidates))
        lists = self.db.get_many([rel_key(o) for o in sorted(owners)])
        tasks = []
        for owner in sorted(owners):
            rel_item = lists.get(f"A#{owner}|REL")
            if rel_item and LINK + article_id in rel_item:
                size = item_size(rel_item)
                tasks.append(partial(self._remove_links, owner, [article_id], size))
        self._parallel(tasks)
        # 3. its own items
        self.db.batch_write(
            [{"DeleteRequest": {"Key": doc_key(article_id)}}, {"DeleteRequest": {"Key": rel_key(article_id)}}]
        )

    # ------------------------------------------------------------------ concurrency
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


def _sample_delta(new: DocRecord | None, old: DocRecord | None) -> dict[str, float]:
    """How an article moves the df sample: ``R`` for each term of its bag while sampled at
    rate ``R``, minus what an earlier version of it (``old``) added."""
    delta: dict[str, float] = {}
    for rec, sign in ((new, 1), (old, -1)):
        if rec is not None and rec.sample_rate:
            for term in rec.bag:
                delta[term] = delta.get(term, 0.0) + sign * rec.sample_rate
    return {term: d for term, d in delta.items() if d}
