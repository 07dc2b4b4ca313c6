"""Rules after the Arabic and French models, on words and spans (no model)."""

from __future__ import annotations

from articles.entities.intl_rules import (
    arabic_adjacent_persons,
    arabic_bylines,
    arabic_clubs,
    arabic_coordinated_persons,
    arabic_counterparts,
    arabic_function_word_edges,
    arabic_heads_outside,
    arabic_known_names,
    arabic_not_names,
    arabic_organisations,
    arabic_place_heads,
    arabic_region_adjectives,
    arabic_teams_and_papers,
    arabic_titles_of_works,
    french_acronyms,
    french_addresses_in_spans,
    french_appositions_in_spans,
    french_clause_tails,
    french_datelines,
    french_heads,
    french_long_names,
    french_names_only,
    french_no_names,
    french_places,
    french_programmes,
    french_reich,
    french_ships_and_titles,
    french_show_listings,
    french_titles_in_spans,
    mentions_again,
    places,
    repeats,
    split_repeats,
    titles,
)
from articles.entities.types import Analysis, Span


def words_of(text: str) -> tuple[list[str], list[int]]:
    words, starts, pos = [], [], 0
    for w in text.split():
        pos = text.index(w, pos)
        words.append(w)
        starts.append(pos)
        pos += len(w)
    return words, starts


def span_at(words: list[str], phrase: str, label: str, canonical: str | None = None) -> Span:
    """The span of the first occurrence of ``phrase`` (words split at spaces) in ``words``."""
    n = len(phrase.split())
    k = next(i for i in range(len(words)) if words[i : i + n] == phrase.split())
    return Span(k, k + n, label, canonical)


def titles_of(text: str, spans: list[Span], language: str) -> list[Span]:
    """``titles`` on ``text`` split at spaces."""
    words, starts = words_of(text)
    return titles(text, words, starts, spans, language)


def test_a_person_after_a_specific_title_is_tagged() -> None:
    text = "التقى وزير الخارجية المصري سامح شكري نظيره الليبي"
    words, starts = words_of(text)
    out = titles(text, words, starts, [], "ar")
    assert [(s.start, s.end, s.label) for s in out] == [(4, 6, "PER")]
    # a particle after the title is no name: "قال وزير الخارجية المصري بحسب ..."
    text = "وقال وزير الخارجية المصري بحسب ما نقل عنه"
    words, starts = words_of(text)
    assert titles(text, words, starts, [], "ar") == []


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


def test_french_corpus_spans_take_the_title_before_a_person() -> None:
    words = ["Hier", ",", "M", ".", "le", "général", "Campenon", "a", "reçu", "Mme", "Durand", ",", "le", "docteur", "Schacht", "et", "Son", "Excellence", "Pierre", "Dupong"]
    spans = [Span(6, 7, "PER"), Span(10, 11, "PER"), Span(14, 15, "PER"), Span(18, 20, "PER")]
    out = french_titles_in_spans(words, spans)
    # "le docteur Schacht": the article before a bare title noun is not part of the mention
    assert [" ".join(words[s.start : s.end]) for s in out] == [
        "M . le général Campenon", "Mme Durand", "docteur Schacht", "Son Excellence Pierre Dupong"]
    # a span the model began with the title noun takes the courtesy title before it too
    assert french_titles_in_spans(words, [Span(5, 7, "PER")]) == [Span(2, 7, "PER")]
    # not over another entity, not for other types, not a lower-case "m"
    assert french_titles_in_spans(words, [Span(2, 3, "ORG"), Span(6, 7, "PER")]) == [Span(2, 3, "ORG"), Span(5, 7, "PER")]
    assert french_titles_in_spans(words, [Span(6, 7, "LOC")]) == [Span(6, 7, "LOC")]
    assert french_titles_in_spans(["m", ".", "Durand"], [Span(2, 3, "PER")]) == [Span(2, 3, "PER")]


def test_french_corpus_spans_take_the_older_press_titles() -> None:
    words = ["le", "sieur", "Martin", ",", "lord", "Lloyd", ",", "Mes", "Jacquemont", "et", "la", "femme", "Dupont"]
    spans = [Span(2, 3, "PER"), Span(5, 6, "PER"), Span(8, 9, "PER"), Span(12, 13, "PER")]
    assert labelled(words, french_titles_in_spans(words, spans)) == [
        ("sieur Martin", "PER"), ("lord Lloyd", "PER"), ("Mes Jacquemont", "PER"), ("femme Dupont", "PER")]


def test_french_corpus_spans_of_a_street_address_take_its_house_number() -> None:
    words = ["au", "10", ",", "rue", "de", "Tholozé", ";", "M", ".", "Borie", ",", "27", ",", "quai", "de", "la", "Tournelle", ";", "le", "12", ",", "Paris"]
    spans = [Span(3, 6, "LOC"), Span(7, 10, "PER"), Span(11, 13, "LOC"), Span(13, 17, "LOC"), Span(21, 22, "LOC")]
    # the model's "[27 ,]" joins the street after it; a number before a town is no address
    assert labelled(words, french_addresses_in_spans(words, spans)) == [
        ("10 , rue de Tholozé", "LOC"), ("M . Borie", "PER"), ("27 , quai de la Tournelle", "LOC"), ("Paris", "LOC")]


