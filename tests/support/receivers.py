"""Real receivers: an aiosmtpd SMTP server and a threaded HTTP server, both recording."""

from __future__ import annotations

import asyncio
import json
import socket
import ssl
import threading
from collections import deque
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Generic, Self, TypeVar

from aiosmtpd.controller import Controller

T = TypeVar("T")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Recorder(Generic[T]):
    """A thread-safe list that a test can wait on."""

    def __init__(self) -> None:
        self._items: list[T] = []
        self._changed = threading.Condition()

    def add(self, item: T) -> None:
        with self._changed:
            self._items.append(item)
            self._changed.notify_all()

    @property
    def received(self) -> list[T]:
        """A snapshot of everything recorded so far."""
        with self._changed:
            return list(self._items)

    def wait_for(self, n: int, timeout: float = 5.0) -> list[T]:
        """Block until at least n items arrived; a snapshot, or TimeoutError."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._items) >= n, timeout):
                raise TimeoutError(f"expected {n}, got {len(self._items)} within {timeout}s")
            return list(self._items)

    async def await_for(self, n: int, within: float = 5.0) -> list[T]:
        """wait_for without blocking the event loop (for senders running on the same loop)."""
        return await asyncio.to_thread(self.wait_for, n, within)

    def clear(self) -> None:
        with self._changed:
            self._items.clear()


@dataclass(frozen=True)
class ReceivedMail:
    """One mail as the SMTP server accepted it."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    raw: bytes  # as it came over the wire

    @property
    def text(self) -> str:
        """The plain-text body, decoded."""
        body = self.message.get_body(preferencelist=("plain",))
        return body.get_content() if body is not None else ""


class _SmtpHandler:
    def __init__(self, recorder: _Recorder[ReceivedMail]) -> None:
        self.recorder = recorder

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        message = message_from_bytes(raw, policy=policy.default)
        self.recorder.add(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message, raw))
        return "250 Message accepted for delivery"


class SmtpReceiver(_Recorder[ReceivedMail]):
    """A real aiosmtpd server on 127.0.0.1 that keeps every mail it accepts."""

    def __init__(self, **options: Any) -> None:
        """`options` go to aiosmtpd's Controller and SMTP: tls_context, require_starttls,
        authenticator, auth_required, server ssl_context (implicit TLS)..."""
        super().__init__()
        self.host = "127.0.0.1"
        self.port = free_port()
        # SMTPUTF8 stays off, like many relays: mails must arrive with ASCII-encoded headers.
        self._controller = Controller(
            _SmtpHandler(self), hostname=self.host, port=self.port, **options
        )

    def start(self) -> Self:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@dataclass(frozen=True)
class Reply:
    """How the HTTP receiver answers one request."""

    status: int = 200
    delay: float = 0.0  # seconds to wait before answering (to provoke client timeouts)
    body: bytes = b""


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as the HTTP receiver saw it; header names are lower-cased."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class _Handler(BaseHTTPRequestHandler):
    # Keep-alive, so a pooled client reuses connections as it would against a real peer.
    protocol_version = "HTTP/1.1"
    server: _Server

    def _handle(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {name.lower(): value for name, value in self.headers.items()}
        # Record before answering: a request counts as received even if the reply is slow.
        self.server.owner.add(ReceivedRequest(self.command, self.path, headers, body))
        reply = self.server.owner.next_reply()
        if reply.delay and self.server.owner.closing.wait(reply.delay):
            return
        try:
            self.send_response(reply.status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout); nothing to tell it

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the recorded requests are the log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: HttpReceiver


class HttpReceiver(_Recorder[ReceivedRequest]):
    """A real HTTP server on 127.0.0.1 that records requests and answers a scripted sequence."""

    def __init__(self, default: Reply | None = None, *, tls: ssl.SSLContext | None = None) -> None:
        super().__init__()
        self.default = default or Reply()
        self.closing = threading.Event()
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        if tls is not None:
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True)
        self.port = int(self._server.server_address[1])
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        # A short poll so stop() returns at once instead of after serve_forever's 0.5 s default.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def script(self, *replies: int | Reply) -> None:
        """Answer the next requests with these (statuses or Replies), then with the default."""
        with self._lock:
            self._script.extend(Reply(r) if isinstance(r, int) else r for r in replies)

    def respond_always(self, reply: int | Reply) -> None:
        """Answer every request without a scripted reply like this."""
        with self._lock:
            self.default = Reply(reply) if isinstance(reply, int) else reply

    def next_reply(self) -> Reply:
        with self._lock:
            return self._script.popleft() if self._script else self.default

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.closing.set()  # release delayed replies so shutdown does not wait for them
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
