"""Term weighting, document-frequency model and probe-term selection (pure, no I/O).

Weights are TF-IDF: ``(1 + ln tf) * idf * (NAME_BOOST if name-like)`` with
``idf = ln((N + 1) / (df + 1)) + 1``, vectors L2-normalised, similarity = cosine.

Document frequencies cannot be kept exactly for every term at a bounded cost (an article has
~100-200 distinct terms; one counter write each would cost more than everything else), nor
read for every term of a query (that would be ~150 item reads). So df comes from three
sources, best first:

1. ``exact``: the counters of the article's *probe terms* (its ~12 most discriminative terms),
   read from their index items on every query: these are the terms that dominate scores.
2. ``frequent``: a compact table of the frequent terms (df >= ``freq_ratio * N``, at most
   ``freq_max`` entries), read as one item per query. It tells which terms are common.
3. anything else is neither frequent nor among the probes: a ``default_df`` half the
   frequent-table threshold (a mid-rare term).

Counting (in the index adapter): an article is posted under its ``posted_terms`` heaviest
probes, and each of those counts it exactly (the term item is written anyway for the
posting); besides, a deterministic sample of the articles (one in ``R``, by a hash of the
article id, ``R`` doubling as the corpus grows: ``sample_rate``) adds ``R`` to the count of
*all* its terms in one sample table (at most ``sample_terms_max`` terms, one write per sampled
article). The sampled count is an unbiased df estimate that finds the frequent terms the
probes never see; the frequent table is derived from it, at a cost per article that falls as
the corpus grows.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from articles.related.text import Features


@dataclass(frozen=True)
class Tuning:
    """Every knob of related-article linking, with the values calibrated on ECB+ dev."""

    probes: int = 12  # terms read per query (their postings and exact counts)
    posted_terms: int = 8  # the heaviest probes an article is posted under (one write each); 10
    # before 2026-12-06: on ECB+ dev the same nP@5 / MAP@10 (0.954 / 0.927 against 0.954 / 0.928)
    # for 2 calls and 2.4 WRU less per upsert; 6 cost MAP@10 (0.920)
    candidates: int = 10  # candidate documents fetched and re-scored per query, at least
    read_budget: int = 25  # items read per query: META and N + found probe items + candidates
    postings_cap: int = 32  # newest postings kept per term
    postings_slack: int = 4  # trim only when this many over the cap (fewer writes)
    bag_size: int = 160  # terms stored per document for re-scoring
    name_boost: float = 1.75
    title_probe_boost: float = 1.2
    stop_ratio: float = 0.2  # df / N above which a term is a stop term (never posted)
    stop_min_docs: int = 50  # ... once the corpus has this many documents
    freq_ratio: float = 0.01
    freq_min: int = 3
    freq_max: int = 3000
    freq_refresh: float = 1.5  # rewrite a frequent term's df when it grew by this factor
    # sampling rate R = largest power of 2 <= max(1, N / sample_base): every article counts all
    # its terms while N < 2 * sample_base. 64 (was 1024): on ECB+ dev the same nP@5 / MAP@10
    # (0.951 / 0.922 against 0.953 / 0.920) at 71 instead of 125 WRU per upsert; 16 lost MAP
    # (0.917). The sample still holds ~64 articles per doubling of N (~900 at N = 1M).
    sample_base: int = 64
    sample_terms_max: int = 20_000  # terms the df sample (META/SAMPLE) keeps, the most frequent
    near_duplicate: float = 0.7  # shingle similarity (estimated Jaccard) for near-duplicates
    min_score: float = 0.05  # weaker links (plain cosine) are not reported
    symmetric_min_score: float = 0.15  # weaker links are not pushed into older articles' lists
    feedback_weight: float = 0.5  # neighbourhood re-ranking (scoring.rank); 0 = plain cosine
    feedback_docs: int = 2
    reasons_terms: int = 3
    # evidence a link needs besides its score (scoring.evidence): a shared name phrase, two
    # shared names, one shared name and another strong term, or this many strong terms; a
    # strong term contributes at least evidence_contribution to the cosine and is rare: in at
    # most evidence_df_ratio of the articles (at least evidence_df_min), so common words
    # ("keep", "car") are never evidence however short the articles
    evidence_terms: int = 2
    evidence_contribution: float = 0.01
    evidence_df_ratio: float = 0.2
    evidence_df_min: float = 2.0


DEFAULT_TUNING = Tuning()


def sample_rate(n_docs: float, base: int = DEFAULT_TUNING.sample_base) -> int:
    """``R``: a power of two, 1 while the corpus is small, ~``N / base`` once large."""
    rate = 1
    while n_docs >= 2 * base * rate:
        rate *= 2
    return rate


def sample_slot(article_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(article_id.encode("utf-8"), digest_size=8).digest(), "big")


def is_sampled(article_id: str, rate: int) -> bool:
    """Deterministic 1-in-``rate`` sample; the sample at rate 2R is a subset of that at R."""
    return sample_slot(article_id) % rate == 0


@dataclass
class DfModel:
    """Document frequencies as known to one query (see the module docstring)."""

    n_docs: float
    frequent: Mapping[str, float] = field(default_factory=dict)
    exact: dict[str, float] = field(default_factory=dict)
    tuning: Tuning = DEFAULT_TUNING

    @property
    def freq_threshold(self) -> float:
        return max(float(self.tuning.freq_min), self.tuning.freq_ratio * self.n_docs)

    @property
    def default_df(self) -> float:
        return self.freq_threshold / 2

    def df(self, term: str, extra: Mapping[str, float] | None = None) -> float:
        if term in self.exact:
            return self.exact[term]
        if extra is not None and term in extra:
            return extra[term]
        if term in self.frequent:
            return self.frequent[term]
        return self.default_df

    def idf(self, term: str, extra: Mapping[str, float] | None = None) -> float:
        return idf(self.df(term, extra), self.n_docs)

    def is_stop(self, term: str, extra: Mapping[str, float] | None = None) -> bool:
        return is_stop(self.df(term, extra), self.n_docs, self.tuning)


def idf(df: float, n_docs: float) -> float:
    return math.log((n_docs + 1) / (max(df, 0.0) + 1)) + 1


def is_stop(df: float, n_docs: float, tuning: Tuning = DEFAULT_TUNING) -> bool:
    return n_docs >= tuning.stop_min_docs and df > tuning.stop_ratio * n_docs


def single_terms(tf: Mapping[str, int]) -> Iterable[str]:
    """Scored terms: single words (name phrases serve explanations only; as features they
    double-count names and measurably hurt ranking)."""
    return (t for t in tf if " " not in t)


def term_weights(
    tf: Mapping[str, int],
    names: set[str] | frozenset[str],
    model: DfModel,
    extra: Mapping[str, float] | None = None,
    only: Iterable[str] | None = None,
) -> dict[str, float]:
    """Un-normalised TF-IDF weights of a bag of terms; stop terms get none."""
    out: dict[str, float] = {}
    for term in only if only is not None else single_terms(tf):
        count = tf.get(term, 0)
        if count <= 0:
            continue
        df = model.df(term, extra)
        if is_stop(df, model.n_docs, model.tuning):
            continue
        w = (1 + math.log(count)) * idf(df, model.n_docs)
        if term in names:
            w *= model.tuning.name_boost
        out[term] = w
    return out


def norm(vec: Mapping[str, float]) -> float:
    return math.sqrt(sum(w * w for w in vec.values())) or 1.0


def normalized(vec: Mapping[str, float]) -> dict[str, float]:
    n = norm(vec)
    return {t: w / n for t, w in vec.items()}


def probe_terms(feats: Features, model: DfModel) -> list[str]:
    """The article's most discriminative terms by the df it knows *before* reading any term
    item (frequent table, default for the rest), title words slightly favoured: the terms it
    will read, post under and count. Deterministic (ties by term)."""
    scored = term_weights(feats.tf, feats.names, model)
    for term in scored:
        if term in feats.title_terms:
            scored[term] *= model.tuning.title_probe_boost
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))
    return [t for t, _ in ranked[: model.tuning.probes]]


def bag(feats: Features, model: DfModel, size: int) -> dict[str, int]:
    """The ``size`` heaviest single terms with their frequencies (what a document stores)."""
    scored = term_weights(feats.tf, feats.names, model)
    # stop terms have no weight now but keep them if there is room: N grows, ratios change
    for term in single_terms(feats.tf):
        scored.setdefault(term, 0.0)
    ranked = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:size]
    return {t: feats.tf[t] for t, _ in ranked}
