"""What a visit round tells its visitors."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from domain.incidents.model import Incident
from domain.notify import audience
from domain.notify.events import Announcement
from domain.registry.model import Account, Organization, Volunteer


async def visits_assigned(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """A visitor hears of the visits a round gave them: an office's staff member in the
    inbox, and by SMS when the account gave a phone (visits are due within days, and staff
    are out in the villages, not at the desk); an organization's members in theirs and its
    contacts; a volunteer in the inbox, by email and SMS."""
    template = "visits.assigned"
    if payload.get("organizationId"):
        organization = await audience.get(
            session, Organization, uuid.UUID(payload["organizationId"])
        )
        assert organization is not None
        members = await audience.organization_members(session, organization.id)
        people = [
            *audience.inboxes(members, template),
            *audience.organization_contacts(organization, template),
        ]
    elif payload.get("volunteerId"):
        volunteer = await audience.get(session, Volunteer, uuid.UUID(payload["volunteerId"]))
        assert volunteer is not None
        people = await audience.volunteer_contacts(session, volunteer, template)
    else:
        account = await audience.get(session, Account, uuid.UUID(payload["accountId"]))
        people = audience.inboxes([account] if account else [], template)
        if account is not None and account.phone:
            people.append(audience.account_sms(account, template))
    incident = await audience.get(session, Incident, uuid.UUID(payload["incidentId"]))
    parameters = {
        "count": payload["count"],
        "due": payload["dueAt"],
        "incident": incident.name if incident else "",
    }
    return Announcement(parameters, people)
