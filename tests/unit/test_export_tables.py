"""The export columns: place codes per level, and libhxl as the writer of the tag row."""

from __future__ import annotations

import hxl
import pytest

from api.reports import tables
from domain.reports.coverage import Cell


def test_a_prefecture_wide_row_leaves_the_county_columns_empty() -> None:
    # given a coverage cell for the whole of Lu'an (a prefecture, not a county)
    # in which 15 tents are still short (10 never allocated, 5 delivered and unconfirmed)
    cell = Cell(
        "341500", "TENTS", needed=40, allocated=30, delivered=25, shortfall=15, beneficiaries=120
    )

    # when it is rendered as HXL
    text = tables.render(tables.coverage({}), [cell], tags=True)

    # then province and prefecture are filled, the county left blank, the BOM first
    assert text.startswith(tables.BOM)
    header, tags, row = text[1:].splitlines()
    values = dict(zip(tags.split(","), row.split(","), strict=True))
    assert values["#adm1+code"] == "340000" and values["#adm1+name"] == "安徽省"
    assert values["#adm2+code"] == "341500" and values["#adm2+name"] == "六安市"
    assert values["#adm3+code"] == values["#adm3+name"] == ""
    # and the gap is the cell's shortfall, not needed minus allocated
    assert values["#output+num+gap"] == "15" and values["#inneed"] == "120"
    assert header.split(",")[0] == "省代码"


def test_plain_csv_drops_the_tag_row() -> None:
    # given the same cell / when rendered as plain CSV / then header and row only
    cell = Cell("341503", "TENTS", needed=1, allocated=0, delivered=0, shortfall=1, beneficiaries=0)
    assert len(tables.render(tables.coverage({}), [cell], tags=False).splitlines()) == 2


def test_a_malformed_hashtag_cannot_be_written() -> None:
    # given a column whose tag is not HXL (a space instead of an attribute's +)
    broken = [tables.Column("机构", "#org impl", lambda r: r)]

    # when rendered / then libhxl finds no hashtag row and refuses
    with pytest.raises(hxl.HXLException):
        tables.render(broken, ["红十字会"], tags=True)
