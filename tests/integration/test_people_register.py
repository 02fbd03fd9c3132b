"""The special-groups register through GraphQL: registered, edited and imported by the
office of jurisdiction, identified by nobody else, every read of a record audited, ID
numbers and phones encrypted at rest."""

from __future__ import annotations

import base64
import io

import openpyxl
from sqlalchemy import select

from domain.kernel.audit import AuditEntry
from domain.kernel.global_ids import from_global_id
from domain.people.model import Person
from tests.client import ApiClient
from tests.steps.people import PEOPLE, id_number, register, registered
from tests.steps.registry import codes, office_staff, row_counts


async def _offices(api: ApiClient) -> tuple[str, str]:
    """(Lu'an's staff: Yu'an's office of jurisdiction, Hefei's staff: another office)."""
    admin = await api.admin_token()
    return await office_staff(api, admin, "341500"), await office_staff(api, admin, "340100")


async def test_the_office_registers_a_person_with_the_id_number_and_phones_sealed(
    api: ApiClient,
) -> None:
    # given Lu'an's office
    lu_an, _ = await _offices(api)
    number = id_number("19380512")

    # when it registers an elderly person of Yu'an
    payload = await register(api, lu_an, idNumber=number)

    # then the person comes back with the ID number and phone masked, visited first
    assert payload["userErrors"] == []
    person = payload["person"]
    assert person["idNumber"] == number[:3] + "*" * 11 + number[-4:]
    assert person["phone"] == "+86 138****5678"
    assert person["priority"] == 30  # LEFT_BEHIND_ELDERLY, 80 or over
    # and neither the ID number nor the phone is stored in the clear
    async with api.db.transaction() as session:
        row = (await session.scalars(select(Person))).one()
    assert number not in row.id_number_encrypted and "13812345678" not in str(row.phone_encrypted)
    assert number not in row.id_number_fingerprint


async def test_bad_input_is_refused_field_by_field_and_nothing_is_written(api: ApiClient) -> None:
    # given Lu'an's office
    lu_an, hefei = await _offices(api)
    before = await row_counts(api)
    valid = id_number()
    wrong_check_digit = valid[:-1] + ("1" if valid[-1] == "0" else "0")

    # when it registers with a wrong check digit, a bad phone, a prefecture and no name
    bad = await register(
        api, lu_an, idNumber=wrong_check_digit, phone="12", regionCode="341500", name=" "
    )
    # and Hefei's office registers someone of Yu'an
    outside = await register(api, hefei)

    # then each field is named, and nothing is written
    assert sorted(codes(bad)) == [
        (["idNumber"], "INVALID_ID_NUMBER"),
        (["name"], "REQUIRED"),
        (["phone"], "INVALID_PHONE"),
        (["regionCode"], "INVALID"),
    ]
    assert codes(outside) == [(["regionCode"], "OUT_OF_JURISDICTION")]
    assert await row_counts(api) == before


async def test_a_person_registered_twice_is_refused(api: ApiClient) -> None:
    # given a registered person
    lu_an, _ = await _offices(api)
    number = id_number()
    await registered(api, lu_an, idNumber=number)

    # when the same ID number is registered again, lower-case x or not
    again = await register(api, lu_an, idNumber=number.lower(), name="另一个名字")

    # then it is a duplicate
    assert codes(again) == [(["idNumber"], "DUPLICATE")]


async def test_only_the_office_of_jurisdiction_identifies_people_others_read_counts(
    api: ApiClient,
) -> None:
    # given two persons of Yu'an registered by Lu'an's office
    lu_an, hefei = await _offices(api)
    await registered(api, lu_an)
    await registered(api, lu_an, category="DISABLED", name="李叔")

    # when each office lists the register and reads the counts
    listed = {
        token: await api.gql(PEOPLE["People"], {"filter": {"regionCode": "341503"}}, token)
        for token in (lu_an, hefei)
    }
    counts = await api.gql(PEOPLE["PeopleCounts"], {"regionCode": "341500"}, hefei)

    # then Lu'an sees both, masked; Hefei sees nobody, only the counts by category
    assert listed[lu_an]["people"]["totalCount"] == 2
    assert {e["node"]["name"] for e in listed[lu_an]["people"]["edges"]} == {"张奶奶", "李叔"}
    assert listed[hefei]["people"]["totalCount"] == 0
    assert counts["peopleCounts"] == [
        {"category": "DISABLED", "count": 1},
        {"category": "LEFT_BEHIND_ELDERLY", "count": 1},
    ]


async def test_reading_a_person_writes_who_looked_at_whom_to_the_audit_log(
    api: ApiClient,
) -> None:
    # given a registered person
    lu_an, hefei = await _offices(api)
    person = await registered(api, lu_an, phone="13800001234")
    before = len(await _reads(api))

    # when Lu'an's staff read the record, and Hefei's staff try to
    record = await api.gql(PEOPLE["PersonRecord"], {"id": person}, lu_an)
    refused = await api.gql(PEOPLE["PersonRecord"], {"id": person}, hefei)

    # then Lu'an read it whole, Hefei nothing
    assert record["node"]["phoneInFull"] == "+8613800001234"
    assert record["node"]["idNumberInFull"].startswith("341503")
    assert refused["node"] is None
    # and exactly one more read is in the audit log, naming the reader and the person
    reads = await _reads(api)
    assert len(reads) == before + 1
    assert reads[-1].entity_type == "Person" and reads[-1].region_code == "341503"
    assert reads[-1].entity_id == from_global_id(person)[1]  # type: ignore[index]
    assert reads[-1].actor_account_id is not None