def test_french_names_leave_the_titles_out() -> None:
    words = ["M", ".", "le", "général", "Campenon", "et", "le", "président"]
    assert french_names_only(words, [Span(0, 5, "PER"), Span(0, 2, "ORG")]) == [Span(4, 5, "PER"), Span(0, 2, "ORG")]
    # a span of titles only keeps its last word (nothing to name it otherwise)
    assert french_names_only(words, [Span(6, 8, "PER")]) == [Span(7, 8, "PER")]


def test_arabic_titles_do_not_take_a_verb_or_an_adjective_into_a_name() -> None:
    # "[صالح] تعهد": without capitals the next word is as often a verb as a family name
    assert titles_of("وتعهد الرئيس صالح تعهد بالإصلاح", [Span(2, 3, "PER")], "ar") == [Span(2, 3, "PER")]
    # an adjective with the article the role reader does not know is not a given name
    text = "قال الرئيس الإيراني محمود أحمدي نجاد إن"
    assert titles_of(text, [Span(3, 6, "PER")], "ar") == [Span(3, 6, "PER")]


def test_a_qualified_arabic_title_still_names_the_person_after_it() -> None:
    text = "بحث مع وزير الخارجية الليبي المكلف الطاهر الباعور سبل الدعم"
    assert titles_of(text, [], "ar") == [Span(6, 8, "PER")]


def test_arabic_names_after_the_word_for_a_team_company_or_newspaper_are_organisations() -> None:
    words = ["يواجه", "فريق", "حسنية", "أكادير", "غدا", "شركة", "شل", "البريطانية", "وقالت", "الصحيفة", "الإسرائيلية", "فقد"]
    out = arabic_organisations(words, [Span(3, 4, "LOC")])
    # over the place the model found inside the club's name; a nationality after a company's
    # name is not part of it; "الصحيفة" (with the article) refers back and names nothing
    assert out == [Span(2, 4, "ORG"), Span(6, 7, "ORG")]
    # a person or organisation the model found there stays as it is
    assert arabic_organisations(words, [Span(2, 4, "PER")]) == [Span(2, 4, "PER"), Span(6, 7, "ORG")]
    # an adjective after an indefinite head is no name: "فريق خطير", "شركة كبرى"
    words = ["إنه", "فريق", "محترم", "استطاع", "وهي", "شركة", "كبرى", "وفريق", "سلتيك", "قوي"]
    assert arabic_organisations(words, []) == [Span(8, 9, "ORG")]


def test_a_french_acronym_in_brackets_names_the_words_whose_initials_it_spells() -> None:
    words, _ = words_of("les représentants de l' Union générale tunisienne du travail ( UGTT ) et Kaïs ( KS )")
    out = french_acronyms(words, [Span(5, 6, "LOC")])
    # lower-case content words count ("générale tunisienne ... travail"), "du" is skipped; a
    # model span inside the long form gives way; a person before brackets is never rewritten
    assert out == [Span(4, 9, "ORG"), Span(10, 11, "ORG")]
    assert french_acronyms(words, [Span(13, 14, "PER")]) == [Span(4, 9, "ORG"), Span(10, 11, "ORG"),
                                                             Span(13, 14, "PER")]
    # initials that do not spell it: nothing
    assert french_acronyms(words_of("la Banque de France ( BCT )")[0], []) == []


def test_an_arabic_dual_head_names_two_organisations() -> None:
    words, _ = words_of("التزام فريقي الجيش الملكي وأولمبيك خريبكة بالمشاركة")
    assert arabic_organisations(words, []) == [Span(2, 4, "ORG"), Span(4, 6, "ORG")]
    # a singular head names one: what follows "و" is not its name
    words, _ = words_of("فريق الجيش الملكي ومدربه")
    assert arabic_organisations(words, []) == [Span(1, 3, "ORG")]


def labelled(words: list[str], spans: list[Span]) -> list[tuple[str, str]]:
    return [(" ".join(words[s.start : s.end]), s.label) for s in spans]


def test_a_french_dateline_is_a_place_and_model_spans_running_over_it_give_way() -> None:
    text = "DAKAR - Le président a reçu mardi la délégation ."
    words, starts = words_of(text)
    out = french_datelines(text, words, starts, [Span(0, 4, "LOC")])  # "DAKAR - Le président"
    assert labelled(words, out) == [("DAKAR", "LOC")]
    text = "Un titre\nLE CAIRE ( AFP ) - Les négociations ont repris ."
    words, starts = words_of(text)
    assert labelled(words, french_datelines(text, words, starts, [])) == [("LE CAIRE", "LOC"), ("AFP", "ORG")]


def test_upper_case_words_that_are_no_dateline_are_left_alone() -> None:
    for text, spans in (
        ("GAITE - ROCHECHOUART . — 8 h . 45", [Span(0, 3, "LOC")]),  # a name in capitals
        ("La ville de DAKAR - dit-on - grandit .", []),  # not at the start of a line
        ("A - B", []),  # one letter is no place name
    ):
        words, starts = words_of(text)
        assert french_datelines(text, words, starts, spans) == spans


def test_known_french_places_are_relabelled_or_added_after_a_preposition() -> None:
    places = frozenset({"Casablanca", "Istanbul", "Paris"})
    text = "Des associations de Casablanca et les mairies d ' Istanbul ou à Paris Match"
    words, _ = words_of(text)
    spans = [Span(3, 4, "PER")]  # "Casablanca" as a person
    out = french_places(words, spans, places)
    # "Paris" is followed by another capitalised word: a name that starts with a place
    assert labelled(words, out) == [("Casablanca", "LOC"), ("Istanbul", "LOC")]


