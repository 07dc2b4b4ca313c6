"""Count, time and size every AWS API call the handlers make, through botocore event hooks.

    meter = CallMeter(tables)            # tables: physical name -> TableSchema (for GSI writes)
    meter.install(boto3.DEFAULT_SESSION) # before the handler modules build their clients
    with meter.stage("tag"):
        ...                              # every call made here is booked to "tag"
    meter.per_op("tag")                  # {"dynamodb.UpdateItem": Tally(...), ...}

Hooks are registered first on the botocore session; clients copy the session's event emitter
when they are created, so every client created afterwards (the handlers' module-scope clients
and ``boto3.resource`` tables included) is metered.

Besides call counts and time spent in calls, DynamoDB capacity is estimated from item sizes the
way AWS bills on-demand tables (moto's ``ConsumedCapacity`` is a constant, so it cannot be used):

- writes: 1 WRU per started KB of the item (PutItem: the new item; UpdateItem: the item after the
  update, read from moto's in-memory backend; DeleteItem: the item before, likewise), plus the
  same for each GSI the write touches (ALL projection: the item size; KEYS_ONLY: its keys, and
  only when a key attribute of the index is written);
- reads: 0.5 RRU per started 4 KB, 1 when strongly consistent (GetItem and each BatchGetItem
  item per item; Query/Scan on the total size returned), 0.5 RRU minimum per request.

Item size follows DynamoDB's rules closely enough for billing (UTF-8 attribute names and
strings, numbers ≈ 1 byte per 2 significant digits + 1, 3 bytes per map/list + 1 per element).
"""

from __future__ import annotations

import contextlib
import json
import math
import re
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

ACCOUNT = "123456789012"


@dataclass
class Tally:
    calls: int = 0
    ms: float = 0.0  # wall time inside the call
    cpu_ms: float = 0.0  # CPU time of the calling thread inside the call (moto in-process: its work too)
    wru: float = 0.0
    rru: float = 0.0
    bytes_out: int = 0  # request payload (S3 PUT body, SNS message)
    bytes_in: int = 0  # response payload (S3 GET body)
    errors: int = 0
    concurrent: int = 0  # calls made from a worker thread (a handler's pool), not the handler's own
    # of wru / rru, what fell on each GSI (index name -> units): provisioned capacity is per index
    gsi_wru: dict[str, float] = field(default_factory=dict)
    gsi_rru: dict[str, float] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        for mine, theirs in ((self.gsi_wru, other.gsi_wru), (self.gsi_rru, other.gsi_rru)):
            for index, units in theirs.items():
                mine[index] = mine.get(index, 0.0) + units
        self.calls += other.calls
        self.ms += other.ms
        self.cpu_ms += other.cpu_ms
        self.wru += other.wru
        self.rru += other.rru
        self.bytes_out += other.bytes_out
        self.bytes_in += other.bytes_in
        self.errors += other.errors
        self.concurrent += other.concurrent


@dataclass
class TableSchema:
    keys: tuple[str, ...]  # table key attribute names
    gsis: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)  # name -> (keys, projection)


def schemas_from_template(template: dict[str, Any], names: dict[str, str]) -> dict[str, TableSchema]:
    """Physical table name -> schema, from template.yaml's table definitions."""
    out: dict[str, TableSchema] = {}
    for logical_id, res in template.get("Resources", {}).items():
        if res.get("Type") != "AWS::DynamoDB::Table" or logical_id not in names:
            continue
        props = res["Properties"]
        keys = tuple(k["AttributeName"] for k in props["KeySchema"])
        gsis = {
            g["IndexName"]: (
                tuple(k["AttributeName"] for k in g["KeySchema"]),
                g["Projection"]["ProjectionType"],
            )
            for g in props.get("GlobalSecondaryIndexes", [])
        }
        out[names[logical_id]] = TableSchema(keys, gsis)
    return out


# ----------------------------------------------------------------------------- item sizes
def _number_size(n: str) -> int:
    digits = re.sub(r"[^0-9]", "", n.split("e")[0].split("E")[0]).strip("0") or "0"
    return len(digits) // 2 + 1 + 1


