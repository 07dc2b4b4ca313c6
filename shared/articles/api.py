"""The lookup API: one Powertools resolver behind API Gateway and the local HTTP server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from datetime import date
from http import HTTPStatus
from typing import Annotated, Any, Protocol

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from botocore.exceptions import BotoCoreError, ClientError

from articles.api_models import (
    ArticlePage,
    ArticleView,
    EntityList,
    EntityView,
    Health,
    RelatedList,
    SearchResult,
    responses,
)
from articles.errors import ArticleError, BadRequest, http_status_of
from articles.models import RelatedLink
from articles.related import crosslang
from articles.store.dynamo import ArticleRepository, Listing

log = logging.getLogger(__name__)
DATE = r"^\d{4}-\d{2}-\d{2}$"


class RelatedSource(Protocol):
    def related_of(self, article_id: str) -> list[RelatedLink]: ...
    def query(self, *, title: str | None, body: str, n: int = 10, exclude: str | None = None
              ) -> list[RelatedLink]: ...


def related_links(repo: ArticleRepository, index: RelatedSource, article_id: str,
                  article: dict[str, Any] | None = None,
                  entities: list[dict[str, Any]] | None = None) -> list[RelatedLink]:
    """The index's related articles, then articles in other languages sharing this one's
    canonical entities (:mod:`articles.related.crosslang`; at most four bounded Queries)."""
    links = index.related_of(article_id)
    article = article if article is not None else repo.get_article(article_id)
    entities = entities if entities is not None else repo.entity_links(article_id)
    top = crosslang.salient(entities)
    if not top or not article.get("language"):
        return links
    sharing = repo.entity_neighbours([str(e["id"]) for e in top], crosslang.window(article.get("published")))
    extra = crosslang.cross_language_links(article_id, str(article["language"]), top, sharing)
    if extra:
        titles = {a["id"]: a.get("title") for a in repo.get_articles([link.id for link in extra])}
        extra = [link.model_copy(update={"title": titles.get(link.id)}) for link in extra if link.id in titles]
    return crosslang.merge(links, extra)


def article_view(repo: ArticleRepository, index: RelatedSource, article_id: str, *,
                 body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything known about one article: metadata, status, entities, related links."""
    article = repo.get_article(article_id)
    entities = sorted(repo.entity_links(article_id), key=lambda e: (-float(e.get("salience", 0)), e["name"]))
    article["entities"] = [
        {k: e.get(k) for k in ("id", "name", "type", "aliases", "mentions", "roles", "salience")} for e in entities
    ]
    article["quotes"] = repo.get_quotes(article_id)
    links = related_links(repo, index, article_id, article, entities)
    article["related"] = [link.model_dump() for link in links]
    if body is not None:
        article["body"] = body.get("body")
    for key in ("version", "bucket", "parsed_key"):
        article.pop(key, None)
    return article


