"""The base layer of the maps: Natural Earth 1:50m country outlines, drawn server-side as SVG.

The outlines come as TopoJSON from npm's ``world-atlas`` package (ISC; Natural Earth is public
domain), vendored by ``make vendor`` into ``static/vendor/world-atlas/`` like Yasgui. Nothing
is fetched at run time and no script runs in the browser: the map works without JavaScript.
Without the vendored file a map has no base layer (``available()`` is False) and says so.

TopoJSON stores shared borders once as quantized, delta-encoded arcs (TopoJSON spec §2.1.4,
§2.2.2); a polygon ring lists arc indices, ``~i`` meaning arc ``i`` reversed.

>>> arcs = decode_arcs({"transform": {"scale": [1, 1], "translate": [0, 0]},
...                     "arcs": [[[0, 0], [2, 0], [0, 2]], [[2, 2], [-2, -2]]]})
>>> ring([0, 1], arcs)
[(0.0, 0.0), (2.0, 0.0), (2.0, 2.0), (0.0, 0.0)]
>>> sorted({(float(x), float(y)) for x, y in clip([(-5, 5), (5, 5), (5, 15)], 0, 0, 10, 10)})
[(0.0, 5.0), (0.0, 10.0), (5.0, 5.0), (5.0, 10.0)]
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

SOURCE = ("static", "vendor", "world-atlas", "countries-50m.json")
ATTRIBUTION = "Natural Earth (public domain) via world-atlas 2.0.2"

LonLat = tuple[float, float]


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[tuple[LonLat, ...], ...]
    boxes: tuple[tuple[float, float, float, float], ...]  # (west, south, east, north) per ring


def available() -> bool:
    return resources.files("vanort").joinpath(*SOURCE).is_file()


def decode_arcs(topology: dict[str, Any]) -> list[list[LonLat]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def ring(indices: list[int], arcs: list[list[LonLat]]) -> list[LonLat]:
    """The closed ring of ``indices``; consecutive arcs share their joining point."""
    points: list[LonLat] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return [(float(x), float(y)) for x, y in points]


@cache
def countries() -> tuple[Country, ...]:
    """Every country's rings, read once per process (about 0.2 s)."""
    if not available():
        return ()
    topology = json.loads(resources.files("vanort").joinpath(*SOURCE).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    found = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings = tuple(tuple(ring(r, arcs)) for polygon in polygons for r in polygon)
        boxes = tuple((min(p[0] for p in r), min(p[1] for p in r), max(p[0] for p in r), max(p[1] for p in r))
                      for r in rings if r)
        found.append(Country(geometry.get("properties", {}).get("name", ""), rings, boxes))
    return tuple(found)


def clip(points: list[tuple[float, float]], left: float, top: float, right: float,
         bottom: float) -> list[tuple[float, float]]:
    """Sutherland–Hodgman: the part of a polygon inside a rectangle (still a closed polygon)."""
    edges: list[Callable[[tuple[float, float]], bool]] = [
        lambda p: p[0] >= left, lambda p: p[0] <= right, lambda p: p[1] >= top, lambda p: p[1] <= bottom]
    bounds = [("x", left), ("x", right), ("y", top), ("y", bottom)]
    for inside, (axis, value) in zip(edges, bounds):
        if not points:
            break
        result = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(_cross(previous, current, axis, value))
                result.append(current)
            elif inside(previous):
                result.append(_cross(previous, current, axis, value))
            previous = current
        points = result
    return points


def _cross(a: tuple[float, float], b: tuple[float, float], axis: str, value: float) -> tuple[float, float]:
    if axis == "x":
        t = (value - a[0]) / (b[0] - a[0])
        return (value, a[1] + t * (b[1] - a[1]))
    t = (value - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), value)


def apart(points: tuple[LonLat, ...], per_x: float, per_y: float) -> list[LonLat]:
    """The points at least half a pixel from the last one kept (``per_x``/``per_y``: degrees a
    pixel), the first and last always kept so that the ring stays closed.

    >>> apart(((0, 0), (0.1, 0), (1, 0), (1, 1), (0, 0)), 1.0, 1.0)
    [(0, 0), (1, 0), (1, 1), (0, 0)]
    """
    kept = [points[0]]
    for long, lat in points[1:-1]:
        if abs(long - kept[-1][0]) / per_x + abs(lat - kept[-1][1]) / per_y >= 0.5:
            kept.append((long, lat))
    kept.append(points[-1])
    return kept


def paths(project: Callable[[float, float], tuple[float, float]], view: tuple[float, float, float, float],
          width: float, height: float) -> list[str]:
    """SVG path data of every country ring that reaches the view ``(west, south, east, north)``,
    projected, clipped to the map (2 px beyond its edge, so no clip line shows) and thinned to
    points at least half a pixel apart."""
    west, south, east, north = view
    # Degrees a pixel along each axis (the projection is linear in both): a ring under half a
    # pixel is not drawn, and points under half a pixel apart are dropped before they are
    # projected. On a world map (~35 km a pixel, 1:50m has a point every few km) that is most
    # of them: the home page's map took 0.5 s of its first render (issue #15).
    per_x, per_y = (east - west) / width, (north - south) / height
    drawn = []
    for country in countries():
        parts = []
        for points, (w, s, e, n) in zip(country.rings, country.boxes):
            if e < west or w > east or n < south or s > north:
                continue
            if (e - w) / per_x < 0.5 and (n - s) / per_y < 0.5:
                continue
            projected = [project(lat, long) for long, lat in apart(points, per_x, per_y)]
            kept = clip(projected, -2, -2, width + 2, height + 2)
            thinned: list[tuple[float, float]] = []
            for x, y in kept:
                if not thinned or abs(x - thinned[-1][0]) + abs(y - thinned[-1][1]) >= 0.5:
                    thinned.append((x, y))
            if len(thinned) >= 3:
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in thinned) + "Z")
        if parts:
            drawn.append("".join(parts))
    return drawn
