"""Runs a use case in a unit of work and turns refusals into userErrors."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.types import UserErrorType
from domain.kernel.db.constraints import refusal_for
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
        return None, [UserErrorType.of(conflict)]


def is_unique_violation(error: IntegrityError) -> bool:
    """A UNIQUE (rather than a CHECK or foreign key) constraint refused the write."""
    return sqlstate(error) == "23505" or "UNIQUE constraint failed" in str(error.orig)


P = TypeVar("P")


async def mutate(
    info: Info,
    payload: Callable[..., P],
    use_case: Callable[[AsyncSession], Awaitable[Any]],
    *fields: str,
) -> P:
    """Run the use case and answer with its payload: the result in `fields` (a tuple
    result spread over them in order), or each of them null beside the userErrors."""
    result, errors = await run_use_case(info, use_case)
    values = (result,) if len(fields) == 1 else (result or (None,) * len(fields))
    return payload(**dict(zip(fields, values, strict=True)), user_errors=errors)
