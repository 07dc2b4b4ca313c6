"""Scoring a query against candidate documents, with the reasons shown to users (pure).

score = cosine of the TF-IDF vectors (``weights.term_weights``) of the query text and the
candidate's stored bag. Rare terms and names dominate the cosine, which is what puts
"Tara Reid enters rehab" above "Lindsay Lohan enters rehab" for another Tara Reid story: the
shared topic words (rehab, treatment) are frequent, hence light, the names rare and boosted.

Each match carries an ``Explanation``: the shared name-like terms (and name phrases), the
other shared terms with the largest contributions, and the shingle similarity when it reaches
the near-duplicate threshold. Explanations are stored in a compact string
(``d0.93;nshoukry;tsisi,libya,militias``) and rendered as
``["near-duplicate (shingle similarity 0.93)", "same names: shoukry",
"shared terms: sisi, libya, militias"]``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from articles.models import RelatedLink
from articles.related import minhash
from articles.related.document import Analysed, DocRecord
from articles.related.weights import DfModel, Tuning, norm, term_weights


@dataclass(frozen=True)
class Explanation:
    names: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    duplicate: float | None = None  # shingle similarity, when a near-duplicate

    def reasons(self) -> list[str]:
        out = []
        if self.duplicate is not None:
            out.append(f"near-duplicate (shingle similarity {self.duplicate:.2f})")
        if self.names:
            out.append("same names: " + ", ".join(self.names))
        if self.terms:
            out.append("shared terms: " + ", ".join(self.terms))
        return out

    def encode(self) -> str:
        parts = []
        if self.duplicate is not None:
            parts.append(f"d{self.duplicate:.2f}")
        if self.names:
            parts.append("n" + ",".join(self.names))
        if self.terms:
            parts.append("t" + ",".join(self.terms))
        return ";".join(parts)

    @classmethod
    def decode(cls, text: str) -> Explanation:
        names: tuple[str, ...] = ()
        terms: tuple[str, ...] = ()
        duplicate = None
        for part in text.split(";") if text else []:
            kind, value = part[:1], part[1:]
            if kind == "d":
                duplicate = float(value)
            elif kind == "n":
                names = tuple(value.split(","))
            elif kind == "t":
                terms = tuple(value.split(","))
        return cls(names, terms, duplicate)


def evidence(
    contributions: Mapping[str, float],
    shared_names: set[str] | frozenset[str],
    shared_phrases: Sequence[str],
    tuning: Tuning,
    rare: Callable[[str], bool] = lambda _term: True,
) -> str | None:
    """Why two articles may be linked beyond their cosine, or None (no link): one shared rare
    word is not enough. A shared name phrase ("tara reid"), two shared names, or one shared name
    with another strong term, or ``evidence_terms`` strong terms (each contributing at least
    ``evidence_contribution``, and ``rare``: not a common word). A name counts only when both
    articles use it as a name, so a surname that is also a common word ("Scissors" / a scissor
    keyboard) is a plain term there, and a single name never counts alone."""
    if shared_phrases:
        return "shared name phrase"
    strong = {t for t, c in contributions.items() if c >= tuning.evidence_contribution and rare(t)}
    if len(shared_names) >= 2:
        return "shared names"
    if shared_names and strong - set(shared_names):
        return "shared name and terms"
    if len(strong) >= tuning.evidence_terms:
        return "several strong terms"
    return None


@dataclass(frozen=True)
class Match:
    article_id: str
    score: float
    explanation: Explanation = field(default_factory=Explanation)
    title: str | None = None
    evidence: str | None = "unchecked"  # scoring.evidence; None: not enough to link

    @property
    def near_duplicate(self) -> bool:
        return self.explanation.duplicate is not None

    def link(self) -> RelatedLink:
        return RelatedLink(
            id=self.article_id,
            title=self.title,
            score=round(self.score, 4),
            reasons=self.explanation.reasons(),
            near_duplicate=self.near_duplicate,
        )


def _clean(term: str) -> str:
    return term.replace(",", " ").replace(";", " ")


def explain(
    contributions: Mapping[str, float],
    names: set[str] | frozenset[str],
    phrases: Iterable[str],
    duplicate: float | None,
    tuning: Tuning,
) -> Explanation:
    ranked = sorted(contributions.items(), key=lambda kv: (-kv[1], kv[0]))
    shown_names: list[str] = []
    covered: set[str] = set()
    # longest phrases first; a phrase sharing a word with one already shown adds nothing
    for phrase in sorted(phrases, key=lambda p: -len(p.split())):
        words = set(phrase.split())
        if len(shown_names) < tuning.reasons_terms and not words & covered:
            shown_names.append(phrase)
            covered |= words
    for term, _ in ranked:
        if len(shown_names) >= tuning.reasons_terms:
            break
        if term in names and term not in covered:
            shown_names.append(term)
    terms = [t for t, _ in ranked if t not in names][: tuning.reasons_terms]
    return Explanation(
        tuple(_clean(n) for n in shown_names), tuple(_clean(t) for t in terms), duplicate
    )


def compare(query: Analysed, doc: DocRecord, model: DfModel, tuning: Tuning) -> Match:
    """Cosine of the query and a stored document, with its explanation. The document's own
    probe dfs (recorded when it was indexed) refine the df of terms the query did not read."""
    extra = doc.probe_df
    q = term_weights(query.feats.tf, query.feats.names, model, extra)
    d = term_weights(doc.bag, doc.names, model, extra)
    return _match(query, doc, q, d, tuning, model)


def _rare(model: DfModel, extra: Mapping[str, float], tuning: Tuning) -> Callable[[str], bool]:
    limit = max(tuning.evidence_df_min, tuning.evidence_df_ratio * model.n_docs)
    return lambda term: model.df(term, extra) <= limit


def _match(
    query: Analysed, doc: DocRecord, q: Mapping[str, float], d: Mapping[str, float], tuning: Tuning,
    model: DfModel,
) -> Match:
    qn, dn = norm(q), norm(d)
    contributions = {t: w * d[t] / (qn * dn) for t, w in q.items() if t in d}
    score = sum(contributions.values())
    sim = minhash.similarity(query.sig, doc.sig)
    shared_names = {t for t in contributions if t in doc.names and t in query.feats.names}
    shared_phrases = [p for p in doc.phrases if p in query.feats.names and p in query.feats.tf]
    explanation = explain(
        contributions,
        shared_names,
        shared_phrases,
        round(sim, 2) if sim >= tuning.near_duplicate else None,
        tuning,
    )
    return Match(doc.article_id, score, explanation, doc.title,
                 evidence(contributions, shared_names, shared_phrases, tuning, _rare(model, doc.probe_df, tuning)))


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items()) / (norm(a) * norm(b))


def rank(
    query: Analysed, docs: Iterable[DocRecord], model: DfModel, tuning: Tuning, n: int,
    require_evidence: bool = True,
) -> list[Match]:
    """The ``n`` best matches at or above ``min_score`` and with ``evidence`` (near-duplicates
    always), best first (ties by id). A keyword search (``require_evidence=False``) needs no
    evidence: its query is a few words, not an article.

    Neighbourhood re-ranking (pseudo-relevance feedback within the fetched candidates, no
    extra reads): a candidate also earns ``feedback_weight`` times its mean cosine to the
    ``feedback_docs`` best candidates, so that the articles of the story the query most
    resembles move up together. The reported score is that blend divided by
    ``1 + feedback_weight`` (still 0..1, and still the order of the list)."""
    scored = []
    for doc in docs:
        extra = doc.probe_df
        q = term_weights(query.feats.tf, query.feats.names, model, extra)
        d = term_weights(doc.bag, doc.names, model, extra)
        scored.append((_match(query, doc, q, d, tuning, model), d))
    scored = [(m, d) for m, d in scored
              if (m.score >= tuning.min_score and (m.evidence or not require_evidence)) or m.near_duplicate]
    scored.sort(key=lambda md: (-md[0].score, md[0].article_id))
    beta, top = tuning.feedback_weight, scored[: tuning.feedback_docs]
    if beta > 0 and len(scored) > 1 and top:
        blended = []
        for m, d in scored:
            feedback = sum(m.score if tm is m else cosine(td, d) for tm, td in top) / len(top)
            score = (m.score + beta * feedback) / (1 + beta)
            blended.append(Match(m.article_id, score, m.explanation, m.title, m.evidence))
        matches = blended
    else:
        matches = [m for m, _ in scored]
    matches.sort(key=lambda m: (-m.score, m.article_id))
    return matches[:n]


def prescore(
    query_weights: Mapping[str, float],
    postings: Mapping[str, Mapping[str, float]],
    exclude: Iterable[str] = (),
) -> dict[str, float]:
    """Candidate scores from postings alone: sum over probe terms of the query's normalised
    weight times the document's stored normalised weight (a cosine restricted to the probes)."""
    skip = set(exclude)
    scores: dict[str, float] = {}
    for term, docs in postings.items():
        qw = query_weights.get(term, 0.0)
        if qw <= 0:
            continue
        for doc_id, dw in docs.items():
            if doc_id not in skip:
                scores[doc_id] = scores.get(doc_id, 0.0) + qw * dw
    return scores


def top_candidates(scores: Mapping[str, float], limit: int) -> list[str]:
    return [d for d, _ in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


@dataclass(frozen=True)
class StoredLink:
    """One entry of a stored related list (the REL item)."""

    article_id: str
    score: float
    explanation: str  # Explanation.encode()


def admit(existing: Sequence[StoredLink], new: StoredLink, k: int) -> tuple[bool, list[str]]:
    """Does ``new`` enter a top-``k`` list, and which entries does it push out?
    An entry already in the list is replaced (same id)."""
    others = [e for e in existing if e.article_id != new.article_id]
    if len(others) < k:
        return True, []
    ranked = sorted(others, key=lambda e: (-e.score, e.article_id))
    weakest = ranked[k - 1]
    if (new.score, weakest.article_id) <= (weakest.score, new.article_id):
        return False, []
    return True, [e.article_id for e in ranked[k - 1 :]]
