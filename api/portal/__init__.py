"""The portal: static pages on the GraphQL API, with a cookie session."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from api.server.session import CSRF_COOKIE, CsrfGuard, set_csrf_cookie

STATIC = Path(__file__).resolve().parent / "static"

__all__ = ["CsrfGuard", "portal_routes"]


async def index(request: Request) -> Response:
    """The single page; every visitor gets a CSRF cookie to echo."""
    response = FileResponse(STATIC / "index.html", headers={"cache-control": "no-store"})
    if not request.cookies.get(CSRF_COOKIE):
        set_csrf_cookie(response, request)
    return response


def portal_routes() -> list[BaseRoute]:
    """`/` and `/static/...`: everything else goes through /graphql."""
    return [Route("/", index), Mount("/static", StaticFiles(directory=STATIC), name="static")]
