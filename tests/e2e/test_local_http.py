"""The local HTTP server in front of the lookup API faces malformed requests: every error is
JSON in the API's shape, nothing hangs past the request timeout, nothing writes a traceback."""

from __future__ import annotations

import contextlib
import io
import json
import socket
from collections.abc import Iterator

import pytest
from articles_tools.local import stack as stack_module
from articles_tools.local.stack import EmbeddedStack, free_port

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    stack = EmbeddedStack(dispatch=False).start()
    port = free_port()
    stack.serve_api(port)
    yield port
    stack.stop()


def exchange(port: int, raw: bytes, *, half_close: bool = False, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(raw)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def error_of(body: bytes) -> dict[str, str]:
    doc = json.loads(body)
    assert set(doc) == {"error", "message"} and doc["message"], doc
    return dict(doc)


def test_server_errors_are_json_in_the_api_shape(server: int) -> None:
    status, headers, body = exchange(server, b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 414 and headers["content-type"] == "application/json"
    assert error_of(body)["error"] == "uri_too_long"
    many = b"".join(b"X-%d: y\r\n" % i for i in range(120))
    status, headers, body = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    assert status == 431 and error_of(body)["error"] == "headers_too_large"
    status, _, body = exchange(server, b"NONSENSE\r\n\r\n")
    assert status == 400 and error_of(body)["error"] == "bad_request"
    status, headers, body = exchange(server, b"DELETE /articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 405 and headers["allow"] == "GET, OPTIONS" and error_of(body)["error"] == "method_not_allowed"
    status, headers, body = exchange(server, b"OPTIONS /articles HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 204 and headers["allow"] == "GET, OPTIONS"
    status, _, body = exchange(server, b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 404 and error_of(body)["error"] == "not_found"


@pytest.mark.parametrize("length", [b"-1", b"abc", b"99999999999"])
def test_a_bad_content_length_is_answered_at_once(server: int, length: bytes) -> None:
    # the client keeps its side open: only an answer (not a read until EOF) ends the exchange
    status, _, body = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: " + length + b"\r\n\r\n",
                               timeout=5)
    assert status in (400, 413) and error_of(body)["error"] in ("bad_request", "too_large")


def test_short_bodies_and_vanished_clients_leave_no_traceback(server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    log = io.StringIO()
    monkeypatch.setattr(stack_module.sys, "stderr", log)
    status, _, body = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nshort",
                               half_close=True)
    assert status == 400 and "5 of 50 bytes" in error_of(body)["message"]
    for _ in range(5):  # ask, then leave before the answer is read
        with socket.create_connection(("127.0.0.1", server)) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
    status, _, _ = exchange(server, b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status == 200  # still serving
    assert "Traceback" not in log.getvalue() and "BrokenPipe" not in log.getvalue(), log.getvalue()


def test_a_slow_client_is_cut_off(server: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stack_module, "REQUEST_TIMEOUT", 1.0)  # read at each connection
    with socket.create_connection(("127.0.0.1", server), timeout=30) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\n")  # and never the rest
        with contextlib.suppress(ConnectionError):
            data = sock.recv(65536)
            assert data == b"" or b" 408 " in data.split(b"\r\n")[0], data
