"""Per-row versions: a counter every write of the row raises, so that whoever is told of
a change (a partner's webhook) can tell a newer state from an older or repeated one."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Integer, literal_column, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class Versioned:
    """A `version` column, 1 on insert and raised by one in SQL by every UPDATE of the
    row, whichever way it is written: a flush of a changed object, or an UPDATE statement
    (the counters, the guarded status moves). Computed by the database, so concurrent
    writers queue on the row's lock and never hand out the same version twice."""

    @declared_attr
    def version(cls) -> Mapped[int]:
        return mapped_column(
            Integer,
            default=1,
            server_default=text("1"),
            # Qualified: an UPDATE ... FROM another versioned table stays unambiguous.
            onupdate=literal_column(f"{cls.__tablename__}.version + 1"),  # type: ignore[attr-defined]
            nullable=False,
        )

    # The flush reads the raised version back (RETURNING) instead of leaving it expired:
    # under asyncio an expired attribute cannot be loaded on access.
    __mapper_args__: dict[str, Any] = {"eager_defaults": True}


async def next_version(session: AsyncSession, model: Any, row_id: uuid.UUID) -> int:
    """Raise the row's version once more and return it: the version an event about the
    row carries. The row's pending changes are flushed first, so the event's version
    follows every write of this unit of work, and the UPDATE holds the row until commit,
    so versions reach partners in the order the changes commit."""
    await session.flush()
    raised = await session.scalar(
        update(model)
        .where(model.id == row_id)
        .values(version=model.version + 1)
        .returning(model.version)
        .execution_options(synchronize_session=False)
    )
    assert raised is not None, f"no {model.__name__} {row_id}"
    return int(raised)
