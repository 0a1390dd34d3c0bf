"""Synthetic data in vanort's own model, for benchmarks and scale tests (issue #6).

``synthesise(settings, target, municipalities=N, seed=S)`` writes a whole project folder:
the real ontology, shapes, concept schemes and example queries are copied; countries,
regions, municipalities (labels, identifiers, figures, geometry), partnerships (kinds, dates
at year, month, day or decade precision, status periods, focus areas, events), regional
cooperations with W3C ORG memberships, and the source documents every fact cites are
generated. The layout mirrors ``data/``: one file per place under ``data/places/``, the
partnerships a municipality leads under ``data/partnerships/<key>.ttl``, one file per
cooperation, and ``data/sources.ttl``.

The same (N, seed) gives byte-identical files. The places are fictitious: names come from
syllables, Wikidata and GeoNames identifiers of municipalities and regions lie in ranges far
above any real item (``Q9000000001`` and up, GeoNames ``90000001`` and up) so a synthetic
resource never claims to be a real one; countries are the real ones, with their real items.

>>> import random
>>> _slug("Åsby-Näs")
'asby-nas'
>>> _literal('say "hej"', "sv")
'"say \\\\"hej\\\\""@sv'
"""

from __future__ import annotations

import random
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings

Progress = Callable[[str], None]

# (code, key, Swedish name, English name, language, Wikidata, GeoNames, municipality word
# in the local language, syllables for names, suffixes)
COUNTRIES: tuple[tuple[str, ...], ...] = (
    ("se", "sweden", "Sverige", "Sweden", "sv", "Q34", "2661886", "kommun",
     "Al Berg Ny Sunds Vall Ås Bo Hol Lin Ek Gran Hed Sjö Myr Björk Tall", "by vik sund holm näs berga köping ryd fors å"),
    ("no", "norway", "Norge", "Norway", "nb", "Q20", "3144096", "kommune",
     "Bø Fjell Hav Lyng Sand Stor Vik Ås Dal Elv Ny Ha", "nes vik dal fjord øy stad berg land"),
    ("fi", "finland", "Finland", "Finland", "fi", "Q33", "660013", "kunta",
     "Jär Kos Lah Mäk Pih Sal Tuu Vaa Kuu Hir Pyy Ylä", "järvi koski lahti mäki niemi salo vaara joki"),
    ("it", "italy", "Italien", "Italy", "it", "Q38", "3175395", "comune",
     "Ca Mon Ro Val San Ter Bor Cas Pie Fon Lu Ve", "mero tana gnano dello sio rana vecchio nuovo"),
    ("de", "germany", "Tyskland", "Germany", "de", "Q183", "2921044", "Gemeinde",
     "Alt Neu Ber Hoch Kir Lin Ost Wal Bad Stein Rot Gold", "dorf hausen heim bach berg feld burg stadt"),
    ("pl", "poland", "Polen", "Poland", "pl", "Q36", "798544", "gmina",
     "Bia Gro Kra Lu Now Pol Sta Wol Zie Brz Dą Ost", "ów ice wo no sk ówek ków szyn"),
    ("ee", "estonia", "Estland", "Estonia", "et", "Q191", "453733", "vald",
     "Haa Kõ Lai Mä Pai Rak Saa Tõ Vil Ala Kii Ots", "küla pää järve mäe saare vere"),
    ("fr", "france", "Frankrike", "France", "fr", "Q142", "3017382", "commune",
     "Beau Belle Mont Saint Val Ville Roche Font Clair Bois", "mont ville court sur-mer champ lac"),
)
KINDS = (("twinning", 70), ("cooperation-agreement", 15), ("friendship", 10), ("contact", 5))
FOCUS = ("contacts", "cultural-understanding", "business-contacts", "exchange-of-ideas",
         "school-cooperation", "citizen-exchange", "youth-democracy", "youth-culture",
         "international-development")
PURPOSES = ("business-and-growth", "living-conditions-and-services", "high-service-lower-cost",
            "positive-development", "less-competition")
