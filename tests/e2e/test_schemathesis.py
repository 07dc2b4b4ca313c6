"""Property-based run of schemathesis against the local API's own OpenAPI document.

The embedded stack processes the bundled samples, the API is served over real HTTP, and the
schema is the one the running server publishes at /openapi.json. Every operation gets a bounded
number of generated requests (schema examples, coverage cases, then Hypothesis fuzzing, valid and
invalid inputs) and every response must be: no 5xx, a status code the schema declares, the declared
content type and headers, and a body that validates against the declared schema.

Ids, days, names and cursors that exist in the stack are added to the document as parameter
examples (each sent once by the examples phase) and mixed into fuzzed requests by hooks, so 200
responses are exercised, not only 404s; `test_real_data_was_reached` checks that they were.
Runs are derandomized and write no Hypothesis example database.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from articles.ids import article_id
from articles_tools.cli import SAMPLES
from articles_tools.local.stack import EmbeddedStack, free_port
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.slow

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 30  # per operation, fuzzing phase; examples and coverage phases come on top

HOSTILE_CURSORS = [
    base64.urlsafe_b64encode(b"[" * 1400).decode().rstrip("=") + ".0",  # deeply nested JSON, bad signature
    base64.urlsafe_b64encode(b"{}").decode().rstrip("=") + ".\u00e9",  # non-ASCII signature
]

# Status codes seen per operation label ("GET /articles/{article_id}"), for test_real_data_was_reached.
SEEN: dict[str, set[int]] = defaultdict(set)


def _get(url: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture(scope="module")
def api() -> Iterator[tuple[str, dict[str, list[str]]]]:
    """The embedded stack with the bundled samples processed, its API on a free port, and the
    real values (parameter name → values) that the fuzzer mixes into generated requests."""
    stack = EmbeddedStack(visibility_timeout=1).start()
    try:
        port = free_port()
        stack.serve_api(port)
        base = f"http://127.0.0.1:{port}"
        paths = sorted(p for p in SAMPLES.iterdir() if p.is_file())
        for path in paths:
            stack.put(path.name, path.read_bytes())
        assert stack.drain(timeout=180), stack.queue_depths()

        articles: list[dict[str, Any]] = []
        for path in paths:
            for candidate in (article_id(stack.inbox, path.name), article_id(stack.inbox, path.name, 1)):
                status, doc = _get(f"{base}/articles/{candidate}")
                if status == 200:
                    articles.append(doc)
                    break
        assert len(articles) >= 3, "the samples did not come out as articles"
        entities = sorted({e["id"]: e["name"] for a in articles for e in a["entities"]}.items())
        days = sorted({a["published"][:10] for a in articles if a.get("published")})
        cursors = set()
        for eid, _ in entities[:12]:
            for listing in (f"/entities/{eid}/articles?limit=1", f"/articles?entity={eid}&limit=1"):
                status, page = _get(base + listing)
                if status == 200 and page.get("next"):
                    cursors.add(page["next"])
        assert cursors, "no entity has two articles: nothing to page through"
        real = {
            "article_id": sorted(a["id"] for a in articles),
            "entity_id": [eid for eid, _ in entities][:12],
            "entity": [eid for eid, _ in entities][:12],
            "day": days,
            "from": days,
            "to": days,
            "section": sorted({a["section"] for a in articles if a.get("section")}),
            "language": sorted({a["language"] for a in articles if a.get("language")}),
            "q": [name for _, name in entities][:12],
            # real next-page cursors (valid for their own query only) and two hostile ones: a signed
            # payload must be checked before it is parsed, and a signature is untrusted text
            "cursor": [*sorted(cursors), *HOSTILE_CURSORS],
        }
        yield base, {k: v for k, v in real.items() if v}
    finally:
        stack.stop()


def _mix_in(real: dict[str, list[str]], names: list[str], generated: dict[str, Any] | None) -> Any:
    """A strategy: the generated parameters as they are, or with one of them set to a real value."""
    generated = generated or {}
    options = [
        st.sampled_from(real[name]).map(lambda value, name=name: {**generated, name: value})
        for name in names if name in real
    ]
    return st.one_of(st.just(generated), *options) if options else st.just(generated)


@pytest.fixture(scope="module")
def api_schema(api: tuple[str, dict[str, list[str]]]) -> Any:
    base, real = api
    status, document = _get(f"{base}/openapi.json")
    assert status == 200, document
    # The examples phase sends each real value once, whatever the fuzzer draws later.
    for operation in document["paths"].values():
        for parameter in operation.get("get", {}).get("parameters", []):
            values = real.get(parameter["name"], [])
            if values and "examples" not in parameter:
                parameter["examples"] = {f"real-{i}": {"value": v} for i, v in enumerate(values)}
    # An explicit (default) config: no schemathesis.toml discovered from the working directory.
    schema = schemathesis.openapi.from_dict(document, config=schemathesis.Config())
    schema.config.update(base_url=base)

    @schema.hook
    def flatmap_path_parameters(ctx: schemathesis.HookContext, path_parameters: dict[str, Any]) -> Any:
        return _mix_in(real, sorted(path_parameters or {}), path_parameters)

    @schema.hook
    def flatmap_query(ctx: schemathesis.HookContext, query: dict[str, Any] | None) -> Any:
        names = [p.name for p in ctx.operation.query] if ctx.operation is not None else []
        return _mix_in(real, names, query)

    return schema


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(autouse=True)
def _node_id_shim(request: pytest.FixtureRequest) -> None:
    """schemathesis (<= 4.32.5) reads and rewrites ``item._nodeid``, which pytest 9.2 no longer has
    (the id is ``item._id`` behind the ``nodeid`` property): without it every operation fails with
    AttributeError before a request is sent. Give it the attribute to read; its per-operation
    rename then only loses the "[GET /path]" suffix (failures still name their operation). Drop
    once schemathesis supports pytest 9.2."""
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,  # the same cases on every run: CI is not flaky
    database=None,  # no .hypothesis/ example database in the repo
    deadline=None,  # the local server shares two slow cores with moto
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_own_schema(case: schemathesis.Case) -> None:
    response = case.call(timeout=30)
    SEEN[f"{case.method.upper()} {case.operation.path}"].add(response.status_code)
    case.validate_response(response, checks=CHECKS)


def test_real_data_was_reached() -> None:
    """The fuzzing above hit existing articles and entities, not only 404s and 422s."""
    if not SEEN:
        pytest.skip("runs after test_api_conforms_to_its_own_schema")
    for label in ("GET /articles", "GET /articles/{article_id}", "GET /articles/{article_id}/related",
                  "GET /entities/{entity_id}", "GET /entities/{entity_id}/articles", "GET /search", "GET /entities"):
        assert 200 in SEEN[label], (label, sorted(SEEN[label]))
