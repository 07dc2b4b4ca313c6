"""The English NER pretraining recipe's raw-text builder (training/ner/pretrain.py)."""

from __future__ import annotations

import json

import pytest

from .scripts import ROOT, load_script


@pytest.fixture(scope="module")
def pretrain():
    return load_script("training/ner/pretrain.py", "ner_pretrain")


def _words(n: int, tag: str = "w") -> str:
    return " ".join(f"{tag}{i}" for i in range(n))


def test_chunks_pack_pieces_up_to_the_limit(pretrain):
    out = list(pretrain.chunks([_words(3, "a"), _words(4, "b"), _words(2, "c"), "", "  "], max_words=7))
    assert out == ["a0 a1 a2 b0 b1 b2 b3", "c0 c1"]


def test_chunks_cut_a_long_piece_and_normalise_whitespace(pretrain):
    out = list(pretrain.chunks(["x  y\n", _words(5, "l"), "z"], max_words=2))
    assert out == ["x y", "l0 l1", "l2 l3", "l4 z"]
    assert all(len(t.split()) <= 2 for t in out)


def test_tei_paragraphs_read_body_text_without_notes(pretrain):
    xml = (
        '<TEI xmlns="http://distantreading.net/eltec/ns"><teiHeader><p>header</p></teiHeader>'
        "<text><front><p>front matter</p></front><body><div><head>CHAPTER I.</head>"
        "<p>It was <hi>very</hi>\n   cold<note>a note</note> in London.</p><p> </p>"
        "<lg><l>A line of verse</l></lg></div></body></text></TEI>"
    )
    assert list(pretrain.tei_paragraphs(xml)) == ["It was very cold in London.", "A line of verse"]


def test_conll_texts_keep_words_only(pretrain, tmp_path):
    conll = tmp_path / "train.txt"
    conll.write_text(
        "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\n",
        encoding="utf-8",
    )
    assert list(pretrain.conll_texts(conll, max_words=200)) == ["EU rejects Peter"]


def test_build_jsonl_writes_every_text_shuffled_and_counts_words(pretrain, tmp_path):
    dst = tmp_path / "raw.jsonl"
    texts_a = [f"a {i} x" for i in range(20)]
    words = pretrain.build_jsonl({"a": iter(texts_a), "b": ["b c"]}, dst)
    assert words == {"a": 60, "b": 2}
    rows = [json.loads(line)["text"] for line in dst.read_text(encoding="utf-8").splitlines()]
    assert sorted(rows) == sorted([*texts_a, "b c"])
    assert rows != [*texts_a, "b c"]  # interleaved


def test_pretraining_config_keeps_the_training_tok2vec(pretrain, tmp_path):
    pytest.importorskip("spacy")
    from spacy.util import load_config

    base = ROOT / "training" / "ner" / "config.cfg"
    dst = tmp_path / "pretrain.cfg"
    pretrain.write_config(base, dst, tmp_path / "raw.jsonl", max_epochs=2)
    got, want = load_config(dst, interpolate=False), load_config(base, interpolate=False)
    assert got["components"]["tok2vec"] == want["components"]["tok2vec"]
    assert got["pretraining"]["component"] == "tok2vec" and got["pretraining"]["max_epochs"] == 2
    assert got["pretraining"]["objective"]["@architectures"] == "spacy.PretrainCharacters.v1"
    assert got["paths"]["raw_text"] == str(tmp_path / "raw.jsonl")
    # training needs the [pretraining] block too: without it spaCy ignores init_tok2vec
    assert want["pretraining"]["component"] == "tok2vec"
