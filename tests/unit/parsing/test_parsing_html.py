"""HTML pages: trafilatura's text plus the page's own metadata."""

from __future__ import annotations

import pytest
from articles.errors import NoArticleContent
from articles.models import SiteLink
from articles.parsing import parse_document
from articles.parsing.htmlmeta import PageMeta
from articles.parsing.titles import choose_title, strip_site_name

from .conftest import PAGES, expected_for

URL = "https://nilebusiness.example/energy/2024/04/02/egypt-sudan-grid-upgrade?ref=home"


def parse_page(name: str, url: str | None = URL) -> object:
    return parse_document((PAGES / name).read_bytes(), filename=name, url=url)[0]


def test_json_ld_news_article() -> None:
    article = parse_document((PAGES / "html_jsonld_newsarticle.html").read_bytes(),
                             filename="page.html", url=URL)[0]

    assert article.title == "Egypt and Sudan sign grid interconnection upgrade"
    assert (article.published, article.published_source) == ("2024-04-02T09:15:00+02:00", "json-ld")
    assert article.author == ["Yasmine Farouk", "Tarek El-Sayed"]
    assert article.section == "Energy"
    assert article.language == "en"
    assert article.url == URL
    assert article.canonical_url == "https://nilebusiness.example/energy/2024/04/02/egypt-sudan-grid-upgrade"
    assert article.format == "html"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Egypt and Sudan signed an agreement on Tuesday")
    assert paragraphs[-1].endswith("countries further south along the Nile.")
    assert len(paragraphs) == 5
    for boilerplate in ("Sign up", "All rights reserved", "Opinion", "By Yasmine", "Related"):
        assert boilerplate not in article.body
    assert article.site_related == [
        SiteLink(title="Egypt-Saudi power link enters testing phase",
                 url="https://nilebusiness.example/energy/2024/03/28/egypt-saudi-link-tests"),
        SiteLink(title="Sudanese pound weakens again on parallel market",
                 url="https://nilebusiness.example/markets/2024/03/30/sudan-pound-weakens"),
    ]


def test_meta_tags_french_page_without_lang_attribute() -> None:
    article = parse_document((PAGES / "html_meta_french.html").read_bytes(), filename="page.html")[0]

    assert article.title == "Tunisie : la saison touristique démarre fort à Djerba"
    assert (article.published, article.published_source) == ("2024-05-14T07:30:00+01:00", "meta")
    assert article.author == ["Leïla Ben Salah"]
    assert article.language == "fr"
    assert article.body.startswith("Les hôtels de Djerba affichent")
    assert "Accueil" not in article.body
    assert "Tous droits réservés" not in article.body


def test_declared_language_contradicted_by_the_script_is_ignored() -> None:
    paragraph = "قال وزير الخارجية إن الجانبين اتفقا على عقد اجتماع جديد في طرابلس الشهر المقبل."
    html = (f'<html lang="en"><head><title>x</title></head><body><article><p>{paragraph}</p>'
            f"<p>{paragraph}</p></article></body></html>")
    article = parse_document(html.encode(), filename="ar.html")[0]
    assert article.language == "ar"


def test_page_without_article_text() -> None:
    with pytest.raises(NoArticleContent):
        parse_document((PAGES / "html_no_article.html").read_bytes(), filename="404.html")


def test_title_only_page() -> None:
    html = b"<html><head><title>Breaking</title></head><body><h1>Breaking: talks collapse</h1></body></html>"
    with pytest.raises(NoArticleContent):
        parse_document(html, filename="t.html")


def test_plain_text_page_wrapped_in_pre_goes_through_the_text_parser() -> None:
    html = (
        b"<html><body><pre>Tuesday 5 March 2024\n"
        b"Home / Sport / Esperance reach semi-finals\n\n"
        b"Esperance reach semi-finals\n\n"
        b"Esperance of Tunis reached the semi-finals on Saturday after a goalless draw in Luanda, "
        b"going through on the away-goals rule after the first leg ended 1-1.\n\n"
        b"Share this\n</pre></body></html>"
    )
    article = parse_document(html, filename="page.html")[0]

    assert article.title == "Esperance reach semi-finals"
    assert article.body.startswith("Esperance of Tunis reached the semi-finals")
    assert (article.published, article.published_source) == ("2024-03-05", "page-header")
    assert article.section == "Sport"


def test_url_date_is_the_last_resort() -> None:
    html = (
        b"<html><head><title>Port deal</title></head><body><article><h1>Port deal signed</h1>"
        b"<p>The port authority signed a concession agreement with a logistics group on Monday, "
        b"officials said, ending months of negotiations over the container terminal and the "
        b"dredging of the access channel.</p>"
        b"</article></body></html>"
    )
    article = parse_document(html, filename="p.html", url="https://port.example/news/2023/11/20/port-deal")[0]

    assert (article.published, article.published_source) == ("2023-11-20", "url")


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("Sudan deal signed | Nile Business Journal", ["Nile Business Journal"], "Sudan deal signed"),
        ("Libya Herald - Oil output rises again", ["libyaherald.com"], "Oil output rises again"),
        ("Oil output rises again – Libya Herald", ["www.libyaherald.com"], "Oil output rises again"),
        ("Q&A - What next for Sudan?", ["Desert Daily"], "Q&A - What next for Sudan?"),
        ("Nile Business Journal", ["Nile Business Journal"], "Nile Business Journal"),
    ],
)
def test_strip_site_name(title: str, sites: list[str], expected: str) -> None:
    assert strip_site_name(title, sites) == expected


def test_visible_h1_wins_when_metadata_agrees() -> None:
    page = PageMeta(meta={"og:title": "Talks resume in Geneva | Desert Daily"}, site_names=["Desert Daily"],
                    h1=["Menu", "Talks resume in Geneva"])
    assert choose_title(page, None) == "Talks resume in Geneva"


def test_single_h1_wins_over_a_different_og_title_on_an_article_page() -> None:
    page = PageMeta(meta={"og:title": "Geneva talks: what to expect", "og:type": "article"},
                    h1=["Talks resume in Geneva"])
    assert choose_title(page, None) == "Talks resume in Geneva"


def test_on_a_service_page_the_metadata_title_beats_a_slogan_h1() -> None:
    page = PageMeta(meta={"og:title": "Harbour Pilots - Licensed pilotage for Tripoli port", "og:type": "website"},
                    site_names=["Harbour Pilots"], h1=["Safe passage, every tide"])
    assert choose_title(page, None) == "Licensed pilotage for Tripoli port"


@pytest.mark.parametrize("name", ["html_copyright_footer.html", "html_updated_stamp.html"])
def test_html_fixture_with_expected_output(name: str) -> None:
    # a footer's "© 2026" is no publication date; an "Updated" stamp is kept apart from it;
    # the content model leaves out navigation, the date labels, "Related", newsletter and contacts
    expected = expected_for(PAGES / name)
    article = parse_document((PAGES / name).read_bytes(), filename=name)[0]
    for field in ("title", "published", "published_source", "published_utc", "updated", "author", "language"):
        assert getattr(article, field) == expected[field], field
    assert article.body.split("\n\n") == expected["body"]
