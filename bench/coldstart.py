"""Cold start, peak RSS and import-time profile of each Lambda handler, in fresh processes.

Each function runs in a new ``python bench/coldstart_child.py functions.<name>.app EVENT`` process
whose environment points at the embedded stack's moto server (so no moto code is imported by
the child, as on Lambda). The child times the import of its handler module (module scope
builds settings, Powertools, boto3 clients and, for tagging, loads the spaCy model), then
handles a real batch of 10 SQS records (or one API Gateway request) and reports its peak RSS.
One unmeasured run first warms the page cache and ``__pycache__``; the figures are medians of
``runs`` runs.

Profiles (one extra run each): ``python -X importtime`` (self time of every imported module,
grouped by top-level package) and ``cProfile`` of the import (what the module-scope calls cost).
"""

from __future__ import annotations

import cProfile  # noqa: F401  (used in the child's -c program)
import json
import os
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from bench.corpus import Doc

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).resolve().parent / "coldstart_child.py"
FUNCTIONS = {
    "parse_article": "ParseArticleFunction",
    "tag_entities": "TagEntitiesFunction",
    "find_related": "FindRelatedFunction",
    "lookup_api": "LookupApiFunction",
}

# Module-scope calls worth naming in the init profile: (path suffix, function name) -> label
INIT_CALLS = {
    ("pydantic_settings/main.py", "__init__"): "Settings() (pydantic-settings)",
    ("articles/runtime.py", "observability"): "Powertools Logger/Tracer/Metrics",
    ("articles/aws.py", "client"): "boto3 clients",
    ("articles/aws.py", "resource"): "boto3 resources",
    ("articles/entities/tagger.py", "load"): "Tagger.load() (spaCy model)",
    ("articles/api.py", "build_app"): "build_app (routes, validation)",
    ("articles/runtime.py", "__init__"): "SqsConsumer",
    ("aws_lambda_powertools/tracing/tracer.py", "__init__"): "Powertools Tracer()",
    ("aws_lambda_powertools/logging/logger.py", "__init__"): "Powertools Logger()",
    ("aws_lambda_powertools/metrics/metrics.py", "__init__"): "Powertools Metrics()",
    ("articles/store/index.py", "__init__"): "RelatedIndex()",
}


def _receive_all(sqs: Any, url: str, want: int, tries: int = 20) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = []
    for _ in range(tries):
        resp = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=10,
            WaitTimeSeconds=1,
            AttributeNames=["All"],
            MessageAttributeNames=["All"],
        )
        got += resp.get("Messages", [])
        if len(got) >= want:
            break
    return got[:want]


def prepare_events(stack: Any, docs: list[Doc], folder: Path) -> dict[str, Path]:
    """Real events for every function, written to ``folder``: parse gets the S3 notifications
    of ``docs`` (≤ 10), tag/related the ``article.parsed`` messages the parent's own parse
    handler produced for them, the API a GET /articles/{id}."""
    from articles.ids import article_id
    from articles_tools.local.lambda_shapes import LocalContext, api_gateway_event, sqs_record

    res = stack.stack
    sqs = stack.client("sqs")
    for d in docs:
        stack.put(d.key, d.data, d.content_type)
    paths: dict[str, Path] = {}

    def event_of(queue: str) -> dict[str, Any]:
        messages = _receive_all(sqs, res.urls[queue], len(docs))
        messages = [m for m in messages if "s3:TestEvent" not in m["Body"]]
        return {"Records": [sqs_record(m, res.arns[queue], res.region) for m in messages]}

    specs = {s.logical_id: s for s in res.functions}
    parse_event = event_of(specs["ParseArticleFunction"].queue or "")
    stack.handlers["ParseArticleFunction"](parse_event, LocalContext(function_name="ParseArticleFunction"))
    events = {
        "parse_article": parse_event,
        "tag_entities": event_of(specs["TagEntitiesFunction"].queue or ""),
        "find_related": event_of(specs["FindRelatedFunction"].queue or ""),
        "lookup_api": api_gateway_event(
            "GET",
            f"/articles/{article_id(stack.inbox, docs[0].key)}",
            {"Host": "localhost", "Accept": "application/json"},
        ),
    }
    for name, event in events.items():
        path = folder / f"{name}.json"
        path.write_text(json.dumps(event))
        paths[name] = path
    return paths


def _child_env(stack: Any) -> dict[str, str]:
    """A Lambda-like environment: the template's function variables resolved to the stack's
    names, local mode, the moto server's endpoint (the child builds ``Settings()`` from it)."""
    from articles_tools.local.stack import LOCAL_ENV

    env = {**os.environ, **LOCAL_ENV, **stack.stack.env, "AWS_ENDPOINT_URL": stack.endpoint}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _run_child(env: dict[str, str], module: str, event: Path, invokes: int = 2) -> dict[str, Any]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(CHILD), module, str(event), "--invokes", str(invokes)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    wall = time.perf_counter() - t0
    line = next((ln for ln in reversed(proc.stdout.splitlines()) if ln.startswith('{"module"')), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"{module}: child failed (rc {proc.returncode}): {proc.stderr[-2000:]}")
    out: dict[str, Any] = json.loads(line)
    out["process_wall_s"] = wall
    return out


