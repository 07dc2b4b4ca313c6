"""Every events/lookup_api/*.json (API Gateway REST shapes, the files `sam local invoke -e` takes)
through the real LookupApi handler, after events/parse_article/s3-put.json has been processed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from articles_tools.local.lambda_shapes import LocalContext

from tests.conftest import load_event
from tests.integration.conftest import MotoStack
from tests.integration.test_pipeline import PAGE

EVENTS = sorted((Path(__file__).parents[2] / "events" / "lookup_api").glob("*.json"))
EXPECTED_STATUS = {"get-article-missing": 404, "list-articles-bad-range": 400, "list-articles-limit-too-big": 422}


@pytest.fixture
def loaded(moto_stack: MotoStack) -> MotoStack:
    moto_stack.put("2023/12/libya-egypt-chiefs.txt", PAGE.encode())  # the object s3-put.json names
    handler = moto_stack.handlers["ParseArticleFunction"]
    assert handler(load_event("parse_article/s3-put.json"), LocalContext(function_name="p")) == \
        {"batchItemFailures": []}
    moto_stack.run_all()
    return moto_stack


def call(stack: MotoStack, name: str) -> tuple[int, Any]:
    resp = stack.handlers["LookupApiFunction"](load_event(f"lookup_api/{name}.json"),
                                               LocalContext(function_name="LookupApiFunction"))
    return int(resp["statusCode"]), json.loads(resp["body"])


def test_every_lookup_event_answers_as_expected(loaded: MotoStack) -> None:
    assert len(EVENTS) >= 12
    for path in EVENTS:
        status, body = call(loaded, path.stem)
        assert status == EXPECTED_STATUS.get(path.stem, 200), (path.name, status, body)
        if status >= 400 and status != 422:
            assert set(body) == {"error", "message"}, path.name


def test_lookup_events_find_the_article_of_the_s3_put_event(loaded: MotoStack) -> None:
    _, article = call(loaded, "get-article")
    assert article["title"] == "Egypt and Libya agree to reopen Salloum border crossing"
    assert article["status"] == "ok" and article["body"].startswith("Egyptian Foreign Minister")
    assert "Sameh Shoukry" in {e["name"] for e in article["entities"]}
    _, entity = call(loaded, "get-entity")
    assert entity["name"] == "Sameh Shoukry" and entity["roles"][0]["title"] == "Foreign Minister"
    for name in ("entity-articles", "list-articles-by-entity", "list-articles-by-day", "list-articles-filtered"):
        _, page = call(loaded, name)
        assert [i["id"] for i in page["items"]] == [article["id"]], name
    _, found = call(loaded, "find-entities")
    assert found["items"][0]["id"] == entity["id"]
    _, hits = call(loaded, "search")
    assert hits["items"][0]["id"] == article["id"]
    _, spec = call(loaded, "openapi")
    assert spec["openapi"].startswith("3.1")
