"""Each feature's userErrors: `<Feature>Error { field message code: <Feature>ErrorCode }`,
its codes a subset of the domain's one `ErrorCode`, so a partner's switch over `code`
lists only what that feature's mutations can answer."""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable
from typing import Any, ClassVar, Self

import strawberry

from api.kernel.types import graphql_path
from domain.kernel.errors import ErrorCode, UserError

log = logging.getLogger(__name__)

# In every feature's list: the answer for a refusal whose code the list lacks. The tests
# walk each mutation's use case to keep that from happening; should it happen all the
# same, the partner still gets the field and the message, never a server error.
FALLBACK = ErrorCode.INVALID


class FeatureError:
    """Subclassed once per feature, naming its codes as the domain's `ErrorCode` spells
    them; the subclass's docstring describes the GraphQL type:

        class NeedError(FeatureError, codes="REQUIRED INVALID NOT_FOUND ..."):
            \"\"\"Why a need mutation was refused, and the input field at fault.\"\"\"
    """

    codes: ClassVar[frozenset[ErrorCode]]
    code_enum: ClassVar[type[enum.Enum]]

    def __init__(self, *, field: list[str] | None, message: str, code: enum.Enum) -> None:
        # Replaced by strawberry's dataclass __init__ on each feature's type.
        self.field, self.message, self.code = field, message, code

    def __init_subclass__(cls, *, codes: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        chosen = frozenset(ErrorCode[name] for name in codes.split())
        if FALLBACK not in chosen:
            raise TypeError(f"{cls.__name__} must list {FALLBACK.name}, every feature's fallback")
        # In the domain enum's order, so the schema lists them as ErrorCode does.
        members = [(code.name, code.value) for code in ErrorCode if code in chosen]
        code_enum = enum.Enum(f"{cls.__name__}Code", members)  # type: ignore[misc]
        cls.codes, cls.code_enum = chosen, code_enum
        cls.__annotations__ = {
            "field": list[str] | None,
            "message": str,
            "code": strawberry.enum(code_enum, description=f"The codes {cls.__name__} can carry."),
        }
        strawberry.type(cls, name=cls.__name__, description=cls.__doc__)

    @classmethod
    def of(cls, error: UserError) -> Self:
        code = error.code
        if code not in cls.codes:
            log.error("%s lacks %s; answered as %s", cls.__name__, code.name, FALLBACK.name)
            code = FALLBACK
        return cls(
            field=graphql_path(error.field), message=error.message, code=cls.code_enum[code.name]
        )

    @classmethod
    def all_of(cls, errors: Iterable[UserError]) -> list[Self]:
        return [cls.of(error) for error in errors]