def _python_start(env: dict[str, str]) -> float:
    """Wall time of ``python -c pass`` with the venv's site-packages (editable-install finder
    included): the part of a cold start before any of our code runs."""
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], env=env, cwd=ROOT, check=True)
    return time.perf_counter() - t0


def _seconds_printed(args: list[str], env: dict[str, str]) -> float:
    """Run ``python *args``; the number of seconds it printed last."""
    proc = subprocess.run([sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def no_bytecode_init(env: dict[str, str], module: str, runs: int = 2) -> float:
    """Median import time when no ``.pyc`` can be used (a fresh ``-X pycache_prefix`` per run):
    what a package without bytecode costs on Lambda, whose code directories are read-only."""
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            program = (
                "import time, importlib; t = time.perf_counter(); "
                f"importlib.import_module({module!r}).lambda_handler; print(time.perf_counter() - t)"
            )
            samples.append(_seconds_printed(["-X", f"pycache_prefix={tmp}", "-c", program], env))
    return statistics.median(samples)


def importtime(env: dict[str, str], module: str) -> dict[str, Any]:
    """Self time of every module imported by ``import module`` and the build of its handler
    (``module.lambda_handler``), grouped by top-level package."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}; {module}.lambda_handler"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    by_package: dict[str, float] = defaultdict(float)
    total = 0.0
    module_self = 0.0
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        try:
            _, rest = line.split(":", 1)
            self_us, _cumulative, name = (p.strip() for p in rest.split("|"))
            us = float(self_us)
        except ValueError:
            continue
        top = name.split(".")[0]
        if name == module:
            module_self = us / 1000
            continue
        if name.startswith("functions."):
            top = name
        by_package[top] += us / 1000
        total += us / 1000
    ranked = sorted(by_package.items(), key=lambda kv: -kv[1])
    return {
        "import_ms_total": total,
        "module_body_ms": module_self,
        "top_packages_ms": {k: round(v, 1) for k, v in ranked[:14]},
    }


def init_profile(env: dict[str, str], module: str, init_s: float) -> dict[str, float]:
    """cProfile of ``import module``: cumulative ms of the named module-scope calls (and of
    botocore client creation wherever it happens), scaled by ``init_s`` / profiled import time
    to undo the profiler's own overhead (ms are therefore estimates)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "init.prof"
        program = (
            "import cProfile, importlib, time; pr = cProfile.Profile(); "
            "t = time.perf_counter(); pr.enable(); "
            f"importlib.import_module({module!r}).lambda_handler; pr.disable(); print(time.perf_counter() - t); "
            f"pr.dump_stats({str(out)!r})"
        )
        profiled = _seconds_printed(["-c", program], env)
        scale = init_s / profiled if profiled > 0 else 1.0
        stats = pstats.Stats(str(out))
        found: dict[str, float] = defaultdict(float)
        for (filename, _line, func), row in stats.stats.items():  # type: ignore[attr-defined]
            path = filename.replace(os.sep, "/")
            for (suffix, name), label in INIT_CALLS.items():
                if func == name and path.endswith(suffix):
                    found[label] += row[3] * 1000 * scale  # cumulative seconds
            if func == "create_client" and path.endswith("botocore/session.py"):
                found["botocore create_client (all clients)"] += row[3] * 1000 * scale
        out_ms = {k: round(v, 1) for k, v in found.items()}
        out_ms["profiler_overhead_x"] = round(1 / scale, 2) if scale else 0.0
        return out_ms


def measure(stack: Any, docs: list[Doc], runs: int = 5, profile: bool = True) -> dict[str, Any]:
    results: dict[str, Any] = {}
    env = _child_env(stack)
    python_start = statistics.median(_python_start(env) for _ in range(3))
    with tempfile.TemporaryDirectory() as tmp:
        events = prepare_events(stack, docs, Path(tmp))
        for name in FUNCTIONS:
            module = f"functions.{name}.app"
            _run_child(env, module, events[name], invokes=1)  # warm page cache and __pycache__
            # the first measured run also invokes a second time (warm invocation)
            samples = [_run_child(env, module, events[name], invokes=2 if i == 0 else 1) for i in range(runs)]
            entry: dict[str, Any] = {
                "init_s": statistics.median(s["init_s"] for s in samples),
                "init_s_all": [round(s["init_s"], 3) for s in samples],
                "init_cpu_s": statistics.median(s["init_cpu_s"] for s in samples),
                "python_start_s": python_start,
                "first_invoke_s": statistics.median(s["first_invoke_s"] for s in samples),
                "warm_invoke_s": statistics.median(x for s in samples for x in s["invoke_s"])
                if any(s["invoke_s"] for s in samples)
                else None,
                "records": samples[0]["records"],
                "batch_failures": samples[0]["batch_failures"],
                "status": samples[0]["status"],
                "error": samples[0].get("error"),
                "rss_init_mb": max(s["rss_init_mb"] for s in samples),
                "rss_peak_mb": max(s["rss_peak_mb"] for s in samples),
            }
            if profile:
                entry["init_no_bytecode_s"] = no_bytecode_init(env, module)
                entry["importtime"] = importtime(env, module)
                entry["init_calls_ms"] = init_profile(env, module, entry["init_s"])
            results[name] = entry
    return results
