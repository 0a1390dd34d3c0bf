"""A map drawn from coordinates: country outlines as the base layer (``basemap``), the places,
the links between them and labels that do not overlap, all as SVG geometry computed here, so
the page needs no tile server, no script and nothing from elsewhere.

Points are projected equirectangularly with the longitude scaled by cos(mean latitude), so
Scandinavia does not look twice as wide as it is; links (e.g. twin towns) are straight lines.
Labels are placed greedily (the highlighted place first, then the heaviest): the first of eight
positions around the point that stays inside the map and touches no other label or point wins; a
label that fits nowhere is left out of the picture (every place is also in the list under the
map). A point's weight (e.g. its number of twinnings) sets the area of its circle.

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
    weight: int = 0  # e.g. the place's twinnings: the circle's area grows with it


def radius(point: Point) -> float:
    """The circle of a place: 2 plus twice the square root of its weight (so the area beyond a
    small minimum grows with the weight, as readers compare areas), else the plain sizes.

    >>> radius(Point("a", "A", 0, 0)), radius(Point("a", "A", 0, 0, weight=1)), radius(Point("a", "A", 0, 0, weight=16))
    (4.5, 4.0, 10.0)
    """
    if point.weight > 0:
        return round(2 + 2 * math.sqrt(point.weight), 1)
    return 6.0 if point.highlight else 4.5


@dataclass(frozen=True)
class Placed:
    point: Point
    x: float
    y: float

    @property
    def r(self) -> float:
        return radius(self.point)


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
    sizes: list[tuple[int, float]] = field(default_factory=list)  # (weight, radius) for the legend
    attribution: str = basemap.ATTRIBUTION


_WKT_POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)


def wkt_point(text: str) -> tuple[float, float] | None:
    """(lat, long) of a GeoSPARQL WKT point (which is written long first), optionally with a CRS.

    >>> wkt_point("<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POINT(19.75 63.91)")
    (63.91, 19.75)
    """
    match = _WKT_POINT.search(text)
    return (float(match.group(2)), float(match.group(1))) if match else None


def project(points: list[Point], links: list[tuple[str, str]], width: int = WIDTH, height: int = HEIGHT,
            labels: int | None = None) -> Map:
    """Fit the points into a ``width`` x ``height`` box, keep their shape, draw the land, join the
    linked ones and label them (at most ``labels``: the highlighted and heaviest first)."""
    drawn = Map(width, height)
    if not points:
        return drawn
    lats = [p.lat for p in points]
    longs = [p.long for p in points]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(longs) - min(longs)) * squeeze, 0.5)
    span_y = max(max(lats) - min(lats), 0.5)
    scale = min((width - 2 * PAD) / span_x, (height - 2 * PAD) / span_y)
    centre_long = (max(longs) + min(longs)) / 2
    centre_lat = (max(lats) + min(lats)) / 2

    def place(lat: float, long: float) -> tuple[float, float]:
        return (round(width / 2 + (long - centre_long) * squeeze * scale, 1),
                round(height / 2 - (lat - centre_lat) * scale, 1))

    half_w, half_h = width / 2 / scale / squeeze, height / 2 / scale
    view = (centre_long - half_w, centre_lat - half_h, centre_long + half_w, centre_lat + half_h)
    drawn.base_layer = basemap.available()
    drawn.land = basemap.paths(place, view, width, height)
    by_key: dict[str, Placed] = {}
    for p in points:
        x, y = place(p.lat, p.long)
        by_key[p.key] = Placed(p, x, y)
    # drawn in this order: the big circles first, so a small one is never hidden under them
    drawn.points = sorted(by_key.values(), key=lambda placed: (placed.point.highlight, -placed.point.weight,
                                                               placed.point.label))
    drawn.lines = [(by_key[a], by_key[b]) for a, b in links if a in by_key and b in by_key]
    drawn.labels = place_labels(drawn.points, width, height, labels)
    drawn.sizes = [(w, radius(Point("", "", 0, 0, weight=w))) for w in size_steps([p.weight for p in points])]
    return drawn


def size_steps(weights: list[int]) -> list[int]:
    """The weights the legend shows: round steps below the largest, and the largest.

    >>> size_steps([1, 3, 14]), size_steps([0, 0]), size_steps([2])
    ([1, 5, 10, 14], [], [1, 2])
    """
    top = max(weights, default=0)
    return [s for s in (1, 5, 10, 20, 50, 100) if s < top] + [top] if top > 0 else []


# Offsets (dx, dy of the text's anchor point) and anchors, in order of preference.
_POSITIONS = ((9, 4, "start"), (-9, 4, "end"), (0, -9, "middle"), (0, 17, "middle"),
              (7, -6, "start"), (7, 15, "start"), (-7, -6, "end"), (-7, 15, "end"))


def place_labels(points: list[Placed], width: float, height: float, limit: int | None = None) -> list[Label]:
    """Greedy placement with collision checks; the highlighted place, then the heaviest, then the
    others by name; at most ``limit`` labels.

    >>> a, b = Placed(Point("a", "Bjurholm", 0, 0), 100, 100), Placed(Point("b", "Vännäs", 0, 0), 104, 102)
    >>> labels = place_labels([a, b], 300, 200)
    >>> len(labels), _overlap(labels[0].box, labels[1].box)
    (2, False)
    >>> place_labels([Placed(Point("c", "Far east", 0, 0), 298, 100)], 300, 200)[0].anchor
    'end'
    """
    def box_of(p: Placed) -> tuple[float, float, float, float]:
        r = max(6.0, p.r)
        return (p.x - r, p.y - r, p.x + r, p.y + r)

    dots = [box_of(p) for p in points]
    taken: list[tuple[float, float, float, float]] = []
    labels: list[Label] = []
    for placed in sorted(points, key=lambda p: (not p.point.highlight, -p.point.weight, p.point.label)):
        if limit is not None and len(labels) >= limit:
            break
        text_width = len(placed.point.label) * CHAR
        grow = max(0.0, placed.r - 6)  # a bigger circle pushes its label out
        for dx, dy, anchor in _POSITIONS:
            x = placed.x + dx + (grow if dx > 0 else -grow if dx < 0 else 0)
            y = placed.y + dy + (grow if dy > 5 else -grow if dy < 0 else 0)
            left = x - {"start": 0, "middle": text_width / 2, "end": text_width}[anchor]
            box = (left - 1, y - FONT + 1, left + text_width + 1, y + 3)
            if box[0] < 1 or box[1] < 1 or box[2] > width - 1 or box[3] > height - 1:
                continue
            # a label may cover a lighter place's circle (its halo keeps the circle visible), never
            # a label or a circle at least as heavy: the largest places are named where they crowd
            if any(_overlap(box, other) for other in taken) or any(
                    _overlap(box, dot) for dot, other in zip(dots, points)
                    if other is not placed and other.point.weight >= placed.point.weight):
                continue
            taken.append(box)
            labels.append(Label(placed.point.label, round(x, 1), round(y, 1), anchor,
                                tuple(round(v, 1) for v in box)))  # type: ignore[arg-type]
            break
    return labels


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
