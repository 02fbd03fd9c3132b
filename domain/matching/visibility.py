"""Who sees an allocation, and whatever is reached through one (its dispatch): ADMIN all,
offices those into their jurisdiction (the need's region), providers their own offers'."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, select

from domain.kernel import policy
from domain.kernel.auth.principal import Principal
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer

T = TypeVar("T", bound=Any)


def through_allocation(principal: Principal, stmt: Select[T]) -> Select[T]:
    """`stmt`, whose rows join `Allocation`, narrowed by the allocation's need and offer."""
    joined = stmt.join(Need, Need.id == Allocation.need_id).join(
        Offer, Offer.id == Allocation.offer_id
    )
    return policy.visible(
        principal,
        joined,
        region=Need.region_code,
        organization=Offer.organization_id,
        volunteer=Offer.volunteer_id,
    )


def visible_allocations(principal: Principal) -> Select[Allocation]:
    return through_allocation(principal, select(Allocation))
