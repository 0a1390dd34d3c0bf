"""Every kind of HTML page the server has, one example each: the browser tests visit them and
``make screenshots`` photographs them. Paths are those of the project's own data (Vännäs and
the national register)."""

from __future__ import annotations

KINDS: dict[str, str] = {
    "home": "/",
    "municipality": "/id/municipality/se-2460-vannas",
    "partnership": "/id/partnership/vannas-isokyro",
    "timeline": "/id/partnership/vannas-hemnes",
    "cooperation": "/id/cooperation/umearegionen",
    "country": "/id/country/se-sweden",  # the national network above the property table
    "source": "/id/source/vannas-page",
    "class": "/def/Municipality",
    "ontology": "/def",
    "shapes": "/shapes",
    "query": "/query",
    "downloads": "/download/",
    "psidata": "/psidata",
    "quality": "/-/quality",
    "not-found": "/id/municipality/no-such-place",
    "syntax-error": "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%7D",
    "api-docs": "/-/docs",
    # national register: the municipality with the most partnerships in data/tables (34), and the
    # paged list of all partnerships (50 a page) after its first page
    "many-partnerships": "/id/municipality/se-2101-ockelbo",
    "partnership-list-page-2": "/def/Partnership?page=2",
}
WIDTHS = (390, 1280)
LANGUAGES = ("sv", "en")


def with_language(path: str, language: str) -> str:
    return path + ("&" if "?" in path else "?") + "lang=" + language
