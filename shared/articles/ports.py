"""Ports: what the stages (``articles.pipeline``) and the API (``articles.api``) need from the
outside world, as Protocols. They type against these, never against the DynamoDB, S3 or SNS
classes; the composition roots in ``functions/*/app.py`` plug the adapters in:

=================  ==========================================  ==============================
Port               Adapter (shipped)                           Used by
=================  ==========================================  ==============================
``ArticleStore``   ``articles.store.dynamo.ArticleRepository``  every stage, the API
``Index``          ``articles.store.index.RelatedIndex``        RelatedStage, the API
``Blobs``          ``articles.store.blobs.BlobStore``           every stage, the API
``Bus``            ``articles.bus.Publisher``                   ParseStage
``Tagger``         ``articles.entities.tagger.Tagger`` (+       TagStage
                   ``ComprehendTagger``, ``RoutedTagger``)
=================  ==========================================  ==============================

A test double or a new backend implements the Protocol; mypy --strict checks the adapters
against it (``tests/unit/test_ports.py`` is in mypy's file list, and so are the composition
roots that pass the adapters in). This module imports no adapter, SDK or tool (an import
contract in pyproject.toml says so).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import BaseModel

from articles.entities.crossscript import Known
from articles.models import ArticleParsed, Entity, ParsedArticle, RelatedLink, StageName, StageStatus


@dataclass(frozen=True)
class Listing:
    """What GET /articles asks for: an entity or not, a date range (inclusive), filters."""

    entity: str | None = None
    start: str | None = None  # YYYY-MM-DD
    end: str | None = None  # YYYY-MM-DD
    section: str | None = None
    language: str | None = None
    limit: int = 20

    def filters(self) -> dict[str, str]:
        """The attribute equalities every listed article must satisfy."""
        return {name: value for name, value in (("section", self.section), ("language", self.language)) if value}

    def scope(self) -> str:
        """What a cursor is bound to: the query without its limit."""
        return json.dumps([self.entity, self.start, self.end, self.section, self.language])


class ArticleStore(Protocol):
    """The article repository: articles and their stage status, entity links, quotes, listings."""

    # ---- written by the stages
    def put_article(
        self,
        article_id: str,
        article: ParsedArticle,
        *,
        bucket: str,
        key: str,
        parsed_key: str,
        version: str = "",
        modified: str = "",
        is_current: Callable[[], bool] | None = None,
    ) -> None: ...

    def record_failure(
        self, article_id: str, *, bucket: str, key: str, state: str, reason: str, stage: StageName = "parse",
        modified: str = "",
    ) -> None: ...

    def set_stage(self, article_id: str, stage: StageName, status: StageStatus) -> None: ...

    def delete_article(self, article_id: str) -> dict[str, Any] | None: ...

    def replace_entities(self, article_id: str, entities: Iterable[Entity], *, published: str | None,
                         section: str | None = None, language: str | None = None,
                         quotes: Sequence[Mapping[str, Any]] = ()) -> None: ...

    def script_lookup(self, keys: list[str]) -> dict[str, list[Known]]:
        """The entities stored under each cross-script key (the tag stage's unify lookup)."""
        ...

    # ---- read by the stages and the API
    def get_article_item(self, article_id: str) -> dict[str, Any] | None: ...

    def get_article(self, article_id: str) -> dict[str, Any]:
        """The article; raises ``articles.errors.NotFound``."""
        ...

    def articles_from_source(self, bucket: str, key: str) -> list[str]: ...

    def entity_links(self, article_id: str) -> list[dict[str, Any]]: ...

    def links_and_quotes(self, article_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """``entity_links`` and the article's attributed quotations (one read of what they share)."""
        ...

    def get_entity(self, entity_id: str, *, seen: bool = False) -> dict[str, Any]: ...

    def role_timeline(self, entity_id: str, limit: int = 200) -> list[dict[str, Any]]: ...

    def find_entities(self, name: str, limit: int = 20) -> list[dict[str, Any]]: ...

    def entity_neighbours(self, entity_ids: list[str], between: tuple[str, str] | None,
                          limit: int = 25) -> dict[str, list[dict[str, Any]]]: ...

    def get_articles(self, article_ids: list[str]) -> list[dict[str, Any]]: ...

    def list_articles(self, query: Listing, start: dict[str, Any] | None = None
                      ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]: ...


class Index(Protocol):
    """The related-articles index."""

    def upsert(self, article_id: str, *, title: str | None, body: str, published: str | None = None
               ) -> list[RelatedLink]: ...

    def remove(self, article_id: str) -> None: ...

    def related_of(self, article_id: str) -> list[RelatedLink]: ...

    def query(self, *, title: str | None, body: str, n: int = 10, exclude: str | None = None,
              evidence: bool = True) -> list[RelatedLink]: ...


class Blobs(Protocol):
    """Raw uploads (S3) and parsed articles (ArticlesTable items when small, else S3)."""

    def read_raw(self, bucket: str, key: str) -> tuple[bytes, dict[str, Any]]: ...
    def exists(self, bucket: str, key: str) -> bool: ...
    def current_version(self, bucket: str, key: str) -> str | None: ...
    def put_parsed(self, key: str, article_id: str, article: ParsedArticle, source: dict[str, str]) -> None: ...
    def get_parsed(self, key: str) -> dict[str, Any]: ...
    def delete_parsed(self, key: str) -> None: ...


class Bus(Protocol):
    """Reference messages between the stages (SNS)."""

    def article_parsed(self, message: ArticleParsed) -> None: ...
    def article_removed(self, article_id: str) -> None: ...


class Tagger(Protocol):
    """Named entities and quotations of a text (spaCy model or Comprehend, plus the rules)."""

    def tag(self, text: str, *, published: str | None = None, language: str | None = None) -> list[Entity]: ...
    def note(self, text: str, language: str | None = None) -> str | None: ...
    def quotes(self, text: str, entities: list[Entity]) -> Sequence[BaseModel]: ...
