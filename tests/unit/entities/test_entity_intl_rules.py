"""Rules after the Arabic and French models, on words and spans (no model)."""

from __future__ import annotations

from articles.entities.intl_rules import mentions_again, places, repeats, titles
from articles.entities.types import Span


def words_of(text: str) -> tuple[list[str], list[int]]:
    words, starts, pos = [], [], 0
    for w in text.split():
        pos = text.index(w, pos)
        words.append(w)
        starts.append(pos)
        pos += len(w)
    return words, starts


def test_a_person_after_a_specific_title_is_tagged() -> None:
    text = "التقى وزير الخارجية المصري سامح شكري نظيره الليبي"
    words, starts = words_of(text)
    out = titles(text, words, starts, [], "ar")
    assert [(s.start, s.end, s.label) for s in out] == [(4, 6, "PER")]


def test_a_bare_president_only_completes_the_model_span() -> None:
    text = "أمر الرئيس التونسي قيس سعيد بفتح تحقيق"
    words, starts = words_of(text)
    assert titles(text, words, starts, [Span(4, 5, "PER")], "ar") == [Span(3, 5, "PER")]
    text = "قال الرئيس إن البلاد"
    words, starts = words_of(text)
    assert titles(text, words, starts, [], "ar") == []


def test_french_title_end_is_cut_off_a_span() -> None:
    text = "Le président de la République Kaïs Saïed a ordonné"
    words, starts = words_of(text)
    out = titles(text, words, starts, [Span(4, 6, "ORG")], "fr")
    assert out == [Span(5, 7, "PER")]


def test_later_family_names_with_proclitics() -> None:
    words = ["سامح", "شكري", "قال", "وقال", "شكري", "ولشكري", "الشكري"]
    out = repeats(words, [Span(0, 2, "PER")], "ar")
    assert [(s.start, s.end) for s in out] == [(0, 2), (4, 5), (5, 6)]  # not "الشكري"


def test_places_of_the_exonym_list_are_places() -> None:
    words = ["L'", "Égypte", "et", "Libye"]
    assert places(words, [Span(0, 2, "PER"), Span(3, 4, "LOC")]) == [Span(1, 2, "LOC"), Span(3, 4, "LOC")]


def test_a_tagged_name_written_again_takes_its_label_with_or_without_proclitics() -> None:
    # "برشلونة" ORG once; again bare, behind "ل" (to), and "البنك التجاري" behind "لل" (ل + ال)
    words = ["فاز", "برشلونة", "على", "البنك", "التجاري", "ثم", "عاد", "لبرشلونة", "وقال", "برشلونه", "إن", "للبنك", "التجاري", "دينا"]
    spans = [Span(1, 2, "ORG"), Span(3, 5, "ORG")]
    out = mentions_again(words, spans)
    assert [(" ".join(words[s.start : s.end]), s.label) for s in out] == [
        ("برشلونة", "ORG"), ("البنك التجاري", "ORG"), ("لبرشلونة", "ORG"), ("برشلونه", "ORG"),
        ("للبنك التجاري", "ORG"),
    ]


def test_mentions_again_leaves_short_names_other_words_and_tagged_words_alone() -> None:
    words = ["قال", "مصر", "إن", "ومصري", "ليس", "مصر", "في", "مصرف"]
    # the name again, not longer words that contain it ("ومصري", "مصرف"); none when shorter
    # than min_letters
    assert mentions_again(words, [Span(1, 2, "LOC")]) == [Span(1, 2, "LOC"), Span(5, 6, "LOC")]
    assert mentions_again(words, [Span(1, 2, "LOC")], min_letters=4) == [Span(1, 2, "LOC")]
    words = ["زار", "تونس", "ثم", "تونسي", "وتونس"]
    out = mentions_again(words, [Span(1, 2, "LOC"), Span(3, 4, "MISC")])
    assert [(" ".join(words[s.start : s.end]), s.label) for s in out] == [
        ("تونس", "LOC"), ("تونسي", "MISC"), ("وتونس", "LOC"),
    ]
