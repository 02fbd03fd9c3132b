"""Downloads of an incident's reports as CSV or HXL-tagged CSV.

GET /exports/incidents/{incidentId}/{report}.csv?regionCode=341500&format=hxl, where
report is 3w, coverage, needs, offers or dispatches. Authentication is GraphQL's (bearer
token or the portal's cookie) and so is visibility: coverage, needs and offers are
public; the 3W and dispatches follow the `allocations` and `dispatches` queries.
No CSRF check: these are reads, and the SameSite=Strict cookie never rides a
cross-site request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import quote

from cross_web import HTTPException
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from api.kernel.ids import expect_id
from api.kernel.types import graphql_path
from api.reports import tables
from domain.categories.model import Category
from domain.kernel.auth.principal import Principal
from domain.kernel.db.engine import Database
from domain.kernel.errors import DomainError, ErrorCode
from domain.registry import standing
from domain.reports import coverage, exports
from domain.reports import three_w as reports

PrincipalFor = Callable[[Request], Awaitable[Principal]]
STATUS = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.OUT_OF_JURISDICTION: 403,
}
FORMATS = ("csv", "hxl")


class ExportRequest:
    """What was asked: the incident, the region subtree, and whether to add HXL tags."""

    def __init__(self, request: Request) -> None:
        self.incident_id = expect_id(request.path_params["incident_id"], "Incident", "incidentId")
        self.region_code: str | None = request.query_params.get("regionCode") or None
        fmt = request.query_params.get("format", "csv")
        if fmt not in FORMATS:
            raise DomainError.single("format", ErrorCode.INVALID, "format is csv or hxl.")
        self.hxl = fmt == "hxl"


Rows = Callable[[AsyncSession, Principal, ExportRequest], Awaitable[Sequence[Any]]]
# The columns of a report, for the taxonomy and the viewer (a need's point is not for all:
# the flag says whether the viewer acts for a verified provider).
Columns = Callable[[dict[str, Category], Principal, bool], list[tables.Column]]
REPORTS: dict[str, tuple[Rows, Columns]] = {
    "3w": (
        lambda s, p, q: reports.three_w(s, p, q.incident_id, q.region_code),
        lambda taxonomy, *_: tables.three_w(taxonomy),
    ),
    "coverage": (
        lambda s, _, q: coverage.coverage_grid(s, q.incident_id, q.region_code),
        lambda taxonomy, *_: tables.coverage(taxonomy),
    ),
    "needs": (
        lambda s, _, q: exports.incident_needs(s, q.incident_id, q.region_code),
        tables.needs,
    ),
    "offers": (
        lambda s, _, q: exports.incident_offers(s, q.incident_id, q.region_code),
        lambda taxonomy, *_: tables.offers(taxonomy),
    ),
    "dispatches": (
        lambda s, p, q: exports.incident_dispatches(s, p, q.incident_id, q.region_code),
        lambda taxonomy, *_: tables.dispatches(taxonomy),
    ),
}


def _refusal(refusal: DomainError) -> JSONResponse:
    errors = [
        {"field": graphql_path(e.field), "message": e.message, "code": e.code.value}
        for e in refusal.errors
    ]
    status = STATUS.get(refusal.errors[0].code, 400)
    headers = {"www-authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"errors": errors}, status_code=status, headers=headers)


def _filename(q: ExportRequest, report: str) -> str:
    region = f"-{q.region_code}" if q.region_code else ""
    return f"incident-{str(q.incident_id)[:8]}-{report}{region}{'.hxl' if q.hxl else ''}.csv"


def export_routes(db: Database, principal_for: PrincipalFor) -> list[Route]:
    """The download routes, authenticating as the GraphQL endpoint does."""

    async def download(request: Request) -> Response:
        report = REPORTS.get(request.path_params["report"])
        if report is None:
            return JSONResponse({"errors": [{"message": "No such report."}]}, status_code=404)
        try:
            principal = await principal_for(request)
        except HTTPException as refused:
            return JSONResponse(
                {"errors": [{"field": None, "message": refused.reason, "code": "UNAUTHENTICATED"}]},
                status_code=refused.status_code,
                headers={"www-authenticate": "Bearer"},
            )
        try:
            q = ExportRequest(request)
            async with db.session() as session:
                await reports.get_incident(session, q.incident_id)
                fetch, columns = report
                rows = await fetch(session, principal, q)
                taxonomy = await exports.categories(session)
                # Only the needs' points ask who the viewer acts for.
                verified = request.path_params["report"] == "needs" and (
                    await standing.verified_provider(session, principal)
                )
        except DomainError as refusal:
            return _refusal(refusal)
        text = tables.render(columns(taxonomy, principal, verified), rows, tags=q.hxl)
        name = _filename(q, request.path_params["report"])
        return Response(
            text.encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="{name}"; '
                f"filename*=UTF-8''{quote(name)}",
                # Reports carry non-public rows for some viewers: no shared cache keeps them.
                "cache-control": "private, no-store",
            },
        )

    return [Route("/exports/incidents/{incident_id}/{report}.csv", download, methods=["GET"])]
