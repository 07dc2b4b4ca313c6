"""Shared helpers for the infrastructure-as-code checks (template, linters, packaging)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from articles_tools.infra import load_template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "template.yaml"
TOOLS = ROOT / ".tools"
BUILD_DIR = ROOT / ".aws-sam" / "build"


def tool(path: Path, name: str) -> Path | None:
    """A linter binary: ``path`` if it exists, else ``name`` on PATH, else None."""
    if path.is_file() and os.access(path, os.X_OK):
        return path
    found = shutil.which(name)
    return Path(found) if found else None


def require_tool(path: Path, name: str, hint: str) -> Path:
    found = tool(path, name)
    if found is None:
        pytest.skip(f"{name} is not installed ({hint})")
    return found


def offline_env(**extra: str) -> dict[str, str]:
    """Environment for the CLIs: a region, dummy credentials, no profile, no telemetry."""
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_PROFILE", "AWS_SESSION_TOKEN")}
    env.update({
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "SAM_CLI_TELEMETRY": "0",
        "BC_SKIP_MAPPING": "TRUE",
    })
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def template() -> dict[str, Any]:
    doc: dict[str, Any] = load_template(TEMPLATE)
    return doc


@pytest.fixture(scope="session")
def resources(template: dict[str, Any]) -> dict[str, dict[str, Any]]:
    res: dict[str, dict[str, Any]] = template["Resources"]
    return res


@pytest.fixture(scope="session")
def functions(resources: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in resources.items() if v["Type"] == "AWS::Serverless::Function"}


def venv_bin(name: str) -> Path:
    """A console script of the interpreter running the tests (the project venv)."""
    return Path(sys.executable).with_name(name)
