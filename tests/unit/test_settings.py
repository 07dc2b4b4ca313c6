"""Settings: required names fail at init, by field name or from the environment; tracing off
builds no Tracer (aws_xray_sdk stays unimported)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from articles.config import Settings
from pydantic import ValidationError

NAMES = {"inbox_bucket": "i", "parsed_bucket": "p", "articles_table": "a", "index_table": "x",
         "topic_arn": "arn:aws:sns:us-east-1:123456789012:t", "cursor_secret": "s"}
ENV = {"INBOX_BUCKET": "i", "PARSED_BUCKET": "p", "ARTICLES_TABLE": "a", "INDEX_TABLE": "x",
       "ARTICLE_EVENTS_TOPIC_ARN": "arn:aws:sns:us-east-1:123456789012:t", "CURSOR_SECRET": "s"}


def test_settings_by_field_name() -> None:
    s = Settings(**NAMES, entity_backend="comprehend", related_top_k=3)
    assert (s.inbox_bucket, s.entity_backend, s.related_top_k) == ("i", "comprehend", 3)


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("ENTITY_BACKEND", "comprehend")
    s = Settings()
    assert (s.topic_arn, s.cursor_secret, s.entity_backend) == (ENV["ARTICLE_EVENTS_TOPIC_ARN"], "s", "comprehend")


def test_a_field_given_by_name_wins_over_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INBOX_BUCKET", "from-env")
    monkeypatch.setenv("RELATED_TOP_K", "7")
    monkeypatch.setenv("ARTICLES_TRACING", "false")
    monkeypatch.delenv("AWS_REGION", raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    s = Settings(**NAMES)
    assert (s.inbox_bucket, s.related_top_k, s.tracing, s.region) == ("i", 7, False, "eu-west-3")
    monkeypatch.setenv("AWS_REGION", "eu-west-1")  # the runtime's own variable comes first
    assert Settings(**NAMES).region == "eu-west-1"


def test_settings_need_no_pydantic_settings() -> None:
    program = "import sys, articles.config; print('pydantic_settings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("missing", sorted(ENV))
def test_a_missing_variable_fails_naming_it(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    for key, value in ENV.items():
        if key != missing:
            monkeypatch.setenv(key, value)
    monkeypatch.delenv(missing, raising=False)
    with pytest.raises(ValidationError) as info:
        Settings()
    assert missing in str(info.value)


def test_an_empty_name_is_refused_and_the_backend_is_one_of_two() -> None:
    with pytest.raises(ValidationError):
        Settings(**{**NAMES, "inbox_bucket": ""})
    with pytest.raises(ValidationError) as info:
        Settings(**NAMES, entity_backend="spacy")
    assert "comprehend" in str(info.value)


@pytest.mark.parametrize(("tracing", "local", "imported"), [(False, False, False), (True, True, False),
                                                          (True, False, True)])
def test_aws_xray_sdk_is_imported_only_when_tracing(tracing: bool, local: bool, imported: bool) -> None:
    program = (
        "import sys; from articles.config import Settings; from articles.runtime import observability; "
        f"_, tracer, _ = observability(Settings(**{NAMES!r}, tracing={tracing}, local={local})); "
        "tracer.capture_method(len); print('aws_xray_sdk' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == str(imported)
