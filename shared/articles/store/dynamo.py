"""DynamoDB adapter for the articles table (single-table design, see docs/data-model.md).

Items (pk / sk):
  ART#{id}  / A              the article: metadata, S3 references, status per stage
  ART#{id}  / ENT#{eid}      an entity as found in the article (mentions, roles, salience);
                             gsi1 = ENT#{eid} / {published}#{id}: articles of an entity, newest first
  ENT#{eid} / E              the canonical entity: name, type, aliases, first/last seen, article count
  ALIAS#{n} / ENT#{eid}      lookup of an entity by any of its names (n = folded alias);
                             gsi2 = ALIAS#{n[:2]} / {n}#{eid}: prefix search
  HASH#{h}  / ART#{id}       articles with the same normalised body (duplicate drops)
Article items also carry gsi1 = DAY#{yyyy-mm-dd} / {published}#{id} (articles by day)
and gsi2 = SRC#{bucket}/{key} / ART#{id} (articles from one S3 object).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from articles.errors import NotFound, StaleEvent
from articles.models import ArticleStatus, Entity, ParsedArticle, StageName, StageStatus

STAGES: tuple[StageName, ...] = ("parse", "tag", "related")
BATCH_WRITE_MAX = 25
MAX_MENTIONS = 100
MAX_ALIASES = 50
MAX_ROLES = 20
MAX_QUOTES = 50
MAX_QUOTE_CHARS = 2000


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fold(name: str) -> str:
    """Case- and accent-insensitive form of a name, for alias lookups."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().replace("-", " ").split())


def overall_status(stages: dict[str, Any]) -> ArticleStatus:
    states = {name: (stages.get(name) or {}).get("state", "pending") for name in STAGES}
    if states["parse"] == "skipped":
        return "skipped"
    if "failed" in states.values():
        return "failed"
    if all(s in ("ok", "skipped") for s in states.values()):
        return "ok"
    return "processing"


def first_error(stages: dict[str, Any]) -> str | None:
    for name in STAGES:
        stage = stages.get(name) or {}
        if stage.get("error"):
            return f"{name}: {stage['error']}"
    return None


def lookup_names(names: Iterable[str], type_: str) -> set[str]:
    """The names an entity is found by: its names, and for a person also each family name
    ("Shoukri" finds "Sameh Shoukri"), so that a bare surname search hits."""
    out = set(names)
    if type_ == "PER":
        for name in names:
            parts = name.replace("-", " ").split()
            if len(parts) > 1 and len(parts[-1]) >= 3:
                out.add(" ".join(parts[-2:]) if parts[-2].lower() in ("al", "el") else parts[-1])
    return out


