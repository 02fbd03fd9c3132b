"""The columns of the CSV and HXL exports: a human header, an HXL 1.1 hashtag, a value.

HXL puts its hashtag row right under the human header row; libhxl writes both, so a
malformed hashtag fails here rather than in a cluster coordinator's tools. Quantities
are in the category's unit and carry `#output+num`; people are `#inneed`. Individual
volunteers are never named: they appear as VOLUNTEER providers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import hxl

from api.kernel.ids import to_global_id
from domain.categories.model import Category
from domain.dispatch.model import Dispatch
from domain.kernel import policy, regions
from domain.kernel.auth.principal import Principal
from domain.matching.records import Allocation
from domain.needs.model import Need
from domain.offers.model import Offer
from domain.registry.model import Organization
from domain.reports.three_w import VOLUNTEER

BOM = "\ufeff"  # Excel reads a BOM-less CSV as the local code page and garbles Chinese.


@dataclass(frozen=True)
class Column:
    header: str
    tag: str
    value: Callable[[Any], object]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def render(columns: Sequence[Column], rows: Iterable[Any], *, tags: bool) -> str:
    """CSV text with a BOM: headers, the hashtag row when `tags`, then the rows."""
    table: list[list[object]] = [[c.header for c in columns], [c.tag for c in columns]]
    table.extend([_cell(c.value(row)) for c in columns] for row in rows)
    return BOM + "".join(hxl.data(table).gen_csv(show_headers=True, show_tags=tags))


def _level(code: str | None, depth: int) -> regions.Region | None:
    chain = regions.path(code) if code else ()
    return chain[depth] if len(chain) > depth else None


def adm(region_code: Callable[[Any], str | None]) -> list[Column]:
    """#adm1..#adm3 code and name: province, prefecture, county of the row's region."""
    columns: list[Column] = []
    for depth, label in enumerate(("省", "市", "县")):
        tag = f"#adm{depth + 1}"

        def code(row: Any, depth: int = depth) -> str | None:
            region = _level(region_code(row), depth)
            return region.code if region else None

        def name(row: Any, depth: int = depth) -> str | None:
            region = _level(region_code(row), depth)
            return region.name if region else None

        columns += [Column(f"{label}代码", f"{tag}+code", code), Column(label, f"{tag}+name", name)]
    return columns


def category(code: Callable[[Any], str], taxonomy: dict[str, Category]) -> list[Column]:
    """#sector (the category group), #subsector (the category) and its unit."""

    def known(row: Any) -> Category | None:
        return taxonomy.get(code(row))

    return [
        Column("类别组", "#sector+code", lambda r: getattr(known(r), "group", None)),
        Column("类别代码", "#subsector+code", code),
        Column("类别", "#subsector+name", lambda r: getattr(known(r), "name_zh", None)),
        Column("单位", "#output+unit", lambda r: getattr(known(r), "unit", None)),
    ]


def provider(org: Callable[[Any], Organization | None]) -> list[Column]:
    """#org+impl: the implementing organization, or VOLUNTEER for an individual."""

    def kind(row: Any) -> str:
        known = org(row)
        return known.kind.value if known else VOLUNTEER

    return [
        Column("提供方", "#org+impl", lambda r: getattr(org(r), "name", VOLUNTEER)),
        Column("统一社会信用代码", "#org+impl+code", lambda r: getattr(org(r), "uscc", None)),
        Column("提供方类型", "#org+impl+type", kind),
    ]


def three_w(taxonomy: dict[str, Category]) -> list[Column]:
    return [
        *adm(lambda r: r.region_code),
        Column("提供方", "#org+impl", lambda r: r.organization_name or VOLUNTEER),
        Column("统一社会信用代码", "#org+impl+code", lambda r: r.uscc),
        Column("提供方类型", "#org+impl+type", lambda r: r.provider_kind.value),
        *category(lambda r: r.category_code, taxonomy),
        Column("已分配", "#output+num+allocated", lambda r: r.allocated),
        Column("已送达", "#output+num+delivered", lambda r: r.delivered),
        Column("需求数", "#meta+count", lambda r: r.needs),
        Column("目标受益人数", "#targeted", lambda r: r.people_targeted),
        Column("已惠及人数", "#reached", lambda r: r.people_reached),
        Column("开始时间", "#date+start", lambda r: r.started_at),
    ]


