"""A small, polite client for the Wikidata Query Service (WDQS).

It follows the Wikimedia User-Agent policy (a descriptive agent naming the tool and a
contact), sends one request at a time, honours ``429 Too Many Requests`` with
``Retry-After`` (up to a bound), retries 5xx answers and timeouts a bounded number of times,
and keeps the answers in a local JSON cache with the date they were retrieved. The endpoint
is a parameter, so tests point it at a server on 127.0.0.1.

>>> values_block(["Q500210", "Q22129"])
'VALUES ?item { wd:Q500210 wd:Q22129 }'
>>> values_block(["Q1 } ; DROP"])
Traceback (most recent call last):
...
vanort.wikidata.client.WikidataError: not a Wikidata item ID: 'Q1 } ; DROP'
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from .. import __version__, queries
from ..errors import VanortError
from .model import QID, Statement, When

DEFAULT_ENDPOINT = "https://query.wikidata.org/sparql"
DEFAULT_CONTACT = "https://github.com/vanort/vanort"
CACHE_FORMAT = "vanort-wdqs-cache/1"
BATCH = 50  # items per request: keeps the query well under WDQS's URL and time limits


class WikidataError(VanortError):
    slug = "wikidata"
    title = "Wikidata Query Service error"


def user_agent(contact: str) -> str:
    """``<tool>/<version> (<contact>) <library>/<version>``, as the Wikimedia policy asks."""
    return f"vanort/{__version__} ({contact}) httpx/{httpx.__version__}"


def values_block(qids: Iterable[str]) -> str:
    """A VALUES block of validated QIDs: the only thing ever put into WDQS query text."""
    checked = []
    for qid in qids:
        if not QID.fullmatch(qid):
            raise WikidataError(f"not a Wikidata item ID: {qid!r}")
        checked.append(f"wd:{qid}")
    return "VALUES ?item { " + " ".join(checked) + " }"


def p190_query(qids: Iterable[str]) -> str:
    text = queries.text("wikidata-p190")
    if text.count("VALUES ?item { }") != 1:
        raise WikidataError("wikidata-p190.rq must contain exactly one `VALUES ?item { }` line")
    return text.replace("VALUES ?item { }", values_block(qids))


def _retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date, RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - now)


@dataclass
class WdqsClient:
    endpoint: str = DEFAULT_ENDPOINT
    contact: str = DEFAULT_CONTACT
    timeout_s: float = 60.0
    max_retries: int = 3  # extra attempts after a 5xx or a timeout
    max_retry_after_s: float = 120.0  # a longer Retry-After is an error, not a nap
    max_waits: int = 3  # how many 429s one request accepts
    sleep: Callable[[float], None] = time.sleep
    transport: httpx.BaseTransport | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()  # one request at a time, even across threads

    def select(self, query: str) -> dict[str, Any]:
        """POST one SELECT query; the SPARQL JSON results document."""
        headers = {"User-Agent": user_agent(self.contact), "Accept": "application/sparql-results+json"}
        with self._lock, httpx.Client(timeout=self.timeout_s, transport=self.transport, headers=headers) as http:
            return self._send(http, query)

    def _send(self, http: httpx.Client, query: str) -> dict[str, Any]:
        failures = waits = 0
        while True:
            try:
                response = http.post(self.endpoint, data={"query": query})
            except httpx.TimeoutException as exc:
                failures += 1
                if failures > self.max_retries:
                    raise WikidataError(f"{self.endpoint}: no answer within {self.timeout_s} s "
                                        f"({failures} attempts)") from exc
                self.sleep(min(2.0 ** failures, 30.0))
                continue
            except httpx.HTTPError as exc:
                raise WikidataError(f"{self.endpoint}: {exc}") from exc
            if response.status_code == 429:
                waits += 1
                delay = _retry_after(response.headers.get("retry-after"), time.time())
                delay = 5.0 if delay is None else delay
                if waits > self.max_waits or delay > self.max_retry_after_s:
                    raise WikidataError(f"{self.endpoint}: rate limited (429, Retry-After {delay:.0f} s); "
                                        "try again later")
                self.sleep(delay)
                continue
            if response.status_code >= 500:
                failures += 1
                if failures > self.max_retries:
                    raise WikidataError(f"{self.endpoint}: HTTP {response.status_code} after {failures} attempts")
                self.sleep(min(2.0 ** failures, 30.0))
                continue
            if response.status_code != 200:
                raise WikidataError(f"{self.endpoint}: HTTP {response.status_code}: {response.text[:300]}")
            try:
                return response.json()  # type: ignore[no-any-return]
            except ValueError as exc:
                raise WikidataError(f"{self.endpoint}: the answer is not JSON") from exc

    def fetch_p190(self, qids: Iterable[str], today: dt.date | None = None) -> Snapshot:
        """The P190 statements of ``qids``, one request per batch of items, in order."""
        items = sorted(set(qids), key=lambda q: int(q[1:]) if QID.fullmatch(q) else -1)
        bindings: list[dict[str, Any]] = []
        variables: list[str] = []
        for start in range(0, len(items), BATCH):
            answer = self.select(p190_query(items[start:start + BATCH]))
            variables = answer.get("head", {}).get("vars", variables)
            bindings.extend(answer.get("results", {}).get("bindings", []))
        retrieved = (today or dt.datetime.now(dt.UTC).date()).isoformat()
        results = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return Snapshot(self.endpoint, retrieved, items, results)


@dataclass
class Snapshot:
    """What WDQS answered, with the endpoint and the date it was retrieved."""

    endpoint: str
    retrieved: str
    items: list[str]
    results: dict[str, Any]

    def statements(self) -> list[Statement]:
        return parse_p190(self.results)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {"format": CACHE_FORMAT, "endpoint": self.endpoint, "retrieved": self.retrieved,
                    "items": self.items, "results": self.results}
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        temporary.replace(path)

    @classmethod
    def load(cls, path: Path) -> Snapshot:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise WikidataError(f"{path}: cannot read the Wikidata cache ({exc}); run `vanort wikidata fetch`") from exc
        if document.get("format") != CACHE_FORMAT:
            raise WikidataError(f"{path}: not a vanort Wikidata cache (format {document.get('format')!r})")
        return cls(document["endpoint"], document["retrieved"], list(document["items"]), document["results"])


def parse_p190(results: dict[str, Any]) -> list[Statement]:
    """SPARQL JSON results of wikidata-p190.rq -> one Statement per statement node."""
    rows: dict[str, dict[str, Any]] = {}
    for binding in results.get("results", {}).get("bindings", []):
        value = {k: v.get("value", "") for k, v in binding.items()}
        if value.get("rank", "").endswith("#DeprecatedRank"):
            continue
        subject, other = _qid(value.get("item", "")), _qid(value.get("other", ""))
        if not subject or not other or "statement" not in value:
            continue  # e.g. a "no value" snak, or a malformed row
        row = rows.setdefault(value["statement"], {"subject": subject, "object": other, "start": None,
                                                    "end": None, "urls": set(), "refs": set()})
        for part in ("start", "end"):
            if value.get(part) and value.get(part + "Precision"):
                row[part] = When.from_wikidata(value[part], int(value[part + "Precision"]))
        if value.get("reference"):
            row["refs"].add(value["reference"])
        if value.get("referenceUrl"):
            row["urls"].add(value["referenceUrl"])
    return [Statement(r["subject"], r["object"], iri, r["start"], r["end"], tuple(sorted(r["urls"])), len(r["refs"]))
            for iri, r in sorted(rows.items())]


def _qid(iri: str) -> str | None:
    tail = iri.rsplit("/", 1)[-1]
    return tail if iri.startswith("http://www.wikidata.org/entity/") and QID.fullmatch(tail) else None
