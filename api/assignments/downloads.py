"""Hours served, downloaded: the CSV of volunteer records (志愿服务记录) for an incident or an
organization, and a volunteer's own printable record of confirmed service.

GET /exports/volunteer-hours.csv?incidentId=...|organizationId=...
GET /records/volunteer-service.html?lang=zh-CN|en   (the signed-in volunteer's own)

Authentication and visibility are GraphQL's (the `volunteerHours` query's rows). Names are
in full only inside the volunteer's organization; phones are always masked.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import quote

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from api.kernel.ids import optional_id
from api.kernel.types import graphql_path
from domain.assignments import hours
from domain.kernel import places
from domain.kernel.auth.principal import Principal
from domain.kernel.db.base import utcnow
from domain.kernel.db.engine import Database
from domain.kernel.errors import DomainError, ErrorCode
from domain.kernel.personal_data import mask_phone
from domain.notify.local_times import zone

PrincipalFor = Callable[[Request], Awaitable[Principal]]
BOM = "\ufeff"  # Excel reads a BOM-less CSV as the local code page and garbles Chinese.
HEADERS = (
    "姓名 Name",
    "证件/手机 ID/phone",
    "服务项目 Activity",
    "服务地点 Place",
    "服务日期 Date",
    "服务时长(小时) Hours",
)
STATUS = {ErrorCode.UNAUTHENTICATED: 401, ErrorCode.FORBIDDEN: 403, ErrorCode.NOT_FOUND: 404}
PRIVATE = {"cache-control": "private, no-store"}


def _refusal(refusal: DomainError) -> JSONResponse:
    errors = [
        {"field": graphql_path(e.field), "message": e.message, "code": e.code.value}
        for e in refusal.errors
    ]
    return JSONResponse({"errors": errors}, status_code=STATUS.get(refusal.errors[0].code, 400))


def _day(moment: datetime) -> str:
    return f"{moment.astimezone(zone(None)):%Y-%m-%d}"


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.2f}"


def _place(code: str) -> str:
    return places.full_name(code) or code


def csv_text(principal: Principal, lines: list[hours.ServiceLine]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for line in lines:
        name, phone = hours.shown_person(principal, line)
        writer.writerow(
            [name, phone, line.activity, _place(line.region_code), _day(line.served_on),
             _hours(line.minutes)]
        )  # fmt: skip
    return BOM + out.getvalue()


TEXTS: dict[str, dict[str, Any]] = {
    "zh-CN": {
        "title": "志愿服务记录证明",
        "intro": "兹证明 {name}（手机 {phone}）在以下活动中提供志愿服务，"
        "服务时长经组织或民政部门确认：",
        "columns": ("服务项目", "服务地点", "服务日期", "服务时长（小时）"),
        "total": "累计确认服务时长：{hours} 小时",
        "issued": "生成时间：{at}（ReliefHub）",
        "none": "暂无已确认的志愿服务记录。",
        "print": "用浏览器的“打印”可打印或存为 PDF。",
    },
    "en": {
        "title": "Record of volunteer service",
        "intro": "This records that {name} (phone {phone}) served as a volunteer in the "
        "activities below; the hours were confirmed by the organization or the office:",
        "columns": ("Activity", "Place", "Date", "Hours"),
        "total": "Confirmed service in all: {hours} hours",
        "issued": "Issued {at} by ReliefHub",
        "none": "No confirmed volunteer service yet.",
        "print": "Use the browser's Print to print it or save it as PDF.",
    },
}


def record_html(lines: list[hours.ServiceLine], name: str, phone: str, lang: str) -> str:
    """The volunteer's confirmed service as a page that prints on A4."""
    texts = TEXTS.get(lang, TEXTS["zh-CN"])
    zh = lang != "en"
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{escape(cell)}</td>"
            for cell in (
                line.activity if zh else line.activity_en,
                _place(line.region_code),
                _day(line.served_on),
                _hours(line.minutes),
            )
        )
        + "</tr>"
        for line in lines
    )
    head = "".join(f"<th>{escape(c)}</th>" for c in texts["columns"])
    total = _hours(sum(line.minutes for line in lines))
    issued = f"{utcnow().astimezone(zone(None)):%Y-%m-%d %H:%M}"
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    return f"""<!doctype html>
<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(texts["title"])}</title>
<link rel="stylesheet" href="/static/css/record.css">
</head><body>
<h1>{escape(texts["title"])}</h1>
<p>{escape(texts["intro"].format(name=name, phone=phone))}</p>
{table if lines else f"<p>{escape(texts['none'])}</p>"}
<p class="total">{escape(texts["total"].format(hours=total))}</p>
<p class="issued">{escape(texts["issued"].format(at=issued))}</p>
<p class="hint">{escape(texts["print"])}</p>
</body></html>"""


def hours_routes(db: Database, principal_for: PrincipalFor) -> list[Route]:
    """The two downloads, authenticating as the GraphQL endpoint does."""

    async def who(request: Request) -> Principal | JSONResponse:
        try:
            return await principal_for(request)
        except HTTPException as refused:
            body = {
                "errors": [{"field": None, "message": refused.reason, "code": "UNAUTHENTICATED"}]
            }
            return JSONResponse(body, status_code=refused.status_code)

    async def export(request: Request) -> Response:
        principal = await who(request)
        if isinstance(principal, JSONResponse):
            return principal
        try:
            principal.require_signed_in()
            given = hours.HoursFilter(
                incident_id=optional_id(
                    request.query_params.get("incidentId"), "Incident", "incidentId"
                ),
                organization_id=optional_id(
                    request.query_params.get("organizationId"), "Organization", "organizationId"
                ),
            )
            async with db.session() as session:
                lines = await hours.export_lines(session, principal, given)
        except DomainError as refusal:
            return _refusal(refusal)
        name = f"volunteer-hours-{utcnow():%Y%m%d}.csv"
        return Response(
            csv_text(principal, lines).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f"attachment; filename*=UTF-8''{quote(name)}",
                **PRIVATE,
            },
        )

    async def record(request: Request) -> Response:
        principal = await who(request)
        if isinstance(principal, JSONResponse):
            return principal
        try:
            principal.require_signed_in()
            async with db.session() as session:
                lines = await hours.own_lines(session, principal)
                person = await hours.own_volunteer(session, principal)
        except DomainError as refusal:
            return _refusal(refusal)
        lang = request.query_params.get("lang", "zh-CN")
        page = record_html(lines, person.display_name, mask_phone(person.phone), lang)
        return HTMLResponse(page, headers=PRIVATE)

    return [
        Route("/exports/volunteer-hours.csv", export, methods=["GET"]),
        Route("/records/volunteer-service.html", record, methods=["GET"]),
    ]
