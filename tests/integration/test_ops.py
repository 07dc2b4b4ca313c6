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
