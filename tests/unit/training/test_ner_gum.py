"""GUM's entity mentions as CoNLL-2003 names (training/ner/gum.py) and the missing-tag path
through train.py's conversion. The CoNLL-U below is ours, written in GUM's format."""

from __future__ import annotations

import subprocess

import pytest

from .scripts import load_script


@pytest.fixture(scope="module")
def gum():
    return load_script("training/ner/gum.py", "ner_gum")


def _conllu(rows: list[tuple[str, str, str, str]]) -> str:
    """CoNLL-U lines: (word, upos, xpos, Entity value or '')."""
    lines = ["# sent_id = test-1", "# text = (ours)"]
    for i, (word, upos, xpos, ent) in enumerate(rows, 1):
        misc = f"Entity={ent}" if ent else "_"
        lines.append("\t".join([str(i), word, word, upos, xpos, "_", "0", "dep", "_", misc]))
    return "\n".join(lines) + "\n\n"


def _tags(gum, rows) -> list[str]:
    (sent,) = list(gum.sentences(_conllu(rows)))
    return [tag for _, tag in sent]


def test_a_named_place_loses_its_article_and_an_adjective_outside_names_is_unknown(gum) -> None:
    rows = [
        ("Two", "NUM", "CD", "(1-person-new-x-cf1-3-coref"),
        ("Syrian", "ADJ", "JJ", ""),
        ("teams", "NOUN", "NNS", "1)"),
        ("visited", "VERB", "VBD", ""),
        ("the", "DET", "DT", "(2-place-new-x-cf2-2-coref-United_States"),
        ("United", "PROPN", "NNP", ""),
        ("States", "PROPN", "NNP", "2)"),
    ]
    # a capitalised first word is no evidence of a name ("Two"); "Syrian" is CoNLL's MISC
    assert _tags(gum, rows) == ["O", "?", "O", "O", "O", "B-LOC", "I-LOC"]


