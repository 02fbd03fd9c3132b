"""Who visits whom: plain values in, assignments out, no database.

Visits are CARE_VISITS capacity matched by the matching engine, so the same
coverage-first rule that places relief decides who visits whom:
1. each visit is a need of one CARE_VISITS unit in the person's county, due by the
   round's deadline, as urgent as the person is vulnerable (the register's priority);
   each provider's accepted CARE_VISITS allocation of the incident is an offer of its
   units left, serving the region of the need it was accepted for, within the offer's
   window. The engine's optimal allocation places them: when capacity is short, the
   most vulnerable are covered first; a provider whose window has closed, or whose
   region does not hold the county, visits nobody;
2. what the engine leaves unplaced goes to one of the office's staff, the one with the
   fewest visits so far;
3. else nobody: the visit waits, unassigned, for the office to hand it out.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from domain.matching.engine import optimal_allocate
from domain.matching.model import NeedSpec, OfferSpec, Urgency

CARE_VISITS = "CARE_VISITS"
# The register's priority (domain/people/identity.priority: category rank * 10, +5 for
# those not fragile by age) as the engine's urgency.
URGENCY_UP_TO = ((10, Urgency.CRITICAL), (20, Urgency.HIGH), (30, Urgency.MEDIUM))


@dataclass(frozen=True, slots=True)
class Slot:
    """A visit to place: the person's county, and how vulnerable they are."""

    key: uuid.UUID
    region_code: str
    priority: int = 0


@dataclass(slots=True)
class Capacity:
    """Accepted CARE_VISITS units of one allocation, the region its need is for, and the
    offer's window and skills."""

    allocation_id: uuid.UUID
    region_code: str
    units: int
    organization_id: uuid.UUID | None = None
    volunteer_id: uuid.UUID | None = None
    available_from: datetime | None = None
    available_until: datetime | None = None
    skills: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Assignment:
    key: uuid.UUID
    allocation_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    volunteer_id: uuid.UUID | None = None
    account_id: uuid.UUID | None = None


def urgency_of(priority: int) -> Urgency:
    return next((u for limit, u in URGENCY_UP_TO if priority <= limit), Urgency.LOW)


def visit_needs(slots: Sequence[Slot], due_at: datetime) -> list[NeedSpec]:
    """Each visit as the engine sees a need. No skill is asked: the allocation was matched
    to its CARE_VISITS need, skills included, when the provider accepted it."""
    return [
        NeedSpec(
            id=str(slot.key),
            category_code=CARE_VISITS,
            region_code=slot.region_code,
            quantity=1,
            urgency=urgency_of(slot.priority),
            needed_by=due_at,
        )
        for slot in slots
    ]


def capacity_offers(capacities: Sequence[Capacity], now: datetime) -> list[OfferSpec]:
    """Each allocation's units as the engine sees an offer."""
    return [
        OfferSpec(
            id=str(c.allocation_id),
            category_code=CARE_VISITS,
            quantity=c.units,
            available_from=c.available_from or now,
            available_until=c.available_until or max(now, c.available_from or now),
            service_region_codes=(c.region_code,),
            skills=c.skills,
        )
        for c in capacities
        if c.units > 0
    ]


def assign(
    slots: Sequence[Slot],
    capacities: Sequence[Capacity],
    staff: Sequence[uuid.UUID],
    *,
    now: datetime,
    due_at: datetime,
) -> list[Assignment]:
    """One assignment per slot, in the slots' order (see the module's rule)."""
    result = optimal_allocate(visit_needs(slots, due_at), capacity_offers(capacities, now), now)
    by_allocation = {str(c.allocation_id): c for c in capacities}
    given = {a.need_id: by_allocation[a.offer_id] for a in result.allocations if a.quantity}
    load = {account: 0 for account in staff}
    placed: list[Assignment] = []
    for slot in slots:
        chosen = given.get(str(slot.key))
        if chosen is not None:
            placed.append(
                Assignment(
                    slot.key,
                    allocation_id=chosen.allocation_id,
                    organization_id=chosen.organization_id,
                    volunteer_id=chosen.volunteer_id,
                )
            )
        elif load:
            account = min(load, key=lambda a: load[a])
            load[account] += 1
            placed.append(Assignment(slot.key, account_id=account))
        else:
            placed.append(Assignment(slot.key))
    return placed
