"""Targets of the register and visit mutations for the permission matrix: persons of
Yu'an registered by Lu'an's office, through the public API."""

from __future__ import annotations

import base64
from typing import Any

from tests.security.world import HOME, World, serial
from tests.steps.people import id_number, person_input


async def person(world: World) -> str:
    """A person of Yu'an in Lu'an's register."""
    made = await world.ok(
        "registerPerson", person_input(HOME), world.tokens["OFFICE_STAFF_IN"], "person { id }"
    )
    return str(made["person"]["id"])


async def _register(world: World) -> dict[str, Any]:
    return person_input(HOME)


async def _edit(world: World) -> dict[str, Any]:
    return {"personId": await person(world), "notes": f"矩阵 {serial()}"}


async def _file(world: World) -> dict[str, Any]:
    text = f"区划代码,类别,姓名,身份证号\n{HOME},留守老人,矩阵老人,{id_number()}\n"
    return {"fileName": "台账.csv", "contentBase64": base64.b64encode(text.encode()).decode()}


PEOPLE_TARGETS = {
    "registerPerson": _register,
    "updatePerson": _edit,
    "importPeople": _file,
}
