from __future__ import annotations

import io
import json
from typing import Any

from articles.models import RelatedLink
from articles_tools.related_cli import serve


class FakeIndex:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def upsert(self, article_id: str, **kw: Any) -> list[RelatedLink]:
        self.calls.append(("upsert", {"id": article_id, **kw}))
        if article_id == "boom":
            raise ValueError("bad article")
        return []

    def query(self, **kw: Any) -> list[RelatedLink]:
        self.calls.append(("query", kw))
        return [RelatedLink(id="a1", score=0.9), RelatedLink(id="a2", score=0.5)][: kw["n"]]


def test_json_lines_protocol() -> None:
    lines = [
        {"op": "prepare", "articles": [{"id": "x", "title": "t", "text": "b"}]},
        {"op": "query", "article": {"id": "q1", "title": "T", "text": "body"}, "n": 1},
        {"op": "add", "article": {"id": "q1", "title": "T", "text": "body", "date": "2024-01-02"}},
        {"op": "add", "article": {"id": "boom", "text": "x"}},
        {"op": "nope"},
    ]
    out = io.StringIO()
    index = FakeIndex()
    serve(index, io.StringIO("\n".join(json.dumps(m) for m in lines) + "\n\n"), out)
    replies = [json.loads(x) for x in out.getvalue().splitlines()]
    assert replies[0] == {"ok": True}  # prepare is ignored: nothing is fitted on the whole set
    assert replies[1] == {"ids": ["a1"]}
    assert replies[2] == {"ok": True}
    assert "error" in replies[3] and "bad article" in replies[3]["error"]
    assert "error" in replies[4]
    assert index.calls[0] == ("query", {"title": "T", "body": "body", "n": 1, "exclude": "q1"})
    assert index.calls[1] == ("upsert", {"id": "q1", "title": "T", "body": "body", "published": "2024-01-02"})
    assert len(index.calls) == 3  # prepare never reached the index


def test_tune_overrides_typed_fields_and_refuses_unknown_names() -> None:
    from articles.related.weights import DEFAULT_TUNING
    from articles_tools.related_cli import tuning_of

    tuned = tuning_of(["sample_base=16", "min_score=0.1"])
    assert tuned.sample_base == 16 and isinstance(tuned.sample_base, int)
    assert tuned.min_score == 0.1
    assert tuned.probes == DEFAULT_TUNING.probes  # the rest untouched
    assert tuning_of([]) == DEFAULT_TUNING
    for bad in (["nonsense=1"], ["sample_base"]):
        try:
            tuning_of(bad)
        except SystemExit as exc:
            assert "NAME=VALUE" in str(exc)
        else:
            raise AssertionError(f"{bad} was accepted")
