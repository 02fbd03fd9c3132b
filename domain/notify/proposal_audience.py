"""Who hears that a round's proposals await them: organizations and volunteers alike."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.matching.records import Allocation
from domain.notify import audience
from domain.notify.audience import Recipient
from domain.offers.model import Offer
from domain.registry.model import Volunteer


async def providers_with_proposals(
    session: AsyncSession, round_id: uuid.UUID
) -> tuple[list[Recipient], dict[str, int]]:
    """Each provider with new proposals in the round: an organization's members in their
    inboxes, with how many await its answer (per account); a volunteer in the inbox, by
    email and by SMS, in their language."""
    per_provider = (
        await session.execute(
            select(Offer.organization_id, Offer.volunteer_id, func.count())
            .join(Allocation, Allocation.offer_id == Offer.id)
            .where(Allocation.round_id == round_id)
            .group_by(Offer.organization_id, Offer.volunteer_id)
        )
    ).all()
    recipients: list[Recipient] = []
    counts: dict[str, int] = {}
    for organization_id, volunteer_id, count in per_provider:
        if organization_id is not None:
            for account in await audience.organization_members(session, organization_id):
                recipients += audience.inboxes([account], "allocation.proposed")
                counts[str(account.id)] = int(count)
        elif volunteer_id is not None:
            volunteer = await audience.get(session, Volunteer, volunteer_id)
            if volunteer is None:
                continue
            # Their texts name no count: email and SMS go to addresses, not accounts.
            recipients += await audience.volunteer_contacts(
                session, volunteer, "allocation.proposed.volunteer"
            )
    return recipients, counts
