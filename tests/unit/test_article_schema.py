"""One article schema: what parsing stores (ParsedArticle) and what the API and the CLI show
(ArticleView, `articles demo --json`) derive from articles.models.ArticleFacts."""

from __future__ import annotations

from articles.api_models import ArticleView
from articles.models import ArticleFacts, ParsedArticle


def test_every_parsed_field_is_an_api_field() -> None:
    # a field parsing starts to store is documented in the API's schema, or this fails
    assert set(ParsedArticle.model_fields) <= set(ArticleView.model_fields)


def test_shared_facts_are_defined_once() -> None:
    for name, field in ArticleFacts.model_fields.items():
        assert ParsedArticle.model_fields[name].annotation == field.annotation, name
        assert ArticleView.model_fields[name].annotation == field.annotation, name


def test_a_parsed_article_reads_back_as_the_api_view() -> None:
    parsed = ParsedArticle(title="T", body="B", author=["A"], site_related=[{"title": "x"}], language="ar")
    view = ArticleView.model_validate({**parsed.model_dump(), "id": "a_1", "status": "ok",
                                       "entities": [], "quotes": [], "related": []})
    assert {k: getattr(view, k) for k in ParsedArticle.model_fields} == dict(parsed)