def value_size(v: Any) -> int:
    """Size of one value: low-level AttributeValue ({"S": ..}) or plain Python (boto3 resource)."""
    if isinstance(v, dict) and len(v) == 1:
        ((t, x),) = v.items()
        if t == "S":
            return len(str(x).encode())
        if t == "N":
            return _number_size(str(x))
        if t == "B":
            return len(x) if isinstance(x, bytes | bytearray) else math.ceil(len(str(x)) * 3 / 4)
        if t in ("BOOL", "NULL"):
            return 1
        if t == "SS":
            return sum(len(str(s).encode()) for s in x)
        if t == "NS":
            return sum(_number_size(str(s)) for s in x)
        if t == "BS":
            return sum(len(s) for s in x)
        if t == "L":
            return 3 + sum(1 + value_size(e) for e in x)
        if t == "M":
            return 3 + sum(1 + len(k.encode()) + value_size(e) for k, e in x.items())
    if isinstance(v, str):
        return len(v.encode())
    if isinstance(v, bool) or v is None:
        return 1
    if isinstance(v, int | float) or type(v).__name__ == "Decimal":
        return _number_size(str(v))
    if isinstance(v, bytes | bytearray):
        return len(v)
    if isinstance(getattr(v, "value", None), bytes | bytearray):  # boto3.dynamodb.types.Binary
        return len(v.value)
    if isinstance(v, set | frozenset):
        return sum(value_size(e) for e in v)
    if isinstance(v, list | tuple):
        return 3 + sum(1 + value_size(e) for e in v)
    if isinstance(v, dict):
        return 3 + sum(1 + len(str(k).encode()) + value_size(e) for k, e in v.items())
    return len(str(v).encode())


def item_size(item: dict[str, Any]) -> int:
    return sum(len(k.encode()) + value_size(v) for k, v in item.items())


def _moto_item(table: str, key: dict[str, Any], region: str) -> dict[str, Any] | None:
    """The stored item (low-level attribute values) from moto's in-memory backend, or None."""
    try:
        from moto.dynamodb.models import dynamodb_backends
        from moto.dynamodb.models.dynamo_type import DynamoType

        backend = dynamodb_backends[ACCOUNT][region]
        tbl = backend.get_table(table)
        hash_name = tbl.hash_key_attr
        range_name = tbl.range_key_attr
        hkey = DynamoType(key[hash_name])
        rkey = DynamoType(key[range_name]) if range_name and range_name in key else None
        item = tbl.get_item(hkey, rkey)
        attrs: dict[str, Any] | None = item.to_json()["Attributes"] if item is not None else None
        return attrs
    except Exception:
        return None


# ----------------------------------------------------------------------------- the meter
_READS = {"GetItem", "Query", "Scan", "BatchGetItem"}
_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