class Cursors:
    """Opaque, tamper-safe pagination cursors: the DynamoDB key, bound to the query it pages,
    signed with HMAC-SHA256. A cursor edited or reused for another query is a 400."""

    def __init__(self, secret: str) -> None:
        self.key = secret.encode()

    def _sign(self, payload: bytes) -> str:
        return hmac.new(self.key, payload, hashlib.sha256).hexdigest()[:32]

    def encode(self, last_key: dict[str, Any] | None, scope: str) -> str | None:
        if not last_key:
            return None
        payload = json.dumps({"k": last_key, "s": scope}, sort_keys=True, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(payload).decode().rstrip("=") + "." + self._sign(payload)

    def decode(self, cursor: str | None, scope: str) -> dict[str, Any] | None:
        if not cursor:
            return None
        bad = BadRequest("cursor is not valid for this query; pass back the 'next' value of the previous page")
        data, _, signature = cursor.partition(".")
        try:
            payload = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
        except ValueError as exc:  # binascii.Error, or non-ASCII text
            raise bad from exc
        # the signature first: only our own payloads are parsed (json.loads of "[[[[…" raises
        # RecursionError), and compared as bytes (compare_digest refuses non-ASCII str)
        if not hmac.compare_digest(signature.encode(), self._sign(payload).encode()):
            raise bad
        try:
            doc = json.loads(payload)
        except ValueError as exc:
            raise bad from exc
        if not isinstance(doc, dict):
            raise bad
        if doc.get("s") != scope or not isinstance(doc.get("k"), dict):
            raise bad
        key: dict[str, Any] = doc["k"]
        return key


TITLE = "articles API"
VERSION = "1.0.0"
DESCRIPTION = "Articles parsed from an S3 inbox, their canonical entities and related articles."


def build_app(repo: ArticleRepository, index: RelatedSource, blobs: Any | None = None,
              cursor_secret: str = "articles-local", cors_allow_origin: str = "") -> APIGatewayRestResolver:
    # CORS only when an origin is configured (template parameter CorsAllowOrigin)
    cors = CORSConfig(allow_origin=cors_allow_origin, max_age=600) if cors_allow_origin else None
    # a body that does not fit its declared model is our fault: 500, never a 422 blamed on the caller
    app = APIGatewayRestResolver(enable_validation=True, cors=cors,
                                 response_validation_error_http_code=HTTPStatus.INTERNAL_SERVER_ERROR)
    cursors = Cursors(cursor_secret)
    # Swagger UI with its JS/CSS served by the function itself (no CDN); spec also at /docs?format=json
    app.enable_swagger(path="/docs", title=TITLE, version=VERSION, description=DESCRIPTION)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi() -> Response[str]:
        return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=openapi_json(app))

    @app.exception_handler(ArticleError)  # type: ignore[untyped-decorator]
    def known_error(exc: ArticleError) -> Response[Any]:
        return Response(status_code=http_status_of(exc), content_type=content_types.APPLICATION_JSON,
                        body={"error": exc.code, "message": exc.reason})

    @app.exception_handler([ClientError, BotoCoreError])  # type: ignore[untyped-decorator]
    def dependency_error(exc: Exception) -> Response[Any]:
        # DynamoDB or S3 failed after the client's own retries: a real fault, reported as one,
        # without internals; the error is logged by the caller's Logger with the request id
        log.exception("dependency failed")
        return Response(status_code=503, content_type=content_types.APPLICATION_JSON,
                        headers={"Retry-After": "1"},
                        body={"error": "unavailable", "message": "a storage service did not answer; retry shortly"})

    @app.get("/health", responses=responses())
    def health() -> Health:
        return Health(status="ok")

    @app.get("/articles/<article_id>", responses=responses(404))
    def get_article(article_id: Annotated[str, Path(max_length=80)]) -> ArticleView:
        item = repo.get_article(article_id)
        body = blobs.get_parsed(item["parsed_key"]) if blobs is not None and item.get("parsed_key") else None
        return ArticleView.model_validate(article_view(repo, index, article_id, body=body))

    @app.get("/articles/<article_id>/related", responses=responses(404))
    def get_related(article_id: Annotated[str, Path(max_length=80)]) -> RelatedList:
        return RelatedList(id=article_id, related=related_links(repo, index, article_id))

    @app.get("/articles", responses=responses(400))
    def list_articles(
        entity: Annotated[str | None, Query(max_length=80, description="entity id (e_…), from GET /entities")] = None,
        from_: Annotated[str | None, Query(alias="from", pattern=DATE, description="first day, YYYY-MM-DD")] = None,
        to: Annotated[str | None, Query(pattern=DATE, description="last day (inclusive), YYYY-MM-DD")] = None,
        day: Annotated[str | None, Query(pattern=DATE, description="one day: from=to=day")] = None,
        section: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
        language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$", description="ISO 639 code")] = None,
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> ArticlePage:
        """Articles newest first (by published date, else the day they arrived), cursor-paginated."""
        if day and (from_ or to):
            raise BadRequest("give either day or from/to, not both")
        listing = Listing(entity=entity, start=_date(day or from_, "from"), end=_date(day or to, "to"),
                          section=section, language=language, limit=limit)
        if listing.start and listing.end and listing.start > listing.end:
            raise BadRequest(f"from ({listing.start}) is after to ({listing.end})")
        return _page(listing, cursor)

    @app.get("/search", responses=responses())
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> SearchResult:
        """Keyword search over titles and key terms, answered by the related-articles index."""
        hits = index.query(title=q, body=q, n=limit)
        return SearchResult.model_validate({"q": q, "items": [h.model_dump() for h in hits]})

    @app.get("/entities", responses=responses())
    def find_entities(q: Annotated[str, Query(min_length=1, max_length=100)]) -> EntityList:
        return EntityList.model_validate({"items": repo.find_entities(q)})

    @app.get("/entities/<entity_id>", responses=responses(404))
    def get_entity(entity_id: Annotated[str, Path(max_length=80)]) -> EntityView:
        return EntityView.model_validate({**repo.get_entity(entity_id, seen=True),
                                          "roles": repo.role_timeline(entity_id)})

    @app.get("/entities/<entity_id>/articles", responses=responses(400, 404))
    def entity_articles(
        entity_id: Annotated[str, Path(max_length=80)],
        limit: Annotated[int, Query(ge=1, le=100)] = 20,
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> ArticlePage:
        repo.get_entity(entity_id)
        return _page(Listing(entity=entity_id, limit=limit), cursor)

    def _page(listing: Listing, cursor: str | None) -> ArticlePage:
        scope = listing.scope()
        items, position = repo.list_articles(listing, start=cursors.decode(cursor, scope))
        return ArticlePage.model_validate({"items": items,  # ArticleSummary keeps its own fields
                                           "next": cursors.encode(position, scope)})

    return app


def _date(value: str | None, name: str) -> str | None:
    if value is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(f"{name}={value} is not a real date (YYYY-MM-DD)") from exc
    return value


def openapi_json(app: APIGatewayRestResolver) -> str:
    """The OpenAPI 3.1 document generated from the routes (committed as docs/openapi.json)."""
    return app.get_openapi_json_schema(title=TITLE, version=VERSION, description=DESCRIPTION)
