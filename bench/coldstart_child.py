"""Child process of bench/coldstart.py: one Lambda cold start, measured from inside.

    python bench/coldstart_child.py MODULE EVENT_JSON_FILE [--invokes N]

Times the import of the handler module and the lookup of its ``lambda_handler`` (which builds
it: what Lambda reports as Init Duration, minus the runtime's own start-up), then invokes
``lambda_handler`` with the event (first invocation, then N-1 more), and prints one JSON line:
init_s, first_invoke_s, invoke_s (later ones), peak RSS (ru_maxrss of this process) after init
and at the end. The environment (endpoint, names) comes
from the parent. Only the standard library is imported before the clock starts.
"""

import time

T0 = time.perf_counter()

import importlib  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402


def _rss_mb() -> float:
    """Peak RSS of this process image: VmHWM. (ru_maxrss is not usable here: Linux carries the
    parent's high-water mark across fork + exec, so every child would report the bench's own.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux (upper bound)


def main() -> None:
    module_name, event_file = sys.argv[1], sys.argv[2]
    invokes = int(sys.argv[sys.argv.index("--invokes") + 1]) if "--invokes" in sys.argv else 1
    t0 = time.perf_counter()
    c0 = time.process_time()
    module = importlib.import_module(module_name)
    handler = module.lambda_handler  # built here, as the Lambda runtime looks it up during init
    init_s = time.perf_counter() - t0
    init_cpu_s = time.process_time() - c0
    rss_init = _rss_mb()
    with open(event_file, encoding="utf-8") as fh:
        event = json.load(fh)
    from articles_tools.local.lambda_shapes import LocalContext

    times = []
    status = None
    failures = 0
    error = None
    for _ in range(invokes):
        t1 = time.perf_counter()
        try:
            resp = handler(event, LocalContext(function_name=module_name))
        except Exception as exc:  # e.g. every record of the batch failed: still a measurement
            resp, error = {}, f"{type(exc).__name__}: {exc}"[:300]
        times.append(time.perf_counter() - t1)
        status = resp.get("statusCode") if isinstance(resp, dict) else None
        failures = len(resp.get("batchItemFailures", [])) if isinstance(resp, dict) else 0
    print(
        json.dumps(
            {
                "module": module_name,
                "init_s": init_s,
                "init_cpu_s": init_cpu_s,
                "script_start_s": t0 - T0,
                "first_invoke_s": times[0],
                "invoke_s": times[1:],
                "rss_init_mb": rss_init,
                "rss_peak_mb": _rss_mb(),
                "status": status,
                "batch_failures": failures,
                "error": error,
                "records": len(event.get("Records", [])),
            }
        )
    )


if __name__ == "__main__":
    main()
