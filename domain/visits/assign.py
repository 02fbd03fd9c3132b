"""Who visits whom: plain values in, assignments out, no database.

The rule, in the order a round's visits are taken (most vulnerable first):
1. a provider serving the person's county with accepted CARE_VISITS capacity left (an
   allocation of the incident's CARE_VISITS need for a region that holds the county, so
   the matching engine already judged service area, time and skills), the one with the
   fewest visits so far, so every provider gets one visit before any gets more; each
   visit takes one unit (the category's unit is visits);
2. else one of the office's staff, the one with the fewest visits so far;
3. else nobody: the visit waits, unassigned, for the office to hand it out.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.kernel import regions


@dataclass(frozen=True, slots=True)
class Slot:
    """A visit to place: the person's county."""

    key: uuid.UUID
    region_code: str


@dataclass(slots=True)
class Capacity:
    """Accepted CARE_VISITS units of one allocation, and the region its need is for."""

    allocation_id: uuid.UUID
    region_code: str
    units: int
    organization_id: uuid.UUID | None = None
    volunteer_id: uuid.UUID | None = None
    given: int = field(default=0)


@dataclass(frozen=True, slots=True)
class Assignment:
    key: uuid.UUID
    allocation_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    volunteer_id: uuid.UUID | None = None
    account_id: uuid.UUID | None = None


def assign(
    slots: Sequence[Slot], capacities: Sequence[Capacity], staff: Sequence[uuid.UUID]
) -> list[Assignment]:
    """One assignment per slot, in the slots' order (see the module's rule)."""
    load = {account: 0 for account in staff}
    placed: list[Assignment] = []
    for slot in slots:
        serving = [
            c
            for c in capacities
            if c.given < c.units and regions.covers(c.region_code, slot.region_code)
        ]
        if serving:
            chosen = min(serving, key=lambda c: c.given)  # stable: the oldest on ties
            chosen.given += 1
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
