"""The composition roots' ``lambda_handler``: importing ``functions/<name>/app.py`` builds
nothing; looking ``lambda_handler`` up builds it from the environment, once."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator

import pytest
from articles import runtime
from articles.config import Settings
from pydantic import ValidationError

FUNCTIONS = ["parse_article", "tag_entities", "find_related", "lookup_api"]
ENV = {"INBOX_BUCKET": "i", "PARSED_BUCKET": "p", "ARTICLES_TABLE": "a", "INDEX_TABLE": "x",
       "ARTICLE_EVENTS_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:t", "CURSOR_SECRET": "s"}


@pytest.fixture
def no_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in ENV:
        monkeypatch.delenv(key, raising=False)


@pytest.fixture
def lookup_api() -> Iterator[types.ModuleType]:
    module = importlib.import_module("functions.lookup_api.app")
    yield module
    module.__dict__.pop("lambda_handler", None)  # the next test starts from a fresh import


@pytest.mark.parametrize("name", FUNCTIONS)
def test_importing_an_app_builds_nothing(no_settings: None, name: str) -> None:
    module = importlib.import_module(f"functions.{name}.app")
    assert callable(module.create_handler)
    assert "lambda_handler" not in vars(module)
    # the look-up is what builds it: without the environment's names it fails, naming one
    with pytest.raises(ValidationError, match=r"ARTICLES_TABLE|INBOX_BUCKET|CURSOR_SECRET"):
        module.lambda_handler  # noqa: B018
    assert "lambda_handler" not in vars(module)


def test_lambda_handler_is_built_at_lookup_once(monkeypatch: pytest.MonkeyPatch,
                                                lookup_api: types.ModuleType) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    handler = lookup_api.lambda_handler
    assert isinstance(handler, runtime.Handler)
    assert vars(lookup_api)["lambda_handler"] is handler  # stored: later look-ups skip __getattr__
    assert lookup_api.lambda_handler is handler


def test_lazy_handler_builds_once_and_refuses_other_names(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("fake_app")
    monkeypatch.setitem(sys.modules, "fake_app", module)
    built: list[Settings] = []
    settings = Settings(inbox_bucket="i", parsed_bucket="p", articles_table="a", index_table="x",
                        topic_arn="arn:aws:sns:us-east-1:123456789012:t", cursor_secret="s")

    def create(s: Settings) -> runtime.Handler:
        built.append(s)
        return runtime.Handler(lambda event, context: {"built": len(built)})

    getattr_ = runtime.lazy_handler(create, lambda: settings, "fake_app")
    module.__getattr__ = getattr_  # type: ignore[attr-defined]
    assert built == []
    handler = module.lambda_handler
    assert module.lambda_handler is handler and built == [settings]
    assert handler({}, None) == {"built": 1}
    with pytest.raises(AttributeError, match=r"fake_app.*create_handlr"):
        module.create_handlr  # noqa: B018
