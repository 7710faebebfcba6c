"""Polite HTTP fetching: per-host concurrency limit and delay, timeouts, a size cap, bounded redirects,
and conditional GET (``If-None-Match`` / ``If-Modified-Since``) so a re-run downloads only what changed.

Only the standard library is used (``http.client`` via ``urllib``), so there is nothing to configure.
Every failure is a :class:`FetchError` whose message says what happened to which URL.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Callable, Optional

from ..errors import InputError
from .records import FetchValidators, SourceOptions

# Content types whose body can hold an article or a feed; anything else (PDF, images, video) is refused.
TEXT_CONTENT_TYPES = ("text/", "application/xhtml", "application/xml", "application/rss", "application/atom",
                      "application/json", "application/rdf")
READ_CHUNK = 64 * 1024


class FetchError(InputError):
    """A URL could not be fetched (network error, HTTP error, too large, redirect loop, not text)."""


@dataclass(frozen=True)
class FetchResult:
    """The outcome of one GET: ``body`` is None when the server said "not modified" (304)."""

    url: str  # the final URL after redirects
    status: int
    body: Optional[bytes]
    content_type: str
    validators: FetchValidators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed by :class:`Fetcher` itself, to count them and detect loops."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401 - urllib's signature
        return None


class HostGate:
    """At most ``concurrency`` requests at a time to one host, and ``delay`` seconds between their starts."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._semaphore = threading.Semaphore(max(1, concurrency))
        self._lock = threading.Lock()
        self._next_start = 0.0
        self._delay = delay

    def __enter__(self) -> "HostGate":
        self._semaphore.acquire()
        with self._lock:
            now = time.monotonic()
            wait = self._next_start - now
            self._next_start = max(now, self._next_start) + self._delay
        if wait > 0:
            time.sleep(wait)
        return self

    def __exit__(self, *exc) -> None:
        self._semaphore.release()


class Fetcher:
    """Fetches URLs politely. Thread-safe: feeds fetch their entries from a small thread pool.

    Args:
        options: timeouts, size cap, politeness settings.
        validators: ``url -> FetchValidators`` from earlier runs (conditional GET); None for none.
    """

    def __init__(self, options: SourceOptions, validators: Optional[Callable[[str], Optional[FetchValidators]]] = None):
        self.options = options
        self._validators = validators or (lambda url: None)
        self._gates: dict[str, HostGate] = {}
        self._gates_lock = threading.Lock()
        self._opener = urllib.request.build_opener(_NoRedirects())

    def gate(self, url: str) -> HostGate:
        host = urllib.parse.urlsplit(url).netloc.lower()
        with self._gates_lock:
            if host not in self._gates:
                self._gates[host] = HostGate(self.options.host_concurrency, self.options.host_delay)
            return self._gates[host]

    def fetch(self, url: str, conditional: bool = True) -> FetchResult:
        """GET ``url``, following up to ``max_redirects`` redirects; raises :class:`FetchError`."""
        seen = [url]
        current = url
        for _ in range(self.options.max_redirects + 1):
            cached = self._validators(current) if conditional else None
            status, headers, body = self._get_once(current, cached)
            if status in (301, 302, 303, 307, 308):
                location = headers.get("Location")
                if not location:
                    raise FetchError(f"'{current}' answered a redirect ({status}) without a Location header.")
                current = urllib.parse.urljoin(current, location)
                if current in seen:
                    raise FetchError(f"'{url}' redirects in a loop ({' -> '.join(seen + [current])}).")
                seen.append(current)
                continue
            content_type = headers.get("Content-Type", "") or ""
            validators = FetchValidators(url, headers.get("ETag"), headers.get("Last-Modified"))
            if status == 304:
                return FetchResult(current, status, None, content_type, cached or validators)
            if body is not None and content_type and not content_type.lower().startswith(TEXT_CONTENT_TYPES):
                raise FetchError(
                    f"'{current}' is '{content_type.split(';')[0]}', not an HTML page or a feed: eventwire codes text only."
                )
            return FetchResult(current, status, body, content_type, validators)
        raise FetchError(f"'{url}' redirects more than {self.options.max_redirects} times; giving up.")

    def _get_once(self, url: str, cached: Optional[FetchValidators]):
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(f"'{url}' is not an http(s) URL.")
        request = urllib.request.Request(url, headers={"User-Agent": self.options.user_agent, "Accept-Encoding": "identity"})
        if cached is not None:
            if cached.etag:
                request.add_header("If-None-Match", cached.etag)
            if cached.last_modified:
                request.add_header("If-Modified-Since", cached.last_modified)
        with self.gate(url):
            try:
                response = self._opener.open(request, timeout=self.options.fetch_timeout)
            except urllib.error.HTTPError as exc:
                if exc.code in (301, 302, 303, 307, 308, 304):
                    return exc.code, exc.headers, None
                raise FetchError(f"'{url}' answered HTTP {exc.code} ({exc.reason}).") from None
            except urllib.error.URLError as exc:
                reason = exc.reason
                if isinstance(reason, (socket.timeout, TimeoutError)):
                    raise FetchError(f"'{url}' did not answer within {self.options.fetch_timeout:g} s.") from None
                raise FetchError(f"Cannot reach '{url}': {reason}.") from None
            except (socket.timeout, TimeoutError):
                raise FetchError(f"'{url}' did not answer within {self.options.fetch_timeout:g} s.") from None
            except (OSError, ValueError) as exc:
                raise FetchError(f"Cannot fetch '{url}': {exc}.") from None
            with response:
                body = self._read_capped(response, url)
                return response.status, response.headers, body

    def _read_capped(self, response, url: str) -> bytes:
        """Read the body, refusing it as soon as it passes the size cap (never buffering a huge body)."""
        cap = self.options.fetch_max_bytes
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError(f"'{url}' is {int(declared) / 1e6:.1f} MB, over the {cap / 1e6:g} MB fetch limit.")
        chunks, size = [], 0
        deadline = time.monotonic() + self.options.fetch_timeout * 3
        try:
            while True:
                chunk = response.read(READ_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"'{url}' is larger than the {cap / 1e6:g} MB fetch limit; not read further.")
                if time.monotonic() > deadline:
                    raise FetchError(f"'{url}' is sending too slowly; gave up after {self.options.fetch_timeout * 3:g} s.")
                chunks.append(chunk)
        except (socket.timeout, TimeoutError):
            raise FetchError(f"'{url}' stopped sending within {self.options.fetch_timeout:g} s.") from None
        except OSError as exc:
            raise FetchError(f"Connection to '{url}' broke while reading: {exc}.") from None
        return b"".join(chunks)
