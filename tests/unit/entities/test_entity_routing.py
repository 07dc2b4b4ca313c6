"""Language-routed tagging: each language's own model, none for the others."""

from __future__ import annotations

import pytest
from articles.entities import Tagger, load_tagger
from articles.entities.routing import RoutedTagger, detect
from articles.entities.tagger import LANGUAGE_RULES, model_dir_of

ENGLISH = "Egyptian Foreign Minister Sameh Shoukry met his Libyan counterpart in Cairo on Sunday."
GERMAN = "Der ägyptische Außenminister Sameh Schukri traf am Sonntag in Kairo seinen libyschen Amtskollegen."
ARABIC = "التقى وزير الخارجية المصري سامح شكري نظيره الليبي في القاهرة يوم الأحد."
FRENCH = "Le ministre égyptien des Affaires étrangères, Sameh Choukri, a reçu dimanche au Caire son homologue."


def test_detect_short_briefs() -> None:
    assert detect(ARABIC) == "ar"
    assert detect(FRENCH) == "fr"
    assert detect(ENGLISH) == "en"
    assert detect(GERMAN) == "de"
    assert detect("English brief ending in an Arabic word. طرابلس") == "en"


def test_a_language_without_a_model_gets_no_entities_and_a_note(tagger: Tagger) -> None:
    router = RoutedTagger.of({"en": tagger})
    assert router.tag(ENGLISH)  # English: the English model
    assert router.tag(GERMAN) == [] and router.spans(GERMAN) == []
    assert "'de'" in (router.note(GERMAN) or "")
    assert router.note(ENGLISH) is None
    # the English model never tags Arabic or French when their models are absent
    assert router.tag(ARABIC) == [] and router.tag(FRENCH) == []
    # a declared language wins over detection
    assert router.tag(ENGLISH, language="de") == []


def test_single_tagger_refuses_other_languages(tagger: Tagger) -> None:
    assert tagger.tag(ENGLISH, language="fr") == []
    assert tagger.note(ENGLISH, "fr-FR") is not None and tagger.note(ENGLISH, "en-GB") is None


@pytest.mark.skipif(not (model_dir_of("ar") / "meta.json").exists(), reason="no Arabic model installed")
def test_local_backend_routes_arabic_to_the_arabic_model() -> None:
    router = load_tagger("local")
    assert isinstance(router, RoutedTagger) and {"en", "ar"} <= router.languages
    entities = router.tag(ARABIC, published="2025-03-09")
    shoukry = next(e for e in entities if e.type == "PER")
    assert shoukry.name == "سامح شكري"
    assert shoukry.roles[0].title == "Foreign Minister" and shoukry.roles[0].nationality == "Egyptian"
    for e in entities:
        for m in e.mentions:
            assert ARABIC[m.start : m.end] == m.text


@pytest.mark.skipif(not (model_dir_of("fr") / "meta.json").exists(), reason="no French model installed")
def test_french_corpus_spans_keep_titles_and_ocr_breaks_while_entities_are_names() -> None:
    tagger = Tagger.load(model_dir_of("fr"), language="fr", rules=LANGUAGE_RULES["fr"])
    text = "Hier, le ministre a reçu M. An¬ dré Salmon, puis M. le général Campenon."
    spans = {text[a:b]: label for a, b, label in tagger.spans(text)}
    # the French corpora's convention (what the NER scorer reads): the title is in the mention
    assert spans.get("M. An¬ dré Salmon") == "PER" and spans.get("M. le général Campenon") == "PER"
    entities = {e.name: e for e in tagger.tag(text, published="2024-01-01")}
    # the product's entities: the name as read (the OCR break joined), without the title;
    # mentions still point into the text as written
    assert {"André Salmon", "Campenon"} <= set(entities)
    [salmon] = entities["André Salmon"].mentions
    assert salmon.text == text[salmon.start : salmon.end] == "An¬ dré Salmon"


