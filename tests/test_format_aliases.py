"""The alias table (issue 12): the names and media types clients send map to one format each
within an offer, repeated values agree, conflicting ones are refused naming both."""

from __future__ import annotations

import pytest

from vanort.formats import BY_NAME, FORMATS, OFFERS, ConflictingFormats, NotAcceptable, by_name, choose

# (value, offer, expected) — SPARQLWrapper 2.0's constants and the media types it repeats,
# Virtuoso's format names, and the registered media types.
NAMES = [
    ("json", "results", "json"), ("json", "rdf", "jsonld"), ("xml", "results", "xml"), ("xml", "rdf", "rdfxml"),
    ("csv", "results", "csv"), ("tsv", "results", "tsv"), ("text/tab-separated-values", "results", "tsv"),
    ("turtle", "rdf", "turtle"), ("ttl", "rdf", "turtle"), ("n3", "rdf", "turtle"), ("text/n3", "rdf", "turtle"),
    ("rdf+xml", "rdf", "rdfxml"), ("rdfxml", "rdf", "rdfxml"), ("rdf", "rdf", "rdfxml"),
    ("application/rdf+xml", "rdf", "rdfxml"), ("application/xml", "rdf", "rdfxml"),
    ("application/xml", "results", "xml"), ("json-ld", "rdf", "jsonld"), ("jsonld", "rdf", "jsonld"),
    ("application/x-json+ld", "rdf", "jsonld"), ("ntriples", "rdf", "ntriples"), ("nt", "rdf", "ntriples"),
    ("nquads", "rdf", "nquads"), ("application/n-quads", "rdf", "nquads"), ("text/x-nquads", "rdf", "nquads"),
    ("trig", "rdf", "trig"), ("application/trig", "rdf", "trig"), ("TSV", "results", "tsv"),
    ("text/turtle; charset=utf-8", "rdf", "turtle"), ("xml", "resource", "rdfxml"), ("xml", "machine", "rdfxml"),
    ("tsv", "rdf", None), ("turtle", "results", None), ("nquads", "document", None),
]


@pytest.mark.parametrize("value,offer,expected", NAMES)
def test_by_name_within_an_offer(value: str, offer: str, expected: str | None) -> None:
    found = by_name(value, offer)
    assert (found.name if found else None) == expected


def test_no_alias_names_two_formats_of_one_offer() -> None:
    for offer, names in OFFERS.items():
        seen: dict[str, str] = {}
        for name in names:
            f = BY_NAME[name]
            for alias in (f.name, f.extension, f.media_type, *f.aliases):
                assert seen.setdefault(alias, name) == name, (offer, alias)


@pytest.mark.parametrize("values,offer,expected", [
    (["tsv", "text/tab-separated-values", "tsv", "text/tab-separated-values"], "results", "tsv"),
    (["json-ld", "application/ld+json,application/x-json+ld"], "rdf", "jsonld"),
    (["rdf+xml", "application/rdf+xml"], "rdf", "rdfxml"),
    (["xml", "xml", "xml"], "rdf", "rdfxml"),
    (["rdf+xml", ""], "rdf", "rdfxml"),
])
def test_choose_repeated_values_that_agree(values: list[str], offer: str, expected: str) -> None:
    assert choose("image/png", values, offer).name == expected


def test_choose_conflicting_values_names_both() -> None:
    with pytest.raises(ConflictingFormats) as caught:
        choose("", ["csv", "tsv"], "results")
    assert "'csv'" in caught.value.detail and "'tsv'" in caught.value.detail and caught.value.status == 400


def test_choose_value_not_on_offer_is_not_acceptable() -> None:
    with pytest.raises(NotAcceptable) as caught:
        choose("", ["csv"], "rdf")
    assert caught.value.accepted == [BY_NAME[n].media_type for n in OFFERS["rdf"]]


def test_every_format_has_a_parameter_name_without_slash() -> None:
    for f in FORMATS:
        assert "/" not in f.name and "/" not in f.extension
