"""A declared mutation builds its use case's command from its input: fields by name, ids
decoded to the node type their name says, methods computing the rest; a declaration
the input cannot satisfy is refused when the schema is built, not at the first request."""

from __future__ import annotations

import uuid

import pytest
import strawberry

from api.kernel.mutations import MutationSpec, mutation
from api.needs.errors import NeedError
from api.needs.mutations.cancel_need import CancelNeedInput, CancelNeedPayload
from api.needs.mutations.update_need import UpdateNeedInput, UpdateNeedPayload
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.global_ids import to_global_id
from domain.needs import services as needs


def test_the_command_takes_fields_by_name_and_decodes_ids() -> None:
    # given the declaration of cancelNeed and an input naming a need
    spec = MutationSpec(CancelNeedInput, CancelNeedPayload, needs.cancel_need)
    need_id = uuid.uuid4()

    # when its command is built
    command = spec.command(CancelNeedInput(need_id=to_global_id("Need", need_id), reason="done"))

    # then the id is the need's uuid and the reason is copied
    assert command == needs.CancelNeed(need_id=need_id, reason="done")


def test_an_id_of_another_type_is_refused_on_its_field() -> None:
    spec = MutationSpec(CancelNeedInput, CancelNeedPayload, needs.cancel_need)
    offer = to_global_id("Offer", uuid.uuid4())

    with pytest.raises(DomainError) as refused:
        spec.command(CancelNeedInput(need_id=offer))

    assert [(e.field, e.code) for e in refused.value.errors] == [
        (("need_id",), ErrorCode.INVALID_ID)
    ]


def test_a_method_of_the_input_computes_its_command_field() -> None:
    # given updateNeed, whose input turns its fields into the command's NeedFields
    spec = MutationSpec(UpdateNeedInput, UpdateNeedPayload, needs.update_need)
    need_id = uuid.uuid4()

    # when only the quantity is sent
    command = spec.command(UpdateNeedInput(need_id=to_global_id("Need", need_id), quantity=7))

    # then the NeedFields carry it, the rest left unchanged (null)
    assert command == needs.UpdateNeed(need_id=need_id, fields=needs.NeedFields(quantity=7))


@strawberry.input
class HalfCancelInput:
    reason: str | None = None


@strawberry.input
class TooMuchInput:
    need_id: strawberry.ID
    colour: str


@strawberry.type
class ProbePayload:
    need: str | None
    user_errors: list[NeedError]


@pytest.mark.parametrize(
    ("input_type", "complaint"),
    [(HalfCancelInput, r"\['need_id'\] not given"), (TooMuchInput, r"\['colour'\] not taken")],
)
def test_a_declaration_its_input_cannot_satisfy_is_refused_at_once(
    input_type: type, complaint: str
) -> None:
    with pytest.raises(TypeError, match=complaint):
        mutation(input_type, ProbePayload, needs.cancel_need)
