"""One careful HTTP JSON request: timeouts, retries with backoff, errors for people.

Every network adapter goes through ``fetch_json`` so that a 429, a 503, a dropped
connection or a body that is not JSON becomes the same AdapterError subclass, with the
requests exception kept as its cause.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from household.errors import RetailerAuthFailed, RetailerResponseInvalid, RetailerUnavailable

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
DEFAULT_BACKOFF_S = 1.0
MAX_WAIT_S = 30.0
"""Never sleep longer than this on one Retry-After: the caller has its own deadline."""


@dataclass(frozen=True, slots=True)
class JsonResponse:
    """A decoded answer: its status and its JSON body (None for an empty one)."""

    status: int
    body: Any
    url: str


def fetch_json(
    session: requests.Session,
    method: str,
    url: str,
    *,
    who: str,
    params: Mapping[str, Any] | str | None = None,
    json_body: Any = None,
    headers: Mapping[str, str] | None = None,
    timeout_s: float,
    retries: int = 2,
    backoff_s: float = DEFAULT_BACKOFF_S,
    accept: frozenset[int] = frozenset({200}),
    sleep: Callable[[float], None] = time.sleep,
) -> JsonResponse:
    """Send one request, retrying 429/5xx and connection errors with exponential backoff.

    ``who`` names the service in messages ("Open Prices"). Statuses in ``accept`` are
    returned decoded; 401/403 raise RetailerAuthFailed, anything else after the last
    retry RetailerUnavailable, and an accepted status without JSON RetailerResponseInvalid.
    """
    attempt = 0
    while True:
        try:
            response = session.request(
                method,
                url,
                params=params,
                json=json_body,
                headers=headers,
                timeout=timeout_s,
            )
        except requests.Timeout as err:
            problem, cause, wait = f"timed out after {timeout_s:g} s", err, None
        except requests.ConnectionError as err:
            problem, cause, wait = "the connection failed", err, None
        else:
            if response.status_code in accept:
                return JsonResponse(response.status_code, _decode(response, who), response.url)
            if response.status_code in (401, 403):
                raise RetailerAuthFailed(
                    f"{who} refused the credentials (HTTP {response.status_code}). "
                    "Check the token in the configuration file, or ask for a new one."
                )
            if response.status_code not in RETRY_STATUSES:
                raise RetailerUnavailable(
                    f"{who} answered HTTP {response.status_code} to {response.url}. "
                    "Try later; if it persists, check the URL in the configuration."
                )
            problem, cause = f"it answered HTTP {response.status_code}", None
            wait = _retry_after_s(response.headers.get("Retry-After"))
        if attempt >= retries:
            tries = f"{attempt + 1} attempt" + ("s" if attempt else "")
            error = RetailerUnavailable(f"Could not reach {who}: {problem} ({tries}). Try later.")
            raise error from cause
        delay = backoff_s * 2**attempt if wait is None else wait
        sleep(min(delay, MAX_WAIT_S))
        attempt += 1


def _decode(response: requests.Response, who: str) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError as err:
        preview = response.text[:60].replace("\n", " ")
        raise RetailerResponseInvalid(
            f"{who} sent something that is not JSON ({preview!r}...) from {response.url}. "
            "It may be down for maintenance; try later."
        ) from err


def _retry_after_s(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


class ResponseCache:
    """Decoded answers kept for ``ttl_s`` seconds, shared by threads.

    Lives as long as the process (a daemon asks the same prices many times a day); the
    clock is injected so tests can age entries.
    """

    def __init__(self, ttl_s: float = 3600.0, clock: Callable[[], float] = time.monotonic):
        self._ttl_s = ttl_s
        self._clock = clock
        self._entries: dict[Any, tuple[float, Any]] = {}
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any | None:
        """The cached value for ``key``, or None when absent or expired."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or self._clock() - entry[0] > self._ttl_s:
                self._entries.pop(key, None)
                return None
            return entry[1]

    def put(self, key: Any, value: Any) -> None:
        """Remember ``value`` under ``key`` from now."""
        with self._lock:
            self._entries[key] = (self._clock(), value)


class Throttle:
    """At least ``interval_s`` between two calls of ``wait()``, across threads."""

    def __init__(
        self,
        interval_s: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self._interval_s = interval_s
        self._clock = clock
        self._sleep = sleep
        self._next_at = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Block until the next request may go."""
        with self._lock:
            now = self._clock()
            if now < self._next_at:
                self._sleep(self._next_at - now)
                now = self._next_at
            self._next_at = now + self._interval_s
