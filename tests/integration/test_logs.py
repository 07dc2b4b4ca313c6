"""Logs never carry article text: not on success, not when a record fails, not at DEBUG."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from articles.runtime import observability

from tests.integration.conftest import MotoStack

SECRET = "Zanubia Qarawiyyin-Ferhat unveiled the saffron ledger"
PAGE = (f"Tuesday , 7 May 2024\nHome / Economy / Saffron ledger unveiled in Fez\n\nSaffron ledger unveiled in Fez\n\n"
        f"{SECRET} on Tuesday, officials in Fez said. The ledger lists every saffron harvest since 1950, "
        f"and the minister said it would be public by June.\n").encode()
BAD_JSON = json.dumps({"title": 42, "body": [SECRET], "published": {"x": SECRET}}).encode()


@pytest.fixture
def debug_logs(moto_stack: MotoStack, capfd: pytest.CaptureFixture[str]) -> Any:
    # the Logger the stack's handlers were built with (one per configuration, cached)
    loggers = [observability(moto_stack.resources.settings())[0]]
    levels = [lg.log_level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    yield capfd
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)


def test_no_body_text_in_any_log(moto_stack: MotoStack, debug_logs: pytest.CaptureFixture[str],
                                 caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    moto_stack.put("ok.txt", PAGE)
    moto_stack.put("bad.json", BAD_JSON)
    # and a record that fails inside the tagger, whose exception is logged with its traceback
    tagger = moto_stack.stage("TagEntitiesFunction").tagger
    original = tagger.tag

    def broken(text: str, **kwargs: Any) -> Any:
        raise RuntimeError("tagger crashed")

    tagger.tag = broken
    try:
        moto_stack.run_all()
    finally:
        tagger.tag = original
    out, err = debug_logs.readouterr()
    logged = out + err + caplog.text
    assert "record failed" in logged  # the failure was logged…
    for fragment in (SECRET, "saffron harvest", "Qarawiyyin"):  # …without the article's words
        assert fragment not in logged
