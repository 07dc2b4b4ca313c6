"""The ArticlesTable items that hold small parsed articles (see :mod:`articles.store.blobs`).

``PARSED#{key}`` / ``P``: ``z`` = the zlib-compressed JSON, or ``s3`` = true when the JSON is in
the parsed bucket under ``key``. No GSI attribute, so the item has no index copy.
"""

from __future__ import annotations

from typing import Any


def _key(key: str) -> dict[str, str]:
    return {"pk": f"PARSED#{key}", "sk": "P"}


class ParsedItems:
    def __init__(self, table: Any) -> None:
        self.table = table

    def put(self, key: str, packed: bytes | None) -> bool:
        """Store ``packed`` (or, with None, the pointer to S3); True when the version it
        replaces was in S3."""
        item = {**_key(key), "z": packed} if packed is not None else {**_key(key), "s3": True}
        old = self.table.put_item(Item=item, ReturnValues="ALL_OLD").get("Attributes") or {}
        return bool(old.get("s3"))

    def get(self, key: str) -> bytes | None:
        """The compressed JSON; None when there is no item or it points to S3. Strongly
        consistent: the message announcing an article can arrive before an eventually
        consistent read would see it."""
        item = self.table.get_item(Key=_key(key), ConsistentRead=True).get("Item") or {}
        raw = item.get("z")
        return bytes(getattr(raw, "value", raw)) if raw is not None else None

    def delete(self, key: str) -> bool | None:
        """Remove the item; None when there was none, else whether the JSON was in S3."""
        old = self.table.delete_item(Key=_key(key), ReturnValues="ALL_OLD").get("Attributes")
        return None if old is None else bool(old.get("s3"))
