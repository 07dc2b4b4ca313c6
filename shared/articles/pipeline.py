"""What each stage does, over adapters passed in (no boto3 here, no environment reads).

Permanent problems (bad input) are recorded on the article and the message is acknowledged;
transient ones propagate so the queue redelivers. Stale messages (for an article that has
since been replaced or deleted) are acknowledged without effect.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from articles.clock import now_iso
from articles.entities.crossscript import unify
from articles.errors import NotFound, PermanentError, SkippedInput, StaleEvent, UnrecognisedMessage
from articles.ids import article_id, parsed_key
from articles.models import ArticleParsed, ArticleRemoved, Entity, ParsedArticle, RelatedLink, StageStatus
from articles.ports import ArticleStore, Blobs, Bus, Index, Tagger

Parser = Callable[..., list[ParsedArticle]]


@dataclass(frozen=True)
class ObjectEvent:
    """One S3 notification record, decoded."""

    bucket: str
    key: str
    event_name: str
    sequencer: str = ""
    etag: str = ""

    @property
    def removed(self) -> bool:
        return self.event_name.startswith("ObjectRemoved")


# S3 events delivered by EventBridge ("detail-type"): the two that change what the inbox holds,
# as the notification event names the stage understands. Every other S3 detail-type (Object
# Restore Initiated/Completed/Expired, Object Tags Added/Deleted, Object ACL Updated, Object
# Storage Class Changed, Object Access Tier Changed) leaves the object's bytes as they were:
# nothing to parse or remove, so they yield no event.
EVENTBRIDGE_OBJECT_CHANGES = {"Object Created": "ObjectCreated:Put", "Object Deleted": "ObjectRemoved:Delete"}


def _describe(doc: Any) -> str:
    """What a message that is not an S3 notification looks like, for the failure reason."""
    if not isinstance(doc, dict):
        return f"a JSON {type(doc).__name__}"
    if doc.get("Type") == "Notification" and "TopicArn" in doc:
        return ("an SNS envelope (Type=Notification): a topic delivers to this queue without raw "
                "message delivery")
    if "source" in doc and "detail-type" in doc:
        return f"an EventBridge event from {doc.get('source')!r} ({doc.get('detail-type')!r})"
    return f"a JSON object with keys {sorted(map(str, doc))[:8]}"


def object_events(body: str) -> Iterator[ObjectEvent]:
    """S3 notification records in an SQS body; an ``s3:TestEvent`` yields nothing.

    Reads the records leniently: moto omits fields AWS sends (``sequencer``, ``userIdentity``…).
    Keys are URL-encoded (``+`` for spaces): decoded with ``unquote_plus``. A body that is none
    of these shapes raises :class:`UnrecognisedMessage` (never acknowledged silently).
    """
    try:
        doc = json.loads(body)
    except ValueError as exc:
        raise UnrecognisedMessage(f"the message body is not JSON ({exc}); expected an S3 event notification"
                                  ) from exc
    if isinstance(doc, dict) and doc.get("Event") == "s3:TestEvent":
        return
    if isinstance(doc, dict) and "detail" in doc and doc.get("source") == "aws.s3":  # EventBridge: keys unencoded
        name = EVENTBRIDGE_OBJECT_CHANGES.get(str(doc.get("detail-type", "")))
        if name is None:
            return
        detail = doc["detail"]
        yield ObjectEvent(detail["bucket"]["name"], detail["object"]["key"], name,
                          detail["object"].get("sequencer", ""), detail["object"].get("etag", ""))
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("Records"), list):
        raise UnrecognisedMessage(f"not an S3 event notification: {_describe(doc)}, with no 'Records' list")
    for record in doc["Records"]:
        s3 = record["s3"]
        obj = s3["object"]
        yield ObjectEvent(
            bucket=s3["bucket"]["name"],
            key=unquote_plus(obj["key"]),
            event_name=record.get("eventName", "ObjectCreated:Put"),
            sequencer=obj.get("sequencer", ""),
            etag=obj.get("eTag", ""),
        )


@dataclass
class ParseStage:
    blobs: Blobs
    repo: ArticleStore
    bus: Bus
    parse: Parser
    parsed_bucket: str

    def handle(self, event: ObjectEvent) -> list[str]:
        """Parse one object; returns the ids of the articles written (or recorded as failed).

        Events arrive at least once and unordered, so the object is read as it is now: a
        removal for an object that exists again is ignored, a creation for an object deleted
        since is left to its removal event, and a write for an older version than the one
        stored is refused by a conditional write (:class:`StaleEvent`).
        """
        try:
            return self._handle(event)
        except StaleEvent:
            return []

    def _handle(self, event: ObjectEvent) -> list[str]:
        if event.removed:
            if self.blobs.exists(event.bucket, event.key):
                return []
            return self.remove_source(event.bucket, event.key)
        base_id = article_id(event.bucket, event.key)
        if event.key.endswith("/"):
            self.repo.record_failure(base_id, bucket=event.bucket, key=event.key, state="skipped",
                                     reason="folder marker (key ends with '/'), not an article")
            return [base_id]
        try:
            data, meta = self.blobs.read_raw(event.bucket, event.key)
        except NotFound:
            # Deleted before we read it: its ObjectRemoved event will purge what exists.
            return []
        except PermanentError as exc:
            self._fail(base_id, event, exc, "")
            return [base_id]
        modified = str(meta.get("LastModified") or "")
        try:
            parsed = self.parse(data, filename=event.key, content_type=meta.get("ContentType"))
        except PermanentError as exc:
            self._fail(base_id, event, exc, modified)
            return [base_id]
        ids = [article_id(event.bucket, event.key, i + 1 if len(parsed) > 1 else None)
               for i in range(len(parsed))]
        before = set(self.repo.articles_from_source(event.bucket, event.key))
        version = str(meta.get("VersionId") or meta.get("ETag") or event.etag or "")
        for aid, article in zip(ids, parsed, strict=True):
            key = parsed_key(aid)
            source = {"bucket": event.bucket, "key": event.key}
            # the conditional item write first: a stale event stops here, before touching S3
            self.repo.put_article(aid, article, bucket=event.bucket, key=event.key, parsed_key=key,
                                  version=version, modified=modified,
                                  is_current=lambda: self.blobs.current_version(event.bucket, event.key) == version)
            self.blobs.put_parsed(key, aid, article, source)
            self.bus.article_parsed(ArticleParsed(
                article_id=aid, parsed_bucket=self.parsed_bucket, parsed_key=key, source_bucket=event.bucket,
                source_key=event.key, content_hash=article.content_hash, published=article.published,
                version=version,
            ))
        for stale in before - set(ids):  # the file held more articles before
            self._purge(stale)
        return ids

    def _fail(self, aid: str, event: ObjectEvent, exc: PermanentError, modified: str) -> None:
        state = "skipped" if isinstance(exc, SkippedInput) else "failed"
        self.repo.record_failure(aid, bucket=event.bucket, key=event.key, state=state, reason=exc.reason,
                                 modified=modified)
        for stale in set(self.repo.articles_from_source(event.bucket, event.key)) - {aid}:
            self._purge(stale)

    def remove_source(self, bucket: str, key: str) -> list[str]:
        ids = self.repo.articles_from_source(bucket, key)
        for aid in ids:
            self._purge(aid)
        return ids

    def _purge(self, aid: str) -> None:
        # the parsed article before the item: a message still in flight for the article then
        # finds no parsed article (see _parsed_if_current), never one whose item is gone
        self.blobs.delete_parsed(parsed_key(aid))
        self.repo.delete_article(aid)
        self.bus.article_removed(aid)


def _parsed_if_current(blobs: Blobs, message: ArticleParsed) -> dict[str, Any] | None:
    """The parsed article if ``message`` still describes it, else None (a stale message: the
    article was parsed again with other content, or removed).

    The parsed JSON carries the content hash of the version it holds (every parsed article
    has one); the parse stage writes it after the article item, and a removal deletes it
    before the item (``_purge``), so one read answers both questions."""
    try:
        doc = blobs.get_parsed(message.parsed_key)
    except NotFound:
        return None
    return doc if doc.get("content_hash") == message.content_hash else None


@dataclass
class TagStage:
    blobs: Blobs
    repo: ArticleStore
    tagger: Tagger
    max_chars: int = 200_000
    max_entities: int = 300  # links + entity updates per article stay bounded (time, writes)
    clock: Callable[[], str] = now_iso

    def handle(self, message: ArticleParsed) -> list[Entity] | None:
        doc = _parsed_if_current(self.blobs, message)
        if doc is None:
            return None
        body: str = doc["body"]
        note = None
        if len(body) > self.max_chars:  # a news article is far shorter; bound the work
            cut = body.rfind(" ", 0, self.max_chars)
            body = body[: cut if cut > 0 else self.max_chars]
            note = f"tagged the first {len(body):,} of {len(doc['body']):,} characters"
        language = doc.get("language")
        unsupported = self.tagger.note(body, language)  # no model for its language: no entities
        if unsupported:
            note = "; ".join(filter(None, [note, unsupported]))
        try:
            entities = [] if unsupported else self.tagger.tag(body, published=doc.get("published"), language=language)
        except PermanentError as exc:
            self.repo.set_stage(message.article_id, "tag", StageStatus(state="failed", at=self.clock(),
                                                                        error=exc.reason))
            return []
        # one id across scripts and spellings: adopt the id of the known entity each names
        entities = unify(entities, self.repo.script_lookup)
        if len(entities) > self.max_entities:  # a list of names, not an article: keep the salient ones
            found = len(entities)
            entities = sorted(entities, key=lambda e: -e.salience)[: self.max_entities]
            note = "; ".join(filter(None, [note, f"kept the {self.max_entities} most salient of {found:,} entities"]))
        quotes = [q.model_dump() for q in self.tagger.quotes(body, entities)]
        self.repo.replace_entities(message.article_id, entities, published=doc.get("published"),
                                   section=doc.get("section"), language=doc.get("language"), quotes=quotes)
        self.repo.set_stage(message.article_id, "tag", StageStatus(state="ok", at=self.clock(), note=note))
        return entities


@dataclass
class RelatedStage:
    blobs: Blobs
    repo: ArticleStore
    index: Index
    clock: Callable[[], str] = now_iso

    def handle(self, message: ArticleParsed) -> list[RelatedLink] | None:
        doc = _parsed_if_current(self.blobs, message)
        if doc is None:
            return None
        links = self.index.upsert(message.article_id, title=doc.get("title"), body=doc["body"],
                                  published=doc.get("published"))
        self.repo.set_stage(message.article_id, "related", StageStatus(state="ok", at=self.clock()))
        return links

    def remove(self, message: ArticleRemoved) -> None:
        self.index.remove(message.article_id)
