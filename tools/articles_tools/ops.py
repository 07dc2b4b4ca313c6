"""Operations on a running stack (the embedded one or a deployed one): what sits in the
dead-letter queues, sending it back, re-processing every object of the inbox, and moving
entity links stored by an earlier version into today's layout."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

import boto3

from articles_tools.infra import Template, load_template

WORK_QUEUES = ("ParseQueue", "TagQueue", "RelatedQueue")


@dataclass
class Resources:
    """Physical names of the resources ops work on, by logical id."""

    inbox: str
    queues: dict[str, str] = field(default_factory=dict)  # logical id -> URL
    dlq_of: dict[str, str] = field(default_factory=dict)  # work queue -> its DLQ logical id
    session: Any = None
    endpoint_url: str | None = None
    articles_table: str = ""

    def client(self, service: str) -> Any:
        return self.session.client(service, endpoint_url=self.endpoint_url)

    @classmethod
    def local(cls, endpoint_url: str, region: str = "us-east-1", prefix: str = "articles") -> Resources:
        """The embedded stack: names follow ``articles_tools.infra`` from template.yaml. It takes any
        credentials, so dummy ones are used: the user's own are never needed nor sent."""
        tpl = Template(load_template(), prefix=prefix, region=region)
        session = boto3.Session(aws_access_key_id="local", aws_secret_access_key="local", region_name=region)
        sqs = session.client("sqs", endpoint_url=endpoint_url)
        queues = {q: sqs.get_queue_url(QueueName=tpl.physical_name(q))["QueueUrl"]
                  for q in tpl.of_type("AWS::SQS::Queue")}
        return cls(tpl.physical_name("InboxBucket"), queues, _dlq_pairs(tpl), session, endpoint_url,
                   tpl.physical_name("ArticlesTable"))

    @classmethod
    def deployed(cls, stack_name: str, region: str | None = None) -> Resources:
        """A deployed CloudFormation stack: physical ids from its resources."""
        session = boto3.Session(region_name=region)
        cfn = session.client("cloudformation")
        physical: dict[str, str] = {}
        for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_name):
            for res in page["StackResourceSummaries"]:
                physical[res["LogicalResourceId"]] = res["PhysicalResourceId"]
        tpl = Template(load_template())
        queues = {q: physical[q] for q in tpl.of_type("AWS::SQS::Queue") if q in physical}
        return cls(physical["InboxBucket"], queues, _dlq_pairs(tpl), session, None,
                   physical.get("ArticlesTable", ""))


def _dlq_pairs(tpl: Template) -> dict[str, str]:
    pairs = {}
    for logical_id, res in tpl.of_type("AWS::SQS::Queue").items():
        redrive = res.get("Properties", {}).get("RedrivePolicy")
        if redrive:
            pairs[logical_id] = str(redrive["deadLetterTargetArn"]["Fn::GetAtt"][0])
    return pairs


def describe(body: str) -> str:
    """A one-line account of a queued message: the article or object it is about."""
    try:
        doc = json.loads(body)
    except ValueError:
        return f"unreadable message ({len(body)} bytes)"
    if isinstance(doc, dict) and "article_id" in doc:
        return f"article {doc['article_id']} ({doc.get('source_key', '')})"
    if isinstance(doc, dict) and doc.get("Records"):
        keys = [r.get("s3", {}).get("object", {}).get("key", "?") for r in doc["Records"]]
        return "S3 object " + ", ".join(keys)
    return "message " + body[:80]


def dead_letters(res: Resources, limit: int = 100) -> dict[str, list[dict[str, Any]]]:
    """Messages in each DLQ (left in place: read with a zero visibility timeout)."""
    sqs = res.client("sqs")
    out: dict[str, list[dict[str, Any]]] = {}
    for work, dlq in res.dlq_of.items():
        items: list[dict[str, Any]] = []
        seen: set[str] = set()
        while len(items) < limit:
            resp = sqs.receive_message(QueueUrl=res.queues[dlq], MaxNumberOfMessages=10, VisibilityTimeout=0,
                                       AttributeNames=["All"], MessageAttributeNames=["All"])
            fresh = [m for m in resp.get("Messages", []) if m["MessageId"] not in seen]
            if not fresh:
                break
            for m in fresh:
                seen.add(m["MessageId"])
                items.append({"id": m["MessageId"], "what": describe(m["Body"]),
                              "receives": int(m.get("Attributes", {}).get("ApproximateReceiveCount", 0)),
                              "sent": m.get("Attributes", {}).get("SentTimestamp")})
        out[f"{work} → {dlq}"] = items
    return out


