"""The Arabic/French training recipe's example builder (training/ner_multi/train.py)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pytest.importorskip("spacy")

TRAIN = Path(__file__).resolve().parents[3] / "training" / "ner_multi" / "train.py"


@pytest.fixture(scope="module")
def train():
    spec = importlib.util.spec_from_file_location("ner_multi_train", TRAIN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sentence(n: int, tag: str = "O") -> list[tuple[str, str]]:
    return [(f"w{i}", tag) for i in range(n)]


def test_sentences_are_packed_up_to_the_limit_and_never_split(train):
    sentences = [_sentence(30), _sentence(25), _sentence(10), _sentence(80), _sentence(5)]
    groups = list(train.sentence_groups(sentences, 60))
    assert [len(g) for g in groups] == [55, 10, 80, 5]
    assert sum(len(g) for g in groups) == sum(len(s) for s in sentences)


def test_documents_keep_their_sentences(train, tmp_path):
    conll = tmp_path / "x.txt"
    conll.write_text(
        "-DOCSTART- O\n\nسامح B-PER\nشكري I-PER\n\nفي O\nالقاهرة B-LOC\n\n-DOCSTART- O\n\nParis B-LOC\n",
        encoding="utf-8",
    )
    docs = list(train.read_conll_sentences(conll))
    assert [[len(s) for s in d] for d in docs] == [[2, 2], [1]]
    flat = list(train.read_conll(conll))
    assert flat[0] == [("سامح", "B-PER"), ("شكري", "I-PER"), ("في", "O"), ("القاهرة", "B-LOC")]


def test_vectors_keyed_by_norm_stay_keyed_by_norm_on_disk(train, tmp_path):
    """spaCy 3.8 saves a default vectors table without its key attribute and reads it
    back as ORTH; ``keep_vectors_attr`` writes it into the saved model (#13)."""
    import numpy
    from articles.entities.sources import blank_pipeline
    from spacy.attrs import NORM, ORTH
    from spacy.vectors import Vectors

    nlp = blank_pipeline("ar")
    nlp.vocab.vectors = Vectors(
        strings=nlp.vocab.strings, data=numpy.ones((1, 4), dtype="float32"), keys=["قاهره"], attr="NORM"
    )
    nlp.to_disk(tmp_path / "m")
    saved = Vectors().from_disk(tmp_path / "m" / "vocab")
    assert saved.attr == ORTH  # the spaCy behaviour worked around; if this fails, the fix is no longer needed
    assert train.keep_vectors_attr(tmp_path / "m")
    loaded = blank_pipeline("ar")
    loaded.vocab.from_disk(tmp_path / "m" / "vocab")
    assert loaded.vocab.vectors.attr == NORM
    doc = loaded.make_doc("والقاهرة")  # NORM strips و + ال and folds ة
    assert doc[0].norm in loaded.vocab.vectors
    assert not train.keep_vectors_attr(tmp_path / "nothing")
