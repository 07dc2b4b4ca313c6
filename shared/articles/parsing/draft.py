"""The fields a format parser fills, and the last step every format shares: language,
word count and content hash, giving a ParsedArticle."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from articles.clock import to_utc
from articles.models import ParsedArticle, PublishedSource, SiteLink
from articles.parsing.authors import clean_authors
from articles.parsing.clean import clean_line, content_hash, join_paragraphs, word_count
from articles.parsing.dates import date_from_url
from articles.parsing.language import detect_language

FormatName = Literal["text", "html", "json"]


@dataclass
class Draft:
    """An article while it is being parsed; ``paragraphs`` become the body."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    published: str | None = None
    published_source: PublishedSource = "none"
    page_date: str | None = None
    updated: str | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    language_tag: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site_related: list[SiteLink] = field(default_factory=list)

    def set_published(self, value: str | None, source: PublishedSource) -> bool:
        """Record ``value`` unless a date is already known; True when it was recorded."""
        if value and self.published is None:
            self.published, self.published_source = value, source
            return True
        return False


def finish(draft: Draft, fmt: FormatName) -> ParsedArticle:
    """The ParsedArticle for a draft whose body is non-empty."""
    body = join_paragraphs(draft.paragraphs)
    title = clean_line(draft.title) if draft.title else None
    if not draft.published:
        draft.set_published(date_from_url(draft.canonical_url or draft.url), "url")
    return ParsedArticle(
        title=title or None,
        body=body,
        published=draft.published,
        published_source=draft.published_source if draft.published else "none",
        published_utc=to_utc(draft.published),
        updated=draft.updated if draft.updated != draft.published else None,
        page_date=draft.page_date,
        author=clean_authors(draft.authors),
        section=clean_line(draft.section) if draft.section else None,
        language=detect_language(body, draft.language_tag, title),
        url=draft.url,
        canonical_url=draft.canonical_url,
        site_related=draft.site_related,
        word_count=word_count(body),
        content_hash=content_hash(body),
        format=fmt,
    )
