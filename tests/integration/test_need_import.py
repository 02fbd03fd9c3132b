"""Spreadsheet import of needs: all rows or none, every bad row named by number and field."""

from __future__ import annotations

import base64
import io
from datetime import datetime, timedelta, timezone
from typing import Any

import openpyxl

from tests.client import ApiClient
from tests.steps.registry import codes, office_with_staff, row_counts
from tests.steps.relief import flood_incident

CST = timezone(timedelta(hours=8))
IMPORT = """mutation ImportNeeds($input: ImportNeedsInput!) { importNeeds(input: $input) {
  needs { id quantity urgency neededBy category { code } region { code } }
  userErrors { field message code } } }"""

HEADER = "regionCode,categoryCode,quantity,urgency,neededBy,requiredSkills,description"
GOOD_CSV = "\n".join(
    [
        HEADER,
        "341503,DRINKING_WATER,500,CRITICAL,2020-07-25T18:00:00+08:00,,瓶装水",
        "341503,TENTS,40,high,2020-07-26,LOGISTICS; DRIVING,",
        "",
    ]
)
BAD_CSV = "\n".join(
    [
        HEADER,
        "341503,DRINKING_WATER,500,CRITICAL,2020-07-25,,",
        "341503,NOT_A_CATEGORY,many,SOON,2020-07-25,,",
        "999999,FOOD,10,LOW,not a date,FLYING,",
        "341503,DRINKING_WATER,20,LOW,2020-07-25,,",
    ]
)


def _encoded(data: bytes) -> str:
    return base64.b64encode(data).decode()


async def _import(api: ApiClient, token: str, incident: str, name: str, data: bytes) -> Any:
    input = {"incidentId": incident, "fileName": name, "contentBase64": _encoded(data)}
    return await api.mutate("importNeeds", IMPORT, input, token)


async def _office_and_incident(api: ApiClient) -> tuple[str, str]:
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    return office.token, await flood_incident(api, office, ["341503"])


async def test_a_valid_csv_publishes_one_need_per_row(api: ApiClient) -> None:
    # given an office and its incident
    token, incident = await _office_and_incident(api)

    # when it imports a UTF-8 CSV with a byte-order mark, as Excel saves it
    payload = await _import(api, token, incident, "needs.csv", GOOD_CSV.encode("utf-8-sig"))

    # then both rows are needs, a bare date meaning that evening in China
    assert payload["userErrors"] == []
    needs = payload["needs"]
    assert [(n["category"]["code"], n["quantity"], n["urgency"]) for n in needs] == [
        ("DRINKING_WATER", 500, "CRITICAL"),
        ("TENTS", 40, "HIGH"),
    ]
    assert datetime.fromisoformat(needs[1]["neededBy"]) == datetime(
        2020, 7, 26, 23, 59, 59, tzinfo=CST
    )


async def test_every_bad_row_is_reported_and_nothing_is_written(api: ApiClient) -> None:
    # given an office and its incident
    token, incident = await _office_and_incident(api)
    before = await row_counts(api)

    # when it imports a file with good rows, bad rows and an in-file duplicate
    payload = await _import(api, token, incident, "needs.csv", BAD_CSV.encode())

    # then each bad cell is named by its sheet row (headers are row 1) and field
    assert payload["needs"] is None
    assert set(map(lambda c: (tuple(c[0]), c[1]), codes(payload))) == {
        (("rows", "3", "quantity"), "INVALID"),
        (("rows", "3", "urgency"), "INVALID"),
        (("rows", "4", "neededBy"), "INVALID"),
        (("rows", "4", "requiredSkills"), "INVALID"),
        (("rows", "5", "categoryCode"), "DUPLICATE"),
    }
    # and nothing was written, not even the good row
    assert await row_counts(api) == before


async def test_unknown_regions_and_categories_are_reported_per_row(api: ApiClient) -> None:
    token, incident = await _office_and_incident(api)
    data = f"{HEADER}\n999999,FOOD,10,LOW,2020-07-25,,\n341503,NOPE,10,LOW,2020-07-25,,\n"

    payload = await _import(api, token, incident, "needs.csv", data.encode())

    assert [(tuple(f), c) for f, c in codes(payload)] == [
        (("rows", "2", "regionCode"), "UNKNOWN_REGION"),
        (("rows", "3", "categoryCode"), "UNKNOWN_CATEGORY"),
    ]


async def test_an_xlsx_file_imports_with_typed_cells(api: ApiClient) -> None:
    # given a workbook whose cells are numbers and dates, not text
    token, incident = await _office_and_incident(api)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Region code", "category_code", "Quantity", "Urgency", "Needed by"])
    sheet.append([341503, "FOOD", 1200, "CRITICAL", datetime(2020, 7, 25, 18, 0)])
    buffer = io.BytesIO()
    book.save(buffer)

    # when it is imported
    payload = await _import(api, token, incident, "Needs.XLSX", buffer.getvalue())

    # then the need is there, its time read as China Standard Time
    assert payload["userErrors"] == []
    (need,) = payload["needs"]
    assert (need["region"]["code"], need["quantity"]) == ("341503", 1200)
    assert datetime.fromisoformat(need["neededBy"]) == datetime(2020, 7, 25, 18, 0, tzinfo=CST)


async def test_files_that_are_not_spreadsheets_are_refused(api: ApiClient) -> None:
    token, incident = await _office_and_incident(api)

    wrong_type = await _import(api, token, incident, "needs.pdf", b"%PDF")
    not_xlsx = await _import(api, token, incident, "needs.xlsx", b"not a zip")
    empty = await _import(api, token, incident, "needs.csv", (HEADER + "\n").encode())

    assert codes(wrong_type) == [(["fileName"], "INVALID")]
    assert codes(not_xlsx) == [(["contentBase64"], "INVALID")]
    assert codes(empty) == [(["rows"], "REQUIRED")]


async def test_only_office_staff_import(api: ApiClient) -> None:
    _, incident = await _office_and_incident(api)
    input = {"incidentId": incident, "fileName": "a.csv", "contentBase64": _encoded(b"x")}

    payload = await api.mutate("importNeeds", IMPORT, input)

    assert codes(payload) == [(None, "UNAUTHENTICATED")]
