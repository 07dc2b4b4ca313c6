"""The embedded stack's moto server (articles_tools.local.stack): keep-alive connections whose
requests are framed by their length, and DynamoDB answers dumped as JSON that say exactly what
moto's own serializer says."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from articles_tools.local import stack
from articles_tools.local.stack import DUMMY_CREDENTIALS, _KeepAliveServer, free_port, speed_up_moto
from botocore.exceptions import ClientError
from moto import mock_aws

AUTH = "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/{}/aws4_request, SignedHeaders=host, Signature=0"


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    speed_up_moto()
    port = free_port()
    srv = _KeepAliveServer(port)
    srv.start()
    try:
        yield port
    finally:
        srv.stop()


def _dynamodb(conn: http.client.HTTPConnection, op: str, body: dict[str, Any]) -> tuple[http.client.HTTPResponse, Any]:
    conn.request("POST", "/", json.dumps(body), {
        "X-Amz-Target": f"DynamoDB_20120810.{op}", "Content-Type": "application/x-amz-json-1.0",
        "Authorization": AUTH.format("dynamodb")})
    resp = conn.getresponse()
    return resp, json.loads(resp.read() or b"{}")


def test_requests_share_one_connection_and_each_gets_its_own_answer(server: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    resp, _ = _dynamodb(conn, "CreateTable", {
        "TableName": "ka", "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
        "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]})
    assert resp.status == 200
    sock = conn.sock
    for i in range(3):
        resp, _ = _dynamodb(conn, "PutItem", {"TableName": "ka", "Item": {"pk": {"S": f"k{i}"}, "v": {"N": str(i)}}})
        assert resp.status == 200 and resp.getheader("Connection") is None
    answers = [_dynamodb(conn, "GetItem", {"TableName": "ka", "Key": {"pk": {"S": f"k{i}"}}})[1] for i in (2, 0, 1)]
    assert [a["Item"]["v"]["N"] for a in answers] == ["2", "0", "1"]
    resp, err = _dynamodb(conn, "GetItem", {"TableName": "missing", "Key": {"pk": {"S": "x"}}})
    assert resp.status == 400 and "ResourceNotFoundException" in err["__type"]
    assert conn.sock is sock  # the same TCP connection throughout, errors included
    conn.close()


def test_head_keeps_the_objects_length_and_sends_no_body(server: int) -> None:
    s3 = boto3.client("s3", endpoint_url=f"http://127.0.0.1:{server}", region_name="us-east-1", **DUMMY_CREDENTIALS)
    s3.create_bucket(Bucket="ka-bucket")
    s3.put_object(Bucket="ka-bucket", Key="a b.txt", Body=b"x" * 1234)
    assert s3.head_object(Bucket="ka-bucket", Key="a b.txt")["ContentLength"] == 1234
    # the next call on the same pooled connection still reads its own answer
    assert s3.get_object(Bucket="ka-bucket", Key="a b.txt")["Body"].read() == b"x" * 1234
    with pytest.raises(ClientError) as missing:
        s3.head_object(Bucket="ka-bucket", Key="nope")
    assert missing.value.response["Error"]["Code"] == "404"
    assert s3.list_objects_v2(Bucket="ka-bucket")["KeyCount"] == 1


def test_a_chunked_request_is_answered_and_its_connection_closed(server: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
    body = json.dumps({"TableName": "ka", "Key": {"pk": {"S": "k1"}}}).encode()
    conn.request("POST", "/", iter([body[:10], body[10:]]), {
        "X-Amz-Target": "DynamoDB_20120810.GetItem", "Content-Type": "application/x-amz-json-1.0",
        "Authorization": AUTH.format("dynamodb"), "Transfer-Encoding": "chunked"}, encode_chunked=True)
    resp = conn.getresponse()
    assert resp.status == 200 and resp.getheader("Connection") == "close"
    assert json.loads(resp.read())["Item"]["pk"] == {"S": "k1"}
    conn.close()


@pytest.fixture
def checked(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    speed_up_moto()
    state: dict[str, Any] = {"on": True, "checked": 0, "differences": []}
    monkeypatch.setattr(stack, "JSON_RESPONSE_CHECK", state)
    with mock_aws():
        yield state


def test_dynamodb_answers_dumped_as_json_equal_motos_serializer(checked: dict[str, Any]) -> None:
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    ddb.create_table(TableName="t", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                           {"AttributeName": "sk", "AttributeType": "S"}])
    blob = b"\x00\xffzlib"
    calls = 0

    def call(op: str, **kw: Any) -> Any:
        nonlocal calls
        calls += 1
        return getattr(ddb, op)(**kw)

    for i in range(5):
        call("put_item", TableName="t", Item={
            "pk": {"S": "p"}, "sk": {"S": f"{i:02}"}, "b": {"B": blob}, "n": {"N": str(i)},
            "m": {"M": {"l": {"L": [{"S": "é"}, {"N": "1.5"}, {"NULL": True}, {"BOOL": False}]}}},
            "ss": {"SS": ["a", "b"]}, "bs": {"BS": [blob]}})
    assert call("get_item", TableName="t", Key={"pk": {"S": "p"}, "sk": {"S": "01"}})["Item"]["b"]["B"] == blob
    page = call("query", TableName="t", KeyConditionExpression="pk = :p", Limit=2,
                ExpressionAttributeValues={":p": {"S": "p"}}, ScanIndexForward=False)
    assert [it["sk"]["S"] for it in page["Items"]] == ["04", "03"] and "LastEvaluatedKey" in page
    call("query", TableName="t", KeyConditionExpression="pk = :p", ExclusiveStartKey=page["LastEvaluatedKey"],
         ExpressionAttributeValues={":p": {"S": "p"}}, ProjectionExpression="sk, n", ReturnConsumedCapacity="TOTAL")
    got = call("batch_get_item", RequestItems={"t": {"Keys": [{"pk": {"S": "p"}, "sk": {"S": "00"}},
                                                              {"pk": {"S": "none"}, "sk": {"S": "00"}}],
                                                     "ConsistentRead": True}})
    assert len(got["Responses"]["t"]) == 1
    call("batch_write_item", RequestItems={"t": [{"PutRequest": {"Item": {"pk": {"S": "q"}, "sk": {"S": "1"}}}},
                                                 {"DeleteRequest": {"Key": {"pk": {"S": "p"}, "sk": {"S": "04"}}}}]})
    new = call("update_item", TableName="t", Key={"pk": {"S": "p"}, "sk": {"S": "00"}},
               UpdateExpression="SET n = n + :one, c = :b", ExpressionAttributeValues={":one": {"N": "1"}, ":b": {"B": blob}},
               ReturnValues="ALL_NEW")
    assert new["Attributes"]["n"] == {"N": "1"} and new["Attributes"]["c"]["B"] == blob
    call("update_item", TableName="t", Key={"pk": {"S": "p"}, "sk": {"S": "01"}}, UpdateExpression="REMOVE m",
         ReturnValues="UPDATED_OLD")
    call("delete_item", TableName="t", Key={"pk": {"S": "p"}, "sk": {"S": "02"}}, ReturnValues="ALL_OLD")
    call("transact_write_items", TransactItems=[{"Put": {"TableName": "t", "Item": {"pk": {"S": "r"}, "sk": {"S": "1"}}}}])
    call("transact_get_items", TransactItems=[{"Get": {"TableName": "t", "Key": {"pk": {"S": "r"}, "sk": {"S": "1"}}}}])
    assert call("scan", TableName="t", Select="COUNT")["Count"] == 5
    with pytest.raises(ClientError) as failed:  # errors go moto's own way, and are not checked
        ddb.put_item(TableName="t", Item={"pk": {"S": "r"}, "sk": {"S": "1"}}, ConditionExpression="attribute_not_exists(pk)")
    assert failed.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    assert checked["checked"] == calls  # every data operation went the fast way and was compared
    assert checked["differences"] == []


def _script(port: int) -> list[tuple[int, dict[str, str], Any]]:
    """DynamoDB requests over one connection, errors included; each answer as (status, headers
    that do not vary per request, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    key = {"pk": {"S": "a"}}
    requests: list[tuple[str, dict[str, Any]]] = [
        ("CreateTable", {"TableName": "direct", "BillingMode": "PAY_PER_REQUEST",
                         "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
                         "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}),
        ("PutItem", {"TableName": "direct", "Item": {**key, "n": {"N": "1"}, "s": {"S": "é"}}}),
        ("UpdateItem", {"TableName": "direct", "Key": key, "UpdateExpression": "ADD n :one SET #t = :t",
                        "ExpressionAttributeNames": {"#t": "t"},
                        "ExpressionAttributeValues": {":one": {"N": "1"}, ":t": {"SS": ["x"]}},
                        "ReturnValues": "ALL_NEW"}),
        ("UpdateItem", {"TableName": "direct", "Key": key, "UpdateExpression": "SET n = :z",
                        "ConditionExpression": "n = :z", "ExpressionAttributeValues": {":z": {"N": "0"}}}),
        ("GetItem", {"TableName": "direct", "Key": key, "ConsistentRead": True}),
        ("GetItem", {"TableName": "missing", "Key": key}),
        ("Query", {"TableName": "direct", "KeyConditionExpression": "pk = :p",
                   "ExpressionAttributeValues": {":p": {"S": "a"}}, "ReturnConsumedCapacity": "TOTAL"}),
        ("PutItem", {"TableName": "direct", "Item": {"pk": {"S": ""}}}),
        ("UpdateItem", {"TableName": "direct", "Key": key, "UpdateExpression": "SET = broken"}),
        ("DescribeTable", {"TableName": "direct"}),
        ("NoSuchOperation", {}),
    ]
    answers = []
    for op, body in requests:
        resp, doc = _dynamodb(conn, op, body)
        headers = {k.lower(): v for k, v in resp.getheaders()
                   if k.lower() not in ("x-amzn-requestid", "date", "server", "x-amz-crc32")}
        if op in ("CreateTable", "DescribeTable"):  # the table's creation time is the clock's
            doc["TableDescription" if op == "CreateTable" else "Table"].pop("CreationDateTime")
            headers.pop("content-length")
        answers.append((resp.status, headers, doc))
    conn.close()
    return answers


def test_dynamodb_requests_answered_without_flask_as_through_it(server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    def reset() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server, timeout=10)
        conn.request("POST", "/moto-api/reset")
        assert conn.getresponse().status == 200
        conn.close()

    taken: list[str] = []
    original = stack._dynamodb_direct

    def counted(environ: dict[str, Any]) -> Any:
        taken.append(environ["HTTP_X_AMZ_TARGET"])
        return original(environ)

    monkeypatch.setattr(stack, "_dynamodb_direct", counted)
    reset()
    direct = _script(server)
    assert len(taken) == 11  # every DynamoDB request went the direct way
    reset()
    monkeypatch.setattr(stack, "DIRECT_DYNAMODB", False)
    through_flask = _script(server)
    reset()
    assert len(taken) == 11
    assert [a[0] for a in direct] == [200, 200, 200, 400, 200, 400, 200, 400, 400, 200, 404]
    assert direct[2][2]["Attributes"]["n"] == {"N": "2"}
    for mine, theirs in zip(direct, through_flask, strict=True):
        assert mine == theirs


def test_a_message_sent_to_a_standard_queue_does_not_count_the_queue(monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.sqs.models import Queue

    speed_up_moto()
    counted: list[str] = []
    walk = Queue.__dict__["messages"].fget

    def messages(self: Any) -> Any:  # the walk over the whole queue behind every message count
        counted.append(self.name)
        return walk(self)

    monkeypatch.setattr(Queue, "messages", property(messages))
    with mock_aws():
        sqs = boto3.client("sqs", region_name="us-east-1")
        sns = boto3.client("sns", region_name="us-east-1")
        std = sqs.create_queue(QueueName="std")["QueueUrl"]
        fifo = sqs.create_queue(QueueName="f.fifo", Attributes={"FifoQueue": "true",
                                                                "ContentBasedDeduplication": "true"})["QueueUrl"]
        topic = sns.create_topic(Name="t")["TopicArn"]
        arn = sqs.get_queue_attributes(QueueUrl=std, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn, Attributes={"RawMessageDelivery": "true"})
        counted.clear()
        for i in range(5):
            sqs.send_message(QueueUrl=std, MessageBody=f"m{i}")
            sns.publish(TopicArn=topic, Message=f"p{i}")
        assert counted == []  # ten messages in, the queue never walked
        attrs = sqs.get_queue_attributes(QueueUrl=std, AttributeNames=["All"])["Attributes"]
        assert attrs["ApproximateNumberOfMessages"] == "10" and "QueueArn" in attrs  # asked for: counted
        for _ in range(2):  # a FIFO queue still reads its own setting: the same body is sent once
            sqs.send_message(QueueUrl=fifo, MessageBody="same", MessageGroupId="g")
        got = sqs.receive_message(QueueUrl=fifo, MaxNumberOfMessages=10)["Messages"]
        assert [m["Body"] for m in got] == ["same"]


# Update expressions of every kind, valid and not: (update expression, names, values, condition)
UPDATES: list[tuple[str, dict[str, str], dict[str, Any], str | None]] = [
    ("SET a = :s, b = :n", {}, {":s": {"S": "x"}, ":n": {"N": "2"}}, None),
    ("ADD k :one", {}, {":one": {"N": "1"}}, None),
    ("ADD tags :ss", {}, {":ss": {"SS": ["p", "q", "r"]}}, None),
    ("DELETE tags :ss", {}, {":ss": {"SS": ["q"]}}, None),
    ("SET m = :map", {}, {":map": {"M": {"x": {"M": {"y": {"N": "1"}}}, "w": {"S": "v"}}}}, None),
    ("SET m.x.y = :n, #m.#w = :s", {"#m": "m", "#w": "w"}, {":n": {"N": "5"}, ":s": {"S": "u"}}, None),
    ("SET l = list_append(if_not_exists(l, :empty), :list)", {}, {":empty": {"L": []}, ":list": {"L": [{"S": "a"}, {"N": "1"}]}}, None),
    ("SET l[0] = :s REMOVE l[5]", {}, {":s": {"S": "z"}}, None),
    ("SET c = b + :n, d = b - :n", {}, {":n": {"N": "3"}}, None),
    ("SET #me = :n ADD k :one", {"#me": "p:0001"}, {":n": {"N": "7"}, ":one": {"N": "1"}}, "attribute_not_exists(#me)"),
    ("SET #me = :n ADD k :one", {"#me": "p:0001"}, {":n": {"N": "8"}, ":one": {"N": "1"}}, "attribute_not_exists(#me)"),
    ("REMOVE a, m.x, #o0", {"#o0": "p:0001"}, {}, None),
    ("SET e = if_not_exists(e, :n) + :n", {}, {":n": {"N": "4"}}, "k > :z AND attribute_exists(b)"),
    ("SET a = :s, a = :n", {}, {":s": {"S": "x"}, ":n": {"N": "1"}}, None),  # overlapping paths
    ("SET pk = :s", {}, {":s": {"S": "other"}}, None),  # a key attribute
    ("SET a = :missing", {}, {":s": {"S": "x"}}, None),  # an undefined value
    ("SET #nope = :s", {}, {":s": {"S": "x"}}, None),  # an undefined name
    ("ADD b :s", {}, {":s": {"S": "x"}}, None),  # ADD a string
    ("SET c = b - :s", {}, {":s": {"S": "x"}}, None),  # arithmetic on a string
    ("SET m.q.r = :n", {}, {":n": {"N": "1"}}, None),  # a path through nothing
    ("SET f = size(l)", {}, {}, None),  # not a function of update expressions
    ("ADD k :one, k :one", {}, {":one": {"N": "1"}}, None),  # the same path twice
]


def _apply_updates() -> list[Any]:
    """Each update of UPDATES on one item of a fresh in-process moto: the item after it
    (ALL_NEW), the error (code and message) or moto's own exception; then the item as stored."""
    with mock_aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        ddb.create_table(TableName="t", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                               {"AttributeName": "sk", "AttributeType": "S"}])
        key = {"pk": {"S": "T#term"}, "sk": {"S": "T"}}
        out: list[Any] = []
        for expression, names, values, condition in UPDATES:
            kwargs: dict[str, Any] = {"TableName": "t", "Key": key, "UpdateExpression": expression,
                                      "ReturnValues": "ALL_NEW"}
            if names:
                kwargs["ExpressionAttributeNames"] = names
            if values:
                kwargs["ExpressionAttributeValues"] = {**values, ":z": {"N": "0"}} if condition and ":z" in condition else values
            if condition:
                kwargs["ConditionExpression"] = condition
            try:
                out.append(("ok", ddb.update_item(**kwargs)["Attributes"]))
            except ClientError as exc:
                out.append(("error", exc.response["Error"]["Code"], exc.response["Error"]["Message"]))
            except Exception as exc:  # moto's own failure (an undefined name is a KeyError in it)
                out.append(("crash", repr(exc)))
        out.append(("stored", ddb.get_item(TableName="t", Key=key)["Item"]))
        return out


def test_update_expressions_are_processed_as_moto_processes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    import copy

    from moto.dynamodb.parsing import validators
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser

    speed_up_moto()
    walk = DepthFirstTraverser.traverse_node_recursively
    assert getattr(walk, "_articles_by_type", False) and validators.deepcopy is not copy.deepcopy
    fast = _apply_updates()
    monkeypatch.setattr(DepthFirstTraverser, "traverse_node_recursively", walk._articles_original)
    monkeypatch.setattr(validators, "deepcopy", copy.deepcopy)
    slow = _apply_updates()
    assert fast == slow
    kinds = [o[0] for o in fast]
    assert kinds.count("ok") >= 10 and kinds.count("error") >= 8, fast  # both kinds really exercised
    assert fast[-1][1]["k"] == {"N": "2"} and fast[-1][1]["e"] == {"N": "8"}  # ADD once per accepted update


def _put_items() -> list[Any]:
    """Items of many attributes put in a fresh in-process moto, one just under moto's size limit
    and one just over it: each answer (or error), then every stored item."""
    with mock_aws():
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        ddb.create_table(TableName="t", BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        many = {f"p:{i:04x}": {"N": str(1700000000 + i)} for i in range(60)}
        nested = {"m": {"M": {"a": {"L": [{"S": "x"}, {"N": "1"}, {"SS": ["u", "v"]}]}, "b": {"BOOL": True}}}}
        pad = stack.ITEM_SIZE_LIMIT - len("pk") - len("b1") - len("padding")  # names and values, in bytes
        items = [{"pk": {"S": "many"}, **many}, {"pk": {"S": "nested"}, **nested},
                 {"pk": {"S": "b1"}, "padding": {"S": "x" * pad}},  # at the limit: accepted
                 {"pk": {"S": "b2"}, "padding": {"S": "x" * (pad + 1)}}]  # one byte over: refused
        out: list[Any] = []
        for item in items:
            try:
                answer = ddb.put_item(TableName="t", Item=item, ReturnValues="ALL_OLD")
                out.append(("ok", answer.get("Attributes")))
            except ClientError as exc:
                out.append(("error", exc.response["Error"]["Code"], exc.response["Error"]["Message"]))
        writes = [{"PutRequest": {"Item": {"pk": {"S": f"w{i}"}, **many}}} for i in range(5)]
        out.append(("batch", ddb.batch_write_item(RequestItems={"t": writes}).get("UnprocessedItems")))
        out.append(("stored", sorted(ddb.scan(TableName="t")["Items"], key=lambda i: i["pk"]["S"])))
        return out


def test_items_are_sized_and_refused_as_moto_does(monkeypatch: pytest.MonkeyPatch) -> None:
    from moto.dynamodb.models.dynamo_type import Item

    speed_up_moto()
    assert getattr(Item.__init__, "_articles_sized_once", False)
    fast = _put_items()
    monkeypatch.setattr(Item, "__init__", Item.__init__._articles_original)
    slow = _put_items()
    assert fast == slow
    assert [o[0] for o in fast[:4]] == ["ok", "ok", "ok", "error"], fast[:4]
    assert "too large" in fast[3][2].lower() or "size" in fast[3][2].lower(), fast[3]
    assert [i["pk"]["S"] for i in fast[-1][1]] == ["b1", "many", "nested", "w0", "w1", "w2", "w3", "w4"]


def _index_queries(seed: int) -> list[Any]:
    """A random mix of writes (put, batch put and delete, update of the index key or of other
    attributes, delete, a transaction that fails and rolls back) on a table with two GSIs,
    each followed by Queries on both indexes, in a fresh in-process moto: every answer."""
    import random

    from boto3.dynamodb.conditions import Key

    rng = random.Random(seed)
    with mock_aws():
        ddb = boto3.resource("dynamodb", region_name="us-east-1")
        table = ddb.create_table(
            TableName="t", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "g1", "g2", "r")],
            GlobalSecondaryIndexes=[
                {"IndexName": "gi1", "KeySchema": [{"AttributeName": "g1", "KeyType": "HASH"},
                                                   {"AttributeName": "r", "KeyType": "RANGE"}],
                 "Projection": {"ProjectionType": "ALL"}},
                {"IndexName": "gi2", "KeySchema": [{"AttributeName": "g2", "KeyType": "HASH"}],
                 "Projection": {"ProjectionType": "KEYS_ONLY"}}])
        client = ddb.meta.client
        out: list[Any] = []

        def key() -> dict[str, str]:
            return {"pk": f"p{rng.randrange(12)}", "sk": f"s{rng.randrange(3)}"}

        def some() -> dict[str, Any]:
            item: dict[str, Any] = {**key(), "r": f"r{rng.randrange(5)}", "x": rng.randrange(100)}
            if rng.random() < 0.8:
                item["g1"] = f"a{rng.randrange(4)}"
            if rng.random() < 0.6:
                item["g2"] = f"b{rng.randrange(3)}"
            return item

        for step in range(100):
            op = rng.choice(["put", "put", "batch", "update_index", "update_other", "remove_index", "delete",
                             "transaction"])
            try:
                if op == "put":
                    table.put_item(Item=some())
                elif op == "batch":
                    with table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
                        for _ in range(3):
                            batch.put_item(Item=some())
                        batch.delete_item(Key=key())
                elif op == "update_index":
                    table.update_item(Key=key(), UpdateExpression="SET g1 = :g, r = if_not_exists(r, :r)",
                                      ExpressionAttributeValues={":g": f"a{rng.randrange(4)}", ":r": "r0"})
                elif op == "update_other":
                    table.update_item(Key=key(), UpdateExpression="ADD x :one", ExpressionAttributeValues={":one": 1})
                elif op == "remove_index":
                    table.update_item(Key=key(), UpdateExpression="REMOVE g2")
                elif op == "delete":
                    table.delete_item(Key=key())
                else:  # an update of the index key, then a put that fails its condition: all rolled back
                    k = key()
                    client.transact_write_items(TransactItems=[
                        {"Update": {"TableName": "t", "Key": k, "UpdateExpression": "SET g1 = :g",
                                    "ExpressionAttributeValues": {":g": "a9"}}},
                        {"Put": {"TableName": "t", "Item": {**key(), "g1": "a8", "r": "r1"},
                                 "ConditionExpression": "attribute_exists(nothing)"}}])
            except ClientError as exc:
                out.append((step, op, exc.response["Error"]["Code"]))
            for g in ("a0", "a1", "a2", "a3", "a8", "a9"):
                out.append(table.query(IndexName="gi1", KeyConditionExpression=Key("g1").eq(g))["Items"])
            for g in ("b0", "b1", "b2"):
                out.append(table.query(IndexName="gi2", KeyConditionExpression=Key("g2").eq(g))["Items"])
            out.append(table.query(IndexName="gi1", KeyConditionExpression=Key("g1").eq("a1") & Key("r").gte("r2"),
                                   ScanIndexForward=False, Limit=2)["Items"])
        return out


def test_index_queries_answer_as_over_the_whole_table(monkeypatch: pytest.MonkeyPatch) -> None:
    speed_up_moto()
    for seed in (1, 2):
        fast = _index_queries(seed)
        monkeypatch.setattr(stack, "INDEX_MAPS", False)
        slow = _index_queries(seed)
        monkeypatch.setattr(stack, "INDEX_MAPS", True)
        assert fast == slow
        assert sum(1 for answer in fast if isinstance(answer, list) and answer) > 500  # not all empty
        assert any(isinstance(answer, tuple) and answer[1] == "transaction" for answer in fast)  # rolled back
