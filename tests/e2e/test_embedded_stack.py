"""The embedded default end to end, as ``articles up`` runs it: moto server on 127.0.0.1, each
queue-driven function in a process of its own, real handlers, HTTP API — the bundled samples
(and the seed when ../shared is present) read back over HTTP."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from articles.ids import article_id
from articles_tools.cli import SAMPLES
from articles_tools.local.stack import EmbeddedStack, free_port

from tests.conftest import SHARED

pytestmark = pytest.mark.slow
PAGES = sorted(p for p in (Path(__file__).parents[1] / "fixtures" / "pages").iterdir()
               if not p.name.endswith(".expected.json"))


def get(base: str, path: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


BATCHES: list[tuple[str, int, int]] = []  # what the worker processes reported (on_batch)


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[EmbeddedStack, str, list[str]]]:
    stack = EmbeddedStack(visibility_timeout=1, workers="process",
                          on_batch=lambda *batch: BATCHES.append(batch)).start()
    port = free_port()
    stack.serve_api(port)
    paths = sorted(p for p in SAMPLES.iterdir() if p.is_file())
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    keys = [p.name for p in paths + seeds]
    for path in paths + seeds:
        stack.put(path.name, path.read_bytes())
    # a dozen more of our own pages (text, HTML, UTF-16, cp1256…), so listings have real depth
    for path in PAGES:
        stack.put(f"pages/{path.name}", path.read_bytes())
    stack.put("notes/empty.txt", b"")
    assert stack.drain(timeout=180), stack.queue_depths()
    yield stack, f"http://127.0.0.1:{port}", keys
    stack.stop()


def test_every_sample_is_processed_and_readable_over_http(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    stack, base, keys = running
    assert len(keys) >= 3
    for key in keys:
        status, doc = get(base, f"/articles/{article_id(stack.inbox, key)}")
        if status == 404:  # a multi-article file: ids carry a suffix
            status, doc = get(base, f"/articles/{article_id(stack.inbox, key, 1)}")
        assert status == 200, (key, doc)
        assert doc["status"] == "ok", (key, doc.get("error"))
        assert doc["title"] and doc["body"] and doc["entities"], key


def test_samples_about_one_story_are_related(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    stack, base, keys = running
    linked = 0
    for key in keys:
        _, doc = get(base, f"/articles/{article_id(stack.inbox, key)}/related")
        linked += bool(doc.get("related"))
    assert linked >= 2


def test_bad_input_is_visible_in_the_api(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    stack, base, _ = running
    status, doc = get(base, f"/articles/{article_id(stack.inbox, 'notes/empty.txt')}")
    assert status == 200 and doc["status"] == "failed" and "empty" in doc["error"].lower()
    assert not any(stack.dlq_messages().values())


def test_entity_lookup_and_listing(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    _, base, _ = running
    status, found = get(base, "/entities?q=Libya")
    assert status == 200 and found["items"], found
    entity = found["items"][0]
    status, listing = get(base, f"/articles?entity={entity['id']}&limit=1")
    assert status == 200 and len(listing["items"]) == 1
    if entity["article_count"] > 1:
        assert listing["next"]
        _, page2 = get(base, f"/articles?entity={entity['id']}&limit=1&cursor={listing['next']}")
        assert page2["items"][0]["id"] != listing["items"][0]["id"]


def test_search_is_served_from_the_index(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    _, base, _ = running
    status, doc = get(base, "/search?q=Salloum%20crossing")
    assert status == 200 and doc["items"], doc
    assert "salloum" in (doc["items"][0]["title"] or "").lower()


def test_tampered_cursor_is_a_400(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    _, base, _ = running
    status, doc = get(base, "/articles?entity=e_0000&cursor=eyJrIjp7fX0.deadbeef")
    assert status == 400 and "cursor" in doc["message"]


def test_unknown_article_is_a_json_404(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    _, base, _ = running
    status, doc = get(base, "/articles/a_0000000000000000")
    assert status == 404 and doc == {"error": "not_found", "message": "no article with id a_0000000000000000"}


def test_seed_comes_out_right(running: tuple[EmbeddedStack, str, list[str]], seed_path: Path) -> None:
    stack, base, _ = running
    _, doc = get(base, f"/articles/{article_id(stack.inbox, seed_path.name)}")
    assert doc["title"] == "Libyan and Egyptian chiefs of staff discuss military cooperation"
    assert doc["published"] == "2023-12-04" and doc["published_source"] == "page-header"
    assert doc["section"] == "Normal"
    assert doc["body"].startswith("Libyan Chief of Staff Major-General Abdul Razzaq Al-Nazhuri met")
    assert doc["body"].endswith("capable of doing so,” he stated.")
    assert [s["title"] for s in doc["site_related"]] == [
        "Parallel government to hold international conference on rebuilding Derna this week"]
    # shown from the parsed article: the article item (copied to gsi1, rewritten per stage) keeps
    # no copy of them
    item = stack.client("dynamodb").get_item(TableName=stack.stack.names["ArticlesTable"],
                                              Key={"pk": {"S": f"ART#{doc['id']}"}, "sk": {"S": "A"}})["Item"]
    assert "site_related" not in item and "body" not in item
    by_type: dict[str, set[str]] = {}
    for e in doc["entities"]:
        by_type.setdefault(e["type"], set()).add(e["name"])
    assert {"Abdul Razzaq Al-Nazhuri", "Mahmoud Hegazy", "Mohamed Abdulaziz", "Ageela Saleh", "Sameh Shoukry",
            "Abdel-Fateh Al-Sisi"} <= by_type.get("PER", set())
    assert {"House of Representatives", "UN Security Council"} <= by_type.get("ORG", set())
    assert {"Libya", "Egypt", "Cairo"} <= by_type.get("LOC", set())
    speakers = {q["speaker_name"] for q in doc["quotes"]}
    assert "Abdul Razzaq Al-Nazhuri" in speakers, doc["quotes"]


def every_article(base: str, query: str = "limit=100") -> list[dict[str, Any]]:
    """GET /articles page after page until ``next`` is null."""
    items: list[dict[str, Any]] = []
    cursor = None
    for _ in range(100):
        status, page = get(base, f"/articles?{query}" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200, page
        items += page["items"]
        cursor = page["next"]
        if not cursor:
            return items
    raise AssertionError("pagination does not end")


def test_every_endpoint_answers_over_http(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    """Each route of the OpenAPI document, called with real values from the stack's own data."""
    _, base, _ = running
    status, spec = get(base, "/openapi.json")
    assert status == 200
    listing = every_article(base)
    assert len(listing) >= 17, "the samples, a dozen pages and the empty file are all listed"
    article = next(i for i in listing if i["status"] == "ok" and "salloum" in (i["key"] or ""))
    _, entities = get(base, "/entities?q=Egypt")
    entity_id = entities["items"][0]["id"]
    values = {"article_id": article["id"], "entity_id": entity_id}
    checked = set()
    for path in spec["paths"]:
        url = path.format(**values)
        query = {"/articles": "?section=Politics", "/entities": "?q=Shoukri", "/search": "?q=gas%20exports"}
        status, doc = get(base, url + query.get(path, ""))
        assert status == 200, (url, doc)
        checked.add(path)
    assert checked >= {"/articles", "/articles/{article_id}", "/articles/{article_id}/related", "/entities",
                       "/entities/{entity_id}", "/entities/{entity_id}/articles", "/search", "/health"}
    _, found = get(base, "/entities?q=Shoukri")
    # one entity for both spellings, named by the one most articles use (the seed tips it)
    (shoukry,) = [e for e in found["items"] if {"Sameh Shoukry", "Sameh Shoukri"} <= set(e["aliases"])]
    assert shoukry["name"] in ("Sameh Shoukry", "Sameh Shoukri")
    _, entity = get(base, f"/entities/{entity_id}")
    assert entity["article_count"] >= 2 and entity["first_seen"] <= entity["last_seen"]
    _, by_entity = get(base, f"/entities/{entity_id}/articles?limit=100")
    assert len(by_entity["items"]) == entity["article_count"]
    status, docs_page = 0, b""
    with urllib.request.urlopen(base + "/docs", timeout=30) as resp:
        status, docs_page = resp.status, resp.read()
    assert status == 200 and b"swagger" in docs_page.lower() and b"cdn" not in docs_page.lower()


