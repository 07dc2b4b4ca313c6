"""Direct quotations and their speakers (no spaCy: entities from marked-up spans)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from articles.entities.link import build_entities
from articles.entities.quotes import Quote, find_quotes
from articles.entities.rules import Analysis
from articles.models import Entity

AnalysisOf = Callable[..., Analysis]


def quotes_of(analysis_of: AnalysisOf, markup: str, **kwargs: bool) -> tuple[str, list[Entity], list[Quote]]:
    analysis = analysis_of(markup)
    entities = build_entities(analysis)
    return analysis.text, entities, find_quotes(analysis.text, entities, **kwargs)


def speakers(quotes: list[Quote]) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker_name) for q in quotes]


# Written for these tests: the seed article's shapes with other people.
OWN_TEXT = (
    "[Jordanian](MISC) Foreign Minister [Ayman Al-Safadi](PER) met [Iraqi](MISC) Chief of Staff "
    "Lieutenant General [Abdul Amir Yarallah](PER) in [Amman](LOC) on Sunday .\n\n"
    "Acording to [Yaralla](PER) , the border will reopen in spring .\n\n"
    "“We will open the crossings to trade, and we will guard them together,” he stated .\n\n"
    "“The border is safe for traders and travellers,” said Foreign Minister [Ayman Al-Safadi](PER) .\n\n"
    "[Safadi](PER) said : “Jordan will not accept smuggling across its territory.”\n\n"
    "“This is a turning point for both of our countries”, [Yarallah](PER) told reporters .\n\n"
    "Officials called the plan a “turning point” .\n\n"
    "“Nobody asked the farmers along the border what they think,” a local official said ."
)


@pytest.fixture
def own(analysis_of: AnalysisOf) -> tuple[str, list[Entity], list[Quote]]:
    return quotes_of(analysis_of, OWN_TEXT)


def test_speakers_on_own_text(own: tuple[str, list[Entity], list[Quote]]) -> None:
    _, _, quotes = own
    assert speakers(quotes) == [
        (
            "We will open the crossings to trade, and we will guard them together",
            "Abdul Amir Yarallah",
        ),
        ("The border is safe for traders and travellers", "Ayman Al-Safadi"),
        ("Jordan will not accept smuggling across its territory.", "Ayman Al-Safadi"),
        ("This is a turning point for both of our countries", "Abdul Amir Yarallah"),
    ]


def test_quote_offsets_and_ids(own: tuple[str, list[Entity], list[Quote]]) -> None:
    text, entities, quotes = own
    ids = {e.name: e.id for e in entities}
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert not q.text.endswith(",")
        assert q.speaker_name is not None and q.speaker_id == ids[q.speaker_name]


def test_scare_quotes_and_unknown_speakers_are_left_out(own: tuple[str, list[Entity], list[Quote]]) -> None:
    _, _, quotes = own
    assert all(q.text != "turning point" for q in quotes)
    assert all("farmers" not in q.text for q in quotes)


def test_unattributed_quotes_on_request(analysis_of: AnalysisOf) -> None:
    _, _, quotes = quotes_of(analysis_of, OWN_TEXT, attributed_only=False)
    unattributed = [q.text for q in quotes if q.speaker_id is None]
    assert unattributed == ["Nobody asked the farmers along the border what they think"]


@pytest.mark.parametrize(
    ("markup", "speaker"),
    [
        ("“We are ready to talk to everyone,” said [Sameh Shoukry](PER) .", "Sameh Shoukry"),
        ("“We are ready to talk to everyone,” [Sameh Shoukry](PER) said .", "Sameh Shoukry"),
        ('"We are ready to talk to everyone," [Sameh Shoukry](PER) added .', "Sameh Shoukry"),
        ("[Sameh Shoukry](PER) said : “We are ready to talk to everyone.”", "Sameh Shoukry"),
        ("[Sameh Shoukry](PER) told reporters , “We are ready to talk to everyone.”", "Sameh Shoukry"),
        ("According to [Sameh Shoukry](PER) , “we are ready to talk to everyone.”", "Sameh Shoukry"),
        (
            "“We are ready to talk to everyone”, the [Egyptian](MISC) minister [Sameh Shoukry](PER) told reporters .",
            "Sameh Shoukry",
        ),
        # the subject of the last attribution, not the last person named
        (
            "[Sameh Shoukry](PER) said he had met [Ageela Saleh](PER) in [Cairo](LOC) .\n\n"
            "“We are ready to talk to everyone,” he added .",
            "Sameh Shoukry",
        ),
        # a quotation that goes on in the next paragraph keeps its speaker
        (
            "“We are ready to talk to everyone,” said [Sameh Shoukry](PER) .\n\n"
            "“And we will keep talking until the fighting ends.”",
            "Sameh Shoukry",
        ),
    ],
)
def test_attribution_shapes(analysis_of: AnalysisOf, markup: str, speaker: str) -> None:
    _, _, quotes = quotes_of(analysis_of, markup)
    assert quotes and all(q.speaker_name == speaker for q in quotes)


@pytest.mark.parametrize(
    "markup",
    [
        "“We are ready to talk to everyone,” a spokesman said .",
        "“We are ready to talk to everyone,” the ministry said in a statement .",
        "[Sameh Shoukry](PER) arrived . Later , “we are ready to talk to everyone” was painted on a wall .",
        "“We are ready to talk to everyone.”",
        "[Sameh Shoukry](PER) said : “unclosed quotation marks are not a quotation",
    ],
)
def test_no_speaker_no_quote(analysis_of: AnalysisOf, markup: str) -> None:
    _, _, quotes = quotes_of(analysis_of, markup)
    assert quotes == []


def test_no_entities_no_quotes() -> None:
    assert find_quotes("“We are ready to talk to everyone,” he said.", []) == []
    assert find_quotes("", []) == []
