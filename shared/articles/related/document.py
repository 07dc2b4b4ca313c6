"""What the index keeps of one article, and its compact binary form (pure, no I/O).

A ``DocRecord`` is everything scoring needs about an indexed article without its text: the
bag of its ``bag_size`` heaviest terms with frequencies and name/title flags, its top name
phrases (for explanations), the shingle sketch, the probe terms it was posted under with their
df at indexing time, and the df-sampling rate it was counted with (so that re-indexing and
removal can undo exactly what it added). The bag travels as one zlib-compressed UTF-8 blob
(~0.5 KB for a typical article) so that a document item stays near 1 KB.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from articles.related import minhash
from articles.related.text import Features, features
from articles.related.weights import DfModel, Tuning, bag, probe_terms

NAME_PHRASES = 8


def content_hash(title: str | None, body: str, published: str | None) -> str:
    h = hashlib.blake2b(digest_size=12)
    for part in (title or "", body, published or ""):
        h.update(part.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()


@dataclass
class DocRecord:
    article_id: str
    title: str | None = None
    published: str | None = None
    content_hash: str = ""
    bag: dict[str, int] = field(default_factory=dict)
    names: frozenset[str] = frozenset()  # name-like terms of the bag
    title_terms: frozenset[str] = frozenset()
    phrases: tuple[str, ...] = ()  # top name phrases ("tara reid")
    sig: tuple[int, ...] = ()
    probe_df: dict[str, float] = field(default_factory=dict)  # probe term -> df when indexed
    sample_rate: int = 0  # R it added to sampled df counters (0: not in the sample)

    @property
    def probes(self) -> list[str]:
        return sorted(self.probe_df)


@dataclass
class Analysed:
    """A text ready for searching: its features and shingle sketch."""

    feats: Features
    sig: tuple[int, ...]

    @property
    def phrases(self) -> tuple[str, ...]:
        return top_phrases(self.feats)


def analyse(title: str | None, body: str) -> Analysed:
    return Analysed(features(title, body), minhash.sketch_text(body or title or ""))


def top_phrases(feats: Features, limit: int = NAME_PHRASES) -> tuple[str, ...]:
    phrases = [(t, c) for t, c in feats.tf.items() if " " in t and t in feats.names]
    phrases.sort(key=lambda tc: (-tc[1], tc[0]))
    return tuple(t for t, _ in phrases[:limit])


def record_of(
    article_id: str,
    title: str | None,
    published: str | None,
    body_hash: str,
    doc: Analysed,
    model: DfModel,
    probe_df: Mapping[str, float],
    sample_rate: int,
    tuning: Tuning,
) -> DocRecord:
    terms = bag(doc.feats, model, tuning.bag_size)
    return DocRecord(
        article_id=article_id,
        title=title,
        published=published,
        content_hash=body_hash,
        bag=terms,
        names=frozenset(t for t in terms if t in doc.feats.names),
        title_terms=frozenset(t for t in terms if t in doc.feats.title_terms),
        phrases=doc.phrases,
        sig=doc.sig,
        probe_df=dict(probe_df),
        sample_rate=sample_rate,
    )


def select_probes(doc: Analysed, model: DfModel) -> list[str]:
    return probe_terms(doc.feats, model)


# ------------------------------------------------------------------------- binary form
# One line per term: "term \t tf \t flags [\t df]"; flags: n = name, t = title, k = probe
# (then df), p = name phrase.


def encode_terms(rec: DocRecord) -> bytes:
    lines = []
    for term, count in rec.bag.items():
        flags = ("n" if term in rec.names else "") + ("t" if term in rec.title_terms else "")
        if term in rec.probe_df:
            lines.append(f"{term}\t{count}\t{flags}k\t{rec.probe_df[term]:g}")
        else:
            lines.append(f"{term}\t{count}\t{flags}")
    for term, df in rec.probe_df.items():
        if term not in rec.bag:
            lines.append(f"{term}\t0\tk\t{df:g}")
    lines.extend(f"{p}\t0\tp" for p in rec.phrases)
    return zlib.compress("\n".join(lines).encode("utf-8"), 9)


def decode_terms(data: bytes, rec: DocRecord) -> DocRecord:
    names: set[str] = set()
    title_terms: set[str] = set()
    phrases: list[str] = []
    text = zlib.decompress(data).decode("utf-8")
    for line in text.split("\n") if text else []:
        parts = line.split("\t")
        term, count, flags = parts[0], int(parts[1]), parts[2]
        if "p" in flags:
            phrases.append(term)
            continue
        if count:
            rec.bag[term] = count
        if "n" in flags:
            names.add(term)
        if "t" in flags:
            title_terms.add(term)
        if "k" in flags:
            rec.probe_df[term] = float(parts[3])
    rec.names = frozenset(names)
    rec.title_terms = frozenset(title_terms)
    rec.phrases = tuple(phrases)
    return rec
