"""The place-name post-rule (articles.entities.places) on marked-up model output, no spaCy."""

from __future__ import annotations

from collections.abc import Callable

from articles.entities.places import place_names, relabel_places
from articles.entities.rules import Analysis

Labels = Callable[[Analysis], list[tuple[str, str]]]


def test_the_shipped_list_has_mena_towns_and_not_conll_teams() -> None:
    names = place_names()
    assert {"Metlaoui", "Gafsa", "Tobruk", "Tunisia"} <= names
    # towns outside the region, and names CoNLL train labels ORG/PER, are not in it
    assert not {"Chicago", "Nantes", "Clinton", "Bath"} & names
    # but the world's capitals and its towns of a million are, unless people go by the name
    assert {"Kyiv", "Wuhan", "Hangzhou", "Nairobi"} <= names
    assert not {"Victoria", "Douglas", "Santiago", "Austin"} & names
    # the region's deserts, rivers and regions come from data/regions.txt
    assert {"Sahara", "Darfur", "Cyrenaica", "Nile Delta"} <= names
    assert "Sahara" not in place_names(regions=None)


def test_a_desert_the_model_took_for_a_person_is_a_place(
    analysis_of: Callable[..., Analysis], labels: Labels
) -> None:
    a = analysis_of("The [Sahara](PER) covers much of [North Africa](LOC) and [Darfur](ORG) .", rules=())
    assert labels(relabel_places(a)) == [("Sahara", "LOC"), ("North Africa", "LOC"), ("Darfur", "LOC")]


def test_town_labelled_person_or_org_becomes_loc(analysis_of: Callable[..., Analysis], labels: Labels) -> None:
    a = analysis_of("Talks in [Metlaoui](PER) and [Gafsa](ORG) ended, the [Gafsa Phosphate Company](ORG) said.")
    assert labels(relabel_places(a)) == [
        ("Metlaoui", "LOC"),
        ("Gafsa", "LOC"),
        ("Gafsa Phosphate Company", "ORG"),
    ]


def test_person_whose_surname_is_a_town_stays_person(labels: Labels, analysis_of: Callable[..., Analysis]) -> None:
    names = frozenset({"Kinross"})
    a = analysis_of("[John Kinross](PER) said [Kinross](PER) would stay.", rules=())
    assert labels(relabel_places(a, names=names)) == [("John Kinross", "PER"), ("Kinross", "PER")]
    b = analysis_of("[Kinross](PER) said.", rules=())
    assert labels(relabel_places(b, names=names)) == [("Kinross", "LOC")]


def test_disabled_leaves_spans(analysis_of: Callable[..., Analysis], labels: Labels) -> None:
    a = analysis_of("[Metlaoui](PER) .", rules=())
    assert labels(relabel_places(a, enabled=False)) == [("Metlaoui", "PER")]


def test_dateline(analysis_of: Callable[..., Analysis], labels: Labels) -> None:
    a = analysis_of("TUNIS ( [Maghreb Press](ORG) ) - Output rose.\nRABAT - Talks.", rules=())
    assert labels(relabel_places(a)) == [("TUNIS", "LOC"), ("Maghreb Press", "ORG"), ("RABAT", "LOC")]
    # not at a line start, or not followed by a bracket, dash or comma: left alone
    b = analysis_of("He said TUNIS - no. RABAT talks.", rules=())
    assert labels(relabel_places(b)) == []


def test_a_wire_datelines_place_the_model_took_for_a_name_of_another_kind_is_a_place(
    analysis_of: Callable[..., Analysis], labels: Labels
) -> None:
    a = analysis_of("[SAO PAULO](PER) , Dec 2 ( [Reuters](ORG) ) - Output rose.\n"
                    "[MANCHESTER](ORG) , [England](LOC) - City won.\n[GAFSA](PER) - Talks.", rules=())
    assert labels(relabel_places(a)) == [
        ("SAO PAULO", "LOC"), ("Reuters", "ORG"), ("MANCHESTER", "LOC"), ("England", "LOC"), ("GAFSA", "LOC"),
    ]
    # a dash alone after a name that is no listed place: the heading of a CoNLL-2003 story
    b = analysis_of("[RTRS](ORG) - Budget cuts to boost saving .\n[RUGBY UNION](ORG) - All Blacks win .", rules=())
    assert labels(relabel_places(b)) == [("RTRS", "ORG"), ("RUGBY UNION", "ORG")]


def test_context_words_decide_the_label(analysis_of: Callable[..., Analysis], labels: Labels) -> None:
    a = analysis_of(
        "ALGIERS ( [MENA Wire](LOC) ) - The state energy company [Sonatrach](PER) said [Sonatrach](PER) "
        "would drill in the [Illizi](MISC) basin. Traders in [Alexandria](LOC) and [Marsa Matrouh](PER) "
        "agreed, and [John Smith](PER) too.",
        rules=(),
    )
    assert labels(relabel_places(a)) == [
        ("ALGIERS", "LOC"),
        ("MENA Wire", "ORG"),
        ("Sonatrach", "ORG"),
        ("Sonatrach", "ORG"),
        ("Illizi", "LOC"),
        ("Alexandria", "LOC"),
        ("Marsa Matrouh", "LOC"),
        ("John Smith", "PER"),
    ]


