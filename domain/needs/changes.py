"""A need's changes as partners hear of them (domain/kernel/changes.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import changes, policy
from domain.kernel.auth.principal import ANONYMOUS
from domain.kernel.db.versions import next_version
from domain.kernel.enums import WebhookEvent
from domain.kernel.global_ids import to_global_id
from domain.kernel.outbox import OBJECT_CHANGED
from domain.needs.model import Need


def need_data(need: Need) -> dict[str, Any]:
    return {
        "needId": to_global_id("Need", need.id),
        "incidentId": to_global_id("Incident", need.incident_id),
        "categoryCode": need.category_code,
        "regionCode": need.region_code,
        "quantity": need.quantity,
        "quantityAllocated": need.quantity_allocated,
        "quantityDelivered": need.quantity_delivered,
        "urgency": need.urgency.value,
        "neededBy": need.needed_by.isoformat(),
        "externalId": need.external_id,
        "location": public_point(need),
    }


def public_point(need: Need) -> dict[str, float] | None:
    """The need's point as every subscriber may hear it: a change goes out once to all of
    them, tokens without PERSONAL_DATA among them, so a need naming special groups
    announces its county (`regionCode`) only."""
    if need.latitude is None or need.longitude is None:
        return None
    if not policy.may_see_exact_location(ANONYMOUS, special_groups=need.special_groups):
        return None
    return {"latitude": need.latitude, "longitude": need.longitude}


async def announce(
    session: AsyncSession,
    need: Need,
    event: WebhookEvent,
    *,
    topic: str = OBJECT_CHANGED,
    payload: dict[str, Any] | None = None,
) -> None:
    """Tell partners of the need as it now is. Needs are public: every subscriber may
    hear of one, within the regions it chose."""
    await next_version(session, Need, need.id)
    # Read back what the unit of work wrote, counters moved in SQL included.
    await session.refresh(need)
    change = changes.Change(
        event=event,
        kind="Need",
        object_id=need.id,
        version=need.version,
        status=need.status.value,
        data=need_data(need),
        region_codes=(need.region_code,),
        public=True,
    )
    changes.announce(session, change, topic=topic, payload=payload)