def test_a_place_word_of_a_longer_person_name_stays_a_person() -> None:
    places = frozenset({"Florence"})
    words, _ = words_of("Florence Parly a parlé . Florence a ajouté")
    spans = [Span(0, 2, "PER"), Span(5, 6, "PER")]
    assert french_places(words, spans, places) == spans


def test_a_place_span_cut_short_takes_the_rest_of_the_known_name() -> None:
    words, _ = words_of("le port de Houmt Souk , sur l' île")
    out = french_places(words, [Span(3, 4, "LOC")], frozenset({"Houmt Souk"}))
    assert labelled(words, out) == [("Houmt Souk", "LOC")]


def test_an_institution_of_a_place_is_one_organisation() -> None:
    words, _ = words_of("le gouverneur de la Banque centrale de Tunisie a démissionné")
    out = french_long_names(words, [Span(4, 6, "ORG"), Span(7, 8, "LOC")])
    assert labelled(words, out) == [("Banque centrale de Tunisie", "ORG")]
    words, _ = words_of("le Parti socialiste de France et Paris")  # "Parti" is an institution word
    assert labelled(words, french_long_names(words, [Span(1, 3, "ORG"), Span(4, 5, "LOC")])) == [
        ("Parti socialiste de France", "ORG")]
    words, _ = words_of("les supporters du Racing de Paris")  # "Racing" is no institution word
    spans = [Span(3, 4, "ORG"), Span(5, 6, "LOC")]
    assert french_long_names(words, spans) == spans


def test_a_person_cut_short_takes_the_untagged_capitalised_words_after_it() -> None:
    words, _ = words_of("les forces de Mohamed Hamdan Daglo ont attaqué")
    assert labelled(words, french_long_names(words, [Span(3, 5, "PER")])) == [("Mohamed Hamdan Daglo", "PER")]
    # not into another entity, not over a run of capitals longer than a name
    words, _ = words_of("Ahmed Attaf Sonatrach a signé")
    spans = [Span(0, 1, "PER"), Span(2, 3, "ORG")]
    assert labelled(words, french_long_names(words, spans)) == [("Ahmed Attaf", "PER"), ("Sonatrach", "ORG")]
    words, _ = words_of("Ahmed Le Grand Hôtel De Paris ouvre")
    assert french_long_names(words, [Span(0, 1, "PER")]) == [Span(0, 1, "PER")]


def test_the_agency_in_brackets_after_a_dateline_and_its_date_is_an_organisation() -> None:
    for text, expected in (
        ("ALGER , 3 décembre ( APS ) - Le président a reçu .", [("ALGER", "LOC"), ("APS", "ORG")]),
        ("TUNIS ( Tunis Afrique Presse ) - Le chef .", [("TUNIS", "LOC"), ("Tunis Afrique Presse", "ORG")]),
        # no dash after the bracket, a name before it, or lower-case words in it: no agency
        ("RABAT ( Maroc ) Le roi a nommé .", [("RABAT", "LOC")]),
        ("RABAT , Mohammed ( APS ) - Le roi .", [("RABAT", "LOC")]),
        ("RABAT ( mise à jour ) - Le roi .", [("RABAT", "LOC")]),
    ):
        words, starts = words_of(text)
        assert labelled(words, french_datelines(text, words, starts, [])) == expected, text


def test_a_person_takes_the_arabic_particles_and_the_regnal_number_after_it() -> None:
    for text, span, expected in (
        ("Le ministre , Taher el - Baour , a dit", Span(3, 4, "PER"), "Taher el - Baour"),
        ("Le président Mohamed ould Ghazouani a dit", Span(2, 3, "PER"), "Mohamed ould Ghazouani"),
        ("Le président Abdel-Fattah al-Sissi a dit", Span(2, 3, "PER"), "Abdel-Fattah al-Sissi"),
        ("Le roi Mohammed VI a nommé", Span(2, 3, "PER"), "Mohammed VI"),
        ("Le ministre Ahmed de Tunis a dit", Span(2, 3, "PER"), "Ahmed"),  # "de": not a name particle
        ("Le ministre Ahmed el tout a dit", Span(2, 3, "PER"), "Ahmed"),  # no name after the particle
    ):
        words, _ = words_of(text)
        assert labelled(words, french_long_names(words, [span])) == [(expected, "PER")], text


def test_a_person_and_a_one_word_organisation_the_text_also_calls_a_person_are_one_person() -> None:
    words, _ = words_of("Badr Abdelatty a reçu . M. Abdelatty a dit . Le FMI Abdelatty")
    spans = [Span(0, 1, "PER"), Span(1, 2, "ORG"), Span(6, 7, "PER"), Span(11, 12, "ORG"), Span(12, 13, "ORG")]
    assert labelled(words, french_long_names(words, spans)) == [
        ("Badr Abdelatty", "PER"), ("Abdelatty", "PER"), ("FMI", "ORG"), ("Abdelatty", "ORG")]
    words, _ = words_of("Badr Orange a reçu .")  # the word is nobody's name here: left alone
    assert labelled(words, french_long_names(words, [Span(0, 1, "PER"), Span(1, 2, "ORG")])) == [
        ("Badr", "PER"), ("Orange", "ORG")]


