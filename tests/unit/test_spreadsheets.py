"""The reusable readers of spreadsheet headers and cells (domain.kernel.spreadsheets)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from domain.kernel import spreadsheets as sheets
from domain.kernel.errors import DomainError
from domain.kernel.spreadsheets.cells import parse_moment
from domain.matching.model import Urgency

CST = timezone(timedelta(hours=8))
COLUMNS = sheets.Columns({"regionCode": ("地区", "区划代码"), "urgency": ("紧急程度",)})


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2020年7月25日", datetime(2020, 7, 25, 23, 59, 59, tzinfo=CST)),
        ("2020/7/25", datetime(2020, 7, 25, 23, 59, 59, tzinfo=CST)),
        ("2020-07-25 18:00", datetime(2020, 7, 25, 18, tzinfo=CST)),
        ("2020年7月25日18时", datetime(2020, 7, 25, 18, tzinfo=CST)),
        ("2020年7月25日 下午6点30分", datetime(2020, 7, 25, 18, 30, tzinfo=CST)),
        ("２０２０年７月２５日１８：００", datetime(2020, 7, 25, 18, tzinfo=CST)),
        ("2020.7.25 18:30:15", datetime(2020, 7, 25, 18, 30, 15, tzinfo=CST)),
        ("2020-07-25T10:00Z", datetime(2020, 7, 25, 10, tzinfo=UTC)),
        ("2020-07-25T18:00:00+08:00", datetime(2020, 7, 25, 18, tzinfo=CST)),
    ],
)
def test_dates_read_as_people_write_them(written: str, meant: datetime) -> None:
    # given a date as written / when read / then it is that moment, Shanghai's time if bare
    assert parse_moment(written) == meant


@pytest.mark.parametrize("written", ["2020年2月30日", "2020-07-25 25:00", "下周一", "7/25"])
def test_what_is_no_date_is_not_read_as_one(written: str) -> None:
    assert parse_moment(written) is None


def test_headers_are_found_in_either_language_and_spelling() -> None:
    # given headers with brackets, asterisks, spaces and full-width forms
    row = COLUMNS.row(2, {"区划代码 *": "341503", "紧急程度（必填）": "紧急", "备注": "x"})

    # then each finds its field, and unknown columns are left out
    assert row.cells == {"regionCode": "341503", "urgency": "紧急"}
    assert sheets.choice(row, "urgency", Urgency, {"紧急": Urgency.CRITICAL}) is Urgency.CRITICAL
    assert COLUMNS.field_of("Region_Code") == "regionCode"


def test_a_region_name_shared_by_several_is_settled_by_the_incident_or_refused() -> None:
    # given 朝阳区, a district of Beijing and of Changchun
    beijing = COLUMNS.row(2, {"地区": "朝阳区"})
    anywhere = COLUMNS.row(3, {"地区": "朝阳区"})

    # when read for an incident in Beijing, and for one elsewhere
    assert sheets.region(beijing, "regionCode", within=("110000",)) == "110105"
    assert sheets.region(anywhere, "regionCode", within=("341500",)) is None

    # then the second is refused, naming its row, its column and both regions
    (error,) = anywhere.errors.items
    assert error.field == ("regionCode",)
    assert error.message.startswith('Row 3, column "地区": 朝阳区 names 2 regions')


def test_region_names_with_their_ancestors_find_one_county() -> None:
    for written in ("霍邱县", "六安市霍邱县", "安徽省 六安市 霍邱县"):
        row = COLUMNS.row(2, {"地区": written})
        assert sheets.region(row, "regionCode") == "341522"


def test_text_is_decoded_strictly() -> None:
    text = "地区,数量\n霍邱县,5\n"
    assert sheets.decode_text(text.encode("gb18030")) == text
    assert sheets.decode_text(text.encode("utf-8-sig")) == text
    with pytest.raises(DomainError):
        sheets.decode_text(b"\x81\x20\xff")
