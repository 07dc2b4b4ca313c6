"""The import contracts of pyproject.toml ([tool.importlinter]), checked by import-linter over
the whole import graph (function-level imports included, chains through other modules too):
the domain packages use no adapter (store, bus, aws), no AWS SDK, no moto and no tool; the
stages, the API and the ports use the adapters only through articles.ports; the code that
ships to Lambda never imports the local tools package or moto."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("lint-imports")
    command = [str(exe)] if exe.is_file() else [shutil.which("lint-imports") or "lint-imports"]
    return subprocess.run([*command, "--config", str(config), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_the_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "3 kept, 0 broken" in result.stdout


def test_a_broken_contract_is_reported(tmp_path: Path) -> None:
    """The same checker on a contract the code breaks (the runtime, which builds the adapters,
    imports the store): it must say so."""
    config = tmp_path / "contracts.toml"
    config.write_text(
        '[tool.importlinter]\nroot_packages = ["articles"]\n\n'
        '[[tool.importlinter.contracts]]\nname = "runtime without store"\ntype = "forbidden"\n'
        'source_modules = ["articles.runtime"]\nforbidden_modules = ["articles.store"]\n',
        encoding="utf-8",
    )
    result = _lint_imports(config)
    assert result.returncode != 0 and "BROKEN" in result.stdout, result.stdout + result.stderr
