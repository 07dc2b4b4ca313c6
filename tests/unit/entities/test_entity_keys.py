"""The keys an entity is found by (articles.entities.keys): folded names, family names,
transliteration-insensitive person keys, names by script."""

from __future__ import annotations

from articles.entities.keys import fold, lookup_names, names_by_script, sound_key


def test_fold_ignores_case_accents_and_hyphens() -> None:
    assert fold("Abdel-Fattah  Al-Sisi") == fold("abdel fattah al sisi")
    assert fold("Café") == "cafe"


def test_fold_normalises_arabic_letter_forms() -> None:
    assert fold("السيسى") == fold("السيسي")  # alef maqsura / ya


def test_a_person_is_also_found_by_the_family_name() -> None:
    names = lookup_names(["Sameh Shoukri", "Abdel Fattah al-Sisi"], "PER")
    assert {"Sameh Shoukri", "Shoukri", "Abdel Fattah al-Sisi", "al Sisi"} <= names
    assert lookup_names(["Sameh Shoukri"], "ORG") == {"Sameh Shoukri"}
    assert lookup_names(["Li Xi"], "PER") == {"Li Xi"}  # a two-letter family name is not a key


def test_sound_key_joins_transliterations_of_a_person_only() -> None:
    assert sound_key("Sameh Shoukri", "PER") == sound_key("Sameh Shoukry", "PER") is not None
    assert sound_key("Mohamed Salah", "PER") == sound_key("Mohammed Salah", "PER")
    assert sound_key("Sameh Shoukri", "PER") != sound_key("Mohamed Salah", "PER")
    assert sound_key("Cairo", "LOC") is None


def test_names_by_script_keeps_first_seen_order_without_duplicates() -> None:
    grouped = names_by_script(["Sameh Shoukry", "سامح شكري", "Shoukry", "Sameh Shoukry"])
    assert grouped == {"latin": ["Sameh Shoukry", "Shoukry"], "arabic": ["سامح شكري"]}
