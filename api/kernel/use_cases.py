"""Runs a use case in a unit of work: its result after commit, or its refusals."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from domain.kernel.db.constraints import refusal_for
from domain.kernel.db.engine import sqlstate
from domain.kernel.errors import DomainError, ErrorCode, UserError

R = TypeVar("R")
log = logging.getLogger(__name__)


async def run_use_case(
    info: Info,
    use_case: Callable[[AsyncSession], Awaitable[R]],
) -> tuple[R | None, list[UserError]]:
    """(result, []) after commit, or (None, refusals) with nothing written; each
    payload answers the refusals in its feature's error type (`FeatureError.of`)."""
    try:
        return await info.context.db.run(use_case), []
    except DomainError as refusal:
        return None, refusal.errors
    except IntegrityError as error:
        # A constraint caught what the use case's checks let through: two requests raced.
        conflict = refusal_for(error)
        if conflict is None:
            log.warning("an integrity error no table declares a refusal for", exc_info=True)
            conflict = UserError(
                (),
                "This conflicts with a record just written; look again and retry.",
                ErrorCode.DUPLICATE if is_unique_violation(error) else ErrorCode.INVALID,
            )
        else:
            log.info("integrity conflict answered as a userError", exc_info=True)
        return None, [conflict]


def is_unique_violation(error: IntegrityError) -> bool:
    """A UNIQUE (rather than a CHECK or foreign key) constraint refused the write."""
    return sqlstate(error) == "23505" or "UNIQUE constraint failed" in str(error.orig)
