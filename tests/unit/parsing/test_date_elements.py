"""Visible dates under a headline: an element named as a date ("post-date", "c-meta__date")
is the publication date on an article page; labelled "Updated" it is the update; on a page
with no article signal (a shop's "Released 21 Aug, 2012") it is no date at all."""

from __future__ import annotations

from articles.parsing import parse_document
from articles.parsing.pubdate import element_dates
from lxml import html

BODY = "".join(
    f"<p>Paragraph {i} of the report: the port authority said the new cranes cut waiting times "
    f"for cargo ships by a third, and that more berths would open before the summer season.</p>"
    for i in range(6)
)


def page(head: str, header: str) -> bytes:
    return (f"<html><head><title>Cranes cut waiting times at the port</title>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
            f"<h1>Cranes cut waiting times at the port</h1>{header}{BODY}</article>"
            f"<footer>© 2026 Harbour News</footer></body></html>").encode()


AUTHOR = '<meta name="author" content="Leila Mansour">'


def parse(data: bytes) -> object:
    return parse_document(data, filename="page.html")[0]


def test_a_date_named_element_under_the_headline_is_the_publication_date() -> None:
    article = parse(page(AUTHOR, '<ul class="c-meta"><li class="c-meta__date">December 24, 2024</li></ul>'))
    assert article.published == "2024-12-24"


def test_a_date_labelled_updated_in_sibling_spans_is_the_update_not_the_publication() -> None:
    header = ('<span class="post-date"><span class="desktop">Last Updated</span> <span class="mobile">on</span> '
              '<span class="date">Feb 27, 2026</span></span>')
    article = parse(page(AUTHOR, header))
    assert article.published is None
    assert article.updated == "2026-02-27"


def test_a_wrapper_holding_two_dates_is_read_through_its_inner_elements() -> None:
    header = ('<div class="article-dateline-wrapper">Health<span class="dateline">DECEMBER 22, 2022</span>'
              '<span>Updated: JANUARY 02, 2026</span></div>')
    article = parse(page(AUTHOR, header))
    assert article.published == "2022-12-22"


def test_no_article_signal_no_date_from_a_date_named_element() -> None:
    header = '<div class="glance"><div class="grid_content grid_date">21 Aug, 2012</div></div>'
    assert element_dates(html.fromstring(page("", header))) == ([], [])
    # the same element on a page naming its author is the date of a dated article
    assert element_dates(html.fromstring(page(AUTHOR, header))) == (["2012-08-21"], [])


def test_a_meta_named_published() -> None:
    article = parse(page('<meta name="published" content="July 17, 2025">', ""))
    assert article.published == "2025-07-17"
