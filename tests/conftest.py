"""Test-wide safety: dummy credentials and a region, never a real AWS endpoint."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT / "events"
SHARED = ROOT.parent / "shared"

for var in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
    os.environ.pop(var, None)
os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "POWERTOOLS_METRICS_DISABLED": "true",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "ARTICLES_LOCAL": "1",
})


def load_event(name: str) -> dict[str, Any]:
    """An event from the events/ tree (the same files `sam local invoke -e` uses)."""
    result: dict[str, Any] = json.loads((EVENTS / name).read_text(encoding="utf-8"))
    return result


@pytest.fixture
def seed_path() -> Path:
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []
    if not seeds:
        pytest.skip("../shared/seeds is not present")
    return seeds[0]
