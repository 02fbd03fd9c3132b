"""Each mutation answers in its feature's error type, whose code enum lists every code
that mutation's use case (and the decoding of its input) can refuse with, and no code
that none of the feature's mutations can: a code missing from the enum would otherwise
fall back to INVALID."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from strawberry.types.field import StrawberryField

from api.kernel.ids import optional_id
from api.kernel.mutations import error_type, payload_of
from api.kernel.user_errors import FALLBACK, FeatureError
from api.schema import Mutation
from domain.kernel.errors import ErrorCode, UserError
from domain.matching import allocations
from tests.unit.reachable_codes import codes_raised

FIELDS: list[StrawberryField] = Mutation.__strawberry_definition__.fields  # type: ignore[attr-defined]


def starts(field: StrawberryField) -> list[Callable[..., Any]]:
    """Where a mutation's refusals come from: a declared mutation's use case, the input's
    methods that compute command fields and the decoding of its ids; a resolver written
    by hand is read as it is."""
    assert field.base_resolver is not None
    resolver = field.base_resolver.wrapped_func
    spec = getattr(resolver, "spec", None)
    if spec is None:
        return [resolver]
    decoding = [optional_id] if spec.ids else []
    answering = [spec.answer] if spec.answer else []
    return [spec.use_case, *spec.computed.values(), *decoding, *answering]


def feature_error(field: StrawberryField) -> type[FeatureError]:
    payload = field.type
    assert isinstance(payload, type), field.python_name
    return error_type(payload)


@pytest.mark.parametrize("field", FIELDS, ids=lambda field: field.python_name)
def test_every_code_a_mutation_can_refuse_with_is_in_its_enum(field: StrawberryField) -> None:
    # given the mutation's feature error type and the codes its sources can raise
    listed = feature_error(field).codes
    raised = codes_raised(*starts(field))

    # then the enum lists each of them
    assert raised, f"{field.python_name}: no refusal found; is the walk reading it?"
    assert raised - listed == set(), f"{field.python_name} can raise codes its enum lacks"


def test_no_feature_lists_a_code_none_of_its_mutations_can_raise() -> None:
    # given every feature error type, and the union of its mutations' codes
    reached: dict[type[FeatureError], set[ErrorCode]] = {}
    for field in FIELDS:
        reached.setdefault(feature_error(field), {FALLBACK}).update(codes_raised(*starts(field)))

    # then each enum is exactly that union (with the fallback every enum has)
    for error, codes in reached.items():
        assert error.codes == codes, (error.__name__, sorted(c.name for c in error.codes ^ codes))


def test_the_walk_follows_calls_methods_and_constraints() -> None:
    # given pledgeOffer: its use case refuses through helpers, the principal's methods
    # and the quantity constraints of the tables it writes
    raised = codes_raised(allocations.pledge_offer)

    # then each of those sources is found
    assert {
        ErrorCode.UNAUTHENTICATED,  # principal.require(...), a method
        ErrorCode.INSUFFICIENT_CAPACITY,  # DomainError.quantity_conflict(...), a helper
        ErrorCode.NOT_FOUND,
    } <= raised
    # and what it never raises is not: registering is another feature's business
    assert ErrorCode.INVALID_USCC not in raised


class ProbeError(FeatureError, codes="INVALID NOT_FOUND"):
    """Refusals of a feature that knows two codes."""


def test_a_code_outside_the_feature_enum_is_answered_as_invalid_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given a refusal whose code the feature does not list
    refusal = UserError(("need_id",), "Already there.", ErrorCode.DUPLICATE)

    # when it is answered in that feature's type
    with caplog.at_level(logging.ERROR, logger="api.kernel.user_errors"):
        (answered,) = ProbeError.all_of([refusal])

    # then the field and message stay, the code is the fallback, and someone is told
    assert (answered.field, answered.message, answered.code.name) == (
        ["needId"],
        "Already there.",
        "INVALID",
    )
    assert "DUPLICATE" in caplog.text


def test_a_feature_enum_without_the_fallback_is_refused_at_definition() -> None:
    with pytest.raises(TypeError, match="INVALID"):

        class Careless(FeatureError, codes="NOT_FOUND"):
            """Lists no fallback."""


def test_a_refused_payload_nulls_its_results_and_keeps_its_defaults() -> None:
    # given a payload with a result, a counted default and the probe's errors
    import strawberry

    @strawberry.type
    class ProbePayload:
        thing: str | None
        count: int = 0
        user_errors: list[ProbeError]

    # when a refusal is answered / then the result is null and the default kept
    refused = payload_of(ProbePayload, [UserError((), "No.", ErrorCode.NOT_FOUND)])
    assert (refused.thing, refused.count) == (None, 0)
    assert [error.code.name for error in refused.user_errors] == ["NOT_FOUND"]
