"""Faults injected into the real adapters over moto, through botocore's event hooks:
throttling is retried by the client, transient failures by the queue, the last delivery
is recorded on the article, and nothing is lost or duplicated."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from articles.ids import article_id
from botocore.awsrequest import AWSResponse

from tests.integration.conftest import MotoStack

PAGE = (b"Monday , 4 March 2024\nHome / Economy / Tunisia opens port terminal\n\nTunisia opens port terminal\n\n"
        b"Officials in Tunis said on Monday that the new port terminal would open in the spring. The minister, "
        b"Rabie Majidi, said capacity would double.\n")


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Any:
        yield self.body


def error_response(status: int, code: str, json_protocol: bool = True) -> AWSResponse:
    if json_protocol:
        body = json.dumps({"__type": f"com.amazonaws.dynamodb.v20120810#{code}", "message": code}).encode()
        headers = {"Content-Type": "application/x-amz-json-1.0"}
    else:
        body = f"<Error><Code>{code}</Code><Message>{code}</Message></Error>".encode()
        headers = {"Content-Type": "application/xml"}
    return AWSResponse("https://fault.local", status, headers, _Raw(body))


def inject(client: Any, operation: str, times: int, response: Callable[[], AWSResponse]) -> list[int]:
    """The next ``times`` calls of ``operation`` on ``client`` get ``response``; returns a call log."""
    calls: list[int] = []

    def hook(**_: Any) -> AWSResponse | None:
        calls.append(1)
        return response() if len(calls) <= times else None

    service = client.meta.service_model.service_name
    client.meta.events.register_first(f"before-send.{service}.{operation}", hook)
    return calls


def refuse(client: Any, operation: str, times: int, code: str) -> list[int]:
    """The next ``times`` calls of ``operation`` fail before anything is sent."""
    from botocore.exceptions import ClientError

    calls: list[int] = []

    def hook(**_: Any) -> None:
        calls.append(1)
        if len(calls) <= times:
            raise ClientError({"Error": {"Code": code, "Message": code}}, operation)

    service = client.meta.service_model.service_name
    client.meta.events.register_first(f"before-call.{service}.{operation}", hook)
    return calls


def test_dynamodb_throttling_is_retried_by_the_client(moto_stack: MotoStack) -> None:
    repo = moto_stack.stage("ParseArticleFunction").repo
    calls = inject(repo.table.meta.client, "PutItem", 2,
                   lambda: error_response(400, "ProvisionedThroughputExceededException"))
    moto_stack.put("t.txt", PAGE)
    moto_stack.pump("ParseArticleFunction")
    assert len(calls) >= 3  # two throttled attempts, then success
    status, doc = moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 't.txt')}")
    assert status == 200 and doc["stages"]["parse"]["state"] == "ok"


def test_sns_publish_failure_is_retried_by_the_queue_without_duplicates(moto_stack: MotoStack) -> None:
    bus = moto_stack.stage("ParseArticleFunction").bus
    calls = refuse(bus.sns, "Publish", 1, "InternalError")
    moto_stack.put("s.txt", PAGE)
    moto_stack.pump("ParseArticleFunction")  # first delivery fails after the item was written; retried
    assert len(calls) >= 2
    sqs = moto_stack.client("sqs")
    url = moto_stack.resources.urls["TagQueue"]
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=30)["Messages"]
    assert len(messages) == 1  # published once, by the retry
    sqs.change_message_visibility(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"], VisibilityTimeout=0)
    moto_stack.run_all()
    assert moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 's.txt')}")[1]["status"] == "ok"


def test_s3_read_failure_on_every_delivery_is_recorded_and_parked(moto_stack: MotoStack) -> None:
    blobs = moto_stack.stage("ParseArticleFunction").blobs
    inject(blobs.s3, "GetObject", 100, lambda: error_response(403, "AccessDenied", json_protocol=False))
    moto_stack.put("denied.txt", PAGE)
    for _ in range(moto_stack.resources.max_receive_count + 1):
        moto_stack.pump("ParseArticleFunction")
    status, doc = moto_stack.api(f"/articles/{article_id(moto_stack.inbox, 'denied.txt')}")
    assert status == 200 and doc["status"] == "failed"
    assert "AccessDenied" in doc["error"] and "DLQ" in doc["error"]
    from articles_tools.ops import Resources, dead_letters

    parked = dead_letters(Resources.local(endpoint_url=None))  # type: ignore[arg-type]
    assert any("denied.txt" in m["what"] for items in parked.values() for m in items)


def test_one_failing_record_fails_only_itself(moto_stack: MotoStack) -> None:
    blobs = moto_stack.stage("ParseArticleFunction").blobs
    original = blobs.read_raw

    def flaky(bucket: str, key: str) -> Any:
        if key == "b.txt":
            raise ConnectionError("network blip")
        return original(bucket, key)

    blobs.read_raw = flaky
    try:
        for key in ("a.txt", "b.txt", "c.txt"):
            moto_stack.put(key, PAGE)
        sqs = moto_stack.client("sqs")
        url = moto_stack.resources.urls["ParseQueue"]
        messages = []
        while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10,
                                           AttributeNames=["All"]).get("Messages", []):
            messages += batch
        from articles_tools.local.lambda_shapes import LocalContext, sqs_record

        event = {"Records": [sqs_record(m, "arn:aws:sqs:us-east-1:123456789012:q", "us-east-1") for m in messages]}
        result = moto_stack.handlers["ParseArticleFunction"](event, LocalContext(function_name="p"))
        failed = {f["itemIdentifier"] for f in result["batchItemFailures"]}
        b_ids = {m["MessageId"] for m in messages if "b.txt" in m["Body"]}
        assert failed == b_ids
    finally:
        blobs.read_raw = original
    for key in ("a.txt", "c.txt"):
        assert moto_stack.api(f"/articles/{article_id(moto_stack.inbox, key)}")[0] == 200


def test_crash_mid_batch_redelivers_everything_and_duplicates_nothing(moto_stack: MotoStack) -> None:
    for key in ("x.txt", "y.txt"):
        moto_stack.put(key, PAGE)
    dispatcher = moto_stack.dispatchers["ParseArticleFunction"]
    real = dispatcher.handler

    def crash(event: Any, context: Any) -> Any:  # a timeout or an out-of-memory kill after some work
        real({"Records": event["Records"][:1]}, context)
        raise TimeoutError("Task timed out after 60.00 seconds")

    dispatcher.handler = crash
    dispatcher.poll_once()
    dispatcher.handler = real
    moto_stack.run_all()
    items = [i for i in moto_stack.table().scan()["Items"] if i["sk"] == "A"]
    assert sorted(i["key"] for i in items) == ["x.txt", "y.txt"]
    assert all(i["stages"]["tag"]["state"] == "ok" for i in items)


def test_publish_that_reached_sns_but_errored_duplicates_no_effect(moto_stack: MotoStack) -> None:
    """moto applies a request before a before-send hook answers: the client sees an error
    although SNS delivered. The retry publishes again; consumers must absorb the duplicate."""
    bus = moto_stack.stage("ParseArticleFunction").bus
    inject(bus.sns, "Publish", 1, lambda: error_response(500, "InternalError", json_protocol=False))
    moto_stack.put("d.txt", PAGE)
    moto_stack.run_all()
    items = moto_stack.table().scan()["Items"]
    aid = article_id(moto_stack.inbox, "d.txt")
    links = [i for i in items if str(i["sk"]).startswith("L#")]
    assert {i["article_id"] for i in links} == {aid}
    assert len(links) == len({i["pk"] for i in links}) > 0  # one link per entity, however many deliveries
    entities = [str(i["pk"]).removeprefix("ENT#") for i in items if str(i["pk"]).startswith("ENT#") and i["sk"] == "E"]
    assert entities and all(moto_stack.api(f"/entities/{e}")[1]["article_count"] == 1 for e in entities)
    status, doc = moto_stack.api(f"/articles/{aid}")
    assert status == 200 and doc["status"] == "ok"


def test_records_not_started_before_the_timeout_go_back_to_the_queue(moto_stack: MotoStack) -> None:
    """A batch that runs out of time hands the records it has not started back to SQS (reported
    failures) instead of being killed: finished records are not redone, the rest come back."""
    from articles_tools.local.lambda_shapes import LocalContext

    for key in ("t1.txt", "t2.txt", "t3.txt"):
        moto_stack.put(key, PAGE)
    dispatcher = moto_stack.dispatchers["ParseArticleFunction"]
    real = dispatcher.handler

    def slow_first_record(event: Any, context: Any) -> Any:
        # 11 s of a 12 s budget gone once the first record is done: the others must not start
        stage = moto_stack.stage("ParseArticleFunction")
        original = stage.handle
        short = LocalContext(function_name="p", timeout_s=12.0)

        def handle(obj_event: Any) -> Any:
            out = original(obj_event)
            short._started -= 11.0
            return out

        stage.handle = handle
        try:
            return real(event, short)
        finally:
            stage.handle = original

    dispatcher.handler = slow_first_record
    seen = dispatcher.poll_once()
    dispatcher.handler = real
    assert seen >= 3  # (and the bucket's s3:TestEvent)
    done = [k for k in ("t1.txt", "t2.txt", "t3.txt")
            if moto_stack.api(f"/articles/{article_id(moto_stack.inbox, k)}")[0] == 200]
    assert len(done) == 1, done  # one finished; two went back to the queue untouched
    moto_stack.run_all()
    items = [i for i in moto_stack.table().scan()["Items"] if i["sk"] == "A"]
    assert sorted(i["key"] for i in items) == ["t1.txt", "t2.txt", "t3.txt"]
    assert all(i["stages"]["parse"]["state"] == "ok" for i in items)
