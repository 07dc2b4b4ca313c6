"""The clock: UTC timestamps as the stores and API write them. Stages take it injected
(``clock=``) so a test can fix the time."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    """Now, UTC, ISO 8601 with milliseconds and a ``Z`` (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
