"""Partner sync of capacity: a provider's offers keyed by its own external ids, all rows or
none.

An organization's system (or a volunteer's) sends the offers it holds; each external id
names one offer of that provider. An unknown id posts an offer, a known one updates it
when something differs and is left alone otherwise, so sending the same batch twice
changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from domain.kernel import audit, validation
from domain.kernel.auth.principal import Principal
from domain.kernel.errors import DomainError, ErrorCode, Errors, UserError
from domain.needs.imports import at_row
from domain.offers import services as offers
from domain.offers.model import Offer
from domain.registry.model import Organization, Volunteer

MAX_OFFERS = 1000
MAX_EXTERNAL_ID = 100  # the column's width


@dataclass(frozen=True)
class SyncedOffer:
    """One offer as the provider's system knows it; every field of postOffer, plus its id."""

    external_id: str
    category_code: str
    fields: offers.OfferFields = field(default_factory=offers.OfferFields)


@dataclass(frozen=True, slots=True)
class SyncOffers:
    """The provider's batch."""

    batch: Sequence[SyncedOffer]


@dataclass(frozen=True)
class SyncResult:
    offers: list[Offer]  # in the order of the batch
    created: int
    updated: int
    unchanged: int


def _unchanged(offer: Offer, fields: offers.OfferFields) -> bool:
    """Whether every field the row gives already holds that value (as `_apply` stores it)."""
    given: dict[str, object] = {
        "quantity": fields.quantity,
        "available_from": fields.available_from,
        "available_until": fields.available_until,
        "service_region_codes": sorted(set(fields.service_region_codes))
        if fields.service_region_codes is not None
        else None,
        "base_latitude": fields.base_location.latitude if fields.base_location else None,
        "base_longitude": fields.base_location.longitude if fields.base_location else None,
        "max_travel_km": fields.max_travel_km,
        "skills": sorted({s.value for s in fields.skills}) if fields.skills is not None else None,
    }
    same = all(getattr(offer, name) == value for name, value in given.items() if value is not None)
    # A blank description clears it, so an empty text given is a value, not a field left out.
    if fields.description is not None:
        same = same and offer.description == (fields.description.strip() or None)
    return same


async def _sync_row(
    session: AsyncSession, principal: Principal, row: SyncedOffer, offer: Offer | None
) -> tuple[Offer, str]:
    """(the offer, "created" | "updated" | "unchanged"), or DomainError for this row."""
    if offer is None:
        post = offers.PostOffer(row.category_code, row.fields, external_id=row.external_id)
        return await offers.post_offer(session, principal, post), "created"
    if offer.category_code != row.category_code:
        raise DomainError.single(
            "category_code",
            ErrorCode.INVALID,
            "An external id keeps its category; withdraw the offer and sync a new id instead.",
        )
    if _unchanged(offer, row.fields):
        return offer, "unchanged"
    try:
        update = offers.UpdateOffer(offer.id, row.fields)
        return await offers.update_offer(session, principal, update), "updated"
    except DomainError as refusal:
        # The caller named the offer by its external id, not by its id.
        raise DomainError(
            [
                UserError(("external_id",), e.message, e.code) if e.field == ("offer_id",) else e
                for e in refusal.errors
            ]
        ) from None


async def _lock_provider(
    session: AsyncSession, organization_id: uuid.UUID | None, volunteer_id: uuid.UUID | None
) -> Organization | Volunteer:
    """The provider's row. Two syncs of one provider take turns, so the second sees the
    first's offers instead of racing it to insert them; NO KEY UPDATE leaves rows that
    refer to it free."""
    lock = {"key_share": True}
    provider: Organization | Volunteer | None = None
    if organization_id is not None:
        provider = await session.get(Organization, organization_id, with_for_update=lock)
    elif volunteer_id is not None:
        provider = await session.get(Volunteer, volunteer_id, with_for_update=lock)
    assert provider is not None, "provider_of names an existing provider"
    return provider


async def sync_offers(
    session: AsyncSession, principal: Principal, command: SyncOffers
) -> SyncResult:
    """Post, update or leave each offer in the caller's unit of work, or refuse them all.

    Errors name `["offers", "<index in the batch>", "<field>"]`.
    """
    organization_id, volunteer_id = await offers.provider_of(session, principal)
    provider = await _lock_provider(session, organization_id, volunteer_id)
    batch = command.batch
    if not batch:
        raise DomainError.single("offers", ErrorCode.REQUIRED, "Send at least one offer.")
    if len(batch) > MAX_OFFERS:
        raise DomainError.single("offers", ErrorCode.TOO_LONG, f"At most {MAX_OFFERS} offers.")
    mine = (
        Offer.organization_id == organization_id
        if organization_id is not None
        else Offer.volunteer_id == volunteer_id
    )
    known = {
        offer.external_id: offer
        for offer in await session.scalars(
            select(Offer).where(mine, Offer.external_id.in_({r.external_id.strip() for r in batch}))
        )
    }
    found: list[UserError] = []
    synced: list[Offer] = []
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    first_at: dict[str, int] = {}
    for index, row in enumerate(batch):
        errors = Errors()
        external_id = validation.text(
            errors, "external_id", row.external_id, max_length=MAX_EXTERNAL_ID
        )
        if external_id is not None and external_id in first_at:
            errors.add(
                "external_id",
                ErrorCode.DUPLICATE,
                f"offers.{first_at[external_id]} has this external id already.",
            )
        problems = errors.items
        if external_id is not None and not problems:
            first_at[external_id] = index
            clean = SyncedOffer(external_id, row.category_code.strip(), row.fields)
            try:
                offer, outcome = await _sync_row(session, principal, clean, known.get(external_id))
                synced.append(offer)
                outcomes[outcome] += 1
            except DomainError as refusal:
                problems = refusal.errors
        found.extend(at_row("offers", index, problem) for problem in problems)
    if found:
        raise DomainError(found)
    audit.record(
        session,
        principal,
        "offers.synced",
        provider,
        region_code=provider.region_code,
        details=outcomes,
    )
    return SyncResult(synced, **outcomes)
