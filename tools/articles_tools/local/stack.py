"""The embedded stack: a moto server on 127.0.0.1 with every resource of template.yaml, a
dispatcher that polls the queues and calls the real handlers in-process with the exact Lambda
event shapes, and the lookup API over HTTP. Everything is in memory and gone on stop.

The moto server runs in a child process by default (``server="process"``): moto answers every
AWS call in Python, so in one process the handlers and moto share one interpreter lock and the
pipeline uses one core; with moto in its own process both cores work (≈ 1.4× the throughput
here on 2 cores). ``server="thread"`` keeps it in this process. The child exits when this
process closes its stdin, i.e. on ``stop()`` and also if this process dies."""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
from articles.config import Settings

from articles_tools.infra import FunctionSpec, LocalStack, provision
from articles_tools.local.lambda_shapes import LocalContext, api_gateway_event, sqs_record
from articles_tools.local.workers import BatchListener, WorkerProcess

REGION = "us-east-1"
# The environment of a process that runs a handler as Lambda would (bench/coldstart.py's
# children), with the stack's names (LocalStack.env) and AWS_ENDPOINT_URL. In this process the
# handlers get Settings built directly (LocalStack.settings); os.environ is never changed.
LOCAL_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_REGION": REGION,
    "ARTICLES_LOCAL": "1",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}
# moto accepts any signature; explicit so that no credential is looked up in the environment
DUMMY_CREDENTIALS: dict[str, Any] = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing",
                     "aws_session_token": "testing"}


