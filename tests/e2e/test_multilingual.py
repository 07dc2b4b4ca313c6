"""Arabic, French and English articles on the same events, on the embedded stack (moto
server, dispatcher, real handlers, HTTP API): one entity id across scripts and spellings,
``/entities?q=`` in both scripts, roles from every language, related links across languages,
and a look-alike kept apart. The articles are our own (tests/fixtures/multilingual)."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from articles.entities.routing import RoutedTagger
from articles.ids import article_id
from articles_tools.local.stack import EmbeddedStack, free_port

pytestmark = pytest.mark.slow
FIXTURES = Path(__file__).parents[1] / "fixtures" / "multilingual"
# Arrival order: the first story comes Arabic first, the second English first.
ORDER = [
    "ar-shoukry-tripoli.txt", "en-shoukry-tripoli.txt", "fr-shoukry-tripoli.txt",
    "en-saied-phosphate.txt", "fr-saied-phosphate.txt", "ar-saied-phosphate.txt",
    "en-mahmoud-shukri-lookalike.txt",
]  # fmt: skip

if not {"ar", "fr"} <= RoutedTagger.load(eager=()).languages:
    pytest.skip("the Arabic and French models are not installed", allow_module_level=True)


def get(base: str, path: str) -> tuple[int, Any]:
    try:
        with urllib.request.urlopen(base + path, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture(scope="module")
def running() -> Iterator[tuple[EmbeddedStack, str]]:
    stack = EmbeddedStack(visibility_timeout=1).start()
    port = free_port()
    stack.serve_api(port)
    for name in ORDER:  # one at a time: each article finds the entities of those before it
        stack.put(f"ml/{name}", (FIXTURES / name).read_bytes())
        assert stack.drain(timeout=120), stack.queue_depths()
    yield stack, f"http://127.0.0.1:{port}"
    stack.stop()


def article(running: tuple[EmbeddedStack, str], name: str) -> dict[str, Any]:
    stack, base = running
    status, doc = get(base, f"/articles/{article_id(stack.inbox, 'ml/' + name)}")
    assert status == 200 and doc["status"] == "ok", (name, doc)
    return doc


def person(doc: dict[str, Any], *spellings: str) -> dict[str, Any]:
    for e in doc["entities"]:
        if e["type"] == "PER" and (e["name"] in spellings or set(e["aliases"]) & set(spellings)):
            return e
    raise AssertionError(f"none of {spellings} in {[e['name'] for e in doc['entities']]}")


def test_languages_are_detected(running: tuple[EmbeddedStack, str]) -> None:
    assert article(running, "ar-shoukry-tripoli.txt")["language"] == "ar"
    assert article(running, "fr-shoukry-tripoli.txt")["language"] == "fr"
    assert article(running, "en-shoukry-tripoli.txt")["language"] == "en"


def test_one_entity_across_scripts_and_spellings(running: tuple[EmbeddedStack, str]) -> None:
    ar = person(article(running, "ar-shoukry-tripoli.txt"), "سامح شكري")
    en = person(article(running, "en-shoukry-tripoli.txt"), "Sameh Shoukry")
    fr = person(article(running, "fr-shoukry-tripoli.txt"), "Sameh Choukri", "Sameh Shoukry")
    assert ar["id"] == en["id"] == fr["id"]
    # the other story arrived English first
    en2 = person(article(running, "en-saied-phosphate.txt"), "Kais Saied")
    fr2 = person(article(running, "fr-saied-phosphate.txt"), "Kaïs Saïed", "Kais Saied")
    ar2 = person(article(running, "ar-saied-phosphate.txt"), "قيس سعيد")
    assert en2["id"] == fr2["id"] == ar2["id"]
    _, base = running
    status, entity = get(base, f"/entities/{en['id']}")
    assert status == 200
    assert "سامح شكري" in entity["names"]["arabic"] and "Sameh Shoukry" in entity["names"]["latin"]


def test_arabic_mentions_point_into_the_original_text(running: tuple[EmbeddedStack, str]) -> None:
    doc = article(running, "ar-shoukry-tripoli.txt")
    for e in doc["entities"]:
        for m in e["mentions"]:
            assert doc["body"][m["start"] : m["end"]] == m["text"]


def test_entities_found_by_either_script(running: tuple[EmbeddedStack, str]) -> None:
    _, base = running
    en = person(article(running, "en-shoukry-tripoli.txt"), "Sameh Shoukry")
    for q in ("شكري", "Choukri", "سامح شكري", "Shoukry"):
        status, found = get(base, "/entities?q=" + urllib.parse.quote(q))
        assert status == 200, found
        assert en["id"] in [e["id"] for e in found["items"]], (q, found)


def test_look_alike_stays_apart(running: tuple[EmbeddedStack, str]) -> None:
    en = person(article(running, "en-shoukry-tripoli.txt"), "Sameh Shoukry")
    other = person(article(running, "en-mahmoud-shukri-lookalike.txt"), "Mahmoud Shukri")
    assert other["id"] != en["id"]


def test_roles_from_every_language_on_one_timeline(running: tuple[EmbeddedStack, str]) -> None:
    ar = person(article(running, "ar-shoukry-tripoli.txt"), "سامح شكري")
    assert {"title": "Foreign Minister", "nationality": "Egyptian"}.items() <= ar["roles"][0].items()
    fr = person(article(running, "fr-shoukry-tripoli.txt"), "Sameh Choukri", "Sameh Shoukry")
    assert any(r["title"] == "Foreign Minister" and r["nationality"] == "Egyptian" for r in fr["roles"])
    _, base = running
    status, entity = get(base, f"/entities/{ar['id']}")
    assert status == 200
    timeline = entity.get("roles") or entity.get("role_timeline") or []
    assert any(p["title"] == "Foreign Minister" and p["articles"] >= 2 for p in timeline), entity


def test_related_across_languages_both_ways(running: tuple[EmbeddedStack, str]) -> None:
    stack, base = running
    ids = {name: article_id(stack.inbox, "ml/" + name) for name in ORDER}
    for a, b in [("ar-shoukry-tripoli.txt", "en-shoukry-tripoli.txt"),
                 ("fr-shoukry-tripoli.txt", "ar-shoukry-tripoli.txt"),
                 ("ar-saied-phosphate.txt", "fr-saied-phosphate.txt")]:
        for x, y in [(a, b), (b, a)]:
            status, doc = get(base, f"/articles/{ids[x]}/related")
            assert status == 200
            links = {link["id"]: link for link in doc["related"]}
            assert ids[y] in links, (x, y, doc)
    _, doc = get(base, f"/articles/{ids['ar-shoukry-tripoli.txt']}/related")
    reasons = " ".join(r for link in doc["related"] if link["id"] == ids["en-shoukry-tripoli.txt"]
                       for r in link["reasons"])
    assert "شكري" in reasons or "Shoukry" in reasons, doc
