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
