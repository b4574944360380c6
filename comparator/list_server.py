"""Serve the phone list on the home network, for ``restock serve-list``.

A tiny read-only HTTP server: ``/`` is the self-contained page, ``/list.md`` and
``/list.txt`` the same list as text. It binds 127.0.0.1 unless told otherwise, because
anyone who can reach the port can read the list.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["DEFAULT_HOST", "ListServer", "page_address", "pages_for"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def pages_for(page_html: str, markdown: str, text: str) -> dict[str, tuple[str, bytes]]:
    """Path -> (content type, body) for the three forms of the list."""
    return {
        "/": ("text/html; charset=utf-8", page_html.encode()),
        "/list.md": ("text/markdown; charset=utf-8", markdown.encode()),
        "/list.txt": ("text/plain; charset=utf-8", text.encode()),
    }


class ListServer:
    """A started or startable server of fixed pages."""

    def __init__(
        self,
        pages: Mapping[str, tuple[str, bytes]],
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
    ) -> None:
        self.pages = dict(pages)
        self._httpd = ThreadingHTTPServer((host, port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0)."""
        return self._httpd.server_address[1]

    @property
    def host(self) -> str:
        """The address bound."""
        return self._httpd.server_address[0]

    def url(self) -> str:
        """The address a phone on the same network opens."""
        return f"http://{page_address(self.host)}:{self.port}/"

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted."""
        self._httpd.serve_forever(poll_interval=0.2)

    def start(self) -> ListServer:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        if self._thread is not None:
            self._httpd.shutdown()
        self._httpd.server_close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                found = pages.get(self.path.split("?")[0])
                status = 200 if found else 404
                content_type, body = found or ("text/plain; charset=utf-8", b"Not found\n")
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the terminal shows the QR code, not a request log

        return Handler


def page_address(host: str) -> str:
    """The address to put in the link: the machine's LAN address when bound to all."""
    if host not in ("0.0.0.0", "::", ""):
        return host
    # A UDP "connection" sends nothing; it only asks the kernel which local address
    # would route outwards, which is the one phones on the home network can reach.
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))
        return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()
    finally:
        probe.close()
