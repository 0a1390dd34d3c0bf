"""SPARQL used by the code lives in ``*.rq`` files beside this module, loaded by name.

The files are written against the default base IRI; a configured base replaces it, so the
rules follow the data wherever it is published. User input is never put into query text:
values are bound through the engine's substitutions.

>>> "CONSTRUCT" in text("derive-twin-town", "https://w3id.org/vanort/")
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from ..namespaces import DEFAULT_BASE


@cache
def _raw(name: str) -> str:
    return resources.files(__name__).joinpath(f"{name}.rq").read_text(encoding="utf-8")


def text(name: str, base: str = DEFAULT_BASE) -> str:
    """The query ``name`` with the default base replaced by ``base``."""
    raw = _raw(name)
    return raw if base == DEFAULT_BASE else raw.replace(DEFAULT_BASE, base)