def redrive(res: Resources, only: str | None = None) -> dict[str, int]:
    """Move every DLQ message back to its work queue; returns how many moved per queue."""
    sqs = res.client("sqs")
    moved: dict[str, int] = {}
    for work, dlq in res.dlq_of.items():
        if only and only.lower() not in work.lower():
            continue
        count = 0
        while True:
            resp = sqs.receive_message(QueueUrl=res.queues[dlq], MaxNumberOfMessages=10, VisibilityTimeout=30,
                                       MessageAttributeNames=["All"])
            messages = resp.get("Messages", [])
            if not messages:
                break
            for m in messages:
                attrs = {k: {kk: vv for kk, vv in v.items() if kk in ("DataType", "StringValue", "BinaryValue")}
                         for k, v in m.get("MessageAttributes", {}).items()}
                sqs.send_message(QueueUrl=res.queues[work], MessageBody=m["Body"], MessageAttributes=attrs)
                sqs.delete_message(QueueUrl=res.queues[dlq], ReceiptHandle=m["ReceiptHandle"])
                count += 1
        moved[work] = count
    return moved


def object_keys(res: Resources, prefix: str = "", start_after: str = "") -> Iterator[tuple[str, int]]:
    s3 = res.client("s3")
    kwargs: dict[str, Any] = {"Bucket": res.inbox, "Prefix": prefix}
    if start_after:
        kwargs["StartAfter"] = start_after
    for page in s3.get_paginator("list_objects_v2").paginate(**kwargs):
        for obj in page.get("Contents", []):
            yield str(obj["Key"]), int(obj["Size"])


def backfill_event(bucket: str, key: str, size: int) -> str:
    """The S3 notification body the parse function expects, for an existing object."""
    return json.dumps({"Records": [{
        "eventVersion": "2.1", "eventSource": "aws:s3", "eventName": "ObjectCreated:Backfill",
        "s3": {"bucket": {"name": bucket, "arn": f"arn:aws:s3:::{bucket}"},
               "object": {"key": quote_plus(key, safe="/"), "size": size}},
    }]})


def backfill(res: Resources, *, prefix: str = "", checkpoint: Path | None = None,
             progress: Callable[[str], None] | None = None) -> int:
    """Queue every object under ``prefix`` for parsing again. Resumable: the last key sent is
    kept in ``checkpoint``; idempotent: article ids derive from keys, so re-parsing replaces."""
    start_after = checkpoint.read_text().strip() if checkpoint and checkpoint.exists() else ""
    sqs = res.client("sqs")
    sent = 0
    batch: list[dict[str, str]] = []

    def flush() -> None:
        nonlocal batch
        if batch:
            sqs.send_message_batch(QueueUrl=res.queues["ParseQueue"], Entries=batch)
            if checkpoint:
                checkpoint.write_text(last_key)
            batch = []

    last_key = start_after
    for key, size in object_keys(res, prefix, start_after):
        if key.endswith("/"):
            continue
        batch.append({"Id": str(len(batch)), "MessageBody": backfill_event(res.inbox, key, size)})
        last_key = key
        sent += 1
        if progress:
            progress(key)
        if len(batch) == 10:
            flush()
    flush()
    return sent


def migrate_links(res: Resources, progress: Callable[[str], None] | None = None) -> int:
    """Move entity links written by versions before 2026-12-06 (``ART#{id}`` / ``ENT#{eid}``
    items with a ``gsi1`` copy, counts on the entity items, an ``ART#{id}`` / ``COUNTED``
    record) into today's layout (``ENT#{eid}`` / ``L#…`` links and an ``ART#{id}`` / ``LINKS``
    record; counts read from the links): each article's entities are written again through
    the repository, then its old items are deleted. Idempotent and resumable (an article whose
    old items are gone has nothing left to move); returns the number of articles moved. A
    one-off administrative Scan: no code path of the functions scans."""
    from articles.models import Entity
    from articles.store.dynamo import ArticleRepository

    table = res.session.resource("dynamodb", endpoint_url=res.endpoint_url).Table(res.articles_table)
    repo = ArticleRepository(table)
    old: dict[str, list[dict[str, Any]]] = {}
    counted: set[str] = set()
    kwargs: dict[str, Any] = {}
    while True:
        page = table.scan(**kwargs)
        for item in page.get("Items", []):
            pk, sk = str(item["pk"]), str(item["sk"])
            if pk.startswith("ART#") and sk.startswith("ENT#"):
                old.setdefault(pk.removeprefix("ART#"), []).append(item)
            elif pk.startswith("ART#") and sk == "COUNTED":
                counted.add(pk.removeprefix("ART#"))
        if not page.get("LastEvaluatedKey"):
            break
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    fields = set(Entity.model_fields)
    for article_id in sorted(set(old) | counted):
        links = old.get(article_id, [])
        entities = [Entity.model_validate({k: v for k, v in link.items() if k in fields} | {
            "id": str(link["sk"]).removeprefix("ENT#"), "salience": float(link.get("salience", 0))})
            for link in links]
        first = links[0] if links else {}
        stamp = str(first.get("gsi1sk", "")).rsplit("#", 1)[0] or None
        repo.replace_entities(article_id, entities, published=stamp, section=first.get("section"),
                              language=first.get("language"))
        with table.batch_writer() as batch:
            for link in links:
                batch.delete_item(Key={"pk": link["pk"], "sk": link["sk"]})
            batch.delete_item(Key={"pk": f"ART#{article_id}", "sk": "COUNTED"})
        if progress:
            progress(article_id)
    return len(set(old) | counted)