async def _reads(api: ApiClient) -> list[AuditEntry]:
    async with api.db.transaction() as session:
        wanted = select(AuditEntry).where(AuditEntry.action == "person.read")
        return list((await session.scalars(wanted.order_by(AuditEntry.created_at))).all())


async def test_the_office_edits_one_person_and_others_are_told_not_found(api: ApiClient) -> None:
    # given a registered person
    lu_an, hefei = await _offices(api)
    person = await registered(api, lu_an)

    # when Lu'an changes the phone and clears the notes, and Hefei tries the same
    edited = await api.mutate(
        "updatePerson",
        PEOPLE["UpdatePerson"],
        {"personId": person, "phone": "13700001111", "notes": ""},
        lu_an,
    )
    outside = await api.mutate(
        "updatePerson", PEOPLE["UpdatePerson"], {"personId": person, "notes": "x"}, hefei
    )

    # then Lu'an's edit is kept; Hefei is told there is no such person
    assert edited["userErrors"] == []
    assert edited["person"]["phone"] == "+86 137****1111"
    assert edited["person"]["notes"] is None
    assert codes(outside) == [(["personId"], "NOT_FOUND")]


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def _import(api: ApiClient, token: str, name: str, data: bytes) -> dict:  # type: ignore[type-arg]
    input = {"fileName": name, "contentBase64": base64.b64encode(data).decode()}
    return await api.mutate("importPeople", PEOPLE["ImportPeople"], input, token)


async def test_a_gb18030_csv_with_chinese_headers_registers_every_row(api: ApiClient) -> None:
    # given a register file as an office keeps it: Chinese headers, GB18030
    lu_an, _ = await _offices(api)
    text = "\n".join(
        [
            "区划代码,类别,姓名,身份证号,联系电话,家庭住址,监护人,备注",
            f"341503,留守老人,王爷爷,{id_number('19350101')},13812340001,双河村,王二,独居",
            f"341503,散居孤儿,小芳,{id_number('20150601')},,城南镇,李四,",
        ]
    )

    # when it is imported
    payload = await _import(api, lu_an, "台账.csv", text.encode("gb18030"))

    # then both persons are registered, categories read from Chinese
    assert payload["userErrors"] == []
    assert [(p["name"], p["category"]) for p in payload["people"]] == [
        ("王爷爷", "LEFT_BEHIND_ELDERLY"),
        ("小芳", "SCATTERED_ORPHAN"),
    ]


async def test_an_import_with_a_bad_row_registers_nobody_and_names_each_row(
    api: ApiClient,
) -> None:
    # given an XLSX file with one good row, a bad ID number and a person twice
    lu_an, _ = await _offices(api)
    twice = id_number()
    data = _xlsx(
        [
            ["姓名", "身份证号", "类别", "区划代码"],
            ["甲", twice, "DISABLED", "341503"],
            ["乙", "123", "DISABLED", "341503"],
            ["丙", twice, "DISABLED", "341503"],
        ]
    )
    before = await row_counts(api)

    # when it is imported
    payload = await _import(api, lu_an, "register.xlsx", data)

    # then rows 3 and 4 are named, and nobody is registered
    assert codes(payload) == [
        (["rows", "3", "idNumber"], "INVALID_ID_NUMBER"),
        (["rows", "4", "idNumber"], "DUPLICATE"),
    ]
    assert payload["people"] is None
    assert await row_counts(api) == before


async def test_counties_may_be_written_by_name_as_offices_write_them(api: ApiClient) -> None:
    # given a file naming counties in words, once with its prefecture, once outside Lu'an
    lu_an, _ = await _offices(api)
    rows = [
        ["所在县区", "类别", "姓名", "身份证号"],
        ["裕安区", "留守老人", "赵奶奶", id_number("19400101")],
        ["六安市霍邱县", "残疾人", "钱叔", id_number("19700101")],
    ]

    # when it is imported / then each name became its county's code
    payload = await _import(api, lu_an, "register.xlsx", _xlsx(rows))
    assert payload["userErrors"] == []
    assert [p["region"]["code"] for p in payload["people"]] == ["341503", "341522"]

    # and a county outside the jurisdiction is named on its row, and nobody is registered
    outside = [rows[0], ["朝阳区", "残疾人", "孙伯", id_number("19600101")]]
    refused = await _import(api, lu_an, "register.xlsx", _xlsx(outside))
    assert codes(refused) == [(["rows", "2", "regionCode"], "UNKNOWN_REGION")]


async def test_unreadable_files_and_zoneless_filters_are_refused_not_failed(
    api: ApiClient,
) -> None:
    # given Lu'an's office
    lu_an, _ = await _offices(api)

    # when it imports a CSV holding NUL bytes, and a file that is no spreadsheet
    broken = await _import(api, lu_an, "台账.csv", b"name\x00,x\n\x00\x00")
    not_xlsx = await _import(api, lu_an, "register.xlsx", b"not a workbook")
    # and lists the persons not visited since a time without a zone
    response = await api.post(
        PEOPLE["People"], {"filter": {"notVisitedSince": "2020-07-20T08:00:00"}}, lu_an
    )

    # then each is refused, none fails: no person could be read from the first
    assert codes(broken) == [(["rows"], "REQUIRED")]
    assert codes(not_xlsx) == [(["contentBase64"], "INVALID")]
    assert response.status_code == 200
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "INVALID"
