"""The browser view's static files as the lookup function serves them (no data, no CDN)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from typing import Any
from unittest.mock import MagicMock

import pytest
from articles.api import build_app
from articles.local.lambda_shapes import LocalContext, api_gateway_event
from articles.webview import ASSETS, WEB_DIR


def call(path: str) -> dict[str, Any]:
    app = build_app(MagicMock(), MagicMock())
    result: dict[str, Any] = app.resolve(api_gateway_event("GET", path, {"Host": "localhost"}),
                                         LocalContext(function_name="api"))
    headers = {k.lower(): v for k, v in (result.get("headers") or {}).items()}
    for k, values in (result.get("multiValueHeaders") or {}).items():
        headers.setdefault(k.lower(), values[-1])
    result["headers"] = headers
    return result


def test_page_loads_exactly_the_served_assets() -> None:
    html = (WEB_DIR / "index.html").read_text(encoding="utf-8")
    local = set(re.findall(r'(?:href|src)="(web/[^"]+)"', html))
    assert local == {f"web/{name}" for name in ASSETS}
    # relative URLs only: under API Gateway the page lives below the stage path (/v1/)
    assert not re.search(r'(?:href|src)="/', html)


@pytest.mark.parametrize("name", ["index.html", *ASSETS])
def test_nothing_is_loaded_from_elsewhere(name: str) -> None:
    text = (WEB_DIR / name).read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//", text), name
    assert "@import" not in text and "url(http" not in text


def test_page_is_served_with_a_policy_that_allows_only_its_own_inline_script() -> None:
    resp = call("/")
    assert resp["statusCode"] == 200 and resp["headers"]["content-type"] == "text/html; charset=utf-8"
    html = resp["body"]
    (inline,) = re.findall(r"<script>(.*?)</script>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(inline.encode()).digest()).decode()
    csp = resp["headers"]["content-security-policy"]
    assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp and "'unsafe-inline'" not in csp


@pytest.mark.parametrize(("name", "kind"), [("app.css", "text/css"), ("app.js", "text/javascript")])
def test_assets_are_served_with_their_content_type(name: str, kind: str) -> None:
    resp = call(f"/web/{name}")
    assert resp["statusCode"] == 200
    assert resp["headers"]["content-type"] == f"{kind}; charset=utf-8"
    assert resp["body"] == (WEB_DIR / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["/web/index.html", "/web/nope.js", "/web/..%2Fapi.py", "/web/%2e%2e%2fcli.py"])
def test_anything_else_under_web_is_a_json_404(path: str) -> None:
    resp = call(path)
    assert resp["statusCode"] == 404
    assert json.loads(resp["body"])["error"] == "not_found"


def test_web_routes_stay_out_of_the_api_spec() -> None:
    from articles.api import openapi_json

    paths = json.loads(openapi_json(build_app(MagicMock(), MagicMock())))["paths"]
    assert "/" not in paths and not any(p.startswith("/web") for p in paths)
