"""A mutation's payload: its result, or its refusals in its feature's error type."""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from api.kernel.context import Info
from api.kernel.use_cases import run_use_case
from api.kernel.user_errors import FeatureError
from domain.kernel.errors import UserError

P = TypeVar("P")

USER_ERRORS = "user_errors"


def error_type(payload: type[Any]) -> type[FeatureError]:
    """The feature error type a payload's `userErrors` lists."""
    (listed,) = typing.get_args(typing.get_type_hints(payload)[USER_ERRORS])
    assert issubclass(listed, FeatureError), payload
    return typing.cast(type[FeatureError], listed)


def payload_of(payload: type[P], errors: list[UserError], **fields: Any) -> P:
    """The payload: its fields, or (refused) each one not given null unless it declares
    a default, beside the refusals in its feature's error type."""
    if errors:
        fields = {name: None for name in result_fields(payload, required_only=True)} | fields
    build = typing.cast(Callable[..., P], payload)
    return build(**fields, user_errors=error_type(payload).all_of(errors))


def result_fields(payload: type[Any], *, required_only: bool = False) -> list[str]:
    """The payload's fields other than its userErrors, in declaration order."""
    return [
        f.name
        for f in dataclasses.fields(payload)
        if f.name != USER_ERRORS and not (required_only and _has_default(f))
    ]


def _has_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING


async def mutate(
    info: Info,
    payload: type[P],
    use_case: Callable[[AsyncSession], Awaitable[Any]],
    *fields: str,
) -> P:
    """Run the use case and answer with its payload: the result in `fields` (a tuple
    result spread over them in order), or each of them null beside the userErrors."""
    result, errors = await run_use_case(info, use_case)
    if errors:
        return payload_of(payload, errors)
    values = (result,) if len(fields) == 1 else typing.cast(tuple[Any, ...], result)
    return payload_of(payload, [], **dict(zip(fields, values, strict=True)))
