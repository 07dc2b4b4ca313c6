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


FRENCH_PAGE = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Libye : Le Caire et Tripoli relancent le commerce frontalier - Le Quotidien</title></head><body>
<header><nav><a href="/">Accueil</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<nav class="breadcrumb"><a href="/">Accueil</a> › <a href="/maghreb">Maghreb</a> › Libye</nav>
<h1>Libye : Le Caire et Tripoli relancent le commerce frontalier</h1>
<p>LE CAIRE, 3 décembre (AFP) - Le ministre égyptien des Affaires étrangères a reçu mardi au Caire son
homologue libyen pour discuter de la réouverture du poste-frontière de Salloum aux camions.</p>
<div class="pub">Publicité</div>
<p>Les deux ministres ont également évoqué la situation sécuritaire dans l'est de la Libye, où le
maréchal Khalifa Haftar contrôle la région de Benghazi depuis plusieurs années.</p>
<div class="ad">Advertisement</div>
<aside><h3>Lire aussi</h3><ul><li><a href="/tunisie/phosphate">Tunisie : la production de phosphate repart</a></li>
<li><a href="/sport">Sport</a></li></ul></aside>
<p>« Nous voulons que les échanges reprennent avant la fin de l'année », a déclaré le ministre lors
d'une conférence de presse commune avec son homologue.</p>
</article></main><footer><p>© 2024 Le Quotidien.</p></footer></body></html>"""


@pytest.mark.parametrize("page", [FRENCH_PAGE, FRENCH_PAGE.replace("Accueil", "Home").replace(" lang=\"fr\"", "")])
def test_ad_labels_leave_the_body_and_a_printed_breadcrumb_names_the_section(page: str) -> None:
    article = parse_document(page.encode(), filename="page.html", url="https://quotidien.example/libye/a")[0]
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 3 and paragraphs[0].startswith("LE CAIRE, 3 décembre (AFP)")
    assert "Publicité" not in article.body and "Advertisement" not in article.body
    # no section in the metadata: the breadcrumb's last part that is not the headline
    assert article.section == "Libye"
    # a box headed "Lire aussi" lists the site's other articles (a one-word link is no article)
    assert [(link.title, link.url) for link in article.site_related] == [
        ("Tunisie : la production de phosphate repart", "https://quotidien.example/tunisie/phosphate")]


ARABIC_PAGE = """<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>مصر وليبيا تبحثان إعادة فتح منفذ السلوم | البوابة</title></head><body>
<main><article>
<div class="breadcrumb"><a href="/">الرئيسية</a> › <a href="/world">عربي ودولي</a> › مصر وليبيا تبحثان إعادة فتح منفذ السلوم</div>
<h1>مصر وليبيا تبحثان إعادة فتح منفذ السلوم</h1>
<div class="meta"><span class="author">كتب: محمد حسن</span> <span class="date">نشر في: الثلاثاء 3 ديسمبر 2024 - 02:20 م</span></div>
<p>القاهرة - استقبل وزير الخارجية المصري اليوم الثلاثاء نظيره الليبي، لبحث إعادة فتح منفذ السلوم البري أمام حركة
الشاحنات التجارية بين البلدين في أقرب وقت ممكن.</p>
<div class="ads">إعلان</div>
<section><h2>اقرأ أيضا</h2><a href="/tunisia/phosphate">تونس: استئناف إنتاج الفوسفات في قفصة</a></section>
<p>وتناول اللقاء الوضع الأمني في شرق ليبيا والتحضير للانتخابات المقبلة برعاية الأمم المتحدة، بحسب بيان الوزارة.</p>
</article></main></body></html>"""


def test_an_arabic_byline_and_stamp_are_read_not_kept_in_the_body() -> None:
    article = parse_document(ARABIC_PAGE.encode(), filename="page.html")[0]
    assert article.author == ["محمد حسن"]
    assert article.published == "2024-12-03T14:20:00"  # 02:20 م is in the afternoon
    assert article.section == "عربي ودولي"
    assert article.body.startswith("القاهرة - ") and "إعلان" not in article.body and "كتب" not in article.body
    assert [link.title for link in article.site_related] == ["تونس: استئناف إنتاج الفوسفات في قفصة"]
    assert "اقرأ" not in article.body
