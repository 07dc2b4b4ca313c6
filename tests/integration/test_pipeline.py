"""The whole pipeline on moto: S3 put → parse → SNS → tag + related → DynamoDB → API handler."""

from __future__ import annotations

import json
import zlib
from typing import Any

from tests.conftest import load_event
from tests.integration.conftest import MotoStack

PAGE = """Tuesday , 5 March 2024
Home / Economy / Egypt and Libya agree to reopen Salloum border crossing

Egypt and Libya agree to reopen Salloum border crossing

Egyptian Foreign Minister Sameh Shoukry met Libyan Foreign Minister Mohamed Abdulaziz in Cairo on Monday to agree on reopening the Salloum border crossing to trade.

Shoukry said the crossing would open within two weeks. Abdulaziz thanked Egypt for its support and said Libya would send a delegation to Cairo.

The United Nations welcomed the agreement between Egypt and Libya.
"""


def test_s3_drop_flows_to_dynamodb_and_api(moto_stack: MotoStack) -> None:
    moto_stack.put("2024/salloum crossing.txt", PAGE.encode())
    assert moto_stack.pump("ParseArticleFunction") >= 1

    # raw delivery: each consumer queue holds the reference message itself, not an SNS envelope
    sqs = moto_stack.client("sqs")
    peek = sqs.receive_message(QueueUrl=moto_stack.resources.urls["TagQueue"], VisibilityTimeout=0,
                               MessageAttributeNames=["All"])["Messages"][0]
    message = json.loads(peek["Body"])
    assert set(message) >= {"article_id", "parsed_key", "content_hash"} and "body" not in message
    assert peek["MessageAttributes"]["event"]["StringValue"] == "article.parsed"

    moto_stack.pump("TagEntitiesFunction")
    moto_stack.pump("FindRelatedFunction")

    status, article = moto_stack.api(f"/articles/{message['article_id']}")
    assert status == 200
    assert article["status"] == "ok", article
    assert article["title"] == "Egypt and Libya agree to reopen Salloum border crossing"
    assert article["key"] == "2024/salloum crossing.txt"
    assert article["section"] == "Economy"
    assert article["body"].startswith("Egyptian Foreign Minister Sameh Shoukry met")
    names = {e["name"] for e in article["entities"]}
    assert {"Sameh Shoukry", "Egypt", "Libya", "Cairo"} <= names
    stages = article["stages"]
    assert all(stages[s]["state"] == "ok" and stages[s]["at"] for s in ("parse", "tag", "related"))

    # the parsed JSON (small: compressed in its ArticlesTable item, not in the parsed bucket),
    # the raw object stays in the inbox
    s3 = moto_stack.client("s3")
    table = moto_stack.table()
    item = table.get_item(Key={"pk": f"PARSED#{message['parsed_key']}", "sk": "P"})["Item"]
    parsed = json.loads(zlib.decompress(bytes(item["z"].value)))
    assert parsed["id"] == message["article_id"] and parsed["body"] == article["body"]
    assert s3.list_objects_v2(Bucket=moto_stack.resources.names["ParsedBucket"]).get("KeyCount", 0) == 0
    assert s3.head_object(Bucket=moto_stack.inbox, Key="2024/salloum crossing.txt")["ContentLength"] > 0


def test_related_articles_link_both_ways(moto_stack: MotoStack) -> None:
    moto_stack.put("a.txt", PAGE.encode())
    moto_stack.run_all()
    second = PAGE.replace("Tuesday , 5 March 2024", "Wednesday , 6 March 2024").replace(
        "The United Nations welcomed", "The Arab League also welcomed")
    moto_stack.put("b.txt", second.encode())
    moto_stack.run_all()
    from articles.ids import article_id

    a, b = article_id(moto_stack.inbox, "a.txt"), article_id(moto_stack.inbox, "b.txt")
    _, doc_b = moto_stack.api(f"/articles/{b}")
    assert a in [r["id"] for r in doc_b["related"]]
    _, doc_a = moto_stack.api(f"/articles/{a}/related")
    assert b in [r["id"] for r in doc_a["related"]]


