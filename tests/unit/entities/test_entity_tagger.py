"""The tagger end to end with the trained model (skipped when no model is installed)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from articles.entities import Tagger
from articles.entities.names import entity_id
from articles.errors import DocumentTooLarge
from articles.models import Role

# Written for these tests: the seed article's phenomena with other people and places.
OWN_TEXT = (
    "Jordanian Foreign Minister Ayman Al-Safadi met Iraqi Chief of Staff Lieutenant General "
    "Abdul Amir Yarallah in Amman on Sunday to discuss security along the border between Jordan "
    "and Iraq. Later that day Safadi and the Speaker of the Iraqi Council of Representatives (CoR) "
    "Mahmoud Al-Mashhadani met Tunisian Foreign Minister Mohammed Ali Nafti at the Arab League "
    "headquarters in Cairo, where the President of Libyan House of Representatives (HoR) Aguila "
    "Saleh joined them.\n\n"
    "Yaralla said Iraqi forces would train with Jordanian units, while Mashhadani promised that "
    "the CoR would back the agreement. Safady told reporters the plan would go to the UN Security "
    "Council next month. Saleh said the HoR had not been consulted."
)


def test_spans_on_own_text(tagger: Tagger) -> None:
    spans = tagger.spans(OWN_TEXT)
    found = {(OWN_TEXT[s:e], label) for s, e, label in spans}
    for expected in [
        ("Ayman Al-Safadi", "PER"),
        ("Safadi", "PER"),
        ("Safady", "PER"),
        ("Abdul Amir Yarallah", "PER"),
        ("Yaralla", "PER"),
        ("Mahmoud Al-Mashhadani", "PER"),
        ("Mashhadani", "PER"),
        ("Aguila Saleh", "PER"),
        ("House of Representatives", "ORG"),
        ("HoR", "ORG"),
        ("CoR", "ORG"),
        ("Arab League", "ORG"),
        ("UN Security Council", "ORG"),
        ("Jordan", "LOC"),
        ("Cairo", "LOC"),
        # demonyms stay MISC in spans(), as in CoNLL-2003
        ("Jordanian", "MISC"),
        ("Libyan", "MISC"),
    ]:
        assert expected in found
    starts = [s for s, _, _ in spans]
    assert starts == sorted(starts)
    assert all(e <= s2 for (_, e, _), (s2, _, _) in pairwise(spans))
    assert all(label in {"PER", "ORG", "LOC", "MISC"} for _, _, label in spans)


def test_tag_on_own_text(tagger: Tagger) -> None:
    entities = tagger.tag(OWN_TEXT, published="2024-03-03")
    found = {e.name: e for e in entities}
    safadi = found["Ayman Al-Safadi"]
    assert safadi.aliases == ["Safadi", "Safady"]
    assert safadi.roles == [Role(title="Foreign Minister", nationality="Jordanian", date="2024-03-03")]
    assert found["Abdul Amir Yarallah"].aliases == ["Yaralla"]
    assert found["Abdul Amir Yarallah"].roles == [
        Role(title="Chief of Staff", rank="Lieutenant General", nationality="Iraqi", date="2024-03-03")
    ]
    assert found["Mahmoud Al-Mashhadani"].roles == [
        Role(title="Speaker", organisation="Iraqi Council of Representatives", date="2024-03-03")
    ]
    assert found["Aguila Saleh"].aliases == ["Saleh"]
    assert found["Aguila Saleh"].roles == [
        Role(title="President", organisation="House of Representatives", date="2024-03-03")
    ]
    assert found["House of Representatives"].aliases == ["HoR"]
    assert found["Iraqi Council of Representatives"].aliases == ["CoR"]
    assert found["Jordan"].aliases == ["Jordanian"] and found["Jordan"].type == "LOC"
    for e in entities:
        assert e.id == entity_id(e.name, e.type)
        assert 0.0 <= e.salience <= 1.0
        for m in e.mentions:
            assert OWN_TEXT[m.start : m.end] == m.text


def test_empty_text(tagger: Tagger) -> None:
    assert tagger.tag("") == [] and tagger.spans("  \n") == []


def test_text_without_entities(tagger: Tagger) -> None:
    assert tagger.tag("nothing happened here today.") == []


def test_too_large_text(tagger: Tagger, monkeypatch: pytest.MonkeyPatch) -> None:
    import articles.entities.tagger as tagger_module

    monkeypatch.setattr(tagger_module, "MAX_CHARS", 10)
    with pytest.raises(DocumentTooLarge):
        tagger.spans("Sameh Shoukry met Sisi in Cairo.")


def test_raw_model_without_rules(tagger: Tagger) -> None:
    raw = Tagger(tagger._nlp, rules=())
    text = "Later that day Safadi met Foreign Minister Ayman Al-Safadi."
    assert raw.rules == frozenset()
    assert len(raw.spans(text)) >= 1


def test_load_refuses_a_folder_without_a_model(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no spaCy model"):
        Tagger.load(tmp_path)


def test_load_keeps_hyphenated_names_whole(tagger: Tagger) -> None:
    a = tagger.analyse("Egyptian President Abdel-Fateh Al-Sisi met Libyan officials.")
    assert a.words[2:4] == ["Abdel-Fateh", "Al-Sisi"]


@pytest.mark.parametrize("language", ["en", "ar", "fr"])
def test_the_tokenizer_loads_only_from_the_saved_model_and_is_the_same(language: str) -> None:
    """Tagger.load skips building the language's default tokenizer (the saved one replaces it):
    the tokenizer it ends with is the one a plain spacy.load gives, rule for rule."""
    from articles.entities.sources import import_spacy
    from articles.entities.tagger import default_model_dir, model_dir_of
    from articles.entities.tokenizer import keep_hyphenated_words

    path = default_model_dir() if language == "en" else model_dir_of(language)
    if not (path / "meta.json").exists():
        pytest.skip(f"no {language} model installed")
    tagger = Tagger.load(language=language)
    assert tagger.model.nlp.config["nlp"]["tokenizer"]["@tokenizers"] == "articles.saved_tokenizer.v1"
    plain = keep_hyphenated_words(import_spacy().load(path))
    assert tagger.model.nlp.tokenizer.to_bytes(exclude=["vocab"]) == plain.tokenizer.to_bytes(exclude=["vocab"])
    text = "Al-Sisi met U.S. envoys in Sharm el-Sheikh (https://example.org/a-b) on 3.5.2024; they'd agreed."
    assert [t.text for t in tagger.model.nlp.tokenizer(text)] == [t.text for t in plain.tokenizer(text)]


def test_keeping_hyphenated_words_changes_a_default_tokenizer_and_leaves_a_kept_one_alone() -> None:
    """keep_hyphenated_words removes the hyphen infix of a default tokenizer; on a tokenizer
    that has none (the saved ones), it sets nothing, so its special cases are not reloaded."""
    from articles.entities.sources import import_spacy
    from articles.entities.tokenizer import keep_hyphenated_words

    nlp = import_spacy().blank("en")
    text = "Al-Sisi met the co-chair."
    assert [t.text for t in nlp.tokenizer(text)][:3] == ["Al", "-", "Sisi"]
    keep_hyphenated_words(nlp)
    assert [t.text for t in nlp.tokenizer(text)] == ["Al-Sisi", "met", "the", "co-chair", "."]
    kept = nlp.tokenizer.infix_finditer
    keep_hyphenated_words(nlp)
    assert nlp.tokenizer.infix_finditer is kept


def test_a_one_word_span_on_an_ordinary_capitalised_word_is_dropped() -> None:
    from articles.entities.sources import COMMON_FILE, drop_common_words, read_common_words
    from articles.entities.tagger import model_dir_of
    from articles.entities.types import Span

    common = read_common_words(model_dir_of("fr") / COMMON_FILE)
    assert {"clôture", "amour"} <= common and not {"chambre", "paris", "ville"} & common
    assert read_common_words(model_dir_of("ar") / COMMON_FILE) == frozenset()  # no case in Arabic
    words = ["Clôture", ".", "La", "Chambre", "vote", "la", "clôture", "Amour", "Fou"]
    spans = [Span(0, 1, "PER"), Span(3, 4, "ORG"), Span(6, 7, "MISC"), Span(7, 9, "MISC")]
    assert drop_common_words(words, spans, common) == spans[1:]  # a longer span stays

    english = read_common_words(model_dir_of("en") / COMMON_FILE)
    assert "born" in english and not {"sale", "bank"} & english
    words = ["Born", "in", "Monastir", ";", "Born", ".", "Sale", "3"]
    spans = [Span(0, 1, "LOC"), Span(2, 3, "LOC"), Span(4, 5, "LOC"), Span(6, 7, "ORG")]
    # English: only before a lower-case word (a sentence's first word, not a results table's)
    assert drop_common_words(words, spans, english, lower_after=True) == spans[1:]
