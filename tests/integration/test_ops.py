"""`articles dlq / redrive / backfill` against the template's queues in moto."""

from __future__ import annotations

from pathlib import Path

from articles_tools.ops import Resources, backfill, dead_letters, describe, redrive

from tests.integration.conftest import MotoStack

TEXT = b"Monday , 4 March 2024\n\nTunisia holds local elections\n\nVoters in Tunisia chose local councils on " \
       b"Sunday, the electoral commission in Tunis said.\n"


def resources() -> Resources:
    return Resources.local(endpoint_url=None)  # type: ignore[arg-type]


def test_poison_message_lands_in_dlq_is_listed_and_redriven(moto_stack: MotoStack) -> None:
    sqs = moto_stack.client("sqs")
    tag_queue = moto_stack.resources.urls["TagQueue"]
    sqs.send_message(QueueUrl=tag_queue, MessageBody='{"article_id": "a_poison", "oops": true}')
    for _ in range(moto_stack.resources.max_receive_count + 1):
        moto_stack.dispatchers["TagEntitiesFunction"].poll_once()
    found = dead_letters(resources())
    (items,) = [v for k, v in found.items() if k.startswith("TagQueue")]
    assert len(items) == 1 and "a_poison" in items[0]["what"]
    assert items[0]["receives"] >= 1

    moved = redrive(resources(), "tag")
    assert moved == {"TagQueue": 1}
    assert not any(dead_letters(resources()).values())
    body = sqs.receive_message(QueueUrl=tag_queue)["Messages"][0]["Body"]
    assert "a_poison" in body


def test_backfill_requeues_every_object_and_is_idempotent(moto_stack: MotoStack, tmp_path: Path) -> None:
    for i in range(12):
        moto_stack.put(f"news/{i:02d} story.txt", TEXT.replace(b"Tunisia holds", f"Story {i} holds".encode()))
    moto_stack.put("other/skip.txt", TEXT)
    moto_stack.pump("ParseArticleFunction")
    table = moto_stack.table()
    before = sorted(i["id"] for i in table.scan()["Items"] if i["sk"] == "A")

    checkpoint = tmp_path / "ckpt"
    assert backfill(resources(), prefix="news/", checkpoint=checkpoint) == 12
    assert checkpoint.read_text() == "news/11 story.txt"
    assert backfill(resources(), prefix="news/", checkpoint=checkpoint) == 0  # resumed: nothing left
    assert moto_stack.pump("ParseArticleFunction") == 12
    after = sorted(i["id"] for i in table.scan()["Items"] if i["sk"] == "A")
    assert after == before


def test_describe_messages() -> None:
    assert describe('{"article_id": "a_1", "source_key": "k.txt"}') == "article a_1 (k.txt)"
    assert describe('{"Records": [{"s3": {"object": {"key": "x.txt"}}}]}') == "S3 object x.txt"
    assert describe("garbage").startswith("unreadable message")


def test_migrate_links_moves_an_earlier_versions_links(moto_stack: MotoStack) -> None:
    """Links as versions before 2026-12-06 stored them (in the article's partition, with a gsi1
    copy, counted on the entity item and in a COUNTED record) move to the entity's partition;
    the article keeps its entities, the entity its articles, and a second run has nothing to do."""
    from articles_tools.ops import migrate_links

    moto_stack.put("old.txt", TEXT)
    moto_stack.run_all()
    from articles.ids import article_id

    aid = article_id(moto_stack.inbox, "old.txt")
    table = moto_stack.table()
    status, doc = moto_stack.api(f"/articles/{aid}")
    assert status == 200 and doc["entities"]
    expected = sorted((e["id"], e["name"], len(e["mentions"])) for e in doc["entities"])
    # rewrite the article's links the way the earlier version stored them
    record = table.get_item(Key={"pk": f"ART#{aid}", "sk": "LINKS"})["Item"]
    stamp = str(record["stamp"])
    for eid in record["links"]:
        link = table.get_item(Key={"pk": f"ENT#{eid}", "sk": f"L#{stamp}#{aid}"})["Item"]
        table.delete_item(Key={"pk": link["pk"], "sk": link["sk"]})
        table.put_item(Item={**link, "pk": f"ART#{aid}", "sk": f"ENT#{eid}", "gsi1pk": f"ENT#{eid}",
                             "gsi1sk": f"{stamp}#{aid}", "counted_by": "COUNTED"})
        table.update_item(Key={"pk": f"ENT#{eid}", "sk": "E"}, UpdateExpression="SET article_count = :one",
                          ExpressionAttributeValues={":one": 1})
    table.delete_item(Key={"pk": f"ART#{aid}", "sk": "LINKS"})
    table.put_item(Item={"pk": f"ART#{aid}", "sk": "COUNTED", "links": {e: "x" for e in record["links"]}, "v": 1})
    assert moto_stack.api(f"/articles/{aid}")[1]["entities"] == []  # not readable as they are

    assert migrate_links(resources()) == 1
    doc = moto_stack.api(f"/articles/{aid}")[1]
    assert sorted((e["id"], e["name"], len(e["mentions"])) for e in doc["entities"]) == expected
    eid = expected[0][0]
    status, entity = moto_stack.api(f"/entities/{eid}")
    assert status == 200 and entity["article_count"] == 1
    assert [a["id"] for a in moto_stack.api(f"/articles?entity={eid}")[1]["items"]] == [aid]
    items = table.scan()["Items"]
    assert not [i for i in items if str(i["pk"]).startswith("ART#") and str(i["sk"]).startswith(("ENT#", "COUNTED"))]
    assert migrate_links(resources()) == 0
