"""Settings read once from the environment (the Lambda configuration, or the local stack)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    inbox_bucket: str = Field(default="articles-inbox", validation_alias="INBOX_BUCKET")
    parsed_bucket: str = Field(default="articles-parsed", validation_alias="PARSED_BUCKET")
    articles_table: str = Field(default="articles", validation_alias="ARTICLES_TABLE")
    index_table: str = Field(default="articles-index", validation_alias="INDEX_TABLE")
    topic_arn: str = Field(default="", validation_alias="ARTICLE_EVENTS_TOPIC_ARN")
    region: str = Field(
        default="us-east-1", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION")
    )
    endpoint_url: str | None = Field(default=None, validation_alias="AWS_ENDPOINT_URL")
    max_object_bytes: int = Field(default=20 * 1024 * 1024, validation_alias="MAX_OBJECT_BYTES")
    related_top_k: int = Field(default=10, validation_alias="RELATED_TOP_K")
    # "local" (the shipped spaCy model) or "comprehend" (Amazon Comprehend DetectEntities).
    entity_backend: str = Field(default="local", validation_alias="ENTITY_BACKEND")
    # Signs API pagination cursors (on AWS: the stack id, unknown to API callers).
    cursor_secret: str = Field(default="articles-local", validation_alias="CURSOR_SECRET")
    # Origin allowed to call the API from a browser ("" = CORS off; "*" or "https://app.example").
    cors_allow_origin: str = Field(default="", validation_alias="CORS_ALLOW_ORIGIN")
    max_tag_chars: int = Field(default=200_000, validation_alias="MAX_TAG_CHARS")
    # A queue consumer starts no new record with less than this left before its timeout.
    stop_before_timeout_ms: int = Field(default=10_000, validation_alias="STOP_BEFORE_TIMEOUT_MS")
    max_receive_count: int = Field(default=5, validation_alias="MAX_RECEIVE_COUNT")
    # Set by the embedded stack: logs go to stderr so CLI output stays machine-readable.
    local: bool = Field(default=False, validation_alias="ARTICLES_LOCAL")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
