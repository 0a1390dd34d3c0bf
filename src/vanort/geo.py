"""A small map drawn from coordinates alone: no tile server, no external library.

Points are projected equirectangularly with the longitude scaled by cos(mean latitude), so
Scandinavia does not look twice as wide as it is; links (e.g. twin towns) are straight lines.

>>> m = project([Point("a", "A", 63.9, 19.8), Point("b", "B", 45.9, 13.9)], [("a", "b")])
>>> len(m.points), len(m.lines)
(2, 1)
>>> all(0 <= p.x <= m.width and 0 <= p.y <= m.height for p in m.points)
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

WIDTH = 480
HEIGHT = 360
PAD = 36


@dataclass(frozen=True)
class Point:
    key: str  # local URL of the place
    label: str
    lat: float
    long: float
    highlight: bool = False


@dataclass(frozen=True)
class Placed:
    point: Point
    x: float
    y: float


@dataclass
class Map:
    width: int
    height: int
    points: list[Placed] = field(default_factory=list)
    lines: list[tuple[Placed, Placed]] = field(default_factory=list)
    graticule: list[tuple[str, float, float, float, float]] = field(default_factory=list)


_WKT_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)


def wkt_point(text: str) -> tuple[float, float] | None:
    """(lat, long) of a GeoSPARQL WKT point (which is written long first), optionally with a CRS.

    >>> wkt_point("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(19.75 63.91)")
    (63.91, 19.75)
    """
    match = _WKT_POINT.search(text)
    return (float(match.group(2)), float(match.group(1))) if match else None


def project(points: list[Point], links: list[tuple[str, str]]) -> Map:
    """Fit the points into the map's box, keep their shape, and join the linked ones."""
    drawn = Map(WIDTH, HEIGHT)
    if not points:
        return drawn
    lats = [p.lat for p in points]
    longs = [p.long for p in points]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(longs) - min(longs)) * squeeze, 1.0)
    span_y = max(max(lats) - min(lats), 1.0)
    scale = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)
    centre_long = (max(longs) + min(longs)) / 2
    centre_lat = (max(lats) + min(lats)) / 2

    def place(lat: float, long: float) -> tuple[float, float]:
        return (round(WIDTH / 2 + (long - centre_long) * squeeze * scale, 1),
                round(HEIGHT / 2 - (lat - centre_lat) * scale, 1))

    by_key: dict[str, Placed] = {}
    for p in points:
        x, y = place(p.lat, p.long)
        by_key[p.key] = Placed(p, x, y)
    drawn.points = sorted(by_key.values(), key=lambda placed: placed.point.highlight)
    drawn.lines = [(by_key[a], by_key[b]) for a, b in links if a in by_key and b in by_key]
    step = 5 if max(span_x / squeeze, span_y) > 8 else 1
    for lat in range(int(min(lats)) // step * step, int(max(lats)) + step + 1, step):
        _, y = place(lat, centre_long)
        if 0 <= y <= HEIGHT:
            drawn.graticule.append((f"{lat}°N" if lat >= 0 else f"{-lat}°S", 0, y, WIDTH, y))
    for long in range(int(min(longs)) // step * step, int(max(longs)) + step + 1, step):
        x, _ = place(centre_lat, long)
        if 0 <= x <= WIDTH:
            drawn.graticule.append((f"{long}°E" if long >= 0 else f"{-long}°W", x, 0, x, HEIGHT))
    return drawn
