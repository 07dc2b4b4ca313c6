"""Arabic-script / Latin-script name matching (the shipped learned table) and the
cross-script keys built on it."""

from __future__ import annotations

import io
import json

import pytest
from articles.entities.crossscript import same_entity, script_key, script_keys
from articles.entities.translit import latin_fold, same_name, same_word, vowels_agree
from articles_tools.entities_cli import serve_names_jsonl


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("سامح شكري", "Sameh Shoukry"),
        ("سامح شكري", "Sameh Shoukri"),
        ("سامح شكري", "Sameh Choukri"),  # French spelling
        ("عبد الرزاق الناظوري", "Abdul Razzaq Al-Nazhuri"),  # names the lists lack
        ("عبد الحميد الدبيبة", "Abdul Hamid Dbeibah"),
        ("عبد الفتاح السيسي", "Abdel Fattah el-Sisi"),
        ("قيس سعيد", "Kaïs Saïed"),
        ("الطاهر الباعور", "Taher al-Baour"),
        ("محمود", "Mahmoud"),
        ("محمد", "Mohamed"),
    ],
)
def test_same_name_across_scripts(arabic: str, latin: str) -> None:
    assert same_name(arabic, latin) and same_name(latin, arabic)


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("سامح شكري", "Sami Shoukry"),
        ("محمد شكري", "Mahmoud Shukri"),
        ("محمود", "Mohamed"),
        ("سامح", "Sami"),
        ("سامح شكري", "Sameh"),  # a different number of words
        ("شكري", "Baker"),
    ],
)
def test_look_alikes_are_different_names(arabic: str, latin: str) -> None:
    assert not same_name(arabic, latin)


def test_long_vowel_of_the_last_syllable_must_agree() -> None:
    assert vowels_agree("محمود", "Mahmoud") and vowels_agree("البشتاوي", "bashtawi")
    assert not vowels_agree("محمود", "Mohamed") and not vowels_agree("محمد", "Mahmoud")
    assert same_word("شكري", "shoukry")  # a short u written "ou" needs no و


def test_latin_fold_joins_french_and_english_spellings() -> None:
    assert latin_fold("Choukri") == latin_fold("Shoukry")
    assert latin_fold("Djerba") == "jerba"
    assert same_name("Kaïs Saïed", "Kais Saied")
    assert same_name("Sameh Choukri", "Sameh Shoukry")
    assert not same_name("Sameh Shoukry", "Mahmoud Shoukry")


def test_script_keys_agree_across_scripts_and_are_only_a_place_to_look() -> None:
    assert script_key("سامح شكري", "PER") == script_key("Sameh Shoukry", "PER") == script_key(
        "Sameh Choukri", "PER")
    assert script_key("عبد الفتاح السيسي", "PER") == script_key("Abdel Fattah el-Sisi", "PER")
    # one key for Mohamed and Mahmoud: the matcher, not the key, tells them apart
    assert script_key("محمد", "PER") == script_key("Mahmoud", "PER")
    assert not same_entity("محمد", "PER", "Mahmoud")
    assert script_key("Sameh Shoukry", "PER") != script_key("Sameh Shoukry", "LOC")
    assert script_keys("Sameh Shoukry", "PER") == [script_key("Sameh Shoukry", "PER"), script_key("Shoukry", "PER")]


def test_names_jsonl_plugin_answers_every_line() -> None:
    lines = [
        json.dumps({"id": "p1", "arabic": "سامح", "latin": "sameh"}),
        json.dumps({"id": "n1", "arabic": "سامح", "latin": "sami"}),
        json.dumps({"id": "bad", "arabic": 3}),
        "not json",
    ]
    out = io.StringIO()
    assert serve_names_jsonl(io.StringIO("\n".join(lines) + "\n"), out) == 0
    answers = [json.loads(line) for line in out.getvalue().splitlines()]
    assert answers[0] == {"id": "p1", "same": True}
    assert answers[1] == {"id": "n1", "same": False}
    assert answers[2]["id"] == "bad" and "error" in answers[2]
    assert "error" in answers[3]
