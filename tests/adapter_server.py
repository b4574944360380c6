"""A real HTTP server on 127.0.0.1:0, in a thread, replaying recorded API answers.

Tests script it per path: a list of replies served in turn (the last one repeats), each
with a status, a body (often a file from tests/data/<adapter>/), headers and a delay
for "slow answer" cases. Every request is recorded so tests can assert what was asked.
A test module makes its fixture with ``serving()``:

    @pytest.fixture
    def replay_server():
        with serving() as server:
            yield server
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

DATA_DIR = Path(__file__).parent / "data"


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: Any = b""
    """bytes or str as is; anything else is sent as JSON."""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0


@dataclass(frozen=True)
class Recorded:
    """One request the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    raw_query: str
    headers: dict[str, str]
    body: bytes


def recorded(adapter: str, name: str) -> Any:
    """A recorded JSON answer from tests/data/<adapter>/<name>."""
    return json.loads((DATA_DIR / adapter / name).read_text(encoding="utf-8"))


class ReplayServer:
    """The server and its script; ``url`` is its base address."""

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Reply] | Callable[[Recorded], Reply]] = {}
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        """http://127.0.0.1:<port>"""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, path: str, *replies: Reply, method: str = "GET") -> None:
        """Serve ``replies`` in turn at ``path``; the last one repeats."""
        self.routes[(method, path)] = list(replies)

    def route(self, path: str, answer: Callable[[Recorded], Reply], method: str = "GET") -> None:
        """Answer ``path`` with a function of the request (for servers with logic)."""
        self.routes[(method, path)] = answer

    def hits(self, path: str) -> list[Recorded]:
        """The requests received at ``path``."""
        return [r for r in self.requests if r.path == path]

    def start(self) -> ReplayServer:
        """Start serving in a daemon thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def _answer(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
            script = self.routes.get((request.method, request.path))
            if script is None:
                return Reply(404, {"detail": "Not found."})
            if callable(script):
                return script(request)
            return script.pop(0) if len(script) > 1 else script[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = Recorded(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query),
                    raw_query=parts.query,
                    headers=dict(self.headers.items()),
                    body=self.rfile.read(length) if length else b"",
                )
                reply = server._answer(request)
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                body = reply.body
                if not isinstance(body, bytes | str):
                    body = json.dumps(body)
                data = body.encode() if isinstance(body, str) else body
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Type": "application/json", **reply.headers}
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test): nothing to answer

            do_GET = do_POST = do_PUT = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output clean

        return Handler


@contextlib.contextmanager
def serving() -> Iterator[ReplayServer]:
    """A started ReplayServer, stopped on exit."""
    server = ReplayServer().start()
    try:
        yield server
    finally:
        server.stop()
