"""S3 adapter: raw objects in the inbox bucket, parsed article JSON in the parsed bucket."""

from __future__ import annotations

import json
from typing import Any

from botocore.exceptions import ClientError

from articles.errors import DocumentTooLarge, NotFound, TransientError
from articles.models import ParsedArticle

_MISSING = {"NoSuchKey", "404", "NotFound"}


class BlobStore:
    def __init__(self, s3: Any, *, parsed_bucket: str, max_bytes: int) -> None:
        self.s3 = s3
        self.parsed_bucket = parsed_bucket
        self.max_bytes = max_bytes

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
        doc = {"id": article_id, "source": source, **article.model_dump()}
        self.s3.put_object(
            Bucket=self.parsed_bucket, Key=key, Body=json.dumps(doc, ensure_ascii=False).encode(),
            ContentType="application/json",
        )

    def get_parsed(self, key: str) -> dict[str, Any]:
        try:
            obj = self.s3.get_object(Bucket=self.parsed_bucket, Key=key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code", "") in _MISSING:
                raise NotFound(f"parsed article {key} is missing") from exc
            raise
        result: dict[str, Any] = json.loads(obj["Body"].read())
        return result

    def delete_parsed(self, key: str) -> None:
        self.s3.delete_object(Bucket=self.parsed_bucket, Key=key)
