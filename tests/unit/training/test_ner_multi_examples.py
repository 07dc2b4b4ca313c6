"""The Arabic/French training recipe's example builder (training/ner_multi/train.py)."""

from __future__ import annotations

from collections import Counter

import pytest

from .scripts import load_script

pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def train():
    return load_script("training/ner_multi/train.py", "ner_multi_train")


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


def test_words_split_by_an_ocr_line_break_are_joined_as_the_tagger_joins_them(train):
    """A word an OCR line break split ("An¬ dré") is one word at tag time
    (``names.join_broken_words``), so in training too; the joined word keeps its first part's
    tag, or the second's when the first is outside any entity (#13)."""
    rows = [("Société", "B-ORG"), ("des", "I-ORG"), ("Na¬", "I-ORG"), ("tions", "B-ORG"), ("de", "O"),
            ("Shakes¬", "O"), ("peare", "B-PER"), ("con¬", "O"), ("temple", "O"), ("1914¬", "O"), ("15", "O")]  # fmt: skip
    joined, origin = train.join_broken_rows(rows)
    assert joined == [("Société", "B-ORG"), ("des", "I-ORG"), ("Nations", "I-ORG"), ("de", "O"),
                      ("Shakespeare", "B-PER"), ("contemple", "O"), ("1914¬", "O"), ("15", "O")]  # fmt: skip
    assert origin == [0, 1, 2, 4, 5, 7, 9, 10]


def test_person_spans_take_the_title_written_before_them(train):
    """Europeana leaves the title out of a person mention, NewsEye puts it in: "[M. le général
    Campenon]", "le [docteur Schacht]" (the article alone stays out) (#13)."""
    words = ["M.", "le", "général", "Campenon", "et", "le", "docteur", "Schacht", "à", "Paris", ",", "MM", ".",
             "Dupont"]  # fmt: skip
    tags = ["O", "O", "O", "B-PER", "O", "O", "O", "B-PER", "O", "B-LOC", "O", "O", "O", "B-PER"]
    rows, extended = train.titles_into_persons(list(zip(words, tags, strict=True)))
    assert [t for _, t in rows] == ["B-PER", "I-PER", "I-PER", "I-PER", "O", "O", "B-PER", "I-PER", "O",
                                    "B-LOC", "O", "B-PER", "I-PER", "I-PER"]  # fmt: skip
    assert extended == 3


def test_a_title_does_not_take_a_word_of_another_entity(train):
    rows = [("Paris", "B-LOC"), ("Dupont", "B-PER"), ("général", "B-ORG"), ("Foch", "B-PER")]
    assert train.titles_into_persons(rows) == (rows, 0)


def test_harmonised_documents_keep_no_sentence_break_inside_a_mention(train):
    """Europeana's IO tags are read over the whole document and its pseudo-sentences end at
    "."; a title "MM ." ending one before the name, or a name cut at its ".", make one
    sentence, so no training example splits the mention."""
    sentences = [
        [("Vu", "O"), ("MM", "O"), (".", "O")],
        [("Dupont", "I-PER"), ("et", "O"), ("rue", "I-LOC"), ("Jo", "I-LOC"), (".", "I-LOC")],
        [("rbert", "I-LOC"), (".", "O")],
        [("Fin", "O")],
    ]
    counts: Counter[str] = Counter()
    out = train.harmonise(sentences, ("join", "titles"), counts)
    assert [[w for w, _ in s] for s in out] == [["Vu", "MM", ".", "Dupont", "et", "rue", "Jo", ".", "rbert", "."],
                                                ["Fin"]]  # fmt: skip
    assert [t for _, t in out[0]] == ["O", "B-PER", "I-PER", "I-PER", "O", "B-LOC", "I-LOC", "I-LOC", "I-LOC", "O"]
    assert counts == Counter({"titles": 1, "join": 0})


def test_a_joined_word_merges_the_sentences_it_spans(train):
    sentences = [[("Bul¬", "B-LOC")], [("garie", "I-LOC"), (".", "O")], [("Fin", "O")]]
    assert train.harmonise(sentences, ("join",)) == [[("Bulgarie", "B-LOC"), (".", "O")], [("Fin", "O")]]


def test_common_words_are_lower_case_words_rarely_capitalised_as_names(train, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("".join(
        f"-DOCSTART- O\n\n{sentence}\n" for sentence in (
            "Clôture O\n. O\nla O\nclôture O\nde O\nla O\nclôture O\net O\nla O\nclôture O\n",
            "la O\nChambre B-ORG\net O\nla O\nchambre O\n, O\nla O\nchambre O\n, O\nune O\nchambre O\n",
            "Amour O\net O\namour O\n",  # twice in lower case: too rare
            "la O\nclôture O\n",  # the held-out document: not counted
        )), encoding="utf-8")
    monkeypatch.setattr(train, "DATA", tmp_path)
    monkeypatch.setattr(train, "SOURCES", {"fr": (["a.txt"], 1), "ar": (["a.txt"], 1)})
    assert train.build_common_words("fr") == ["clôture", "et", "la"]  # not "chambre": a name when capitalised
    assert train.build_common_words("ar") == []


def test_english_common_words_forgive_one_named_occurrence_of_a_frequent_word(tmp_path):
    script = load_script("training/ner/common_words.py", "ner_common_words")
    rows = ([("born", "O")] * 10 + [("Born", "B-LOC")] + [("sale", "O")] * 10 + [("Sale", "B-ORG")] * 2
            + [("satellite", "O")] * 3 + [("Satellite", "B-ORG")])
    assert script.common_words(rows) == ["born"]  # "sale" twice a name; "satellite" too rare to forgive
    (tmp_path / "train.txt").write_text("-DOCSTART- -X- -X- O\n\nBorn NNP B-NP B-LOC\nborn VBN B-VP O\n",
                                        encoding="utf-8")
    assert script.read_rows(tmp_path / "train.txt") == [("Born", "B-LOC"), ("born", "O")]