@pytest.mark.skipif(not (model_dir_of("fr") / "meta.json").exists(), reason="no French model installed")
def test_a_french_acronym_is_an_alias_of_the_organisation_it_abbreviates() -> None:
    tagger = Tagger.load(model_dir_of("fr"), language="fr", rules=LANGUAGE_RULES["fr"])
    text = ("M. Barrot a rencontré les représentants de l'Union générale des étudiants de Tunisie (UGET). "
            "L'UGET a salué la visite.")
    uget = next(e for e in tagger.tag(text) if e.name == "Union générale des étudiants de Tunisie")
    assert uget.type == "ORG" and uget.aliases == ["UGET"] and len(uget.mentions) == 3
    # one the gazetteer knows takes its English name, the French one and the acronym as aliases
    text = text.replace("Union générale des étudiants de Tunisie (UGET)", "Union générale tunisienne du travail (UGTT)")
    ugtt = next(e for e in tagger.tag(text.replace("L'UGET", "L'UGTT")) if e.type == "ORG")
    assert ugtt.name == "Tunisian General Labour Union" and set(ugtt.aliases) == {
        "Union générale tunisienne du travail", "UGTT"} and len(ugtt.mentions) == 3


@pytest.mark.skipif(not (model_dir_of("fr") / "meta.json").exists(), reason="no French model installed")
def test_modern_french_wire_copy_gets_its_dateline_places_and_known_organisations() -> None:
    tagger = Tagger.load(model_dir_of("fr"), language="fr", rules=LANGUAGE_RULES["fr"])
    text = ("DAKAR - Le gouvernement a reçu mardi une mission du FMI et de la Banque mondiale. "
            "Les mairies d'Istanbul et d'Ankara ont été gagnées par l'opposition.")
    spans = {text[a:b]: label for a, b, label in tagger.spans(text)}
    # the dateline alone is the place (the model, trained on old newspapers, ran on into "Le")
    assert spans.get("DAKAR") == "LOC" and not any(k.startswith("DAKAR ") for k in spans)
    assert spans.get("FMI") == "ORG" and spans.get("Banque mondiale") == "ORG"
    assert spans.get("Istanbul") == "LOC"
    entities = {e.name: e for e in tagger.tag(text)}
    # the French names of a known organisation are the same entity as its English name
    assert entities["International Monetary Fund"].type == "ORG"
    assert entities["World Bank"].type == "ORG"


@pytest.mark.skipif(not all((model_dir_of(lang) / "meta.json").exists() for lang in ("ar", "fr")),
                    reason="no Arabic or French model installed")
def test_wire_briefs_on_one_event_name_the_same_entities_in_french_and_arabic() -> None:
    router = load_tagger("local")
    french = ("LE CAIRE, 3 décembre (AFP) - Le ministre égyptien des Affaires étrangères a reçu mardi son "
              "homologue libyen Taher el-Baour. Ils ont évoqué le soutien au Gouvernement d'union nationale et "
              "le rôle du groupe italien Eni.")
    arabic = ("القاهرة - استقبل وزير الخارجية المصري اليوم نظيره الليبي الطاهر الباعور، وبحثا دعم حكومة الوحدة "
              "الوطنية، فيما يسيطر المشير خليفة حفتر على بنغازي.")
    fr = {e.name: e.type for e in router.tag(french)}
    ar = {e.name: e.type for e in router.tag(arabic)}
    # the agency of the dateline (by its full name: data/organisations.tsv), the counterpart with
    # his name's particle, a company by its noun
    assert fr["Agence France-Presse"] == "ORG" and fr["Taher el-Baour"] == "PER" and fr["Eni"] == "ORG"
    assert fr["Le Caire"] == "LOC"  # the dateline's capitals shown in ordinary case
    assert ar["الطاهر الباعور"] == "PER" and ar["خليفة حفتر"] == "PER"
    # the same organisation by its French and its Arabic name: one canonical entity
    assert fr["Government of National Unity"] == ar["Government of National Unity"] == "ORG"
