"""Reconciliation Service API 0.2 (W3C Entity Reconciliation CG Final Report, 2023-04-10):
the logic behind ``/reconcile``, free of HTTP.

Matching compares labels in every language after folding case, diacritics and scripts
(Serbian Cyrillic is transliterated), with and without generic words such as "kommun" or
"Municipality"; national codes and Wikidata QIDs given as properties count as strong
evidence. A candidate gets ``match: true`` only when it is the single strong candidate.

>>> fold("Vännäs kommun"), fold("Прокупље"), fold("Isokyrö")
('vannas kommun', 'prokuplje', 'isokyro')
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import __version__, queries
from .namespaces import vocab

# Serbian Cyrillic -> Latin (the official Gaj alphabet), then folded like any other text.
_CYRILLIC = dict(zip("абвгдђежзијклљмнњопрстћуфхцчџш",
                     ["a", "b", "v", "g", "d", "dj", "e", "z", "z", "i", "j", "k", "l", "lj", "m", "n", "nj",
                      "o", "p", "r", "s", "t", "c", "u", "f", "h", "c", "c", "dz", "s"], strict=True))
_NO_DECOMPOSITION = {"ø": "o", "æ": "ae", "đ": "dj", "ß": "ss", "ł": "l", "ı": "i", "œ": "oe", "þ": "th"}
GENERIC = {"kommun", "kommune", "kommuna", "municipality", "kunta", "kunnan", "comune", "di", "grad",
           "opstina", "city", "of", "town", "the", "kommunen", "kuntaa"}
STRONG = 90.0  # score from which a candidate may be a match


def fold(text: str) -> str:
    """Lower case, no diacritics, Latin script, single spaces."""
    lowered = text.casefold()
    lowered = "".join(_CYRILLIC.get(c, _NO_DECOMPOSITION.get(c, c)) for c in lowered)
    stripped = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", stripped).split())


def core(text: str) -> str:
    """The folded name without generic words ("Vännäs kommun" -> "vannas")."""
    words = [w for w in fold(text).split() if w not in GENERIC]
    return " ".join(words) or fold(text)


@dataclass
class Entity:
    iri: str
    id: str
    type: str
    labels: dict[str, list[str]] = field(default_factory=dict)  # language -> labels
    qids: set[str] = field(default_factory=set)
    codes: set[str] = field(default_factory=set)

    def name(self) -> str:
        for lang in ("en", "sv", ""):
            if self.labels.get(lang):
                return sorted(self.labels[lang])[0]
        return next((sorted(v)[0] for v in self.labels.values() if v), self.id)

    def forms(self) -> set[str]:
        return {f(label) for labels in self.labels.values() for label in labels for f in (fold, core)}


@dataclass
class Index:
    base: str
    entities: dict[str, Entity]

    @property
    def types(self) -> list[dict[str, str]]:
        vo = vocab(self.base)
        return [{"id": vo + "Municipality", "name": "Municipality"}, {"id": vo + "Partnership", "name": "Partnership"}]


def build_index(engine: Any, base: str) -> Index:
    """Read every matchable entity once (engine: anything with ``select``)."""
    entities: dict[str, Entity] = {}
    for row in engine.select(queries.text("reconcile-entities", base)):
        iri = row["entity"].value
        if not iri.startswith(base + "id/"):
            continue
        entity = entities.setdefault(iri, Entity(iri, iri[len(base + "id/"):], row["type"].value))
        value, kind = row["value"].value, row["field"].value
        if kind == "label":
            entity.labels.setdefault(row["lang"].value if "lang" in row else "", []).append(value)
        elif kind == "qid":
            entity.qids.add(value.upper())
        else:
            entity.codes.add(fold(value))
    return Index(base, entities)


def manifest(index: Index, origin: str) -> dict[str, Any]:
    """The service manifest (0.2 §3); ``origin`` is where this server is reached, ending in '/'."""
    return {
        "versions": ["0.2"],
        "name": "vanort: municipalities and partnerships",
        "identifierSpace": index.base + "id/",
        "schemaSpace": vocab(index.base),
        "serviceVersion": __version__,
        "view": {"url": origin + "id/{{id}}"},
        "preview": {"url": origin + "reconcile/preview?id={{id}}", "width": 400, "height": 160},
        "suggest": {"entity": {"service_url": origin.rstrip("/"), "service_path": "/reconcile/suggest/entity"}},
        "defaultTypes": index.types,
    }


QID_PROPERTIES = {"wikidata", "qid"}
CODE_PROPERTIES = {"code", "national-code", "identifier"}


def _property_evidence(entity: Entity, properties: list[dict[str, Any]]) -> tuple[int, int]:
    """(values that agree, values that contradict) for the query's identifier properties."""
    agree = contradict = 0
    for prop in properties:
        values = prop.get("v")
        for value in values if isinstance(values, list) else [values]:
            text = str(value.get("id", "")) if isinstance(value, dict) else str(value)
            if not text.strip():
                continue
            pid = str(prop.get("pid", "")).casefold()
            if pid not in QID_PROPERTIES | CODE_PROPERTIES and not re.fullmatch(r"p[1-9]\d*", pid):
                continue  # not an identifier property: neither evidence for nor against
            if pid in QID_PROPERTIES or re.fullmatch(r"q[1-9]\d*", text.strip().casefold()):
                hit = text.strip().upper().rsplit("/", 1)[-1] in entity.qids
            else:
                hit = fold(text) in entity.codes
            agree, contradict = (agree + 1, contradict) if hit else (agree, contradict + 1)
    return agree, contradict


