"""Changes partners are told of: one webhook event per change of an object, naming the
object's global id, its new state and its version, written in the change's own unit of
work (the outbox), so that a change is announced exactly when it commits.

Adding an event: a value in `WebhookEvent`, a `version` on the object's table
(`domain.kernel.db.versions.Versioned`), and a call to `announce` where the change is
made, with a `Change` built by the feature (`domain/<feature>/changes.py`). Fan-out, the
subscriptions' event and region filters and the signed delivery need nothing more; the
partner docs' event catalogue needs its row and example (a test checks it).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel.enums import WebhookEvent
from domain.kernel.global_ids import to_global_id
from domain.kernel.outbox import OBJECT_CHANGED, OutboxEvent, emit

# The key of an outbox payload that carries a change.
CHANGE = "change"


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    """One object's change as partners see it, and who may hear of it."""

    event: WebhookEvent
    kind: str  # the object's GraphQL type, which its global id names
    object_id: uuid.UUID
    version: int
    status: str
    # The event's own fields, spelled as the API spells them.
    data: dict[str, Any] = field(default_factory=dict)
    # Where the object lies: a subscription naming regions hears of it only when one of
    # these is in or under one of them; offices covering one of them may see it.
    region_codes: tuple[str, ...] = ()
    # The provider's organization, which may see it too.
    organization_id: uuid.UUID | None = None
    # Public objects (needs, offers) reach every subscriber, whoever it is.
    public: bool = False
    # The dispatch whose deliveries list the event's notifications, if any.
    dispatch_id: uuid.UUID | None = None

    def webhook_data(self) -> dict[str, Any]:
        return {
            "id": to_global_id(self.kind, self.object_id),
            "version": self.version,
            "status": self.status,
            **self.data,
        }

    def to_payload(self) -> dict[str, Any]:
        return {
            "event": self.event.value,
            "data": self.webhook_data(),
            "regionCodes": list(self.region_codes),
            "organizationId": str(self.organization_id) if self.organization_id else None,
            "public": self.public,
            "dispatchId": str(self.dispatch_id) if self.dispatch_id else None,
        }


def announce(
    session: AsyncSession,
    change: Change,
    *,
    topic: str = OBJECT_CHANGED,
    payload: dict[str, Any] | None = None,
) -> OutboxEvent:
    """Add the change to the caller's unit of work. It rides on `topic` with `payload`
    when that topic also tells people (a dispatch issued reaches the provider's inboxes
    too); on its own topic otherwise."""
    return emit(session, topic, {**(payload or {}), CHANGE: change.to_payload()})
