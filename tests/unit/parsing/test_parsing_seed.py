"""The real-input seed must come out exactly right."""

from __future__ import annotations

from pathlib import Path

import pytest
from articles.models import SiteLink
from articles.parsing import parse_document

pytestmark = pytest.mark.seed

SEED_PARAGRAPHS = [
    "Libyan Chief of Staff Major-General Abdul Razzaq Al-Nazhuri met with Egyptian Chief of "
    "Staff Lieutenant General Mahmoud Hegazy on Wednesday to discuss cooperation between the "
    "two countries’ militaries in order to achieve stability in Libya. The meeting was one in a"
    " series of meetings that took place in Cairo this week between ministers from Libya and "
    "its neighboring countries.",
    "On Tuesday, Libyan Foreign Minister Mohamed Abdulaziz and the President of Libyan House of"
    " Representatives (HoR) Ageela Saleh along with Nazhuri met with Egyptian Foreign Minister "
    "Sameh Shoukry and Egyptian President Abdel-Fateh Al-Sisi, During the meeting Sisi offered "
    "to train Libyan police and army units inside Egypt and promised to treat wounded Libyan "
    "soldiers in Egyptian military hospitals at Egypt’s expense.",
    "Sisi had already indicated he planned to submit plans on Libya to the UN Security Council "
    "today in order to bring about stability in the country. They flow from meeting between "
    "Libya’s Abdelaziz and ministers from neighbouring countries hosted by Shoukri.",
    "One of the major points of the proposals is that all militias and armed groups permanently"
    " disarm and that the army, police and legitimate democratic institutions in Libya, "
    "including the HoR, be supported. They also call for the close monitoring of arms moving in"
    " and out of the country with shipments to be authorised only by the government and the UN "
    "Secuirty Council’s Sanctions Committee.",
    "Acording to Nazhuri, those who are willing to hand over their weapons will be invited to "
    "participate in national dialogue.",
    "“We will talk with those who wish to hand over weapons, while terrorist groups that insist"
    " on the use of violence will be crushed, and we are capable of doing so,” he stated.",
]


def test_seed_parses_exactly(seed_file: Path) -> None:
    articles = parse_document(seed_file.read_bytes(), filename=seed_file.name)

    assert len(articles) == 1
    article = articles[0]
    assert article.title == "Libyan and Egyptian chiefs of staff discuss military cooperation"
    assert article.published == "2023-12-04"
    assert article.published_source == "page-header"
    assert article.page_date == "2023-12-04"
    assert article.section == "Normal"
    assert article.body.split("\n\n") == SEED_PARAGRAPHS
    assert article.site_related == [
        SiteLink(
            title="Parallel government to hold international conference on rebuilding Derna this week",
            teaser="The government appointed by the House of Representatives (HoR) in eastern Libya "
            "announced the holding …",
        )
    ]
    assert article.language == "en"
    assert article.author == []
    assert article.format == "text"


def test_seed_body_has_no_page_furniture(seed_file: Path) -> None:
    body = parse_document(seed_file.read_bytes(), filename=seed_file.name)[0].body

    for furniture in ("Home /", "Read more", "Check Also", "Derna", "Monday"):
        assert furniture not in body
    assert body.count("Libyan and Egyptian chiefs of staff") == 0
    assert "\u00a0" not in body


def test_seed_keeps_the_source_words_in_order(seed_file: Path) -> None:
    """Whitespace is normalised (the page has U+00A0 between words) but no word is lost."""
    raw = seed_file.read_text(encoding="utf-8")
    start = raw.index("Libyan Chief of Staff")
    end = raw.index("he stated.") + len("he stated.")
    body = parse_document(seed_file.read_bytes(), filename=seed_file.name)[0].body

    assert body.split() == raw[start:end].split()
