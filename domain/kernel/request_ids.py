"""The request id of the work in progress: set by the API per request and by the worker
per message, read by the log formatter and stored with the outbox events a request causes.

Here in domain/ so the outbox can read it without importing api/ or workers/.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# The key of the outbox payload and of the dramatiq message option that carry it.
PAYLOAD_KEY = "requestId"
MESSAGE_OPTION = "request_id"
# What a caller may send in X-Request-ID: no spaces or control characters reach the logs.
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:/+=-]{1,128}")

_current: ContextVar[str | None] = ContextVar("reliefhub_request_id", default=None)


def current() -> str | None:
    """The request id bound to this task or thread, if any."""
    return _current.get()


def set_current(request_id: str | None) -> None:
    """Bind for the rest of this thread's work (a worker thread, one message at a time)."""
    _current.set(request_id)


def new() -> str:
    return uuid.uuid4().hex


def accept(candidate: str | None) -> str:
    """The caller's id when it is a sane token, otherwise a fresh one."""
    if candidate and _ACCEPTABLE.fullmatch(candidate):
        return candidate
    return new()


@contextmanager
def bound(request_id: str | None) -> Iterator[str | None]:
    """Bind `request_id` for the duration of the block, then restore what was there."""
    token = _current.set(request_id)
    try:
        yield request_id
    finally:
        _current.reset(token)