def test_the_press_trades_and_clubs_are_organisations_but_a_country_stays_a_place(
    analysis_of: Callable[..., Analysis], labels: Labels
) -> None:
    a = analysis_of(
        "the daily [Sueddeutsche Zeitung](PER) said ; news-stand chain [Ruch](PER) and later [Ruch](LOC) ; "
        "first division team [Deportivo Coruna](PER) met team [Iran](LOC) ; Olympic champions [Michael Johnson](PER) .",
        rules=(),
    )
    assert labels(relabel_places(a)) == [
        ("Sueddeutsche Zeitung", "ORG"),
        ("Ruch", "ORG"),
        ("Ruch", "ORG"),  # the other mentions follow
        ("Deportivo Coruna", "ORG"),
        ("Iran", "LOC"),  # CoNLL-2003 marks national teams by their country
        ("Michael Johnson", "PER"),
    ]


def test_an_archive_datelines_place_is_a_place_without_line_breaks(
    analysis_of: Callable[..., Analysis], labels: Labels
) -> None:
    a = analysis_of(
        "WIGAN BEAT BRADFORD . [WIGAN](ORG) , England 1996 - 08 - 31 Results . GAMES . [NEW YORK](ORG) 1996-08-30 "
        "Major League ; [UNITED NATIONS](ORG) 1996-08-22 A ; [BIG CITY](ORG) 30 wins . PRANK . CHISINAU , "
        "Moldova 1996-08-31 England ; LATEST SOCCER NEWS ROUND UP TODAY 1996-08-31 .",
        rules=(),
    )
    assert labels(relabel_places(a)) == [
        ("WIGAN", "LOC"),
        ("NEW YORK", "LOC"),
        ("UNITED NATIONS", "ORG"),  # the body, at its seat
        ("BIG CITY", "ORG"),  # no date after it
        ("CHISINAU", "LOC"),  # untagged: added
    ]  # a long upper-case run before a date is a headline, not a place


def test_a_headlines_upper_case_country_is_a_place(analysis_of: Callable[..., Analysis], labels: Labels) -> None:
    a = analysis_of("SOCCER - [IRELAND](ORG) BEAT [EL SALVADOR](ORG) 5-0 . It cost [US$](MISC) 5 .", rules=())
    assert labels(relabel_places(a)) == [("IRELAND", "LOC"), ("EL SALVADOR", "LOC"), ("US$", "MISC")]


def test_untagged_words_after_a_company_noun_are_an_organisation(
    analysis_of: Callable[..., Analysis], labels: Labels
) -> None:
    a = analysis_of("Talks with Italian group Eni ended . Later [Eni](PER) said the state company Sonatrach Monday .",
                    rules=())
    assert labels(relabel_places(a)) == [("Eni", "ORG"), ("Eni", "ORG")]  # "Sonatrach Monday": capitals go on
    # a single letter, "N / A", a title, a date, or a name on the line after a headline's last word: not
    b = analysis_of("Ties in group C and company N / A . The company Chairman spoke . The group Monday met .\n"
                    "Italian utility\n\nSonatrach reports .", rules=())
    assert labels(relabel_places(b)) == []


def test_company_noun_on_the_previous_line_does_not_count(analysis_of: Callable[..., Analysis], labels: Labels) -> None:
    a = analysis_of("Deal with Italian utility\n\n[Rome](LOC) said.", rules=())
    assert labels(relabel_places(a)) == [("Rome", "LOC")]


def test_a_name_before_crossing_or_checkpoint_is_a_place(analysis_of: Callable[..., Analysis], labels: Labels) -> None:
    a = analysis_of(
        "Lorries queued at the Kerem Shalom crossing and the Ras Jedir border crossing, then at the "
        "Qalandia checkpoint. [Egypt](LOC) opened the [Rafah](LOC) crossing.",
        rules=(),
    )
    assert labels(relabel_places(a)) == [
        ("Kerem Shalom", "LOC"),
        ("Ras Jedir", "LOC"),
        ("Qalandia", "LOC"),
        ("Egypt", "LOC"),
        ("Rafah", "LOC"),
    ]
    # not after "the", in lower case, a weekday, or more than three words: left alone
    b = analysis_of("A new crossing opened. On Monday crossing was slow. Police at the Big Old Main Road crossing.",
                    rules=())
    assert labels(relabel_places(b)) == []


def test_a_french_place_named_without_its_article_is_shown_with_it() -> None:
    from articles.entities.crossscript import french_place_with_article, place_name
    from articles.entities.tagger import _french_display
    from articles.models import Entity, Mention

    assert french_place_with_article("Caire") == "Le Caire"
    assert french_place_with_article("Tunis") is None and french_place_with_article("Le Caire") is None
    caire = Entity(id="e_1", name="Caire", type="LOC", aliases=["CAIRE"],
                   mentions=[Mention(start=3, end=8, text="Caire")])
    shown = _french_display(caire)
    assert (shown.name, shown.aliases, shown.id) == ("Le Caire", ["Caire", "CAIRE"], "e_1")
    assert place_name(shown.name) == place_name("Caire") == "Cairo"  # the same place as in English
    person = Entity(id="e_2", name="Caire", type="PER")
    assert _french_display(person) == person
