from __future__ import annotations

from collections import Counter

import pytest
from articles.related.document import (
    DocRecord,
    analyse,
    content_hash,
    decode_terms,
    encode_terms,
    record_of,
)
from articles.related.scoring import (
    Explanation,
    StoredLink,
    admit,
    compare,
    explain,
    prescore,
    rank,
    top_candidates,
)
from articles.related.text import features
from articles.related.weights import DEFAULT_TUNING, DfModel, Tuning

from .texts import MINISTER_1, MINISTER_2, PRYCE_1, PRYCE_2, QUILL_1, QUILL_2, QUILL_3, QUILL_COPY, STORIES


def corpus_model() -> DfModel:
    """Exact df over the fixture stories (what a fully counted index would know)."""
    df: Counter[str] = Counter()
    for title, body in STORIES.values():
        df.update(set(features(title, body).tf))
    return DfModel(len(STORIES), exact=dict(df))


def record(article_id: str, story: tuple[str, str], model: DfModel) -> DocRecord:
    doc = analyse(*story)
    return record_of(article_id, story[0], None, "h", doc, model, {}, 0, DEFAULT_TUNING)


def test_same_story_beats_same_topic() -> None:
    model = corpus_model()
    query = analyse(*QUILL_3)
    quill = compare(query, record("quill-1", QUILL_1, model), model, DEFAULT_TUNING)
    pryce = compare(query, record("pryce-1", PRYCE_1, model), model, DEFAULT_TUNING)
    assert quill.score > 2 * pryce.score
    # and the other way round: a Pryce story finds Pryce first although both are "rehab"
    ranked = rank(analyse(*PRYCE_2), [record(k, STORIES[k], model) for k in STORIES if k != "pryce-2"],
                  model, DEFAULT_TUNING, 3)
    assert ranked[0].article_id == "pryce-1"


def test_reasons_name_the_shared_names_and_terms() -> None:
    model = corpus_model()
    match = compare(analyse(*MINISTER_2), record("minister-1", MINISTER_1, model), model, DEFAULT_TUNING)
    reasons = match.link().reasons
    names = next(r for r in reasons if r.startswith("same names: "))
    assert "nabil harmoush" in names  # the phrase, not its two words
    terms = next(r for r in reasons if r.startswith("shared terms: "))
    assert "militia" in terms
    assert not match.near_duplicate
    assert 0 < match.score < 1


def test_near_duplicate_is_flagged_with_its_similarity() -> None:
    model = corpus_model()
    match = compare(analyse(*QUILL_COPY), record("quill-1", QUILL_1, model), model, DEFAULT_TUNING)
    link = match.link()
    assert link.near_duplicate
    assert link.reasons[0].startswith("near-duplicate (shingle similarity 0.")
    assert match.explanation.duplicate is not None
    assert match.explanation.duplicate >= DEFAULT_TUNING.near_duplicate
    loose = compare(analyse(*QUILL_2), record("quill-1", QUILL_1, model), model, DEFAULT_TUNING)
    assert not loose.near_duplicate


def test_explanation_round_trip_and_rendering() -> None:
    e = Explanation(("shoukry",), ("sisi", "libya", "militias"), 0.93)
    assert e.encode() == "d0.93;nshoukry;tsisi,libya,militias"
    assert Explanation.decode(e.encode()) == e
    assert e.reasons() == [
        "near-duplicate (shingle similarity 0.93)",
        "same names: shoukry",
        "shared terms: sisi, libya, militias",
    ]
    assert Explanation.decode("") == Explanation()


def test_explain_orders_by_contribution_and_keeps_separators_out() -> None:
    e = explain({"a,b": 0.1, "libya": 0.5, "sisi": 0.9, "talk": 0.2}, {"sisi", "libya"}, [], None,
                Tuning(reasons_terms=2))
    assert e.names == ("sisi", "libya")
    assert e.terms == ("talk", "a b")


def test_rank_drops_weak_matches_and_orders_best_first() -> None:
    model = corpus_model()
    docs = [record(k, STORIES[k], model) for k in ("quill-1", "quill-2", "quake-1", "pryce-1")]
    ranked = rank(analyse(*QUILL_3), docs, model, DEFAULT_TUNING, 10)
    ids = [m.article_id for m in ranked]
    assert ids[:2] in (["quill-1", "quill-2"], ["quill-2", "quill-1"])
    assert "quake-1" not in ids  # nothing in common beyond stop words
    scores = [m.score for m in ranked]
    assert scores == sorted(scores, reverse=True)


def test_prescore_and_top_candidates() -> None:
    postings = {"quill": {"a": 0.5, "b": 0.1}, "seabright": {"a": 0.2, "c": 0.9}, "rehab": {"d": 1.0}}
    scores = prescore({"quill": 0.8, "seabright": 0.5}, postings, exclude=["c"])
    assert scores == pytest.approx({"a": 0.5, "b": 0.08})
    assert top_candidates({"x": 1.0, "a": 1.0, "b": 2.0}, 2) == ["b", "a"]


def test_admit_into_a_bounded_list() -> None:
    full = [StoredLink(f"d{i}", 0.1 * i, "") for i in range(1, 4)]
    assert admit(full[:2], StoredLink("new", 0.01, ""), 3) == (True, [])  # room left
    assert admit(full, StoredLink("new", 0.05, ""), 3) == (False, [])  # weaker than all
    assert admit(full, StoredLink("new", 0.25, ""), 3) == (True, ["d1"])  # pushes the weakest out
    assert admit(full, StoredLink("d1", 0.35, ""), 3) == (True, [])  # a re-score of its own entry
    longer = [*full, StoredLink("d9", 0.05, "")]  # a racing writer left one too many
    assert admit(longer, StoredLink("new", 0.25, ""), 3) == (True, ["d1", "d9"])


def test_record_binary_round_trip() -> None:
    model = corpus_model()
    doc = analyse(*QUILL_1)
    rec = record_of("quill-1", QUILL_1[0], "2024-05-01", content_hash(*QUILL_1, None), doc, model,
                    {"quill": 4.0, "seabright": 3.0}, 2, DEFAULT_TUNING)
    back = decode_terms(encode_terms(rec), DocRecord("quill-1"))
    assert back.bag == rec.bag
    assert back.names == rec.names and "quill" in back.names
    assert back.title_terms == rec.title_terms
    assert back.phrases == rec.phrases and "mara quill" in back.phrases
    assert back.probe_df == {"quill": 4.0, "seabright": 3.0}
    assert len(encode_terms(rec)) < 1024


def test_content_hash_changes_with_any_field() -> None:
    h = content_hash("t", "b", None)
    assert h == content_hash("t", "b", None)
    others = {content_hash("t", "b", "2024"), content_hash("t2", "b", None), content_hash(None, "tb", None)}
    assert len({h, *others}) == 4


def test_overlapping_name_phrases_are_shown_once() -> None:
    e = explain({"quill": 0.5, "mara": 0.4, "verlaine": 0.3}, {"quill", "mara", "verlaine"},
                ["mara quill", "actress mara quill", "jonah verlaine"], None, DEFAULT_TUNING)
    assert e.names == ("actress mara quill", "jonah verlaine")
