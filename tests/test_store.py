"""The store: bound values are put where the engine can use them."""

from __future__ import annotations

import pyoxigraph as ox

from vanort.store import OxigraphEngine, bind

NQ = b"""<http://e/a> <http://e/p> "x" <http://e/g> .
<http://e/b> <http://e/p> "y" <http://e/g> .
"""


def test_bind_replaces_the_variable_inside_groups_and_keeps_it_projected() -> None:
    query = "SELECT ?r ?o WHERE { { ?r <http://e/p> ?o } UNION { ?r <http://e/q> ?o } }"
    bound = bind(query, {"r": ox.NamedNode("http://e/a")})
    assert bound.count("<http://e/a>") == 3  # both branches and the final BIND
    rows = OxigraphEngine.from_nquads(NQ, "v").select(query, {"r": ox.NamedNode("http://e/a")})
    assert [(r["r"].value, r["o"].value) for r in rows] == [("http://e/a", "x")]


def test_bind_leaves_strings_iris_and_comments_alone() -> None:
    query = 'SELECT ?o WHERE { ?r <http://e/p?r=1> ?o . FILTER(?o != "?r") } # ?r'
    bound = bind(query, {"r": ox.NamedNode("http://e/b")})
    assert '"?r"' in bound and "<http://e/p?r=1>" in bound and bound.endswith("# ?r")
    assert bound.startswith("SELECT ?o WHERE { <http://e/b> <http://e/p?r=1>")


def test_bound_literal_is_written_by_the_engine_term() -> None:
    tricky = ox.Literal('x" . } ; DROP ALL #', language="en")
    bound = bind("SELECT ?s WHERE { ?s <http://e/p> ?v }", {"v": tricky})
    assert str(tricky) in bound  # escaped by pyoxigraph, so the literal cannot end the query early
    assert OxigraphEngine.from_nquads(NQ, "v").select("SELECT ?s WHERE { ?s <http://e/p> ?v }", {"v": tricky}) == []
