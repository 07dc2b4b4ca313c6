"""Bylines and author metadata become clean name lists."""

from __future__ import annotations

import pytest
from articles.parsing.authors import clean_authors, split_byline


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("By Jane Doe and Omar Khaled, Staff Writers", ["Jane Doe", "Omar Khaled"]),
        ("By Omar Khaled and Jane Doe, Associated Press", ["Omar Khaled", "Jane Doe"]),
        ("BY AHMED EL-SAYED", ["Ahmed El-Sayed"]),
        ("Written by Salma Ben Ali in Tunis", ["Salma Ben Ali"]),
        ("Par Leïla Ben Salah", ["Leïla Ben Salah"]),
        ("Jane Doe; Omar Khaled", ["Jane Doe", "Omar Khaled"]),
        ("Author: Mona El-Masry (mona@example.com)", ["Mona El-Masry"]),
        ("Reuters", ["Reuters"]),
        ("By Staff Writer", []),
        ("Written By", []),  # a lead-in whose name link is empty
        ("كتب: محمد حسن", ["محمد حسن"]),  # "(he) wrote:"
        ("كتبت : سارة علي", ["سارة علي"]),
        ("بقلم محمد حسن", ["محمد حسن"]),
    ],
)
def test_split_byline(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


def test_clean_authors_deduplicates_case_insensitively_and_keeps_order() -> None:
    assert clean_authors(["Jane Doe", "By JANE DOE and Omar Khaled", "https://x.example/jane"]) == [
        "Jane Doe", "Omar Khaled"]


def test_byline_element_gives_the_first_author_only() -> None:
    from articles.parsing.htmlmeta import byline_authors
    from lxml import html

    thread = html.fromstring(
        "<html><body><div class='post'><span itemprop='author'><span itemprop='name'>Nadia Fettah</span></span>"
        "<p>First post.</p></div><div class='post'><span itemprop='author'>Omar Khaled</span><p>A reply.</p></div>"
        "</body></html>")
    assert byline_authors(thread) == ["Nadia Fettah"]
    page = html.fromstring(
        "<html><body><div class='author-bio'>About the author: a long biography</div>"
        "<p class='byline'>By Salma Idris</p><p>Text.</p></body></html>")
    assert byline_authors(page) == ["Salma Idris"]
    assert byline_authors(html.fromstring("<html><body><p>No byline here.</p></body></html>")) == []


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<span class="byline">ByNadia Fettah</span>', "Nadia Fettah"),
        ('<div class="author">Updated May 2, 2025 Written by Omar Khaled</div>', "Omar Khaled"),
        ('<div class="author">View all posts by Salma Idris</div>', "Salma Idris"),
        ('<span class="author-name">Nadia Fettah 4 August 2024</span>', "Nadia Fettah"),
        ('<span class="author-name">Nadia FettahMarch 2, 2026</span>', "Nadia Fettah"),
        ('<span class="author-name">Nadia Fettah2024-11-23T08:10+02:00</span>', "Nadia Fettah"),
        ('<span class="author-name">Omar Khaled Updated December 19, 2025</span>', "Omar Khaled"),
        ('<span class="author">dunefox42</span>', "dunefox42"),  # a forum user name keeps its digits
        ('<span class="author">Maya Byrne</span>', "Maya Byrne"),
        ('<div class="author">Tarek Ali. Reviewed by Dr. Lina Saad</div>', "Tarek Ali. Reviewed by Dr. Lina Saad"),
    ],
)
def test_byline_element_text_loses_lead_in_and_date(markup: str, expected: str) -> None:
    from articles.parsing.htmlmeta import byline_authors
    from lxml import html

    page = html.fromstring(f"<html><body>{markup}<p>Text.</p></body></html>")
    assert byline_authors(page) == [expected]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        # a name and a role in two elements: separate lines on screen
        ('<div class="author"><a href="/a/nf">Nadia Fettah</a>\n  <span>Senior Garden Writer</span></div>',
         ["Nadia Fettah"]),
        ('<div class="article-author"><span class="n">Omar Khaled</span><span class="r">Founder at Kiln Co</span>'
         "</div>", ["Omar Khaled"]),
        # a lead-in or a label alone on its line
        ('<div class="author"><div><b>Written By:</b></div><a href="/a/si">Salma Idris</a>'
         "<div>Last Updated:</div><div>August 1, 2025</div></div>", ["Salma Idris"]),
        ('<div class="post-author"><div class="caption">Author</div><div>Maya Byrne</div></div>', ["Maya Byrne"]),
        # the line that starts with "by" names the author, not a kicker before it
        ('<div class="author"><span>Review</span><p>by Tarek Ali</p><p>Former Editor</p></div>', ["Tarek Ali"]),
        ('<p class="author"><span>Post</span> by <a><b>dunefox42</b></a> » 11. Sep 2024, 18:36</p>', ["dunefox42"]),
        # names joined by text stay together
        ('<div class="byline">By <a>Nadia Fettah</a> and <a>Omar Khaled</a></div>',
         ["Nadia Fettah and Omar Khaled"]),
        ('<div class="list-authors"><a>Nadia Fettah</a>, <a>Omar Khaled</a></div>', ["Nadia Fettah, Omar Khaled"]),
        # a byline element holding only a date names nobody
        ('<div class="byline">Sat, 20 Dec, 2025 - 06:36</div>', []),
        ('<span class="author">Martin Roe</span>', ["Martin Roe"]),  # "Mar" is no date here
    ],
)
def test_byline_element_read_line_by_line(markup: str, expected: list[str]) -> None:
    from articles.parsing.htmlmeta import byline_authors
    from lxml import html

    page = html.fromstring(f"<html><body>{markup}<p>Text.</p></body></html>")
    assert byline_authors(page) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Ten ways to dry herbs", "By Nadia Fettah"], ["Nadia Fettah"]),
        (["April 3, 2025 · 4 min read · By Omar Khaled"], ["Omar Khaled"]),
        (["by: Salma Idris, Apr 3, 2025"], ["Salma Idris"]),
        (["Written by:Maya Byrne"], ["Maya Byrne"]),
        (["by dunefox42 · Apr 3, 2025 at 3:00 am · 2 comments"], ["dunefox42"]),
        (["Started by Tarek Ali, June 04, 2024, 11:23:55 AM"], ["Tarek Ali"]),
        (["Photo by Lina Saad"], []),  # a photographer, not the author
        (["Reviewed by Dr. Lina Saad"], []),
        (['By clicking "Join" you accept our terms'], []),
        (["Nadia Fettah writes about gardens and is happy to say so by email"], []),  # "by" inside prose
        (["Tue, 4 Mar 2025"], []),
    ],
)
def test_header_byline(lines: list[str], expected: list[str]) -> None:
    from articles.parsing.htmlmeta import header_byline

    assert header_byline(lines) == expected


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("Nadia Fettah Former Garden Columnist", ["Nadia Fettah"]),
        ("Omar Khaled Tech Reporter", ["Omar Khaled"]),
        ("Salma Idris Head Editor, Co-Founder", ["Salma Idris"]),
        ("Maya Byrne Senior Autos Reporter", ["Maya Byrne"]),
        ("Marna van der Berg", ["Marna van der Berg"]),
        ("Luxury Travel Expert", ["Luxury Travel Expert"]),  # a role alone is left as it is
        ("By Marketing Team", ["Marketing Team"]),
    ],
)
def test_trailing_job_title_is_dropped(byline: str, names: list[str]) -> None:
    assert split_byline(byline) == names


def test_a_header_byline_ending_in_on_and_a_date() -> None:
    from articles.parsing.htmlmeta import header_byline

    assert header_byline(["by Jane Doe on Jan 22, 2025"]) == ["Jane Doe"]
    assert header_byline(["By Jane Doe on 22/01/2025"]) == ["Jane Doe"]