def test_the_word_before_a_name_types_it_person_after_a_king_organisation_after_a_company() -> None:
    for text, spans, expected in (
        ("Le roi Mohammed VI a nommé", [], [("Mohammed VI", "PER")]),
        ("l' émir Tamim ben Hamad a reçu", [], [("Tamim ben Hamad", "PER")]),
        ("avec le groupe italien Eni à Rome", [Span(6, 7, "LOC")], [("Eni", "ORG"), ("Rome", "LOC")]),
        ("selon le quotidien Le Monde ,", [], [("Le Monde", "ORG")]),
        ("la chaîne France 24 a dit", [Span(2, 3, "LOC")], [("France 24", "ORG")]),
        ("la société Sonatrach a signé", [Span(2, 3, "LOC")], [("Sonatrach", "ORG")]),
        # a lower-case word that is no nationality, or no name, or a longer run of capitals: left alone
        ("le groupe a annoncé", [], []),
        ("le groupe de Visegrad", [], []),
        ("le groupe Alpha Beta Gamma Delta Epsilon", [], []),
        ("le roi Maroc", [Span(2, 3, "LOC")], [("Maroc", "LOC")]),
        ("la Banque Centrale Populaire a dit", [], []),  # a capitalised head is part of a name
        ("son homologue libyen Taher el - Baour a dit", [], [("Taher el - Baour", "PER")]),
        ("son homologue a dit", [], []),
    ):
        words, _ = words_of(text)
        assert labelled(words, french_heads(words, spans)) == expected, text


def test_the_name_after_his_counterpart_and_a_nationality_is_a_person() -> None:
    for text, spans, expected in (
        ("استقبل الوزير نظيره الليبي الطاهر الباعور ، وبحثا", [], [("الطاهر الباعور", "PER")]),
        ("التقى قيس سعيد نظيره الجزائري عبد المجيد تبون في الجزائر", [Span(1, 3, "PER")],
         [("قيس سعيد", "PER"), ("عبد المجيد تبون", "PER")]),
        # no nationality, no name (a preposition), or the model's own span: left alone
        ("استقبل الوزير نظيره الطاهر الباعور ، وبحثا", [], []),
        ("استقبل الوزير نظيره الليبي في القاهرة", [], []),
        ("استقبل الوزير نظيره الليبي الطاهر الباعور ،", [Span(4, 5, "PER")], [("الطاهر", "PER")]),
        # a rank or a monarch's title needs no nationality; بن takes the word after it
        ("يسيطر المشير خليفة حفتر على بنغازي", [], [("خليفة حفتر", "PER")]),
        ("استقبل الأمير محمد بن سلمان في الرياض", [], [("محمد بن سلمان", "PER")]),
        ("وقال الملك سلمان بن عبد العزيز إن", [], [("سلمان بن عبد العزيز", "PER")]),
        ("وأكد الشيخ أن المسجد مفتوح", [], []),
    ):
        words, _ = words_of(text)
        assert labelled(words, arabic_counterparts(words, spans)) == expected, text


def arabic_analysis(text: str, spans: list[Span]) -> Analysis:
    words, starts = words_of(text)
    return Analysis(text, words, starts, [a + len(w) for a, w in zip(starts, words, strict=True)], spans)


def test_known_organisations_named_in_arabic_are_found_with_their_proclitics() -> None:
    a = arabic_analysis("ودعا الأمين العام للأمم المتحدة إلى دعم صندوق النقد الدولي والبنك الدولي", [])
    arabic_known_names(a)
    found = [(a.text_of(s), s.label, s.canonical) for s in a.spans]
    # the corpora's convention: the proclitic is in the mention; the entity is the English one
    assert found == [("للأمم المتحدة", "ORG", "United Nations"),
                     ("صندوق النقد الدولي", "ORG", "International Monetary Fund"),
                     ("والبنك الدولي", "ORG", "World Bank")]


def test_car_makers_and_clubs_named_in_arabic_are_organisations_but_not_the_ambiguous_words() -> None:
    # الهلال ("the crescent") and الترسانة ("the arsenal") are clubs too, but not in the list
    a = arabic_analysis("باعت فولكسفاغن وأودي أكثر ، وفاز لسلتيك على أسيك أبيدجان والهلال والترسانة "
                        "والرجاء البيضاوي", [])
    arabic_known_names(a)
    found = [(a.text_of(s), s.label, s.canonical) for s in a.spans]
    assert found == [("فولكسفاغن", "ORG", "Volkswagen"), ("وأودي", "ORG", "Audi"),
                     ("لسلتيك", "ORG", "Celtic F.C."), ("أسيك أبيدجان", "ORG", "ASEC Mimosas"),
                     ("والرجاء البيضاوي", "ORG", "Raja Casablanca")]


def test_the_region_s_banks_are_found_by_their_arabic_names_the_longest_first() -> None:
    a = arabic_analysis("وافقت الجمعية العمومية للبنك التجاري ، وربح البنك التجاري الدولي وبنك قطر الوطني", [])
    arabic_known_names(a)
    found = [(a.text_of(s), s.canonical) for s in a.spans]
    assert found == [("للبنك التجاري", "Commercial Bank of Qatar"),
                     ("البنك التجاري الدولي", "Commercial International Bank"),
                     ("وبنك قطر الوطني", "Qatar National Bank")]


def test_the_article_must_agree_and_a_longer_organisation_of_the_model_is_kept() -> None:
    # "أمم متحدة" without the article is no name of the UN; the model's longer name stays
    a = arabic_analysis("أمم متحدة ثم بعثة الأمم المتحدة الخاصة", [Span(3, 7, "ORG")])
    arabic_known_names(a)
    assert [(a.text_of(s), s.label, s.canonical) for s in a.spans] == [("بعثة الأمم المتحدة الخاصة", "ORG", None)]


