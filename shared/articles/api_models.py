"""The bodies the lookup API answers, as pydantic models: the routes are annotated with them so
the generated OpenAPI document (/openapi.json, docs/openapi.json) describes every response."""

from __future__ import annotations

from typing import Literal

from aws_lambda_powertools.event_handler.openapi.types import OpenAPIResponse
from pydantic import BaseModel, ConfigDict, Field

from articles.models import (
    ArticleFacts,
    ArticleStatus,
    EntityType,
    Mention,
    PublishedSource,
    RelatedLink,
    Role,
    StageName,
    StageStatus,
)


class Open(BaseModel):
    """Documents the fields we know and keeps any others (a new stored attribute is never
    silently dropped by the response serialisation); the schema says additionalProperties."""

    model_config = ConfigDict(extra="allow")


# ---------------------------------------------------------------- errors
class ErrorBody(BaseModel):
    """Every error the API raises on purpose (400, 404, 503…)."""

    error: str = Field(description="stable slug: bad_request, not_found, transient…", examples=["not_found"])
    message: str = Field(description="what went wrong, in a sentence a user understands")


class ValidationIssue(BaseModel):
    loc: list[str | int] = Field(description='where: ["query", "limit"], ["path", "article_id"]…')
    type: str = Field(description="pydantic error type: missing, string_too_long, greater_than_equal…")


class ValidationErrorBody(ErrorBody):
    """A request that does not match the declared parameters: the common error shape (the
    message names each parameter), and the machine-readable issues."""

    detail: list[ValidationIssue]


# ---------------------------------------------------------------- articles
class ArticleSummary(BaseModel):
    id: str
    title: str | None = None
    published: str | None = None
    section: str | None = None
    language: str | None = None
    status: ArticleStatus
    error: str | None = None
    key: str | None = None


class ArticlePage(BaseModel):
    items: list[ArticleSummary]
    next: str | None = Field(default=None, description="pass back as ?cursor= for the next page; null on the last")
    partial: bool = Field(default=False, description="true when the page holds fewer than `limit` items only because "
                          "the listing spent its bounded read budget (a filter matched rarely): more may follow "
                          "at `next`")


class ArticleEntity(BaseModel):
    id: str
    name: str
    type: EntityType
    aliases: list[str] | None = None
    mentions: list[Mention] | None = None
    roles: list[Role] | None = None
    salience: float | None = None


class Quote(BaseModel):
    text: str
    start: int
    end: int
    speaker_id: str | None = None
    speaker_name: str | None = None


class ArticleView(Open, ArticleFacts):
    """One article: what parsing found (title, dates, authors, section, language, links),
    its processing state, entities, quotes and related links. word_count, content_hash and
    format are null when parsing failed."""

    # the parsed fields are ArticleFacts (articles/models.py), the schema parsing stores

    id: str
    key: str | None = None
    status: ArticleStatus
    error: str | None = None
    stages: dict[StageName, StageStatus] = Field(default_factory=dict)
    created_at: str | None = None
    updated_at: str | None = None
    source_modified: str | None = None
    published_source: PublishedSource | None = None
    word_count: int | None = None
    content_hash: str | None = None
    format: Literal["text", "html", "json"] | None = None
    entities: list[ArticleEntity]
    quotes: list[Quote]
    related: list[RelatedLink]
    body: str | None = Field(default=None, description="the parsed text; null when parsing failed")


class LinkPolicy(BaseModel):
    """What a related link needs (the values in force)."""

    min_score: float = Field(description="lowest cosine similarity reported")
    symmetric_min_score: float = Field(description="lowest score for which a new article also enters the "
                                                   "older article's list")
    near_duplicate: float = Field(description="shingle similarity from which two articles are near-duplicates "
                                              "(linked whatever their evidence)")
    evidence: str = Field(description="the evidence a link needs besides its score")


class RelatedList(BaseModel):
    id: str
    related: list[RelatedLink]
    policy: LinkPolicy | None = None


class SearchHit(BaseModel):
    id: str
    title: str | None = None
    score: float
    reasons: list[str]


class SearchResult(BaseModel):
    q: str
    items: list[SearchHit]


# ---------------------------------------------------------------- entities
class EntitySummary(BaseModel):
    id: str
    name: str = Field(description="the spelling used most often")
    type: EntityType
    aliases: list[str]
    article_count: int = Field(description="articles that name it (counted from its links when asked)")
    article_count_exact: bool = Field(
        default=True,
        description="false when the entity has more articles than one lookup counts (about 2,000 "
                    "in a search, 20,000 for one entity): article_count is then a lower bound",
    )
    names: dict[str, list[str]] = Field(
        default_factory=dict,
        description='its names by script: {"latin": [...], "arabic": [...]} (one entity across scripts)',
    )


class EntityList(BaseModel):
    items: list[EntitySummary]


class RolePeriod(BaseModel):
    """One role as articles reported it: the first and last day they did, and how many did."""

    title: str
    rank: str | None = None
    nationality: str | None = None
    organisation: str | None = None
    first_seen: str = Field(description="YYYY-MM-DD")
    last_seen: str = Field(description="YYYY-MM-DD")
    articles: int
    latest_article_id: str


class EntityView(EntitySummary):
    first_seen: str | None = Field(description="day (YYYY-MM-DD) of its oldest article")
    last_seen: str | None = Field(description="day (YYYY-MM-DD) of its newest article")
    roles: list[RolePeriod] = Field(description="role timeline, most recent first")


class Health(BaseModel):
    status: Literal["ok"]


# ---------------------------------------------------------------- declared responses
def responses(*errors: int) -> dict[int, OpenAPIResponse]:
    """The ``responses=`` of a route: 200 (its schema from the return annotation), 422 with the
    body Powertools really sends, and the given error statuses plus 503 with :class:`ErrorBody`."""
    declared: dict[int, OpenAPIResponse] = {
        200: {"description": "Successful Response"},
        422: {"description": "a parameter does not match its declaration",
              "content": {JSON: {"model": ValidationErrorBody}}},
    }
    for status in (*errors, 503):
        declared[status] = {"description": ERRORS[status], "content": {JSON: {"model": ErrorBody}}}
    return declared


JSON = "application/json"
ERRORS = {
    400: "well-formed parameters that cannot be used: a cursor from another query, an impossible date, "
         "day together with from/to, from after to",
    404: "no such article or entity",
    503: "a storage service (DynamoDB, S3) failed after retries; retry after the Retry-After seconds",
}
