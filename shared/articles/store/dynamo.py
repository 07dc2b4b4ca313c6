"""DynamoDB adapter for the articles table (single-table design, see docs/data-model.md).

Items (pk / sk):
  ART#{id}  / A              the article: metadata, S3 references, status per stage
  ART#{id}  / LINKS          the entities the article links: their ids (with a digest of each
                             link as written) and the order key the links share
  ENT#{eid} / E              the canonical entity: name, type, aliases
  ENT#{eid} / L#{stamp}#{id} the entity as found in article {id} (spelling, mentions, roles,
                             salience, section, language): the entity's articles, newest first
                             ({stamp}: the article's UTC order key); counted on read
  ALIAS#{n} / ENT#{eid}      lookup of an entity by any of its names (n = folded alias);
                             gsi2 = ALIAS#{n[:2]} / {n}#{eid}: prefix search
  SOUND#{k} / ENT#{eid}      a person by the transliteration-insensitive key of a name
  XS#{t}:{k}/ X              entities by the script-independent key of a name
  HASH#{h}  / ART#{id}       articles with the same normalised body (duplicate drops)
  CAL       / DAY#{date}     one item per day that has articles (lets listings skip empty days)
Article items also carry gsi1 = DAY#{yyyy-mm-dd} / {published}#{id} (articles by day)
and gsi2 = SRC#{bucket}/{key} / ART#{id} (articles from one S3 object).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Attr, ConditionBase, Key
from botocore.exceptions import ClientError

from articles.clock import now_iso, to_utc
from articles.entities.crossscript import Known, family_name, same_entity, script_key, script_keys
from articles.entities.keys import fold, lookup_names, names_by_script, sound_key
from articles.errors import NotFound, StaleEvent, TransientError
from articles.models import Entity, ParsedArticle, StageName, StageStatus
from articles.ports import Listing
from articles.status import first_error, overall_status
from articles.store import batch as batched
from articles.store.batch import DEFAULT_RETRY, Retry

TRANSACT_MAX = 100  # actions per TransactWriteItems
LINKS_SK = "LINKS"  # ART#{id} / LINKS: the entities the article links (see replace_entities)
COUNT_PAGES = 10  # Query pages (1 MB, ~2,000 links each) an entity's article count reads at most
MAX_MENTIONS = 100
MAX_ALIASES = 50
MAX_ROLES = 20
MAX_QUOTES = 50
MAX_QUOTE_CHARS = 2000
MAX_LIST_QUERIES = 30  # DynamoDB Query calls one listing page may spend before it returns a cursor
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


def _names(entity: Entity) -> set[str]:
    """The names an entity item keeps for ``entity``: its name and (bounded) aliases."""
    return {entity.name, *entity.aliases[:MAX_ALIASES]}


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
        self.table.delete_item(Key={"pk": f"ART#{article_id}", "sk": "QUOTES"})  # where quotations were kept before
        if old.get("content_hash"):
            self.table.delete_item(Key={"pk": f"HASH#{old['content_hash']}", "sk": f"ART#{article_id}"})
        self.table.delete_item(Key={"pk": f"ART#{article_id}", "sk": "A"})
        return old

    # ------------------------------------------------------------------ entities
    def entity_links(self, article_id: str) -> list[dict[str, Any]]:
        """The article's entity links (its ``LINKS`` record names them; one BatchGetItem reads
        them from their entities' partitions), most salient first."""
        return self._links_named(article_id, self._links_record(article_id))

    def links_and_quotes(self, article_id: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """``entity_links`` and the article's attributed quotations, from one read of the
        ``LINKS`` record (``replace_entities`` keeps the quotations there). A record written
        before it held them has no ``q``: they are in the article's ``QUOTES`` item, as then."""
        record = self._links_record(article_id)
        return self._links_named(article_id, record), self._quotes_in(article_id, record)

    def _links_record(self, article_id: str) -> dict[str, Any] | None:
        item: dict[str, Any] | None = self.table.get_item(Key={"pk": f"ART#{article_id}", "sk": LINKS_SK}).get("Item")
        return item

    def _links_named(self, article_id: str, record: dict[str, Any] | None) -> list[dict[str, Any]]:
        if not record:
            return []
        keys = [_link_key(eid, str(record["stamp"]), article_id) for eid in sorted(record.get("links") or {})]
        links = [_plain(i) for i in batched.batch_get(self.client, self.name, keys, retry=self.retry)]
        return sorted(links, key=lambda link: (-float(link.get("salience", 0)), str(link.get("name", ""))))

    def replace_entities(self, article_id: str, entities: Iterable[Entity], *, published: str | None,
                         section: str | None = None, language: str | None = None,
                         quotes: Sequence[Mapping[str, Any]] = ()) -> None:
        """Make the article's entity links exactly ``entities`` (idempotent; no stale links),
        and its quotations ``quotes`` (each speaker among ``entities``).

        A link is one item in its entity's partition, ``ENT#{eid}`` / ``L#{stamp}#{article}``
        (newest first by the article's UTC order key; it carries the section and language, so
        listings by entity filter in DynamoDB, and the spelling, roles, mentions and salience):
        one write unit for a typical link, no index copy. The article's ``LINKS`` record names
        its links (entity id -> a digest of the link as written) and the order key they share,
        and holds the article's quotations (``q``: bounded, as JSON; ``links_and_quotes``), which cost
        no write of their own.

        Written in this order, so that a crash anywhere leaves what a redelivery repairs: the
        links new or changed and the deletes of those gone, in one batched write; the entities
        and their new names (``_write_entities``); then the ``LINKS`` record, conditioned on the
        version read. A replay finds the record as it would write it and writes nothing. A concurrent
        run of the same article that committed first makes the condition fail: the record is
        read again and every link written again (the other run may have deleted some).

        Counts are not stored: an entity's article count is its number of links, read when
        asked (``get_entity``), so no write is shared between articles and none is
        transactional. An entity left with no link leaves the index (``_forget_if_unused``,
        which puts it back if an article linked it at that moment). The entities the article
        stopped linking are listed on the record (``forget``) until they have been looked at,
        so a crash in between leaves them to the redelivery instead of in the index."""
        new = {e.id: e for e in entities}
        said = _quotes_json(quotes)
        record_key = {"pk": f"ART#{article_id}", "sk": LINKS_SK}
        record = self.table.get_item(Key=record_key, ConsistentRead=True).get("Item")
        rewrite_all = False
        for _attempt in range(10):
            old_links = {str(k): str(v) for k, v in (record.get("links") or {}).items()} if record else {}
            old_stamp = str(record["stamp"]) if record else ""
            # the article's UTC order key, as on its item; an undated article keeps the one it has
            stamp = to_utc(published) or old_stamp or self.clock()
            items = {eid: _dynamo({
                "pk": f"ENT#{eid}", "sk": f"L#{stamp}#{article_id}", "article_id": article_id,
                "section": section, "language": language,
                **e.model_dump(exclude={"mentions", "aliases", "roles"}),
                # bounded so that one item stays far below DynamoDB's 400 KB, whatever the text
                "mentions": [m.model_dump() for m in e.mentions[:MAX_MENTIONS]],
                "mention_count": len(e.mentions),
                "aliases": e.aliases[:MAX_ALIASES],
                "roles": [r.model_dump() for r in e.roles[:MAX_ROLES]],
            }) for eid, e in new.items()}
            digests = {eid: _digest(item) for eid, item in items.items()}
            # entities this article no longer links, to remove if no other article does; kept
            # on the record until done, so that a crash before then leaves them to the retry
            forget = sorted((set(old_links) | {str(e) for e in (record or {}).get("forget", [])}) - set(items))
            if record and old_stamp == stamp and old_links == digests and not forget and record.get("q") == said:
                return  # stored exactly so (a replay): nothing to write
            same_key = old_stamp == stamp
            puts = [{"PutRequest": {"Item": item}} for eid, item in items.items()
                    if rewrite_all or not same_key or old_links.get(eid) != digests[eid]]
            deletes = [{"DeleteRequest": {"Key": _link_key(eid, old_stamp, article_id)}}
                       for eid in sorted(old_links) if eid not in items or not same_key]
            batched.batch_write(self.client, self.name, puts + deletes, retry=self.retry)
            self._write_entities(list(new.values()))  # after the links: see _forget_if_unused
            version = int(record.get("v", 0)) if record else 0
            condition: dict[str, Any] = (
                {"ConditionExpression": "v = :v", "ExpressionAttributeValues": {":v": version}} if record
                else {"ConditionExpression": "attribute_not_exists(pk)"})
            try:
                if items or forget:
                    self.table.put_item(Item={**record_key, "stamp": stamp, "links": digests, "v": version + 1,
                                              "q": said, **({"forget": forget} if forget else {})}, **condition)
                elif record:  # the article has no entity left: neither has it a record
                    self.table.delete_item(Key=record_key, **condition)
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                    raise
            else:
                if forget:
                    for eid in forget:
                        self._forget_if_unused(eid)
                    self._forgotten(record_key, version + 1, keep=bool(items))
                return
            # another run of this article committed since the read: read its record, start again
            record = self.table.get_item(Key=record_key, ConsistentRead=True).get("Item")
            rewrite_all = True
        raise TransientError("the article's entity links kept changing under this run; the message will be retried")

    def _forgotten(self, record_key: dict[str, str], version: int, *, keep: bool) -> None:
        """The record's ``forget`` list is done: drop it (or the record, which links nothing),
        unless another run rewrote the record since (its own list is its to finish)."""
        condition = {"ConditionExpression": "v = :v", "ExpressionAttributeValues": {":v": version}}
        try:
            if keep:
                self.table.update_item(Key=record_key, UpdateExpression="REMOVE forget", **condition)
            else:
                self.table.delete_item(Key=record_key, **condition)
        except ClientError as exc:
            if exc.response["Error"]["Code"] != "ConditionalCheckFailedException":
                raise

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

    def _put_all(self, items: Iterable[dict[str, Any]]) -> None:
        """Idempotent puts through the batch helper (25 a request; unprocessed items retried
        with backoff, then raised as ``BatchIncomplete``, never dropped). An item whose key
        comes twice is written once, the last one (DynamoDB refuses a key twice in a request)."""
        unique = {(item["pk"], item["sk"]): item for item in items}
        batched.batch_write(self.client, self.name, [{"PutRequest": {"Item": i}} for i in unique.values()],
                            retry=self.retry)

    def _write_entities(self, entities: list[Entity]) -> None:
        """Create or update the canonical entities of an article, writing only what is new.

        One consistent BatchGetItem reads the entity items; an entity whose item exists with
        its type and every name costs no write. For the others, the names new to the entity
        get their script-key (``_add_script_names``) and alias items first, then one
        UpdateItem adds them to the entity item. That order keeps every name the item knows
        findable whatever crashes: a retry that finds the names known has nothing left to
        write. An item read as existing is updated only if it still exists; removed as unused
        meanwhile (its alias items with it), it is created again whole (``_recreate``)."""
        keys = [{"pk": f"ENT#{e.id}", "sk": "E"} for e in entities]
        read = batched.batch_get(self.client, self.name, keys, consistent=True, retry=self.retry) if keys else []
        known_items = {str(i["pk"]).removeprefix("ENT#"): i for i in read}
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

    def _recreate(self, entity: Entity) -> None:
        """The entity item with every name of ``entity``, after the alias items of them all
        (the item was removed as unused, and its alias items with it)."""
        self._put_all(self._alias_items(entity.id, entity.type, _names(entity)))
        self._upsert_entity(entity)

    def _forget_if_unused(self, eid: str) -> None:
        """Remove an entity that no article links any more: its item and the alias and
        sound-key items that find it, in one transaction conditioned on the item as read (a
        name added meanwhile cancels it, and the links are looked at again). Then look at the
        links once more and put the entity back, whole, if an article linked it meanwhile.

        Nothing is lost in the race with an article that links it: that article writes its
        link before it reads the entity item (``replace_entities``). If its read comes after
        the removal, it finds no item and creates it again with its names; if before, its link
        was written before the removal, and the second look here finds it."""
        for _attempt in range(5):
            if self._has_links(eid):
                return
            item = self.table.get_item(Key={"pk": f"ENT#{eid}", "sk": "E"}, ConsistentRead=True).get("Item")
            if not item:
                return
            names = {str(item.get("name", "")), *map(str, item.get("aliases", set()))} - {""}
            type_ = str(item.get("type", ""))
            lookups = [{"pk": a["pk"], "sk": a["sk"]} for a in self._alias_items(eid, type_, names)]
            guard = {"Delete": {"TableName": self.name, "Key": {"pk": f"ENT#{eid}", "sk": "E"},
                                "ConditionExpression": "size(aliases) = :n AND #n = :name",
                                "ExpressionAttributeNames": {"#n": "name"},
                                "ExpressionAttributeValues": {":n": len(item.get("aliases", set())),
                                                              ":name": item["name"]}}}
            try:
                self.client.transact_write_items(TransactItems=[guard, *(
                    {"Delete": {"TableName": self.name, "Key": key}} for key in lookups[: TRANSACT_MAX - 1])])
            except ClientError as exc:
                if exc.response["Error"]["Code"] != "TransactionCanceledException":
                    raise
                continue  # the item changed since the read: look again
            rest = lookups[TRANSACT_MAX - 1 :]  # the rare entity with > 99 names
            batched.batch_write(self.client, self.name, [{"DeleteRequest": {"Key": key}} for key in rest],
                                retry=self.retry)
            if self._has_links(eid):  # linked again meanwhile: put it back
                self._put_all(self._alias_items(eid, type_, names))
                self.table.update_item(
                    Key={"pk": f"ENT#{eid}", "sk": "E"},
                    UpdateExpression="SET #n = if_not_exists(#n, :name), #t = :type ADD aliases :aliases",
                    ExpressionAttributeNames={"#n": "name", "#t": "type"},
                    ExpressionAttributeValues={":name": item["name"], ":type": type_, ":aliases": names},
                )
            return

    def _has_links(self, eid: str) -> bool:
        resp = self.table.query(KeyConditionExpression=_links_of(eid, None), Limit=1, ConsistentRead=True,
                                ProjectionExpression="pk")
        return bool(resp.get("Items"))

    def _upsert_entity(self, entity: Entity, *, existing: bool = False) -> bool:
        """Create or update the canonical entity (name, type, aliases); with ``existing``, only
        if its item exists (False when it does not: nothing written). Its shown name is the
        spelling most of its articles use, counted on read (``get_entity``)."""
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

    def _quotes_in(self, article_id: str, record: dict[str, Any] | None) -> list[dict[str, Any]]:
        if not record:
            return []  # no entity, so no speaker: no quotation
        if "q" in record:
            return list(json.loads(str(record["q"])))
        item = self.table.get_item(Key={"pk": f"ART#{article_id}", "sk": "QUOTES"}).get("Item")
        return list(_plain(item).get("quotes", [])) if item else []

    def get_entity(self, entity_id: str, *, seen: bool = False) -> dict[str, Any]:
        """The canonical entity, with its article count and the spelling most of its articles
        use (counted from its links, ``_count_links``); with ``seen``, the dates of its oldest
        and newest articles too (read from its links, so they are exact whatever order articles
        arrived or left in). An entity no article links any more is not found."""
        item = self.table.get_item(Key={"pk": f"ENT#{entity_id}", "sk": "E"}).get("Item")
        if not item:
            raise NotFound(f"no entity with id {entity_id}")
        out = self._entity(_plain(item), COUNT_PAGES)
        if not out["article_count"]:
            raise NotFound(f"no article links entity {entity_id}")
        if seen:  # days (YYYY-MM-DD), whatever precision the articles' dates have
            out["first_seen"], out["last_seen"] = self._seen(entity_id, forward=True), self._seen(entity_id)
        return out

    def _entity(self, data: dict[str, Any], pages: int) -> dict[str, Any]:
        entity_id = str(data["pk"]).removeprefix("ENT#")
        count, spellings, exact = self._count_links(entity_id, pages)
        best = max(spellings.values(), default=0)
        # the most used spelling; on a tie the first in alphabetical order, so that the name
        # does not depend on the order articles arrived in
        name = min((n for n, c in spellings.items() if c == best and c > 0), default=data["name"])
        aliases = sorted(data.get("aliases", []))
        return {
            "id": entity_id, "name": name, "type": data["type"], "aliases": aliases,
            "article_count": count, "article_count_exact": exact,
            "names": names_by_script([name, *aliases]),
        }

    def _count_links(self, entity_id: str, pages: int) -> tuple[int, dict[str, int], bool]:
        """The entity's links counted, newest first: how many, how many per spelling, and
        whether that is all of them (reading stops after ``pages`` Query pages of 1 MB, some
        2,000 links each; 0.5 read unit per 4 KB read)."""
        kwargs: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(f"ENT#{entity_id}") & Key("sk").begins_with("L#"),
            "ScanIndexForward": False, "ProjectionExpression": "#n", "ExpressionAttributeNames": {"#n": "name"}}
        count, spellings = 0, Counter[str]()
        for _page in range(pages):
            resp = self.table.query(**kwargs)
            found = resp.get("Items", [])
            count += len(found)
            spellings.update(str(i.get("name", "")) for i in found)
            if not resp.get("LastEvaluatedKey"):
                return count, dict(spellings), True
            kwargs["ExclusiveStartKey"] = resp["LastEvaluatedKey"]
        return count, dict(spellings), False

    def _seen(self, entity_id: str, *, forward: bool = False) -> str | None:
        resp = self.table.query(
            KeyConditionExpression=Key("pk").eq(f"ENT#{entity_id}") & Key("sk").begins_with("L#"),
            ScanIndexForward=forward, Limit=1, ProjectionExpression="sk",
        )
        items = resp.get("Items", [])
        return _link_stamp(items[0])[:10] if items else None

    def entity_neighbours(self, entity_ids: list[str], between: tuple[str, str] | None,
                          limit: int = 25) -> dict[str, list[dict[str, Any]]]:
        """For each entity id, the newest ``limit`` article links to it (article id and
        language), published in ``between`` (a range of UTC order keys) if given: one Query each."""
        out: dict[str, list[dict[str, Any]]] = {}
        for eid in entity_ids:
            resp = self.table.query(
                KeyConditionExpression=_links_of(eid, between), ScanIndexForward=False, Limit=limit,
                ProjectionExpression="article_id, #l", ExpressionAttributeNames={"#l": "language"},
            )
            out[eid] = [_plain(i) for i in resp.get("Items", [])]
        return out

    def role_timeline(self, entity_id: str, limit: int = 200) -> list[dict[str, Any]]:
        """The roles the entity held, as periods: one entry per (title, rank, nationality,
        organisation) with the first and last day articles gave it and how many did, the most
        recent first. Read from its newest ``limit`` article links (one Query)."""
        resp = self.table.query(
            KeyConditionExpression=_links_of(entity_id, None), ScanIndexForward=False, Limit=limit,
            ProjectionExpression="article_id, sk, #r", ExpressionAttributeNames={"#r": "roles"},
        )
        periods: dict[tuple[Any, ...], dict[str, Any]] = {}
        for link in (_plain(i) for i in resp.get("Items", [])):
            day = _link_stamp(link)[:10]
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
        """Entities whose name or alias equals ``name``, else starts with it; those no article
        links any more are left out. Counts are read one Query page deep (exact up to some
        2,000 articles, ``article_count_exact`` says when not)."""
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
        wanted = list(dict.fromkeys(ids))
        items = {str(i["pk"]).removeprefix("ENT#"): _plain(i) for i in batched.batch_get(
            self.client, self.name, [{"pk": f"ENT#{eid}", "sk": "E"} for eid in wanted], retry=self.retry)}
        for eid in wanted:
            if eid not in items:
                continue
            entity = self._entity(items[eid], 1)
            if entity["article_count"] > 0:  # no article left: hidden
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

        By entity: Query its links, ``ENT#{eid}`` / ``L#…`` (they carry the order key, section
        and language), then read the article items.
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
        """Up to ``limit`` items of one partition, newest first, filters applied: an entity's
        links (``ENT#…``, in the table) or the articles of a day (``DAY#…``, in gsi1)."""
        dates = (query.start or "0", (query.end or "9999-12-31") + "~") if query.start or query.end else None
        kwargs: dict[str, Any] = {"ScanIndexForward": False}
        names: tuple[str, ...]
        if partition.startswith("ENT#"):
            kwargs["KeyConditionExpression"], names = _links_of(partition.removeprefix("ENT#"), dates), ("pk", "sk")
        else:
            key: ConditionBase = Key("gsi1pk").eq(partition)
            if dates:
                key = key & Key("gsi1sk").between(*dates)
            kwargs.update(IndexName="gsi1", KeyConditionExpression=key)
            names = ("pk", "sk", "gsi1pk", "gsi1sk")
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
                start = {k: got[-1][k] for k in names}
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


