"""template.yaml passes cfn-lint, checkov (zero failed checks, every skip explained) and
`sam validate --lint`. checkov and sam live in their own venvs (tools/install-tools.sh)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT, TEMPLATE, TOOLS, offline_env, require_tool, venv_bin

INSTALL_HINT = "run tools/install-tools.sh"


def run(cmd: list[str | Path], timeout: int = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(c) for c in cmd], cwd=ROOT, env=offline_env(), capture_output=True, text=True, timeout=timeout
    )


def test_cfn_lint_is_clean() -> None:
    cfn_lint = require_tool(venv_bin("cfn-lint"), "cfn-lint", "pip install -e '.[dev]'")
    result = run([cfn_lint, TEMPLATE])
    assert result.returncode == 0, f"cfn-lint findings:\n{result.stdout}\n{result.stderr}"


def _checkov_results() -> list[dict[str, Any]]:
    checkov = require_tool(TOOLS / "checkov" / "bin" / "checkov", "checkov", INSTALL_HINT)
    result = run([
        checkov, "--file", TEMPLATE, "--framework", "cloudformation",
        "--skip-download", "--output", "json",
    ])
    assert result.stdout.strip(), f"checkov printed nothing:\n{result.stderr}"
    report = json.loads(result.stdout)
    reports: list[dict[str, Any]] = report if isinstance(report, list) else [report]
    return reports


@pytest.fixture(scope="module")
def checkov_reports() -> list[dict[str, Any]]:
    return _checkov_results()


def test_checkov_has_no_failed_checks(checkov_reports: list[dict[str, Any]]) -> None:
    failed = [
        f"{c['check_id']} {c['resource']}: {c['check_name']}"
        for r in checkov_reports for c in r.get("results", {}).get("failed_checks", [])
    ]
    passed = sum(r.get("summary", {}).get("passed", 0) for r in checkov_reports)
    assert passed > 0, "checkov scanned nothing: is template.yaml recognised as CloudFormation?"
    assert not any(r.get("summary", {}).get("parsing_errors") for r in checkov_reports), "parsing errors"
    assert not failed, "checkov failed (fix, or skip in the template with a reason):\n" + "\n".join(failed)


def test_every_checkov_skip_has_a_reason(checkov_reports: list[dict[str, Any]]) -> None:
    skipped = [c for r in checkov_reports for c in r.get("results", {}).get("skipped_checks", [])]
    assert len(skipped) == sum(r.get("summary", {}).get("skipped", 0) for r in checkov_reports)
    unexplained = []
    for r in checkov_reports:
        for c in r.get("results", {}).get("skipped_checks", []):
            comment = (c.get("check_result") or {}).get("suppress_comment", "") or ""
            if len(comment.strip()) < 20 or comment.strip() == "No comment provided":
                unexplained.append(f"{c['check_id']} {c['resource']}: {comment!r}")
    reason = "checkov skips need a reason (Metadata: checkov: skip: - comment:)"
    assert not unexplained, reason + ":\n" + "\n".join(unexplained)


def test_sam_validate_lint_is_clean() -> None:
    sam = require_tool(TOOLS / "sam" / "bin" / "sam", "sam", INSTALL_HINT)
    result = run([sam, "validate", "--lint", "--template-file", TEMPLATE, "--region", "us-east-1"])
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "is a valid SAM Template" in output, output


def test_install_tools_script_parses() -> None:
    result = run(["bash", "-n", ROOT / "tools" / "install-tools.sh"])
    assert result.returncode == 0, result.stderr
