"""Targets of the admin console's mutations for the permission matrix: fresh offices and
accounts made by ADMIN through the public API, and one-time links read where the workers
read them (the outbox), since nobody else ever sees their tokens."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from domain.kernel.outbox import ACCOUNT_LINK_SENT, OutboxEvent
from tests.security.world import PASSWORD, World, matrix_email, serial


async def _office(world: World) -> str:
    made = await world.ok(
        "createOffice",
        {"name": f"矩阵民政局 {serial()}", "regionCode": "341522"},
        world.tokens["ADMIN"],
        "office { id }",
    )
    return str(made["office"]["id"])


async def _account(world: World) -> str:
    """A fresh OFFICE_STAFF account of the inside office, made by ADMIN."""
    made = await world.ok(
        "createAccount",
        {
            "email": matrix_email("console"),
            "password": PASSWORD,
            "role": "OFFICE_STAFF",
            "officeId": world.ids["OFFICE_IN"],
        },
        world.tokens["ADMIN"],
        "account { id email }",
    )
    world.values["CONSOLE_EMAIL"] = made["account"]["email"]
    return str(made["account"]["id"])


async def _last_link(world: World) -> str:
    async with world.api.db.transaction() as session:
        event = await session.scalar(
            select(OutboxEvent)
            .where(OutboxEvent.topic == ACCOUNT_LINK_SENT)
            .order_by(OutboxEvent.created_at.desc())
            .limit(1)
        )
    assert event is not None
    return str(event.payload["url"]).rsplit("/", 1)[1]


async def _invitation(world: World) -> dict[str, Any]:
    await world.ok(
        "inviteAccount",
        {
            "officeId": world.ids["OFFICE_IN"],
            "email": matrix_email("invited"),
            "role": "OFFICE_STAFF",
        },
        world.tokens["ADMIN"],
        "account { id }",
    )
    return {"token": await _last_link(world), "displayName": "矩阵", "password": PASSWORD}


async def _reset(world: World) -> dict[str, Any]:
    await world.ok("sendPasswordReset", {"accountId": await _account(world)}, world.tokens["ADMIN"])
    return {"token": await _last_link(world), "password": PASSWORD}


async def _account_input(world: World) -> dict[str, Any]:
    return {"accountId": await _account(world)}


async def _disabled(world: World) -> dict[str, Any]:
    account = await _account(world)
    await world.ok("disableAccount", {"accountId": account}, world.tokens["ADMIN"])
    return {"accountId": account}


async def _role_change(world: World) -> dict[str, Any]:
    """A fresh staff account of the inside office, to make its office's admin."""
    return {"accountId": await _account(world), "role": "OFFICE_ADMIN"}


async def _rename_office(world: World) -> dict[str, Any]:
    return {"officeId": await _office(world), "name": f"更名民政局 {serial()}"}


async def _office_input(world: World) -> dict[str, Any]:
    return {"officeId": await _office(world)}


async def _invite(world: World) -> dict[str, Any]:
    return {
        "officeId": world.ids["OFFICE_IN"],
        "email": matrix_email("invite"),
        "role": "OFFICE_STAFF",
    }


async def _request_reset(world: World) -> dict[str, Any]:
    await _account(world)
    return {"email": world.values["CONSOLE_EMAIL"]}


async def _category(world: World) -> dict[str, Any]:
    """A fresh category, added by ADMIN, to rename or retire."""
    code = f"CONSOLE_{serial()}"
    await world.ok(
        "addCategory",
        {
            "code": code,
            "group": "RELIEF_SUPPLIES",
            "unit": "boxes",
            "nameEn": "Boxes",
            "nameZh": "箱",
        },
        world.tokens["ADMIN"],
    )
    return {"code": code}


async def _renamed(world: World) -> dict[str, Any]:
    return {**await _category(world), "nameZh": "纸箱"}


CONSOLE_TARGETS = {
    "renameCategory": _renamed,
    "retireCategory": _category,
    "updateOffice": _rename_office,
    "deactivateOffice": _office_input,
    "inviteAccount": _invite,
    "acceptInvitation": _invitation,
    "requestPasswordReset": _request_reset,
    "sendPasswordReset": _account_input,
    "resetPassword": _reset,
    "disableAccount": _account_input,
    "enableAccount": _disabled,
    "changeAccountRole": _role_change,
}
