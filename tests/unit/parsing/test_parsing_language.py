"""Language identification on one sentence, in many languages, and on mixed-script text."""

from __future__ import annotations

import pytest
from articles.parsing.language import detect_language, dominant_script_text, identify

ONE_SENTENCE = [
    ("en", "Tunisia holds talks with Libya on border security on Sunday."),
    ("en", "The minister met officials in Tripoli on Sunday."),
    ("fr", "Le gouvernement tunisien a annoncé dimanche des pourparlers."),
    ("ar", "أعلنت الحكومة الليبية يوم الأحد عن محادثات جديدة مع تونس."),
    ("es", "El gobierno anunció el domingo nuevas conversaciones."),
    ("de", "Die Regierung kündigte am Sonntag Gespräche an."),
    ("it", "Il governo ha annunciato domenica nuovi colloqui."),
    ("nl", "De regering kondigde zondag nieuwe gesprekken aan."),
    ("pt", "O governo anunciou no domingo novas conversações."),
    ("pl", "Rząd zapowiedział w niedzielę nowe rozmowy."),
    ("tr", "Hükümet pazar günü yeni görüşmeler yapılacağını açıkladı."),
    ("fi", "Hallitus ilmoitti sunnuntaina uusista neuvotteluista."),
    ("sv", "Regeringen meddelade på söndagen nya samtal."),
    ("ru", "Правительство в воскресенье объявило о новых переговорах."),
    ("sw", "Serikali ilitangaza Jumapili mazungumzo mapya na Tunisia."),
]


@pytest.mark.parametrize(("code", "sentence"), ONE_SENTENCE)
def test_one_sentence_is_identified(code: str, sentence: str) -> None:
    assert identify(sentence) == code


def test_plain_english_is_not_nigerian_pidgin() -> None:
    assert identify("Tunisia holds talks over border security") == "en"


def test_a_smaller_language_still_wins_on_its_own_text() -> None:
    # the prior only breaks near-ties: text clearly in Nigerian Pidgin or Luxembourgish stays so
    pidgin = "Wetin dey happen for Lagos? Di goment don talk say dem go increase di price of fuel for di kontri."
    assert identify(pidgin) == "pcm"
    assert identify("Luxemburg ass e klengt Land an der Mëtt vun Europa, mat enger laanger Geschicht.") == "lb"


def test_mixed_script_is_judged_on_the_dominant_script() -> None:
    assert identify("The minister met officials in Tripoli on Sunday. طرابلس") == "en"
    assert identify("التقى الوزير بنظيره Antony Blinken في طرابلس يوم الأحد لبحث الأزمة.") == "ar"
    blanked = dominant_script_text("Talks in Tripoli on Sunday, officials said. طرابلس")
    assert "طرابلس" not in blanked and "Tripoli" in blanked


def test_too_little_text_gives_no_language() -> None:
    assert identify("OK 42") is None


def test_declared_tag_contradicted_by_script_is_replaced() -> None:
    assert detect_language("أعلنت الحكومة الليبية يوم الأحد عن محادثات جديدة مع تونس.", "en") == "ar"
    assert detect_language("Tunisia holds talks with Libya on border security on Sunday.", "en-GB") == "en"
