from __future__ import annotations

from pathlib import Path

import pytest

from vanort import build, config
from vanort.errors import InputError


def _check(project: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        build.check(config.load(project, environ={}))
    return caught.value


def _append(project: Path, text: str) -> None:
    target = project / "data" / "places.ttl"
    target.write_text(target.read_text() + text)


def test_unknown_term_is_named_with_a_suggestion(mini_project: Path) -> None:
    _append(mini_project, "\nm:a vo:partnr m:b .\n")
    error = _check(mini_project)
    assert "data/places.ttl:" in str(error)
    assert "https://w3id.org/vanort/def/partnr is not a term of the vanort ontology" in str(error)
    assert "did you mean partner" in str(error)


def test_dangling_reference_names_the_missing_resource(mini_project: Path) -> None:
    _append(mini_project, "\nm:a vo:twinTown m:zz .\n")
    error = _check(mini_project)
    assert "https://w3id.org/vanort/id/municipality/zz is referenced but described nowhere" in str(error)


def test_wrong_datatype_is_named(mini_project: Path) -> None:
    _append(mini_project, '\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\nm:a vo:earliest "1998-13-45"^^xsd:date .\n')
    error = _check(mini_project)
    assert '"1998-13-45" is not a valid xsd:date' in str(error)
    assert error.extensions["problems"][0].startswith("data/places.ttl:")
