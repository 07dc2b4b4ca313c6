from __future__ import annotations

from articles.related.text import STOPWORDS, features, is_indexable, stem, term_of, words


def test_stem_only_strips_plurals() -> None:
    assert stem("earthquakes") == "earthquake"
    assert stem("militias") == "militia"
    assert stem("injuries") == "injury"
    assert stem("boxes") == "boxe"  # the S stemmer is deliberately naive, but consistent
    assert stem("status") == "status"
    assert stem("press") == "press"
    assert stem("crisis") == "crisis"
    assert stem("bus") == "bus"  # too short to touch
    assert stem("2013") == "2013"


def test_term_of_folds_case_and_possessives() -> None:
    assert term_of("Lohan's") == "lohan"
    assert term_of("Quill’s") == "quill"
    assert term_of("REHABS") == "rehab"


def test_words_keep_stop_words_for_shingles() -> None:
    assert words("The quake hit Keldam, at 6.4.") == ["the", "quake", "hit", "keldam", "at", "6", "4"]


def test_indexable_terms() -> None:
    assert "the" in STOPWORDS and not is_indexable("the")
    assert not is_indexable("said")
    assert not is_indexable("x")
    assert is_indexable("2013")
    assert not is_indexable("7")  # single digits carry nothing
    assert is_indexable("keldam")


def test_names_are_capitalised_mid_sentence() -> None:
    f = features(None, "The minister met Nabil Harmoush in Tripoli. Talks went well.")
    assert {"nabil", "harmoush", "tripoli"} <= f.names
    assert "talk" not in f.names  # sentence-initial capital alone is not a name
    assert "minister" not in f.names
    assert "nabil harmoush" in f.names  # a run of names gives a phrase
    assert f.tf["nabil harmoush"] == 1


def test_sentence_initial_word_is_a_name_if_it_is_one_elsewhere() -> None:
    f = features(None, "Quill entered rehab. Fans of Quill sent flowers. Flowers arrived.")
    assert "quill" in f.names
    assert "flower" not in f.names


def test_acronyms_are_names_and_months_are_not() -> None:
    f = features(None, "Officials of the NATO alliance met in May. The USGS measured it in March.")
    # stemming ignores case, so "USGS" and "usgs" stay one term
    assert {"nato", term_of("USGS")} <= f.names and term_of("USGS") == term_of("usgs")
    assert "march" not in f.names and "may" not in f.names


def test_title_counts_twice_and_title_case_headlines_do_not_make_names() -> None:
    f = features("Singer Cancels Tour After Injury", "The singer Dolan Pryce cancelled his tour.")
    assert f.tf["tour"] == 3  # twice from the title, once from the body
    assert "tour" in f.title_terms
    assert "cancel" not in f.names and "injury" not in f.names  # Title Case is not evidence
    assert "pryce" in f.names


def test_body_that_repeats_the_title_is_not_counted_three_times() -> None:
    title = "Quake hits Varnia coast"
    f = features(title, title + ". Rescuers reached Keldam.")
    assert f.tf["varnia"] == 2
    assert f.tf["keldam"] == 1


def test_numbers_and_years_are_terms() -> None:
    f = features(None, "A magnitude 6.4 quake in 2013 killed 12 people.")
    assert f.tf["2013"] == 1 and f.tf["12"] == 1
    assert "people" not in f.tf


def test_sentence_initial_word_before_a_name_is_a_name_unless_written_in_lower_case() -> None:
    f = features(None, "Nabil Harmoush arrived. Actress Mara Quill left. The actress smiled.")
    assert {"nabil", "nabil harmoush"} <= f.names
    assert "actress" not in f.names and "mara quill" in f.names
    assert "actress mara quill" not in f.names


def test_french_and_arabic_function_words_are_no_terms_and_elisions_are_cut() -> None:
    assert term_of("l'Égypte") == term_of("Égypte") == "égypte"
    assert term_of("d’armes") == "arme" and term_of("qu'il") == "il"
    assert term_of("O'Brien") == "obrien"  # not an elision: one name
    feats = features("Le Caire et Tripoli relancent le commerce",
                     "Les ministres de la Libye et de l'Égypte ont évoqué la réouverture du poste de Salloum. "
                     "وقال الوزير في القاهرة إن المعبر سيفتح من جديد.")
    assert not {"le", "la", "les", "de", "du", "et", "ont", "en", "في", "إن", "من", "وقال"} & set(feats.tf)
    assert {"égypte", "salloum", "libye", "القاهرة", "المعبر"} <= set(feats.tf)


def test_the_arabic_article_of_transliterated_names_is_no_term() -> None:
    feats = features(None, "Sameh Shoukry met Taher El-Baour and Abdel Fattah al-Sisi in Cairo. "
                           "El-Baour said al-Sisi agreed.")
    assert not {"el", "al"} & set(feats.tf)
    assert {"baour", "sisi", "shoukry"} <= set(feats.tf)
