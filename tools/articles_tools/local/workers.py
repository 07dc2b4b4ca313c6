"""Queue-driven functions in processes of their own, as Lambda runs each function in its own
runtime (``EmbeddedStack(workers="process")``, what ``articles up`` and the burst bench use).

In one process the three functions' handlers share one interpreter lock: on a burst that
process is busy all the time and bounds the pipeline, whatever the cores left. Here each
function runs in a child process (``python -m articles_tools.local.workers``) that builds its
handler with the stack's :class:`~articles.config.Settings` and polls its queue with the same
:class:`~articles_tools.local.stack.Dispatcher` as the in-process mode.

The child tells the parent, one JSON line on stdout each, when its handler is built
(``{"ready": true}``), when it took a batch (``{"busy": n}``) and when the batch is handled
(``{"done": n, "failed": k}``: records handed to the handler, and of those the ones it
reported back or that failed with the whole batch). The parent keeps ``busy`` (for
``EmbeddedStack.drain``) and calls its ``on_batch`` listener. A child stops when its stdin
closes: on ``stop()`` and also if the parent dies. Its handler's logs go to the parent's stderr.
A child that dies while the stack runs is replaced (at most ``MAX_RESTARTS`` times), with a
line on stderr.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from typing import IO, Any

from articles.config import Settings

from articles_tools.infra import FunctionSpec

# (function logical id, records handed to the handler, records that failed)
BatchListener = Callable[[str, int, int], None]
READY_TIMEOUT = 120.0  # s: a child builds its handler (the tag function loads its models)
MAX_RESTARTS = 5  # a function whose process keeps dying is not started again after this many


class WorkerProcess:
    """One queue-driven function in a child process (see the module docstring). The same
    surface as a :class:`~articles_tools.local.stack.Dispatcher` for the stack: ``spec``,
    ``busy``, ``join``."""

    def __init__(self, spec: FunctionSpec, settings: Settings, *, endpoint: str, queue_url: str,
                 queue_arn: str, on_batch: BatchListener | None = None) -> None:
        self.spec = spec
        self.on_batch = on_batch
        self.busy = False
        self.config = {"function": asdict(spec), "settings": settings.model_dump(), "endpoint": endpoint,
                       "queue_url": queue_url, "queue_arn": queue_arn}
        self.proc: subprocess.Popen[bytes] | None = None
        self._ready = threading.Event()  # set when the child said ready, or is gone
        self._started = False  # the (first) child said ready
        self._stopping = False
        self._lock = threading.Lock()
        self._reader: threading.Thread | None = None
        self.restarts = 0

    @property
    def pid(self) -> int | None:
        proc = self.proc
        return proc.pid if proc else None

    def launch(self) -> None:
        """Start the child; :meth:`wait_ready` waits for its handler (launch them all first)."""
        with self._lock:
            self._stopping = False
            self._spawn()

    def _spawn(self) -> None:
        proc = self.proc = subprocess.Popen([sys.executable, "-m", "articles_tools.local.workers"],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps(self.config).encode("utf-8") + b"\n")
        proc.stdin.flush()
        self._reader = threading.Thread(target=self._read, args=(proc,), name=f"worker-{self.spec.logical_id}",
                                        daemon=True)
        self._reader.start()

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> None:
        if not self._ready.wait(timeout) or not self._started:
            self.join()
            raise RuntimeError(f"the {self.spec.logical_id} worker process did not start (see stderr)")

    def _read(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        for raw in proc.stdout:
            try:
                msg = json.loads(raw)
            except ValueError:
                continue  # not ours: a library printing on stdout
            if not isinstance(msg, dict):
                continue
            if msg.get("ready"):
                self._started = True
                self._ready.set()
            elif "busy" in msg:
                self.busy = True
            elif "done" in msg:
                if self.on_batch:
                    self.on_batch(self.spec.logical_id, int(msg["done"]), int(msg.get("failed", 0)))
                self.busy = False
        self.busy = False
        self._ready.set()  # the child is gone: wait_ready must not wait for it
        code = proc.wait()
        self._restart_after(proc, code)

    def _restart_after(self, proc: subprocess.Popen[bytes], code: int) -> None:
        """A child that died while the stack runs (killed, out of memory, a crash outside the
        handler) is replaced, as Lambda replaces an execution environment: the batch it held
        comes back after its visibility timeout and is handled again (idempotently)."""
        name = self.spec.logical_id
        with self._lock:
            if self._stopping or not self._started or self.proc is not proc:
                return  # stopped on purpose, or it never started (wait_ready says so)
            for pipe in (proc.stdin, proc.stdout):
                if pipe:
                    with contextlib.suppress(BrokenPipeError):
                        pipe.close()
            if self.restarts >= MAX_RESTARTS:
                self.proc = None
                print(f"[{name}] its worker process exited (code {code}) {MAX_RESTARTS + 1} times: not started "
                      "again; its queue is no longer polled", file=sys.stderr, flush=True)
                return
            self.restarts += 1
            print(f"[{name}] its worker process exited (code {code}); starting a new one "
                  f"({self.restarts} of {MAX_RESTARTS})", file=sys.stderr, flush=True)
            self._spawn()

    def join(self, timeout: float = 10.0) -> None:
        """Stop the child (close its stdin; it finishes the batch in hand) and wait for it."""
        with self._lock:
            self._stopping = True
            proc, self.proc = self.proc, None
            reader = self._reader
        if proc is None:
            return
        if proc.stdin:
            with contextlib.suppress(BrokenPipeError):
                proc.stdin.close()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if reader:
            reader.join(timeout=5)
        if proc.stdout:
            proc.stdout.close()


def serve_function(stdin: IO[str], stdout: IO[str]) -> None:
    """Child-process entry point: build the handler from the config line, then poll its queue
    until stdin closes."""
    import boto3

    from articles_tools.local.stack import DUMMY_CREDENTIALS, REGION, Dispatcher

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    config = json.loads(stdin.readline())
    spec = FunctionSpec(**config["function"])
    handler = spec.create_handler(Settings(**config["settings"]))
    sqs = boto3.client("sqs", region_name=REGION, endpoint_url=config["endpoint"], **DUMMY_CREDENTIALS)
    lock = threading.Lock()

    def tell(**msg: Any) -> None:
        with lock:
            stdout.write(json.dumps(msg) + "\n")
            stdout.flush()

    stop = threading.Event()
    dispatcher = Dispatcher(spec, handler, sqs, config["queue_url"], config["queue_arn"], stop,
                            on_receive=lambda n: tell(busy=n),
                            on_batch=lambda _name, n, failed: tell(done=n, failed=failed))

    def wait_for_eof() -> None:
        stdin.read()  # returns at EOF: the parent stopped the stack, or exited
        stop.set()

    threading.Thread(target=wait_for_eof, name="stdin", daemon=True).start()
    tell(ready=True)
    dispatcher.run()


def main() -> None:
    # The messages get the real stdout; anything else printed (a library, a handler) goes to stderr.
    messages = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve_function(sys.stdin, messages)


if __name__ == "__main__":
    main()
