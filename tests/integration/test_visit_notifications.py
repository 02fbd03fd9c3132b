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


UPDATE_VIEWER = """mutation UpdateViewer($input: UpdateViewerInput!) {
  updateViewer(input: $input) { account { id phone } userErrors { field code } } }"""


async def test_office_staff_who_gave_a_phone_are_told_of_their_visits_by_sms_too(
    wired: tuple[ApiClient, EmbeddedWorkers], http_receiver: HttpReceiver
) -> None:
    api, workers = wired
    # given Lu'an's office and a flood over Yu'an
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    # when its staff member gives a number that is no phone, then a phone
    wrong = await api.mutate("updateViewer", UPDATE_VIEWER, {"phone": "12345"}, office.token)
    given = await api.mutate("updateViewer", UPDATE_VIEWER, {"phone": "13700002222"}, office.token)

    # then the first is refused on the field, the second kept in E.164
    assert wrong["userErrors"] == [{"field": ["phone"], "code": "INVALID_PHONE"}]
    assert given["userErrors"] == [] and given["account"]["phone"] == "+8613700002222"

    # when two persons of Yu'an are registered and a round gives them to the staff member
    for born in ("19300101", "19400101"):
        await registered(api, office.token, idNumber=id_number(born))
    await workers.drain()
    http_receiver.clear()
    await plan_round(api, office.token, incident)
    await workers.drain()

    # then the staff member is told in the inbox and by one SMS, in Chinese
    assert "新的探访任务：2 人" in await _subjects(api, office.token)
    sms = [r.json() for r in http_receiver.received if r.path == "/sms"]
    assert [(s["phone"], s["template"], s["locale"]) for s in sms] == [
        ("+8613700002222", "visits.assigned", "zh-CN")
    ]

    # when the phone is removed, then the next round's visits come to the inbox only
    removed = await api.mutate("updateViewer", UPDATE_VIEWER, {"phone": ""}, office.token)
    assert removed["account"]["phone"] is None
    await registered(api, office.token, idNumber=id_number("19500101"))
    http_receiver.clear()
    await plan_round(api, office.token, incident)
    await workers.drain()
    assert "新的探访任务：1 人" in await _subjects(api, office.token)
    assert [r for r in http_receiver.received if r.path == "/sms"] == []
