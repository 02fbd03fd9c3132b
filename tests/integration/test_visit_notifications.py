"""Visitors are told of the visits a round gives them: in the inbox, and a volunteer by
SMS too, once per round."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.integration.documents import DISPATCH
from tests.steps.delivery import running_app
from tests.steps.people import id_number, plan_round, registered
from tests.steps.registry import office_with_staff, register_volunteer
from tests.steps.relief import flood_incident, pledged, published_need
from tests.support.receivers import HttpReceiver, SmtpReceiver
from workers.embedded import EmbeddedWorkers


@pytest.fixture
async def wired(
    db: Database, smtp_receiver: SmtpReceiver, http_receiver: HttpReceiver
) -> AsyncIterator[tuple[ApiClient, EmbeddedWorkers]]:
    """The app and its embedded workers with real SMTP and SMS peers configured."""
    settings = Settings(
        database_url=db.url,
        environment="test",
        smtp_host="127.0.0.1",
        smtp_port=smtp_receiver.port,
        smtp_from="reliefhub@example.org",
        sms_gateway_url=http_receiver.url + "/sms",
        secret_key="G0vRrHq6Zl8c3b1mXxJm0b8u5wq3CkqZ0Zr3j9n0pRE=",
    )
    async with running_app(db, settings) as running:
        yield running


async def _subjects(api: ApiClient, token: str) -> list[str]:
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 20}, token)
    return [e["node"]["subject"] for e in inbox["notifications"]["edges"]]


async def test_a_round_tells_each_visitor_of_their_visits_once(
    wired: tuple[ApiClient, EmbeddedWorkers], http_receiver: HttpReceiver
) -> None:
    api, workers = wired
    # given three persons of Yu'an, and a volunteer with two CARE_VISITS units there
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    for born in ("19300101", "19400101", "19500101"):
        await registered(api, office.token, idNumber=id_number(born))
    need = await published_need(api, office.token, incident, categoryCode="CARE_VISITS", quantity=5)
    _, volunteer = await register_volunteer(api, email="visitor@example.org", phone="13900001111")
    await pledged(api, volunteer, need, "CARE_VISITS", 2)
    await workers.drain()
    http_receiver.clear()

    # when the office plans a round and the workers run
    await plan_round(api, office.token, incident)
    await workers.drain()

    # then the volunteer is told of two visits in the inbox and by one SMS
    assert "新的探访任务：2 人" in await _subjects(api, volunteer)
    sms = [r for r in http_receiver.received if r.path == "/sms"]
    assert len(sms) == 1 and sms[0].json()["phone"] == "+8613900001111"
    # and the office's staff member of the third
    assert "新的探访任务：1 人" in await _subjects(api, office.token)
