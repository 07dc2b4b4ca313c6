"""Title choice: the visible headline against the page's metadata titles."""

from __future__ import annotations

import pytest
from articles.parsing.htmlmeta import PageMeta
from articles.parsing.titles import choose_title, is_site_name, strip_site_name


def test_h1_that_is_the_first_segment_of_the_title_tag_wins_on_any_page() -> None:
    # a shop's category page: not an article, the <h1> is one word, the <title> adds a slogan
    page = PageMeta(title_tag="Kettles - Fast boiling for every kitchen | Homewares", h1=["Kettles"],
                    site_names=["shop.homewares.example"])
    assert choose_title(page, None) == "Kettles"


def test_h1_equal_to_a_later_segment_is_the_logo_not_the_headline() -> None:
    page = PageMeta(meta={"og:title": "Class timetable | Yoga Hub", "og:type": "website"},
                    title_tag="Class timetable | Yoga Hub", h1=["Yoga Hub"])
    # ... and the metadata title loses what follows its separator (the same logo)
    assert choose_title(page, None) == "Class timetable"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Tile Grout Cleaning - Same-Week Appointments", "Tile Grout Cleaning"),
        ("Walnut Desk Lamp | Free Returns", "Walnut Desk Lamp"),
        ("Why my sourdough sank / Baking Questions", "Why my sourdough sank"),
        ("Glossary - Terms", "Glossary - Terms"),  # a one-word first segment is a prefix
        ("Slow Roads – A Cyclist's Year", "Slow Roads – A Cyclist's Year"),  # dashes are punctuation
    ],
)
def test_metadata_title_loses_a_tagline_after_a_separator(title: str, expected: str) -> None:
    page = PageMeta(meta={"og:type": "website"}, title_tag=title, site_names=["example.org"])
    assert choose_title(page, None) == expected


def test_visible_h1_with_a_separator_is_kept_whole() -> None:
    page = PageMeta(title_tag="Field Notes - Spring Migration", h1=["Field Notes - Spring Migration"])
    assert choose_title(page, None) == "Field Notes - Spring Migration"


def test_h1_segment_is_kept_when_the_site_name_contains_its_words() -> None:
    # "gardening" (the host's first label) is inside the headline: the headline is not the site name
    page = PageMeta(title_tag="Gardening in a Dry Summer | Valley Extension Service",
                    h1=["Gardening in a Dry Summer"], site_names=["gardening.valley.example"])
    assert choose_title(page, None) == "Gardening in a Dry Summer"


@pytest.mark.parametrize(
    ("part", "sites", "expected"),
    [
        ("Desert Daily", ["news.desertdaily.co.uk"], True),  # registered name behind a subdomain
        ("Desertdaily", ["shop.desertdaily.com"], True),
        ("News", ["news.desertdaily.co.uk"], True),  # the first label still counts
        ("Oil output rises again", ["news.desertdaily.co.uk"], False),
    ],
)
def test_site_name_from_a_host_with_a_subdomain(part: str, sites: list[str], expected: bool) -> None:
    assert is_site_name(part, sites) is expected


def test_suffix_naming_the_registered_domain_is_stripped() -> None:
    assert strip_site_name("Spring sale | Desertdaily.com", ["promotions.desertdaily.com"]) == "Spring sale"


def test_h1_printed_on_several_lines_gives_way_to_the_metadata_title() -> None:
    page = PageMeta(meta={"og:title": "Harbour dredging resumes", "og:type": "article"},
                    h1=["March 3 2025\n\n  Harbour dredging resumes"])
    assert choose_title(page, None) == "Harbour dredging resumes"


def test_h1_that_names_the_site_is_its_logo() -> None:
    # a blog prints its own name in <h1>; the title tag is "Blog name: post title"
    page = PageMeta(meta={"og:title": "Notes on tide tables"}, title_tag="Quayside Notes Blog: Notes on tide tables",
                    h1=["Quayside Notes Blog"], site_names=["Quayside Notes Blog"])
    assert choose_title(page, None) == "Notes on tide tables"


def test_h1_with_a_newer_year_than_the_metadata_title_wins() -> None:
    # the page was updated; its metadata title still carries last year's number
    page = PageMeta(meta={"og:title": "Allotment rents in 2023 | Parish Council", "og:type": "website"},
                    title_tag="Allotment rents in 2023 | Parish Council", h1=["Allotment rents in 2024"],
                    site_names=["Parish Council"])
    assert choose_title(page, None) == "Allotment rents in 2024"


@pytest.mark.parametrize(
    ("title_tag", "h1"),
    [
        ("Quiet Bicycle Bells | Cycle Store", "Quiet Bicycle Bells, Tested on a Busy Commute"),
        ("How to glaze a clay pot without a kiln… | Pottery Corner",  # cut at a length limit
         "How to glaze a clay pot without a kiln and what to avoid"),
    ],
)
def test_h1_that_goes_on_where_the_metadata_title_stops_is_the_whole_headline(title_tag: str, h1: str) -> None:
    page = PageMeta(meta={"og:type": "website"}, title_tag=title_tag, h1=[h1], site_names=["example.org"])
    assert choose_title(page, None) == h1


def test_h1_that_adds_a_separated_tagline_does_not_complete_the_metadata_title() -> None:
    page = PageMeta(title_tag="Solar Lanterns | Garden Shop", h1=["Solar Lanterns - Free Shipping Over $50"],
                    site_names=["Garden Shop"])
    assert choose_title(page, None) == "Solar Lanterns"


def test_h1_equal_to_the_last_segment_of_the_title_names_the_book_not_the_page() -> None:
    # an online book prints its own name in <h1> on every chapter
    page = PageMeta(title_tag="Reading Tide Tables - The Small Boat Handbook", h1=["The Small Boat Handbook"],
                    site_names=["docs.sailing.example"])
    assert choose_title(page, None) == "Reading Tide Tables"


def test_h1_equal_to_a_middle_segment_is_still_the_page_heading() -> None:
    page = PageMeta(title_tag="Shop - Rain Jackets - Outdoor Co", h1=["Rain Jackets"], site_names=["Outdoor Co"])
    assert choose_title(page, None) == "Rain Jackets"


def test_forum_thread_title_loses_the_label_printed_before_it() -> None:
    # the label is a badge inside the <h1>, so its text runs into the thread title
    page = PageMeta(meta={"og:title": "Help - Which lathe for a small shop?"},
                    title_tag="Help - Which lathe for a small shop? | Metal Hobby Forum",
                    h1=["Help Which lathe for a small shop?"], site_names=["Metal Hobby Forum"])
    assert choose_title(page, None) == "Which lathe for a small shop?"


def test_h1_ending_with_the_site_name_loses_it() -> None:
    page = PageMeta(meta={"og:type": "article"},
                    title_tag="Winter Walks for Families and Their Dogs in 2024 – Hillwalker - Hillwalker",
                    h1=["Winter Walks for Families and Their Dogs in 2024 – Hillwalker"], site_names=["Hillwalker"])
    assert choose_title(page, None) == "Winter Walks for Families and Their Dogs in 2024"
