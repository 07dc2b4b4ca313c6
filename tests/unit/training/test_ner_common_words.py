"""train.py writes the common-word list of its training files into every checkpoint."""

from __future__ import annotations

from .scripts import load_script


def test_each_checkpoint_gets_the_common_words_of_the_files_it_was_trained_on(tmp_path) -> None:
    train = load_script("training/ner/train.py", "ner_train_common")
    data = tmp_path / "data"
    data.mkdir()
    lower = "".join("the O\nmarket O\nrose O\n\n" for _ in range(3))
    (data / "train.txt").write_text("-DOCSTART- O\n\n" + lower + "Market B-ORG\nWatch I-ORG\n\n")
    (data / "valid.txt").write_text("".join("said O\nrose O\n\n" for _ in range(3)))
    last, best = tmp_path / "model-last", tmp_path / "model-best"
    last.mkdir()
    best.mkdir()
    train.write_common_words(data, ["train"], [last, best])
    words = (last / "common.txt").read_text().split()
    assert "rose" in words and "the" in words
    assert "said" not in words  # valid was not trained on: its words are not listed
    assert "market" not in words  # capitalised, it is (part of) a name in every use
    assert (best / "common.txt").read_text() == (last / "common.txt").read_text()
    train.write_common_words(data, ["train", "valid"], [last])
    assert "said" in (last / "common.txt").read_text().split()
