"""A map drawn from coordinates: country outlines as the base layer (``basemap``), the places,
the links between them and labels that do not overlap, all as SVG geometry computed here, so
the page needs no tile server, no script and nothing from elsewhere.

Points are projected equirectangularly with the longitude scaled by cos(mean latitude), so
Scandinavia does not look twice as wide as it is; links (e.g. twin towns) are straight lines.
Labels are placed greedily (the highlighted place first): the first of eight positions around
the point that stays inside the map and touches no other label or point wins; a label that
fits nowhere is left out of the picture (every place is also in the list under the map).

>>> m = project([Point("a", "A", 63.9, 19.8), Point("b", "B", 45.9, 13.9)], [("a", "b")])
>>> len(m.points), len(m.lines)
(2, 1)
>>> all(0 <= p.x <= m.width and 0 <= p.y <= m.height for p in m.points)
True
>>> all(0 <= l.box[0] and l.box[2] <= m.width for l in m.labels)
True
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from . import basemap

WIDTH = 600
HEIGHT = 440
PAD = 40
FONT = 12  # label size in map units
CHAR = 0.58 * FONT  # average width of a character of the label font


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


@dataclass(frozen=True)
class Label:
    text: str
    x: float
    y: float
    anchor: str  # SVG text-anchor
    box: tuple[float, float, float, float]  # left, top, right, bottom


@dataclass
class Map:
    width: int
    height: int
    points: list[Placed] = field(default_factory=list)
    lines: list[tuple[Placed, Placed]] = field(default_factory=list)
    land: list[str] = field(default_factory=list)  # SVG path data of the countries in view
    labels: list[Label] = field(default_factory=list)
    base_layer: bool = False  # the country outlines were available
    attribution: str = basemap.ATTRIBUTION


_WKT_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)


def wkt_point(text: str) -> tuple[float, float] | None:
    """(lat, long) of a GeoSPARQL WKT point (which is written long first), optionally with a CRS.

    >>> wkt_point("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(19.75 63.91)")
    (63.91, 19.75)
    """
    match = _WKT_POINT.search(text)
    return (float(match.group(2)), float(match.group(1))) if match else None


def project(points: list[Point], links: list[tuple[str, str]]) -> Map:
    """Fit the points into the map's box, keep their shape, draw the land, join the linked ones
    and label them."""
    drawn = Map(WIDTH, HEIGHT)
    if not points:
        return drawn
    lats = [p.lat for p in points]
    longs = [p.long for p in points]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(longs) - min(longs)) * squeeze, 0.5)
    span_y = max(max(lats) - min(lats), 0.5)
    scale = min((WIDTH - 2 * PAD) / span_x, (HEIGHT - 2 * PAD) / span_y)
    centre_long = (max(longs) + min(longs)) / 2
    centre_lat = (max(lats) + min(lats)) / 2

    def place(lat: float, long: float) -> tuple[float, float]:
        return (round(WIDTH / 2 + (long - centre_long) * squeeze * scale, 1),
                round(HEIGHT / 2 - (lat - centre_lat) * scale, 1))

    half_w, half_h = WIDTH / 2 / scale / squeeze, HEIGHT / 2 / scale
    view = (centre_long - half_w, centre_lat - half_h, centre_long + half_w, centre_lat + half_h)
    drawn.base_layer = basemap.available()
    drawn.land = basemap.paths(place, view, WIDTH, HEIGHT)
    by_key: dict[str, Placed] = {}
    for p in points:
        x, y = place(p.lat, p.long)
        by_key[p.key] = Placed(p, x, y)
    drawn.points = sorted(by_key.values(), key=lambda placed: (placed.point.highlight, placed.point.label))
    drawn.lines = [(by_key[a], by_key[b]) for a, b in links if a in by_key and b in by_key]
    drawn.labels = place_labels(drawn.points, WIDTH, HEIGHT)
    return drawn


# Offsets (dx, dy of the text's anchor point) and anchors, in order of preference.
_POSITIONS = ((9, 4, "start"), (-9, 4, "end"), (0, -9, "middle"), (0, 17, "middle"),
              (7, -6, "start"), (7, 15, "start"), (-7, -6, "end"), (-7, 15, "end"))


def place_labels(points: list[Placed], width: float, height: float) -> list[Label]:
    """Greedy placement with collision checks; the highlighted place and then the others by name.

    >>> a, b = Placed(Point("a", "Bjurholm", 0, 0), 100, 100), Placed(Point("b", "Vännäs", 0, 0), 104, 102)
    >>> labels = place_labels([a, b], 300, 200)
    >>> len(labels), _overlap(labels[0].box, labels[1].box)
    (2, False)
    >>> place_labels([Placed(Point("c", "Far east", 0, 0), 298, 100)], 300, 200)[0].anchor
    'end'
    """
    dots = [(p.x - 6, p.y - 6, p.x + 6, p.y + 6) for p in points]
    taken: list[tuple[float, float, float, float]] = []
    labels = []
    for placed in sorted(points, key=lambda p: (not p.point.highlight, p.point.label)):
        text_width = len(placed.point.label) * CHAR
        for dx, dy, anchor in _POSITIONS:
            x, y = placed.x + dx, placed.y + dy
            left = x - {"start": 0, "middle": text_width / 2, "end": text_width}[anchor]
            box = (left - 1, y - FONT + 1, left + text_width + 1, y + 3)
            if box[0] < 1 or box[1] < 1 or box[2] > width - 1 or box[3] > height - 1:
                continue
            own = (placed.x - 6, placed.y - 6, placed.x + 6, placed.y + 6)
            if any(_overlap(box, other) for other in taken) or any(
                    _overlap(box, dot) for dot in dots if dot != own):
                continue
            taken.append(box)
            labels.append(Label(placed.point.label, round(x, 1), round(y, 1), anchor,
                                tuple(round(v, 1) for v in box)))  # type: ignore[arg-type]
            break
    return labels


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
