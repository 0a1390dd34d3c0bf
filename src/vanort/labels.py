"""Labels for people: choose a label by language, the page language, and the page's words.

Pure functions over plain values, so they are tested without HTTP or an engine.

>>> best_label({"http://www.w3.org/2000/01/rdf-schema#label": [("Vännäs", "sv"), ("Vannas", "en")]}, "en")
'Vannas'
>>> page_language("sv-SE,sv;q=0.9,en;q=0.8", None)
'sv'
>>> page_language("sv", "en")
'en'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .formats import parse_accept
from .namespaces import DCTERMS, FOAF, RDFS, SCHEMA, SKOS

LANGUAGES = ("en", "sv")

# Label properties in order of preference (rdfs:label, then skos:prefLabel, schema:name).
LABEL_PROPERTIES = (
    RDFS + "label", SKOS + "prefLabel", SCHEMA + "name", DCTERMS + "title", FOAF + "name",
)
DEFINITION_PROPERTIES = (SKOS + "definition", RDFS + "comment", DCTERMS + "description", SCHEMA + "description")

Labels = Mapping[str, Sequence[tuple[str, str | None]]]  # property -> [(text, language)]


def best_label(values: Labels, language: str) -> str | None:
    """The label to show: the preferred property first, then the page language, then any.

    >>> best_label({"https://schema.org/name": [("Cameri", None)]}, "sv")
    'Cameri'
    >>> best_label({}, "sv") is None
    True
    """
    for prop in LABEL_PROPERTIES:
        chosen = pick_language(values.get(prop, ()), language)
        if chosen is not None:
            return chosen
    return None


def pick_language(candidates: Sequence[tuple[str, str | None]], language: str) -> str | None:
    """The text in ``language``, else without a language tag, else English, else the first (sorted).

    >>> pick_language([("a", "sv"), ("b", None)], "en")
    'b'
    """
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: (_language_rank(c[1], language), c[0]))
    return ranked[0][0]


def _language_rank(tag: str | None, language: str) -> int:
    primary = (tag or "").split("-")[0].lower()
    if primary == language:
        return 0
    if not tag:
        return 1
    return 2 if primary == "en" else 3


def page_language(accept_language: str | None, chosen: str | None) -> str:
    """``?lang=`` when it is one we offer, else the best of Accept-Language, else Swedish.

    The data comes from a Swedish source, so Swedish is the default (RFC 9110 §12.5.4).

    >>> page_language("fr, en;q=0.5", None)
    'en'
    >>> page_language(None, "de")
    'sv'
    """
    if chosen in LANGUAGES:
        return chosen
    best: tuple[float, int] | None = None
    result = "sv"
    for media_range, q, position in parse_accept(accept_language or ""):
        primary = media_range.split("-")[0]
        if primary in LANGUAGES and q > 0 and (best is None or (q, -position) > best):
            best, result = (q, -position), primary
    return result


def local_name(iri: str) -> str:
    """A readable fallback when a resource has no label: the last path segment or fragment.

    >>> local_name("https://w3id.org/vanort/def/twinTown")
    'twinTown'
    >>> local_name("http://www.w3.org/2004/02/skos/core#prefLabel")
    'prefLabel'
    """
    stripped = iri.rstrip("/#")
    for separator in ("#", "/"):
        if separator in stripped:
            stripped = stripped.rsplit(separator, 1)[1]
    return stripped or iri


# The page's own words in both languages; templates look them up with t("key").
WORDS: dict[str, dict[str, str]] = {
    "home": {"en": "Home", "sv": "Start"},
    "query": {"en": "Query", "sv": "Fråga"},
    "downloads": {"en": "Downloads", "sv": "Nedladdningar"},
    "ontology": {"en": "Ontology", "sv": "Ontologi"},
    "shapes": {"en": "Shapes", "sv": "Former (SHACL)"},
    "properties": {"en": "Properties", "sv": "Egenskaper"},
    "classes": {"en": "Classes", "sv": "Klasser"},
    "referenced_by": {"en": "Referenced by", "sv": "Refereras av"},
    "timeline": {"en": "Timeline", "sv": "Tidslinje"},
    "map": {"en": "Map", "sv": "Karta"},
    "source": {"en": "Source", "sv": "Källa"},
    "other_formats": {"en": "This page as data", "sv": "Sidan som data"},
    "page": {"en": "Page", "sv": "Sida"},
    "of": {"en": "of", "sv": "av"},
    "previous": {"en": "Previous", "sv": "Föregående"},
    "next": {"en": "Next", "sv": "Nästa"},
    "version": {"en": "Release", "sv": "Version"},
    "try_it": {"en": "Try it", "sv": "Prova"},
    "examples": {"en": "Example queries", "sv": "Exempelfrågor"},
    "network": {"en": "The partnership network", "sv": "Partnerskapsnätverket"},
    "counts": {"en": "In numbers", "sv": "I siffror"},
    "sources": {"en": "Where the data comes from", "sv": "Varifrån uppgifterna kommer"},
    "file": {"en": "File", "sv": "Fil"},
    "size": {"en": "Size", "sv": "Storlek"},
    "checksum": {"en": "SHA-256", "sv": "SHA-256"},
    "description": {"en": "Description", "sv": "Beskrivning"},
    "domain": {"en": "Domain", "sv": "Domän"},
    "range": {"en": "Range", "sv": "Värdemängd"},
    "mappings": {"en": "Mappings", "sv": "Mappningar"},
    "superclass": {"en": "Subclass of", "sv": "Underklass till"},
    "superproperty": {"en": "Subproperty of", "sv": "Underegenskap till"},
    "count": {"en": "Count", "sv": "Antal"},
    "triples": {"en": "Triples", "sv": "Tripler"},
    "subjects": {"en": "Described resources", "sv": "Beskrivna resurser"},
    "dormant": {"en": "dormant", "sv": "vilande"},
    "lead": {
        "en": "Twin towns, cooperation agreements and regional cooperation of Swedish municipalities, "
              "published as linked open data: every fact with its source and its dates.",
        "sv": "Vänorter, samarbetsavtal och regionalt samarbete för svenska kommuner, publicerade som "
              "länkade öppna data: varje uppgift med sin källa och sina datum.",
    },
    "no_editor": {
        "en": "The interactive editor (Yasgui) is not installed here; this plain form sends the query "
              "to the endpoint. Run `make vendor` to install it.",
        "sv": "Den interaktiva redigeraren (Yasgui) är inte installerad här; detta enkla formulär skickar "
              "frågan till slutpunkten. Kör `make vendor` för att installera den.",
    },
    "run": {"en": "Run query", "sv": "Kör frågan"},
    "skip": {"en": "Skip to content", "sv": "Hoppa till innehållet"},
    "site_navigation": {"en": "Site", "sv": "Webbplatsen"},
    "open_data": {"en": "Open data", "sv": "Öppna data"},
    "licences": {"en": "Licences and attribution", "sv": "Licenser och erkännande"},
    "licence": {"en": "Licence", "sv": "Licens"},
    "catalogue_files": {"en": "The catalogue and the other files", "sv": "Katalogen och övriga filer"},
    "group_identity": {"en": "Identity", "sv": "Identitet"},
    "group_place": {"en": "Place", "sv": "Plats"},
    "group_partnerships": {"en": "Partnerships and memberships", "sv": "Partnerskap och medlemskap"},
    "group_figures": {"en": "Figures", "sv": "Siffror"},
    "group_description": {"en": "Description and notes", "sv": "Beskrivning och anmärkningar"},
    "group_sources": {"en": "Sources", "sv": "Källor"},
    "group_other": {"en": "Other", "sv": "Övrigt"},
    "partnerships": {"en": "Partnerships", "sv": "Partnerskap"},
    "twin_towns_of": {"en": "Twin towns and partnerships of", "sv": "Vänorter och partnerskap för"},
    "since": {"en": "since", "sv": "sedan"},
    "no_date": {"en": "start not known", "sv": "start okänd"},
    "no_dates": {"en": "no dates given", "sv": "inga datum angivna"},
    "according_to": {"en": "according to", "sv": "enligt"},
    "all_partnerships": {"en": "All partnerships", "sv": "Alla partnerskap"},
    "member_of": {"en": "Member of", "sv": "Medlem i"},
    "members": {"en": "members", "sv": "medlemmar"},
    # the home page's counts (web/home.py): the register's municipalities apart from the partner
    # places abroad, which the data holds only because they are twinned with one of them
    "fig_municipalities": {"en": "municipalities in {country}", "sv": "kommuner i {country}"},
    "fig_partner_places": {"en": "partner places in other countries", "sv": "partnerorter i andra länder"},
    "fig_partner_countries": {"en": "countries of the partner places", "sv": "länder med partnerorter"},
    "fig_partnerships": {"en": "partnerships", "sv": "partnerskap"},
    # every place in a twin-town pair, on either side (vo:twinTown is symmetric), Swedish or not
    "fig_twin_towns": {"en": "places in twin-town pairs", "sv": "orter i vänortspar"},
    # pairs, not agreements: most are listed by Wikipedia, not confirmed by an agreement
    "fig_twinnings": {"en": "twin-town pairs", "sv": "vänortspar"},
    "fig_cooperations": {"en": "regional cooperations", "sv": "regionala samarbeten"},
    "fig_members": {"en": "member municipalities", "sv": "medlemskommuner"},
    "fig_sources": {"en": "sources", "sv": "källor"},
    "map_places": {"en": "Places on the map", "sv": "Platserna på kartan"},
    "legend_here": {"en": "this place", "sv": "den här platsen"},
    "legend_place": {"en": "place", "sv": "plats"},
    "legend_link": {"en": "partnership or membership", "sv": "partnerskap eller medlemskap"},
    "legend_twin": {"en": "twin towns", "sv": "vänorter"},
    "base_map": {"en": "Base map", "sv": "Bakgrundskarta"},
    "no_base_map": {"en": "no base map installed (make vendor)", "sv": "ingen bakgrundskarta installerad (make vendor)"},
    "iri": {"en": "IRI", "sv": "IRI"},
    "api_docs": {"en": "HTTP API", "sv": "HTTP-API"},
    "no_api_docs": {
        "en": "The interactive API browser (Swagger UI) is not installed here (npm was not found when the "
              "server was installed; run `make vendor`). The OpenAPI description is at",
        "sv": "Den interaktiva API-läsaren (Swagger UI) är inte installerad här (npm fanns inte när servern "
              "installerades; kör `make vendor`). OpenAPI-beskrivningen finns på",
    },
    "endpoint": {"en": "SPARQL endpoint", "sv": "SPARQL-slutpunkt"},
    # the national network (web/country.py): the country page and the home page's summary
    "national_network": {"en": "Twin towns of the municipalities of", "sv": "Vänorter för kommunerna i"},
    "national_lead": {
        "en": "Most pairs come from Wikipedia's lists of twin towns and are shown as listed there, not as "
              "confirmed; a pair is stated when a municipality's own page states it. Where no source gives "
              "a start, none is shown.",
        "sv": "De flesta par kommer från Wikipedias vänortslistor och visas som listade där, inte som "
              "bekräftade; ett par är uppgivet när en kommuns egen webbsida anger det. Där ingen källa "
              "anger när det började visas inget startår.",
    },
    "nat_with_twin_towns": {"en": "municipalities with twin towns", "sv": "kommuner med vänorter"},
    "nat_of": {"en": "of", "sv": "av"},
    "nat_twinnings": {"en": "twin-town pairs", "sv": "vänortspar"},
    "nat_stated": {"en": "pairs stated by a municipality", "sv": "par som en kommun själv uppger"},
    "nat_listed": {"en": "pairs only listed by Wikipedia or another secondary source",
                   "sv": "par som bara listas av Wikipedia eller annan sekundär källa"},
    "nat_with_stated": {"en": "municipalities stating a twin town themselves",
                        "sv": "kommuner som själva uppger en vänort"},
    "nat_partner_countries": {"en": "partner countries", "sv": "partnerländer"},
    "nat_start_known": {"en": "pairs with a known start", "sv": "par med känt startår"},
    "nat_start_unknown": {"en": "pairs without a known start", "sv": "par utan känt startår"},
    "nat_countries": {"en": "With which countries", "sv": "Med vilka länder"},
    "nat_top_countries": {"en": "The most frequent partner countries", "sv": "De vanligaste partnerländerna"},
    "nat_since_when": {"en": "Since when", "sv": "Sedan när"},
    "nat_by_region": {"en": "By county", "sv": "Per län"},
    "nat_places": {"en": "Municipalities with twin towns", "sv": "Kommuner med vänorter"},
    "nat_map": {"en": "Map of the municipalities with twin towns", "sv": "Karta över kommunerna med vänorter"},
    "nat_whole": {"en": "The whole national network", "sv": "Hela det nationella nätverket"},
    "nat_query": {"en": "The query behind this table", "sv": "Frågan bakom tabellen"},
    "nat_query_figures": {"en": "The query behind these figures", "sv": "Frågan bakom siffrorna"},
    "col_partner_country": {"en": "Partner country", "sv": "Partnerland"},
    "col_pairs": {"en": "Pairs", "sv": "Par"},
    "col_municipalities": {"en": "Municipalities taking part", "sv": "Deltagande kommuner"},
    "col_stated": {"en": "Stated by a municipality", "sv": "Uppgivna av en kommun"},
    "col_earliest": {"en": "Earliest known start", "sv": "Tidigast kända start"},
    "col_decade": {"en": "Started", "sv": "Började"},
    "col_region": {"en": "County", "sv": "Län"},
    "col_all_municipalities": {"en": "Municipalities", "sv": "Kommuner"},
    "col_with_twin_towns": {"en": "With twin towns", "sv": "Med vänorter"},
    "col_municipality": {"en": "Municipality", "sv": "Kommun"},
    "decade": {"en": "{decade}s", "sv": "{decade}-talet"},
    "start_not_given": {"en": "no source gives the start", "sv": "ingen källa anger starten"},
    "legend_pairs": {"en": "Twin-town pairs of a municipality", "sv": "Vänortspar per kommun"},
    "stated_partnerships": {"en": "Stated by the municipalities themselves, most recent start first",
                            "sv": "Uppgivna av kommunerna själva, senast startade först"},
    "source": {"en": "source", "sv": "källa"},
    "cited_sources": {"en": "Who states what", "sv": "Vem som säger vad"},
    "cited_sources_note": {
        "en": "The numbers beside the values above name the sources that state them. A primary source is the "
              "municipality itself; a secondary one lists what others say (e.g. Wikipedia) and confirms nothing.",
        "sv": "Siffrorna vid uppgifterna ovan anger vilka källor som säger dem. En primär källa är kommunen själv; "
              "en sekundär återger vad andra säger (t.ex. Wikipedia) och bekräftar ingenting.",
    },
    "source_updated": {"en": "updated", "sv": "uppdaterad"},
    "source_consulted": {"en": "read", "sv": "läst"},
    "source_licence": {"en": "licence", "sv": "licens"},
    "derived": {"en": "derived", "sv": "härledd"},
    "derived_note": {"en": "Derived by vanort's build from other statements; no source states it in these words.",
                     "sv": "Härledd av vanorts byggsteg ur andra uppgifter; ingen källa säger den med just dessa ord."},
}


def translate(key: str, language: str) -> str:
    """A word of the page in ``language``.

    >>> translate("map", "sv")
    'Karta'
    """
    return WORDS[key][language]
