"""docs/openapi.json is the spec the code generates; Swagger UI is served without a CDN."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest.mock import MagicMock

from articles.api import build_app, openapi_json
from articles_tools.local.lambda_shapes import LocalContext, api_gateway_event

DOC = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"


def call(path: str) -> dict[str, Any]:
    app = build_app(MagicMock(), MagicMock())
    result: dict[str, Any] = app.resolve(api_gateway_event("GET", path, {"Host": "localhost"}),
                                         LocalContext(function_name="api"))
    return result


def test_committed_spec_equals_generated_spec() -> None:
    generated = json.loads(openapi_json(build_app(MagicMock(), MagicMock())))
    assert json.loads(DOC.read_text(encoding="utf-8")) == generated, "regenerate docs/openapi.json"
    assert generated["openapi"].startswith("3.1")
    assert {"/articles/{article_id}", "/entities", "/articles"} <= set(generated["paths"])


def test_openapi_json_is_served() -> None:
    resp = call("/openapi.json")
    assert resp["statusCode"] == 200
    assert json.loads(resp["body"])["info"]["title"] == "articles API"


def test_swagger_ui_needs_no_cdn() -> None:
    resp = call("/docs")
    assert resp["statusCode"] == 200
    assert "swagger" in resp["body"].lower()
    assert "cdn" not in resp["body"].lower() and "unpkg" not in resp["body"].lower()


def test_the_docs_spec_is_served_as_json() -> None:
    resp = call("/docs?format=json")
    assert resp["statusCode"] == 200
    assert "/articles/{article_id}" in json.loads(resp["body"])["paths"]


def test_the_api_cold_start_imports_neither_swagger_nor_batch_processing() -> None:
    """What the lookup function's init imports (a fresh interpreter): the Swagger UI's OpenAPI
    models come with the first /docs request, SQS batch processing only in the queue functions."""
    program = (
        "import sys, json\n"
        "from unittest.mock import MagicMock\n"
        "import articles.runtime\n"
        "from articles.api import build_app\n"
        "from articles_tools.local.lambda_shapes import LocalContext, api_gateway_event\n"
        "app = build_app(MagicMock(), MagicMock())\n"
        "names = ('aws_lambda_powertools.event_handler.openapi.models', 'aws_lambda_powertools.utilities.batch')\n"
        "before = [n in sys.modules for n in names]\n"
        "app.resolve(api_gateway_event('GET', '/docs', {'Host': 'localhost'}), LocalContext(function_name='api'))\n"
        "print(json.dumps([before, [n in sys.modules for n in names]]))\n"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert json.loads(out.stdout) == [[False, False], [True, False]]


def test_validation_errors_are_422_with_the_failing_parameter() -> None:
    resp = call("/articles?entity=e_1&limit=1000")
    assert resp["statusCode"] == 422
    assert "limit" in resp["body"]


def test_cursors_round_trip_and_refuse_tampering() -> None:
    import pytest
    from articles.api import Cursors
    from articles.errors import BadRequest

    cursors = Cursors("secret")
    key = {"gsi1pk": "ENT#e_1", "gsi1sk": "2024-01-01#a_1", "pk": "ART#a_1", "sk": "ENT#e_1"}
    token = cursors.encode(key, "entity:e_1")
    assert token and cursors.decode(token, "entity:e_1") == key
    with pytest.raises(BadRequest):
        cursors.decode(token, "entity:e_2")  # reused for another query
    forged = Cursors("other").encode({**key, "gsi1pk": "ENT#e_2"}, "entity:e_1")
    with pytest.raises(BadRequest):
        cursors.decode(forged, "entity:e_1")
    with pytest.raises(BadRequest):
        cursors.decode("not-a-cursor", "entity:e_1")


def _resolve(app: Any, method: str, path: str, headers: dict[str, str]) -> dict[str, Any]:
    result: dict[str, Any] = app.resolve(api_gateway_event(method, path, {"Host": "localhost", **headers}),
                                         LocalContext(function_name="api"))
    return result


def test_cors_is_off_unless_an_origin_is_configured() -> None:
    resp = _resolve(build_app(MagicMock(), MagicMock()), "GET", "/health", {"Origin": "https://app.example"})
    assert "Access-Control-Allow-Origin" not in resp["multiValueHeaders"]


def test_configured_origin_gets_cors_headers_and_preflight() -> None:
    app = build_app(MagicMock(), MagicMock(), cors_allow_origin="https://app.example")
    resp = _resolve(app, "GET", "/health", {"Origin": "https://app.example"})
    assert resp["multiValueHeaders"]["Access-Control-Allow-Origin"] == ["https://app.example"]
    assert "X-Api-Key" in resp["multiValueHeaders"]["Access-Control-Allow-Headers"][0]
    preflight = _resolve(app, "OPTIONS", "/articles", {"Origin": "https://app.example",
                                                        "Access-Control-Request-Method": "GET"})
    assert preflight["statusCode"] == 204
    assert "GET" in preflight["multiValueHeaders"]["Access-Control-Allow-Methods"][0]
    other = _resolve(app, "GET", "/health", {"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other["multiValueHeaders"]


def test_storage_failure_is_a_json_503_without_internals() -> None:
    from botocore.exceptions import ClientError, EndpointConnectionError

    for exc in (ClientError({"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
                            "GetItem"),
                EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")):
        repo = MagicMock()
        repo.get_article.side_effect = exc
        resp = _resolve(build_app(repo, MagicMock()), "GET", "/articles/a_1", {})
        assert resp["statusCode"] == 503
        body = json.loads(resp["body"])
        assert body["error"] == "unavailable" and "Throughput" not in body["message"]
        assert resp["multiValueHeaders"]["Retry-After"] == ["1"]


def test_article_view_documents_every_parsed_field() -> None:
    """ArticleView repeats ParsedArticle's fields (optional: a failed article has none of them);
    a field added to ParsedArticle must be documented in the API too."""
    from articles.api_models import ArticleView
    from articles.models import ParsedArticle

    assert set(ParsedArticle.model_fields) <= set(ArticleView.model_fields)


def test_every_error_has_the_documented_shape() -> None:
    for method, path, status, code in [
        ("GET", "/articles?limit=1000", 422, "invalid_parameter"),
        ("GET", "/search", 422, "invalid_parameter"),
        ("GET", "/no/such/route", 404, "not_found"),
        ("POST", "/articles", 405, "method_not_allowed"),
        ("GET", "/articles?day=2023-12-04&from=2023-12-01", 400, "bad_request"),
    ]:
        app = build_app(MagicMock(), MagicMock())
        resp = app.resolve(api_gateway_event(method, path, {"Host": "localhost"}), LocalContext(function_name="api"))
        assert resp["statusCode"] == status, (path, resp)
        body = json.loads(resp["body"])
        assert body["error"] == code and isinstance(body["message"], str) and body["message"], body
        assert "statusCode" not in body


def test_validation_names_the_parameter_at_fault() -> None:
    body = json.loads(call("/articles?day=2023-13-45&limit=5")["body"])
    assert body == {"error": "bad_request", "message": "day=2023-13-45 is not a real date (YYYY-MM-DD)"}
    body = json.loads(call("/articles?day=2023-1-4")["body"])
    assert body["message"] == "day: expected a date, YYYY-MM-DD"
    assert body["detail"] == [{"loc": ["query", "day"], "type": "string_pattern_mismatch"}]
    body = json.loads(call("/articles?from=2024-02-30")["body"])
    assert body["message"].startswith("from=2024-02-30")
    assert "q: required" in json.loads(call("/search")["body"])["message"]


def test_options_agrees_with_allow() -> None:
    app = build_app(MagicMock(), MagicMock())
    for path in ("/articles", "/articles/a_1", "/entities/e_1/articles"):
        resp = app.resolve(api_gateway_event("OPTIONS", path, {"Host": "localhost"}), LocalContext(function_name="api"))
        assert resp["statusCode"] == 204
        assert resp["multiValueHeaders"]["Allow"] == ["GET, OPTIONS"]
    resp = app.resolve(api_gateway_event("OPTIONS", "/nowhere", {"Host": "localhost"}), LocalContext(function_name="api"))
    assert resp["statusCode"] == 404
