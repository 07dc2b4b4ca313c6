"""The IndexTable's key schema and item encoding (see :mod:`articles.store.index` for how the
related index reads and writes them). Pure: no DynamoDB calls.

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
                   posted under it (``c``, a sampled df estimate, is only read: tables
                   written before META/SAMPLE kept the df sample here), one attribute per posting
                   ``p:{id}`` = ``published_epoch_s * 1000 + weight`` (weight 1..999, the
                   article's normalised TF-IDF weight for the term). At most
                   ``postings_cap + postings_slack`` postings: the oldest (by publication) are
                   trimmed, so the item stays under ~1 KB and a read of it is bounded.
                   Stop terms (df > ``stop_ratio`` of the corpus) are never posted and only
                   the df sample (META/SAMPLE) still counts them: no write traffic to their
                   postings.
``META / N``       ``n``: corpus size as counted by the df sample (exact while R = 1), moved by
                   ADD. A small item of its own: every ADD on the large STATS item cost ~9 WRU.
                   (Tables written before it keep their count in STATS ``n``; the two add up.)
``META / STATS``   ``f``: the frequent-term table (zlib lines "term TAB df": the terms with
                   df >= 1% of N, at most 3000, ~10 KB) and its version ``v``, replaced with a
                   conditional update when a term crosses the threshold (rare once N is large).
``META / SEQ``     ``c``: upserts finished so far (see ``RelatedIndex._upsert``, step 4).
``META / SAMPLE``  the df sample: ``d`` (zlib lines "term TAB count") adds ``R`` for every term
                   of every sampled article (1 in R, see ``related.weights.sample_rate``), at
                   most ``Tuning.sample_terms_max`` terms (the rarest are dropped first), and its
                   version ``v``. One read-modify-write (conditional on ``v``) per sampled article,
                   instead of one UpdateItem per term: 160 calls an article while the corpus is
                   small. Read only by sampled upserts and removals, never by queries: what a
                   query needs of it is the frequent table ``f``, derived from it.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import Binary

from articles.related.document import DocRecord, decode_terms, encode_terms
from articles.related.minhash import pack, unpack
from articles.related.scoring import StoredLink

POSTING = "p:"
LINK = "l:"
META = {"pk": "META", "sk": "STATS"}
CORPUS_SIZE = {"pk": "META", "sk": "N"}  # the sampled corpus size n (see the module docstring)
SEQ = {"pk": "META", "sk": "SEQ"}  # upserts finished so far (see RelatedIndex._upsert, step 4)
SAMPLE = {"pk": "META", "sk": "SAMPLE"}  # the df sample (see the module docstring)

Meta = tuple[float, dict[str, float], int, int]  # corpus size, frequent table, its version, item size


# ----------------------------------------------------------------------------- keys
def doc_key(article_id: str) -> dict[str, str]:
    return {"pk": f"A#{article_id}", "sk": "DOC"}


def rel_key(article_id: str) -> dict[str, str]:
    return {"pk": f"A#{article_id}", "sk": "REL"}


def term_key(term: str) -> dict[str, str]:
    return {"pk": f"T#{term}", "sk": "T"}


# ----------------------------------------------------------------------------- sizes
def value_size(value: Any) -> int:
    if value is None or isinstance(value, bool):
        return 1
    if isinstance(value, str):
        return len(value.encode("utf-8"))
    if isinstance(value, bytes | bytearray):
        return len(value)
    if isinstance(value, Binary):
        return len(binary_bytes(value))
    if isinstance(value, int | float | Decimal):
        digits = len(str(abs(value)).replace(".", "").lstrip("0")) or 1
        return 1 + math.ceil(digits / 2)
    if isinstance(value, dict):
        return 3 + sum(len(k.encode("utf-8")) + value_size(v) + 1 for k, v in value.items())
    if isinstance(value, list | tuple | set | frozenset):
        return 3 + sum(value_size(v) + 1 for v in value)
    return len(str(value))


def item_size(item: Mapping[str, Any]) -> int:
    """DynamoDB's item size (attribute names plus values), approximately."""
    return sum(len(k.encode("utf-8")) + value_size(v) for k, v in item.items())


# ----------------------------------------------------------------------------- values
def binary_bytes(value: Any) -> bytes:
    """bytes of a Binary attribute (boto3 wraps them in ``Binary``), b"" for None."""
    if value is None:
        return b""
    raw: Any = value.value if isinstance(value, Binary) else value  # type: ignore[attr-defined]
    return bytes(raw)


def number(value: Any, default: float = 0.0) -> float:
    return float(value) if value is not None else default


