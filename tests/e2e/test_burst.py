"""A burst on the embedded stack: N distinct articles dropped in the inbox at once are each
processed exactly once and nothing is parked in a DLQ. Same load and the same verification
(from the stores: source index, DAY# partitions, a verification-only Scan of both tables,
queue attributes) as the burst phase of `make bench` (bench/burst.py), with 60 articles."""

from __future__ import annotations

import pytest

from bench import burst

pytestmark = pytest.mark.slow

N = 60


@pytest.mark.timeout(900)  # the burst's own deadline is 600 s; pytest's default 300 s would cut it first
def test_a_burst_is_processed_exactly_once_and_the_dlqs_stay_empty() -> None:
    r = burst.run(N, seed=5, timeout=600)
    v = r["verification"]
    assert r["drained"], r["problems"]
    assert (r["uploaded"], r["ok"], r["lost"], r["duplicated"], r["not_ok"]) == (N, N, 0, 0, 0), r["problems"]
    assert v["articles_by_day"] == v["articles_scanned"] == N and not v["strays"]
    assert v["index_docs"] == v["index_rels"] == N and not v["index_missing"] and not v["index_unknown"]
    assert len(v["dlq_messages"]) == 3 and r["dlq_messages"] == 0, v["dlq_messages"]  # a DLQ per function
    assert r["queued_messages"] == 0, v["queue_messages"]
    # SQS delivers at least once: a record handed back near the invocation's timeout, or one whose
    # visibility timeout ran out on a loaded machine, comes again. Exactly once is about effects
    # (the store checks above: nothing duplicated); here every function handled every message,
    # and every failure it reported was followed by a successful delivery.
    functions = {"ParseArticleFunction", "TagEntitiesFunction", "FindRelatedFunction"}
    assert set(r["deliveries"]) == functions, r["deliveries"]
    for name in functions:
        handled = r["deliveries"][name] - r["failures"].get(name, 0)
        assert handled >= N, (name, r["deliveries"], r["failures"])
    assert r["passed"]
    # the CPU it took, split by process: the moto server (its own process) did part of the work
    assert 0 < r["moto_cpu_ms_per_article"] < r["cpu_ms_per_article"], r
    assert burst.line(r).startswith(f"burst: {N} uploaded, {N} ok, 0 lost, 0 duplicated, DLQs empty, ")
