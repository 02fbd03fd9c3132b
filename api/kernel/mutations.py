"""A mutation declared, not written: its input, its payload and its use case.

    @strawberry.type
    class CancelNeed:
        cancel_need = mutation(CancelNeedInput, CancelNeedPayload, needs.cancel_need,
                               description="The publishing office cancels a need.")

The use case's command (the type of its third parameter) is filled from the input: each
command field from the input's field of the same name, or, where the input has a method
of that name, from what the method returns (`UpdateNeedInput.fields()` makes the
NeedFields). An `<x>_id` field holding a global id is decoded to the uuid of the node
type `<X>` (`api_token_id` names an `ApiToken`), refused as INVALID_ID on that field
otherwise; an input left null keeps the command's default. The result fills the
payload's fields (a tuple spreads over them in order), or `answer` maps it; refused,
they are null (or their declared default) beside the userErrors, in the payload's own
error type.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any, Generic, TypeVar

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types.base import StrawberryOptional

from api.kernel.context import Info
from api.kernel.ids import optional_id
from api.kernel.use_cases import run_use_case
from api.kernel.user_errors import FeatureError
from domain.kernel.auth.principal import Principal
from domain.kernel.errors import UserError

In = TypeVar("In")
C = TypeVar("C")
R = TypeVar("R")
P = TypeVar("P")

USER_ERRORS = "user_errors"


@cache
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
    return build(**fields, user_errors=error_type(typing.cast(type, payload)).all_of(errors))


def result_fields(payload: type[Any], *, required_only: bool = False) -> list[str]:
    """The payload's fields other than its userErrors, in declaration order."""
    return [
        f.name
        for f in dataclasses.fields(payload)
        if f.name != USER_ERRORS and not (required_only and _has_default(f))
    ]


def _has_default(f: dataclasses.Field[Any]) -> bool:
    return f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING


def _global_id(annotation: Any) -> bool:
    if isinstance(annotation, StrawberryOptional):
        annotation = annotation.of_type
    return annotation is strawberry.ID


def _node_type(name: str) -> str:
    return "".join(part.capitalize() for part in name.removesuffix("_id").split("_"))


@dataclass(frozen=True)
class MutationSpec(Generic[In, C, R]):
    """What one mutation does; `mutation()` makes it a field of the Mutation root."""

    input: type[In]
    payload: type[Any]
    use_case: Callable[[AsyncSession, Principal, C], Awaitable[R]]
    answer: Callable[[R], Mapping[str, Any]] | None = None

    @cached_property
    def command_type(self) -> type[C]:
        hints = typing.get_type_hints(self.use_case)
        command = hints[list(hints)[2]]
        assert dataclasses.is_dataclass(command), self.use_case
        return typing.cast(type[C], command)

    @cached_property
    def ids(self) -> dict[str, str]:
        """Input fields holding global ids, and the node type each names."""
        fields = self.input.__strawberry_definition__.fields  # type: ignore[attr-defined]
        return {f.python_name: _node_type(f.python_name) for f in fields if _global_id(f.type)}

    @cached_property
    def command_fields(self) -> tuple[dataclasses.Field[Any], ...]:
        return dataclasses.fields(self.command_type)  # type: ignore[arg-type]

    @cached_property
    def computed(self) -> dict[str, Callable[[In], Any]]:
        """The command fields the input's methods compute, by name."""
        methods = {f.name: getattr(self.input, f.name, None) for f in self.command_fields}
        return {name: method for name, method in methods.items() if callable(method)}

    def check(self) -> None:
        """Refuse, at startup, a command the input cannot fill, and an input field that
        neither the command nor a method of the input takes."""
        given = {f.python_name for f in self.input.__strawberry_definition__.fields}  # type: ignore[attr-defined]
        required = {f.name for f in self.command_fields if not _has_default(f)}
        missing = required - given - set(self.computed)
        unused = given - {f.name for f in self.command_fields} if not self.computed else set()
        if missing or unused:
            raise TypeError(
                f"{self.input.__name__} -> {self.command_type.__name__}: "
                f"{sorted(missing)} not given, {sorted(unused)} not taken"
            )

    def command(self, input: In) -> C:
        values: dict[str, Any] = {}
        for f in self.command_fields:
            if f.name in self.computed:
                values[f.name] = self.computed[f.name](input)
            elif hasattr(input, f.name):
                value = getattr(input, f.name)
                if value is None and _has_default(f):
                    continue
                if f.name in self.ids:
                    value = optional_id(value, self.ids[f.name], f.name)
                values[f.name] = value
        return self.command_type(**values)

    async def run(self, info: Info, input: In) -> Any:
        async def use_case(session: AsyncSession) -> R:
            return await self.use_case(session, info.context.principal, self.command(input))

        result, errors = await run_use_case(info, use_case)
        if errors:
            return payload_of(self.payload, errors)
        if self.answer is not None:
            return payload_of(self.payload, [], **self.answer(typing.cast(R, result)))
        names = result_fields(self.payload)
        values = result if len(names) > 1 else (result,)
        return payload_of(self.payload, [], **dict(zip(names, values, strict=True)))  # type: ignore[arg-type]


def mutation(
    input: type[In],
    payload: type[Any],
    use_case: Callable[[AsyncSession, Principal, C], Awaitable[R]],
    *,
    description: str | None = None,
    answer: Callable[[R], Mapping[str, Any]] | None = None,
) -> Any:
    """The Mutation root's field for this use case; its name is the attribute's."""
    spec = MutationSpec(input, payload, use_case, answer)
    spec.check()

    async def resolve(info: Info, input: Any) -> Any:
        return await spec.run(info, input)

    resolve.__annotations__ = {"info": Info, "input": input, "return": payload}
    resolve.spec = spec  # type: ignore[attr-defined]  # read by the tests of error codes
    return strawberry.mutation(resolver=resolve, description=description)
