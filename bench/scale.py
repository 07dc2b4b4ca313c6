"""Related-index scale runs through bench/related_scale.py (the index owner's module, called,
not copied): item reads per query at 1k/10k/100k articles and the steady-state upsert cost.

``related_scale.run()`` builds the index on its in-memory DynamoDB stand-in, whose Query sorts
the whole table on every call (O(N) per upsert, O(N^2) to build: 10k articles took 20 min
here). ``speed_up_memory_table`` gives that stand-in a pk index (same items, same order, so the
same traffic and results: checked at 1k) so that 10k fits in `make bench`; 100k (~30 min of
upserts even then) is extrapolated unless asked for, and labelled so.
"""

from __future__ import annotations

import importlib.util
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "related_scale.py"


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def load_module() -> Any:
    spec = importlib.util.spec_from_file_location("bench.related_scale", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench.related_scale"] = module
    spec.loader.exec_module(module)
    return module


def related_scale(sizes: list[int], measured_max: int, queries: int, deadline: float) -> dict[str, Any]:
    """Reads per related query at each corpus size, from bench/related_scale.py (the index
    owner's module: its own synthetic stream, the real ``RelatedIndex`` on its in-memory
    DynamoDB stand-in). The smallest size runs in-process; larger ones (up to ``measured_max``)
    run as ``bench/related_scale.py --json-out`` in a child process killed at ``deadline``
    (time.monotonic()), so `make bench` stays within its time budget. Sizes not measured are
    extrapolated and labelled so."""
    if not SCRIPT.is_file():
        return {"available": False, "reason": "bench/related_scale.py not present"}
    module = load_module()
    speed_up_memory_table(module)
    rows: dict[str, Any] = {}
    skipped: dict[str, str] = {}
    for i, n in enumerate(sorted(sizes)):
        if n > measured_max:
            skipped[str(n)] = f"above --scale-measured-max {measured_max}"
            continue
        t0 = time.perf_counter()
        if i == 0:
            row = module.run(n, "memory", queries, 0)
        else:
            budget = deadline - time.monotonic()
            if budget < 30:
                skipped[str(n)] = "no time left in the bench budget"
                continue
            row = _related_scale_child(n, queries, budget)
            if row is None:
                skipped[str(n)] = f"did not finish within the remaining budget ({budget:.0f} s)"
                log(f"  related scale N={n}: stopped after {budget:.0f} s (budget)")
                continue
        row["seconds"] = time.perf_counter() - t0
        rows[str(n)] = row
        log(
            f"  related scale N={n}: {row['query'].get('items_read')} items read per query "
            f"({row['seconds']:.0f} s)"
        )
    out: dict[str, Any] = {"available": True, "measured": rows, "extrapolated": {}, "skipped": skipped}
    measured = sorted((int(k), float(v["query"]["items_read"])) for k, v in rows.items())
    for n in sizes:
        if str(n) not in rows and measured:
            out["extrapolated"][str(n)] = extrapolate(measured, n)
    return out


def _related_scale_child(n: int, queries: int, budget: float) -> dict[str, Any] | None:
    """``related_scale.run(n)`` in a child process (sped up as here), killed after ``budget`` s."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scale.json"
        program = (
            f"import sys, json; sys.path.insert(0, {str(ROOT)!r}); "
            "from bench.scale import load_module, speed_up_memory_table; m = load_module(); "
            f"speed_up_memory_table(m); row = m.run({n}, 'memory', {queries}, 0); "
            f"open({str(out)!r}, 'w').write(json.dumps(row))"
        )
        try:
            subprocess.run(
                [sys.executable, "-c", program],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=budget,
                check=True,
            )
        except subprocess.TimeoutExpired:
            return None  # subprocess.run has killed the child
        row: dict[str, Any] = json.loads(out.read_text())
        return row


class _PkIndexed(dict):  # type: ignore[type-arg]
    """A dict keyed (pk, sk) that also keeps the keys of each pk, for an O(items of pk) Query."""

    def __init__(self) -> None:
        super().__init__()
        self.by_pk: dict[str, set[tuple[str, str]]] = {}

    def __setitem__(self, key: tuple[str, str], value: Any) -> None:
        super().__setitem__(key, value)
        self.by_pk.setdefault(key[0], set()).add(key)

    def __delitem__(self, key: tuple[str, str]) -> None:
        super().__delitem__(key)
        self.by_pk.get(key[0], set()).discard(key)

    def pop(self, key: tuple[str, str], *default: Any) -> Any:
        self.by_pk.get(key[0], set()).discard(key)
        return super().pop(key, *default)


def speed_up_memory_table(module: Any) -> None:
    """Make related_scale's in-memory table answer Query from a pk index instead of sorting the
    whole table on every call (O(N) per upsert, so O(N²) to build: 10k articles took 20 min).
    Same items in the same order, so the same traffic and results; only faster."""
    table = module.MemoryTable
    if getattr(table, "_bench_indexed", False):
        return
    original_init = table.__init__

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        indexed = _PkIndexed()
        for key, value in self.items.items():
            indexed[key] = value
        self.items = indexed

    def query(
        self: Any, KeyConditionExpression: str, ExpressionAttributeValues: dict[str, Any]
    ) -> dict[str, Any]:
        assert KeyConditionExpression == "pk = :pk"
        pk = ExpressionAttributeValues[":pk"]
        keys = sorted(self.items.by_pk.get(pk, ()))
        return {"Items": [dict(self.items[k]) for k in keys]}

    table.__init__ = __init__
    table.query = query
    table._bench_indexed = True


# Structural bound on item reads per query, from shared/articles/store/index.py's docstring:
# BatchGet META N + FREQ (2) + term items (<= 12) + candidates' DOC items (<= 11).
QUERY_READ_BOUND = 25.0


def extrapolate(points: list[tuple[int, float]], n: int) -> dict[str, Any]:
    """Least-squares line in log10(N) through the measured points, capped by the bound."""
    if len(points) == 1:
        value, method = points[0][1], "last measured value (one point)"
    else:
        xs = [math.log10(p[0]) for p in points]
        ys = [p[1] for p in points]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
        value = my + slope * (math.log10(n) - mx)
        method = (
            f"log-linear fit through N={', '.join(str(p[0]) for p in points)} (slope {slope:+.2f}/decade)"
        )
    capped = min(value, QUERY_READ_BOUND)
    return {"value": capped, "fit": value, "bound": QUERY_READ_BOUND, "method": method}


def reads_per_query(scale: dict[str, Any], sizes: list[int]) -> dict[str, float | None]:
    out: dict[str, float | None] = {str(n): None for n in sizes}
    if not scale.get("available"):
        return out
    for n, row in scale.get("measured", {}).items():
        out[n] = float(row["query"]["items_read"])
    for n, ext in scale.get("extrapolated", {}).items():
        out[n] = float(ext["value"])
    return out
