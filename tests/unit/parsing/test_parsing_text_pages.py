"""Plain-text page fixtures (our own writing, several site styles and encodings): every
fixture's title, body, dates, byline, section and site links are asserted exactly."""

from __future__ import annotations

from pathlib import Path

import pytest
from articles.errors import EmptyDocument, NoArticleContent
from articles.models import SiteLink
from articles.parsing import parse_document
from articles.parsing.text import dateline_date

from .conftest import PAGES, expected_for

TEXT_PAGES = sorted(PAGES.glob("text_*.txt"))
EXACT_FIELDS = ("title", "published", "published_source", "page_date", "author", "section", "language")


def test_there_are_enough_text_fixtures() -> None:
    assert len(TEXT_PAGES) >= 8


@pytest.mark.parametrize("page", TEXT_PAGES, ids=lambda p: p.stem)
def test_text_page(page: Path) -> None:
    expected = expected_for(page)

    articles = parse_document(page.read_bytes(), filename=page.name)

    assert len(articles) == 1
    article = articles[0]
    for field in EXACT_FIELDS:
        assert getattr(article, field) == expected[field], field
    for field in ("updated", "published_utc"):
        if field in expected:
            assert getattr(article, field) == expected[field], field
    assert article.body.split("\n\n") == expected["body"]
    assert article.site_related == [SiteLink(**link) for link in expected["site_related"]]
    assert article.format == "text"
    assert article.word_count == len([w for w in article.body.split() if any(c.isalnum() for c in w)])


def test_header_date_is_kept_apart_from_dateline_date() -> None:
    page = PAGES / "text_wire_tripoli_ap.txt"
    article = parse_document(page.read_bytes(), filename=page.name)[0]

    assert (article.published, article.published_source) == ("2024-03-03", "dateline")
    assert article.page_date == "2024-03-05"


@pytest.mark.parametrize(
    ("paragraph", "ref", "expected"),
    [
        ("TRIPOLI, March 3 (AP) — Talks resumed.", "2024-03-05", "2024-03-03"),
        ("TRIPOLI, Dec. 30 (AP) — Talks resumed.", "2024-01-02", "2023-12-30"),
        ("RABAT, 6 March 2024 (MAP) - Output rose.", None, "2024-03-06"),
        ("KHARTOUM, Sudan, Feb. 12, 2024 — A convoy arrived.", None, "2024-02-12"),
        ("TRIPOLI, March 3 (AP) — no year and no reference date.", None, None),
        ("CAIRO (Reuters) - No date in this dateline.", "2024-03-05", None),
        ("The minister said on March 3 that talks would resume.", "2024-03-05", None),
    ],
)
def test_dateline_date(paragraph: str, ref: str | None, expected: str | None) -> None:
    assert dateline_date(paragraph, ref) == expected


def test_unwrapped_block_is_one_paragraph() -> None:
    text = (
        "Port workers strike over unpaid wages\n\n"
        "Dock workers at the port of Misrata stopped work on Sunday to demand\n"
        "three months of unpaid wages, a union official said, halting the\n"
        "unloading of several cargo ships.\n"
    )
    article = parse_document(text.encode(), filename="strike.txt")[0]

    assert article.title == "Port workers strike over unpaid wages"
    assert article.body == (
        "Dock workers at the port of Misrata stopped work on Sunday to demand three months of unpaid wages, "
        "a union official said, halting the unloading of several cargo ships."
    )


def test_inline_read_more_link_does_not_end_the_body() -> None:
    text = (
        "Oil output recovers after field reopens\n\n"
        "Libya's crude output rose back above one million barrels a day after the Sharara field reopened.\n\n"
        "Read more: Sharara field shut by protesters\n\n"
        "The National Oil Corporation said exports from Zawiya would resume within days.\n"
    )
    article = parse_document(text.encode(), filename="oil.txt")[0]

    assert article.body.split("\n\n") == [
        "Libya's crude output rose back above one million barrels a day after the Sharara field reopened.",
        "The National Oil Corporation said exports from Zawiya would resume within days.",
    ]
    assert article.site_related == [SiteLink(title="Sharara field shut by protesters")]


def test_title_only_page_has_no_article_content() -> None:
    with pytest.raises(NoArticleContent) as caught:
        parse_document(b"Home / News\n\nLibya's parliament meets in Benghazi\n", filename="t.txt")
    assert caught.value.reason.startswith("no article content:")


def test_whitespace_only_page_is_empty() -> None:
    with pytest.raises(EmptyDocument):
        parse_document(b" \n\t\r\n ", filename="blank.txt")


def test_one_line_lede_above_the_first_paragraph_belongs_to_the_body() -> None:
    text = (
        "Talks collapse in Geneva\n\n"
        "Talks collapsed on Sunday.\n\n"
        "Delegations from both sides left Geneva without agreeing a date for the next round, "
        "the United Nations envoy said in a statement.\n"
    )
    article = parse_document(text.encode(), filename="geneva.txt")[0]

    assert article.title == "Talks collapse in Geneva"
    assert article.body.split("\n\n")[0] == "Talks collapsed on Sunday."


def test_short_note_without_title_is_still_an_article() -> None:
    article = parse_document(b"The meeting was postponed.\n", filename="note.txt")[0]

    assert article.title is None
    assert article.body == "The meeting was postponed."
