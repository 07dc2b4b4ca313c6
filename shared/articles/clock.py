"""The clock: UTC timestamps as the stores and API write them. Stages take it injected
(``clock=``) so a test can fix the time."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now_iso() -> str:
    """Now, UTC, ISO 8601 with milliseconds and a ``Z`` (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_utc(iso: str | None) -> str | None:
    """An ISO date or datetime (as ``articles.parsing.dates`` writes them) as a UTC sort key:
    a datetime with a zone becomes ``YYYY-MM-DDTHH:MM:SS.000Z`` in UTC; a datetime without a
    zone is taken as UTC (the page did not say); a bare date stays ``YYYY-MM-DD`` (sorts before
    any time that day); anything else is None. Here, not with the date parsers: the stores
    need it, and that module's regexes cost ≈ 27 ms to compile at every cold start."""
    if not iso:
        return None
    if len(iso) == 10:
        try:
            date.fromisoformat(iso)
        except ValueError:
            return None
        return iso
    try:
        stamp = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
