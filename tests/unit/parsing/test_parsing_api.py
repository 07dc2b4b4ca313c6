"""The public API: signature, derived fields and robustness against arbitrary bytes."""

from __future__ import annotations

import inspect

from articles.errors import PermanentError
from articles.parsing import parse_document
from articles.parsing.clean import content_hash, word_count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PAGE = (
    "Desalination plant opens in Benghazi\n\n"
    "A desalination plant that will supply drinking water to 200,000 residents opened on Sunday.\n"
)


def test_signature_is_keyword_only_after_data() -> None:
    parameters = inspect.signature(parse_document).parameters
    assert list(parameters) == ["data", "filename", "url", "content_type"]
    assert all(parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
               for name in ("filename", "url", "content_type"))


def test_url_is_recorded_and_fields_are_derived() -> None:
    [article] = parse_document(PAGE.encode(), filename="a.txt", url="https://water.example/2024/05/12/plant")

    assert article.url == "https://water.example/2024/05/12/plant"
    assert (article.published, article.published_source) == ("2024-05-12", "url")
    assert article.word_count == word_count(article.body) == 14
    assert article.content_hash == content_hash(article.body)
    assert len(article.content_hash) == 64


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    a = content_hash("“Water,” he said —  at   last.\n\nNext paragraph")
    b = content_hash('"water" he said - at last next paragraph')
    assert a == b
    assert a != content_hash("water he said at last next paragraphs")


def test_content_type_and_extension_are_hints_for_ambiguous_content() -> None:
    sentence = ("Running water returned to most of Derna on Friday, more than a year after the two dams "
                "burst above the city.")
    data = f"Water returns to Derna\n\n<p>{sentence}</p>\n".encode()

    [as_text] = parse_document(data, filename="upload")
    [as_html] = parse_document(data, filename="upload", content_type="text/html; charset=utf-8")
    [by_extension] = parse_document(data, filename="upload.html")

    assert as_text.format == "text"
    assert as_html.format == by_extension.format == "html"
    # read as HTML, the bare fragment's loose first line is its headline (as in a text article),
    # not page furniture to drop
    assert as_html.title == by_extension.title == as_text.title == "Water returns to Derna"
    assert as_html.body == sentence
    assert as_text.body == f"<p>{sentence}</p>"


def test_a_page_keeps_its_own_title_rules_and_a_fragment_without_loose_headline_has_none() -> None:
    sentence = ("Running water returned to most of Derna on Friday, more than a year after the two dams "
                "burst above the city, the municipality said.")
    page = f"<html><body>Water returns to Derna\n\n<p>{sentence}</p></body></html>".encode()
    fragment = f"<p>{sentence}</p>".encode()

    [as_page] = parse_document(page, filename="page.html")
    [as_fragment] = parse_document(fragment, filename="fragment.html")

    # a whole page's loose text is not promoted to a headline (its <title>/<h1> would name it)
    assert as_page.title is None
    assert as_fragment.title is None
    assert as_page.body == as_fragment.body == sentence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        articles = parse_document(data, filename="upload.bin")
    except PermanentError as error:
        assert error.reason
    else:
        assert articles and all(a.body for a in articles)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600), st.sampled_from(["x.txt", "x.html", "x.json", "x"]))
def test_arbitrary_text_never_crashes(text: str, filename: str) -> None:
    try:
        articles = parse_document(text.encode("utf-8", "surrogatepass"), filename=filename)
    except PermanentError as error:
        assert error.reason
    else:
        assert articles and all(a.body.strip() for a in articles)