def test_french_spans_that_name_nothing_are_dropped() -> None:
    text = ("M . le ministre du commerce a reçu M . le général Campenon ; M . La commission et l' Etat "
            "paieront , dit le Conseil d' Etat .")
    words, _ = words_of(text)
    spans = [Span(0, 6, "PER"), Span(8, 13, "PER"), Span(14, 18, "PER"), Span(20, 21, "ORG"),
             Span(25, 28, "ORG")]
    assert labelled(words, french_no_names(words, spans)) == [
        ("M . le général Campenon", "PER"), ("Conseil d' Etat", "ORG")]


def test_arabic_places_that_are_clubs_or_newspapers_by_their_context() -> None:
    text = ("قالت « الشرق الأوسط » إن ليون الفرنسي فاز على ميلان ( ايطاليا ) 2 - 1 في باريس "
            "الفرنسية وفي الشرق الأوسط")
    words, _ = words_of(text)
    spans = [Span(2, 4, "LOC"), Span(6, 7, "LOC"), Span(10, 11, "LOC"), Span(12, 13, "LOC"), Span(18, 19, "LOC"),
             Span(21, 23, "LOC")]
    assert labelled(words, arabic_teams_and_papers(words, spans)) == [
        ("الشرق الأوسط", "ORG"),  # in guillemets: the newspaper
        ("ليون", "ORG"),  # a masculine nationality adjective: the club
        ("ميلان", "ORG"),  # its country in brackets, then a score
        ("ايطاليا", "LOC"),
        ("باريس", "LOC"),  # a town is feminine
        ("الشرق الأوسط", "LOC"),  # the region
    ]


def test_arabic_places_in_a_list_of_fixtures_are_clubs_but_a_dateline_is_a_place() -> None:
    text = "ساو باولو ( البرازيل ) - أعلن الاتحاد أن بوردو ( فرنسا ) - أيندهوفن ( هولندا ) وروما ( إيطاليا ) ."
    words, _ = words_of(text)
    spans = [Span(0, 2, "LOC"), Span(9, 10, "LOC"), Span(14, 15, "PER"), Span(18, 19, "LOC")]
    assert labelled(words, arabic_teams_and_papers(words, spans)) == [
        ("ساو باولو", "LOC"), ("بوردو", "ORG"), ("أيندهوفن", "ORG"), ("وروما", "ORG")]
    # a person with a nationality adjective stays a person (ميسي الأرجنتيني)
    words = ["وسجل", "ميسي", "الأرجنتيني"]
    assert arabic_teams_and_papers(words, [Span(1, 2, "PER")]) == [Span(1, 2, "PER")]


def test_french_corpus_spans_of_a_person_take_the_appositions_describing_him() -> None:
    text = ("M . Jules Ferry , président du conseil , a reçu MM . Eugène Frot , député , ancien ministre , "
            "Mme Hélène Marcovitz , 25 ans , et M . Sarcey , qui dit : « Serge Moatti , reporter à Radio - Tunis . »")
    words, _ = words_of(text)
    def at(phrase: str) -> Span:
        return span_at(words, phrase, "ORG" if phrase == "Radio - Tunis" else "PER")
    spans = [at(p) for p in ("M . Jules Ferry", "MM . Eugène Frot", "Mme Hélène Marcovitz", "M . Sarcey", "Serge Moatti",
                             "Radio - Tunis")]
    assert labelled(words, french_appositions_in_spans(words, spans)) == [
        ("M . Jules Ferry , président du conseil", "PER"),
        ("MM . Eugène Frot , député , ancien ministre", "PER"),
        ("Mme Hélène Marcovitz , 25 ans", "PER"),
        ("M . Sarcey", "PER"),  # ", qui dit": no apposition
        ("Serge Moatti , reporter à Radio - Tunis", "PER"),  # the organisation inside gives way
    ]


def test_arabic_spans_lose_the_particles_at_their_edges_but_not_the_name_ali() -> None:
    words = ["وقال", "على", "ان", "شوماخر", "على", "حق", "بينما", "علي", "كرتي", "في", "الخرطوم"]
    spans = [Span(1, 2, "PER"), Span(3, 5, "PER"), Span(7, 9, "PER"), Span(9, 11, "LOC")]
    assert labelled(words, arabic_function_word_edges(words, spans)) == [
        ("شوماخر", "PER"), ("علي كرتي", "PER"), ("الخرطوم", "LOC")]


def test_arabic_team_and_company_words_stay_outside_the_name() -> None:
    words = ["قال", "فريق", "ميلان", "ووقعت", "وشركة", "فولكس", "فاغن", "مع", "نادي", "الزمالك", "وشركة"]
    spans = [Span(1, 3, "ORG"), Span(4, 7, "ORG"), Span(8, 10, "ORG"), Span(10, 11, "ORG")]
    assert labelled(words, arabic_heads_outside(words, spans)) == [
        ("ميلان", "ORG"), ("فولكس فاغن", "ORG"),
        ("نادي الزمالك", "ORG"),  # نادي is mixed in ANERcorp: left
        ("وشركة", "ORG"),  # no name after it: left
    ]
    words = ["باستاد", "القاهرة", "الدولي", "على", "ملعب", "برشلونة", "ستاد", "الإمارات"]
    spans = [Span(0, 3, "LOC"), Span(4, 6, "LOC"), Span(6, 8, "MISC")]
    assert labelled(words, arabic_heads_outside(words, spans)) == [
        ("القاهرة", "LOC"), ("برشلونة", "LOC"), ("ستاد الإمارات", "MISC")]


