"""Spellings of SERVICE, LOAD, updates, FROM, BASE, prefixes and escapes (issue #11).

``refused(url)`` must each be refused (403) with a line and column, whatever the engine
behind; ``unknown_graphs(url)`` name graphs the release does not hold and must each be
answered as an empty graph, never fetched. ``url`` stands for the outside world (a loopback
listener in the end-to-end test); ``base`` is the folder it lives in.
A backslash-u in these strings is a codepoint escape the server must decode (SPARQL 1.1 §19.2).
"""

from __future__ import annotations

ANY = "{ ?s ?p ?o }"


def refused(url: str) -> list[tuple[str, str]]:
    """(name, query): every one is refused with 403."""
    base = url.rsplit("/", 1)[0] + "/"
    s = f"<{url}>"
    cases = {
        "filter-lt-before": f"SELECT * WHERE {{ BIND(1 AS ?x) FILTER(?x < 2) SERVICE {s} {ANY} }}",
        "filter-lt-ask": f"ASK {{ BIND(1 AS ?x) FILTER(?x < 2) SERVICE {s} {ANY} }}",
        "filter-lt-construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ FILTER(1 < 2) SERVICE {s} {ANY} }}",
        "filter-lt-describe": f"DESCRIBE ?s WHERE {{ FILTER(1<2) SERVICE {s} {ANY} }}",
        "optional-filter-before": f"SELECT * WHERE {{ OPTIONAL {{ ?a ?b ?c FILTER(1<2) }} SERVICE {s} {ANY} }}",
        "mixed-case": f"SELECT * WHERE {{ SeRvIcE {s} {ANY} }}",
        "lower-case": f"select * where {{ service {s} {ANY} }}",
        "escape-u": f"SELECT * WHERE {{ \\u0053ERVICE {s} {ANY} }}",
        "escape-U": f"SELECT * WHERE {{ \\U00000053\\U00000045RVICE {s} {ANY} }}",
        "escape-in-iri": f"SELECT * WHERE {{ SERVICE \\u003C{url}\\u003E {ANY} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT {s} {ANY} }}",
        "silent-tab-newline": f"SELECT * WHERE {{ SERVICE\tSILENT\n{s} {ANY} }}",
        "prefixed-name": f"PREFIX w: <{base}> SELECT * WHERE {{ SERVICE w:x {ANY} }}",
        "base-relative": f"BASE <{base}> SELECT * WHERE {{ SERVICE <x> {ANY} }}",
        "comment-between": f"SELECT * WHERE {{ SERVICE#comment\n{s} {ANY} }}",
        "comments-around": f"SELECT * WHERE {{ #x\nSERVICE {s} #y\n{ANY} }}",
        "crlf": f"SELECT * WHERE {{\r\nSERVICE\r\n{s}\r\n{ANY} }}",
        "subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE {s} {ANY} }} }} }}",
        "filter-exists": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE {s} {ANY} }} }}",
        "minus": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE {s} {ANY} }} }}",
        "union": f"SELECT * WHERE {{ {ANY} UNION {{ SERVICE {s} {ANY} }} }}",
        "in-graph": f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE {s} {ANY} }} }}",
        "no-spaces": f"SELECT * WHERE {{ ?s ?p ?o.SERVICE{s}{ANY} }}",
        "after-true": f"SELECT * WHERE {{ ?s ?p true.SERVICE {s} {ANY} }}",
        "after-number": f"SELECT * WHERE {{ ?s ?p 1.SERVICE {s} {ANY} }}",
        "glued-to-true": f"SELECT * WHERE {{ ?s ?p trueSERVICE {s} {ANY} }}",
        "glued-silent": f"SELECT * WHERE {{ SERVICESILENT {s} {ANY} }}",
        "prefix-named-service": f"PREFIX : <{base}> SELECT * WHERE {{ ?s ?p ?o . service:x {ANY} }}",
        "glued-prefixed-name": f"PREFIX ex: <{base}> SELECT * WHERE {{ SERVICEex:x {ANY} }}",
        "after-string-with-lt": f"SELECT * WHERE {{ ?s ?p \"<\" . SERVICE {s} {ANY} }}",
        "after-long-string": f"SELECT * WHERE {{ ?s ?p '''>\n''' . SERVICE {s} {ANY} }}",
        "after-escaped-quote": f"SELECT * WHERE {{ ?s ?p \"a\\\"b\" . SERVICE {s} {ANY} }}",
        "after-hash-in-iri": f"SELECT * WHERE {{ ?s <http://e/p#x> ?o . SERVICE {s} {ANY} }}",
        "variable-target": f"SELECT * WHERE {{ BIND({s} AS ?x) SERVICE ?x {ANY} }}",
        "after-lt-comparisons": f"SELECT * WHERE {{ ?s ?p ?o FILTER(?o<2&&?o>0) SERVICE {s} {ANY} }}",
        "load": f"LOAD {s}",
        "load-into": f"load {s} INTO GRAPH <http://e/g>",
        "load-escaped": f"\\u004cOAD {s}",
        "insert-data": "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "delete-where": "DELETE WHERE { ?s ?p ?o }",
        "clear": "CLEAR ALL",
        "drop": f"DROP GRAPH {s}",
        "create": f"CREATE GRAPH {s}",
        "copy": f"COPY {s} TO DEFAULT",
        "move": f"MOVE DEFAULT TO {s}",
        "add": f"ADD {s} TO DEFAULT",
        "with": f"WITH {s} DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    }
    return list(cases.items())


def unknown_graphs(url: str, base_iri: str) -> list[tuple[str, str]]:
    """(name, query) counting triples (or asking) in graphs the release does not hold."""
    base = url.rsplit("/", 1)[0] + "/"
    count = "SELECT (COUNT(*) AS ?n)"
    cases = {
        "from-iri": f"{count} FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "from-named": f"{count} FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "from-prefixed": f"PREFIX t: <{base}> {count} FROM t:x WHERE {{ ?s ?p ?o }}",
        "from-base-relative": f"BASE <{base}> {count} FROM <x> WHERE {{ ?s ?p ?o }}",
        "from-relative": f"{count} FROM <graph/not-in-release> WHERE {{ ?s ?p ?o }}",
        "from-escaped": f"{count} \\u0046ROM <{url}> WHERE {{ ?s ?p ?o }}",
        "from-comment-tab": f"select (count(*) as ?n) from#c\n\t<{url}>\nwhere {{ ?s ?p ?o }}",
        "from-in-ask": f"ASK FROM <{url}> {{ ?s ?p ?o }}",
        "from-in-construct": f"CONSTRUCT {{ ?s ?p ?o }} FROM <{url}> WHERE {{ ?s ?p ?o }}",
        "from-in-describe": f"DESCRIBE <{base_iri}id/x> FROM <{url}>",
    }
    return list(cases.items())
