"""Related coverage across languages from shared canonical entity ids (pure part)."""

from __future__ import annotations

from articles.models import RelatedLink
from articles.related.crosslang import cross_language_links, merge, salient, window

SHOUKRY = {"id": "e_shoukry", "name": "سامح شكري", "type": "PER", "salience": 0.9}
CAIRO = {"id": "e_cairo", "name": "القاهرة", "type": "LOC", "salience": 0.4}
EGYPT = {"id": "e_egypt", "name": "مصر", "type": "LOC", "salience": 0.3}


def test_articles_in_other_languages_sharing_entities_are_linked_with_reasons() -> None:
    sharing = {
        "e_shoukry": [{"article_id": "a_en", "language": "en"}, {"article_id": "a_ar2", "language": "ar"},
                      {"article_id": "a_ar", "language": "ar"}],
        "e_cairo": [{"article_id": "a_en", "language": "en"}, {"article_id": "a_fr", "language": "fr"}],
    }
    links = cross_language_links("a_ar", "ar", [SHOUKRY, CAIRO], sharing, {"a_en": "Egypt and Libya"})
    assert [link.id for link in links] == ["a_en"]  # same language and self left out; one place is not enough
    assert links[0].title == "Egypt and Libya"
    assert links[0].reasons == ["same entities in en: سامح شكري, القاهرة"]
    assert 0 < links[0].score < 1


def test_two_shared_places_are_enough_one_is_not() -> None:
    two = {"e_cairo": [{"article_id": "a_fr", "language": "fr"}], "e_egypt": [{"article_id": "a_fr", "language": "fr"}]}
    assert [link.id for link in cross_language_links("a", "en", [CAIRO, EGYPT], two)] == ["a_fr"]
    one = {"e_cairo": [{"article_id": "a_fr", "language": "fr"}]}
    assert cross_language_links("a", "en", [CAIRO, EGYPT], one) == []
    assert cross_language_links("a", None, [CAIRO, EGYPT], two) == []


def test_salient_prefers_people_and_window_bounds_dates() -> None:
    assert [e["id"] for e in salient([CAIRO, EGYPT, SHOUKRY], limit=2)] == ["e_shoukry", "e_cairo"]
    agency = {"id": "e_afp", "name": "Agence France-Presse", "type": "ORG", "salience": 0.0}  # a dateline's
    assert [e["id"] for e in salient([agency, CAIRO, SHOUKRY])] == ["e_shoukry", "e_cairo"]
    assert window("2025-03-09T10:00:00Z") == ("2025-03-02", "2025-03-16~")
    assert window(None) is None and window("yesterday") is None


def test_merge_ranks_both_kinds_of_link_and_keeps_the_better_score_of_an_article_both_found() -> None:
    a, b = RelatedLink(id="a", score=0.5, reasons=["shared terms: x"]), RelatedLink(id="b", score=0.9)
    merged = merge([a], [b, RelatedLink(id="a", score=0.1, reasons=["same entities in fr: Y"])])
    assert [(link.id, link.score, link.reasons) for link in merged] == [
        ("b", 0.9, []), ("a", 0.5, ["shared terms: x", "same entities in fr: Y"])]
    # the entities scored higher: their score and their reason first
    c = RelatedLink(id="c", score=0.15, reasons=["same names: z"], near_duplicate=False)
    merged = merge([b, c], [RelatedLink(id="c", score=0.6, reasons=["same entities in fr: Z"])])
    assert [(link.id, link.score, link.reasons) for link in merged] == [
        ("b", 0.9, []), ("c", 0.6, ["same entities in fr: Z", "same names: z"])]
