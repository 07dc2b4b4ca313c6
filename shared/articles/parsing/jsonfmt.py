"""JSON articles: one object, an array, JSON Lines, a NewsAPI-style envelope
(``{"articles": [...]}``) or schema.org JSON-LD (``@type: NewsArticle``, ``@graph``).

Field names are matched case-insensitively from the usual vocabularies (``title``/
``headline``, ``body``/``text``/``content``/``articleBody``, ``date``/``publishedAt``/
``datePublished`` ...). A field of the wrong type (a number where text belongs) makes that
item invalid; items that are not articles are skipped when at least one item is valid."""

from __future__ import annotations

import re
from typing import Any

from articles.errors import NoArticleContent, PermanentError, UnsupportedFormat
from articles.models import PublishedSource
from articles.parsing.dates import normalise_date
from articles.parsing.draft import Draft
from articles.parsing.htmltext import html_paragraphs, looks_like_html, strip_tags

_TITLE_KEYS = ("title", "headline", "heading", "webtitle", "name")
_BODY_KEYS = ("body", "text", "content", "articlebody", "article_body", "article", "story", "full_text",
              "fulltext", "maintext", "bodytext", "body_text", "main_content", "html")
_SUMMARY_KEYS = ("description", "summary", "abstract", "excerpt", "lead", "standfirst")
_DATE_KEYS = ("datepublished", "published", "publishedat", "published_at", "publish_date", "publishdate",
              "publication_date", "pubdate", "date", "webpublicationdate", "datecreated", "created_at",
              "createdat", "created", "timestamp", "time", "date_publish")
_AUTHOR_KEYS = ("author", "authors", "byline", "creator", "dc:creator", "writer", "by")
_SECTION_KEYS = ("section", "articlesection", "sectionname", "section_name", "category", "categories", "desk")
_LANG_KEYS = ("language", "lang", "inlanguage", "locale")
_URL_KEYS = ("url", "canonical_url", "canonical", "link", "weburl", "mainentityofpage")
_LIST_KEYS = ("articles", "items", "results", "data", "posts", "entries", "stories", "news", "docs", "@graph",
              "itemlistelement")
_NEWSAPI_TAIL = re.compile(r"\s*(?:…|\.\.\.)?\s*\[\+\d+\s+chars\]\s*$")
_ARTICLE_TYPES = re.compile(r"article|blogposting|report|posting|newsarticle", re.IGNORECASE)


def _lower_keys(item: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in item.items()}


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "null" if value is None else type(value).__name__


def _items(values: list[Any]) -> list[Any]:
    """Flatten arrays and envelopes into the candidate article items, in order."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, list):
            out.extend(_items(value))
        elif isinstance(value, dict):
            out.extend(_envelope(value))
        else:
            out.append(value)
    return out


def _envelope(item: dict[str, Any]) -> list[Any]:
    keys = _lower_keys(item)
    if any(k in keys for k in (*_BODY_KEYS, *_SUMMARY_KEYS)) and not isinstance(keys.get("articles"), list):
        return [item]
    for key in _LIST_KEYS:
        inner = keys.get(key)
        if isinstance(inner, list) and any(isinstance(x, dict) for x in inner):
            return _items(inner)
        if isinstance(inner, dict) and key in ("data", "article", "item", "result"):
            return _envelope(inner)
    for key in ("article", "item", "result", "story", "document", "_source", "fields"):
        inner = keys.get(key)
        if isinstance(inner, dict):
            return _envelope(inner)
    return [item]


def _text_of(value: Any, field: str) -> str | None:
    """A text field: a string, a WordPress-style {"rendered": ...}, or a list of strings."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for key in ("rendered", "text", "value", "html", "#text", "@value"):
            if isinstance(value.get(key), str):
                return str(value[key])
    if isinstance(value, list) and value and all(isinstance(x, str) for x in value):
        return "\n\n".join(value)
    if isinstance(value, list) and value and all(isinstance(x, dict) for x in value):
        texts = [_text_of(x, field) for x in value]
        return "\n\n".join(t for t in texts if t) or None
    raise UnsupportedFormat(f"the JSON field {field!r} is {_type_name(value)}, expected text")


def _first(keys: dict[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    for name in names:
        if name in keys and keys[name] not in (None, "", [], {}):
            return name, keys[name]
    return None


def _paragraphs(text: str) -> list[str]:
    text = _NEWSAPI_TAIL.sub("", text)
    if looks_like_html(text):
        return html_paragraphs(text)
    parts = re.split(r"\n\s*\n", text) if "\n\n" in text.replace("\r\n", "\n") else text.splitlines()
    return [p for p in (" ".join(part.split()) for part in parts) if p]


def _body(keys: dict[str, Any]) -> list[str]:
    for names in (_BODY_KEYS, _SUMMARY_KEYS):
        found = _first(keys, names)
        if found is not None:
            text = _text_of(found[1], found[0])
            paragraphs = _paragraphs(text) if text else []
            if paragraphs:
                return paragraphs
    raise NoArticleContent("no article content: the JSON item has no body/text/content/articleBody field")


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name") or value.get("@name") or value.get("fullName") or value.get("display_name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _section(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("title")
    return strip_tags(value) if isinstance(value, str) and value.strip() else None


def _url(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("href")
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


def item_draft(item: Any, url: str | None = None) -> Draft:
    """The Draft for one JSON item. Raises UnsupportedFormat / NoArticleContent."""
    if not isinstance(item, dict):
        raise UnsupportedFormat(
            f"the JSON item is {_type_name(item)}, expected an object with article fields"
        )
    keys = _lower_keys(item)
    draft = Draft(paragraphs=_body(keys))
    title = _first(keys, _TITLE_KEYS)
    if title is not None:
        text = _text_of(title[1], title[0])
        draft.title = strip_tags(text) if text else None
    source: PublishedSource = "json-ld" if "@type" in keys or "@context" in keys else "json"
    date = _first(keys, _DATE_KEYS)
    if date is not None and not isinstance(date[1], dict | list):
        draft.set_published(normalise_date(date[1]), source)
    author = _first(keys, _AUTHOR_KEYS)
    draft.authors = [strip_tags(n) for n in _names(author[1])] if author else []
    section = _first(keys, _SECTION_KEYS)
    draft.section = _section(section[1]) if section else None
    lang = _first(keys, _LANG_KEYS)
    draft.language_tag = lang[1] if lang and isinstance(lang[1], str) else None
    link = _first(keys, _URL_KEYS)
    draft.canonical_url = _url(link[1]) if link else None
    draft.url = url or draft.canonical_url
    return draft


def _is_article_like(item: Any) -> bool:
    """Schema.org objects that are not articles (Organization, BreadcrumbList) are skipped."""
    if not isinstance(item, dict):
        return True
    kind = item.get("@type")
    names = kind if isinstance(kind, list) else [kind]
    return kind is None or any(isinstance(n, str) and _ARTICLE_TYPES.search(n) for n in names)


def parse_json_values(values: list[Any], *, url: str | None = None) -> list[Draft]:
    """Drafts for every valid article in the JSON values, in order."""
    items = _items(values)
    typed = [item for item in items if _is_article_like(item)]
    items = typed or items
    drafts: list[Draft] = []
    problems: list[PermanentError] = []
    for item in items:
        try:
            drafts.append(item_draft(item, url))
        except PermanentError as error:
            problems.append(error)
    if drafts:
        return drafts
    if len(items) == 1 and problems:
        raise problems[0]
    detail = f": {problems[0].reason}" if problems else ""
    raise NoArticleContent(f"no article content: none of the {len(items)} JSON items is an article{detail}")
