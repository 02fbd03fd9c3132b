"""What a deployment tells the volunteers it names, and a cancellation the volunteer whose
assignment it calls off."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.assignments.model import Assignment
from domain.needs.model import Need
from domain.notify import audience
from domain.notify.audience import Recipient
from domain.notify.events import Announcement, need_parameters
from domain.registry.model import Organization, Volunteer


async def volunteers_deployed(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """Each volunteer named hears where, what and when, in their language."""
    rows = (
        await session.scalars(
            select(Assignment).where(
                Assignment.id.in_([uuid.UUID(i) for i in payload["assignmentIds"]])
            )
        )
    ).all()
    recipients: list[Recipient] = []
    parameters: dict[str, Any] = {}
    for assignment in rows:
        volunteer = await audience.get(session, Volunteer, assignment.volunteer_id)
        if volunteer is not None:
            recipients += await audience.volunteer_contacts(
                session, volunteer, "assignment.deployed"
            )
        if not parameters:
            need = await session.get(Need, assignment.need_id)
            organization = (
                await audience.get(session, Organization, assignment.organization_id)
                if assignment.organization_id
                else None
            )
            assert need is not None
            parameters = {
                **await need_parameters(session, need),
                "organization": organization.name if organization else "",
                "starts_at": assignment.starts_at,
                "ends_at": assignment.ends_at,
            }
    return Announcement(parameters, recipients)


# Why an assignment was called off (domain/assignments/cancellation.py), per language.
WHY = {
    "ALLOCATION_CANCELLED": ("办公室取消了这次调派", "the office cancelled the dispatch"),
    "VOLUNTEER_REJECTED": ("办公室未通过您的志愿者审核", "the office did not approve you"),
    "VOLUNTEER_SUSPENDED": ("办公室暂停了您的志愿服务", "the office suspended your service"),
}


async def assignment_cancelled(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """The volunteer hears which assignment is off, and why, in their language."""
    assignment = await session.get(Assignment, uuid.UUID(payload["assignmentId"]))
    assert assignment is not None
    need = await session.get(Need, assignment.need_id)
    volunteer = await audience.get(session, Volunteer, assignment.volunteer_id)
    assert need is not None
    why, why_en = WHY[payload["why"]]
    parameters = {
        **await need_parameters(session, need),
        "starts_at": assignment.starts_at,
        "ends_at": assignment.ends_at,
        "why": why,
        "why_en": why_en,
    }
    recipients = (
        await audience.volunteer_contacts(session, volunteer, "assignment.cancelled")
        if volunteer is not None
        else []
    )
    return Announcement(parameters, recipients)
