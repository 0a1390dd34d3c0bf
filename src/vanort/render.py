"""SPARQL results as bytes in the four W3C results formats.

Rows are serialised here rather than by the engine so that the row cap can cut a result
and say so (the JSON and XML forms carry a note in ``head.link``-free extension fields).

>>> import pyoxigraph as ox
>>> results_bytes(["x"], [{"x": ox.Literal("a,b")}], "csv")
b'x\\r\\n"a,b"\\r\\n'
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
Row = Mapping[str, object]


def _json_term(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {  # type: ignore[dict-item]
            "subject": _json_term(term.subject), "predicate": _json_term(term.predicate),
            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_cell(term: object) -> str:
    if term is None:
        return ""
    text = term.value if isinstance(term, (ox.NamedNode, ox.Literal)) else f"_:{term.value}" if isinstance(term, ox.BlankNode) else str(term)  # type: ignore[attr-defined]
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _tsv_cell(term: object) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value in (XSD_STRING, RDF_LANG_STRING):
        text = term.value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r").replace('"', '\\"')
        return f'"{text}"@{term.language}' if term.language else f'"{text}"'
    return str(term)


def results_bytes(variables: Sequence[str], rows: Sequence[Row], name: str, truncated: bool = False) -> bytes:
    """SELECT solutions in the format ``name`` (json, xml, csv, tsv)."""
    if name == "json":
        head: dict[str, object] = {"vars": list(variables)}
        document: dict[str, object] = {"head": head, "results": {"bindings": [
            {k: _json_term(v) for k, v in row.items() if v is not None} for row in rows]}}
        if truncated:
            document["results"]["truncated"] = True  # type: ignore[index]
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    if name == "xml":
        parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
        parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
        if truncated:
            parts.append('<link href="urn:vanort:truncated"/>')
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items() if v is not None]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode("utf-8")
    if name == "csv":
        lines = [",".join(variables)] + [",".join(_csv_cell(row.get(v)) for v in variables) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if name == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)] + ["\t".join(_tsv_cell(row.get(v)) for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"not a results format: {name}")


def boolean_bytes(value: bool, name: str) -> bytes:
    """ASK answers; CSV and TSV have no boolean form in the W3C notes, so a one-cell table."""
    if name == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if name == "xml":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode("utf-8")
    word = "true" if value else "false"
    return (f"_askResult\r\n{word}\r\n" if name == "csv" else f"?_askResult\n{word}\n").encode("utf-8")
