"""A volunteer hears of each round's proposals for their own offer, and of each deployment
by their organization (inbox, email, SMS, in their language), accepts a proposal and holds
its assignment, or declines with a reason and the incident is matched again; never two
overlapping assignments."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from domain.kernel.db.engine import Database
from domain.kernel.settings import Settings
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, MATCHING, VOLUNTEERS
from tests.steps.assignments import deploy, deployment, member, my_work
from tests.steps.delivery import running_app
from tests.steps.loop import matched, waiting
from tests.steps.registry import codes, office_with_staff, register_volunteer, row_counts
from tests.steps.relief import WINDOW, flood_incident, published_need
from tests.support.receivers import HttpReceiver, SmtpReceiver
from workers.embedded import EmbeddedWorkers

COUNSELLING = {
    "categoryCode": "PSYCHOLOGICAL_SUPPORT",
    "serviceRegionCodes": ["341503"],
    "skills": ["PSYCHOLOGICAL_COUNSELING"],
}


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


async def _scene(api: ApiClient, needs: int = 1) -> tuple[str, str, str, list[str]]:
    """(office token, incident, the volunteer's token, PSYCHOLOGICAL_SUPPORT needs)."""
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    incident = await flood_incident(api, office, ["341503"])
    published = [
        await published_need(
            api,
            office.token,
            incident,
            categoryCode="PSYCHOLOGICAL_SUPPORT",
            quantity=1,
            requiredSkills=["PSYCHOLOGICAL_COUNSELING"],
            confirmDuplicate=True,
        )
        for _ in range(needs)
    ]
    _, volunteer = await register_volunteer(
        api,
        email="counsellor@example.org",
        phone="13900001111",
        skills=["PSYCHOLOGICAL_COUNSELING"],
    )
    return office.token, incident, volunteer, published


async def _offer(api: ApiClient, token: str, quantity: int = 1) -> str:
    values = COUNSELLING | WINDOW | {"quantity": quantity}
    posted = await api.mutate("postOffer", MATCHING["PostOffer"], values, token)
    assert posted["userErrors"] == [], posted
    return str(posted["offer"]["id"])


async def test_the_volunteer_is_told_of_proposals_in_the_inbox_by_email_and_sms(
    wired: tuple[ApiClient, EmbeddedWorkers],
    http_receiver: HttpReceiver,
    smtp_receiver: SmtpReceiver,
) -> None:
    api, workers = wired
    # given a counselling need and a volunteer's offer of their time
    office, incident, volunteer, _ = await _scene(api)
    await _offer(api, volunteer)
    await workers.drain()
    http_receiver.clear()

    # when the round proposes it and the workers run
    assert await matched(api, incident, office)
    await workers.drain()

    # then the volunteer hears in the inbox, by SMS and by email, in Chinese
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 20}, volunteer)
    subjects = [e["node"]["subject"] for e in inbox["notifications"]["edges"]]
    assert "您有新的志愿服务邀请" in subjects
    sms = [r for r in http_receiver.received if r.path == "/sms"]
    assert [s.json()["phone"] for s in sms] == ["+8613900001111"]
    assert any("counsellor@example.org" in m.rcpt_tos for m in smtp_receiver.received)


async def test_volunteers_deployed_are_told_in_their_language_by_each_channel(
    wired: tuple[ApiClient, EmbeddedWorkers],
    http_receiver: HttpReceiver,
    smtp_receiver: SmtpReceiver,
) -> None:
    api, workers = wired
    # given an organization's accepted counselling allocation, a member reading Chinese
    # and one who signed up in English
    scene = await deployment(api)
    wang, wang_token = scene.members["王芳"]
    anna, anna_token = await member(
        api,
        scene.organization,
        "Anna",
        ["PSYCHOLOGICAL_COUNSELING"],
        phone="13900003333",
        email="anna@example.org",
        locale="EN",
    )
    await workers.drain()
    http_receiver.clear()
    mails = len(smtp_receiver.received)

    # when the organization deploys both and the workers run
    deployed = await deploy(api, scene.organization.token, scene.allocation, wang, anna)
    assert deployed["userErrors"] == [], deployed
    await workers.drain()

    # then each hears in the inbox, in their own language, naming the organization
    def subjects(token: str) -> Any:
        return api.gql(DISPATCH["Notifications"], {"first": 20}, token)

    wang_inbox = await subjects(wang_token)
    anna_inbox = await subjects(anna_token)
    assert any(
        e["node"]["subject"].startswith("六安心理援助志愿者协会 安排您参加")
        for e in wang_inbox["notifications"]["edges"]
    ), wang_inbox
    assert any(
        e["node"]["subject"].startswith("六安心理援助志愿者协会 deployed you")
        for e in anna_inbox["notifications"]["edges"]
    ), anna_inbox
    # and by SMS and email, as their profiles' defaults say
    sms = sorted(r.json()["phone"] for r in http_receiver.received if r.path == "/sms")
    assert sms == ["+8613900001111", "+8613900003333"]
    mailed = [m for m in smtp_receiver.received[mails:] if "anna@example.org" in m.rcpt_tos]
    assert len(mailed) == 1