HEADER = """\
@prefix vo:     <https://w3id.org/vanort/def/> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix cpov:   <http://data.europa.eu/m8g/> .
@prefix schema: <https://schema.org/> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix time:   <http://www.w3.org/2006/time#> .
@prefix adms:   <http://www.w3.org/ns/adms#> .
@prefix geo:    <http://www.opengis.net/ont/geosparql#> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix wd:     <http://www.wikidata.org/entity/> .
@prefix wdt:    <http://www.wikidata.org/prop/direct/> .
@prefix src:    <https://w3id.org/vanort/id/source/> .
@prefix mun:    <https://w3id.org/vanort/id/municipality/> .
@prefix reg:    <https://w3id.org/vanort/id/region/> .
@prefix ctry:   <https://w3id.org/vanort/id/country/> .
@prefix ident:  <https://w3id.org/vanort/id/identifier/> .
@prefix obs:    <https://w3id.org/vanort/id/observation/> .
@prefix geom:   <https://w3id.org/vanort/id/geometry/> .
@prefix inst:   <https://w3id.org/vanort/id/instant/> .
@prefix per:    <https://w3id.org/vanort/id/period/> .
@prefix ps:     <https://w3id.org/vanort/id/partnership/> .
@prefix ev:     <https://w3id.org/vanort/id/event/> .
@prefix sp:     <https://w3id.org/vanort/id/status-period/> .
@prefix coop:   <https://w3id.org/vanort/id/cooperation/> .
@prefix mem:    <https://w3id.org/vanort/id/membership/> .
@prefix agent:  <https://w3id.org/vanort/id/agent/> .
@prefix kind:   <https://w3id.org/vanort/id/partnership-kind/> .
@prefix status: <https://w3id.org/vanort/id/partnership-status/> .
@prefix focus:  <https://w3id.org/vanort/id/focus-area/> .
@prefix purpose: <https://w3id.org/vanort/id/cooperation-purpose/> .
@prefix measure: <https://w3id.org/vanort/id/measure/> .
@prefix idscheme: <https://w3id.org/vanort/id/identifier-scheme/> .
@prefix vstatus: <https://w3id.org/vanort/id/verification-status/> .
@prefix dtd:    <https://w3id.org/vanort/id/date-time-description/> .
"""
WD_BASE, GEONAMES_BASE = 9_000_000_000, 90_000_000


