"""The request's view of the register: whom the viewer is assigned to visit, and the audit
entry each person read writes (one per person and request, written together)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from api.kernel.context import Context
from domain.people import access
from domain.people.model import Person


async def assigned(ctx: Context) -> set[uuid.UUID]:
    """The persons the viewer has visits to: one query per request."""
    found: Any = ctx.loaders.get("assigned_people")
    if found is None:
        async with ctx.reading() as session:
            found = ctx.loaders["assigned_people"] = await access.assigned_people(
                session, ctx.principal
            )
    return set(found)


async def audited(ctx: Context, person: Person) -> None:
    """Record that the viewer read this person's record; a page of persons is written in
    one transaction, and a person read twice in one request once."""
    reads: Any = ctx.loaders.get("person_reads")
    if reads is None:

        async def write(people: Sequence[Person]) -> list[None]:
            async def record(session: AsyncSession) -> None:
                access.record_reads(session, ctx.principal, list(people))

            await ctx.db.run(record)
            return [None for _ in people]

        reads = ctx.loaders["person_reads"] = DataLoader(
            load_fn=write, cache_key_fn=lambda person: person.id
        )
    await reads.load(person)
