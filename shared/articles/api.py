"""The lookup API: one Powertools resolver behind API Gateway and the local HTTP server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import threading
import zlib
from collections.abc import Mapping
from datetime import date
from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response, content_types
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from botocore.exceptions import BotoCoreError, ClientError

from articles.api_models import (
    ArticlePage,
    ArticleView,
    EntityList,
    EntityView,
    Health,
    LinkPolicy,
    RelatedList,
    SearchResult,
    responses,
)
from articles.errors import ArticleError, BadRequest, NotFound, http_status_of
from articles.models import RelatedLink
from articles.ports import ArticleStore, Blobs, Index, Listing
from articles.related import crosslang
from articles.webview import register as register_web_view

log = logging.getLogger(__name__)
DATE = r"^\d{4}-\d{2}-\d{2}$"


def related_links(repo: ArticleStore, index: Index, article_id: str,
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


def article_view(repo: ArticleStore, index: Index, article_id: str, *,
                 body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything known about one article: metadata, status, entities, related links."""
    article = repo.get_article(article_id)
    entity_links, quotes = repo.links_and_quotes(article_id)
    entities = sorted(entity_links, key=lambda e: (-float(e.get("salience", 0)), e["name"]))
    article["entities"] = [
        {k: e.get(k) for k in ("id", "name", "type", "aliases", "mentions", "roles", "salience")} for e in entities
    ]
    article["quotes"] = quotes
    links = related_links(repo, index, article_id, article, entities)
    article["related"] = [link.model_dump() for link in links]
    if body is not None:  # the parsed article: its text, and the links the site suggests
        article["body"] = body.get("body")
        article["site_related"] = body.get("site_related") or []
    for key in ("version", "bucket", "parsed_key"):
        article.pop(key, None)
    return article