def speed_up_moto() -> None:
    """Local-only fixes for moto's server costs that grow with the data (no change to what it
    answers; idempotent; skipped if moto's internals are not the expected ones):

    - ``Table.query`` starts from ``Table.all_items()``, which *sorts every item of the table*
      on each call, and a Query on the table's own key then keeps one partition: O(N log N) per
      Query (150–170 ms at 20,000 items, i.e. after ~1,000 articles), where DynamoDB reads the
      partition. It is given a view of the table whose ``all_items()`` is that one partition
      (table-key queries), or every item unsorted (index queries): ``query`` sorts what it keeps
      itself, by the table's full key, so the order it returns (and paginates) is the same.
      An index Query still walked every item of the table (O(N) per Query: the parse stage's
      source lookup on ``gsi2``, once per article); it is given the items written with the
      value it asks for (``_IndexMap``, kept up to date by ``_index_maps_maintained``).
    - the server lists moto's package directory on each request to recognise service names
      (``backends.list_of_moto_modules``, ~150 ``isdir`` calls); the list is computed once.
    - ``TransactWriteItems`` deep-copies every table it names, whole, to roll back on failure:
      O(table) time per transaction, and the copies, freed at once, left the server's memory
      growing by ~30 MB a second in a burst (16+ GB for 1,000 articles). Only the items the
      transaction names are copied (``_item_rollback_transactions``).
    - every DynamoDB answer goes through moto's shape-driven response serializer, which walks
      each attribute value against the botocore model (45 % of the server's DynamoDB time in a
      burst). The data operations' results are already DynamoDB JSON: they are dumped as they
      are (``_json_responses``; anything that is not plain JSON goes the usual way).
    - each request lists its handler class's methods (``inspect.getmembers``) to find the
      action; the list is made once per class (``_action_names_once``).
    - an ``UpdateItem``'s update expression is parsed twice per call (≈ 0.14 ms each; the
      same few expressions all the time): each text is parsed once (``_update_expressions_parsed_once``).
    - the ten processors that validate and resolve an update expression each rebuild their
      processing map and test every node against it with ``isinstance`` on ABCs (half of an
      UpdateItem's time): the handler of a node class is found once per processor class
      (``_expression_traversal_by_type``); and the tree each one starts from is unpickled from
      one pickle per expression instead of deep-copied (``_expression_copies_unpickled``). In a
      loop of related-index posting updates: ≈ 1.1 → 0.7 ms of CPU per UpdateItem.
    - an ``Item`` is built attribute by attribute, each set summing the size of every
      attribute already set (O(n²)): its size is summed once (``_items_sized_once``).
    - ``ReceiveMessage`` checks each message it hands out against the queue's retention period
      by computing *every* queue attribute, three of which walk all the queue's messages:
      O(queue length) per message received, O(N²) to drain a burst of N (7.5 % of the server's
      CPU in a 300-article burst). The period is read from the queue (``_retention_from_queue``).
    - ``SendMessage`` (each SNS delivery to a queue too) reads one FIFO setting from the queue's
      ``attributes``, which computes every attribute, the three message counts walking the
      whole queue: O(queue length) per message sent (12 % of the server's time late in a
      1,000-article burst). A standard queue has no FIFO attributes, so while it is being sent
      to it shows none (``_send_without_queue_attributes``).
    """
    import inspect

    from moto import backends
    from moto.dynamodb.models.table import Table

    if not getattr(backends.list_of_moto_modules, "_articles_cached", False):
        modules = frozenset(backends.list_of_moto_modules())

        def list_of_moto_modules() -> frozenset[str]:
            return modules

        list_of_moto_modules._articles_cached = True  # type: ignore[attr-defined]
        backends.list_of_moto_modules = list_of_moto_modules

    _action_names_once()
    _update_expressions_parsed_once()
    _expression_traversal_by_type()
    _expression_copies_unpickled()
    _items_sized_once()
    _index_maps_maintained()
    _serialise_dynamodb()
    _json_responses()
    _item_rollback_transactions()
    _retention_from_queue()
    _send_without_queue_attributes()
    original = Table.query
    if getattr(original, "_articles_partition_view", False):
        return
    params = list(inspect.signature(original).parameters)
    if params[:2] != ["self", "hash_key"] or "index_name" not in params or not hasattr(Table, "all_items"):
        return  # another moto: leave it alone
    pos = params.index("index_name") - 2  # its place in *args (after self and hash_key)

    def query(self: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[pos] if len(args) > pos else kwargs.get("index_name")
        candidates = None
        if index_name and INDEX_MAPS:
            index_map = _IndexMap.of(self)
            for attr, value in kwargs.get("hash_key_conditions") or []:
                if attr in index_map.keys:
                    candidates = index_map.candidates(self, attr, value)
                    break
        view: Any = _QueryView(self, None if index_name else hash_key, candidates)
        return original(view, hash_key, *args, **kwargs)

    query._articles_partition_view = True  # type: ignore[attr-defined]
    Table.query = query  # type: ignore[method-assign]


def _retention_from_queue() -> None:
    """``SQSBackend.is_message_valid_based_on_retention_period`` reading the queue's
    ``message_retention_period`` instead of all its attributes (see ``speed_up_moto``)."""
    from moto.sqs.models import SQSBackend

    original = SQSBackend.is_message_valid_based_on_retention_period
    if getattr(original, "_articles_direct", False):
        return

    def is_valid(self: SQSBackend, queue_name: str, message: Any) -> bool:
        period = getattr(self.get_queue(queue_name), "message_retention_period", None)
        if period is None:  # another moto
            return bool(original(self, queue_name, message))
        return bool(int(period) + message.sent_timestamp / 1000 > time.time())

    is_valid._articles_direct = True  # type: ignore[attr-defined]
    SQSBackend.is_message_valid_based_on_retention_period = is_valid  # type: ignore[method-assign]


def _send_without_queue_attributes() -> None:
    """``SQSBackend.send_message`` without computing a standard queue's attributes (see
    ``speed_up_moto``): inside it, and only there, ``Queue.attributes`` of a queue that is not
    FIFO is empty, which is what moto's own dict holds for the one key the send reads
    (``ContentBasedDeduplication``, a FIFO attribute). FIFO queues get moto's full dict."""
    from moto.sqs.models import Queue, SQSBackend

    original = SQSBackend.send_message
    attributes = Queue.__dict__.get("attributes")
    if getattr(original, "_articles_fast", False) or not isinstance(attributes, property) or attributes.fget is None:
        return
    full = attributes.fget
    sending = threading.local()

    def queue_attributes(self: Any) -> dict[str, Any]:
        if getattr(sending, "on", False) and not self.fifo_queue:
            return {}
        return full(self)  # type: ignore[no-any-return]

    def send_message(self: Any, *args: Any, **kwargs: Any) -> Any:
        sending.on = True
        try:
            return original(self, *args, **kwargs)
        finally:
            sending.on = False

    send_message._articles_fast = True  # type: ignore[attr-defined]
    Queue.attributes = property(queue_attributes)  # type: ignore[assignment,method-assign]
    SQSBackend.send_message = send_message  # type: ignore[method-assign]


def _action_names_once() -> None:
    """``method_names_from_class`` (as ``moto.core.responses`` calls it) computed once per class."""
    from moto.core import responses

    original = responses.method_names_from_class  # type: ignore[attr-defined]
    if getattr(original, "_articles_cached", False):
        return
    names: dict[type, frozenset[str]] = {}

    def method_names_from_class(clazz: Any) -> frozenset[str]:
        found = names.get(clazz)
        if found is None:
            found = names[clazz] = frozenset(original(clazz))
        return found

    method_names_from_class._articles_cached = True  # type: ignore[attr-defined]
    responses.method_names_from_class = method_names_from_class  # type: ignore[attr-defined,assignment]


def _update_expressions_parsed_once() -> None:
    """``UpdateExpressionParser.make`` remembering the tree of each expression text (at most
    512). Its callers only read the tree: moto's ``update_item`` lists its placeholders, and
    its validator deep-copies the tree before it resolves names and values in it."""
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser  # type: ignore[attr-defined]

    original = UpdateExpressionParser.make
    if getattr(original, "_articles_cached", False):
        return
    make = functools.lru_cache(maxsize=512)(original)
    make._articles_cached = True  # type: ignore[attr-defined]
    UpdateExpressionParser.make = make


def _expression_traversal_by_type() -> None:
    """moto's expression processors (ten new ones per UpdateItem: validators, resolvers, the
    executor's operations) each walk the whole tree of the update expression and, at every
    node, rebuild their processing map and test the node against its classes with
    ``isinstance`` on ABCs (half of an UpdateItem's time). The walk here is the same — children
    first, left to right, ``pre_processing_of_child`` before each child, a processed node put in
    its parent's place — but the handler a node gets is found once per processor class and node
    class: the method the processor's ``_processing_map()`` gives for the first class the node
    is an instance of, if it is one of ``nodes_to_be_processed()``, as before. (Node classes do
    not change, and each processor class maps the same classes to the same methods of its
    own; a map entry that is not a method of the processor itself is looked up every time.)"""
    from moto.dynamodb.parsing.ast_nodes import DepthFirstTraverser, Node  # type: ignore[attr-defined]

    if getattr(DepthFirstTraverser.traverse_node_recursively, "_articles_by_type", False):
        return
    if not all(hasattr(DepthFirstTraverser, name) for name in
               ("nodes_to_be_processed", "_processing_map", "pre_processing_of_child", "traverse")):
        return  # another moto: leave it alone
    skip = object()
    handlers: dict[tuple[type, type], Any] = {}  # (processor class, node class) -> f(processor, node)

    def no_result(processor: Any, node: Any) -> None:  # process() when no map class matches
        return None

    def handler_for(processor: Any, node_class: type) -> Any:
        key = (type(processor), node_class)
        found = handlers.get(key)
        if found is not None:
            return found
        found = skip
        if issubclass(node_class, processor.nodes_to_be_processed()):
            found = no_result
            for class_key, method in processor._processing_map().items():
                if issubclass(node_class, class_key):
                    if getattr(method, "__self__", None) is not processor:
                        return lambda _processor, node: method(node)
                    found = method.__func__
                    break
        handlers[key] = found
        return found

    node_classes: dict[type, bool] = {}  # class -> is it a Node (isinstance on an ABC is slow)

    def traverse_node_recursively(self: Any, node: Any, child_id: int = -1) -> Any:
        node_class = type(node)
        is_node = node_classes.get(node_class)
        if is_node is None:
            is_node = node_classes[node_class] = issubclass(node_class, Node)
        if is_node:
            parent_node = node.parent
            if node.children is not None:
                for i, child_node in enumerate(node.children):
                    self.pre_processing_of_child(node, i)
                    self.traverse_node_recursively(child_node, i)
            handler = handler_for(self, node_class)
            if handler is not skip:
                node = handler(self, node)
                node.parent = parent_node
                if parent_node:
                    parent_node.children[child_id] = node
        return node

    traverse_node_recursively._articles_by_type = True  # type: ignore[attr-defined]
    traverse_node_recursively._articles_original = DepthFirstTraverser.traverse_node_recursively  # type: ignore[attr-defined]
    DepthFirstTraverser.traverse_node_recursively = traverse_node_recursively


def _expression_copies_unpickled() -> None:
    """moto's validator deep-copies the update expression's tree before it resolves names and
    values in it (a fifth of an UpdateItem's time; ``copy.deepcopy`` walks every node's
    ``__dict__``). The tree of each expression text is the same object every time
    (``_update_expressions_parsed_once``), so it is pickled once and each copy unpickled
    (≈ 5× faster), an equal tree of new nodes. Anything else, or a tree that cannot be
    pickled, is deep-copied as before."""
    import copy
    import pickle

    from moto.dynamodb.parsing import validators
    from moto.dynamodb.parsing.ast_nodes import Node  # type: ignore[attr-defined]

    if getattr(validators, "deepcopy", None) is not copy.deepcopy:  # already replaced, or another moto
        return
    blobs: dict[int, tuple[Any, bytes | None]] = {}  # id(tree) -> (the tree, kept alive; its pickle)

    def deepcopy(value: Any, memo: Any = None) -> Any:
        if memo is not None or not isinstance(value, Node):
            return copy.deepcopy(value, memo)
        entry = blobs.get(id(value))
        if entry is None or entry[0] is not value:
            if len(blobs) >= 1024:
                blobs.clear()
            try:
                entry = (value, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            except Exception:  # not picklable: deep-copied, as moto does
                entry = (value, None)
            blobs[id(value)] = entry
        return copy.deepcopy(value) if entry[1] is None else pickle.loads(entry[1])

    setattr(validators, "deepcopy", deepcopy)  # noqa: B010 - moto's module-level name for copy.deepcopy


ITEM_SIZE_LIMIT = 405000  # moto's LimitedSizeDict limit (bytes of names and values)


def _items_sized_once() -> None:
    """moto builds an ``Item`` (every PutItem, each put of a BatchWriteItem) by setting its
    attributes one by one into a ``LimitedSizeDict``, which sums the size of *every* attribute
    already there on each set, to refuse an item over DynamoDB's 400 KB: O(n²) in the
    attributes (a related-index term item has ~40). The item is built here with its size summed
    once; over the limit it raises the same ``ItemSizeTooLarge`` (sizes are never negative, so
    the sum of all is over the limit exactly when one of moto's running sums is)."""
    import inspect

    from moto.dynamodb.exceptions import ItemSizeTooLarge
    from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
    from moto.dynamodb.models.utilities import bytesize

    original = Item.__init__
    if getattr(original, "_articles_sized_once", False):
        return
    if list(inspect.signature(original).parameters) != ["self", "hash_key", "range_key", "attrs"]:
        return  # another moto: leave it alone

    def __init__(self: Any, hash_key: Any, range_key: Any, attrs: dict[str, Any]) -> None:
        self.hash_key = hash_key
        self.range_key = range_key
        values = {key: DynamoType(value) for key, value in attrs.items()}
        if sum(bytesize(key) + value.size() for key, value in values.items()) > ITEM_SIZE_LIMIT:
            raise ItemSizeTooLarge
        self.attrs = LimitedSizeDict()
        dict.update(self.attrs, values)  # later sets (UpdateItem) still go through its check

    __init__._articles_sized_once = True  # type: ignore[attr-defined]
    __init__._articles_original = original  # type: ignore[attr-defined]
    Item.__init__ = __init__  # type: ignore[method-assign]


# DynamoDB operations whose results moto builds as DynamoDB JSON (the wire format itself)
_JSON_OPERATIONS = frozenset({
    "GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem", "BatchWriteItem",
    "TransactGetItems", "TransactWriteItems",
})
# Set by tests: each fast answer is also serialised moto's way and any difference recorded here.
JSON_RESPONSE_CHECK: dict[str, Any] = {"on": False, "checked": 0, "differences": []}


def _json_responses() -> None:
    """``ActionResult.execute_result`` dumping the result of a DynamoDB data operation with
    ``json.dumps`` instead of moto's serializer (see ``speed_up_moto``). Errors, other
    operations and results that are not plain JSON (objects, sets) go to moto's own code; bytes
    (binary attribute values) are base64, as moto's serializer writes them."""
    from moto.core.responses import ActionResult

    original = ActionResult.execute_result
    if getattr(original, "_articles_json", False):
        return

    def execute_result(self: Any, context: Any) -> Any:
        result = self.result
        if (context.service_model.service_name != "dynamodb" or context.operation_model.name not in _JSON_OPERATIONS
                or not isinstance(result, dict)):
            return original(self, context)
        members = context.operation_model.output_shape.members
        if not members.keys() >= result.keys():  # moto's extras (``ConsumedCapacityUnits``) are not sent
            result = {k: v for k, v in result.items() if k in members}
        try:
            body = json.dumps(result, separators=(",", ":"), default=_blob)
        except (TypeError, ValueError):
            return original(self, context)
        version = context.service_model.metadata.get("jsonVersion", "1.0")
        answer = 200, {"Content-Type": f"application/x-amz-json-{version}"}, body
        if JSON_RESPONSE_CHECK["on"]:
            _check_json_response(answer, original(self, context), context.operation_model.name)
        return answer

    execute_result._articles_json = True  # type: ignore[attr-defined]
    ActionResult.execute_result = execute_result  # type: ignore[method-assign]


def _blob(value: Any) -> str:
    """A binary attribute value as DynamoDB JSON carries it (base64); anything else is not JSON."""
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(type(value).__name__)


def _check_json_response(fast: Any, slow: Any, operation: str) -> None:
    JSON_RESPONSE_CHECK["checked"] += 1
    same = fast[0] == slow[0] and fast[1] == slow[1] and json.loads(fast[2]) == json.loads(slow[2] or "{}")
    if not same:
        JSON_RESPONSE_CHECK["differences"].append((operation, fast, slow))


def _serialise_dynamodb() -> None:
    """moto's TransactWriteItems deep-copies every table (for its rollback) while the server's
    other threads may be writing to them ("dictionary changed size during iteration", a 500):
    DynamoDB requests are served one at a time. They hold the interpreter lock nearly all the
    time anyway, so this costs little; DynamoDB itself isolates transactions."""
    from moto.dynamodb.responses import DynamoHandler

    original = DynamoHandler.call_action
    if getattr(original, "_articles_serialised", False):
        return
    lock = threading.RLock()

    def call_action(self: Any) -> Any:
        with lock:
            return original(self)

    call_action._articles_serialised = True  # type: ignore[attr-defined]
    DynamoHandler.call_action = call_action  # type: ignore[method-assign]


def _item_rollback_transactions() -> None:
    """``TransactWriteItems`` that backs up the items it names instead of their whole tables.

    moto's own rolls back by putting back deep copies of the tables. Here the copy module seen
    by moto's DynamoDB models hands Tables back uncopied during the call (DynamoDB requests are
    serialised, ``_serialise_dynamodb``), so that put-back changes nothing, and on failure the
    named items are restored from their own copies (or removed, if they did not exist). Skipped
    if moto's internals are not the expected ones."""
    import copy

    from moto.dynamodb import models as ddb_models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    backend = ddb_models.DynamoDBBackend
    original = backend.transact_write_items
    if getattr(original, "_articles_item_rollback", False):
        return
    if getattr(ddb_models, "copy", None) is not copy or not hasattr(Table, "get_item"):
        return  # another moto: leave it alone

    class _TablesUncopied:
        @staticmethod
        def deepcopy(obj: Any, memo: Any = None) -> Any:
            return obj if isinstance(obj, Table) else copy.deepcopy(obj, memo)

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        backups: list[tuple[Any, Any, Any, Any]] = []  # (table, hash, range, item copy or None)
        try:
            for entry in transact_items:
                _, op = next(iter(entry.items()))
                table = self.tables.get(op.get("TableName"))
                if table is None:
                    continue
                attrs = op["Key"] if "Key" in op else op["Item"]
                hash_value = DynamoType(attrs[table.hash_key_attr])
                range_value = DynamoType(attrs[table.range_key_attr]) if table.range_key_attr else None
                current = table.get_item(hash_value, range_value)
                backups.append((table, hash_value, range_value, copy.deepcopy(current)))
        except Exception:  # malformed: let moto's own code answer it, as it would
            original(self, transact_items)
            return
        setattr(ddb_models, "copy", _TablesUncopied)  # noqa: B010 (not a name mypy sees exported)
        try:
            original(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(backups):
                _restore(table, hash_value, range_value, item)
            raise
        finally:
            setattr(ddb_models, "copy", copy)  # noqa: B010

    transact_write_items._articles_item_rollback = True  # type: ignore[attr-defined]
    backend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def _restore(table: Any, hash_value: Any, range_value: Any, item: Any) -> None:
    """Put one item of a moto Table back as it was (``item``), or remove it (None)."""
    if table.range_key_attr:
        if item is None:
            table.items.get(hash_value, {}).pop(range_value, None)
        else:
            table.items[hash_value][range_value] = item
    elif item is None:
        table.items.pop(hash_value, None)
    else:
        table.items[hash_value] = item


class _QueryView:
    """A moto Table as ``speed_up_moto``'s ``query`` shows it to moto's own ``query``."""

    def __init__(self, table: Any, partition: Any, candidates: list[Any] | None = None) -> None:
        self._table = table
        self._partition = partition
        self._candidates = candidates

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)

    def all_items(self) -> list[Any]:
        if self._candidates is not None:
            return self._candidates
        items, ranged = self._table.items, bool(self._table.range_key_attr)
        if self._partition is not None:
            part = items.get(self._partition)
            if part is None:
                return []
            return list(part.values()) if ranged else [part]
        return _every_item(self._table)


def _every_item(table: Any) -> list[Any]:
    """Every item of a moto table, unsorted (``Table.all_items()`` sorts them all)."""
    items = table.items
    return [i for hs in list(items.values()) for i in hs.values()] if table.range_key_attr else list(items.values())


# Tests turn it off to compare index queries with and without the maps.
INDEX_MAPS = True


class _IndexMap:
    """For one moto table: for each attribute that is the hash key of one of its indexes, the
    keys of the items written with each value of it (``speed_up_moto``: an index Query reads
    those items, not the whole table). Kept by the writes that can give an item a value — a
    put (``Table.put_item``: PutItem, BatchWriteItem, TransactWriteItems, a new item of an
    UpdateItem) and an update (``DynamoDBBackend.update_item``, also in transactions) — and
    built from the whole table on its first index Query. A key is never missed, only kept
    too long (the item deleted or changed since): each one read is checked against the item
    now stored and dropped if it no longer has the value, and moto's query checks every
    condition again on what it is given. (A transaction's rollback restores states that were
    written, hence recorded, before it; no Query runs in between: DynamoDB calls are one at a
    time, see ``_serialise_dynamodb``.)"""

    def __init__(self, table: Any) -> None:
        attrs = {k["AttributeName"] for index in table.all_indexes() for k in index.schema if k["KeyType"] == "HASH"}
        self.keys: dict[str, dict[Any, set[tuple[Any, Any]]]] = {attr: {} for attr in attrs}
        for item in _every_item(table):
            self.add(item)

    @staticmethod
    def of(table: Any) -> _IndexMap:
        found: _IndexMap | None = table.__dict__.get("_articles_index_map")
        if found is None:
            found = table.__dict__["_articles_index_map"] = _IndexMap(table)
        return found

    def add(self, item: Any) -> None:
        key = (item.hash_key, item.range_key)
        for attr, values in self.keys.items():
            value = item.attrs.get(attr)
            if value is not None:
                with contextlib.suppress(TypeError):  # a map or list (unhashable) is never an index key
                    values.setdefault(value, set()).add(key)

    def candidates(self, table: Any, attr: str, value: Any) -> list[Any]:
        keys = self.keys[attr].get(value)
        if not keys:
            return []
        out = []
        for key in list(keys):
            item = _stored(table, *key)
            current = item.attrs.get(attr) if item is not None else None
            if current is None or current != value:
                keys.discard(key)  # deleted, or its value changed since
            else:
                out.append(item)
        return out


def _stored(table: Any, hash_value: Any, range_value: Any) -> Any:
    part = table.items.get(hash_value)
    if part is None or not table.range_key_attr:
        return part
    return part.get(range_value)


def _index_maps_maintained() -> None:
    """``Table.put_item`` and ``DynamoDBBackend.update_item`` recording the item they wrote in
    its table's ``_IndexMap`` (if the table has one yet)."""
    from moto.dynamodb.exceptions import MockValidationException
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.models.table import Table

    put, update = Table.put_item, DynamoDBBackend.update_item
    if getattr(put, "_articles_index_map", False):
        return

    def put_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        item = put(self, *args, **kwargs)
        index_map = self.__dict__.get("_articles_index_map")
        if index_map is not None and item is not None:
            index_map.add(item)
        return item

    def record(backend: Any, table_name: str, key: dict[str, Any]) -> None:
        table = backend.tables.get(table_name)
        index_map = table.__dict__.get("_articles_index_map") if table is not None else None
        if index_map is None:
            return
        try:
            item = _stored(table, *backend.get_keys_value(table, key))
        except MockValidationException:  # a key moto refused: nothing was written
            return
        if item is not None:
            index_map.add(item)

    def update_item(self: Any, table_name: str, key: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return update(self, table_name, key, *args, **kwargs)
        finally:  # also after a failure: the item may have changed before it
            record(self, table_name, key)

    put_item._articles_index_map = True  # type: ignore[attr-defined]
    Table.put_item = put_item  # type: ignore[method-assign]
    DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]


class _KeepAliveServer:
    """moto's WSGI app on 127.0.0.1:``port`` in a daemon thread, as ``moto.server.ThreadedMotoServer``
    runs it, but over keep-alive connections (see ``_keep_alive_handler``)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
        from werkzeug.serving import make_server

        app = DomainDispatcherApplication(create_backend_app)
        self._server = make_server("127.0.0.1", self.port, app, threaded=True,
                                   request_handler=_keep_alive_handler())
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto-server", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _keep_alive_handler() -> type:
    """moto's request handler with HTTP/1.1 keep-alive. Werkzeug's development server closes the
    connection after every response (``Connection: close``) and then waits up to 10 ms for the
    client to hang up, so each boto3 call cost a TCP connection, a server thread and that wait
    (≈ 1 ms of CPU on each side, 2 ms a call here). This handler reads the request body by its
    ``Content-Length`` (so the next request on the connection starts where it should), runs the
    app, and sends the whole response (with its length) in one write. A request it cannot frame
    that way (chunked upload) goes to werkzeug's own code, which closes the connection."""
    import io

    from moto.moto_server.werkzeug_app import MotoRequestHandler

    access_log = logging.getLogger("werkzeug")

    class KeepAliveHandler(MotoRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            # werkzeug formats (and colours) each access-log line before its logger drops it
            # (the stack sets it to ERROR): ≈ 4 % of the server's time in a burst
            if access_log.isEnabledFor(logging.INFO):
                super().log_request(code, size)

        def run_wsgi(self) -> None:
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                self.close_connection = True
                super().run_wsgi()
                return
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            environ = self.make_environ()
            environ["wsgi.input"] = io.BytesIO(body)
            chunks: list[bytes] = []
            started: list[Any] = []

            def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
                started[:] = [status, headers]
                return chunks.append

            try:
                if DIRECT_DYNAMODB and self.command == "POST" and self.headers.get(
                        "X-Amz-Target", "").startswith(_DYNAMODB_TARGET):
                    status, headers, answer = _dynamodb_direct(environ)
                    chunks.append(answer)
                else:
                    result = self.server.app(environ, start_response)
                    try:
                        chunks.extend(result)
                    finally:
                        if hasattr(result, "close"):
                            result.close()
                    status, headers = started
            except Exception as exc:  # moto answers its own errors; this is a crash of the app
                self.close_connection = True
                status, headers, chunks = "500 Internal Server Error", [("Content-Type", "text/plain")], [
                    f"moto server error: {exc!r}".encode()]
            data = b"".join(chunks)
            code, _, reason = status.partition(" ")
            self.send_response(int(code), reason)
            framed = self.command == "HEAD" or int(code) in (204, 304) or int(code) < 200
            for key, value in headers:
                lower = key.lower()
                if lower in ("connection", "transfer-encoding") or (lower == "content-length" and not framed):
                    continue
                self.send_header(key, value)
            if not framed:
                self.send_header("Content-Length", str(len(data)))
            self._headers_buffer.append(b"\r\n" + (b"" if self.command == "HEAD" else data))
            self.flush_headers()  # headers and body in one write: no Nagle wait between them

    return KeepAliveHandler


# DynamoDB requests skip moto's domain dispatcher and Flask (see ``_dynamodb_direct``); tests turn
# it off to compare both ways.
DIRECT_DYNAMODB = True
_DYNAMODB_TARGET = "DynamoDB_20120810."


def _dynamodb_direct(environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """A DynamoDB request handed to moto's ``DynamoHandler`` as its Flask route would hand it,
    without the domain dispatcher and Flask around it (≈ 0.3 ms of the server's CPU per call,
    half of a GetItem's): the same request object (moto's ``BackendRequest`` over the WSGI
    environ), the same callback, its errors and its answer turned into a response the way
    ``moto.core.utils.convert_to_flask_response`` and Flask's ``Response`` do."""
    from botocore.exceptions import ClientError
    from moto.dynamodb.responses import DynamoHandler
    from moto.moto_api import recorder
    from moto.moto_server import werkzeug_app
    from moto.settings import DISABLE_GLOBAL_CORS
    from werkzeug.http import HTTP_STATUS_CODES

    request = werkzeug_app.BackendRequest(environ)
    try:
        recorder._record_request(request)
        result = DynamoHandler.dispatch(request, request.raw_url, dict(request.headers))
    except ClientError as exc:
        result = 400, {}, exc.response["Error"]["Message"]
    status, headers, content = result if len(result) == 3 else (200, {}, result)
    code = int(status)
    pairs = [(str(k), str(v)) for k, v in headers.items()]
    if not any(k.lower() == "content-type" for k, _ in pairs):
        pairs.append(("Content-Type", "text/html; charset=utf-8"))
    if not DISABLE_GLOBAL_CORS:  # flask-cors on moto's app answers every origin
        pairs.append(("Access-Control-Allow-Origin", "*"))
    data = content.encode("utf-8") if isinstance(content, str) else bytes(content or b"")
    return f"{code} {HTTP_STATUS_CODES.get(code, 'UNKNOWN').upper()}", pairs, data


def serve_moto(port: int) -> None:
    """Child-process entry point: the moto server on 127.0.0.1:``port`` until stdin closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    with socket.socket() as probe:  # moto's server would wait forever on a port in use
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            print(f"moto server: cannot listen on 127.0.0.1:{port}: {exc}", file=sys.stderr)
            sys.exit(1)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per boto3 call
    speed_up_moto()
    _KeepAliveServer(port).start()
    print("ready", flush=True)
    sys.stdin.read()  # returns at EOF: the parent stopped the stack, or exited
    os._exit(0)


class MotoProcess:
    """The moto server in a child process (see the module docstring)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        code = f"from articles_tools.local.stack import serve_moto; serve_moto({self.port})"
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout is not None
        if self.proc.stdout.readline().strip() != b"ready":
            self.stop()
            raise RuntimeError(f"the moto server did not start on 127.0.0.1:{self.port} (see stderr)")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Dispatcher(threading.Thread):
    """Polls one queue and invokes one handler, as Lambda's SQS event source mapping does:
    batches of up to 10, successful records deleted, ``batchItemFailures`` left to reappear
    after the visibility timeout (and reach the DLQ after ``maxReceiveCount``)."""

    def __init__(self, spec: FunctionSpec, handler: Callable[..., Any], sqs: Any, queue_url: str,
                 queue_arn: str, stop: threading.Event, *, on_receive: Callable[[int], None] | None = None,
                 on_batch: BatchListener | None = None) -> None:
        super().__init__(name=f"dispatch-{spec.logical_id}", daemon=True)
        self.spec = spec
        self.handler = handler
        self.sqs = sqs
        self.queue_url = queue_url
        self.queue_arn = queue_arn
        self.stop_event = stop
        self.busy = False
        self.on_receive = on_receive  # records received, before the handler runs
        self.on_batch = on_batch  # (function, records handled, records failed) after it ran

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                self.poll_once(wait=1)
            except Exception as exc:  # SQS itself failed; keep polling
                print(f"[{self.spec.logical_id}] polling error: {exc!r}", file=sys.stderr)
                time.sleep(0.5)

    def poll_once(self, wait: int = 0) -> int:
        resp = self.sqs.receive_message(
            QueueUrl=self.queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=wait,
            AttributeNames=["All"], MessageAttributeNames=["All"],
        )
        messages = resp.get("Messages", [])
        if not messages:
            return 0
        self.busy = True
        if self.on_receive:
            self.on_receive(len(messages))
        done: list[dict[str, Any]] = []
        try:
            event = {"Records": [sqs_record(m, self.queue_arn, REGION) for m in messages]}
            try:
                result = self.handler(event, LocalContext(function_name=self.spec.logical_id)) or {}
            except Exception as exc:  # as on Lambda: the whole batch returns to the queue
                print(f"[{self.spec.logical_id}] batch failed: {exc!r}", file=sys.stderr)
                return len(messages)
            failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
            done = [m for m in messages if m["MessageId"] not in failed]
            if done:
                self.sqs.delete_message_batch(
                    QueueUrl=self.queue_url,
                    Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)],
                )
            return len(messages)
        finally:
            if self.on_batch:
                self.on_batch(self.spec.logical_id, len(messages), len(messages) - len(done))
            self.busy = False


REQUEST_TIMEOUT = 10.0  # seconds a client of the local API may take to send its request
MAX_REQUEST_BODY = 1024 * 1024  # the API reads no bodies; this only bounds what it accepts


class _RequestError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class _Handlers(dict[str, Callable[..., Any]]):
    """The functions' handlers by logical id, each built (``create_handler``) when first asked for."""

    def __init__(self, functions: Iterable[FunctionSpec], settings: Settings) -> None:
        super().__init__()
        self._specs = {spec.logical_id: spec for spec in functions}
        self._settings = settings

    def __missing__(self, logical_id: str) -> Callable[..., Any]:
        handler = self[logical_id] = self._specs[logical_id].create_handler(self._settings)
        return handler

    def build(self, logical_id: str) -> Callable[..., Any]:
        return self[logical_id]


class EmbeddedStack:
    def __init__(self, *, s3_port: int | None = None, visibility_timeout: int = 2, dispatch: bool = True,
                 server: str = "process", workers: str = "thread", on_batch: BatchListener | None = None) -> None:
        """``server``: the moto server in a child process or a thread of this one (see the
        module docstring). ``workers``: the queue-driven functions' dispatchers as threads of this
        process, or each function in a process of its own (:mod:`articles_tools.local.workers`:
        what ``articles up`` runs; its handlers use more than one core). ``on_batch(function,
        records, failed)`` is called after each batch a dispatcher handed to a function."""
        if server not in ("process", "thread"):
            raise ValueError(f"server must be 'process' or 'thread', not {server!r}")
        if workers not in ("process", "thread"):
            raise ValueError(f"workers must be 'process' or 'thread', not {workers!r}")
        self.port = s3_port or free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.visibility_timeout = visibility_timeout
        self.dispatch = dispatch
        self.server_mode = server
        self.workers_mode = workers
        self.on_batch = on_batch
        self.server: Any = None
        self.resources: LocalStack | None = None
        self.handlers: _Handlers | dict[str, Callable[..., Any]] = {}  # by logical id, once started
        self.dispatchers: list[Dispatcher | WorkerProcess] = []
        self._stop = threading.Event()
        self.api_server: ThreadingHTTPServer | None = None
        self.settings: Settings | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> EmbeddedStack:
        if self.server_mode == "process":
            self.server = MotoProcess(self.port)
        else:
            speed_up_moto()
            logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log per boto3 call
            self.server = _KeepAliveServer(self.port)
        self.server.start()
        # moto keeps its state per process: start every stack from an empty store
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST"), timeout=10)
        session = boto3.Session(region_name=REGION, **DUMMY_CREDENTIALS)
        self.resources = provision(session, endpoint_url=self.endpoint, visibility_timeout=self.visibility_timeout)
        self.settings = self.resources.settings(endpoint_url=self.endpoint)
        self.handlers = _Handlers(self.resources.functions, self.settings)
        if self.dispatch and self.workers_mode == "process":
            self._launch_workers(self.on_batch)  # the children build their handlers while this process does
        for spec in self.resources.functions:
            # with workers="process" the queue-driven functions run in the children: here they are
            # built only if asked for (a bench calling a handler directly)
            if self.workers_mode == "thread" or not spec.queue:
                self.handlers.build(spec.logical_id)
        if self.dispatch:
            self.start_dispatchers(self.on_batch)
        return self

    def _launch_workers(self, on_batch: BatchListener | None) -> None:
        assert self.settings is not None
        for spec in self.stack.functions:
            if spec.queue:
                w = WorkerProcess(spec, self.settings, endpoint=self.endpoint, queue_url=self.stack.urls[spec.queue],
                                  queue_arn=self.stack.arns[spec.queue], on_batch=on_batch)
                self.dispatchers.append(w)
                w.launch()

    def start_dispatchers(self, on_batch: BatchListener | None = None) -> None:
        """Start polling the queues: at :meth:`start`, or when the caller chooses (a stack made
        with ``dispatch=False``; the bench starts them on a backlog). Returns once every function
        is ready to take messages."""
        if self.workers_mode == "process":
            if not self.dispatchers:
                self._launch_workers(on_batch)
            for d in self.dispatchers:
                if isinstance(d, WorkerProcess):
                    d.wait_ready()
            return
        sqs = self.client("sqs")
        for spec in self.stack.functions:
            if spec.queue:
                d = Dispatcher(spec, self.handlers[spec.logical_id], sqs, self.stack.urls[spec.queue],
                               self.stack.arns[spec.queue], self._stop, on_batch=on_batch)
                d.start()
                self.dispatchers.append(d)

    def stop_dispatchers(self) -> None:
        """Stop polling (each function finishes the batch in hand)."""
        self._stop.set()
        for d in self.dispatchers:
            d.join(timeout=5)
        self.dispatchers.clear()
        self._stop = threading.Event()

    @property
    def worker_pids(self) -> list[int]:
        """The worker processes' ids (``workers="process"``; empty otherwise)."""
        return [pid for d in self.dispatchers if isinstance(d, WorkerProcess) and (pid := d.pid) is not None]

    def stop(self) -> None:
        self.stop_dispatchers()
        if self.api_server:
            self.api_server.shutdown()
            self.api_server.server_close()
        if self.server:
            self.server.stop()

    def __enter__(self) -> EmbeddedStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ helpers
    def client(self, service: str) -> Any:
        return boto3.client(service, region_name=REGION, endpoint_url=self.endpoint,  # type: ignore[call-overload]
                            **DUMMY_CREDENTIALS)

    @property
    def stack(self) -> LocalStack:
        assert self.resources is not None, "stack not started"
        return self.resources

    @property
    def inbox(self) -> str:
        return self.stack.names["InboxBucket"]

    def put(self, key: str, data: bytes, content_type: str | None = None) -> None:
        extra = {"ContentType": content_type} if content_type else {}
        self.client("s3").put_object(Bucket=self.inbox, Key=key, Body=data, **extra)

    def put_files(self, paths: Iterable[Path]) -> list[str]:
        keys = []
        for path in paths:
            self.put(path.name, path.read_bytes())
            keys.append(path.name)
        return keys

    def queue_depths(self) -> dict[str, int]:
        sqs = self.client("sqs")
        depths = {}
        for logical_id, url in self.stack.urls.items():
            attrs = sqs.get_queue_attributes(
                QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
            )["Attributes"]
            depths[logical_id] = int(attrs["ApproximateNumberOfMessages"]) + int(
                attrs["ApproximateNumberOfMessagesNotVisible"])
        return depths

    def work_queues_empty(self) -> bool:
        depths = self.queue_depths()
        return all(n == 0 for q, n in depths.items() if q not in self.stack.dlq_of.values())

    def drain(self, timeout: float = 120.0) -> bool:
        """Wait until every work queue is empty and no handler runs (twice in a row)."""
        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline:
            idle = not any(d.busy for d in self.dispatchers)
            if idle and self.work_queues_empty():
                quiet += 1
                if quiet >= 2:
                    return True
            else:
                quiet = 0
            time.sleep(0.3)
        return False

    def dlq_messages(self) -> dict[str, list[dict[str, Any]]]:
        sqs = self.client("sqs")
        out: dict[str, list[dict[str, Any]]] = {}
        for dlq in sorted(set(self.stack.dlq_of.values())):
            resp = sqs.receive_message(QueueUrl=self.stack.urls[dlq], MaxNumberOfMessages=10,
                                       VisibilityTimeout=0, AttributeNames=["All"])
            out[dlq] = resp.get("Messages", [])
        return out

    # ------------------------------------------------------------------ API
    def invoke_api(self, path: str, method: str = "GET") -> tuple[int, dict[str, Any]]:
        """Call the lookup handler in-process with an API Gateway event."""
        spec = next(s for s in self.stack.functions if s.api)
        event = api_gateway_event(method, path, {"Host": "localhost", "Accept": "application/json"})
        resp = self.handlers[spec.logical_id](event, LocalContext(function_name=spec.logical_id))
        body = resp.get("body") or "{}"
        return int(resp["statusCode"]), json.loads(body)

    def serve_api(self, port: int = 3000) -> ThreadingHTTPServer:
        spec = next(s for s in self.stack.functions if s.api)
        handler = self.handlers[spec.logical_id]
        # One request at a time, as one Lambda instance serves them: the Powertools resolver keeps
        # the current event on itself, so two threads in it at once answer each other's requests
        # (a browser loads a page's data in parallel; the second body failed the first's model: 500).
        one_at_a_time = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            server_version = "articles-local"

            def setup(self) -> None:
                super().setup()
                self.connection.settimeout(REQUEST_TIMEOUT)  # a slow or silent client is cut off

            def _send_json(self, status: int, doc: dict[str, Any], headers: dict[str, str] | None = None) -> None:
                payload = json.dumps(doc).encode()
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)

            def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
                """The stdlib's own errors (400 bad request line, 414 URI too long, 431 headers too
                large, 501…) in the API's error shape instead of an HTML page."""
                short = self.responses.get(code, ("error", ""))[0]
                slug = {400: "bad_request", 408: "timeout", 413: "too_large", 414: "uri_too_long",
                        431: "headers_too_large"}.get(code, short.lower().replace(" ", "_"))
                self.close_connection = True
                if self.request_version == "HTTP/0.9":  # an unreadable request line: answer in HTTP/1.0
                    self.request_version = "HTTP/1.0"
                with contextlib.suppress(OSError):  # the client has gone
                    self._send_json(code, {"error": slug, "message": message or short}, {"Connection": "close"})

            def _body(self) -> str | None:
                """The request body, read defensively: a Content-Length that is not a number,
                negative or too large is a 400/413, a body shorter than announced a 400."""
                raw = self.headers.get("Content-Length")
                if raw is None:
                    return None
                try:
                    length = int(raw)
                except ValueError:
                    length = -1
                if length < 0:
                    raise _RequestError(400, "bad_request", f"Content-Length {raw!r} is not a byte count")
                if length > MAX_REQUEST_BODY:
                    raise _RequestError(413, "too_large", f"request bodies are limited to {MAX_REQUEST_BODY} bytes")
                if length == 0:
                    return None
                try:
                    data = self.rfile.read(length)
                except TimeoutError as exc:
                    raise _RequestError(408, "timeout", "the request body did not arrive in time") from exc
                if len(data) < length:
                    raise _RequestError(400, "bad_request", f"the body has {len(data)} of {length} bytes")
                return data.decode("utf-8", "replace")

            def _handle(self) -> None:
                try:
                    body = self._body()
                except _RequestError as exc:
                    self.close_connection = True
                    self._send_json(exc.status, {"error": exc.code, "message": exc.message}, {"Connection": "close"})
                    return
                event = api_gateway_event(self.command, self.path, dict(self.headers.items()), body)
                try:
                    with one_at_a_time:
                        resp = handler(event, LocalContext(function_name=spec.logical_id))
                except Exception as exc:  # a handler crash is a 500, never a stack trace
                    print(f"[api] {exc!r}", file=sys.stderr)
                    resp = {"statusCode": 500, "headers": {"Content-Type": "application/json"},
                            "body": json.dumps({"error": "internal", "message": "internal server error"})}
                payload = (resp.get("body") or "").encode()
                self.send_response(int(resp.get("statusCode", 500)))
                headers = dict(resp.get("headers") or {})
                for k, values in (resp.get("multiValueHeaders") or {}).items():
                    headers.setdefault(k, values[-1])
                for k, v in headers.items():
                    if k.lower() not in ("content-length", "connection"):
                        self.send_header(k, str(v))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _handle
            do_OPTIONS = _handle  # Allow, or the CORS preflight when an origin is configured

            def _not_allowed(self) -> None:
                """Any other method. The API serves GET only (template.yaml); without this the
                stdlib answers 501, a server error for what is the client's mistake."""
                self._send_json(405, {"error": "method_not_allowed", "message": f"{self.command} is not served; "
                                      "the API allows GET, OPTIONS"}, {"Allow": "GET, OPTIONS"})

            def __getattr__(self, name: str) -> Any:  # do_POST, do_HEAD, do_TRACE, do_QUERY…
                if name.startswith("do_"):
                    return self._not_allowed
                raise AttributeError(name)

            def log_message(self, format: str, *args: Any) -> None:
                return

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                """A client that went away mid-answer (broken pipe, reset, timeout) is one line
                in the log, not a traceback; anything else is logged in one line too."""
                exc = sys.exc_info()[1]
                if isinstance(exc, ConnectionError | TimeoutError):
                    return
                print(f"[api] request from {client_address[0]} failed: {exc!r}", file=sys.stderr)

        self.api_server = Server(("127.0.0.1", port), Handler)
        threading.Thread(target=self.api_server.serve_forever, name="local-api", daemon=True).start()
        return self.api_server
