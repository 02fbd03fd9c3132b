"""What the deadline and blind-spot alerts say, and to whom: always an office's staff,
in their inboxes, or (a late dispatch) the provider first."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.model import Incident
from domain.kernel import outbox
from domain.needs.model import Need
from domain.notify import audience
from domain.notify.account_links import ACCOUNT_LINK_TOPICS
from domain.notify.assignment_events import assignment_cancelled, volunteers_deployed
from domain.notify.events import Announcement, dispatch_nudge, need_parameters, place
from domain.notify.help_requests import HELP_REQUEST_TOPICS
from domain.notify.phone_codes import phone_code_requested
from domain.notify.visit_events import visits_assigned
from domain.registry.model import Office


async def need_overdue(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """The publishing office hears its need passed its needed-by still short."""
    need = await audience.get(session, Need, uuid.UUID(payload["needId"]))
    assert need is not None
    staff = await audience.office_staff(session, need.office_id)
    parameters = {**await need_parameters(session, need), "quantity": need.quantity}
    return Announcement(parameters, audience.inboxes(staff, "need.overdue"))


async def need_escalated(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """The office above hears which office handed it which need."""
    need = await audience.get(session, Need, uuid.UUID(payload["needId"]))
    assert need is not None
    staff = await audience.office_staff(session, uuid.UUID(payload["officeId"]))
    parameters = {
        **await need_parameters(session, need),
        "quantity": need.quantity,
        "note": payload.get("note", ""),
    }
    return Announcement(parameters, audience.inboxes(staff, "need.escalated"))


async def blind_spots(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """One office hears of the blind spots of one incident it answers for, once a day."""
    incident = await audience.get(session, Incident, uuid.UUID(payload["incidentId"]))
    office = await audience.get(session, Office, uuid.UUID(payload["officeId"]))
    assert incident is not None and office is not None
    codes: list[str] = payload["regionCodes"]
    staff = await audience.office_staff(session, office.id)
    parameters = {
        "incident": incident.name,
        "count": len(codes),
        "places": "、".join(place(code) for code in codes),
        "since": payload.get("since", ""),
    }
    return Announcement(parameters, audience.inboxes(staff, "incident.blind_spots"))


async def dispatch_late(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    return await dispatch_nudge(session, payload, escalate=False, late=True)


async def dispatch_late_escalation(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    return await dispatch_nudge(session, payload, escalate=True, late=True)


ALERTS: dict[str, Callable[[AsyncSession, dict[str, Any]], Awaitable[Announcement]]] = {
    outbox.NEED_OVERDUE: need_overdue,
    outbox.NEED_ESCALATED: need_escalated,
    outbox.BLIND_SPOTS: blind_spots,
    outbox.DISPATCH_LATE: dispatch_late,
    outbox.DISPATCH_LATE_ESCALATION: dispatch_late_escalation,
    outbox.VISITS_ASSIGNED: visits_assigned,
    outbox.VOLUNTEERS_DEPLOYED: volunteers_deployed,
    outbox.ASSIGNMENT_CANCELLED: assignment_cancelled,
    **HELP_REQUEST_TOPICS,
    outbox.PHONE_CODE_REQUESTED: phone_code_requested,
    **ACCOUNT_LINK_TOPICS,
}