async def test_a_volunteer_who_chose_the_inbox_alone_gets_neither_sms_nor_email(
    wired: tuple[ApiClient, EmbeddedWorkers],
    http_receiver: HttpReceiver,
    smtp_receiver: SmtpReceiver,
) -> None:
    api, workers = wired
    # given a volunteer's offer, and their profile saying: tell me in the inbox only
    office, incident, volunteer, _ = await _scene(api)
    chose = await api.mutate(
        "updateVolunteerProfile",
        VOLUNTEERS["UpdateVolunteerProfile"],
        {"notifyBy": []},
        volunteer,
    )
    assert chose["userErrors"] == [] and chose["volunteer"]["notifyBy"] == [], chose
    await _offer(api, volunteer)
    await workers.drain()
    http_receiver.clear()
    mails = len(smtp_receiver.received)

    # when the round proposes it and the workers run
    assert await matched(api, incident, office)
    await workers.drain()

    # then the proposal is in their inbox, and no SMS or email went out to them
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 20}, volunteer)
    subjects = [e["node"]["subject"] for e in inbox["notifications"]["edges"]]
    assert "您有新的志愿服务邀请" in subjects
    assert [r for r in http_receiver.received if r.path == "/sms"] == []
    assert not any("counsellor@example.org" in m.rcpt_tos for m in smtp_receiver.received[mails:])

    # when they choose SMS again / then the profile says so, once
    chose = await api.mutate(
        "updateVolunteerProfile",
        VOLUNTEERS["UpdateVolunteerProfile"],
        {"notifyBy": ["SMS", "SMS"]},
        volunteer,
    )
    assert chose["volunteer"]["notifyBy"] == ["SMS"], chose


async def test_accepting_makes_the_assignment_and_declining_matches_again(
    api: ApiClient,
) -> None:
    # given two counselling needs, and one unit of a volunteer's time proposed for one
    office, incident, volunteer, _ = await _scene(api, needs=2)
    await _offer(api, volunteer)
    (proposal,) = await matched(api, incident, office)

    # when the volunteer declines it with a reason
    declined = await api.mutate(
        "declineAllocation",
        MATCHING["DeclineAllocation"],
        {"allocationId": proposal["id"], "reason": "那天要照顾家人"},
        volunteer,
    )

    # then it is DECLINED and a round is asked for, which proposes the other need
    assert declined["allocation"]["status"] == "DECLINED", declined
    assert await waiting(api, incident, office) == ["AUTOMATIC"]
    (again,) = await matched(api, incident, office)
    assert again["need"]["id"] != proposal["need"]["id"]

    # when the volunteer accepts that one
    accepted = await api.mutate(
        "acceptAllocation", MATCHING["AcceptAllocation"], {"allocationId": again["id"]}, volunteer
    )

    # then they hold one PLANNED assignment for that need
    assert accepted["userErrors"] == [], accepted
    work = await my_work(api, volunteer)
    (node,) = [e["node"] for e in work["assignments"]["edges"]]
    assert node["status"] == "PLANNED"
    assert node["need"]["id"] == again["need"]["id"]


async def _pledge(api: ApiClient, token: str, offer: str, need: str) -> dict[str, Any]:
    values = {"offerId": offer, "needId": need, "quantity": 1}
    return await api.mutate("pledgeOffer", MATCHING["PledgeOffer"], values, token)


async def test_units_of_one_offer_are_one_commitment(api: ApiClient) -> None:
    # given two needs and two units of one offer of a volunteer's time
    _, _, volunteer, (first, second) = await _scene(api, needs=2)
    offer = await _offer(api, volunteer, quantity=2)

    # when the volunteer pledges one unit to each
    for need in (first, second):
        assert (await _pledge(api, volunteer, offer, need))["userErrors"] == []

    # then they hold two assignments: the offer's quantity already sized their time
    assert len((await my_work(api, volunteer))["assignments"]["edges"]) == 2


async def test_a_second_overlapping_commitment_is_refused(api: ApiClient) -> None:
    # given two needs, two offers of a volunteer's time in one window, and one pledged
    _, _, volunteer, (first, second) = await _scene(api, needs=2)
    offers = [await _offer(api, volunteer), await _offer(api, volunteer)]
    assert (await _pledge(api, volunteer, offers[0], first))["userErrors"] == []
    before = await row_counts(api)

    # when they pledge the other offer, whose time overlaps
    refused = await _pledge(api, volunteer, offers[1], second)

    # then OVERLAPPING_ASSIGNMENT on the offer, and nothing is written
    assert codes(refused) == [(["offerId"], "OVERLAPPING_ASSIGNMENT")]
    assert await row_counts(api) == before