def test_a_title_stays_outside_a_person_and_the_outermost_name_wins(gum) -> None:
    rows = [
        ("Professor", "PROPN", "NNP", "(1-person-new-x-cf1-3-coref-Ann_Lee"),
        ("Ann", "PROPN", "NNP", ""),
        ("Lee", "PROPN", "NNP", "1)"),
        ("of", "ADP", "IN", ""),
        ("the", "DET", "DT", "(2-organization-new-x-cf2-2-coref"),
        ("Bank", "PROPN", "NNP", ""),
        ("of", "ADP", "IN", ""),
        ("Tunisia", "PROPN", "NNP", "(3-place-new-x-cf3-1-coref-Tunisia)2)"),
    ]
    assert _tags(gum, rows) == ["O", "B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "I-ORG"]


def test_two_people_in_one_mention_are_two_names_and_a_role_is_none(gum) -> None:
    rows = [
        ("Ann", "PROPN", "NNP", "(1-person-new-x-cf1-5-coref(2-person-new-x-cf2-1-coref"),
        ("Lee", "PROPN", "NNP", "2)"),
        ("and", "CCONJ", "CC", ""),
        ("Bo", "PROPN", "NNP", "(3-person-new-x-cf3-1-coref"),
        ("Ray", "PROPN", "NNP", "3)1)"),
        ("met", "VERB", "VBD", ""),
        ("the", "DET", "DT", "(4-person-new-x-cf4-1-coref"),
        ("President", "PROPN", "NNP", "4)"),
    ]
    assert _tags(gum, rows) == ["B-PER", "I-PER", "O", "B-PER", "I-PER", "O", "O", "O"]


def test_other_named_kinds_and_plural_peoples_are_unknown_not_outside(gum) -> None:
    rows = [
        ("Afghans", "PROPN", "NNPS", "(1-person-new-x-cf1-1-coref)"),
        ("watched", "VERB", "VBD", ""),
        ("the", "DET", "DT", "(2-event-new-x-cf2-3-coref-World_Cup"),
        ("World", "PROPN", "NNP", ""),
        ("Cup", "PROPN", "NNP", "2)"),
        ("in", "ADP", "IN", ""),
        ("Doha", "PROPN", "NNP", "(3-place-new-x-cf3-1-coref-Doha_%28city%29)"),
    ]
    assert _tags(gum, rows) == ["?", "O", "O", "?", "?", "O", "B-LOC"]


def test_the_converter_marks_unknown_words_missing_in_the_training_doc(tmp_path) -> None:
    train = load_script("training/ner/train.py", "ner_train_gum")
    corpora = train.corpora
    words = ["Syrian", "fans", "cheered", "in", "Doha"]
    tags = ["?", "O", "O", "O", "B-LOC"]
    gaps = corpora.missing_runs(tags)
    assert gaps == [(0, 1)]
    nlp = train.keep_hyphenated_words(train.spacy.blank("en"))
    doc = train.extra_doc(nlp, list(zip(words, tags, strict=True)), set())  # what convert_extra adds
    assert [t.ent_iob_ for t in doc] == ["", "O", "O", "O", "B"]
    assert corpora.map_tag(corpora.MISSING, {"PER": "PER"}) == corpora.MISSING


def test_a_path_pattern_is_expanded_at_the_pinned_commit_of_a_mirror(tmp_path) -> None:
    corpora = load_script("training/ner/train.py", "ner_train_expand").corpora
    work = tmp_path / "work"
    (work / "dep").mkdir(parents=True)

    def git(*args: str) -> str:
        env = {
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@t",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@t",
        }
        out = subprocess.run(["git", "-C", str(work), *args], check=True, capture_output=True, text=True, env=env)
        return out.stdout.strip()

    git("init", "-q")
    for name in ("GUM_news_a.conllu", "GUM_news_b.conllu", "GUM_bio_c.conllu"):
        (work / "dep" / name).write_text("x\n")
    git("add", ".")
    git("commit", "-q", "-m", "one")
    pinned = git("rev-parse", "HEAD")
    (work / "dep" / "GUM_news_d.conllu").write_text("later\n")
    git("add", ".")
    git("commit", "-q", "-m", "two")
    mirror = tmp_path / "root" / "someone+gum" / "repo"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(mirror)], check=True)
    src = corpora.Source("g", "someone/gum", pinned, ("dep/GUM_news_*.conllu",), "gum", {}, "CC BY 4.0")
    assert corpora.expand(tmp_path / "root", src, "dep/GUM_news_*.conllu") == [
        "dep/GUM_news_a.conllu",
        "dep/GUM_news_b.conllu",
    ]
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "someone+gum").symlink_to(work)  # a work tree is read as checked out
    assert corpora.expand(tmp_path / "tree", src, "dep/GUM_news_*.conllu")[-1] == "dep/GUM_news_d.conllu"


def test_a_corpus_named_twice_is_read_twice_and_its_unknown_words_carry_no_loss(tmp_path, monkeypatch) -> None:
    train = load_script("training/ner/train.py", "ner_train_copies")
    corpora = train.corpora
    tree = tmp_path / "root" / "someone+gum" / "dep"
    tree.mkdir(parents=True)
    rows = [
        ("Two", "NUM", "CD", ""),
        ("Syrian", "ADJ", "JJ", ""),
        ("teams", "NOUN", "NNS", ""),
        ("visited", "VERB", "VBD", ""),
        ("Doha", "PROPN", "NNP", "(1-place-new-x-cf1-1-coref-Doha)"),
    ]
    (tree / "GUM_news_x.conllu").write_text(_conllu(rows))
    src = corpora.Source("g", "someone/gum", "0" * 40, ("dep/GUM_news_*.conllu",), "gum", {"LOC": "LOC"}, "")
    monkeypatch.setattr(corpora, "SOURCES", (src,))
    n = train.convert_extra(["g", "g"], tmp_path / "root", tmp_path / "extra.spacy", misc=set())
    assert n == 2
    docs = list(train.DocBin().from_disk(tmp_path / "extra.spacy").get_docs(train.spacy.blank("en").vocab))
    assert [[t.ent_iob_ for t in d] for d in docs] == [["O", "", "O", "O", "B"]] * 2
    assert [e.label_ for e in docs[0].ents] == ["LOC"]

