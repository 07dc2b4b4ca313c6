"""Data shapes shared by every stage: what parsing returns, what tagging and linking add,
what travels on the bus and what the API answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EntityType = Literal["PER", "ORG", "LOC", "MISC"]
PublishedSource = Literal["meta", "json-ld", "json", "dateline", "page-header", "url", "none"]
StageName = Literal["parse", "tag", "related"]
StageState = Literal["pending", "ok", "failed", "skipped"]
ArticleStatus = Literal["ok", "failed", "skipped", "processing"]


class SiteLink(BaseModel):
    """A link the site itself suggests ("Read more", "Check Also", "Related")."""

    title: str
    teaser: str = ""
    url: str | None = None


class ArticleFacts(BaseModel):
    """What parsing learns about an article besides its text: the one definition of these
    fields. :class:`ParsedArticle` (parsing's result, stored) and the API's ``ArticleView``
    (and through it the CLI's output) derive from it."""

    title: str | None = None
    published: str | None = None
    # ``published`` in UTC (``...Z``; a bare date stays a date): what listings order by
    published_utc: str | None = None
    # the "Updated" / dateModified stamp, never used as ``published``
    updated: str | None = None
    page_date: str | None = None
    author: list[str] = Field(default_factory=list)
    section: str | None = None
    language: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site_related: list[SiteLink] = Field(default_factory=list)


class ParsedArticle(ArticleFacts):
    """One article as parsing returns it (pure content, no storage ids)."""

    model_config = ConfigDict(extra="forbid")

    body: str
    published_source: PublishedSource = "none"
    word_count: int = 0
    content_hash: str = ""
    format: Literal["text", "html", "json"] = "text"


class Mention(BaseModel):
    start: int
    end: int
    text: str


class Role(BaseModel):
    title: str
    rank: str | None = None
    nationality: str | None = None
    organisation: str | None = None
    date: str | None = None


class Entity(BaseModel):
    """A canonical entity as found in one article."""

    id: str
    name: str
    type: EntityType
    aliases: list[str] = Field(default_factory=list)
    mentions: list[Mention] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    salience: float = 0.0


class RelatedLink(BaseModel):
    id: str
    title: str | None = None
    score: float
    reasons: list[str] = Field(default_factory=list)
    near_duplicate: bool = False


class StageStatus(BaseModel):
    state: StageState = "pending"
    at: str | None = None
    error: str | None = None
    note: str | None = None  # something a user should know about a stage that succeeded


class ArticleParsed(BaseModel):
    """The bus message: references only, never the body (SNS caps messages at 256 KiB)."""

    article_id: str
    parsed_bucket: str
    parsed_key: str
    source_bucket: str
    source_key: str
    content_hash: str
    published: str | None = None
    version: str = ""


class ArticleRemoved(BaseModel):
    """The bus message sent when an article's source object is deleted or replaced."""

    article_id: str