def published_epoch(published: str | None, default: float) -> int:
    """``published`` (ISO 8601; naive is UTC) in epoch seconds; ``default`` when absent or unreadable."""
    if published:
        try:
            dt = datetime.fromisoformat(published.replace("Z", "+00:00"))
            if dt.tzinfo is None:
                dt = dt.replace(tzinfo=UTC)
            return max(0, int(dt.timestamp()))
        except ValueError:
            pass
    return int(default)


# ----------------------------------------------------------------------------- term items
def posting_value(epoch_s: int, weight: float) -> int:
    """A posting ``p:{id}``: the article's publication (epoch seconds) and its normalised
    weight for the term, as ``epoch_s * 1000 + w`` with ``w`` in 1..999."""
    return epoch_s * 1000 + max(1, min(999, round(weight * 1000)))


def posting_weight(value: int) -> float:
    return (value % 1000) / 1000


def posting_epoch(value: int) -> int:
    return value // 1000


def decode_postings(item: Mapping[str, Any]) -> dict[str, int]:
    """The postings of a term item: article id -> posting value."""
    return {k[len(POSTING) :]: int(v) for k, v in item.items() if k.startswith(POSTING)}


def df_estimate(item: Mapping[str, Any] | None, rate: int) -> float:
    """A term's df from its item: the exact probe count, or the sampled estimate (a legacy
    ``c``, see the module docstring) once it rests on enough sampled articles to beat it."""
    item = item or {}
    return max(number(item.get("k")), trusted_sample(number(item.get("c")), rate))


def trusted_sample(sampled: float, rate: int) -> float:
    """A sampled count (``R`` per sampled article) as a df: exact while every article is
    sampled (R = 1), else only once it rests on 4 sampled articles (0 below)."""
    return sampled if rate == 1 or sampled >= 4 * rate else 0.0


# ----------------------------------------------------------------------------- REL items
def link_value(score: float, explanation: str) -> dict[str, Any]:
    """A link ``l:{other id}`` of a REL item."""
    return {"s": Decimal(f"{score:.4f}"), "e": explanation}


def decode_links(item: Mapping[str, Any] | None) -> list[StoredLink]:
    if not item:
        return []
    out = []
    for k, v in item.items():
        if k.startswith(LINK):
            out.append(StoredLink(k[len(LINK) :], float(v.get("s", 0)), str(v.get("e", ""))))
    return out


# ----------------------------------------------------------------------------- META
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


def decode_sample(item: Mapping[str, Any] | None) -> tuple[dict[str, float], int, int]:
    """The df sample (META/SAMPLE): counts, version, item size."""
    item = item or {}
    return decode_freq(binary_bytes(item.get("d"))), int(number(item.get("v"))), item_size(item)


def apply_sample(counts: dict[str, float], delta: Mapping[str, float], limit: int) -> dict[str, float]:
    """``counts`` moved by ``delta`` (terms at zero leave); over ``limit`` terms, the rarest
    (then by term) are dropped down to 7/8 of it, so that pruning is rare. In place."""
    for term, d in delta.items():
        value = counts.get(term, 0.0) + d
        if value > 0:
            counts[term] = value
        else:
            counts.pop(term, None)
    if len(counts) > limit:
        kept = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[: limit * 7 // 8]
        counts.clear()
        counts.update(kept)
    return counts


def decode_meta(item: Mapping[str, Any] | None, size_item: Mapping[str, Any] | None = None) -> Meta:
    """Corpus size (``META/N``, plus a legacy count left in ``META/STATS``), frequent-term
    table, its version, and the STATS item's size."""
    item = item or {}
    freq = decode_freq(binary_bytes(item.get("f")))
    n = number(item.get("n")) + number((size_item or {}).get("n"))
    return n, freq, int(number(item.get("v"))), item_size(item)


# ----------------------------------------------------------------------------- DOC items
def encode_doc(rec: DocRecord, at: int) -> dict[str, Any]:
    item: dict[str, Any] = {
        **doc_key(rec.article_id),
        "h": rec.content_hash,
        "b": encode_terms(rec),
        "s": pack(rec.sig),
        "r": rec.sample_rate,
        "at": at,
    }
    if rec.title:
        item["t"] = rec.title[:500]
    if rec.published:
        item["p"] = rec.published
    return item


def decode_doc(article_id: str, item: Mapping[str, Any]) -> DocRecord:
    rec = DocRecord(
        article_id=article_id,
        title=item.get("t"),
        published=item.get("p"),
        content_hash=str(item.get("h", "")),
        sample_rate=int(number(item.get("r"))),
    )
    if item.get("b") is not None:
        decode_terms(binary_bytes(item["b"]), rec)
    if item.get("s") is not None:
        rec.sig = unpack(binary_bytes(item["s"]))
    return rec
