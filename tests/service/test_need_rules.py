"""The needs' business rules, called as use cases on a real database: no HTTP, no GraphQL."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from domain.kernel.db.constraints import refusal_for
from domain.kernel.db.engine import Database
from domain.kernel.enums import NeedStatus
from domain.kernel.errors import DomainError, ErrorCode
from domain.matching.model import Urgency
from domain.needs.model import Need
from domain.needs.services import (
    CancelNeed,
    NeedFields,
    PublishNeed,
    UpdateNeed,
    cancel_need,
    publish_need,
    update_need,
)
from tests.service.scene import NEEDED_BY, drinking_water_need, lu_an_office


async def test_an_office_publishes_a_need_inside_its_jurisdiction(db: Database) -> None:
    # given the Lu'an office
    staff = await lu_an_office(db)
    # when it publishes a need for Yu'an district
    need = await drinking_water_need(db, staff)
    # then the need is OPEN for the whole quantity
    assert (need.status, need.quantity, need.quantity_allocated) == (NeedStatus.OPEN, 500, 0)


async def test_a_need_outside_the_jurisdiction_is_refused_with_its_field(db: Database) -> None:
    # given the Lu'an office and a flood in its district
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    # when it publishes for Hefei (340100), outside both the incident and its jurisdiction
    fields = NeedFields(quantity=10, urgency=Urgency.HIGH, needed_by=NEEDED_BY)
    with pytest.raises(DomainError) as refused:
        await db.run(
            lambda s: publish_need(
                s, staff, PublishNeed(need.incident_id, "340102", "TENTS", fields=fields)
            )
        )
    # then the refusal names the domain's field, spelled as Python spells it
    assert ("region_code",) in [e.field for e in refused.value.errors]


async def test_a_need_is_never_lowered_below_what_is_promised(db: Database) -> None:
    # given a need of 500 litres of which 200 are allocated
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    await db.run(
        lambda s: s.execute(update(Need).where(Need.id == need.id).values(quantity_allocated=200))
    )
    # when the office lowers it to 199
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: update_need(s, staff, UpdateNeed(need.id, NeedFields(quantity=199))))
    # then the one code for a quantity conflict answers, on the quantity
    assert [(e.field, e.code) for e in refused.value.errors] == [
        (("quantity",), ErrorCode.INSUFFICIENT_CAPACITY)
    ]


async def test_a_cancelled_need_cannot_be_cancelled_again(db: Database) -> None:
    # given a cancelled need
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    await db.run(lambda s: cancel_need(s, staff, CancelNeed(need.id, "duplicate of another")))
    # when it is cancelled again, then the transition is refused
    with pytest.raises(DomainError) as refused:
        await db.run(lambda s: cancel_need(s, staff, CancelNeed(need.id, None)))
    assert refused.value.errors[0].code is ErrorCode.INVALID_TRANSITION


async def test_the_database_refusal_names_the_field_its_constraint_protects(
    db: Database,
) -> None:
    # given a need of 500 litres
    staff = await lu_an_office(db)
    need = await drinking_water_need(db, staff)
    # when a write slips past the checks and over-allocates it
    with pytest.raises(IntegrityError) as caught:
        await db.run(
            lambda s: s.execute(
                update(Need).where(Need.id == need.id).values(quantity_allocated=501)
            )
        )
    # then the constraint's declared refusal is the quantity and the conflict code
    refusal = refusal_for(caught.value)
    assert refusal is not None
    assert (refusal.field, refusal.code) == (("quantity",), ErrorCode.INSUFFICIENT_CAPACITY)
