"""Binds the request id a message carries while its actor runs, so the actor's log lines
and the outbox events it emits name the request that caused them."""

from __future__ import annotations

from typing import Any

from dramatiq import Broker, Middleware
from dramatiq.broker import MessageProxy

from domain.kernel import request_ids


class RequestIds(Middleware):
    """Reads the `request_id` option the outbox relay set (none: a fresh id per message)."""

    def before_process_message(self, broker: Broker, message: MessageProxy) -> None:
        # Each worker thread has a context of its own, and the AsyncIO middleware's event
        # loop copies the calling thread's context into the actor's task: async actors see
        # this binding too.
        request_id = message.options.get(request_ids.MESSAGE_OPTION) or request_ids.new()
        request_ids.set_current(str(request_id))

    def after_process_message(
        self,
        broker: Broker,
        message: MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        request_ids.set_current(None)

    def after_skip_message(self, broker: Broker, message: MessageProxy) -> None:
        request_ids.set_current(None)
