"""Fixtures for the parsing tests: the fixture pages folder and the real-input seed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[3]
PAGES = REPO_ROOT / "tests" / "fixtures" / "pages"
SEEDS = REPO_ROOT.parent / "shared" / "seeds"
SEED_NAME = "000_b24199932c200da0.txt"


def expected_for(page: Path) -> dict[str, Any]:
    """The ``<name>.expected.json`` next to a fixture page."""
    target = page.with_name(page.name.split(".")[0] + ".expected.json")
    result: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    return result


@pytest.fixture
def seed_file() -> Path:
    path = SEEDS / SEED_NAME
    if not path.is_file():
        pytest.skip(f"{path} is not present (../shared/seeds is optional)")
    return path
