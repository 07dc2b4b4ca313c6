"""The README's local quick start, run as written against a real `articles up` process.

`articles up` runs as a child process on free ports with its own state folder; the README's
commands then find it through the state file alone (no flags, no AWS credentials in the
environment). Only the fixed ports of `curl` lines are rewritten to the free ones."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from articles_tools.local.stack import free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def quickstart() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- quickstart -->\s*```sh\n(.*?)```\s*<!-- /quickstart -->", text, re.S)
    assert block, "README.md lost its quick-start block"
    return [line for line in block.group(1).splitlines() if line.strip() and not line.startswith("#")]


def clean_env(state: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AWS_", "ARTICLES_")) and k not in ("XDG_STATE_HOME",)}
    env["ARTICLES_STATE_DIR"] = str(state)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture(scope="module")
def up(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[dict[str, str], int, int]]:
    state = tmp_path_factory.mktemp("state")
    env = clean_env(state)
    s3_port, api_port = free_port(), free_port()
    # Started with SIGINT ignored, as a script's `articles up &` without job control (or a CI
    # runner) starts it: the SIGINT of the teardown must stop the stack all the same.
    proc = subprocess.Popen([str(BIN / "articles"), "up", "--s3-port", str(s3_port), "--api-port", str(api_port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    try:
        deadline = time.monotonic() + 120
        while not (state / "up.json").exists():
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline, "articles up did not note its endpoints"
            time.sleep(0.2)
        noted = json.loads((state / "up.json").read_text())
        assert noted["api"] == f"http://127.0.0.1:{api_port}"
        assert noted["endpoint"] == f"http://127.0.0.1:{s3_port}"
        yield env, s3_port, api_port
    finally:
        proc.send_signal(signal.SIGINT)
        out = proc.communicate(timeout=60)[0]
    assert "articles put" in out and f"http://127.0.0.1:{api_port}" in out, out  # the banner
    assert "Traceback" not in out, out
    assert not (state / "up.json").exists(), "up.json outlived the stack"


def test_the_readme_quickstart_works_as_written(up: tuple[dict[str, str], int, int]) -> None:
    env, s3_port, api_port = up
    outputs = []
    for line in quickstart():
        command = line.replace("127.0.0.1:3000", f"127.0.0.1:{api_port}").replace(
            "127.0.0.1:4566", f"127.0.0.1:{s3_port}")
        if command.startswith("export "):
            continue  # PATH is set by the fixture the same way
        done = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, (line, done.stdout, done.stderr)
        assert done.stdout.strip(), (line, done.stderr)
        assert "Traceback" not in done.stderr, (line, done.stderr)
        outputs.append((line, done.stdout))
    listed = next(out for line, out in outputs if line.startswith("articles list"))
    assert "a_7a74a58ff3987572" in listed  # the id the README shows is the dropped file's
    http_listing = next(out for line, out in outputs if line.startswith("curl -s http://127.0.0.1:3000/articles "))
    assert json.loads(http_listing)["items"][0]["id"] == "a_7a74a58ff3987572"
    entities = next(out for line, out in outputs if line.startswith("curl -s 'http://127.0.0.1:3000/entities"))
    assert any("Arkab" in e["name"] for e in json.loads(entities)["items"])


def test_errors_are_one_line_with_a_non_zero_exit(up: tuple[dict[str, str], int, int]) -> None:
    env, s3_port, _ = up

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(BIN / "articles"), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60)

    cases = {
        ("get", "a b"): "no article with id 'a b'",
        ("get", "../../etc"): "no article with id '../../etc'",
        ("get", ".."): "no article with id '..'",
        ("entity", "Nobodyxyz"): "no entity named 'Nobodyxyz'",
        ("search", "zzzzqqq"): "no article matches 'zzzzqqq'",
        ("list", "--entity", "Nobodyxyz"): "no entity named 'Nobodyxyz'",
        ("list", "--api", "not-a-url"): "is not an http(s) URL",
        ("list", "--api", f"http://127.0.0.1:{s3_port}"): "not JSON",
        ("list", "--api", f"http://127.0.0.1:{free_port()}"): "cannot reach the API",
        ("dlq", "--endpoint-url", f"http://127.0.0.1:{free_port()}"): "cannot reach the local stack",
        ("list", "--day", "2023-13-45"): "day",
    }
    for args, said in cases.items():
        done = run(*args)
        assert done.returncode != 0, args
        assert said in done.stderr, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, (args, done.stderr)  # one line, no traceback
    # a deployed stack without credentials: said, not a NoCredentialsError traceback
    done = subprocess.run([str(BIN / "articles"), "dlq", "--stack", "articles"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env={**env, "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
                               "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"})
    assert done.returncode == 1 and "no AWS credentials" in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    # --json keeps machine output: the API's answer on stdout, still a failure
    done = run("search", "zzzzqqq", "--json")
    assert done.returncode == 1 and json.loads(done.stdout) == {"q": "zzzzqqq", "items": []}
    done = run("get", "nope", "--json")
    assert done.returncode == 1 and json.loads(done.stdout)["error"] == "not_found"