class CallMeter:
    def __init__(
        self,
        tables: dict[str, TableSchema] | None = None,
        region: str = "us-east-1",
        moto_in_process: bool = True,
    ) -> None:
        self.tables = tables or {}
        self.region = region
        self.moto_in_process = moto_in_process
        self.tallies: dict[str, dict[str, Tally]] = defaultdict(lambda: defaultdict(Tally))
        # stage -> DynamoDB table -> "dynamodb.Op" -> tally (multi-table batches: the first table)
        self.table_tallies: dict[str, dict[str, dict[str, Tally]]] = defaultdict(
            lambda: defaultdict(lambda: defaultdict(Tally))
        )
        self._local = threading.local()
        self._lock = threading.Lock()
        self.current = "other"
        self.enabled = True
        self.hook_errors: list[str] = []

    # -------------------------------------------------------------- install / stages
    def install(self, session: Any) -> None:
        """``session``: a boto3 Session (or botocore Session)."""
        core = getattr(session, "_session", session)
        events = core.get_component("event_emitter")
        events.register_first("before-call", self._before, unique_id="bench-meter-before")
        events.register_first("after-call", self._after, unique_id="bench-meter-after")

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        previous, self.current = self.current, name
        try:
            yield
        finally:
            self.current = previous

    def reset(self) -> None:
        with self._lock:
            self.tallies.clear()
            self.table_tallies.clear()

    # -------------------------------------------------------------- hooks
    def _before(self, model: Any, params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
        if not self.enabled:
            return
        try:
            self._before_call(model, params, context)
        except Exception as exc:  # metering must never change what the handlers see
            self.hook_errors.append(f"before {model.name}: {exc!r}")
        context["bench_c0"] = time.thread_time()
        context["bench_t0"] = time.perf_counter()

    def _before_call(self, model: Any, params: dict[str, Any], context: dict[str, Any]) -> None:
        service = model.service_model.service_name
        op = model.name
        tally = Tally()
        if service == "dynamodb":
            body = _json_body(params)
            context["bench_table"] = _table_of(body)
            context["bench_consistent"] = _consistent(op, body)
            if op in _WRITES:
                tally.wru = self._write_units(op, body, tally.gsi_wru)
                context["bench_body"] = body
            elif body.get("IndexName"):
                context["bench_index"] = str(body["IndexName"])
        elif service == "s3" and op == "PutObject":
            b = params.get("body")
            tally.bytes_out = (
                len(b)
                if isinstance(b, bytes | bytearray)
                else int(params.get("headers", {}).get("Content-Length", 0) or 0)
            )
        elif service == "sns" and op == "Publish":
            tally.bytes_out = len(params.get("body", b"") or b"")
        context["bench_tally"] = tally

    def _after(
        self, model: Any, parsed: dict[str, Any], context: dict[str, Any], http_response: Any = None, **_: Any
    ) -> None:
        t1 = time.perf_counter()
        c1 = time.thread_time()
        if "bench_t0" not in context:
            return
        try:
            self._after_call(model, parsed, context, t1, c1)
        except Exception as exc:
            self.hook_errors.append(f"after {model.name}: {exc!r}")

    def _after_call(
        self, model: Any, parsed: dict[str, Any], context: dict[str, Any], t1: float, c1: float
    ) -> None:
        t0 = context.pop("bench_t0", None)
        c0 = context.pop("bench_c0", None)
        tally: Tally = context.pop("bench_tally", None) or Tally()
        tally.calls = 1
        tally.concurrent = int(threading.current_thread() is not threading.main_thread())
        if t0 is not None:
            tally.ms = (t1 - t0) * 1000
        if c0 is not None:
            tally.cpu_ms = (c1 - c0) * 1000
        service = model.service_model.service_name
        op = model.name
        if isinstance(parsed, dict) and "Error" in parsed and parsed["Error"].get("Code"):
            tally.errors = 1
        if service == "dynamodb":
            if op in _READS:
                tally.rru = _read_units(op, parsed) * (2 if context.pop("bench_consistent", False) else 1)
                index = context.pop("bench_index", None)
                if index:
                    tally.gsi_rru[index] = tally.rru
            elif op == "UpdateItem":
                body = context.pop("bench_body", {})
                tally.wru = self._update_units(body, tally.gsi_wru)
        elif service == "s3" and op == "GetObject":
            tally.bytes_in = int(parsed.get("ContentLength") or 0)
        key = f"{service}.{op}"
        table = context.pop("bench_table", None)
        with self._lock:
            self.tallies[self.current][key].add(tally)
            if table:
                self.table_tallies[self.current][table][key].add(tally)

    # -------------------------------------------------------------- capacity
    def _gsi_units(self, table: str, item: dict[str, Any], touched: set[str] | None,
                   per_index: dict[str, float]) -> float:
        """Write units the item's GSI copies cost (also added to ``per_index``, by index name)."""
        schema = self.tables.get(table)
        if schema is None:
            return 0.0
        units = 0.0
        for index, (keys, projection) in schema.gsis.items():
            before = units
            if keys[0] not in item:
                continue  # sparse index: the item is not in it
            if projection == "KEYS_ONLY":
                if touched is not None and not (touched & set(keys)):
                    continue  # an update of non-key attributes leaves a keys-only index alone
                projected = {k: item[k] for k in (*schema.keys, *keys) if k in item}
                units += max(1, math.ceil(item_size(projected) / 1024))
            else:
                units += max(1, math.ceil(item_size(item) / 1024))
            per_index[index] = per_index.get(index, 0.0) + units - before
        return units

    def _item_units(self, table: str, item: dict[str, Any], per_index: dict[str, float]) -> float:
        """Write units of putting (or deleting) ``item``: its own KBs and its GSI copies'."""
        return max(1, math.ceil(item_size(item) / 1024)) + self._gsi_units(table, item, None, per_index)

    def _write_units(self, op: str, body: dict[str, Any], per_index: dict[str, float]) -> float:
        if op == "PutItem":
            item = body.get("Item", {})
            return self._item_units(body.get("TableName", ""), item, per_index)
        if op == "DeleteItem":
            table = body.get("TableName", "")
            old = _moto_item(table, body.get("Key", {}), self.region) if self.moto_in_process else None
            if old is None:
                return 1.0
            return self._item_units(table, old, per_index)
        if op == "BatchWriteItem":
            units = 0.0
            for table, requests in body.get("RequestItems", {}).items():
                for r in requests:
                    if "PutRequest" in r:
                        item = r["PutRequest"]["Item"]
                        units += self._item_units(table, item, per_index)
                    else:
                        key = r["DeleteRequest"]["Key"]
                        old = _moto_item(table, key, self.region) if self.moto_in_process else None
                        if old is None:
                            units += 1
                        else:
                            units += self._item_units(table, old, per_index)
            return units
        if op == "TransactWriteItems":  # transactions cost 2 WRU per KB, their GSI copies 1
            units = 0.0
            for action in body.get("TransactItems", []):
                ((kind, spec),) = action.items()
                item = spec.get("Item") or spec.get("Key") or {}
                units += 2 * max(1, math.ceil(item_size(item) / 1024))
                if kind == "Put":  # the index copies propagate after the commit, as plain writes
                    units += self._gsi_units(str(spec.get("TableName", "")), spec["Item"], None, per_index)
            return units
        return 0.0  # UpdateItem: sized after the call

    def _update_units(self, body: dict[str, Any], per_index: dict[str, float]) -> float:
        table = body.get("TableName", "")
        after = _moto_item(table, body.get("Key", {}), self.region) if self.moto_in_process else None
        if after is None:
            return 1.0
        names = body.get("ExpressionAttributeNames", {})
        expr = body.get("UpdateExpression", "")
        touched = {names.get(tok, tok) for tok in re.findall(r"#?[A-Za-z_][A-Za-z0-9_]*", expr)}
        return max(1, math.ceil(item_size(after) / 1024)) + self._gsi_units(table, after, touched, per_index)

    # -------------------------------------------------------------- reports
    def per_op(self, stage: str) -> dict[str, Tally]:
        return dict(self.tallies.get(stage, {}))

    def per_table(self, stage: str) -> dict[str, dict[str, Tally]]:
        return {t: dict(ops) for t, ops in self.table_tallies.get(stage, {}).items()}

    def per_service(self, stage: str) -> dict[str, Tally]:
        out: dict[str, Tally] = defaultdict(Tally)
        for key, tally in self.tallies.get(stage, {}).items():
            out[key.split(".", 1)[0]].add(tally)
        return dict(out)

    def total(self, stage: str) -> Tally:
        out = Tally()
        for tally in self.tallies.get(stage, {}).values():
            out.add(tally)
        return out


def _table_of(body: dict[str, Any]) -> str | None:
    if "TableName" in body:
        return str(body["TableName"])
    for key in ("RequestItems",):
        if body.get(key):
            return str(next(iter(body[key])))
    items = body.get("TransactItems")
    if items:
        ((_kind, spec),) = items[0].items()
        return str(spec.get("TableName"))
    return None


def _json_body(params: dict[str, Any]) -> dict[str, Any]:
    body = params.get("body")
    if isinstance(body, bytes | bytearray):
        body = body.decode()
    if isinstance(body, str) and body:
        try:
            doc = json.loads(body)
            return doc if isinstance(doc, dict) else {}
        except ValueError:
            return {}
    return {}


def _consistent(op: str, body: dict[str, Any]) -> bool:
    """Whether a read is strongly consistent (billed twice an eventually consistent one)."""
    if op == "BatchGetItem":
        return any(bool(r.get("ConsistentRead")) for r in (body.get("RequestItems") or {}).values())
    return bool(body.get("ConsistentRead"))


def _read_units(op: str, parsed: dict[str, Any]) -> float:
    def units(size: int) -> float:
        return 0.5 * max(1, math.ceil(size / 4096))

    if op == "GetItem":
        return units(item_size(parsed.get("Item") or {}))
    if op in ("Query", "Scan"):
        return units(sum(item_size(i) for i in parsed.get("Items", [])))
    if op == "BatchGetItem":
        total = 0.0
        for items in parsed.get("Responses", {}).values():
            total += sum(units(item_size(i)) for i in items)
        return max(total, 0.5)
    return 0.0