def test_a_club_takes_any_masculine_nationality_adjective_of_the_list() -> None:
    words = ["فاز", "هامبورغ", "الالماني", "على", "اندرلخت", "البلجيكي", "في", "مدريد", "الاسبانية"]
    spans = [Span(1, 2, "LOC"), Span(4, 5, "LOC"), Span(7, 8, "LOC")]
    assert labelled(words, arabic_teams_and_papers(words, spans)) == [
        ("هامبورغ", "ORG"), ("اندرلخت", "ORG"), ("مدريد", "LOC")]  # a town is feminine


def test_a_quoted_title_after_the_word_for_a_programme_film_or_novel_is_one_misc() -> None:
    text = ("قدم برنامجا تليفزيونيا بعنوان « حوار من القلب » بعد رواية « أولاد حارتنا » ونشرت "
            "صحيفة « الشرق الأوسط » كتاب « مصر القديمة » وبرنامج « نجم")
    words, _ = words_of(text)
    spans = [Span(13, 14, "LOC"), Span(18, 20, "ORG"), Span(23, 24, "LOC")]
    assert labelled(words, arabic_titles_of_works(words, spans)) == [
        ("حوار من القلب", "MISC"),
        ("أولاد حارتنا", "MISC"),  # the place the model saw inside gives way
        ("الشرق الأوسط", "ORG"),  # a newspaper: not a work noun
        ("مصر", "LOC"),  # كتاب: ANERcorp mostly leaves a book's title untagged
    ]  # and an unclosed quote is no title


def test_a_person_span_over_two_coordinated_names_is_split_before_the_and() -> None:
    text = "شارك وغادة عادل وياسمين عبد العزيز ثم مبارك وعبد الله وسعد بن أبي وقاص وكومان ويلي"
    words, _ = words_of(text)
    spans = [Span(1, 6, "PER"), Span(7, 10, "PER"), Span(10, 14, "PER"), Span(14, 16, "PER")]
    assert labelled(words, arabic_coordinated_persons(words, spans)) == [
        ("وغادة عادل", "PER"), ("وياسمين عبد العزيز", "PER"),
        ("مبارك", "PER"), ("وعبد الله", "PER"),  # عبد: short, but a name's first word
        ("وسعد بن أبي وقاص", "PER"),  # one word after it: a name that begins with و
        ("وكومان ويلي", "PER"),  # ويلي: three letters after و
    ]
    assert arabic_coordinated_persons(words, [Span(1, 6, "ORG")]) == [Span(1, 6, "ORG")]


def test_a_club_is_its_first_word_and_town_and_a_champions_league_only_its_continent() -> None:
    text = "فاز سسكا موسكو على ستيوا بوخارست وايك اثينا في دوري أبطال أوروبا مقابل مليون ريال قطري"
    words, _ = words_of(text)
    spans = [Span(2, 3, "ORG"), Span(5, 6, "LOC"), Span(6, 8, "ORG"), Span(9, 12, "MISC"), Span(15, 16, "LOC")]
    assert labelled(words, arabic_clubs(words, spans)) == [
        ("سسكا موسكو", "ORG"), ("ستيوا بوخارست", "ORG"),
        ("وايك اثينا", "ORG"),  # found whole: left
        ("أوروبا", "LOC"),
        ("قطري", "LOC"),  # money: a nationality after ريال
    ]
    assert arabic_clubs(["ريال", "مدريد"], []) == []  # nothing the model saw
    words = ["فاز", "في", "أولمبياد", "بكين", "2008"]
    assert labelled(words, arabic_clubs(words, [Span(2, 4, "MISC")])) == [("بكين", "LOC")]


def test_a_stadium_s_quoted_name_is_one_misc() -> None:
    words, _ = words_of('فاز على استاد " سلتيك بارك " في غلاسكو وعلى الملعب " الامارات " ثم في " باريس "')
    spans = [Span(4, 5, "ORG"), Span(8, 9, "LOC"), Span(12, 13, "LOC"), Span(17, 18, "LOC")]
    assert labelled(words, arabic_titles_of_works(words, spans)) == [
        ("سلتيك بارك", "MISC"), ("غلاسكو", "LOC"), ("الامارات", "MISC"),
        ("باريس", "LOC"),  # quoted after no venue or work word
    ]


def test_the_untagged_name_after_a_word_for_a_town_or_district_is_a_place() -> None:
    text = ("قتل في حي البياع وبشارع السعدون وبين بلدتي الفارعة وطلوزة وبإقليم شمال وزيرستان "
            "ومدينة رأس الحكمة وفاز بولاية ثانية في مدينة إسرائيلية قرب مدينة غزة")
    words, _ = words_of(text)
    spans = [Span(len(words) - 1, len(words), "LOC")]
    assert labelled(words, arabic_place_heads(words, spans)) == [
        ("البياع", "LOC"), ("السعدون", "LOC"), ("الفارعة", "LOC"), ("وطلوزة", "LOC"),
        ("وزيرستان", "LOC"),  # the compass word skipped
        ("رأس الحكمة", "LOC"),
        # ولاية is also a term of office; a nationality adjective is no name
        ("غزة", "LOC"),  # tagged already: left
    ]


