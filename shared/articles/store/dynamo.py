"""DynamoDB adapter for the articles table (single-table design, see docs/data-model.md).

Items (pk / sk):
  ART#{id}  / A              the article: metadata, S3 references, status per stage
  ART#{id}  / ENT#{eid}      an entity as found in the article (mentions, roles, salience);
                             gsi1 = ENT#{eid} / {published}#{id}: articles of an entity, newest first
  ENT#{eid} / E              the canonical entity: name, type, aliases, first/last seen, article count
  ALIAS#{n} / ENT#{eid}      lookup of an entity by any of its names (n = folded alias);
                             gsi2 = ALIAS#{n[:2]} / {n}#{eid}: prefix search
  SOUND#{k} / ENT#{eid}      a person by the transliteration-insensitive key of a name
  ART#{id}  / COUNTED        the links its entity counts stand for (see replace_entities)
  HASH#{h}  / ART#{id}       articles with the same normalised body (duplicate drops)
  CAL       / DAY#{date}     one item per day that has articles (lets listings skip empty days)
Article items also carry gsi1 = DAY#{yyyy-mm-dd} / {published}#{id} (articles by day)
and gsi2 = SRC#{bucket}/{key} / ART#{id} (articles from one S3 object).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase, Key
from botocore.exceptions import ClientError

from articles.clock import now_iso
from articles.entities.crossscript import Known, family_name, same_entity, script_key, script_keys
from articles.entities.keys import fold, lookup_names, names_by_script, sound_key
from articles.errors import NotFound, StaleEvent
from articles.models import Entity, ParsedArticle, StageName, StageStatus
from articles.parsing.dates import to_utc
from articles.ports import Listing
from articles.status import first_error, overall_status
from articles.store import batch as batched
from articles.store.batch import DEFAULT_RETRY, Retry

TRANSACT_MAX = 100  # actions per TransactWriteItems
COUNTED_SK = "COUNTED"  # ART#{id} / COUNTED: the links the article's entity counts stand for
MAX_MENTIONS = 100
MAX_ALIASES = 50
MAX_ROLES = 20
MAX_QUOTES = 50
MAX_QUOTE_CHARS = 2000
MAX_LIST_QUERIES = 30  # DynamoDB Query calls one listing page may spend before it returns a cursor
NAME_COUNT = "name#"  # prefix of the per-spelling article counts on an entity item
DAYS_PER_QUERY = 25  # calendar days read at once by a listing
FILTERED_READ = 200  # items a filtered listing reads per Query (before the filter)


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal; give JSON-friendly values."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | set | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Counted:
    """An article's ``COUNTED`` record: entity id -> the spelling counted, and its version
    (0: no record yet)."""

    links: dict[str, str]
    version: int


def _counted(item: dict[str, Any] | None, stored: dict[str, dict[str, Any]]) -> Counted:
    """An article's ``COUNTED`` record from its item; without one, the links it stands for are
    those counted one by one before the record existed: stored links without ``counted_by``."""
    if item is not None:
        return Counted({str(k): str(v) for k, v in (item.get("links") or {}).items()}, int(item.get("v", 0)))
    return Counted({eid: str(i.get("name", "")) for eid, i in stored.items() if "counted_by" not in i}, 0)


def _names(entity: Entity) -> set[str]:
    """The names an entity item keeps for ``entity``: its name and (bounded) aliases."""
    return {entity.name, *entity.aliases[:MAX_ALIASES]}


def _same(new: Any, stored: Any) -> bool:
    """Whether ``new`` (as written, see ``_dynamo``) is exactly the ``stored`` value (as
    read): same attributes, same types (a bool is not a number), equal values. In doubt, not
    the same (the item is written again: harmless)."""
    if isinstance(new, dict) and isinstance(stored, dict):
        return new.keys() == stored.keys() and all(_same(v, stored[k]) for k, v in new.items())
    if isinstance(new, list) and isinstance(stored, list):
        return len(new) == len(stored) and all(_same(a, b) for a, b in zip(new, stored, strict=True))
    if isinstance(new, bool) or isinstance(stored, bool):
        return type(new) is type(stored) and new == stored
    if isinstance(new, int | Decimal) and isinstance(stored, Decimal):
        return Decimal(new) == stored
    return type(new) is type(stored) and bool(new == stored)


def _dynamo(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(round(value, 6)))
    if isinstance(value, dict):
        return {k: _dynamo(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_dynamo(v) for v in value]
    return value


class ArticleRepository:
    """The articles table (``ArticleStore``). ``clock`` gives the UTC timestamps it writes
    (created/updated, stage times, the order key of undated articles): injected, so a test or
    a replay can fix the time."""

    def __init__(self, table: Any, *, retry: Retry = DEFAULT_RETRY, clock: Callable[[], str] = now_iso) -> None:
        self.table = table
        self.retry = retry
        self.clock = clock
        self.client = table.meta.client
        self.name = table.name
        self._days_marked: set[str] = set()

    # ------------------------------------------------------------------ articles
    def put_article(
        self,
        article_id: str,
        article: ParsedArticle,
        *,
        bucket: str,
        key: str,
        parsed_key: str,
        version: str = "",
        modified: str = "",
        is_current: Callable[[], bool] | None = None,
    ) -> None:
        """Write the parsed article with parse=ok and tag/related pending (replaces an older parse).

        ``modified`` is the source object's LastModified: a parse of an older version of the
        object than the one stored raises :class:`StaleEvent` and writes nothing. LastModified
        has one-second resolution, so when the stored parse has the same second but another
        version, ``is_current()`` (is the version parsed here still the object's current one?)
        decides.
        """
        now = self.clock()
        stamp = article.published_utc or to_utc(article.published) or now  # listings order in UTC
        old = self.get_article_item(article_id)
        if (old and modified and old.get("source_modified") == modified and old.get("version") != version
                and is_current is not None and not is_current()):
            raise StaleEvent(f"a newer version of {key} was stored in the same second")
        item = {
            "pk": f"ART#{article_id}",
            "sk": "A",
            "id": article_id,
            "bucket": bucket,
            "key": key,
            "parsed_key": parsed_key,
            "version": version,
            "source_modified": modified,
            "created_at": (old or {}).get("created_at", now),
            "updated_at": now,
            "stages": {
                "parse": StageStatus(state="ok", at=now).model_dump(),
                "tag": StageStatus(state="pending").model_dump(),
                "related": StageStatus(state="pending").model_dump(),
            },
            "gsi1pk": f"DAY#{stamp[:10]}",
            "gsi1sk": f"{stamp}#{article_id}",
            "gsi2pk": f"SRC#{bucket}/{key}",
            "gsi2sk": f"ART#{article_id}",
            # not the body, nor the site's own related links (≈ 0.7 KB on a page that has them):
            # both are in the parsed article. The item is copied to gsi1 and rewritten by each
            # stage's status update, so each KB here costs 2 write units three times per article.
            **article.model_dump(exclude={"body", "site_related"}),
        }
        self._put_if_newer(item, modified)
        self._mark_day(stamp[:10])
        if old and old.get("content_hash") and old["content_hash"] != article.content_hash:
            self.table.delete_item(Key={"pk": f"HASH#{old['content_hash']}", "sk": f"ART#{article_id}"})
        if article.content_hash:
            self.table.put_item(
                Item={"pk": f"HASH#{article.content_hash}", "sk": f"ART#{article_id}", "id": article_id}
            )

    def _mark_day(self, day: str) -> None:
        """Note that ``day`` has articles (once per process and day: the item never changes)."""
        if day in self._days_marked:
            return
        self.table.put_item(Item={"pk": "CAL", "sk": f"DAY#{day}", "day": day})
        self._days_marked.add(day)

    def _put_if_newer(self, item: dict[str, Any], modified: str) -> None:
        kwargs: dict[str, Any] = {}
        if modified:
            kwargs = {
                "ConditionExpression": "attribute_not_exists(pk) OR attribute_not_exists(source_modified) "
                "OR source_modified <= :m",
                "ExpressionAttributeValues": {":m": modified},
            }
        try:
            self.table.put_item(Item=_dynamo(item), **kwargs)
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise StaleEvent(f"a newer version of {item['key']} is already stored") from exc
            raise

    def record_failure(
        self, article_id: str, *, bucket: str, key: str, state: str, reason: str, stage: StageName = "parse",
        modified: str = "",
    ) -> None:
        """Record that ``stage`` failed or was skipped, creating the article item when needed."""
        now = self.clock()
        status = StageStatus(state=state, at=now, error=reason).model_dump()
        if stage == "parse":
            old = self.get_article_item(article_id) or {}
            item = {
                "pk": f"ART#{article_id}", "sk": "A", "id": article_id, "bucket": bucket, "key": key,
                "created_at": old.get("created_at", now), "updated_at": now,
                "stages": {
                    "parse": status,
                    "tag": StageStatus(state="skipped", at=now, error=None).model_dump(),
                    "related": StageStatus(state="skipped", at=now, error=None).model_dump(),
                },
                "gsi1pk": f"DAY#{now[:10]}", "gsi1sk": f"{now}#{article_id}",
                "gsi2pk": f"SRC#{bucket}/{key}", "gsi2sk": f"ART#{article_id}",
                "source_modified": modified,
            }
            self._put_if_newer(item, modified)
            self._mark_day(now[:10])
        else:
            self.set_stage(article_id, stage, StageStatus(state=state, at=now, error=reason))

    def set_stage(self, article_id: str, stage: StageName, status: StageStatus) -> None:
        try:
            self.table.update_item(
                Key={"pk": f"ART#{article_id}", "sk": "A"},
                UpdateExpression="SET stages.#s = :v, updated_at = :now",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#s": stage},
                ExpressionAttributeValues={":v": _dynamo(status.model_dump()), ":now": self.clock()},
            )
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise NotFound(f"article {article_id} does not exist") from exc
            raise

    def get_article_item(self, article_id: str) -> dict[str, Any] | None:
        item = self.table.get_item(Key={"pk": f"ART#{article_id}", "sk": "A"}).get("Item")
        return _plain(item) if item else None

    def get_article(self, article_id: str) -> dict[str, Any]:
        item = self.get_article_item(article_id)
        if item is None:
            raise NotFound(f"no article with id {article_id}")
        return public_article(item)

    def articles_from_source(self, bucket: str, key: str) -> list[str]:
        resp = self.table.query(IndexName="gsi2", KeyConditionExpression=Key("gsi2pk").eq(f"SRC#{bucket}/{key}"))
        return [str(i["gsi2sk"]).removeprefix("ART#") for i in resp.get("Items", [])]

    def articles_with_hash(self, content_hash: str) -> list[str]:
        resp = self.table.query(KeyConditionExpression=Key("pk").eq(f"HASH#{content_hash}"))
        return [str(i["id"]) for i in resp.get("Items", [])]

    def delete_article(self, article_id: str) -> dict[str, Any] | None:
        """Remove the article, its entity links (fixing entity counts) and hash item."""
        old = self.get_article_item(article_id)
        if old is None:
            return None
        self.replace_entities(article_id, [], published=None)
        self.table.delete_item(Key={"pk": f"ART#{article_id}", "sk": "QUOTES"})
        if old.get("content_hash"):
            self.table.delete_item(Key={"pk": f"HASH#{old['content_hash']}", "sk": f"ART#{article_id}"})
        self.table.delete_item(Key={"pk": f"ART#{article_id}", "sk": "A"})
        return old

    # ------------------------------------------------------------------ entities
    def entity_links(self, article_id: str) -> list[dict[str, Any]]:
        return [_plain(i) for i in self._stored_links(article_id)]

    def _stored_links(self, article_id: str) -> list[dict[str, Any]]:
        """The article's link items as stored (every page: 300 links with their mentions can
        pass the 1 MB a Query returns at once)."""
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(f"ART#{article_id}") & Key("sk").begins_with("ENT#")}
        items: list[dict[str, Any]] = []
        while True:
            resp = self.table.query(**kwargs)
            items += resp.get("Items", [])
            if not resp.get("LastEvaluatedKey"):
                return items
            kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]

    def replace_entities(self, article_id: str, entities: Iterable[Entity], *, published: str | None,
                         section: str | None = None, language: str | None = None) -> None:
        """Make the article's entity links exactly ``entities`` (idempotent; no stale links).

        Links carry the article's section and language so that listings by entity can filter
        on them in DynamoDB (a FilterExpression) without reading every article.

        Counts stay exact under retries and crashes. The article's ``COUNTED`` item records
        the links its counts stand for (entity id -> spelling). Links are written first (a
        batched, idempotent put); then the count changes (the difference between ``COUNTED``
        and the new links) commit in one transaction with the new ``COUNTED``, conditioned on
        its version, so a replay finds nothing left to count; then stale links are deleted.
        An entity left with no article leaves the index (its item, alias and sound-key items),
        see ``_forget_if_unused``.

        Entity items, their alias, sound-key and script-key items are written only for what is
        new to the table (``_write_entities``): a known entity under known names costs one read
        (batched, with ``COUNTED``) and no write."""
        new = {e.id: e for e in entities}
        stored = {str(i["sk"]).removeprefix("ENT#"): i for i in self._stored_links(article_id)}
        stamp = to_utc(published) or self.clock()  # the same UTC order key as the article item
        links = {
            e.id: _dynamo({
                "pk": f"ART#{article_id}", "sk": f"ENT#{e.id}", "article_id": article_id,
                "gsi1pk": f"ENT#{e.id}", "gsi1sk": f"{stamp}#{article_id}",
                "section": section, "language": language,
                **e.model_dump(exclude={"mentions", "aliases", "roles"}),
                # bounded so that one item stays far below DynamoDB's 400 KB, whatever the text
                "mentions": [m.model_dump() for m in e.mentions[:MAX_MENTIONS]],
                "mention_count": len(e.mentions),
                "aliases": e.aliases[:MAX_ALIASES],
                "roles": [r.model_dump() for r in e.roles[:MAX_ROLES]],
                "counted_by": COUNTED_SK,  # its count stands in COUNTED (see _counted)
            })
            for e in new.values()
        }
        counted = self._write_entities(article_id, list(new.values()), stored)
        if not counted.version and counted.links:  # tagged before COUNTED existed: record it first
            counted = self._record_legacy(article_id, counted)
        # links new or changed (mentions, roles…): one batched write; a link stored exactly as
        # it would be written (a replay, a re-tag) is not written again
        self._put_all([link for eid, link in links.items() if eid not in stored or not _same(link, stored[eid])])
        self._apply_counts(article_id, counted, {eid: e.name for eid, e in new.items()}, new)
        gone = sorted(set(stored) - set(new))
        batched.batch_write(self.client, self.name,
                            [{"DeleteRequest": {"Key": {"pk": f"ART#{article_id}", "sk": f"ENT#{eid}"}}}
                             for eid in gone], retry=self.retry)
        for eid in sorted((set(counted.links) | set(gone)) - set(new)):
            self._forget_if_unused(eid)
        if not new:  # the article goes: so does its record of counts
            self.table.delete_item(Key={"pk": f"ART#{article_id}", "sk": COUNTED_SK})

    def _alias_items(self, eid: str, type_: str, names: Iterable[str]) -> list[dict[str, Any]]:
        """The ALIAS# (and, for a person, SOUND#) items that find entity ``eid`` by ``names``."""
        out: dict[str, dict[str, Any]] = {}
        for name in lookup_names(names, type_):
            folded = fold(name)
            out[f"ALIAS#{folded}"] = {
                "pk": f"ALIAS#{folded}", "sk": f"ENT#{eid}", "entity_id": eid, "alias": name,
                "gsi2pk": f"ALIAS#{folded[:2]}", "gsi2sk": f"{folded}#{eid}",
            }
            sound = sound_key(name, type_)
            if sound:  # "Shoukri" finds Sameh Shoukry though no article spelled it so
                out[f"SOUND#{sound}"] = {"pk": f"SOUND#{sound}", "sk": f"ENT#{eid}", "entity_id": eid}
        return list(out.values())

    def _count_update(self, eid: str, old_name: str | None, name: str | None,
                      entity: Entity | None) -> dict[str, Any]:
        """The transaction action moving entity ``eid``'s counts for one article whose link
        went from ``old_name`` to ``name`` (None: no link).

        It requires the entity item to exist and, for a link counted, to know every name of
        ``entity``: an item removed as unused and created again by another article since
        ``_write_entities`` read it (without our names, whose alias items went with it)
        cancels the change, and ``_apply_counts`` recreates the names first."""
        values: dict[str, Any]
        if old_name is None:  # a new link: +1 article, +1 for its spelling
            expr, values, names = "ADD article_count :one, #nc :one", {":one": 1}, {"#nc": NAME_COUNT + str(name)}
        elif name is not None:  # the article now spells it differently
            expr, values = "ADD #nc :one, #oc :minus", {":one": 1, ":minus": -1}
            names = {"#nc": NAME_COUNT + name, "#oc": NAME_COUNT + old_name}
        else:  # the link goes: -1 article, -1 for its spelling
            expr, values, names = "ADD article_count :minus, #oc :minus", {":minus": -1}, {"#oc": NAME_COUNT + old_name}
        condition = "attribute_exists(#n)"  # never a nameless entity
        if entity is not None:
            known = {f":k{i}": n for i, n in enumerate(sorted(_names(entity)))}
            condition += "".join(f" AND contains(aliases, {k})" for k in known)
            values = {**values, **known}
        return {"Update": {"TableName": self.name, "Key": {"pk": f"ENT#{eid}", "sk": "E"}, "UpdateExpression": expr,
                           "ConditionExpression": condition,
                           "ExpressionAttributeNames": {**names, "#n": "name"},
                           "ExpressionAttributeValues": values}}

    def _apply_counts(self, article_id: str, counted: Counted, target: dict[str, str],
                      entities: dict[str, Entity]) -> None:
        """Move entity counts from what ``counted`` says is counted to ``target`` (entity id ->
        spelling), in transactions of up to 99 entities, each with the new ``COUNTED`` item
        (conditioned on the version read). A cancelled transaction: ``COUNTED`` changed (a
        concurrent run of the same article) -> read it again; an entity item gone (removed as
        unused meanwhile) -> recreate it first, or, for a link going, just stop counting it."""
        key = {"pk": f"ART#{article_id}", "sk": COUNTED_SK}
        vanished: set[str] = set()  # entities gone whose link also goes: nothing to decrement
        for _attempt in range(10):
            changes = sorted(eid for eid in set(counted.links) | set(target)
                             if counted.links.get(eid) != target.get(eid))
            if not changes:
                return
            part = changes[: TRANSACT_MAX - 1]
            links = dict(counted.links)
            for eid in part:
                if eid in target:
                    links[eid] = target[eid]
                else:
                    links.pop(eid, None)
            record: dict[str, Any] = {
                "Put": {"TableName": self.name, "Item": {**key, "links": links, "v": counted.version + 1},
                        **({"ConditionExpression": "v = :v", "ExpressionAttributeValues": {":v": counted.version}}
                           if counted.version else {"ConditionExpression": "attribute_not_exists(pk)"})}}
            updates = [(eid, self._count_update(eid, counted.links.get(eid), target.get(eid), entities.get(eid)))
                       for eid in part if eid not in vanished]
            try:
                self.client.transact_write_items(TransactItems=[record, *(u for _, u in updates)])
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                reasons = [r.get("Code") for r in exc.response.get("CancellationReasons") or []]
                if reasons and reasons[0] == "ConditionalCheckFailed":
                    counted = self._read_counted(article_id)
                    continue
                for (eid, _update), reason in zip(updates, reasons[1:], strict=False):
                    if reason != "ConditionalCheckFailed":
                        continue
                    if eid in entities:  # recreate it (alias items, then its names) first
                        self._recreate(entities[eid])
                    else:  # a link going from a vanished entity: nothing left to decrement
                        vanished.add(eid)
                continue
            counted = Counted(links, counted.version + 1)
        raise RuntimeError("entity count changes kept conflicting; the message will be retried")

    def _record_legacy(self, article_id: str, counted: Counted) -> Counted:
        """Write the ``COUNTED`` record of an article whose links were counted one by one (before
        the record existed), before any of its links is rewritten with ``counted_by``."""
        try:
            self.table.put_item(Item={"pk": f"ART#{article_id}", "sk": COUNTED_SK, "links": counted.links, "v": 1},
                                ConditionExpression="attribute_not_exists(pk)")
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise
            return self._read_counted(article_id)  # recorded meanwhile
        return Counted(counted.links, 1)

    def _read_counted(self, article_id: str) -> Counted:
        """The article's ``COUNTED`` record as it is now (a consistent read)."""
        item = self.table.get_item(Key={"pk": f"ART#{article_id}", "sk": COUNTED_SK}, ConsistentRead=True)
        return _counted(item.get("Item"), {})

    def _forget_if_unused(self, eid: str) -> None:
        """Remove an entity that no article mentions any more: its item and the alias and
        sound-key items that find it, in one transaction conditioned on a zero count (an
        article linking it meanwhile cancels it). Until then find_entities hides it."""
        item = self.table.get_item(Key={"pk": f"ENT#{eid}", "sk": "E"}).get("Item")
        if not item or int(item.get("article_count", 0)) > 0:
            return
        names = {str(item.get("name", "")), *map(str, item.get("aliases", set()))} - {""}
        deletes = [{"Delete": {"TableName": self.name, "Key": {"pk": a["pk"], "sk": a["sk"]}}}
                   for a in self._alias_items(eid, str(item.get("type", "")), names)]
        guard = {"Delete": {"TableName": self.name, "Key": {"pk": f"ENT#{eid}", "sk": "E"},
                            "ConditionExpression": "attribute_not_exists(article_count) OR article_count <= :zero",
                            "ExpressionAttributeValues": {":zero": 0}}}
        try:
            self.client.transact_write_items(TransactItems=[guard, *deletes[: TRANSACT_MAX - 1]])
        except ClientError as exc:
            if exc.response["Error"]["Code"] == "TransactionCanceledException":
                return  # linked again meanwhile (or a concurrent removal): nothing to forget
            raise
        rest = deletes[TRANSACT_MAX - 1 :]  # the rare entity with > 99 names
        batched.batch_write(self.client, self.name, [{"DeleteRequest": {"Key": d["Delete"]["Key"]}} for d in rest],
                            retry=self.retry)

    def _put_all(self, items: Iterable[dict[str, Any]]) -> None:
        """Idempotent puts through the batch helper (25 a request; unprocessed items retried
        with backoff, then raised as ``BatchIncomplete``, never dropped). An item whose key
        comes twice is written once, the last one (DynamoDB refuses a key twice in a request)."""
        unique = {(item["pk"], item["sk"]): item for item in items}
        batched.batch_write(self.client, self.name, [{"PutRequest": {"Item": i}} for i in unique.values()],
                            retry=self.retry)

    def _write_entities(self, article_id: str, entities: list[Entity],
                        stored: dict[str, dict[str, Any]]) -> Counted:
        """Create or update the canonical entities of an article, writing only what is new.

        One consistent BatchGetItem reads their items; an entity whose item exists with its
        type and every name costs no write. For the others, the names new to the entity get
        their script-key (``_add_script_names``) and alias items first, then one UpdateItem
        adds them to the entity item. That order keeps every name the item knows findable
        whatever crashes: a retry that finds the names known has nothing left to write. An item
        read as existing is updated only if it still exists; removed as unused meanwhile (its
        alias items with it), it is recreated whole (``_recreate``). The same read returns the
        article's ``COUNTED`` record (see ``_counted``; ``stored``: its links as stored)."""
        counted_key = {"pk": f"ART#{article_id}", "sk": COUNTED_SK}
        keys = [counted_key, *({"pk": f"ENT#{e.id}", "sk": "E"} for e in entities)]
        read = batched.batch_get(self.client, self.name, keys, consistent=True, retry=self.retry)
        record = next((i for i in read if i["pk"] == counted_key["pk"] and i["sk"] == COUNTED_SK), None)
        counted = _counted(record, stored)
        known_items = {str(i["pk"]).removeprefix("ENT#"): i for i in read if str(i["pk"]).startswith("ENT#")}
        lookups: list[dict[str, Any]] = []
        updates: list[tuple[Entity, bool]] = []  # (entity, read as existing)
        for entity in entities:
            names = _names(entity)
            item = known_items.get(entity.id)
            if item is None or "name" not in item:
                unknown, existing = names, False
            else:
                known = {str(a) for a in item.get("aliases", set())}
                if names <= known and item.get("type") == entity.type:
                    continue  # nothing new: no write
                folded = {fold(a) for a in known}
                unknown, existing = {n for n in names if fold(n) not in folded}, True
            self._add_script_names(entity, unknown)
            lookups += self._alias_items(entity.id, entity.type, unknown)
            updates.append((entity, existing))
        self._put_all(lookups)
        for entity, existing in updates:
            if not self._upsert_entity(entity, existing=existing):
                self._recreate(entity)  # removed since the read
        return counted

    def _recreate(self, entity: Entity) -> None:
        """The entity item with every name of ``entity``, after the alias items of them all
        (the item was removed as unused, and its alias items with it)."""
        self._put_all(self._alias_items(entity.id, entity.type, _names(entity)))
        self._upsert_entity(entity)

    def _upsert_entity(self, entity: Entity, *, existing: bool = False) -> bool:
        """Create or update the canonical entity (name, type, aliases); with ``existing``, only
        if its item exists (False when it does not: nothing written). Counts are not touched
        here (``_link_change``): each name keeps a count of the articles that use it (attribute
        ``name#{name}``), so the entity is shown under the spelling most articles use, whatever
        order they came in."""
        kwargs: dict[str, Any] = {"ConditionExpression": "attribute_exists(pk)"} if existing else {}
        try:
            self.table.update_item(
                Key={"pk": f"ENT#{entity.id}", "sk": "E"},
                UpdateExpression="SET #n = if_not_exists(#n, :name), #t = :type ADD aliases :aliases",
                ExpressionAttributeNames={"#n": "name", "#t": "type"},
                ExpressionAttributeValues={":name": entity.name, ":type": entity.type, ":aliases": _names(entity)},
                **kwargs,
            )
        except ClientError as exc:
            if existing and exc.response["Error"]["Code"] == "ConditionalCheckFailedException":
                return False
            raise
        return True

    # ------------------------------------------------------------------ names across scripts
    def _add_script_names(self, entity: Entity, names: set[str]) -> None:
        """Record ``names`` (new to the entity) under their script keys: item
        ``XS#{type}:{key}`` / ``X``, one string-set attribute per entity id (ADD: idempotent,
        no read). Only new names are written, so a known entity costs nothing here."""
        if not names:
            return
        by_key: dict[str, set[str]] = {}
        for name in names:
            for key in script_keys(name, entity.type):
                by_key.setdefault(key, set()).add(name)
        for key, found in sorted(by_key.items()):
            self.table.update_item(
                Key={"pk": f"XS#{key}", "sk": "X"},
                UpdateExpression="ADD #e :names",
                ExpressionAttributeNames={"#e": entity.id},
                ExpressionAttributeValues={":names": found},
            )

    def script_lookup(self, keys: list[str]) -> dict[str, list[Known]]:
        """The entities stored under each script key (BatchGetItem, 100 keys a call; the
        ``lookup`` of :func:`articles.entities.crossscript.unify`)."""
        out: dict[str, list[Known]] = {}
        # unprocessed keys are retried with backoff, then raised (BatchIncomplete), never dropped
        wanted = [{"pk": f"XS#{k}", "sk": "X"} for k in sorted(set(keys))]
        for raw in batched.batch_get(self.client, self.name, wanted, retry=self.retry):
            key = str(raw["pk"]).removeprefix("XS#")
            type_ = key.split(":", 1)[0]
            out[key] = [
                Known(id=str(attr), type=type_, names=tuple(sorted(str(n) for n in value)))
                for attr, value in raw.items() if attr not in ("pk", "sk")
            ]
        return out

    def _script_matches(self, name: str) -> list[str]:
        """Ids of entities one of whose names (or, for persons, family names) is ``name`` in
        another script or spelling (``شكري`` / ``Choukri`` -> Sameh Shoukry)."""
        types = ("PER", "LOC", "ORG", "MISC")
        keys = [k for k in (script_key(name, t) for t in types) if k]
        ids: list[str] = []
        for key, knowns in self.script_lookup(keys).items():
            type_ = key.split(":", 1)[0]
            for known in knowns:
                forms = [*known.names, *(f for f in map(family_name, known.names) if f and type_ == "PER")]
                if known.id not in ids and any(same_entity(name, type_, f) for f in forms):
                    ids.append(known.id)
        return ids

    def put_quotes(self, article_id: str, quotes: list[dict[str, Any]]) -> None:
        """The article's attributed quotations (bounded, like every item)."""
        kept = [{**q, "text": str(q.get("text", ""))[:MAX_QUOTE_CHARS]} for q in quotes[:MAX_QUOTES]]
        self.table.put_item(Item=_dynamo({"pk": f"ART#{article_id}", "sk": "QUOTES", "quotes": kept}))

    def get_quotes(self, article_id: str) -> list[dict[str, Any]]:
        item = self.table.get_item(Key={"pk": f"ART#{article_id}", "sk": "QUOTES"}).get("Item")
        return list(_plain(item).get("quotes", [])) if item else []

    def get_entity(self, entity_id: str, *, seen: bool = False) -> dict[str, Any]:
        """The canonical entity; with ``seen``, the dates of its oldest and newest articles too
        (read from its links, so they are exact whatever order articles arrived or left in)."""
        item = self.table.get_item(Key={"pk": f"ENT#{entity_id}", "sk": "E"}).get("Item")
        if not item:
            raise NotFound(f"no entity with id {entity_id}")
        data = _plain(item)
        counts = {k.removeprefix(NAME_COUNT): int(v) for k, v in data.items() if k.startswith(NAME_COUNT)}
        best = max(counts.values(), default=0)
        # the most used spelling; on a tie the first in alphabetical order, so that the name
        # does not depend on the order articles arrived in
        name = min((n for n, c in counts.items() if c == best and c > 0), default=data["name"])
        aliases = sorted(data.get("aliases", []))
        out = {
            "id": entity_id, "name": name, "type": data["type"],
            "aliases": aliases, "article_count": data.get("article_count", 0),
            "names": names_by_script([name, *aliases]),
        }
        if seen:  # days (YYYY-MM-DD), whatever precision the articles' dates have
            out["first_seen"], out["last_seen"] = self._seen(entity_id, forward=True), self._seen(entity_id)
        return out

    def _seen(self, entity_id: str, *, forward: bool = False) -> str | None:
        resp = self.table.query(
            IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"ENT#{entity_id}"),
            ScanIndexForward=forward, Limit=1, ProjectionExpression="gsi1sk",
        )
        items = resp.get("Items", [])
        return str(items[0]["gsi1sk"]).rsplit("#", 1)[0][:10] if items else None

    def entity_neighbours(self, entity_ids: list[str], between: tuple[str, str] | None,
                          limit: int = 25) -> dict[str, list[dict[str, Any]]]:
        """For each entity id, the newest ``limit`` article links to it (article id and
        language), published in ``between`` (a gsi1sk range) if given: one Query each."""
        out: dict[str, list[dict[str, Any]]] = {}
        for eid in entity_ids:
            key: ConditionBase = Key("gsi1pk").eq(f"ENT#{eid}")
            if between is not None:
                key = key & Key("gsi1sk").between(*between)
            resp = self.table.query(
                IndexName="gsi1", KeyConditionExpression=key, ScanIndexForward=False, Limit=limit,
                ProjectionExpression="article_id, #l", ExpressionAttributeNames={"#l": "language"},
            )
            out[eid] = [_plain(i) for i in resp.get("Items", [])]
        return out

    def role_timeline(self, entity_id: str, limit: int = 200) -> list[dict[str, Any]]:
        """The roles the entity held, as periods: one entry per (title, rank, nationality,
        organisation) with the first and last day articles gave it and how many did, the most
        recent first. Read from its newest ``limit`` article links (one Query)."""
        resp = self.table.query(
            IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"ENT#{entity_id}"),
            ScanIndexForward=False, Limit=limit, ProjectionExpression="article_id, gsi1sk, #r",
            ExpressionAttributeNames={"#r": "roles"},
        )
        periods: dict[tuple[Any, ...], dict[str, Any]] = {}
        for link in (_plain(i) for i in resp.get("Items", [])):
            day = str(link["gsi1sk"]).rsplit("#", 1)[0][:10]
            for role in link.get("roles") or []:
                key = tuple(role.get(k) for k in ("title", "rank", "nationality", "organisation"))
                seen = str(role.get("date") or day)[:10]
                period = periods.setdefault(key, {
                    "title": role["title"], "rank": role.get("rank"), "nationality": role.get("nationality"),
                    "organisation": role.get("organisation"), "first_seen": seen, "last_seen": seen,
                    "articles": 0, "latest_article_id": link["article_id"],
                })
                period["first_seen"] = min(period["first_seen"], seen)
                period["last_seen"] = max(period["last_seen"], seen)
                period["articles"] += 1
        return sorted(periods.values(), key=lambda p: (p["last_seen"], p["articles"]), reverse=True)

    def find_entities(self, name: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or alias equals ``name``, else starts with it."""
        folded = fold(name)
        exact = self.table.query(KeyConditionExpression=Key("pk").eq(f"ALIAS#{folded}")).get("Items", [])
        ids = [str(i["entity_id"]) for i in exact]
        sound = sound_key(name, "PER")
        if not ids and sound:  # another transliteration of a person's name
            found = self.table.query(KeyConditionExpression=Key("pk").eq(f"SOUND#{sound}")).get("Items", [])
            ids = [str(i["entity_id"]) for i in found]
        if not ids:  # another script or spelling: "شكري", "Choukri"
            ids = self._script_matches(name)
        if not ids and len(folded) >= 2:
            resp = self.table.query(
                IndexName="gsi2",
                KeyConditionExpression=Key("gsi2pk").eq(f"ALIAS#{folded[:2]}") & Key("gsi2sk").begins_with(folded),
                Limit=limit * 3,
            )
            ids = [str(i["gsi2sk"]).rsplit("#", 1)[1] for i in resp.get("Items", [])]
        out: list[dict[str, Any]] = []
        for eid in dict.fromkeys(ids):
            try:
                entity = self.get_entity(eid)
            except NotFound:  # removed as unused while its alias items were being removed
                continue
            if entity["article_count"] > 0:  # no article left: hidden until it is removed
                out.append(entity)
            if len(out) >= limit:
                break
        return out

    # ------------------------------------------------------------------ listings
    def get_articles(self, article_ids: list[str]) -> list[dict[str, Any]]:
        """Article items by id (BatchGetItem), in the order given; ids not found are left out."""
        found: dict[str, dict[str, Any]] = {}
        unique = list(dict.fromkeys(article_ids))
        # the resource's client (de)serialises items, as the table does; unprocessed keys are
        # retried with backoff and then raised (BatchIncomplete), never dropped
        keys = [{"pk": f"ART#{i}", "sk": "A"} for i in unique]
        for raw in batched.batch_get(self.client, self.name, keys, retry=self.retry):
            item = _plain(raw)
            found[str(item["id"])] = item
        return [public_article(found[i]) for i in unique if i in found]

    def list_articles(self, query: Listing, start: dict[str, Any] | None = None
                      ) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """One page of articles, newest first, and the position to resume from (None at the end).

        By entity: Query gsi1 ``ENT#{eid}`` (its links carry published, section and language).
        Otherwise: the ``CAL`` item lists the days that have articles; each day is a Query on
        gsi1 ``DAY#{date}``. Dates bound the sort key; section and language are filters, so a
        page may hold fewer than ``limit`` items and still have a next position. A page spends
        at most ``MAX_LIST_QUERIES`` Query calls.
        """
        budget = [MAX_LIST_QUERIES]
        if query.entity:
            ids, nxt = self._page(f"ENT#{query.entity}", query, start, query.limit, budget)
            return self.get_articles([str(i["article_id"]) for i in ids]), nxt
        items: list[dict[str, Any]] = []
        position = dict(start or {})
        while len(items) < query.limit and budget[0] > 0:
            if position.get("d") and position.get("k"):  # resume inside a day
                days = [str(position["d"])]
            else:
                days = self._days(query, before=position.get("d"), budget=budget)
                if not days:
                    return [public_article(i) for i in items], None
            for day in days:
                key = position.get("k") if position.get("d") == day else None
                got, nxt = self._page(f"DAY#{day}", query, key, query.limit - len(items), budget)
                items += got
                position = {"d": day, "k": nxt}
                if len(items) >= query.limit or budget[0] <= 0:
                    break
        return [public_article(i) for i in items], position

    def _page(self, partition: str, query: Listing, start: dict[str, Any] | None, limit: int,
              budget: list[int]) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
        """Up to ``limit`` gsi1 items of one partition, newest first, filters applied."""
        key: ConditionBase = Key("gsi1pk").eq(partition)
        if query.start or query.end:
            key = key & Key("gsi1sk").between(query.start or "0", (query.end or "9999-12-31") + "~")
        kwargs: dict[str, Any] = {"IndexName": "gsi1", "KeyConditionExpression": key, "ScanIndexForward": False}
        condition = _condition(query)
        if condition is not None:
            kwargs["FilterExpression"] = condition
        items: list[dict[str, Any]] = []
        while len(items) < limit and budget[0] > 0:
            need = limit - len(items)
            # Limit counts items read before the filter: without one, read just what the page
            # needs; with one, read ahead (a rare match would otherwise cost a Query per item)
            # and resume right after the last item kept
            read = need if condition is None else max(need, FILTERED_READ)
            resp = self.table.query(**kwargs, Limit=read, **({"ExclusiveStartKey": start} if start else {}))
            budget[0] -= 1
            got = [_plain(i) for i in resp.get("Items", [])]
            start = resp.get("LastEvaluatedKey")
            if len(got) > need:
                got = got[:need]
                start = {k: got[-1][k] for k in ("pk", "sk", "gsi1pk", "gsi1sk")}
            items += got
            if not start:
                break
        return items, start

    def _days(self, query: Listing, *, before: str | None, budget: list[int]) -> list[str]:
        """Days with articles within the query's dates, newest first, older than ``before``."""
        upper = f"DAY#{before}" if before else f"DAY#{query.end or '9999-12-31'}~"
        lower = f"DAY#{query.start or '0000-00-00'}"
        resp = self.table.query(
            KeyConditionExpression=Key("pk").eq("CAL") & Key("sk").between(lower, upper),
            ScanIndexForward=False, Limit=DAYS_PER_QUERY + 1,
        )
        budget[0] -= 1
        return [str(i["day"]) for i in resp.get("Items", []) if f"DAY#{i['day']}" != upper][:DAYS_PER_QUERY]


def _condition(query: Listing) -> ConditionBase | None:
    """The listing's filters as a DynamoDB filter expression (None without filters)."""
    parts = [Attr(name).eq(value) for name, value in query.filters().items()]
    if not parts:
        return None
    cond: ConditionBase = parts[0]
    for part in parts[1:]:
        cond = cond & part
    return cond


def public_article(item: dict[str, Any]) -> dict[str, Any]:
    """The article item as the API and CLI show it (no key attributes)."""
    stages = item.get("stages", {})
    hidden = {"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"}
    out = {k: v for k, v in item.items() if k not in hidden}
    out["status"] = overall_status(stages)
    out["error"] = first_error(stages)
    return out
