"""Finding a division by what a person types, never by knowing its code."""

from __future__ import annotations

import pytest

from domain.kernel import places


def codes(text: str, **options: object) -> list[str]:
    return [r.code for r in places.search(text, **options)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("霍邱县", "341522"),  # the full name
        ("霍邱", "341522"),  # without 县, as people say it
        ("huoqiu", "341522"),  # pinyin
        ("HuoQiu", "341522"),  # in any case
        ("341522", "341522"),  # the code still works
        ("六安 霍邱", "341522"),  # the prefecture first
        ("anhui huoqiu", "341522"),
        ("changfeng", "340121"),  # 长 read chang in 长丰, not its commoner zhang
        ("cfx", "340121"),  # the initials, 县 included
        ("六安", "341500"),
    ],
)
def test_a_place_is_found_by_its_name_its_pinyin_or_its_code(typed: str, expected: str) -> None:
    # given what a person types / when searching / then the division is the best match
    assert codes(typed)[0] == expected


def test_initials_inside_a_jurisdiction_name_the_county() -> None:
    # given the initials of 霍邱 and the Lu'an office's jurisdiction
    # when searching inside it / then only Huoqiu matches
    assert codes("hq", within="341500") == ["341522"]


def test_a_code_prefix_lists_the_subtree_prefecture_first() -> None:
    found = codes("3415", limit=3)
    assert found == ["341500", "341502", "341503"]


def test_words_before_the_last_must_name_an_ancestor() -> None:
    # given a county of Lu'an typed after another province's name / then nothing matches
    assert codes("河北 霍邱") == []


@pytest.mark.parametrize("typed", ["", "   ", "zzzzzz", "不存在的地方"])
def test_nothing_typed_or_nothing_known_finds_nothing(typed: str) -> None:
    assert codes(typed) == []


def test_the_limit_is_kept() -> None:
    assert len(codes("区", limit=4)) == 4
    assert codes("区", limit=0) == []


def test_the_full_name_reads_as_an_address() -> None:
    assert places.full_name("341522") == "安徽省六安市霍邱县"
    assert places.full_name("999999") == ""
