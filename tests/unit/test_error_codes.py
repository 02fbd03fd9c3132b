"""Each mutation answers in its feature's error type, whose code enum lists every code
that mutation's use case (and the decoding of its input) can refuse with, and no code
that none of the feature's mutations can: a code missing from the enum would otherwise
fall back to INVALID."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from strawberry.types.field import StrawberryField
from strawberry.utils.str_converters import to_camel_case

from api.kernel.ids import optional_id
from api.kernel.mutations import error_type, payload_of
from api.kernel.user_errors import FALLBACK, FeatureError
from api.schema import Mutation
from domain.kernel.errors import ErrorCode, UserError
from domain.matching import allocations
from tests.unit.reachable_codes import codes_raised

PARTNER_DOCS = Path(__file__).resolve().parents[2] / "docs" / "partners" / "README.md"
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


def test_the_partner_docs_explain_every_code_of_every_feature() -> None:
    # given the partner docs: per feature, a heading naming its enum and its mutations,
    # then a table with a row per code
    text = PARTNER_DOCS.read_text(encoding="utf-8")
    sections = re.findall(r"^### `(\w+)Code`: (.+?)\n(.*?)(?=^#)", text, re.M | re.S)
    documented = {
        error: (
            {name.strip() for name in listed.split(",")},
            set(re.findall(r"^\| `(\w+)` \|", rows, re.M)),
        )
        for error, listed, rows in sections
    }

    # then each feature error type is there, with its mutations and exactly its codes
    served: dict[type[FeatureError], set[str]] = {}
    for field in FIELDS:
        served.setdefault(feature_error(field), set()).add(to_camel_case(field.python_name))
    for error, mutations in served.items():
        assert error.__name__ in documented, f"{error.__name__}Code has no section"
        listed, codes = documented[error.__name__]
        assert listed == mutations, error.__name__
        assert codes == {code.name for code in error.codes}, error.__name__
