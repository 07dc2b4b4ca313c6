"""`articles demo --json` (the CLI contract other checks call) in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

FIELDS = {"id", "key", "status", "error", "title", "published", "published_source", "section", "author",
          "language", "body", "site_related", "entities", "related"}


def test_demo_json_reports_ok_and_failed_inputs(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Monday , 4 March 2024\nHome / World / Tunisia holds local elections\n\n"
                    "Tunisia holds local elections\n\nVoters in Tunisia chose local councils on Sunday, "
                    "the electoral commission in Tunis said. Turnout was low, officials said.\n", encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "articles_tools.cli", "demo", "--json", str(good), str(bad)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["key"] for r in records] == ["good.txt", "bad.json"]
    assert all(set(r) >= FIELDS for r in records)
    ok, failed = records
    assert ok["status"] == "ok" and ok["title"] == "Tunisia holds local elections"
    assert "Tunisia" in {e["name"] for e in ok["entities"]}
    assert failed["status"] == "failed" and "json" in failed["error"].lower()


def test_demo_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "articles_tools.cli", "demo", str(tmp_path / "nope.txt")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "no such file" in proc.stderr
