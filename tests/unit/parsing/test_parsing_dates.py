"""Dates as news pages print them, normalised to ISO 8601."""

from __future__ import annotations

import datetime as dt

import pytest
from articles.parsing.dates import date_from_url, find_date, is_date_only, normalise_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Monday , 4 December 2023", "2023-12-04"),
        ("Updated 14:32 GMT, 5 March 2024", "2024-03-05T14:32:00+00:00"),
        ("Published: 2024-03-05", "2024-03-05"),
        ("Dec. 4, 2023 at 3:15 pm", "2023-12-04T15:15:00"),
        ("4th of December 2023", "2023-12-04"),
        ("04/12/2023", "2023-12-04"),
        ("12/31/2023", "2023-12-31"),
        ("2023/12/04", "2023-12-04"),
        ("الثلاثاء ٥ مارس ٢٠٢٤", "2024-03-05"),
        ("السبت 2 آذار 2024", "2024-03-02"),
        ("mardi 5 mars 2024", "2024-03-05"),
        # Arabic pages print the half of the day after the time: م / مساءً (pm), ص / صباحًا (am)
        ("الثلاثاء 3 ديسمبر 2024 - 02:20 م", "2024-12-03T14:20:00"),
        ("3 ديسمبر 2024 08:15 مساءً", "2024-12-03T20:15:00"),
        ("3 ديسمبر 2024 12:05 ص", "2024-12-03T00:05:00"),
        ("3 ديسمبر 2024 10:30 من القاهرة", "2024-12-03T10:30:00"),  # "من" (from) is no "م"
    ],
)
def test_find_date(text: str, iso: str) -> None:
    hit = find_date(text)
    assert hit is not None
    assert hit.iso == iso


@pytest.mark.parametrize("text", ["31 February 2024", "2 of 3", "March 2024", "99/99/2024", "1,200 words"])
def test_no_date(text: str) -> None:
    assert find_date(text) is None


def test_year_is_inferred_only_with_a_reference_date() -> None:
    assert find_date("TRIPOLI, March 3 (AP)") is None
    hit = find_date("TRIPOLI, March 3 (AP)", ref=dt.date(2024, 3, 5))
    assert hit is not None and (hit.iso, hit.has_year) == ("2024-03-03", False)
    hit = find_date("TRIPOLI, Dec. 30", ref=dt.date(2024, 1, 2))
    assert hit is not None and hit.iso == "2023-12-30"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Monday , 4 December 2023", True),
        ("Tue 5 Mar 2024 14.32 GMT", True),
        ("December 4, 2023 | 10:15 am", True),
        ("The talks ended on 4 December 2023.", False),
        ("Published: 2024-03-05", False),
        ("March 3", False),
    ],
)
def test_is_date_only(text: str, expected: bool) -> None:
    assert is_date_only(text) is expected


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2023-12-04T10:00:00+02:00", "2023-12-04T10:00:00+02:00"),
        ("2023-12-04T10:00:00.123Z", "2023-12-04T10:00:00+00:00"),
        ("2023-12-04", "2023-12-04"),
        ("Mon, 04 Dec 2023 10:00:00 GMT", "2023-12-04T10:00:00+00:00"),
        (1701684000, "2023-12-04T10:00:00+00:00"),
        (1701684000000, "2023-12-04T10:00:00+00:00"),
        ("1701684000", "2023-12-04T10:00:00+00:00"),
        ("4 December 2023", "2023-12-04"),
        ("", None),
        (None, None),
        (True, None),
        ("soon", None),
        ("2023-13-45", None),
    ],
)
def test_normalise_date(value: object, iso: str | None) -> None:
    assert normalise_date(value) == iso


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("https://x.example/2024/03/05/talks", "2024-03-05"),
        ("https://x.example/news/2024-03-05-talks", "2024-03-05"),
        ("https://x.example/news/talks_20240305.html", "2024-03-05"),
        ("https://x.example/news/article-123456", None),
        (None, None),
    ],
)
def test_date_from_url(url: str | None, iso: str | None) -> None:
    assert date_from_url(url) == iso


@pytest.mark.parametrize(
    ("line", "published", "updated"),
    [
        # a stamp of separated parts, one of them a date alone
        ("Nadia Fettah | Garden Columnist | July 2, 2025", ["2025-07-02"], []),
        ("Dec 26, 2025 • Omar Khaled in Weekend Trips", ["2025-12-26"], []),
        # a first date followed by an "Updated" one: the first is the publication
        ("August 16, 2019 - Updated July 9, 2025", ["2019-08-16"], ["2025-07-09"]),
        # an "Updated" stamp alone never becomes the publication
        ("Updated on July 9, 2025", [], ["2025-07-09"]),
        ("By Salma Idris ⋅ Review Editor ⋅ Updated November 18, 2025", [], ["2025-11-18"]),
        # a stamp of a dozen words without sentence punctuation; a sentence of as many is none
        ("Ryan Stone 02 Feb 2026 Product Reviews 7 Comments", ["2026-02-02"], []),
        ("On 02 Feb 2026 the council met, and the mayor spoke at length", [], []),
        # a long sentence that holds a date is no stamp
        ("In a talk given in the old town hall on a cold evening of March 3, 2025 the mayor said several"
         " things about the bridge, the river and the market square", [], []),
    ],
)
def test_header_stamp_dates(line: str, published: list[str], updated: list[str]) -> None:
    from articles.parsing.pubdate import text_dates

    assert text_dates([line]) == (published, updated)


@pytest.mark.parametrize(
    ("lines", "published", "updated"),
    [
        # a label printed on its own line labels the date on the next one
        (["Written by:", "Rania Haddad", "Last Updated:", "August 1, 2025"], [], ["2025-08-01"]),
        (["Last updated", "Aug 04, 2025"], [], ["2025-08-04"]),
        (["Published on", "Aug 04, 2025"], ["2025-08-04"], []),
        # a label two lines up labels nothing
        (["Last updated:", "Ines Farah", "Aug 04, 2025"], ["2025-08-04"], []),
        # a line ending in ":" introduces what follows: no stamp
        (["Effective beginning 6/2/2025:"], [], []),
        (["Published:", "6/2/2025"], ["2025-02-06"], []),
        # a member's join date is no publication date
        (["Thread starter Omar", "Joined", "Nov 4, 2011"], [], []),
        (["Member since March 3, 2019"], [], []),
        # a shared page's "Last active" is when it last changed
        (["Last active December 20, 2025 13:58"], [], ["2025-12-20T13:58:00"]),
    ],
)
def test_header_stamp_labels_on_their_own_line(lines: list[str], published: list[str], updated: list[str]) -> None:
    from articles.parsing.pubdate import text_dates

    assert text_dates(lines) == (published, updated)