def test_a_french_span_ends_before_the_clause_after_the_name() -> None:
    text = ("la Chambre d ' où il repartira ; prier la Chambre de choisir ; M . Emile Laurent de se retirer ; "
            "Questembert à Ploërmel ; le Vélodrome d ' hiver ; la Compagnie des chemins de fer ; "
            "la Chambre de commerce")
    words, _ = words_of(text)
    def at(phrase: str, label: str = "ORG") -> Span:
        return span_at(words, phrase, label)
    spans = [at("Chambre d ' où"), at("Chambre de choisir"), at("M . Emile Laurent de se retirer", "PER"),
             at("Questembert à", "LOC"), at("Vélodrome d ' hiver", "LOC"), at("Compagnie des chemins de fer"),
             at("Chambre de commerce")]
    assert labelled(words, french_clause_tails(words, spans)) == [
        ("Chambre", "ORG"), ("Chambre", "ORG"), ("M . Emile Laurent", "PER"), ("Questembert", "LOC"),
        ("Vélodrome d ' hiver", "LOC"), ("Compagnie des chemins de fer", "ORG"), ("Chambre de commerce", "ORG")]


def test_the_reich_is_an_organisation_with_its_ordinal() -> None:
    words, _ = words_of("le IIIe Reich et la dette du Reich , selon le Reich de Hitler")
    spans = [Span(2, 3, "PER"), Span(7, 8, "LOC")]
    assert labelled(words, french_reich(words, spans)) == [
        ("IIIe Reich", "ORG"), ("Reich", "ORG"), ("Reich", "ORG")]


def test_ships_before_their_flag_and_titles_in_guillemets_are_no_entities() -> None:
    text = ("Tafna , fr . , Alger ; Martos , esp , , Malaga ; Cassard ( * ) , fr . , Swansea . "
            "les brise- glaces « Taïmyr » et « Ermak » ; le film « Le Radeau » ; « Marseille » ; "
            "au « Fonds monétaire international » ; Paris , fr . , M . Dupont")
    words, _ = words_of(text)
    def at(phrase: str, label: str, canonical: str | None = None) -> Span:
        return span_at(words, phrase, label, canonical)
    spans = [at("Tafna", "PER"), at("Alger", "LOC"), at("Martos", "LOC"), at("Malaga", "LOC"),
             at("Cassard", "PER"), at("Swansea", "LOC"), at("Taïmyr", "ORG"), at("Ermak", "ORG"),
             at("Le Radeau", "ORG"), at("Marseille", "LOC"),
             at("Fonds monétaire international", "ORG", "International Monetary Fund"),
             at("M . Dupont", "PER")]
    assert labelled(words, french_ships_and_titles(words, spans)) == [
        ("Alger", "LOC"), ("Malaga", "LOC"), ("Swansea", "LOC"), ("Marseille", "LOC"),
        ("Fonds monétaire international", "ORG"), ("M . Dupont", "PER")]


def test_a_word_written_twice_in_a_row_splits_a_span() -> None:
    words, _ = words_of("de Londres LONDRES , 14 mars ; New York ; Jean Jean-Pierre")
    spans = [Span(1, 3, "LOC"), Span(7, 9, "LOC"), Span(10, 12, "PER")]
    assert labelled(words, split_repeats(words, spans)) == [
        ("Londres", "LOC"), ("LONDRES", "LOC"), ("New York", "LOC"), ("Jean Jean-Pierre", "PER")]


def test_a_theatre_column_s_venues_are_places_and_its_play_titles_name_nobody() -> None:
    text = ("Pile ou face . AMBIGU . — 8 h . 30 : Mlle Josette , ma femme . ET PUBLICITE TH . DE PARIS . — "
            "9 h : Le Roi . autos . TH . MONTMARTRE ( Atelier ) . — 8 h . 45 : Georges Dandin . "
            "PORTE - SAINT - MARTIN . — 8 h . 30 : Cyrano . M . Dupont , 40 , rue de Rome . Le 3 . — 8 h au matin")
    words, _ = words_of(text)
    def at(phrase: str, label: str) -> Span:
        return span_at(words, phrase, label)
    spans = [at("Mlle Josette", "PER"), at("PARIS", "LOC"), at("MONTMARTRE", "LOC"), at("Atelier", "LOC"),
             at("Georges Dandin", "PER"), at("M . Dupont", "PER"), at("rue de Rome", "LOC")]
    assert labelled(words, french_show_listings(words, spans)) == [
        ("AMBIGU", "LOC"), ("TH . DE PARIS", "LOC"), ("TH . MONTMARTRE ( Atelier )", "LOC"),
        ("PORTE - SAINT - MARTIN", "LOC"), ("M . Dupont", "PER"), ("rue de Rome", "LOC")]


def test_two_person_spans_side_by_side_are_one_person_unless_and_joins_them() -> None:
    words = ["قالت", "سوزان", "مبارك", "إن", "سولانا", "ولاريجاني", "التقيا", "،", "علي", "،", "حسن"]
    spans = [Span(1, 2, "PER"), Span(2, 3, "PER"), Span(4, 5, "PER"), Span(5, 6, "PER"),
             Span(8, 9, "PER"), Span(10, 11, "PER")]
    assert labelled(words, arabic_adjacent_persons(words, spans)) == [
        ("سوزان مبارك", "PER"), ("سولانا", "PER"), ("ولاريجاني", "PER"), ("علي", "PER"), ("حسن", "PER")]


