"""Finding a GB/T 2260 division by what a person types: its Chinese name, its pinyin or
the pinyin initials, or its code.

Nobody in an office should have to know that Huoqiu is 341522. People type 霍邱, huoqiu or
hq, sometimes with the prefecture first (六安 霍邱), and pick from what matches. Place
names are full of characters with more than one reading (长丰 is chang, not zhang), so
every reading's spelling is indexed, not only the commonest.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, pinyin

from domain.kernel import regions
from domain.kernel.regions import Region

# Typed without them just as often as with them: 霍邱 for 霍邱县.
_SUFFIXES = ("自治县", "自治州", "特别行政区", "自治区", "地区", "县", "市", "区", "盟", "旗", "省")
_READINGS_CAP = 16  # spellings per name; a name with more readings than this is rare
_TOKEN = re.compile(r"[\s,，、/]+")


@dataclass(frozen=True, slots=True)
class _Entry:
    region: Region
    short_name: str
    spellings: frozenset[str]  # full pinyin and initials, every reading


def _short(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _spellings(name: str) -> frozenset[str]:
    full = pinyin(name, style=Style.NORMAL, heteronym=True)
    initials = pinyin(name, style=Style.FIRST_LETTER, heteronym=True)
    out: set[str] = set()
    for readings in (full, initials):
        choices = [sorted(set(r)) for r in readings]
        for combo in itertools.islice(itertools.product(*choices), _READINGS_CAP):
            out.add("".join(combo).lower())
    return frozenset(out)


@lru_cache(maxsize=1)
def _entries() -> tuple[_Entry, ...]:
    return tuple(
        _Entry(
            region,
            _short(region.name),
            _spellings(region.name) | _spellings(_short(region.name)),
        )
        for region in regions.all_regions()
    )


@lru_cache(maxsize=1)
def _by_code() -> dict[str, _Entry]:
    return {e.region.code: e for e in _entries()}


def _matches_own(entry: _Entry, token: str) -> int | None:
    """How well `token` names this division itself: 0 exactly, 1 by its start, 2 inside."""
    name, short = entry.region.name, entry.short_name
    if token.isdigit():
        code = entry.region.code
        return 0 if code == token else 1 if code.startswith(token) else None
    if token.isascii():
        token = token.lower()
        if token in entry.spellings:
            return 0
        return 1 if any(s.startswith(token) for s in entry.spellings) else None
    if token in (name, short):
        return 0
    if name.startswith(token):
        return 1
    return 2 if token in name else None


def _matches_path(chain: tuple[_Entry, ...], token: str) -> bool:
    return any(_matches_own(entry, token) is not None for entry in chain)


def search(text: str, *, within: str | None = None, limit: int = 10) -> list[Region]:
    """The divisions `text` names, best first; at most `limit`, inside `within` if given.

    The last word names the division; words before it must name one of its ancestors
    (六安 霍邱, anhui huoqiu). The best match is the exact name or code, then a start,
    then a part; among equals, the higher level first (a county's namesake city before
    the county), then the code.
    """
    tokens = [t for t in _TOKEN.split(text.strip()) if t]
    if not tokens:
        return []
    by_code = _by_code()
    *context, own = tokens
    ranked: list[tuple[int, int, str, Region]] = []
    for entry in _entries():
        region = entry.region
        if within and not regions.covers(within, region.code):
            continue
        quality = _matches_own(entry, own)
        if quality is None:
            continue
        if context:
            ancestors = tuple(by_code[r.code] for r in regions.path(region.code)[:-1])
            if not all(_matches_path(ancestors, token) for token in context):
                continue
        level = list(regions.RegionLevel).index(region.level)
        ranked.append((quality, level, region.code, region))
    ranked.sort(key=lambda row: row[:3])
    return [row[3] for row in ranked[: max(0, limit)]]


def full_name(code: str) -> str:
    """The division with its ancestors, as an address reads: 安徽省六安市霍邱县."""
    return "".join(r.name for r in regions.path(code))
