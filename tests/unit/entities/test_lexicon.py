"""The name-list feature of the English model (``articles.entities.lexicon``): which words get
which mark, the list file's format, and the component's round trip through a saved pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from articles.entities.lexicon import FAMILY, GIVEN, PLACE, marks, read_entries, write_entries

TEXT = """# a comment
[place]
new york
abu dhabi
[given]
john
[family]
smith
[place,family]
york
"""


def test_read_entries_gives_each_name_the_classes_of_its_heading() -> None:
    assert read_entries(TEXT) == {
        "new york": PLACE,
        "abu dhabi": PLACE,
        "john": GIVEN,
        "smith": FAMILY,
        "york": PLACE | FAMILY,
    }


def test_write_entries_groups_normalised_names_and_is_what_read_entries_reads() -> None:
    entries = {"New  York": PLACE, "york": PLACE | FAMILY, "john": GIVEN, "Smith": FAMILY}
    text = write_entries(entries)
    assert text == "[place]\nnew york\n[given]\njohn\n[family]\nsmith\n[place,family]\nyork\n"
    assert read_entries(text) == {"new york": PLACE, "york": PLACE | FAMILY, "john": GIVEN, "smith": FAMILY}


def test_marks_take_the_longest_listed_name_from_a_capitalised_word() -> None:
    entries = read_entries(TEXT)
    words = ["John", "Smith", "flew", "from", "New", "York", "to", "Abu", "Dhabi"]
    assert marks(words, entries) == ["B2", "B4", "", "", "B1", "I1", "", "B1", "I1"]


def test_marks_match_upper_case_headlines_but_not_lower_case_words() -> None:
    entries = read_entries(TEXT)
    assert marks(["NEW", "YORK", ",", "york", "and", "new", "york"], entries) == ["B1", "I1", "", "", "", "", ""]


def test_marks_respect_the_longest_name_length() -> None:
    entries = read_entries("[place]\na b c d e\n[given]\na\n")
    words = ["A", "B", "C", "D", "E"]
    assert marks(words, entries, max_words=5) == ["B1", "I1", "I1", "I1", "I1"]
    assert marks(words, entries, max_words=4) == ["B2", "", "", "", ""]


def test_the_component_marks_tokens_and_survives_a_saved_pipeline(tmp_path: Path) -> None:
    pytest.importorskip("spacy")
    from articles.entities.lexicon import FACTORY
    from articles.entities.sources import blank_pipeline, import_spacy, register_callbacks

    register_callbacks()
    lists = tmp_path / "lists.txt"
    lists.write_text(TEXT, encoding="utf-8")
    nlp = blank_pipeline("en")
    component = nlp.add_pipe(FACTORY, name="lexicon")
    component.initialize(path=str(lists))
    tagged = [t.tag_ for t in nlp("John Smith left New York.")]
    assert tagged == ["B2", "B4", "", "B1", "I1", ""]

    nlp.to_disk(tmp_path / "pipeline")
    again = import_spacy().load(tmp_path / "pipeline")
    assert [t.tag_ for t in again("John Smith left New York.")] == tagged
    assert again.get_pipe("lexicon").entries == read_entries(TEXT)
