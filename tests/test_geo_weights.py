"""Maps of many places sized by a count (the national network, issue #14): the box size, circle
areas, the legend's sizes, and labels for the heaviest places without overlap (issue #15)."""

from __future__ import annotations

import itertools
import random

from vanort import geo


def crowd(n: int = 200, seed: int = 3) -> list[geo.Point]:
    """A made-up country: ``n`` places in a Sweden-shaped box, one of them heavy in the crowd."""
    chance = random.Random(seed)
    points = [geo.Point(f"/p/{i}", f"Place {i}", chance.uniform(55.5, 60), chance.uniform(12, 18),
                        weight=chance.randint(1, 6)) for i in range(n)]
    return points + [geo.Point("/p/heavy", "Heavy", 57.8, 15.0, weight=32)]


def test_project_fits_a_tall_box_and_sizes_circles_by_weight() -> None:
    drawn = geo.project(crowd(), [], 360, 640, labels=14)
    assert (drawn.width, drawn.height) == (360, 640)
    assert all(0 <= p.x <= 360 and 0 <= p.y <= 640 for p in drawn.points)
    heavy = next(p for p in drawn.points if p.point.key == "/p/heavy")
    light = next(p for p in drawn.points if p.point.weight == 1)
    assert heavy.r > 2 * light.r and abs((heavy.r - 2) ** 2 / (light.r - 2) ** 2 - 32) < 1  # area ~ weight
    # heaviest drawn first, so the small circles stay visible on top of it
    assert drawn.points[0].point.key == "/p/heavy"
    assert [w for w, _ in drawn.sizes] == [1, 5, 10, 20, 32]
    assert [r for _, r in drawn.sizes] == sorted(r for _, r in drawn.sizes)


def test_labels_name_the_heaviest_first_within_the_limit_without_overlap() -> None:
    drawn = geo.project(crowd(), [], 360, 640, labels=14)
    assert 0 < len(drawn.labels) <= 14
    assert drawn.labels[0].text == "Heavy"  # named although lighter places crowd it
    for a, b in itertools.combinations(drawn.labels, 2):
        assert not geo._overlap(a.box, b.box), (a, b)
    assert all(1 <= l.box[0] and l.box[2] <= 359 and 1 <= l.box[1] and l.box[3] <= 639 for l in drawn.labels)


def test_unweighted_maps_keep_their_sizes_and_legend() -> None:
    drawn = geo.project([geo.Point("a", "A", 63.9, 19.8, highlight=True), geo.Point("b", "B", 45.9, 13.9)], [("a", "b")])
    assert (drawn.width, drawn.height) == (geo.WIDTH, geo.HEIGHT)
    assert sorted(p.r for p in drawn.points) == [4.5, 6.0] and drawn.sizes == []
    assert len(drawn.lines) == 1 and len(drawn.labels) == 2
