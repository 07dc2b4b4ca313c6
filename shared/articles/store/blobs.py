"""Raw objects (S3 inbox) and parsed articles: JSON, kept compressed in the ArticlesTable when
small, in the parsed bucket otherwise.

A parsed article under key ``parsed/{id}.json`` has one ArticlesTable item
(:mod:`articles.store.parsed_items`): the zlib-compressed JSON when that is at most
``inline_max_bytes`` (8 KB by default), else a pointer, and the JSON in the parsed bucket under
the same key. An S3 PUT costs as much as ≈ 8 on-demand (≈ 17 provisioned) write units, so a
small article is cheaper as an item: one PutItem instead of a PutObject, one strongly
consistent GetItem per reader instead of a GetObject (docs/cost.md).
A key with no item (written before items held bodies) is read from S3.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from botocore.exceptions import ClientError

from articles.errors import DocumentTooLarge, NotFound, TransientError
from articles.models import ParsedArticle
from articles.store.parsed_items import ParsedItems

_MISSING = {"NoSuchKey", "404", "NotFound"}


INLINE_MAX_BYTES = 8 * 1024  # compressed parsed JSON kept in the table up to this size


class BlobStore:
    """``table``: the ArticlesTable (a boto3 Table) for small parsed articles; without it, or
    with ``inline_max_bytes`` 0, every parsed article goes to S3."""

    def __init__(self, s3: Any, *, parsed_bucket: str, max_bytes: int, table: Any = None,
                 inline_max_bytes: int = INLINE_MAX_BYTES) -> None:
        self.s3 = s3
        self.parsed_bucket = parsed_bucket
        self.max_bytes = max_bytes
        # kept with a limit of 0 too: articles stored in the table under a larger limit stay readable
        self.items = ParsedItems(table) if table is not None else None
        self.inline_max_bytes = inline_max_bytes

    def read_raw(self, bucket: str, key: str) -> tuple[bytes, dict[str, Any]]:
        """The object's bytes and its metadata (ContentType, ETag, VersionId)."""
        try:
            obj = self.s3.get_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in _MISSING:
                raise NotFound(f"s3://{bucket}/{key} no longer exists (deleted before it was read)") from exc
            raise TransientError(f"could not read s3://{bucket}/{key}: {code}") from exc
        size = int(obj.get("ContentLength") or 0)
        if size > self.max_bytes:
            obj["Body"].close()
            raise DocumentTooLarge(
                f"object is {size / 1_048_576:.1f} MB; the limit for one article is "
                f"{self.max_bytes / 1_048_576:.0f} MB"
            )
        data: bytes = obj["Body"].read()
        meta = {k: obj.get(k) for k in ("ContentType", "ETag", "VersionId")}
        modified = obj.get("LastModified")
        meta["LastModified"] = modified.isoformat() if modified is not None else ""
        return data, meta

    def exists(self, bucket: str, key: str) -> bool:
        """Whether ``key`` currently exists (a delete marker counts as absent)."""
        try:
            self.s3.head_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in _MISSING or code == "405":
                return False
            raise TransientError(f"could not check s3://{bucket}/{key}: {code}") from exc
        return True

    def current_version(self, bucket: str, key: str) -> str | None:
        """The version id (ETag on an unversioned bucket) of what ``key`` holds now; None if absent."""
        try:
            head = self.s3.head_object(Bucket=bucket, Key=key)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in _MISSING or code == "405":
                return None
            raise TransientError(f"could not check s3://{bucket}/{key}: {code}") from exc
        return str(head.get("VersionId") or head.get("ETag") or "")

    def put_parsed(self, key: str, article_id: str, article: ParsedArticle, source: dict[str, str]) -> None:
        """Idempotent: writing the same article again leaves the same state. A version that
        moves between the table and S3 removes the other copy after writing the new one."""
        doc = {"id": article_id, "source": source, **article.model_dump()}
        body = json.dumps(doc, ensure_ascii=False).encode()
        packed = zlib.compress(body, 6) if self.items is not None and self.inline_max_bytes else None
        if self.items is not None and packed is not None and len(packed) <= self.inline_max_bytes:
            if self.items.put(key, packed):  # the previous version was large
                self.s3.delete_object(Bucket=self.parsed_bucket, Key=key)
            return
        self.s3.put_object(Bucket=self.parsed_bucket, Key=key, Body=body, ContentType="application/json")
        if self.items is not None:  # readers find the pointer, and no stale small version
            self.items.put(key, None)

    def get_parsed(self, key: str) -> dict[str, Any]:
        if self.items is not None:
            packed = self.items.get(key)
            if packed is not None:
                small: dict[str, Any] = json.loads(zlib.decompress(packed))
                return small
        try:
            obj = self.s3.get_object(Bucket=self.parsed_bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code", "") in _MISSING:
                raise NotFound(f"parsed article {key} is missing") from exc
            raise
        result: dict[str, Any] = json.loads(obj["Body"].read())
        return result

    def delete_parsed(self, key: str) -> None:
        if self.items is not None and self.items.delete(key) is False:
            return  # it lived in the table only
        self.s3.delete_object(Bucket=self.parsed_bucket, Key=key)
