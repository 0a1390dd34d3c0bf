"""The lexical form of XSD-typed literals, checked against XML Schema 1.1 Part 2 (issue #11).

``"abcd"^^xsd:gYear`` and ``"1998-05-05"^^xsd:gYear`` parse as Turtle, and neither rdflib nor
pyoxigraph refuses them; they were published with their derived date bounds silently
missing. Every literal whose datatype is a built-in XSD type (gYear, gYearMonth, date,
dateTime, decimal, integer and the derived integers with their ranges, boolean, anyURI,
double, float, duration, language, ...) is checked here with ``xmlschema``'s built-in
types, the W3C's lexical spaces implemented and maintained by that project. RDF 1.1 Concepts
§3.3 asks for the lexical form itself to be in the lexical space, so surrounding white space
(which an XML processor would collapse) is refused too.

>>> lexical_error("1998", XSD + "gYear") is None
True
>>> lexical_error("1998-05-05", XSD + "gYear")
'not in the lexical space of xsd:gYear'
>>> lexical_error("128", XSD + "byte")
'not in the lexical space of xsd:byte'
>>> lexical_error(" 1.5", XSD + "decimal")
'white space around it, which xsd:decimal does not allow'
>>> lexical_error("anything", "http://www.opengis.net/ont/geosparql#wktLiteral") is None
True
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from .namespaces import XSD

# Types whose lexical space keeps white space as written (XSD 1.1 Part 2 §4.3.6 whiteSpace).
_PRESERVING = frozenset({"string", "anySimpleType", "anyAtomicType"})


@cache
def _types() -> Any:
    """XSD 1.1's built-in simple types; built once (about a second), only when a build needs them."""
    import xmlschema

    return xmlschema.XMLSchema11.builtin_types()


def lexical_error(value: str, datatype: str) -> str | None:
    """Why ``value`` is not a lexical form of ``datatype``, or None (also for non-XSD types)."""
    if not datatype.startswith(XSD):
        return None  # language-tagged strings and other types: nothing to check, nothing kept
    return _xsd_error(value, datatype[len(XSD):])


# Bounded: the same years and flags recur thousands of times in a large build, but every
# distinct literal kept for the whole build was ~1 GB at N = 100,000 (issue #13).
@lru_cache(maxsize=1 << 16)
def _xsd_error(value: str, name: str) -> str | None:
    types = _types()
    if name not in types or name in ("anyType", "anySimpleType", "anyAtomicType"):
        return None
    if name not in _PRESERVING and value != value.strip(" \t\r\n"):
        return f"white space around it, which xsd:{name} does not allow"
    if not types[name].is_valid(value):
        return f"not in the lexical space of xsd:{name}"
    return None
