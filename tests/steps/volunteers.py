"""Volunteer steps: a phone code asked for and read where the SMS channel gets it."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import select

from domain.kernel.outbox import PHONE_CODE_REQUESTED, OutboxEvent
from tests.client import ApiClient
from tests.integration.documents import VOLUNTEERS

_phones = itertools.count(1)


def unique_phone() -> str:
    """A valid mainland mobile number no other volunteer of the test run has."""
    return f"1390{next(_phones):07d}"


def e164(phone: str) -> str:
    return phone if phone.startswith("+") else f"+86{phone}"


async def sent_code(api: ApiClient, phone: str) -> str:
    """The last code the SMS channel was asked to send to the phone."""
    async with api.db.transaction() as session:
        events = await session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.topic == PHONE_CODE_REQUESTED)
            .order_by(OutboxEvent.created_at.desc())
        )
        for event in events:
            if event.payload["phone"] == e164(phone):
                return str(event.payload["code"])
    raise AssertionError(f"no code was sent to {phone}")


async def phone_code(api: ApiClient, phone: str) -> str:
    """Ask for a code as the sign-up page does, and read the one sent."""
    sent = await api.mutate("requestPhoneCode", VOLUNTEERS["RequestPhoneCode"], {"phone": phone})
    assert sent == {"sent": True, "userErrors": []}, sent
    return await sent_code(api, phone)


async def with_code(api: ApiClient, values: dict[str, Any]) -> dict[str, Any]:
    """The sign-up's values with a fresh code for its phone."""
    return {**values, "phoneCode": await phone_code(api, values["phone"])}