def test_well_known_persons_named_in_arabic_are_one_person_span() -> None:
    # the model leaves out بان ("that"), runs on past آل مكتوم, and adds the given name محمد
    a = arabic_analysis("وقال بان كي مون إن الشيخ محمد بن راشد آل مكتوم مبتهلين التقى محمد حسني مبارك ثم قال بان",
                        [])
    words = a.words
    a.spans = [Span(2, 4, "PER"), Span(6, 12, "PER"), Span(13, 16, "PER")]
    arabic_known_names(a)
    assert [(a.text_of(s), s.label) for s in a.spans] == [
        ("بان كي مون", "PER"), ("محمد بن راشد آل مكتوم", "PER"), ("محمد حسني مبارك", "PER")]
    assert words[-1] == "بان"


def test_words_with_tanween_and_a_lone_nationality_adjective_are_no_names() -> None:
    words = ["فريق", "خطير", "هجومياً", "بقاء", "القوات", "الألمانية", "زار", "السعودية", "وسورية", "برنامجاً"]
    spans = [Span(1, 3, "ORG"), Span(5, 6, "PER"), Span(7, 8, "LOC"), Span(8, 9, "LOC"), Span(9, 10, "PER")]
    assert labelled(words, arabic_not_names(words, spans)) == [
        ("خطير", "ORG"), ("السعودية", "LOC"), ("وسورية", "LOC")]
    # a company's or club's name ends before a nationality's adjective; a body's, a person's
    # and a place's keep it
    words = ["بنفيكا", "البرتغالي", "منظمة", "التحرير", "الفلسطينية", "سعيد", "الكندي", "المحيط", "الهندي"]
    spans = [Span(0, 2, "ORG"), Span(2, 5, "ORG"), Span(5, 7, "PER"), Span(7, 9, "LOC")]
    assert labelled(words, arabic_not_names(words, spans)) == [
        ("بنفيكا", "ORG"), ("منظمة التحرير الفلسطينية", "ORG"), ("سعيد الكندي", "PER"), ("المحيط الهندي", "LOC")]
    # "the town" after a compass word; Medina elsewhere stays
    words = ["جنوب", "شرق", "المدينة", "وزار", "المدينة", "المنورة"]
    spans = [Span(2, 3, "LOC"), Span(4, 6, "LOC")]
    assert labelled(words, arabic_not_names(words, spans)) == [("المدينة المنورة", "LOC")]
    # a noun referring back to a body or a town is no name alone
    words = ["تحت", "قيادة", "الحلف", "بفريق", "العاصمة", "حلف", "الناتو", "والحكومة", "بروتوكول", "بروتوكول",
             "كيوتو"]
    spans = [Span(2, 3, "ORG"), Span(4, 5, "ORG"), Span(5, 7, "ORG"), Span(7, 8, "ORG"), Span(8, 9, "MISC"),
             Span(9, 11, "MISC")]
    assert labelled(words, arabic_not_names(words, spans)) == [("حلف الناتو", "ORG"), ("بروتوكول كيوتو", "MISC")]


def test_a_continent_takes_the_compass_adjective_after_it() -> None:
    words = ["زار", "أمريكا", "الجنوبية", "ولكوريا", "الشمالية", "ومصر", "الشمالية", "وآسيا", "الوسطى"]
    spans = [Span(1, 2, "LOC"), Span(3, 4, "LOC"), Span(5, 6, "LOC"), Span(7, 9, "LOC")]
    assert labelled(words, arabic_region_adjectives(words, spans)) == [
        ("أمريكا الجنوبية", "LOC"), ("ولكوريا الشمالية", "LOC"), ("ومصر", "LOC"), ("وآسيا الوسطى", "LOC")]


def test_the_writer_named_in_a_byline_is_a_person() -> None:
    words = ["كتب", "ـ", "خليفة", "أدهم", ":", "قال", "كتب", "-", "في", "الصحيفة", ":", "كتب", "التاريخ", "أول"]
    assert labelled(words, arabic_bylines(words, [Span(3, 4, "LOC")])) == [("خليفة أدهم", "PER")]


def test_spans_without_a_name_word_go_and_a_programme_s_bracketed_names_are_persons() -> None:
    words = ["courant", ",", "79", ",", "25", ";", "X", ".", ".", ".", ",", "Y", ".", ".", ";", "M", ".", "C", ".",
             ";", "S", ".", "N", ".", "C", ".", "F", "."]
    spans = [Span(2, 5, "LOC"), Span(11, 14, "LOC"), Span(15, 19, "PER"), Span(20, 28, "ORG")]
    assert labelled(words, french_programmes(words, spans)) == [
        ("M . C .", "PER"), ("S . N . C . F .", "ORG")]
    text = ("concert : The sounds of peace ( Blon ) ; Thrills ( Ancliffe ) ; My Lady Dainty ( Hesse ) ; "
            "Over the mountains ( Roger Quilter ) . Il a vu M . Dupont ( Paris ) .")
    words, _ = words_of(text)
    def at(phrase: str, label: str) -> Span:
        return span_at(words, phrase, label)
    spans = [at("Blon", "LOC"), at("Thrills", "PER"), at("Ancliffe", "LOC"), at("Lady Dainty", "PER"),
             at("M . Dupont", "PER"), at("Paris", "LOC")]
    assert labelled(words, french_programmes(words, spans)) == [
        ("Blon", "PER"), ("Ancliffe", "PER"), ("Hesse", "PER"), ("Roger Quilter", "PER"), ("M . Dupont", "PER"),
        ("Paris", "LOC")]
