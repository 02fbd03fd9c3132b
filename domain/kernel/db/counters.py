"""Counters kept on rows (a need's allocated units, an offer's committed ones...)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession


async def change(session: AsyncSession, row_id: uuid.UUID, amounts: Mapping[Any, int]) -> None:
    """`counter += amount` for each counter of one row, in one statement computed by the
    database: concurrent changes add up, and a CHECK on their sum holds throughout."""
    model = next(iter(amounts)).class_
    await session.execute(
        update(model)
        .where(model.id == row_id)
        .values({counter: counter + amount for counter, amount in amounts.items()})
    )


async def add(session: AsyncSession, counter: Any, row_id: uuid.UUID, amount: int) -> None:
    """`counter += amount` on one row; the table's CHECK constraints still guard it."""
    await change(session, row_id, {counter: amount})


async def move(
    session: AsyncSession, source: Any, target: Any, row_id: uuid.UUID, amount: int
) -> None:
    """`amount` from one counter of a row to another, in one statement."""
    await change(session, row_id, {source: -amount, target: amount})