def _plain(value: Any) -> Any:
    """DynamoDB numbers come back as Decimal; give JSON-friendly values."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | set | tuple):
        return [_plain(v) for v in value]
    return value


def _dynamo(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(round(value, 6)))
    if isinstance(value, dict):
        return {k: _dynamo(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_dynamo(v) for v in value]
    return value


def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class ArticleRepository:
    def __init__(self, table: Any) -> None:
        self.table = table
        self.client = table.meta.client
        self.name = table.name

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
    ) -> None:
        """Write the parsed article with parse=ok and tag/related pending (replaces an older parse).

        ``modified`` is the source object's LastModified: a parse of an older version of the
        object than the one stored raises :class:`StaleEvent` and writes nothing.
        """
        now = now_iso()
        stamp = article.published or now
        old = self.get_article_item(article_id)
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
            **article.model_dump(exclude={"body"}),
        }
        self._put_if_newer(item, modified)
        if old and old.get("content_hash") and old["content_hash"] != article.content_hash:
            self.table.delete_item(Key={"pk": f"HASH#{old['content_hash']}", "sk": f"ART#{article_id}"})
        if article.content_hash:
            self.table.put_item(
                Item={"pk": f"HASH#{article.content_hash}", "sk": f"ART#{article_id}", "id": article_id}
            )

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
        now = now_iso()
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
        else:
            self.set_stage(article_id, stage, StageStatus(state=state, at=now, error=reason))

    def set_stage(self, article_id: str, stage: StageName, status: StageStatus) -> None:
        try:
            self.table.update_item(
                Key={"pk": f"ART#{article_id}", "sk": "A"},
                UpdateExpression="SET stages.#s = :v, updated_at = :now",
                ConditionExpression="attribute_exists(pk)",
                ExpressionAttributeNames={"#s": stage},
                ExpressionAttributeValues={":v": _dynamo(status.model_dump()), ":now": now_iso()},
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

    def articles_by_day(self, day: str, limit: int = 50) -> list[dict[str, Any]]:
        resp = self.table.query(
            IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"DAY#{day}"),
            ScanIndexForward=False, Limit=limit,
        )
        return [public_article(_plain(i)) for i in resp.get("Items", [])]

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
        resp = self.table.query(
            KeyConditionExpression=Key("pk").eq(f"ART#{article_id}") & Key("sk").begins_with("ENT#")
        )
        return [_plain(i) for i in resp.get("Items", [])]

    def replace_entities(self, article_id: str, entities: Iterable[Entity], *, published: str | None) -> None:
        """Make the article's entity links exactly ``entities`` (idempotent; no stale links)."""
        new = {e.id: e for e in entities}
        old_ids = {str(i["sk"]).removeprefix("ENT#") for i in self.entity_links(article_id)}
        stamp = published or now_iso()
        puts = [
            {
                "pk": f"ART#{article_id}", "sk": f"ENT#{e.id}", "article_id": article_id,
                "gsi1pk": f"ENT#{e.id}", "gsi1sk": f"{stamp}#{article_id}",
                **e.model_dump(exclude={"mentions", "aliases", "roles"}),
                # bounded so that one item stays far below DynamoDB's 400 KB, whatever the text
                "mentions": [m.model_dump() for m in e.mentions[:MAX_MENTIONS]],
                "mention_count": len(e.mentions),
                "aliases": e.aliases[:MAX_ALIASES],
                "roles": [r.model_dump() for r in e.roles[:MAX_ROLES]],
            }
            for e in new.values()
        ]
        for eid in old_ids - set(new):
            self._count(eid, -1)
        aliases: dict[str, dict[str, Any]] = {}
        for eid, entity in new.items():
            for name in lookup_names(self._upsert_entity(entity, stamp, count=eid not in old_ids), entity.type):
                folded = fold(name)
                aliases[f"{folded}|{eid}"] = {
                    "pk": f"ALIAS#{folded}", "sk": f"ENT#{eid}", "entity_id": eid, "alias": name,
                    "gsi2pk": f"ALIAS#{folded[:2]}", "gsi2sk": f"{folded}#{eid}",
                }
        # one batched write for links, stale-link deletes and new alias items (chunked by 25)
        with self.table.batch_writer(overwrite_by_pkeys=["pk", "sk"]) as batch:
            for item in puts:
                batch.put_item(Item=_dynamo(item))
            for eid in old_ids - set(new):
                batch.delete_item(Key={"pk": f"ART#{article_id}", "sk": f"ENT#{eid}"})
            for item in aliases.values():
                batch.put_item(Item=item)

    def _upsert_entity(self, entity: Entity, stamp: str, *, count: bool = True) -> set[str]:
        """Update the canonical entity; returns the names it did not know before."""
        names = {entity.name, *entity.aliases[:MAX_ALIASES]}
        expr = (
            "SET #n = if_not_exists(#n, :name), #t = :type, first_seen = if_not_exists(first_seen, :stamp), "
            "last_seen = :stamp ADD aliases :aliases"
        )
        values: dict[str, Any] = {
            ":name": entity.name, ":type": entity.type, ":stamp": stamp, ":aliases": names,
        }
        if count:
            expr += ", article_count :one"
            values[":one"] = 1
        old = self.table.update_item(
            Key={"pk": f"ENT#{entity.id}", "sk": "E"},
            UpdateExpression=expr,
            ExpressionAttributeNames={"#n": "name", "#t": "type"},
            ExpressionAttributeValues=values,
            ReturnValues="ALL_OLD",  # the aliases known before, at no read cost
        ).get("Attributes", {})
        known = {fold(a) for a in old.get("aliases", set())}
        return {n for n in names if fold(n) not in known}

    def put_quotes(self, article_id: str, quotes: list[dict[str, Any]]) -> None:
        """The article's attributed quotations (bounded, like every item)."""
        kept = [{**q, "text": str(q.get("text", ""))[:MAX_QUOTE_CHARS]} for q in quotes[:MAX_QUOTES]]
        self.table.put_item(Item=_dynamo({"pk": f"ART#{article_id}", "sk": "QUOTES", "quotes": kept}))

    def get_quotes(self, article_id: str) -> list[dict[str, Any]]:
        item = self.table.get_item(Key={"pk": f"ART#{article_id}", "sk": "QUOTES"}).get("Item")
        return list(_plain(item).get("quotes", [])) if item else []

    def _count(self, entity_id: str, delta: int) -> None:
        self.table.update_item(
            Key={"pk": f"ENT#{entity_id}", "sk": "E"},
            UpdateExpression="ADD article_count :d",
            ConditionExpression="attribute_exists(pk)",
            ExpressionAttributeValues={":d": delta},
        )

    def get_entity(self, entity_id: str) -> dict[str, Any]:
        item = self.table.get_item(Key={"pk": f"ENT#{entity_id}", "sk": "E"}).get("Item")
        if not item:
            raise NotFound(f"no entity with id {entity_id}")
        data = _plain(item)
        return {
            "id": entity_id, "name": data["name"], "type": data["type"],
            "aliases": sorted(data.get("aliases", [])), "article_count": data.get("article_count", 0),
            "first_seen": data.get("first_seen"), "last_seen": data.get("last_seen"),
        }

    def role_timeline(self, entity_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """The roles the entity held, newest article first (from its article links, one Query)."""
        resp = self.table.query(
            IndexName="gsi1", KeyConditionExpression=Key("gsi1pk").eq(f"ENT#{entity_id}"),
            ScanIndexForward=False, Limit=limit, ProjectionExpression="article_id, #r",
            ExpressionAttributeNames={"#r": "roles"},
        )
        timeline = []
        for link in (_plain(i) for i in resp.get("Items", [])):
            for role in link.get("roles") or []:
                timeline.append({**role, "article_id": link["article_id"]})
        return timeline

    def find_entities(self, name: str, limit: int = 20) -> list[dict[str, Any]]:
        """Entities whose name or alias equals ``name``, else starts with it."""
        folded = fold(name)
        exact = self.table.query(KeyConditionExpression=Key("pk").eq(f"ALIAS#{folded}")).get("Items", [])
        ids = [str(i["entity_id"]) for i in exact]
        if not ids and len(folded) >= 2:
            resp = self.table.query(
                IndexName="gsi2",
                KeyConditionExpression=Key("gsi2pk").eq(f"ALIAS#{folded[:2]}") & Key("gsi2sk").begins_with(folded),
                Limit=limit * 3,
            )
            ids = [str(i["gsi2sk"]).rsplit("#", 1)[1] for i in resp.get("Items", [])]
        seen: list[str] = []
        for eid in ids:
            if eid not in seen:
                seen.append(eid)
        return [self.get_entity(eid) for eid in seen[:limit]]

    def articles_of_entity(self, entity_id: str, limit: int = 20, start: dict[str, Any] | None = None
                           ) -> tuple[list[str], dict[str, Any] | None]:
        kwargs: dict[str, Any] = {
            "IndexName": "gsi1", "KeyConditionExpression": Key("gsi1pk").eq(f"ENT#{entity_id}"),
            "ScanIndexForward": False, "Limit": limit,
        }
        if start:
            kwargs["ExclusiveStartKey"] = start
        resp = self.table.query(**kwargs)
        return [str(i["article_id"]) for i in resp.get("Items", [])], resp.get("LastEvaluatedKey")


def public_article(item: dict[str, Any]) -> dict[str, Any]:
    """The article item as the API and CLI show it (no key attributes)."""
    stages = item.get("stages", {})
    hidden = {"pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"}
    out = {k: v for k, v in item.items() if k not in hidden}
    out["status"] = overall_status(stages)
    out["error"] = first_error(stages)
    return out