def test_bad_input_is_recorded_not_lost(moto_stack: MotoStack) -> None:
    moto_stack.put("empty.txt", b"   \n  ")
    moto_stack.put("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    moto_stack.put("folder/", b"")
    moto_stack.run_all()
    from articles.ids import article_id

    for key, state in (("empty.txt", "failed"), ("image.png", "failed"), ("folder/", "skipped")):
        status, doc = moto_stack.api(f"/articles/{article_id(moto_stack.inbox, key)}")
        assert status == 200, (key, doc)
        assert doc["status"] == state and doc["error"], (key, doc)
        assert doc["stages"]["parse"]["error"]
    # raw objects stay; nothing waits in any queue or DLQ
    s3 = moto_stack.client("s3")
    assert {o["Key"] for o in s3.list_objects_v2(Bucket=moto_stack.inbox)["Contents"]} == {
        "empty.txt", "image.png", "folder/"}


def test_duplicate_delivery_creates_one_article(moto_stack: MotoStack) -> None:
    moto_stack.put("dup.txt", PAGE.encode())
    sqs = moto_stack.client("sqs")
    url = moto_stack.resources.urls["ParseQueue"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0)["Messages"]
    for m in messages:  # the same notification delivered a second time
        sqs.send_message(QueueUrl=url, MessageBody=m["Body"])
    moto_stack.run_all()
    table = moto_stack.table()
    items = table.scan()["Items"]  # a test may scan; the code never does
    articles = [i for i in items if i["sk"] == "A"]
    assert len(articles) == 1
    links = [i for i in items if str(i["pk"]).startswith("ENT#") and str(i["sk"]).startswith("L#")]
    assert links and {i["article_id"] for i in links} == {articles[0]["id"]}
    assert len(links) == len({i["pk"] for i in links})  # one link per entity, not one per delivery
    (record,) = [i for i in items if i["sk"] == "LINKS"]
    assert set(record["links"]) == {str(i["pk"]).removeprefix("ENT#") for i in links}


def test_overwrite_replaces_and_delete_purges(moto_stack: MotoStack) -> None:
    from articles.ids import article_id

    moto_stack.put("story.txt", PAGE.encode())
    moto_stack.run_all()
    aid = article_id(moto_stack.inbox, "story.txt")
    changed = PAGE.replace("Egypt and Libya agree to reopen Salloum border crossing",
                           "Tunisia and Algeria sign a gas pipeline deal").replace("Sameh Shoukry", "Ahmed Attaf")
    moto_stack.put("story.txt", changed.encode())
    moto_stack.run_all()
    _, doc = moto_stack.api(f"/articles/{aid}")
    assert doc["title"] == "Tunisia and Algeria sign a gas pipeline deal"
    assert "Sameh Shoukry" not in {e["name"] for e in doc["entities"]}

    moto_stack.client("s3").delete_object(Bucket=moto_stack.inbox, Key="story.txt")
    moto_stack.run_all()
    status, _ = moto_stack.api(f"/articles/{aid}")
    assert status == 404
    leftovers = [i for i in moto_stack.table().scan()["Items"] if aid in json.dumps(i, default=str)]
    assert leftovers == []


def test_sample_events_are_accepted_by_the_handlers(moto_stack: MotoStack) -> None:
    """The events/ files (used by `sam local invoke -e`) run through the real handlers."""
    from articles_tools.local.lambda_shapes import LocalContext

    moto_stack.put("2023/12/libya-egypt-chiefs.txt", PAGE.encode())
    result = moto_stack.handlers["ParseArticleFunction"](load_event("parse_article/s3-put.json"),
                                                          LocalContext(function_name="p"))
    assert result == {"batchItemFailures": []}
    test_event = moto_stack.handlers["ParseArticleFunction"](load_event("parse_article/s3-test-event.json"),
                                                              LocalContext(function_name="p"))
    assert test_event == {"batchItemFailures": []}
    # a reference to an article that does not exist is stale: acknowledged, no effect
    for name, fn in (("tag_entities/sns-raw-parsed.json", "TagEntitiesFunction"),
                     ("find_related/sns-raw-parsed.json", "FindRelatedFunction"),
                     ("find_related/sns-raw-removed.json", "FindRelatedFunction")):
        assert moto_stack.handlers[fn](load_event(name), LocalContext(function_name=fn)) == {"batchItemFailures": []}
    status, body = moto_stack.api("/articles/a_doesnotexist0000")
    assert status == 404 and body["error"] == "not_found"


def test_tagging_writes_are_batched(moto_stack: MotoStack) -> None:
    """Alias items and links go out in batches of 25, one UpdateItem per entity, and the count
    changes in one transaction per 99 entities (with the article's COUNTED record); a second
    article about the same people writes its links the same way (its alias items are re-put:
    idempotent, they keep a retry after a crash findable)."""
    from collections import Counter

    repo = moto_stack.stage("TagEntitiesFunction").repo
    calls: Counter[str] = Counter()
    sizes: list[int] = []
    batches: Counter[str] = Counter()  # BatchWriteItem requests by what they write

    def count(params: dict, model: object, **_: object) -> None:  # type: ignore[type-arg]
        name = getattr(model, "name", "")
        calls[name] += 1
        pk = (params.get("Key") or {}).get("pk")
        if name == "UpdateItem" and "XS#" in str(pk):  # a name new to its entity, under its script key
            calls["script-names"] += 1
        if name == "BatchWriteItem":
            requests = [r for v in params["RequestItems"].values() for r in v]
            sizes.append(len(requests))
            sk = str(requests[0]["PutRequest"]["Item"]["sk"])
            batches["links" if sk.startswith("L#") else "lookups"] += len(requests)

    repo.table.meta.client.meta.events.register("provide-client-params.dynamodb", count)
    moto_stack.put("one.txt", PAGE.encode())
    moto_stack.run_all()
    first = dict(calls)
    from articles.ids import article_id

    entities = len(moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 'one.txt')}")[1]["entities"])
    # one per entity, plus the stage status, plus the script-key records of names first seen
    assert first["UpdateItem"] == entities + 1 + first.get("script-names", 0)
    assert first.get("script-names", 0) <= 3 * entities
    assert batches["links"] == entities and all(s <= 25 for s in sizes)
    assert first["BatchWriteItem"] == -(-batches["lookups"] // 25) + -(-entities // 25)
    assert "TransactWriteItems" not in first

    calls.clear()
    sizes.clear()
    batches.clear()
    moto_stack.put("two.txt", PAGE.replace("Tuesday , 5 March", "Friday , 8 March").encode())
    moto_stack.run_all()
    assert batches["links"] == entities and batches["lookups"] == 0 and all(s <= 25 for s in sizes)
    assert calls["UpdateItem"] == 1 and "TransactWriteItems" not in calls  # the stage status only


def _page(title: str, body: str, day: str) -> bytes:
    return f"{day}\nHome / World / {title}\n\n{title}\n\n{body}\n".encode()


def test_transliteration_variants_are_one_entity_across_articles_and_lookalikes_two(moto_stack: MotoStack) -> None:
    from articles.ids import article_id

    moto_stack.put("a.txt", _page("Cairo talks on border trade",
                                  "Egyptian Foreign Minister Sameh Shoukry met Libyan Foreign Minister Mohamed "
                                  "Abdulaziz in Cairo on Monday. Shoukry said trade would resume.",
                                  "Monday , 4 March 2024"))
    moto_stack.put("b.txt", _page("Libya and Egypt sign a customs deal",
                                  "Egypt's foreign minister Sameh Shoukri and Libya's Mohammed Abdelaziz signed a "
                                  "customs deal in Tripoli on Sunday. Ahmed Abdulaziz, a trade official, welcomed it.",
                                  "Sunday , 10 March 2024"))
    moto_stack.run_all()
    by_doc = {}
    for key in ("a.txt", "b.txt"):
        _, doc = moto_stack.api(f"/articles/{article_id(moto_stack.inbox, key)}")
        by_doc[key] = {e["name"]: e for e in doc["entities"] if e["type"] == "PER"}
    shoukry_a = next(e for n, e in by_doc["a.txt"].items() if "Shoukr" in n)
    shoukry_b = next(e for n, e in by_doc["b.txt"].items() if "Shoukr" in n)
    assert shoukry_a["id"] == shoukry_b["id"]
    minister_a = next(e for n, e in by_doc["a.txt"].items() if "Abd" in n)
    minister_b = next(e for n, e in by_doc["b.txt"].items() if n.startswith("Moh"))
    assert minister_a["id"] == minister_b["id"]
    official = by_doc["b.txt"]["Ahmed Abdulaziz"]
    assert official["id"] != minister_a["id"]  # a look-alike stays another person

    status, entity = moto_stack.api(f"/entities/{shoukry_a['id']}")
    assert status == 200 and entity["article_count"] == 2
    assert {"Sameh Shoukry", "Sameh Shoukri"} <= set(entity["aliases"]) | {entity["name"]}
    assert any(r["title"] == "Foreign Minister" for r in entity["roles"])
    found = moto_stack.api("/entities?q=Shoukri")[1]["items"]
    assert [e["id"] for e in found] == [shoukry_a["id"]]


def _reads_of(monkeypatch: Any, sort_key: str) -> list[str]:
    """Records the partition key of every GetItem, by any client, of an item with ``sort_key``."""
    import botocore.client

    reads: list[str] = []
    call = botocore.client.BaseClient._make_api_call

    def seen(client: Any, operation: str, params: dict[str, Any]) -> Any:
        if operation == "GetItem" and params["Key"]["sk"] in (sort_key, {"S": sort_key}):  # resource or client form
            reads.append(str(params["Key"]["pk"]))
        return call(client, operation, params)

    monkeypatch.setattr(botocore.client.BaseClient, "_make_api_call", seen)
    return reads


def test_a_message_outrun_by_a_new_version_is_skipped_on_the_parsed_article_alone(
        moto_stack: MotoStack, monkeypatch: Any) -> None:
    """The parsed JSON carries its content hash: a stage tells a stale message from the parsed
    article it reads anyway, without reading the article item; the newer version is tagged."""
    from articles.ids import article_id

    moto_stack.put("story.txt", PAGE.encode())
    moto_stack.pump("ParseArticleFunction")
    changed = PAGE.replace("Sameh Shoukry", "Ahmed Attaf").replace("Shoukry said", "Attaf said")
    moto_stack.put("story.txt", changed.encode())
    moto_stack.pump("ParseArticleFunction")  # two messages now wait: the first one is stale
    reads = _reads_of(monkeypatch, "A")
    assert moto_stack.pump("TagEntitiesFunction") == 2
    assert moto_stack.pump("FindRelatedFunction") == 2
    assert reads == []
    _, doc = moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 'story.txt')}")
    names = {e["name"] for e in doc["entities"]}
    assert "Ahmed Attaf" in names and "Sameh Shoukry" not in names
    assert doc["stages"]["tag"]["state"] == doc["stages"]["related"]["state"] == "ok"


def test_the_article_view_reads_the_links_record_once(moto_stack: MotoStack, monkeypatch: Any) -> None:
    """Entities and quotations come from one read of the article's LINKS record."""
    from articles.ids import article_id

    quoted = PAGE + "\n\u201cThe crossing will open for trade within two weeks,\u201d Shoukry said.\n"
    moto_stack.put("story.txt", quoted.encode())
    moto_stack.run_all()
    reads = _reads_of(monkeypatch, "LINKS")
    status, doc = moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 'story.txt')}")
    assert status == 200 and "Sameh Shoukry" in {e["name"] for e in doc["entities"]}
    assert [q["speaker_name"] for q in doc["quotes"]] == ["Sameh Shoukry"]
    assert len(reads) == 1
