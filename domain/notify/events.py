"""What each outbox event says, and to whom."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.categories.model import Category
from domain.dispatch.model import Dispatch
from domain.incidents.model import Incident
from domain.kernel import outbox, regions
from domain.kernel.enums import WebhookEvent
from domain.kernel.global_ids import to_global_id
from domain.matching.records import Allocation, MatchingRound
from domain.needs.model import Need
from domain.notify import audience
from domain.notify.audience import Recipient
from domain.notify.proposal_audience import providers_with_proposals
from domain.offers.model import Offer
from domain.registry.model import Office, Organization, Volunteer


@dataclass
class Announcement:
    """One event, told: parameters for the texts, recipients, the webhook payload."""

    parameters: dict[str, Any]
    recipients: list[Recipient] = field(default_factory=list)
    webhook_data: dict[str, Any] = field(default_factory=dict)
    dispatch_id: uuid.UUID | None = None


def place(code: str) -> str:
    return "".join(r.name for r in regions.path(code)) or code


async def need_parameters(session: AsyncSession, need: Need) -> dict[str, Any]:
    categories = audience.unit_of_work_cache(session, "categories")
    if need.category_code not in categories:
        categories[need.category_code] = await session.scalar(
            select(Category).where(Category.code == need.category_code)
        )
    category = categories[need.category_code]
    office = await audience.get(session, Office, need.office_id)
    return {
        "category": category.name_zh if category else need.category_code,
        "category_en": category.name_en if category else need.category_code,
        "unit": category.unit if category else "",
        "destination": place(need.region_code),
        "needed_by": need.needed_by,  # told in each recipient's zone (local_times)
        "office": office.name if office else "",
    }


async def dispatch_rows(
    session: AsyncSession,
    payload: dict[str, Any],
) -> tuple[Dispatch, Allocation, Need, Offer]:
    dispatch = await audience.get(session, Dispatch, uuid.UUID(payload["dispatchId"]))
    assert dispatch is not None
    allocation = await audience.get(session, Allocation, dispatch.allocation_id)
    assert allocation is not None
    need, offer = (
        await audience.get(session, Need, allocation.need_id),
        await audience.get(session, Offer, allocation.offer_id),
    )
    assert need is not None and offer is not None
    return dispatch, allocation, need, offer


async def _provider(
    session: AsyncSession,
    offer: Offer,
    template: str,
) -> tuple[str, list[Recipient]]:
    """The provider's name and its people: members' inboxes and contacts."""
    if offer.organization_id is not None:
        organization = await audience.get(session, Organization, offer.organization_id)
        assert organization is not None
        members = await audience.organization_members(session, organization.id)
        return organization.name, [
            *audience.inboxes(members, template),
            *audience.organization_contacts(organization, template),
        ]
    assert offer.volunteer_id is not None  # an offer is an organization's or a volunteer's
    volunteer = await audience.get(session, Volunteer, offer.volunteer_id)
    assert volunteer is not None
    return volunteer.display_name, await audience.volunteer_contacts(session, volunteer, template)


def _dispatch_data(
    dispatch: Dispatch, allocation: Allocation, need: Need, offer: Offer
) -> dict[str, Any]:
    return {
        "dispatchId": to_global_id("Dispatch", dispatch.id),
        "code": dispatch.code,
        "status": dispatch.status.value,
        "quantity": allocation.quantity,
        "deliveredQuantity": dispatch.delivered_quantity,
        "needId": to_global_id("Need", need.id),
        "offerId": to_global_id("Offer", offer.id),
        "organizationId": to_global_id("Organization", offer.organization_id)
        if offer.organization_id
        else None,
        "categoryCode": need.category_code,
        "regionCode": need.region_code,
        "neededBy": need.needed_by.isoformat(),
    }


async def dispatch_issued(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    dispatch, allocation, need, offer = await dispatch_rows(session, payload)
    parameters = {
        **await need_parameters(session, need),
        "code": dispatch.code,
        "quantity": allocation.quantity,
    }
    provider, people = await _provider(session, offer, "dispatch.issued")
    parameters["provider"] = provider
    staff = await audience.office_staff(session, need.office_id)
    # Webhook subscribers hear of it from the change the event carries (notify/changes.py).
    return Announcement(
        parameters,
        [*people, *audience.inboxes(staff, "dispatch.issued.office")],
        dispatch_id=dispatch.id,
    )


async def dispatch_status_changed(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    dispatch, _, need, offer = await dispatch_rows(session, payload)
    parameters = {
        "code": dispatch.code,
        "status": payload["to"],
        "previous": payload["from"],
        "delivered": dispatch.delivered_quantity,
    }
    provider, people = await _provider(session, offer, "dispatch.status_changed")
    staff = await audience.office_staff(session, need.office_id)
    inboxes = [r for r in people if r.channel.value == "INBOX"]
    return Announcement(
        {**parameters, "provider": provider},
        [*inboxes, *audience.inboxes(staff, "dispatch.status_changed")],
        dispatch_id=dispatch.id,
    )


async def round_finished(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    matching_round = await audience.get(session, MatchingRound, uuid.UUID(payload["roundId"]))
    assert matching_round is not None
    incident = await audience.get(session, Incident, matching_round.incident_id)
    assert incident is not None
    proposals = int(matching_round.stats.get("proposals", 0))
    recipients = audience.inboxes(
        await audience.office_staff(session, incident.office_id), "matching.round_finished"
    )
    # Each provider with new proposals hears how many await its answer.
    told, counts = await providers_with_proposals(session, matching_round.id)
    recipients += told
    webhooks = await audience.webhook_subscribers(
        session, WebhookEvent.MATCHING_ROUND_FINISHED.value, incident.region_codes[0], None
    )
    data = {
        "roundId": to_global_id("MatchingRound", matching_round.id),
        "incidentId": to_global_id("Incident", incident.id),
        "proposals": proposals,
    }
    return Announcement(
        {"incident": incident.name, "proposals": proposals, "counts": counts},
        [*recipients, *webhooks],
        data,
    )


async def need_published(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """Told to partners only, from the change it carries; these are its texts."""
    need = await audience.get(session, Need, uuid.UUID(payload["needId"]))
    assert need is not None
    return Announcement({**await need_parameters(session, need), "quantity": need.quantity})


async def organization_reviewed(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    organization = await audience.get(session, Organization, uuid.UUID(payload["organizationId"]))
    assert organization is not None
    members = await audience.organization_members(session, organization.id)
    admins = [a for a in members if a.role.value == "ORG_ADMIN"]
    recipients = [
        *audience.inboxes(admins, "organization.reviewed"),
        *[
            r
            for r in audience.organization_contacts(organization, "organization.reviewed")
            if r.channel.value == "EMAIL"
        ],
    ]
    webhooks = await audience.webhook_subscribers(
        session, WebhookEvent.ORGANIZATION_REVIEWED.value, organization.region_code, organization.id
    )
    data = {
        "organizationId": to_global_id("Organization", organization.id),
        "status": organization.status.value,
    }
    return Announcement(
        {
            "organization": organization.name,
            "status": organization.status.value,
            "reason": organization.review_reason or "",
        },
        [*recipients, *webhooks],
        data,
    )


async def _allocation_told(
    session: AsyncSession, payload: dict[str, Any], template: str
) -> Announcement:
    """The provider hears of an office's decision on its offer: in its inboxes and by
    its contacts."""
    allocation = await audience.get(session, Allocation, uuid.UUID(payload["allocationId"]))
    assert allocation is not None
    need = await audience.get(session, Need, allocation.need_id)
    offer = await audience.get(session, Offer, allocation.offer_id)
    assert need is not None and offer is not None
    provider, people = await _provider(session, offer, template)
    parameters = {
        **await need_parameters(session, need),
        "quantity": allocation.quantity,
        "provider": provider,
        "reason": allocation.veto_reason or "",
    }
    return Announcement(parameters, people)


async def allocation_vetoed(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    return await _allocation_told(session, payload, "allocation.vetoed")


async def allocation_assigned(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    return await _allocation_told(session, payload, "allocation.assigned")


async def object_changed(session: AsyncSession, payload: dict[str, Any]) -> Announcement:
    """A change told to partners only (notify/changes.py adds them)."""
    change = payload["change"]
    return Announcement({"event": change["event"], **change["data"]})


# topic -> (what it says and to whom, the webhook event it is; None: no webhook of its
# own). A topic whose payload carries a change also reaches that change's subscribers.
TOPICS: dict[str, tuple[Any, WebhookEvent | None]] = {
    outbox.OBJECT_CHANGED: (object_changed, None),
    outbox.ALLOCATION_VETOED: (allocation_vetoed, WebhookEvent.ALLOCATION_VETOED),
    outbox.ALLOCATION_ASSIGNED: (allocation_assigned, WebhookEvent.ALLOCATION_ASSIGNED),
    outbox.DISPATCH_ISSUED: (dispatch_issued, WebhookEvent.DISPATCH_ISSUED),
    outbox.DISPATCH_STATUS_CHANGED: (dispatch_status_changed, WebhookEvent.DISPATCH_STATUS_CHANGED),
    outbox.ROUND_FINISHED: (round_finished, WebhookEvent.MATCHING_ROUND_FINISHED),
    outbox.NEED_PUBLISHED: (need_published, WebhookEvent.NEED_PUBLISHED),
    outbox.ORGANIZATION_REVIEWED: (organization_reviewed, WebhookEvent.ORGANIZATION_REVIEWED),
}


async def dispatch_nudge(
    session: AsyncSession, payload: dict[str, Any], *, escalate: bool, late: bool = False
) -> Announcement:
    """A reminder to the provider, or (escalated) an alert to the office's staff: of a
    dispatch not acknowledged, or (late) not delivered by its deadline."""
    dispatch, allocation, need, offer = await dispatch_rows(session, payload)
    kind = "dispatch.late" if late else "dispatch"
    template = f"{kind}.escalation" if escalate else f"{kind}.reminder"
    provider, people = await _provider(session, offer, template)
    recipients = (
        audience.inboxes(await audience.office_staff(session, need.office_id), template)
        if escalate
        else people
    )
    return Announcement(
        {
            "code": dispatch.code,
            "provider": provider,
            "minutes": payload.get("minutes", 0),
            "deadline": dispatch.deadline,
        },
        recipients,
        _dispatch_data(dispatch, allocation, need, offer),
        dispatch.id,
    )
