"""Deterministic ids: the same object always yields the same article id, so a redelivered
S3 event or a retried batch can never create a second article."""

from __future__ import annotations

import hashlib


def article_id(bucket: str, key: str, index: int | None = None) -> str:
    """``a_`` + 16 hex digits of sha256(bucket/key); ``_N`` for the N-th article of a JSONL file."""
    digest = hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()[:16]
    return f"a_{digest}" if not index else f"a_{digest}_{index}"


def parsed_key(article_id: str) -> str:
    return f"parsed/{article_id}.json"