def coverage(taxonomy: dict[str, Category]) -> list[Column]:
    return [
        *adm(lambda r: r.region_code),
        *category(lambda r: r.category_code, taxonomy),
        Column("需求量", "#output+num+needed", lambda r: r.needed),
        Column("已分配", "#output+num+allocated", lambda r: r.allocated),
        Column("已送达", "#output+num+delivered", lambda r: r.delivered),
        # The needs' shortfalls summed: Need.shortfall, as every report counts it.
        Column("缺口", "#output+num+gap", lambda r: r.shortfall),
        Column("受益人数", "#inneed", lambda r: r.beneficiaries),
    ]


def needs(
    taxonomy: dict[str, Category], principal: Principal, verified_provider: bool = False
) -> list[Column]:
    def point(r: Need) -> bool:
        return policy.may_see_exact_location(
            principal,
            special_groups=r.special_groups,
            region_code=r.region_code,
            verified_provider=verified_provider,
        )

    return [
        Column("需求编号", "#meta+id", lambda r: to_global_id("Need", r.id)),
        *adm(lambda r: r.region_code),
        *category(lambda r: r.category_code, taxonomy),
        Column("需求量", "#output+num+needed", lambda r: r.quantity),
        Column("已分配", "#output+num+allocated", lambda r: r.quantity_allocated),
        Column("已送达", "#output+num+delivered", lambda r: r.quantity_delivered),
        Column("缺口", "#output+num+gap", lambda r: r.shortfall),
        Column("受益人数", "#inneed", lambda r: r.beneficiary_count),
        Column("紧急程度", "#severity", lambda r: r.urgency.value),
        Column("状态", "#status", lambda r: r.status.value),
        Column("发布时间", "#date+reported", lambda r: r.created_at),
        Column("需要时间", "#date+deadline", lambda r: r.needed_by),
        # A need naming special groups gives its county only to whom may not see the point.
        Column("纬度", "#geo+lat", lambda r: r.latitude if point(r) else None),
        Column("经度", "#geo+lon", lambda r: r.longitude if point(r) else None),
        Column("说明", "#description", lambda r: r.description),
    ]


OfferRow = tuple[Offer, Organization | None]


def offers(taxonomy: dict[str, Category]) -> list[Column]:
    def offer(r: OfferRow) -> Offer:
        return r[0]

    def org(r: OfferRow) -> Organization | None:
        return r[1]

    return [
        Column("供给编号", "#meta+id", lambda r: to_global_id("Offer", offer(r).id)),
        *provider(org),
        # An organization's home region; a volunteer's stays private.
        *adm(lambda r: getattr(org(r), "region_code", None)),
        *category(lambda r: offer(r).category_code, taxonomy),
        Column("供给量", "#capacity+num", lambda r: offer(r).quantity),
        Column("已承诺", "#capacity+num+committed", lambda r: offer(r).quantity_committed),
        Column("可用开始", "#date+start", lambda r: offer(r).available_from),
        Column("可用结束", "#date+end", lambda r: offer(r).available_until),
        Column("状态", "#status", lambda r: offer(r).status.value),
        Column("说明", "#description", lambda r: offer(r).description),
    ]


DispatchRow = tuple[Dispatch, Allocation, Need, Organization | None]


def dispatches(taxonomy: dict[str, Category]) -> list[Column]:
    def dispatch(r: DispatchRow) -> Dispatch:
        return r[0]

    def need(r: DispatchRow) -> Need:
        return r[2]

    return [
        Column("调度单号", "#activity+code", lambda r: dispatch(r).code),
        *provider(lambda r: r[3]),
        *adm(lambda r: need(r).region_code),
        *category(lambda r: need(r).category_code, taxonomy),
        Column("调度量", "#output+num+allocated", lambda r: r[1].quantity),
        Column("已送达", "#output+num+delivered", lambda r: dispatch(r).delivered_quantity),
        Column("已签收", "#output+num+received", lambda r: dispatch(r).received_quantity),
        Column("状态", "#status", lambda r: dispatch(r).status.value),
        Column("签发时间", "#date+start", lambda r: dispatch(r).issued_at),
        Column("截止时间", "#date+deadline", lambda r: dispatch(r).deadline),
        Column("送达时间", "#date+end", lambda r: dispatch(r).delivered_at),
    ]
