"""A country's twin-town network, as its page (``/id/country/<key>``, HTML only) and the home
page summarise it: how many of its municipalities have twin towns and how the sources attest
them (stated by a municipality, or only listed by Wikipedia: never shown as confirmed), with
which countries, since when, per county, and a map of the municipalities sized by their count.

Every number comes from one query in ``queries/country-*.rq`` with ``?country`` bound; each
table links to its query, with the country written in, at ``/query`` so a reader can rerun it.
The summary is computed with the page, once per release (``representations.cached``), and is
never part of the RDF representations: Turtle and JSON-LD of the country stay its description.

Only the register's country (the one with the most municipalities in the data) gets the
summary: for a partner country the data holds just the places twinned with it, and a "12 of
12 municipalities have twin towns" would mislead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from fastapi import Request

from .. import geo, store, view
from ..labels import translate
from ..queries import text as query_text
from . import deps
from .origin import to_local

FIGURES = ("municipalities", "with_twin_towns", "with_stated", "twinnings", "stated", "listed",
           "partner_countries", "start_known", "start_unknown")
MAP_SIZE = (360, 640)  # a tall box: Sweden is about 2.3 times as tall as it is wide
MAP_LABELS = 14  # only the municipalities with the most twinnings are named on the map


@dataclass(frozen=True)
class Name:
    href: str
    text: str
    lang: str | None  # set when the label is in another language than the page


def register_country(request: Request) -> str | None:
    """The IRI of the country whose municipalities the register covers (``national-country.rq``)."""
    rows = deps.get_engine(request).select(query_text("national-country", deps.get_settings(request).base_iri))  # type: ignore[attr-defined]
    return rows[0]["country"].value if rows else None


def name(iri: str, index: view.Index, language: str, base: str) -> Name:
    """The label of ``iri`` in the page language, with the language it is really in.

    >>> idx = view.Index.from_rows([{"s": ox.NamedNode("http://e/b"), "p": ox.NamedNode(
    ...     "http://www.w3.org/2000/01/rdf-schema#label"), "o": ox.Literal("Bolivia", language="en")}])
    >>> name("http://e/b", idx, "sv", "https://w3id.org/vanort/")
    Name(href='http://e/b', text='Bolivia', lang='en')
    """
    text = view.label(iri, index, language)
    tags = {(tag or "").split("-")[0] for values in index.texts(iri).values() for value, tag in values if value == text}
    lang = None if not tags or language in tags or "" in tags else sorted(tags)[0]
    return Name(to_local(iri, base) or iri, text, lang)


def query_link(name_: str, iri: str, base: str) -> str:
    """``/query`` opened on the query ``name_`` with ``?country`` written in (``store.bind``,
    the way the server runs it), so the table's numbers can be recomputed by anyone."""
    return "/query?query=" + quote(store.bind(query_text(name_, base), {"country": ox.NamedNode(iri)}), safe="")


def summary(request: Request, iri: str, language: str, index: view.Index | None = None) -> dict[str, Any] | None:
    """The network of ``iri``, or None when it is not the register's country."""
    if iri != register_country(request):
        return None
    base = deps.get_settings(request).base_iri
    engine = deps.get_engine(request)

    def run(name_: str) -> list[dict[str, Any]]:
        return engine.select(query_text(name_, base), {"country": ox.NamedNode(iri)})  # type: ignore[attr-defined, no-any-return]

    if index is None:
        index = view.Index.from_rows(engine.select(query_text("labels", base)))  # type: ignore[attr-defined]
    found = {r["figure"].value: int(r["n"].value) for r in run("country-figures")}
    places = run("country-places")
    return {
        "iri": iri, "name": name(iri, index, language, base),
        "figures": {key: found.get(key, 0) for key in FIGURES},
        "partner_countries": [
            {"country": name(r["partnerCountry"].value, index, language, base), "twinnings": _int(r, "twinnings"),
             "municipalities": _int(r, "municipalities"), "stated": _int(r, "statedTwinnings"),
             "earliest": r["earliestStart"].value if "earliestStart" in r else ""}
            for r in run("country-partner-countries")],
        "decades": [(decade_label(int(float(r["decade"].value)), language) if "decade" in r else "", _int(r, "twinnings"))
                    for r in run("country-start-decades")],
        "regions": [{"region": name(r["region"].value, index, language, base),
                     "municipalities": _int(r, "municipalities"), "with_twin_towns": _int(r, "withTwinTowns"),
                     "twinnings": _int(r, "twinnings"), "stated": _int(r, "statedTwinnings")}
                    for r in run("country-regions")],
        "places": [{"place": name(r["place"].value, index, language, base), "twinnings": _int(r, "twinnings"),
                    "stated": _int(r, "statedTwinnings")} for r in places],
        "map": network_map(places, index, language, base),
        "queries": {key: query_link("country-" + key, iri, base)
                    for key in ("figures", "partner-countries", "start-decades", "regions", "places")},
    }


def _int(row: dict[str, Any], key: str) -> int:
    return int(row[key].value) if key in row else 0


def decade_label(decade: int, language: str) -> str:
    """A decade in the page's words.

    >>> decade_label(1980, "sv"), decade_label(1980, "en")
    ('1980-talet', '1980s')
    """
    return translate("decade", language).format(decade=decade)


def network_map(rows: list[dict[str, Any]], index: view.Index, language: str, base: str) -> geo.Map:
    """The municipalities with twin towns as points, the circle's area by their twinnings; no
    lines (hundreds of links to the world would hide the country), labels (short names, so
    more fit) for the largest."""
    points = []
    for row in rows:
        where = geo.wkt_point(row["wkt"].value) if "wkt" in row else (
            (float(row["lat"].value), float(row["long"].value)) if "lat" in row else None)
        if where:
            place = row["place"].value
            short = row["shortName"].value if "shortName" in row else view.label(place, index, language)
            points.append(geo.Point(to_local(place, base) or place, short, where[0], where[1],
                                    weight=_int(row, "twinnings")))
    return geo.project(points, [], *MAP_SIZE, labels=MAP_LABELS)
