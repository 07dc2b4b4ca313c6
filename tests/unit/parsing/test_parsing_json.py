"""JSON inputs: single objects, arrays, JSON Lines, NewsAPI envelopes and schema.org JSON-LD."""

from __future__ import annotations

import json
from typing import Any

import pytest
from articles.errors import NoArticleContent, UnsupportedFormat
from articles.parsing import parse_document

BODY = "The two delegations met in Geneva on Monday.\n\nA second round is planned for April."


def parse(value: Any, filename: str = "article.json") -> list[Any]:
    return parse_document(json.dumps(value).encode(), filename=filename)


def test_plain_object() -> None:
    [article] = parse({"title": "Geneva talks", "body": BODY, "date": "2024-03-04",
                       "author": "By Jane Doe and Omar Khaled", "section": "World", "url": "https://x.example/a"})

    assert article.title == "Geneva talks"
    assert article.body.split("\n\n") == [
        "The two delegations met in Geneva on Monday.", "A second round is planned for April."]
    assert (article.published, article.published_source) == ("2024-03-04", "json")
    assert article.author == ["Jane Doe", "Omar Khaled"]
    assert article.section == "World"
    assert article.canonical_url == article.url == "https://x.example/a"
    assert article.format == "json"
    assert article.language == "en"


def test_schema_org_news_article_in_a_graph() -> None:
    document = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "name": "Desert Daily"},
        {"@type": "NewsArticle", "headline": "Oasis water project", "articleBody": BODY,
         "datePublished": "2024-03-04T08:00:00Z", "author": [{"@type": "Person", "name": "Salma Idris"}],
         "articleSection": ["Environment", "Africa"], "inLanguage": "en-GB",
         "mainEntityOfPage": {"@id": "https://desert.example/oasis"}},
    ]}
    [article] = parse(document)

    assert article.title == "Oasis water project"
    assert (article.published, article.published_source) == ("2024-03-04T08:00:00+00:00", "json-ld")
    assert article.author == ["Salma Idris"]
    assert article.section == "Environment"
    assert article.language == "en"
    assert article.canonical_url == "https://desert.example/oasis"


def test_newsapi_envelope_keeps_order_and_trims_the_truncation_marker() -> None:
    document = {"status": "ok", "totalResults": 2, "articles": [
        {"source": {"id": None, "name": "Gulf Wire"}, "author": "Omar Khaled", "title": "First",
         "description": "Short.", "content": "Oil prices rose on Tuesday after … [+2140 chars]",
         "publishedAt": "2024-03-05T10:00:00Z"},
        {"source": {"name": "Gulf Wire"}, "author": None, "title": "Second",
         "content": "Gold fell in early trade.", "publishedAt": "2024-03-06T09:30:00Z"},
    ]}
    first, second = parse(document)

    assert first.title == "First"
    assert first.body == "Oil prices rose on Tuesday after"
    assert first.author == ["Omar Khaled"]
    assert first.published == "2024-03-05T10:00:00+00:00"
    assert second.title == "Second"
    assert second.author == []


def test_json_lines_and_arrays_give_one_article_per_item() -> None:
    items = [{"headline": f"Story {i}", "text": f"Paragraph number {i}."} for i in range(3)]
    lines = "\n".join(json.dumps(item) for item in items)
    articles = parse_document(lines.encode(), filename="batch.jsonl")

    assert [a.title for a in articles] == ["Story 0", "Story 1", "Story 2"]
    assert [a.body for a in parse([{"title": "A", "text": "One."}, {"title": "B", "text": "Two."}])] == [
        "One.", "Two."]


def test_mixed_garbage_array_keeps_the_valid_items() -> None:
    articles = parse([42, "text", None, {"title": "No body"}, {"title": "Kept", "content": "Valid body."},
                      {"title": "Bad", "body": 3.5}])

    assert [a.title for a in articles] == ["Kept"]


def test_array_without_any_article_is_no_article_content() -> None:
    with pytest.raises(NoArticleContent, match="none of the 3 JSON items"):
        parse([1, {"title": "only a title"}, "x"])


def test_wrong_type_is_reported_with_the_field_name() -> None:
    with pytest.raises(UnsupportedFormat) as caught:
        parse({"title": "Numbers", "body": 12345})
    assert caught.value.reason == "the JSON field 'body' is a number, expected text"


def test_object_without_body_is_no_article_content() -> None:
    with pytest.raises(NoArticleContent):
        parse({"title": "Headline only", "date": "2024-01-01"})


def test_html_in_body_and_wordpress_rendered_fields() -> None:
    [article] = parse({"title": {"rendered": "Rates &amp; prices"},
                       "content": {"rendered": "<p>First <b>para</b>.</p><p>Second para.</p>"},
                       "date": 1709632800})

    assert article.title == "Rates & prices"
    assert article.body == "First para.\n\nSecond para."
    assert article.published == "2024-03-05T10:00:00+00:00"


def test_description_is_the_body_when_nothing_better_exists() -> None:
    [article] = parse({"title": "Brief", "description": "A short summary of the story."})
    assert article.body == "A short summary of the story."


def test_malformed_json_file_is_unsupported() -> None:
    with pytest.raises(UnsupportedFormat, match="malformed JSON"):
        parse_document(b'{"title": "broken", ', filename="broken.json")


def test_bracket_text_without_json_extension_is_a_text_page() -> None:
    data = b"[Updated] Ceasefire holds\n\nThe ceasefire held for a third day on Sunday, residents said.\n"
    [article] = parse_document(data, filename="page.txt")
    assert article.format == "text"
    assert article.body == "The ceasefire held for a third day on Sunday, residents said."


def test_paragraph_lists_and_author_objects() -> None:
    [article] = parse({"headline": "Budget passed", "body": ["First paragraph.", "Second paragraph."],
                       "authors": [{"name": "Rana Haddad"}, {"name": "Karim Nassar"}],
                       "publishedAt": "2024-06-30", "categories": ["Economy", "Lebanon"]})

    assert article.body == "First paragraph.\n\nSecond paragraph."
    assert article.author == ["Rana Haddad", "Karim Nassar"]
    assert article.section == "Economy"
    assert article.published == "2024-06-30"
