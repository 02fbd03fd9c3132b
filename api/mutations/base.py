"""Runs a use case in a unit of work and turns refusals into userErrors."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api.context import Info
from api.types.common import UserErrorType
from domain.errors import DomainError, ErrorCode, UserError

R = TypeVar("R")
log = logging.getLogger(__name__)


async def run_use_case(
    info: Info,
    use_case: Callable[[AsyncSession], Awaitable[R]],
) -> tuple[R | None, list[UserErrorType]]:
    """(result, []) after commit, or (None, userErrors) with nothing written."""
    try:
        async with info.context.db.transaction() as session:
            return await use_case(session), []
    except DomainError as refusal:
        return None, [UserErrorType.of(e) for e in refusal.errors]
    except IntegrityError:
        # Two requests raced past the same uniqueness check; the constraint caught it.
        log.info("integrity conflict answered as DUPLICATE", exc_info=True)
        conflict = UserError((), "This conflicts with a record just written.", ErrorCode.DUPLICATE)
        return None, [UserErrorType.of(conflict)]