def _quotes_json(quotes: Sequence[Mapping[str, Any]]) -> str:
    """Quotations as the ``LINKS`` record keeps them: bounded (``MAX_QUOTES``, texts cut at
    ``MAX_QUOTE_CHARS``), as compact JSON (the same list gives the same text: a replay compares it)."""
    kept = [{**q, "text": str(q.get("text", ""))[:MAX_QUOTE_CHARS]} for q in list(quotes)[:MAX_QUOTES]]
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _link_key(entity_id: str, stamp: str, article_id: str) -> dict[str, str]:
    """The key of an article's link to an entity (``stamp``: the article's UTC order key)."""
    return {"pk": f"ENT#{entity_id}", "sk": f"L#{stamp}#{article_id}"}


def _link_stamp(link: dict[str, Any]) -> str:
    """The order key (UTC publication time) in a link's sort key ``L#{stamp}#{article}``."""
    return str(link["sk"]).removeprefix("L#").rsplit("#", 1)[0]


def _links_of(entity_id: str, between: tuple[str, str] | None) -> ConditionBase:
    """The key condition of an entity's links, those with an order key in ``between`` if given."""
    key: ConditionBase = Key("pk").eq(f"ENT#{entity_id}")
    if between is None:
        return key & Key("sk").begins_with("L#")
    return key & Key("sk").between(f"L#{between[0]}", f"L#{between[1]}")


def _digest(item: dict[str, Any]) -> str:
    """A short digest of an item as written (``LINKS`` records one per link, so that a link
    stored exactly so is not written again)."""
    text = json.dumps(item, sort_keys=True, default=_typed, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def _typed(value: Any) -> Any:
    """JSON for what json cannot write, tagged with its type (a number is not its text)."""
    if isinstance(value, Decimal):
        return {"$n": str(value.normalize())}
    if isinstance(value, set | frozenset):
        return {"$set": sorted(value, key=str)}
    return {"$str": str(value)}


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