def test_listing_filters_over_http(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    _, base, _ = running
    everything = every_article(base)
    english = [i["id"] for i in everything if i["language"] == "en"]
    assert [i["id"] for i in every_article(base, "language=en")] == english
    dated = [i for i in everything if i["published"]]
    day = dated[len(dated) // 2]["published"][:10]
    upto = every_article(base, f"to={day}")
    assert upto and all((i["published"] or "")[:10] <= day for i in upto)
    assert [i["id"] for i in every_article(base, "limit=3")] == [i["id"] for i in everything]


def test_cli_clients_call_the_api(running: tuple[EmbeddedStack, str, list[str]],
                                  capsys: pytest.CaptureFixture[str]) -> None:
    from articles_tools.cli import main

    stack, base, _ = running
    aid = article_id(stack.inbox, "egypt-libya-salloum-crossing.txt")
    assert main(["get", aid, "--api", base, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == aid
    assert main(["entity", "Shoukri", "--api", base]) == 0
    assert "Sameh Shouk" in capsys.readouterr().out  # Shoukry or Shoukri: whichever most articles use
    assert main(["list", "--entity", "Shoukri", "--api", base, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert aid in [i["id"] for i in listed["items"]]
    assert main(["search", "Salloum crossing", "--api", base]) == 0
    assert aid in capsys.readouterr().out
    assert main(["get", "a_0000000000000000", "--api", base]) == 1
    out = capsys.readouterr()
    assert "no article with id 'a_0000000000000000'" in out.err and out.out == ""  # one line, no JSON dump
    assert main(["get", "a_0000000000000000", "--api", base, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "not_found"  # --json keeps machine output


def test_parallel_requests_each_get_their_own_answer(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    """A browser loads a page's data in parallel (the web view: an entity and its articles at
    once). The local server answers each request with its own body, as Lambda instances do."""
    from concurrent.futures import ThreadPoolExecutor

    _, base, _ = running
    _, found = get(base, "/entities?q=Libya")
    entity = found["items"][0]["id"]
    paths = [f"/entities/{entity}", f"/entities/{entity}/articles?limit=5", "/health", "/articles?limit=3"] * 6
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda p: (p, *get(base, p)), paths))
    for path, status, doc in answers:
        assert status == 200, (path, doc)
        if path.endswith("/health"):
            assert doc == {"status": "ok"}
        elif path.startswith("/entities/") and "/articles" not in path:
            assert doc["id"] == entity and "roles" in doc
        else:
            assert "items" in doc and "next" in doc, (path, doc)


def test_each_function_runs_in_a_process_of_its_own(running: tuple[EmbeddedStack, str, list[str]]) -> None:
    stack, _, keys = running
    pids = stack.worker_pids
    assert len(pids) == len(set(pids)) == 3 and os.getpid() not in pids
    assert all(Path(f"/proc/{pid}").exists() for pid in pids)
    # the children handled the work and said so: every function, every uploaded object
    handled: dict[str, int] = {}
    for function, records, failed in BATCHES:
        assert 0 <= failed <= records
        handled[function] = handled.get(function, 0) + records - failed
    assert set(handled) == {"ParseArticleFunction", "TagEntitiesFunction", "FindRelatedFunction"}
    assert handled["ParseArticleFunction"] >= len(keys) + len(PAGES)


def test_stopping_the_stack_ends_its_worker_processes() -> None:
    stack = EmbeddedStack(workers="process").start()
    try:
        pids = stack.worker_pids
        assert len(pids) == 3 and all(Path(f"/proc/{pid}").exists() for pid in pids)
        # this process built only the API's handler; a queue-driven one is built when asked for
        assert set(stack.handlers) == {"LookupApiFunction"}
        assert callable(stack.handlers["TagEntitiesFunction"]) and "TagEntitiesFunction" in stack.handlers
    finally:
        stack.stop()
    assert stack.worker_pids == []
    assert not any(Path(f"/proc/{pid}").exists() for pid in pids)


def test_a_worker_whose_handler_cannot_be_built_fails_the_start_with_a_clear_error() -> None:
    from articles_tools.infra import FunctionSpec
    from articles_tools.local.workers import WorkerProcess

    stack = EmbeddedStack(dispatch=False).start()
    try:
        assert stack.settings is not None
        spec = FunctionSpec("BrokenFunction", "functions.no_such_function.app", "lambda_handler", "NoQueue")
        worker = WorkerProcess(spec, stack.settings, endpoint=stack.endpoint, queue_url="http://x/q",
                               queue_arn="arn:aws:sqs:us-east-1:123456789012:q")
        worker.launch()
        with pytest.raises(RuntimeError, match="BrokenFunction worker process did not start"):
            worker.wait_ready(timeout=60)
        assert worker.pid is None  # stopped and reaped
    finally:
        stack.stop()


def test_a_worker_process_that_dies_is_replaced_and_the_work_gets_done(capfd: pytest.CaptureFixture[str]) -> None:
    import signal
    import time

    stack = EmbeddedStack(visibility_timeout=1, workers="process").start()
    try:
        worker = next(d for d in stack.dispatchers if d.spec.logical_id == "ParseArticleFunction")
        dead = worker.pid
        assert dead is not None
        os.kill(dead, signal.SIGKILL)  # as the OOM killer would
        deadline = time.monotonic() + 60
        while worker.pid in (dead, None):
            assert time.monotonic() < deadline, "the parse worker was not replaced"
            time.sleep(0.2)
        sample = sorted(p for p in SAMPLES.iterdir() if p.is_file())[0]
        stack.put("after-the-crash.txt", sample.read_bytes())
        assert stack.drain(timeout=120), stack.queue_depths()
        status, doc = stack.invoke_api(f"/articles/{article_id(stack.inbox, 'after-the-crash.txt')}")
        assert status == 200 and doc["status"] == "ok", doc
        assert len(set(stack.worker_pids)) == 3 and dead not in stack.worker_pids
    finally:
        stack.stop()
    err = capfd.readouterr().err
    assert "[ParseArticleFunction] its worker process exited (code -9); starting a new one (1 of 5)" in err
