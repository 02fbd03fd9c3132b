"""Spreadsheets as offices keep them: Chinese headers, GB18030 or UTF-8 (with or without
a byte-order mark), region and category names, Chinese dates and urgencies; a cell that
cannot be read unambiguously is named by row and column."""

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
  needs { quantity urgency neededBy description externalId category { code } region { code } }
  userErrors { field message code } } }"""

CHINESE_CSV = "\n".join(
    [
        "地区,类别,数量（份）,紧急程度,需要时间,描述,外部编号",
        "六安市裕安区,饮用水,500,紧急,2020年7月25日18时,瓶装水,LA-001",
        '341503,帐篷,"1,200",高,2020/7/26,,LA-002',
        "裕安区,FOOD,80,低,2020-07-27 09:30,盒饭,",
        ",,,,,,",
    ]
)


async def _office_and_incident(api: ApiClient) -> tuple[str, str]:
    admin = await api.admin_token()
    office = await office_with_staff(api, admin, "341500", "六安市民政局")
    return office.token, await flood_incident(api, office, ["341503"])


async def _import(api: ApiClient, token: str, incident: str, name: str, data: bytes) -> Any:
    encoded = base64.b64encode(data).decode()
    input = {"incidentId": incident, "fileName": name, "contentBase64": encoded}
    return await api.mutate("importNeeds", IMPORT, input, token)


def _summary(payload: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (
            n["region"]["code"],
            n["category"]["code"],
            n["quantity"],
            n["urgency"],
            datetime.fromisoformat(n["neededBy"]),
            n["externalId"],
        )
        for n in payload["needs"]
    ]


EXPECTED = [
    ("341503", "DRINKING_WATER", 500, "CRITICAL", datetime(2020, 7, 25, 18, tzinfo=CST), "LA-001"),
    ("341503", "TENTS", 1200, "HIGH", datetime(2020, 7, 26, 23, 59, 59, tzinfo=CST), "LA-002"),
    ("341503", "FOOD", 80, "LOW", datetime(2020, 7, 27, 9, 30, tzinfo=CST), None),
]


async def test_a_gb18030_csv_with_chinese_headers_and_names_imports(api: ApiClient) -> None:
    # given an office, its incident, and a CSV saved by Excel on a Chinese Windows
    token, incident = await _office_and_incident(api)
    data = CHINESE_CSV.encode("gb18030")

    # when it is imported
    payload = await _import(api, token, incident, "需求.csv", data)

    # then each row is a need: names read as codes, Chinese dates in Shanghai time
    assert payload["userErrors"] == []
    assert _summary(payload) == EXPECTED
    assert payload["needs"][0]["description"] == "瓶装水"


async def test_a_utf8_csv_with_a_byte_order_mark_and_chinese_headers_imports(
    api: ApiClient,
) -> None:
    # given the same sheet saved as "CSV UTF-8", which writes a byte-order mark
    token, incident = await _office_and_incident(api)

    # when it is imported
    with_bom = await _import(api, token, incident, "a.csv", CHINESE_CSV.encode("utf-8-sig"))

    # then it reads as the GB18030 file does
    assert with_bom["userErrors"] == []
    assert _summary(with_bom) == EXPECTED


async def test_a_utf8_csv_without_a_byte_order_mark_imports(api: ApiClient) -> None:
    # given the same sheet written by a script, UTF-8 without a byte-order mark
    token, incident = await _office_and_incident(api)

    # when it is imported / then it reads the same
    payload = await _import(api, token, incident, "a.csv", CHINESE_CSV.encode("utf-8"))

    assert _summary(payload) == EXPECTED


async def test_an_xlsx_with_chinese_headers_imports(api: ApiClient) -> None:
    # given a workbook with Chinese headers, a region code typed as a number and a date cell
    token, incident = await _office_and_incident(api)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["区划代码", "类别", "数量", "紧急程度", "截止时间", "外部编号"])
    sheet.append([341503, "饮用水", 500, "紧急", datetime(2020, 7, 25, 18, 0), "LA-001"])
    sheet.append(["六安市裕安区", "帐篷", 1200, "高", "2020年7月26日", "LA-002"])
    buffer = io.BytesIO()
    book.save(buffer)

    # when it is imported
    payload = await _import(api, token, incident, "需求.xlsx", buffer.getvalue())

    # then both rows are needs
    assert payload["userErrors"] == []
    assert _summary(payload) == EXPECTED[:2]


async def test_cells_that_cannot_be_read_are_named_by_row_and_column(api: ApiClient) -> None:
    # given a sheet with an ambiguous region name, a bad date and an unknown urgency
    token, incident = await _office_and_incident(api)
    before = await row_counts(api)
    sheet = "\n".join(
        [
            "地区,类别,数量,紧急程度,需要时间",
            "裕安区,饮用水,500,紧急,2020年7月25日",
            "朝阳区,帐篷,40,高,2020年7月26日",
            "裕安区,食品,40,很急,2020年13月1日",
            "火星,棉被,1,低,2020-07-25",
        ]
    )

    # when it is imported
    payload = await _import(api, token, incident, "a.csv", sheet.encode("gb18030"))

    # then each bad cell is named by its row and field, its message by its column
    assert payload["needs"] is None
    found = {(tuple(e["field"]), e["code"]): e["message"] for e in payload["userErrors"]}
    assert set(found) == {
        (("rows", "3", "regionCode"), "INVALID"),
        (("rows", "4", "urgency"), "INVALID"),
        (("rows", "4", "neededBy"), "INVALID"),
        (("rows", "5", "regionCode"), "UNKNOWN_REGION"),
        (("rows", "5", "categoryCode"), "UNKNOWN_CATEGORY"),
    }
    ambiguous = found[(("rows", "3", "regionCode"), "INVALID")]
    assert ambiguous.startswith('Row 3, column "地区"')
    assert "北京市朝阳区 (110105)" in ambiguous and "(220104)" in ambiguous
    assert found[(("rows", "4", "urgency"), "INVALID")].startswith('Row 4, column "紧急程度"')
    # and nothing was written
    assert await row_counts(api) == before


async def test_text_in_neither_utf8_nor_gb18030_is_refused(api: ApiClient) -> None:
    # given bytes that are no text in either encoding
    token, incident = await _office_and_incident(api)

    # when they are imported as a CSV
    payload = await _import(api, token, incident, "a.csv", b"\x81\x20\xff\xfe,\x80\n")

    # then the file is refused on its content, saying how to save it
    assert codes(payload) == [(["contentBase64"], "INVALID")]
    assert "UTF-8" in payload["userErrors"][0]["message"]
