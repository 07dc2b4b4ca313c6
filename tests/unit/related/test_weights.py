from __future__ import annotations

import math

import pytest
from articles.related.text import features
from articles.related.weights import (
    DfModel,
    Tuning,
    bag,
    idf,
    is_sampled,
    is_stop,
    normalized,
    probe_terms,
    sample_rate,
    term_weights,
)

from .texts import PRYCE_1, QUILL_1


def test_idf_falls_with_df_and_rises_with_corpus() -> None:
    assert idf(1, 1000) > idf(10, 1000) > idf(500, 1000)
    assert idf(10, 10_000) > idf(10, 1000)
    assert idf(0, 0) == pytest.approx(1.0)


def test_df_sources_in_order_exact_then_document_then_frequent_then_default() -> None:
    model = DfModel(10_000, frequent={"police": 900.0, "quill": 800.0}, exact={"quill": 3.0})
    assert model.df("quill") == 3.0  # read this query beats the table
    assert model.df("police") == 900.0
    assert model.df("police", extra={"police": 950.0}) == 950.0  # a document's own record
    assert model.freq_threshold == 100.0  # 1% of N
    assert model.df("seabright") == 50.0  # unknown: half the frequent threshold
    assert model.idf("quill") > model.idf("seabright") > model.idf("police")


def test_stop_terms_need_a_big_enough_corpus() -> None:
    tuning = Tuning(stop_ratio=0.2, stop_min_docs=50)
    assert not is_stop(30, 40, tuning)  # 75% of a tiny corpus: not yet
    assert is_stop(30, 100, tuning)
    assert not is_stop(19, 100, tuning)


def test_weights_boost_names_and_drop_stop_terms() -> None:
    model = DfModel(1000, frequent={"clinic": 300.0}, exact={"quill": 2.0, "entered": 2.0})
    w = term_weights({"quill": 1, "entered": 1, "clinic": 1}, {"quill"}, model)
    assert w["quill"] == pytest.approx(w["entered"] * model.tuning.name_boost)
    assert "clinic" not in w  # df 30% > stop ratio
    unit = normalized(w)
    assert math.sqrt(sum(v * v for v in unit.values())) == pytest.approx(1.0)


def test_phrases_are_not_scored_as_terms() -> None:
    model = DfModel(100)
    w = term_weights({"mara quill": 2, "quill": 2}, {"mara quill", "quill"}, model)
    assert set(w) == {"quill"}


def test_probes_prefer_rare_names_over_frequent_topic_words() -> None:
    feats = features(*QUILL_1)
    frequent = {"rehab": 400.0, "actress": 300.0, "fan": 900.0, "health": 500.0}
    model = DfModel(10_000, frequent=frequent, tuning=Tuning(probes=6))
    probes = probe_terms(feats, model)
    assert len(probes) == 6
    assert {"quill", "seabright", "verlaine"} <= set(probes)
    assert "fan" not in probes and "rehab" not in probes
    assert probe_terms(feats, model) == probes  # deterministic


def test_bag_keeps_the_heaviest_terms_with_their_counts() -> None:
    feats = features(*PRYCE_1)
    model = DfModel(100)
    b = bag(feats, model, 5)
    assert len(b) == 5
    assert b["pryce"] == feats.tf["pryce"]
    assert all(" " not in t for t in bag(feats, model, 500))


def test_sample_rate_doubles_with_the_corpus() -> None:
    assert sample_rate(0, 1024) == 1
    assert sample_rate(2047, 1024) == 1
    assert sample_rate(2048, 1024) == 2
    assert sample_rate(1_000_000, 1024) == 512
    assert sample_rate(10_000, 1024) == 8


def test_sampling_is_deterministic_nested_and_about_one_in_r() -> None:
    ids = [f"article-{i}" for i in range(4000)]
    at4 = {i for i in ids if is_sampled(i, 4)}
    at8 = {i for i in ids if is_sampled(i, 8)}
    assert at8 <= at4  # the sample at 2R is inside the sample at R
    assert 800 < len(at4) < 1200
    assert all(is_sampled(i, 1) for i in ids[:10])
    assert {i for i in ids if is_sampled(i, 4)} == at4
