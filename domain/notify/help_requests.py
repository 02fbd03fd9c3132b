"""What help-request events say, and to whom: the requester by SMS (in Chinese), the
office of jurisdiction's staff and operators in their inboxes, the operator who took
the call, and the office above when triage waits twice too long."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.helprequests.model import HelpRequest, HelpRequestChannel
from domain.kernel import outbox, regions
from domain.kernel.enums import Channel
from domain.notify import audience
from domain.notify.audience import Recipient
from domain.notify.events import Announcement, place
from domain.registry.model import Account, Office


async def _request(session: AsyncSession, payload: dict[str, Any]) -> HelpRequest:
    request = await audience.get(session, HelpRequest, uuid.UUID(payload["helpRequestId"]))
    assert request is not None
    return request


async def _parameters(session: AsyncSession, request: HelpRequest) -> dict[str, Any]:
    names = []
    if request.category_codes:
        rows = await session.scalars(
            select(Category).where(Category.code.in_(request.category_codes))
        )
        names = [c.name_zh for c in rows]
    needed = "、".join(names) or (request.description or "")[:60]
    office = await audience.get(session, Office, request.office_id) if request.office_id else None
    return {
        "reference": request.reference,
        "place": place(request.region_code),
        "people": request.people_count,
        "needed": needed,
        "office": office.name if office else "",
    }


def _sms(request: HelpRequest, template: str) -> Recipient:
    return Recipient(Channel.SMS, request.phone, template, "zh-CN", address=request.phone)


async def _office_inboxes(
    session: AsyncSession, office_id: uuid.UUID | None, template: str
) -> list[Recipient]:
    if office_id is None:
        return []
    return audience.inboxes(await audience.office_staff(session, office_id), template)


async def received(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """The requester gets the reference; the office hears of a new request."""
    request = await _request(session, payload)
    return Announcement(
        await _parameters(session, request),
        [
            _sms(request, "help_request.received.sms"),
            *await _office_inboxes(session, request.office_id, "help_request.received"),
        ],
    )


async def closed(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """The requester is told it is closed, and so is the operator who took the call."""
    request = await _request(session, payload)
    parameters = {**await _parameters(session, request), "note": request.close_note or ""}
    recipients = [_sms(request, "help_request.closed.sms")]
    if request.channel is HelpRequestChannel.HOTLINE and request.submitted_by_account_id:
        taker = await audience.get(session, Account, request.submitted_by_account_id)
        if taker is not None:
            recipients += audience.inboxes([taker], "help_request.closed")
    return Announcement(parameters, recipients)


async def triage_late(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    request = await _request(session, payload)
    parameters = {**await _parameters(session, request), "minutes": payload.get("minutes", 0)}
    recipients = await _office_inboxes(session, request.office_id, "help_request.triage_late")
    return Announcement(parameters, recipients)


async def _office_above(session: AsyncSession, request: HelpRequest) -> Office | None:
    """The nearest office above the request's office of jurisdiction."""
    holder = await audience.get(session, Office, request.office_id) if request.office_id else None
    start = holder.region_code if holder else request.region_code
    ancestors = [r.code for r in regions.path(start)[:-1]]
    offices = (await session.scalars(select(Office).where(Office.region_code.in_(ancestors)))).all()
    depth = {code: index for index, code in enumerate(ancestors)}
    return max(offices, key=lambda o: depth[o.region_code], default=None)


async def triage_escalation(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    request = await _request(session, payload)
    parameters = {**await _parameters(session, request), "minutes": payload.get("minutes", 0)}
    above = await _office_above(session, request)
    recipients = await _office_inboxes(
        session, above.id if above else None, "help_request.triage_escalation"
    )
    return Announcement(parameters, recipients)


async def call_down(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    request = await _request(session, payload)
    recipients = await _office_inboxes(session, request.office_id, "help_request.call_down")
    return Announcement(await _parameters(session, request), recipients)


HELP_REQUEST_TOPICS: dict[
    str, Callable[[AsyncSession, dict[str, Any]], Awaitable[Announcement]]
] = {
    outbox.HELP_REQUEST_RECEIVED: received,
    outbox.HELP_REQUEST_CLOSED: closed,
    outbox.HELP_REQUEST_TRIAGE_LATE: triage_late,
    outbox.HELP_REQUEST_TRIAGE_ESCALATION: triage_escalation,
    outbox.HELP_REQUEST_CALL_DOWN: call_down,
}
