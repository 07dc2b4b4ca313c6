"""The browser view: static HTML, CSS and JS served by the lookup function at ``/`` and
``/web/<asset>``. The assets hold no data: the page calls the same API as every other client
(on AWS with the API key the user pastes once; template.yaml opens only these two routes).
No build step, nothing fetched from a CDN: the files in ``articles/web/`` are what is served."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.openapi.params import Path as PathParam

from articles.errors import NotFound

WEB_DIR = Path(__file__).parent / "web"
INDEX = "index.html"
# every asset the page loads, with the content type it is served as (nothing else is served)
ASSETS = {
    "app.css": "text/css; charset=utf-8",
    "app.js": "text/javascript; charset=utf-8",
}
HTML = "text/html; charset=utf-8"
# the one inline script of index.html (adds the trailing slash so relative URLs resolve under
# the API's stage path, e.g. /v1 -> /v1/), allowed by its hash: no other inline script runs
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@cache
def read(name: str) -> str:
    return (WEB_DIR / name).read_text(encoding="utf-8")


@cache
def content_security_policy() -> str:
    """What the page may load and run: its own files, its one inline script (by hash), calls to
    its own origin; no frames, no plug-ins, no third-party anything."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
        for body in INLINE_SCRIPT.findall(read(INDEX))
    )
    return ("default-src 'none'; "
            f"script-src 'self' {hashes}; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def register(app: APIGatewayRestResolver) -> None:
    """Add ``GET /`` (the page) and ``GET /web/<asset>`` (its CSS and JS) to the API."""

    @app.get("/", include_in_schema=False)
    def web_index() -> Response[str]:
        return Response(status_code=200, content_type=HTML, body=read(INDEX),
                        headers={**COMMON_HEADERS, "Content-Security-Policy": content_security_policy()})

    @app.get("/web/<asset>", include_in_schema=False)
    def web_asset(asset: Annotated[str, PathParam(max_length=40)]) -> Response[str]:
        content_type = ASSETS.get(asset)
        if content_type is None:
            raise NotFound(f"no web asset named {asset}")
        return Response(status_code=200, content_type=content_type, body=read(asset), headers=dict(COMMON_HEADERS))
