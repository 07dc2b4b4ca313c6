"""articles.clock: the UTC timestamps the stores write and sort on."""

from __future__ import annotations

import re

import pytest
from articles.clock import now_iso, to_utc


@pytest.mark.parametrize(("iso", "expected"), [
    ("2024-03-05T23:30:00+02:00", "2024-03-05T21:30:00.000Z"),   # a zone: converted
    ("2024-03-05T23:30:00-05:00", "2024-03-06T04:30:00.000Z"),   # across midnight
    ("2024-03-05T10:15:00Z", "2024-03-05T10:15:00.000Z"),
    ("2024-03-05T10:15:00.123456+00:00", "2024-03-05T10:15:00.123Z"),
    ("2024-03-05T10:15", "2024-03-05T10:15:00.000Z"),            # no zone: taken as UTC
    ("2024-03-05", "2024-03-05"),                                # a bare date stays a date
    ("2024-02-30", None), ("2024-13-01T00:00:00Z", None), ("yesterday", None), ("", None), (None, None),
])
def test_to_utc(iso: str | None, expected: str | None) -> None:
    assert to_utc(iso) == expected


def test_keys_sort_as_time_and_a_bare_date_before_its_day() -> None:
    keys = [to_utc(v) for v in ("2024-03-06T00:30:00+01:00", "2024-03-05", "2024-03-05T23:00:00Z")]
    assert sorted(k for k in keys if k) == ["2024-03-05", "2024-03-05T23:00:00.000Z", "2024-03-05T23:30:00.000Z"]


def test_now_iso_is_a_utc_key() -> None:
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", now_iso())
    stamp = now_iso()
    assert to_utc(stamp) == stamp