class Cursors:
    """Opaque, tamper-safe pagination cursors. The position (a DynamoDB key) and the query it
    pages are encrypted and authenticated with keys derived from the cursor secret, stdlib only:
    a keystream of HMAC-SHA256(enc key, nonce | counter) XORed with the payload, then an
    HMAC-SHA256 tag (encrypt-then-MAC) over nonce and ciphertext. The nonce is derived from the
    payload (the same page always has the same cursor). A cursor that was edited, forged with
    another secret, or reused for another query is a 400; callers learn nothing from it."""

    NONCE = 12
    TAG = 16

    def __init__(self, secret: str) -> None:
        root = secret.encode()
        self.enc_key = hmac.new(root, b"articles-cursor-enc", hashlib.sha256).digest()
        self.mac_key = hmac.new(root, b"articles-cursor-mac", hashlib.sha256).digest()

    def _keystream(self, nonce: bytes, size: int) -> bytes:
        blocks = (hmac.new(self.enc_key, nonce + i.to_bytes(4, "big"), hashlib.sha256).digest()
                  for i in range(-(-size // 32)))
        return b"".join(blocks)[:size]

    def _tag(self, nonce: bytes, data: bytes) -> bytes:
        return hmac.new(self.mac_key, nonce + data, hashlib.sha256).digest()[: self.TAG]

    def encode(self, last_key: dict[str, Any] | None, scope: str) -> str | None:
        if not last_key:
            return None
        payload = zlib.compress(json.dumps({"k": last_key, "s": scope}, sort_keys=True,
                                           separators=(",", ":")).encode())
        nonce = hmac.new(self.mac_key, b"nonce" + payload, hashlib.sha256).digest()[: self.NONCE]
        data = bytes(x ^ y for x, y in zip(payload, self._keystream(nonce, len(payload)), strict=True))
        return base64.urlsafe_b64encode(nonce + data + self._tag(nonce, data)).decode().rstrip("=")

    def decode(self, cursor: str | None, scope: str) -> dict[str, Any] | None:
        if not cursor:
            return None
        bad = BadRequest("cursor is not valid for this query; pass back the 'next' value of the previous page")
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        except ValueError as exc:  # binascii.Error, or non-ASCII text
            raise bad from exc
        if len(raw) <= self.NONCE + self.TAG:
            raise bad
        nonce, data, tag = raw[: self.NONCE], raw[self.NONCE : -self.TAG], raw[-self.TAG :]
        # the tag first: only our own payloads are decrypted and parsed
        if not hmac.compare_digest(tag, self._tag(nonce, data)):
            raise bad
        try:
            payload = zlib.decompress(bytes(x ^ y for x, y in zip(data, self._keystream(nonce, len(data)),
                                                                   strict=True)))
            doc = json.loads(payload)
        except (ValueError, zlib.error) as exc:
            raise bad from exc
        if not isinstance(doc, dict) or doc.get("s") != scope or not isinstance(doc.get("k"), dict):
            raise bad
        key: dict[str, Any] = doc["k"]
        return key


TITLE = "articles API"
VERSION = "1.0.0"
DESCRIPTION = "Articles parsed from an S3 inbox, their canonical entities and related articles."


class _Resolver(APIGatewayRestResolver):
    """The API's resolver, with the Swagger UI at ``/docs`` (its JS/CSS served by the function
    itself, no CDN; the spec also at ``/docs?format=json``) registered on the first request for
    it: Powertools' OpenAPI models it imports cost ≈ 55 ms of every cold start otherwise."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._docs_lock = threading.Lock()
        self._docs = False

    def resolve(self, event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        if not self._docs and str(event.get("path") or "").rstrip("/").endswith("/docs"):
            with self._docs_lock:
                if not self._docs:
                    self.enable_swagger(path="/docs", title=TITLE, version=VERSION, description=DESCRIPTION)
                    self._docs = True
        return super().resolve(event, context)


def build_app(repo: ArticleStore, index: Index, blobs: Blobs | None = None,
              cursor_secret: str = "articles-local", cors_allow_origin: str = "") -> APIGatewayRestResolver:
    # CORS only when an origin is configured (template parameter CorsAllowOrigin)
    cors = CORSConfig(allow_origin=cors_allow_origin, max_age=600) if cors_allow_origin else None
    # a body that does not fit its declared model is our fault: 500, never a 422 blamed on the caller
    app = _Resolver(enable_validation=True, cors=cors,
                    response_validation_error_http_code=HTTPStatus.INTERNAL_SERVER_ERROR)
    cursors = Cursors(cursor_secret)

    register_web_view(app)  # the browser view: GET / and /web/<asset> (static, no data)

    @app.get("/openapi.json", include_in_schema=False)
    def openapi() -> Response[str]:
        return Response(status_code=200, content_type=content_types.APPLICATION_JSON, body=openapi_json(app))

    @app.exception_handler(ArticleError)  # type: ignore[untyped-decorator]
    def known_error(exc: ArticleError) -> Response[Any]:
        return Response(status_code=http_status_of(exc), content_type=content_types.APPLICATION_JSON,
                        body={"error": exc.code, "message": exc.reason})

    @app.exception_handler(RequestValidationError)  # type: ignore[untyped-decorator]
    def invalid_parameter(exc: RequestValidationError) -> Response[Any]:
        """Powertools' validation failure in the common shape, each parameter named."""
        return _error(422, "invalid_parameter", validation_message(exc.errors()),
                      detail=[{"loc": list(e.get("loc", ())), "type": str(e.get("type", ""))} for e in exc.errors()])

    routes = RouteTable(app)

    @app.not_found
    def no_route(_exc: NotFoundError) -> Response[Any]:
        """An unknown path is a 404; a known path with another method is a 405 (OPTIONS: the
        methods it allows), both in the common shape."""
        method, path = app.current_event.http_method, app.current_event.path
        if routes.known(path):
            if method == "OPTIONS":
                return Response(status_code=204, content_type=None, headers={"Allow": ALLOW}, body="")
            return _error(405, "method_not_allowed", f"{method} is not served; {path} allows {ALLOW}",
                          headers={"Allow": ALLOW})
        return _error(404, "not_found", f"no route {path}; the API's routes are listed at /docs")

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
        return RelatedList(id=article_id, related=related_links(repo, index, article_id), policy=link_policy())

    @app.get("/articles", responses=responses(400, 404))
    def list_articles(
        entity: Annotated[str | None, Query(min_length=1, max_length=100,
                                            description="an entity id (e_…), or a name resolved as GET /entities?q= "
                                                        "does (its best match)")] = None,
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
        start, end = (_date(day, "day"),) * 2 if day else (_date(from_, "from"), _date(to, "to"))
        if entity and not entity.startswith("e_"):  # a name: the best match of GET /entities?q=
            found = repo.find_entities(entity, limit=1)
            if not found:
                raise NotFound(f"no entity named {entity!r}; GET /entities?q= finds names and ids")
            entity = str(found[0]["id"])
        listing = Listing(entity=entity, start=start, end=end, section=section, language=language, limit=limit)
        if listing.start and listing.end and listing.start > listing.end:
            raise BadRequest(f"from ({listing.start}) is after to ({listing.end})")
        return _page(listing, cursor)

    @app.get("/search", responses=responses())
    def search(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=50)] = 10,
    ) -> SearchResult:
        """Keyword search over titles and key terms, answered by the related-articles index."""
        hits = index.query(title=q, body=q, n=limit, evidence=False)
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
        # a short page with a next cursor: the Query budget ran out before the page filled
        return ArticlePage.model_validate({"items": items,  # ArticleSummary keeps its own fields
                                           "next": cursors.encode(position, scope),
                                           "partial": bool(position) and len(items) < listing.limit})

    return app


ALLOW = "GET, OPTIONS"


def link_policy() -> LinkPolicy:
    from articles.related.weights import DEFAULT_TUNING as T

    return LinkPolicy(
        min_score=T.min_score, symmetric_min_score=T.symmetric_min_score, near_duplicate=T.near_duplicate,
        evidence=(f"a shared name phrase, two shared names, one shared name and another strong term, or "
                  f"{T.evidence_terms} strong shared terms (each adding at least {T.evidence_contribution} to the "
                  f"score); a name counts only when both articles use it as a name"))


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None,
           **extra: Any) -> Response[Any]:
    """The one error shape: ``{"error": code, "message": reason}``."""
    return Response(status_code=status, content_type=content_types.APPLICATION_JSON, headers=headers or {},
                    body={"error": code, "message": message, **extra})


def validation_message(errors: Any) -> str:
    """'day: String should match pattern …; limit: Input should be …' from pydantic issues."""
    parts = []
    for issue in errors:
        where = [str(x) for x in issue.get("loc", ()) if x not in ("query", "path", "body", "header")]
        reason = str(issue.get("msg") or issue.get("type") or "invalid")
        if issue.get("type") == "missing":
            reason = "required"
        elif issue.get("type") == "string_pattern_mismatch" and (issue.get("ctx") or {}).get("pattern") == DATE:
            reason = "expected a date, YYYY-MM-DD"
        parts.append(f"{'.'.join(where) or 'request'}: {reason}")
    return "; ".join(dict.fromkeys(parts)) or "the request does not match the API's parameters"


class RouteTable:
    """Which paths the API serves (from its own OpenAPI document, computed on first use)."""

    def __init__(self, app: APIGatewayRestResolver) -> None:
        self.app = app
        self.patterns: list[re.Pattern[str]] | None = None

    def known(self, path: str) -> bool:
        if self.patterns is None:
            paths = [*(self.app.get_openapi_schema().paths or {}), "/openapi.json", "/docs"]
            self.patterns = [re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(p)) + "/?$") for p in paths]
        return any(p.match(path) for p in self.patterns)


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
