"""Settings of a function: from the Lambda environment (``Settings()``), or given directly by
field name (``Settings(inbox_bucket=..., ...)``: the local stack, tests, the bench).

The resource names, the topic and the cursor secret have no default: a deployment missing one
fails at init with a validation error naming the variable, instead of running against a
made-up resource.

A plain pydantic model, not pydantic-settings: the environment is read by one validator
(a field given by name wins over its variable), which keeps ≈ 60 ms of imports out of
every cold start."""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator

EntityBackend = Literal["local", "comprehend"]


def _variables(field: Any) -> list[str]:
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return [choice for choice in alias.choices if isinstance(choice, str)]
    return [alias] if isinstance(alias, str) else []


class Settings(BaseModel):
    # populate_by_name: the field names work as keyword arguments, the aliases are the
    # environment variables (template.yaml Globals.Function.Environment).
    model_config = ConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    inbox_bucket: str = Field(validation_alias="INBOX_BUCKET", min_length=1)
    parsed_bucket: str = Field(validation_alias="PARSED_BUCKET", min_length=1)
    articles_table: str = Field(validation_alias="ARTICLES_TABLE", min_length=1)
    index_table: str = Field(validation_alias="INDEX_TABLE", min_length=1)
    topic_arn: str = Field(validation_alias="ARTICLE_EVENTS_TOPIC_ARN", min_length=1)
    # Signs API pagination cursors (on AWS: the stack id, unknown to API callers).
    cursor_secret: str = Field(validation_alias="CURSOR_SECRET", min_length=1)
    region: str = Field(
        default="us-east-1", validation_alias=AliasChoices("AWS_REGION", "AWS_DEFAULT_REGION")
    )
    endpoint_url: str | None = Field(default=None, validation_alias="AWS_ENDPOINT_URL")
    max_object_bytes: int = Field(default=20 * 1024 * 1024, validation_alias="MAX_OBJECT_BYTES")
    # Parsed articles whose compressed JSON is at most this size live in the ArticlesTable, the
    # others in the parsed bucket (0: all in S3); see articles.store.blobs.
    parsed_inline_max_bytes: int = Field(default=8 * 1024, ge=0, le=256 * 1024,
                                         validation_alias="PARSED_INLINE_MAX_BYTES")
    related_top_k: int = Field(default=10, validation_alias="RELATED_TOP_K")
    # "local" (the shipped spaCy model) or "comprehend" (Amazon Comprehend DetectEntities).
    entity_backend: EntityBackend = Field(default="local", validation_alias="ENTITY_BACKEND")
    # Origin allowed to call the API from a browser ("" = CORS off; "*" or "https://app.example").
    cors_allow_origin: str = Field(default="", validation_alias="CORS_ALLOW_ORIGIN")
    max_tag_chars: int = Field(default=200_000, validation_alias="MAX_TAG_CHARS")
    # A queue consumer starts no new record with less than this left before its timeout.
    stop_before_timeout_ms: int = Field(default=10_000, validation_alias="STOP_BEFORE_TIMEOUT_MS")
    max_receive_count: int = Field(default=5, validation_alias="MAX_RECEIVE_COUNT")
    # Powertools: service name (logs, metrics dimension), metrics namespace, Logger level.
    service: str = Field(default="articles", validation_alias="POWERTOOLS_SERVICE_NAME")
    metrics_namespace: str = Field(default="Articles", validation_alias="POWERTOOLS_METRICS_NAMESPACE")
    log_level: str | None = Field(default=None, validation_alias="POWERTOOLS_LOG_LEVEL")
    # X-Ray tracing through Powertools' Tracer. Off: no Tracer is built, so aws_xray_sdk is never
    # imported (any Tracer(), even Tracer(disabled=True), imports it: ~50 modules at cold start).
    tracing: bool = Field(default=True, validation_alias="ARTICLES_TRACING")
    # Set by the embedded stack: logs go to stderr so CLI output stays machine-readable, no
    # tracing, metrics are not printed, and boto3 signs with dummy credentials (moto).
    local: bool = Field(default=False, validation_alias="ARTICLES_LOCAL")

    def __init__(self, **data: Any) -> None:
        """``Settings()`` reads the environment; keyword arguments are field names."""
        super().__init__(**data)

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, data: Any) -> Any:
        """Each field not given by name or variable takes its first set environment variable."""
        if not isinstance(data, dict):
            return data
        found: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            names = _variables(field)
            if name in data or any(v in data for v in names):
                continue
            value = next((os.environ[v] for v in names if v in os.environ), None)
            if value is not None:
                found[names[0]] = value
        return {**found, **data}