def _name_score(query: str, entity: Entity) -> float:
    if not query.strip():
        return 0.0
    exact = {label for labels in entity.labels.values() for label in labels}
    if query.strip() in exact:
        return 100.0
    folded, short = fold(query), core(query)
    forms = entity.forms()
    if folded in forms or short in forms:
        return 95.0
    best = max((difflib.SequenceMatcher(None, short, f).ratio() for f in forms), default=0.0)
    return round(best * 85, 1) if best >= 0.75 else 0.0


def _wanted_types(query: dict[str, Any], index: Index) -> set[str]:
    given = query.get("type")
    wanted = [given] if isinstance(given, str) else list(given or [])
    vo = vocab(index.base)
    return {t if "/" in t else vo + t for t in wanted}


def reconcile_one(index: Index, query: dict[str, Any]) -> dict[str, Any]:
    """Candidates for one query (0.2 §4), best first."""
    types = _wanted_types(query, index)
    properties = [p for p in query.get("properties") or [] if isinstance(p, dict)]
    candidates = []
    for entity in index.entities.values():
        if types and entity.type not in types:
            continue
        score = _name_score(str(query.get("query", "")), entity)
        agree, contradict = _property_evidence(entity, properties)
        if agree:
            score = max(score, 90.0) + 10.0 * agree
        score -= 30.0 * contradict
        if score > 0:
            candidates.append((min(score, 100.0), entity))
    candidates.sort(key=lambda c: (-c[0], c[1].id))
    limit = int(query.get("limit") or 10)
    strong = [c for c in candidates if c[0] >= STRONG]
    result = []
    for rank, (score, entity) in enumerate(candidates[:max(limit, 1)]):
        unambiguous = rank == 0 and len(strong) == 1
        result.append({
            "id": entity.id, "name": entity.name(), "score": score, "match": unambiguous,
            "type": [{"id": entity.type, "name": entity.type.rsplit("/", 1)[-1]}],
            "description": entity.iri,
        })
    return {"result": result}


def reconcile(index: Index, batch: dict[str, Any]) -> dict[str, Any]:
    """A whole batch: ``{"q0": {...}, ...}`` -> ``{"q0": {"result": [...]}, ...}``."""
    return {key: reconcile_one(index, query if isinstance(query, dict) else {}) for key, query in batch.items()}


def suggest(index: Index, prefix: str, limit: int = 10) -> dict[str, Any]:
    """Suggest entities whose label starts with (or contains) the prefix, folded."""
    wanted = fold(prefix)
    hits = []
    for entity in index.entities.values():
        forms = entity.forms()
        if not wanted:
            continue
        if any(f.startswith(wanted) for f in forms):
            hits.append((0, entity))
        elif any(wanted in f for f in forms):
            hits.append((1, entity))
    hits.sort(key=lambda h: (h[0], h[1].type, h[1].name()))
    return {"result": [
        {"id": e.id, "name": e.name(), "description": e.iri, "notable": [{"id": e.type, "name": e.type.rsplit("/", 1)[-1]}]}
        for _, e in hits[:limit]
    ]}


def preview(index: Index, entity_id: str) -> str | None:
    """An HTML fragment for OpenRefine's preview iframe, or None for an unknown id."""
    entity = index.entities.get(index.base + "id/" + entity_id)
    if entity is None:
        return None
    labels = "".join(
        f"<li lang=\"{html.escape(lang)}\">{html.escape(label)}</li>"
        for lang, values in sorted(entity.labels.items()) for label in sorted(values)
    )
    qids = ", ".join(html.escape(q) for q in sorted(entity.qids)) or "none"
    return (
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>"
        f"{html.escape(entity.name())}</title></head><body style=\"font:13px sans-serif;margin:4px\">"
        f"<strong>{html.escape(entity.name())}</strong> <small>{html.escape(entity.type.rsplit('/', 1)[-1])}</small>"
        f"<ul style=\"margin:2px 0;padding-left:16px\">{labels}</ul>"
        f"<div>Wikidata: {qids}</div><div><small>{html.escape(entity.iri)}</small></div></body></html>"
    )
