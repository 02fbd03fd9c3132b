"""Runs a use case in a unit of work and turns refusals into userErrors."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.types import UserErrorType
from domain.kernel.db.engine import sqlstate
from domain.kernel.errors import DomainError, ErrorCode, UserError

R = TypeVar("R")
log = logging.getLogger(__name__)


async def run_use_case(
    info: Info,
    use_case: Callable[[AsyncSession], Awaitable[R]],
) -> tuple[R | None, list[UserErrorType]]:
    """(result, []) after commit, or (None, userErrors) with nothing written."""
    try:
        return await info.context.db.run(use_case), []
    except DomainError as refusal:
        return None, [UserErrorType.of(e) for e in refusal.errors]
    except IntegrityError as error:
        # A constraint caught what the use case's checks let through: two requests raced.
        log.info("integrity conflict answered as a userError", exc_info=True)
        if is_unique_violation(error):
            conflict = UserError(
                (), "This conflicts with a record just written.", ErrorCode.DUPLICATE
            )
        else:
            conflict = UserError(
                (),
                "Quantities changed meanwhile; look again and retry.",
                ErrorCode.INSUFFICIENT_CAPACITY,
            )
        return None, [UserErrorType.of(conflict)]


def is_unique_violation(error: IntegrityError) -> bool:
    """A UNIQUE (rather than a CHECK or foreign key) constraint refused the write."""
    return sqlstate(error) == "23505" or "UNIQUE constraint failed" in str(error.orig)
