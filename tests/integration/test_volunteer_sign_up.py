"""A volunteer signs up with the code sent to their phone, and keeps their profile."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from domain.kernel.db.base import utcnow
from domain.volunteers.model import PhoneCode
from tests.client import ApiClient
from tests.integration.documents import DISPATCH, REGISTRY, VOLUNTEERS
from tests.steps.registry import (
    codes,
    office_staff,
    row_counts,
    sign_in,
    verified_organization,
    volunteer_input,
)
from tests.steps.volunteers import e164, phone_code, sent_code, unique_phone
from workers.embedded import EmbeddedWorkers

PROFILE_OF = """
query ($id: ID!) { node(id: $id) { ... on Volunteer {
  id birthDate guardianName consentedAt phone languages certificates { skill certificate }
} } }
"""


async def _sign_up(api: ApiClient, **overrides: Any) -> dict[str, Any]:
    return await api.mutate(
        "registerVolunteer", REGISTRY["RegisterVolunteer"], volunteer_input(**overrides)
    )


async def _ask(api: ApiClient, phone: str) -> dict[str, Any]:
    return await api.mutate("requestPhoneCode", VOLUNTEERS["RequestPhoneCode"], {"phone": phone})


async def test_a_code_is_sent_once_a_minute_and_only_to_real_numbers(api: ApiClient) -> None:
    # given a phone that was just sent a code
    phone = unique_phone()
    first = await _ask(api, phone)
    # when it asks again at once, and someone asks for a number that is none
    again = await _ask(api, phone)
    bogus = await _ask(api, "12345")
    # then only the first was sent
    assert first == {"sent": True, "userErrors": []}
    assert codes(again) == [(["phone"], "RATE_LIMITED")] and again["sent"] is False
    assert codes(bogus) == [(["phone"], "INVALID_PHONE")]
    # and only a hash of the code is kept
    async with api.db.transaction() as session:
        row = await session.scalar(
            PhoneCode.__table__.select().where(PhoneCode.phone == e164(phone))
        )
    assert row is not None and await sent_code(api, phone) not in row


async def test_sign_up_needs_the_code_sent_and_gives_up_after_five_wrong_ones(
    api: ApiClient,
) -> None:
    # given a code sent to a phone
    phone = unique_phone()
    code = await phone_code(api, phone)
    wrong = "111111" if code != "111111" else "222222"
    before = await row_counts(api)
    # when a sign-up brings a wrong code
    refused = await _sign_up(api, phone=phone, phoneCode=wrong)
    # then it is refused on the code, and nothing but the try is written
    assert codes(refused) == [(["phoneCode"], "INVALID")]
    assert await row_counts(api) == before
    # when four more wrong tries follow, the right code comes too late
    for _ in range(4):
        await _sign_up(api, phone=phone, phoneCode=wrong)
    late = await _sign_up(api, phone=phone, phoneCode=code)
    assert codes(late) == [(["phoneCode"], "RATE_LIMITED")]


async def test_an_expired_code_is_refused_and_a_used_one_cannot_serve_twice(
    api: ApiClient,
) -> None:
    # given a code sent, used by one sign-up
    phone = unique_phone()
    code = await phone_code(api, phone)
    first = await _sign_up(api, phone=phone, phoneCode=code)
    assert first["userErrors"] == []
    # when another sign-up brings the same code
    twice = await _sign_up(api, phone=phone, phoneCode=code)
    # then it is refused
    assert codes(twice) == [(["phoneCode"], "INVALID")]
    # and a code older than ten minutes is refused too
    other = unique_phone()
    stale = await phone_code(api, other)
    async with api.db.transaction() as session:
        await session.execute(
            update(PhoneCode)
            .where(PhoneCode.phone == e164(other))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
    expired = await _sign_up(api, phone=other, phoneCode=stale)
    assert codes(expired) == [(["phoneCode"], "INVALID")]


async def test_consent_is_required_and_a_minor_needs_a_guardian(api: ApiClient) -> None:
    # given codes sent to three phones
    phones = [unique_phone() for _ in range(3)]
    sent = [await phone_code(api, p) for p in phones]
    minor_birth = (utcnow() - timedelta(days=365 * 16)).date().isoformat()
    # when one signs up without consent, a minor alone, and a minor with a guardian
    no_consent = await _sign_up(
        api, phone=phones[0], phoneCode=sent[0], consentToPersonalData=False
    )
    alone = await _sign_up(api, phone=phones[1], phoneCode=sent[1], birthDate=minor_birth)
    guarded = await _sign_up(
        api,
        phone=phones[2],
        phoneCode=sent[2],
        birthDate=minor_birth,
        guardianName="李父",
        guardianPhone="13800138000",
        guardianConsent=True,
    )
    # then the first two are refused on exactly what is missing
    assert codes(no_consent) == [(["consentToPersonalData"], "REQUIRED")]
    assert sorted(codes(alone)) == [
        (["guardianConsent"], "REQUIRED"),
        (["guardianName"], "REQUIRED"),
        (["guardianPhone"], "REQUIRED"),
    ]
    # and the minor with a guardian is signed up, the consents kept with their times
    assert guarded["userErrors"] == [], guarded
    admin = await api.admin_token()
    seen = await api.gql(PROFILE_OF, {"id": guarded["volunteer"]["id"]}, admin)
    assert seen["node"]["guardianName"] == "李父" and seen["node"]["consentedAt"]


async def test_the_volunteer_keeps_a_profile_only_they_and_their_organization_read_in_full(
    api: ApiClient,
) -> None:
    # given a volunteer who asked to join a verified organization, and a covering office
    admin = await api.admin_token()
    organization = await verified_organization(api, admin, 1)
    values = volunteer_input(organizationId=organization.id)
    values["phoneCode"] = await phone_code(api, values["phone"])
    made = await api.mutate("registerVolunteer", REGISTRY["RegisterVolunteer"], values)
    assert made["userErrors"] == [], made
    token = await sign_in(api, values["email"])
    # when they note a certificate, their languages and where they serve
    changed = await api.mutate(
        "updateVolunteerProfile",
        VOLUNTEERS["UpdateVolunteerProfile"],
        {
            "certificates": [
                {"skill": "PSYCHOLOGICAL_COUNSELING", "certificate": "心理咨询师三级"}
            ],
            "languages": ["zh", "en"],
            "serviceRegionCodes": ["341503"],
            "serviceRadiusKm": 30,
        },
        token,
    )
    # then their own page shows it, with their personal data
    assert changed["userErrors"] == [], changed
    mine = (await api.gql(VOLUNTEERS["MyVolunteerProfile"], {}, token))["viewer"]["volunteer"]
    assert mine["certificates"] == [
        {"skill": "PSYCHOLOGICAL_COUNSELING", "certificate": "心理咨询师三级"}
    ]
    assert mine["languages"] == ["zh", "en"] and mine["serviceRadiusKm"] == 30
    assert mine["birthDate"] == "1990-05-01" and mine["consentedAt"]
    # and the organization reads the birth date; an office covering their home does not
    covering = await office_staff(api, admin, "341500")
    own = await api.gql(PROFILE_OF, {"id": mine["id"]}, organization.token)
    office = await api.gql(PROFILE_OF, {"id": mine["id"]}, covering)
    assert own["node"]["birthDate"] == "1990-05-01"
    assert office["node"]["birthDate"] is None and office["node"]["consentedAt"] is None
    # and a certificate for a skill they lack is refused
    lacking = await api.mutate(
        "updateVolunteerProfile",
        VOLUNTEERS["UpdateVolunteerProfile"],
        {"certificates": [{"skill": "MEDICAL", "certificate": "执业医师"}]},
        token,
    )
    assert codes(lacking) == [(["certificates", "0"], "INVALID")]
    # and another account has no volunteer to show
    viewer = (await api.gql(VOLUNTEERS["MyVolunteerProfile"], {}, organization.token))["viewer"]
    assert viewer["volunteer"] is None


async def test_in_the_embedded_mode_the_code_reaches_the_admin_inbox(
    api: ApiClient, workers: EmbeddedWorkers
) -> None:
    # given an ADMIN
    admin = await api.admin_token()
    # when a code is asked for and the workers run
    phone = unique_phone()
    code = await phone_code(api, phone)
    await workers.drain()
    # then the ADMIN's inbox holds it, for whoever runs ReliefHub without an SMS gateway
    inbox = await api.gql(DISPATCH["Notifications"], {"first": 20}, admin)
    bodies = [edge["node"]["body"] for edge in inbox["notifications"]["edges"]]
    assert any(code in body and e164(phone) in body for body in bodies), bodies


async def test_the_account_takes_the_language_the_sign_up_was_made_in(api: ApiClient) -> None:
    # given a sign-up made on the English page, and one that names no language
    english = volunteer_input(locale="EN")
    english["phoneCode"] = await phone_code(api, english["phone"])
    plain = volunteer_input()
    plain["phoneCode"] = await phone_code(api, plain["phone"])

    # when both register
    for values in (english, plain):
        made = await api.mutate("registerVolunteer", REGISTRY["RegisterVolunteer"], values)
        assert made["userErrors"] == [], made

    # then the first account speaks English, the other Chinese
    locale = "query { viewer { locale } }"
    spoken = [
        (await api.gql(locale, {}, await sign_in(api, v["email"])))["viewer"]["locale"]
        for v in (english, plain)
    ]
    assert spoken == ["EN", "ZH_CN"]