def _slug(text: str) -> str:
    """Stable lower-case ASCII key (DESIGN.md: no å/ä/ö in IRIs)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in folded).split())


def _literal(text: str, language: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"@{language}' if language else f'"{escaped}"'


def _labels(sv: str, en: str, local: tuple[str, str] | None = None) -> str:
    parts = [_literal(sv, "sv"), _literal(en, "en")]
    if local and local[1] not in ("sv", "en"):
        parts.append(_literal(local[0], local[1]))
    return " , ".join(parts)


@dataclass
class Place:
    key: str
    name: str
    country: tuple[str, ...]
    region: str = ""
    number: int = 0
    members: list[str] = field(default_factory=list)


class Writer:
    """Accumulates Turtle statements for one file; subjects are written in insertion order."""

    def __init__(self, comment: str) -> None:
        self.parts = [HEADER, f"\n# {comment}\n"]

    def add(self, subject: str, types: str, *pairs: tuple[str, str]) -> None:
        lines = [f"\n{subject} a {types}"] + [f"    {p} {o}" for p, o in pairs if o]
        self.parts.append(" ;\n".join(lines) + " .\n")

    def text(self) -> str:
        return "".join(self.parts)


class Synth:
    def __init__(self, municipalities: int, seed: int) -> None:
        self.n = municipalities
        self.rng = random.Random(seed)
        self.seed = seed
        self.files: dict[str, str] = {}
        self.sources: list[tuple[str, str, str, str]] = []  # key, label en, url, publisher

    # -- names and dates -------------------------------------------------------------
    def _name(self, country: tuple[str, ...]) -> str:
        first, last = country[8].split(), country[9].split()
        name = self.rng.choice(first) + self.rng.choice(last)
        return name[0].upper() + name[1:]

    def _instant(self, w: Writer, key: str, year: int, source: str, precision: str | None = None) -> str:
        """A time:Instant at its real precision (year, month, day or decade)."""
        precision = precision or self.rng.choices(("year", "month", "date", "decade"), (60, 20, 15, 5))[0]
        month, day = self.rng.randint(1, 12), self.rng.randint(1, 28)
        subject = f"inst:{key}"
        if precision == "decade":
            decade = year - year % 10
            w.add(f"dtd:{key}", "time:GeneralDateTimeDescription , time:DateTimeDescription",
                  ("rdfs:label", _labels(f"{decade}-talet", f"the {decade}s")),
                  ("time:hasTRS", "<http://www.opengis.net/def/uom/ISO-8601/0/Gregorian>"),
                  ("time:unitType", "time:unitDecade"), ("time:year", f'"{decade}"^^xsd:gYear'),
                  ("dct:source", source))
            w.add(subject, "time:Instant", ("rdfs:label", _labels(f"{decade}-talet", f"the {decade}s")),
                  ("time:inDateTime", f"dtd:{key}"), ("vo:earliest", f'"{decade}-01-01"^^xsd:date'),
                  ("vo:latest", f'"{decade + 9}-12-31"^^xsd:date'),
                  ("skos:note", _literal(f"Synthetic: 'the {decade}s'; bounds are the whole decade.", "en")),
                  ("dct:source", source))
            return subject
        value, prop, dtype = {
            "year": (f"{year}", "time:inXSDgYear", "xsd:gYear"),
            "month": (f"{year}-{month:02d}", "time:inXSDgYearMonth", "xsd:gYearMonth"),
            "date": (f"{year}-{month:02d}-{day:02d}", "time:inXSDDate", "xsd:date"),
        }[precision]
        w.add(subject, "time:Instant", ("rdfs:label", _labels(value, value)),
              (prop, f'"{value}"^^{dtype}'), ("dct:source", source))
        return subject

    def _interval(self, w: Writer, key: str, label: tuple[str, str], begin: str | None, end: str | None,
                  source: str) -> str:
        w.add(f"per:{key}", "time:ProperInterval", ("rdfs:label", _labels(*label)),
              ("time:hasBeginning", begin or ""), ("time:hasEnd", end or ""), ("dct:source", source))
        return f"per:{key}"

    # -- places ----------------------------------------------------------------------
    def _identifier(self, w: Writer, owner: str, scheme: str, notation: str, source: str) -> str:
        subject = f"ident:{owner}-{scheme}"
        w.add(subject, "adms:Identifier", ("rdfs:label", _labels(f"{scheme} {notation}", f"{scheme} {notation}")),
              ("skos:notation", _literal(notation)), ("dct:type", f"idscheme:{scheme}"),
              ("adms:status", "vstatus:verified"), ("dct:source", source))
        return subject

    def _country(self, country: tuple[str, ...]) -> None:
        code, key, sv, en, lang, qid, geonames = country[:7]
        full, source = f"{code}-{key}", f"src:synth-register-{code}"
        w = Writer(f"{en}: synthetic benchmark data (vanort synth, seed {self.seed}); the country is real.")
        idents = [self._identifier(w, full, "wikidata", qid, source), self._identifier(w, full, "geonames", geonames, source)]
        w.add(f"ctry:{full}", "vo:Country , schema:Country", ("rdfs:label", _labels(sv, en)),
              ("schema:name", _labels(sv, en)), ("owl:sameAs", f"wd:{qid}"),
              ("owl:sameAs", f"<https://sws.geonames.org/{geonames}/>"), ("wdt:P1566", _literal(geonames)),
              ("adms:identifier", " , ".join(idents)), ("dct:source", source))
        self.files[f"data/places/{full}.ttl"] = w.text()
        self.sources.append((f"synth-register-{code}", f"Synthetic municipal register of {en}",
                             f"https://register.{code}.example.org/", ""))

    def _point(self, w: Writer, key: str, sv: str, en: str, source: str) -> str:
        lon, lat = round(self.rng.uniform(-5, 30), 5), round(self.rng.uniform(38, 69), 5)
        w.add(f"geom:{key}", "geo:Geometry", ("rdfs:label", _labels(f"Punkt för {sv}", f"Point of {en}")),
              ("geo:asWKT", f'"POINT({lon} {lat})"^^geo:wktLiteral'), ("dct:source", source))
        return f"geom:{key}"

    def _observation(self, w: Writer, key: str, owner: str, measure: str, value: str, label: tuple[str, str],
                     source: str, year: int | None = None) -> None:
        w.add(f"obs:{key}", "vo:Observation", ("rdfs:label", _labels(*label)), ("vo:observationOf", owner),
              ("vo:measure", f"measure:{measure}"), ("schema:value", value), ("vo:approximate", "false"),
              ("vo:referenceDate", f'"{year}-12-31"^^xsd:date' if year else ""), ("dct:source", source))

    def _region(self, country: tuple[str, ...], number: int, serial: int) -> Place:
        name = self._name(country)
        place = Place(f"{country[0]}-{number:02d}-{_slug(name)}", name, country, number=number)
        source = f"src:synth-register-{country[0]}"
        w = Writer(f"Region {name} ({country[3]}): synthetic benchmark data (vanort synth, seed {self.seed}).")
        qid, geonames = f"Q{WD_BASE + serial}", str(GEONAMES_BASE + serial)
        idents = [self._identifier(w, place.key, "wikidata", qid, source),
                  self._identifier(w, place.key, "geonames", geonames, source)]
        geometry = self._point(w, place.key, f"region {name}", f"{name} region", source)
        w.add(f"reg:{place.key}", "vo:Region , schema:AdministrativeArea",
              ("rdfs:label", _labels(f"{name} region", f"{name} Region", (name, country[4]))),
              ("owl:sameAs", f"wd:{qid}"), ("owl:sameAs", f"<https://sws.geonames.org/{geonames}/>"),
              ("wdt:P1566", _literal(geonames)), ("adms:identifier", " , ".join(idents)),
              ("vo:country", f"ctry:{country[0]}-{country[1]}"), ("geo:hasGeometry", geometry), ("dct:source", source))
        self.files[f"data/places/{place.key}.ttl"] = w.text()
        return place

    def _municipality(self, region: Place, local: int, serial: int) -> Place:
        country = region.country
        name = self._name(country)
        code = lau_code(region.number, local)
        place = Place(f"{country[0]}-{code}-{_slug(name)}", name, country, region.key, serial)
        register, page = f"src:synth-register-{country[0]}", f"src:synth-page-{place.key}"
        sources = f"{register} , {page}"
        word = country[7]
        w = Writer(f"{name} {word} ({country[3]}): synthetic benchmark data (vanort synth, seed {self.seed}).")
        qid, geonames = f"Q{WD_BASE + serial}", str(GEONAMES_BASE + serial)
        idents = [self._identifier(w, place.key, "wikidata", qid, register),
                  self._identifier(w, place.key, "geonames", geonames, register),
                  self._identifier(w, place.key, "lau", code, register)]
        geometry = self._point(w, place.key, f"{name} kommun", f"{name} Municipality", register)
        w.add(f"mun:{place.key}", "vo:Municipality , cpov:PublicOrganisation , org:Organization , schema:AdministrativeArea",
              ("rdfs:label", _labels(f"{name} kommun", f"{name} Municipality", (f"{name} {word}", country[4]))),
              ("owl:sameAs", f"wd:{qid}"), ("owl:sameAs", f"<https://sws.geonames.org/{geonames}/>"),
              ("wdt:P1566", _literal(geonames)), ("adms:identifier", " , ".join(idents)),
              ("vo:region", f"reg:{region.key}"), ("vo:country", f"ctry:{country[0]}-{country[1]}"),
              ("geo:hasGeometry", geometry), ("foaf:homepage", f"<https://www.{_slug(name)}-{code}.example.org/>"),
              ("dct:source", sources))
        year = self.rng.randint(2015, 2024)
        population = int(self.rng.lognormvariate(9.3, 1.1)) + 200
        self._observation(w, f"{place.key}-population-{year}-12-31", f"mun:{place.key}", "population", str(population),
                          (f"Folkmängd {name} kommun {year}-12-31", f"Population of {name} Municipality {year}-12-31"),
                          register, year)
        area = f'"{self.rng.uniform(20, 3000):.2f}"^^xsd:decimal'
        self._observation(w, f"{place.key}-area-undated", f"mun:{place.key}", "area", area,
                          (f"Yta {name} kommun", f"Area of {name} Municipality"), register)
        self.files[f"data/places/{place.key}.ttl"] = w.text()
        self.sources.append((f"synth-page-{place.key}", f"Web page of {name} Municipality (synthetic)",
                             f"https://www.{_slug(name)}-{code}.example.org/international", f"mun:{place.key}"))
        return place

    # -- partnerships ----------------------------------------------------------------
    def _partnership(self, w: Writer, a: Place, b: Place) -> None:
        kind = self.rng.choices([k for k, _ in KINDS], [p for _, p in KINDS])[0]
        key, source = f"{a.key}-{b.key}-{kind}", f"src:synth-page-{a.key}"
        subject = f"ps:{key}"
        begin_year = self.rng.randint(1950, 2020)
        begin = self._instant(w, f"{key}-begin", begin_year, source)
        end = None
        if self.rng.random() < 0.12:
            end = self._instant(w, f"{key}-end", min(begin_year + self.rng.randint(3, 30), 2024), source, "year")
        period = self._interval(w, key, (f"Partnerskapet {a.name}–{b.name}", f"Partnership {a.name}–{b.name}"),
                                begin, end, source)
        statuses = []
        if end is None and begin_year <= 2000 and self.rng.random() < 0.3:
            y1 = begin_year + 10 + self.rng.randint(0, 10)  # after any decade the beginning may stand for
            y2 = y1 + self.rng.randint(2, 4)
            pause = self._instant(w, f"{key}-{y1}", y1, source, "year")
            again = self._instant(w, f"{key}-{y2}", y2, source, "year")
            for name, status, sv, en, start, stop in (
                ("active", "active", "Aktivt", "Active", begin, pause),
                ("dormant", "dormant", "Vilande", "Dormant", pause, again),
                ("resumed", "resumed", "Återupptaget", "Resumed", again, None),
            ):
                label = (f"{sv} ({a.name}–{b.name})", f"{en} ({a.name}–{b.name})")
                interval = self._interval(w, f"{key}-{name}", label, start, stop, source)
                w.add(f"sp:{key}-{name}", "vo:StatusPeriod", ("rdfs:label", _labels(*label)),
                      ("vo:status", f"status:{status}"), ("vo:period", interval), ("dct:source", source))
                statuses.append(f"sp:{key}-{name}")
        areas = self.rng.sample(FOCUS, self.rng.randint(1, 4))
        kind_sv = {"twinning": "Vänorterna", "cooperation-agreement": "Samverkansavtal", "friendship": "Vänskap",
                   "contact": "Kontakt"}[kind]
        kind_en = kind.replace("-", " ").capitalize()
        w.add(subject, "vo:Partnership , prov:Entity",
              ("rdfs:label", _labels(f"{kind_sv} {a.name}–{b.name}", f"{kind_en} {a.name}–{b.name}")),
              ("vo:partner", f"mun:{a.key} , mun:{b.key}"), ("vo:partnershipKind", f"kind:{kind}"),
              ("vo:period", period), ("vo:statusPeriod", " , ".join(statuses)),
              ("vo:focusArea", " , ".join(f"focus:{f}" for f in sorted(areas))),
              ("vo:primaryFocusArea", f"focus:{areas[0]}"), ("dct:source", source))
        if self.rng.random() < 0.3:
            when = self._instant(w, f"event-{key}-signing", begin_year, source, "date")
            w.add(f"ev:{key}-signing", "vo:PartnershipEvent , schema:Event",
                  ("rdfs:label", _labels(f"Avtalet {a.name}–{b.name} undertecknas", f"Signing of {a.name}–{b.name}")),
                  ("vo:partOfPartnership", subject), ("time:hasTime", when),
                  ("schema:location", f"mun:{self.rng.choice((a, b)).key}"), ("dct:source", source))

    def _partnerships(self, places: list[Place], progress: Progress) -> None:
        seen: set[frozenset[str]] = set()
        for index, a in enumerate(places):
            count = self.rng.choice((0, 0, 1, 1, 1, 2, 2, 3))
            w = Writer(f"Partnerships of {a.name} ({a.country[3]}): synthetic benchmark data "
                       f"(vanort synth, seed {self.seed}).")
            made = 0
            for _ in range(count):
                b = self.rng.choice(places)
                pair = frozenset((a.key, b.key))
                if b is a or pair in seen:
                    continue
                seen.add(pair)
                self._partnership(w, a, b)
                made += 1
            if made:
                self.files[f"data/partnerships/{a.key}.ttl"] = w.text()
            if index and index % 10_000 == 0:
                progress(f"synth: partnerships of {index}/{len(places)} municipalities")

    # -- cooperations and sources ----------------------------------------------------
    def _cooperation(self, region: Place) -> None:
        members = sorted(self.rng.sample(region.members, self.rng.randint(3, min(8, len(region.members)))))
        name, key = region.name, f"{region.key}-cooperation"
        source = f"src:synth-register-{region.country[0]}"
        w = Writer(f"Regional cooperation of {name}: synthetic benchmark data (vanort synth, seed {self.seed}).")
        year = self.rng.randint(1970, 2015)
        begin = self._instant(w, f"{key}-begin", year, source, "year")
        period = self._interval(w, key, (f"Samarbetet {name}", f"Cooperation {name}"), begin, None, source)
        for member in members:
            joined = self._instant(w, f"membership-{key}-{member}-begin", self.rng.randint(year, 2020), source, "year")
            member_period = self._interval(w, f"membership-{key}-{member}", (f"Medlemskap {member}", f"Membership {member}"),
                                           joined, None, source)
            w.add(f"mem:{key}-{member}", "org:Membership",
                  ("rdfs:label", _labels(f"{member} i {name}samarbetet", f"{member} in the {name} cooperation")),
                  ("org:member", f"mun:{member}"), ("org:organization", f"coop:{key}"),
                  ("org:memberDuring", member_period), ("dct:source", source))
        purposes = sorted(self.rng.sample(PURPOSES, self.rng.randint(1, 3)))
        w.add(f"coop:{key}", "vo:RegionalCooperation , org:Organization",
              ("rdfs:label", _labels(f"{name}samarbetet", f"{name} cooperation")),
              ("org:purpose", " , ".join(f"purpose:{p}" for p in purposes)), ("vo:period", period),
              ("dct:source", source))
        self.files[f"data/cooperations/{key}.ttl"] = w.text()

    def _sources(self) -> None:
        w = Writer(f"Source documents of the synthetic data (vanort synth, seed {self.seed}). Every fact cites one.")
        for country in COUNTRIES:
            w.add(f"agent:synth-statistics-{country[0]}", "foaf:Agent , prov:Agent",
                  ("rdfs:label", _labels(f"Statistikmyndighet ({country[2]}, syntetisk)",
                                         f"Statistics office ({country[3]}, synthetic)")))
        for key, label, url, publisher in sorted(self.sources):
            code = key[len("synth-register-"):] if key.startswith("synth-register-") else ""
            w.add(f"src:{key}", "prov:Entity , schema:WebPage , foaf:Document",
                  ("rdfs:label", _labels(label.replace("Web page of", "Webbsida för"), label)),
                  ("schema:url", f"<{url}>"),
                  ("dct:publisher", publisher or f"agent:synth-statistics-{code}"),
                  # a municipality's own page is primary; a statistics register secondary (issue #14)
                  ("vo:sourceKind", f"<https://w3id.org/vanort/id/source-kind/{'primary' if publisher else 'secondary'}>"),
                  ("vo:consulted", '"2025-01-01"^^xsd:date'))
        self.files["data/sources.ttl"] = w.text()

    def generate(self, progress: Progress) -> dict[str, str]:
        weights = (30, 15, 15, 10, 10, 8, 4, 8)
        shares = [max(1, self.n * wgt // sum(weights)) for wgt in weights]
        shares[0] += max(0, self.n - sum(shares))  # rounding goes to the first country
        serial = 1
        municipalities: list[Place] = []
        regions: list[Place] = []
        for country, share in zip(COUNTRIES, shares):
            self._country(country)
            country_regions = []
            for number in range(1, max(1, -(-share // 25)) + 1):
                country_regions.append(self._region(country, number, serial))
                serial += 1
            for index in range(share):
                region = country_regions[index % len(country_regions)]
                place = self._municipality(region, index // len(country_regions) + 1, serial)
                serial += 1
                region.members.append(place.key)
                municipalities.append(place)
                if len(municipalities) % 10_000 == 0:
                    progress(f"synth: {len(municipalities)}/{self.n} municipalities")
            regions += country_regions
        municipalities = municipalities[: self.n]
        self._partnerships(municipalities, progress)
        kept = {m.key for m in municipalities}
        for region in regions:
            region.members = [m for m in region.members if m in kept]
            if len(region.members) >= 3 and self.rng.random() < 0.4:
                self._cooperation(region)
        self._sources()
        return self.files


def lau_code(region: int, local: int) -> str:
    """A synthetic LAU code within the shapes' pattern (3-6 digits) at any N: region numbers reach
    1,200 at N = 100,000 (25 municipalities a region), so four digits for the region, two for the
    municipality in it.

    >>> lau_code(1, 1), lau_code(1200, 25)
    ('000101', '120025')
    """
    if not (0 < region < 10_000 and 0 < local < 100):
        raise ValueError(f"no 6-digit LAU code for region {region}, municipality {local}")
    return f"{region:04d}{local:02d}"


MARKER = "SYNTHETIC.md"


def _referenced(data: Path, schemes: Path, base: str) -> str:
    """The real resources the copied concept schemes cite (their source page, the project
    agent), so that the synthetic project has no dangling reference. Links from those to
    other real resources are dropped: the real places are not part of the synthetic data."""
    import pyoxigraph as ox

    def parse(paths: list[Path]) -> list[ox.Triple]:
        return [t for p in paths for t in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE,
                                                    base_iri="https://w3id.org/vanort/")]

    scheme_triples = parse(sorted(schemes.rglob("*.ttl")))
    described = {t.subject.value for t in scheme_triples}
    things = "https://w3id.org/vanort/id/"
    wanted = {t.object.value for t in scheme_triples if isinstance(t.object, ox.NamedNode)
              and t.object.value.startswith(things) and t.object.value not in described}
    others = [p for p in sorted(data.rglob("*.ttl")) if not p.is_relative_to(schemes)]
    kept = sorted((t for t in parse(others) if t.subject.value in wanted
                   and not (isinstance(t.object, ox.NamedNode) and t.object.value.startswith(things)
                            and t.object.value not in wanted | described)), key=str)
    prefixes = {"src": things + "source/", "agent": things + "agent/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
                "dct": "http://purl.org/dc/terms/", "schema": "https://schema.org/", "foaf": "http://xmlns.com/foaf/0.1/",
                "prov": "http://www.w3.org/ns/prov#", "skos": "http://www.w3.org/2004/02/skos/core#"}
    body = ox.serialize(kept, format=ox.RdfFormat.TURTLE, prefixes=prefixes).decode("utf-8")
    return "# Real resources cited by the copied concept schemes (links to real places dropped).\n" + body


def synthesise(settings: Settings, target: Path, municipalities: int, seed: int = 1,
               progress: Progress = lambda _: None) -> Path:
    """Write a synthetic project into ``target`` (replaced if it holds an earlier synthetic one)."""
    if target.exists() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise FileExistsError(f"{target}: not empty and not a synthetic project; choose another --out")
    if target.exists():
        shutil.rmtree(target)
    progress(f"synth: generating {municipalities} municipalities (seed {seed})")
    files = Synth(municipalities, seed).generate(progress)
    target.mkdir(parents=True)
    for name in ("ontology_dir", "shapes_dir", "queries_dir"):
        folder = settings.path(name)
        if folder.is_dir():
            shutil.copytree(folder, target / folder.name)
    for name in ("catalogue.toml",):  # project-level settings files other modules read
        if (settings.root / name).is_file():
            shutil.copy(settings.root / name, target / name)
    schemes = settings.path("data_dir") / "schemes"
    if schemes.is_dir():
        shutil.copytree(schemes, target / "data" / "schemes")
        files["data/reference.ttl"] = _referenced(settings.path("data_dir"), schemes, settings.base_iri)
    for relative, text in sorted(files.items()):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    (target / MARKER).write_text(
        f"# Synthetic vanort project\n\nWritten by `vanort synth --municipalities {municipalities} --seed {seed}`.\n"
        "The places, partnerships and sources are fictitious; see src/vanort/synth.py.\n", "utf-8")
    progress(f"synth: wrote {len(files)} data files to {target}")
    return target
