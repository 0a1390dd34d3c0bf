from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest

from vanort.derive import derive, earliest_of, latest_of
from vanort.namespaces import XSD

BASE = "https://w3id.org/vanort/"


def _lit(value: str, kind: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + kind))


@pytest.mark.parametrize(("value", "kind", "first", "last"), [
    ("2003", "gYear", dt.date(2003, 1, 1), dt.date(2003, 12, 31)),
    ("1998-10", "gYearMonth", dt.date(1998, 10, 1), dt.date(1998, 10, 31)),
    ("2024-02", "gYearMonth", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2003-05-17", "date", dt.date(2003, 5, 17), dt.date(2003, 5, 17)),
])
def test_bounds_keep_the_precision(value: str, kind: str, first: dt.date, last: dt.date) -> None:
    assert earliest_of(_lit(value, kind)) == first
    assert latest_of(_lit(value, kind)) == last


def _quad(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
    return ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, ox.NamedNode(BASE + "graph/data/x"))


def test_twin_town_is_derived_both_ways_only_for_twinnings() -> None:
    vo, rdf = BASE + "def/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    p, q = BASE + "id/partnership/a-b", BASE + "id/partnership/a-c"
    a, b, c = (ox.NamedNode(BASE + f"id/municipality/{k}") for k in "abc")
    quads = [
        _quad(p, rdf, ox.NamedNode(vo + "Partnership")), _quad(p, vo + "partner", a), _quad(p, vo + "partner", b),
        _quad(p, vo + "partnershipKind", ox.NamedNode(BASE + "id/partnership-kind/twinning")),
        _quad(q, rdf, ox.NamedNode(vo + "Partnership")), _quad(q, vo + "partner", a), _quad(q, vo + "partner", c),
        _quad(q, vo + "partnershipKind", ox.NamedNode(BASE + "id/partnership-kind/contact")),
    ]
    derived = derive(quads, BASE)
    twins = {(d.subject.value[-1], d.object.value[-1]) for d in derived if d.predicate.value == vo + "twinTown"}
    assert twins == {("a", "b"), ("b", "a")}
    assert {d.graph_name.value for d in derived} == {BASE + "graph/derived"}


def test_memberships_give_both_shortcuts() -> None:
    org = "http://www.w3.org/ns/org#"
    m, rdf = BASE + "id/membership/x", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    member, organisation = ox.NamedNode(BASE + "id/municipality/a"), ox.NamedNode(BASE + "id/cooperation/u")
    quads = [_quad(m, rdf, ox.NamedNode(org + "Membership")), _quad(m, org + "member", member),
             _quad(m, org + "organization", organisation)]
    found = {(d.subject, d.predicate.value, d.object) for d in derive(quads, BASE)}
    assert (member, org + "memberOf", organisation) in found
    assert (organisation, org + "hasMember", member) in found


def test_given_bounds_are_not_overwritten() -> None:
    vo, time = BASE + "def/", "http://www.w3.org/2006/time#"
    i = BASE + "id/instant/x"
    quads = [_quad(i, time + "inXSDgYear", _lit("1985", "gYear")), _quad(i, vo + "earliest", _lit("1985-06-01", "date"))]
    assert not [d for d in derive(quads, BASE) if d.predicate.value == vo + "latest"]


def _label(value: str, language: str) -> ox.Literal:
    return ox.Literal(value, language=language)


def test_status_period_without_label_gets_one_from_partnership_status_and_source() -> None:
    """The tables' status periods (issue #14): "<partnership>: <status> according to <title> (<host>)",
    for the status period and its period, in sv and en; a stated label is never replaced."""
    vo, rdfs = BASE + "def/", "http://www.w3.org/2000/01/rdf-schema#label"
    rdf, skos = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://www.w3.org/2004/02/skos/core#prefLabel"
    ps, sp, per = BASE + "id/partnership/a-b", BASE + "id/status-period/a-b--s-dormant", BASE + "id/period/a-b--s-dormant"
    own = BASE + "id/status-period/a-b-own"
    status, source = BASE + "id/partnership-status/dormant", BASE + "id/source/s"
    quads = [
        _quad(ps, vo + "statusPeriod", ox.NamedNode(sp)), _quad(ps, vo + "statusPeriod", ox.NamedNode(own)),
        _quad(ps, rdfs, _label("Vänorterna A och B", "sv")), _quad(ps, rdfs, _label("Twinning of A and B", "en")),
        _quad(sp, rdf, ox.NamedNode(vo + "StatusPeriod")), _quad(sp, vo + "status", ox.NamedNode(status)),
        _quad(sp, vo + "period", ox.NamedNode(per)), _quad(sp, "http://purl.org/dc/terms/source", ox.NamedNode(source)),
        _quad(own, rdf, ox.NamedNode(vo + "StatusPeriod")), _quad(own, vo + "status", ox.NamedNode(status)),
        _quad(own, "http://purl.org/dc/terms/source", ox.NamedNode(source)),
        _quad(own, rdfs, _label("Vilande (A–B)", "sv")), _quad(own, rdfs, _label("Dormant (A–B)", "en")),
        _quad(status, skos, _label("vilande", "sv")), _quad(status, skos, _label("dormant", "en")),
        _quad(source, rdfs, _label("A:s vänorter", "sv")), _quad(source, rdfs, _label("A:s vänorter", "en")),
        _quad(source, "https://schema.org/url", ox.NamedNode("https://www.a.se/vanorter?x=1")),
    ]
    derived = [q for q in derive(quads, BASE) if q.predicate.value == rdfs and "/id/" in q.subject.value]
    assert {(q.subject.value, q.object.value, q.object.language) for q in derived} == {
        (node, text, language) for node in (sp, per) for text, language in (
            ("Vänorterna A och B: vilande enligt A:s vänorter (www.a.se)", "sv"),
            ("Twinning of A and B: dormant according to A:s vänorter (www.a.se)", "en"))}
    assert {q.graph_name.value for q in derived} == {BASE + "graph/derived"}
