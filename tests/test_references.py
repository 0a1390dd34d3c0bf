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


XSD_PREFIX = "\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"


@pytest.mark.parametrize(("literal", "kind"), [
    ('"abcd"^^xsd:gYear', "gYear"), ('"1998-05-05"^^xsd:gYear', "gYear"), ('"1998-13"^^xsd:gYearMonth', "gYearMonth"),
    ('"1998-02-30"^^xsd:date', "date"), ('"2001-10-26"^^xsd:dateTime', "dateTime"), ('"1e3"^^xsd:decimal', "decimal"),
    ('"1.0"^^xsd:integer', "integer"), ('"-1"^^xsd:nonNegativeInteger', "nonNegativeInteger"),
    ('"128"^^xsd:byte', "byte"), ('"TRUE"^^xsd:boolean', "boolean"), ('"abc"^^xsd:double', "double"),
    ('"x"^^xsd:float', "float"), ('" 12"^^xsd:integer', "integer"), ('"1Y"^^xsd:duration', "duration"),
])
def test_ill_typed_literal_is_named_with_file_and_line(mini_project: Path, literal: str, kind: str) -> None:
    lines = (mini_project / "data" / "places.ttl").read_text().count("\n")
    _append(mini_project, f"{XSD_PREFIX}m:a vo:earliest {literal} .\n")
    error = _check(mini_project)
    value = literal.split('"')[1]
    assert f'"{value}" is not a valid xsd:{kind}' in str(error)
    # the line the literal is on: after the file's own lines, the blank line and the prefix line
    assert error.extensions["problems"][0].startswith(f"data/places.ttl:{lines + 3}:"), error.extensions


@pytest.mark.parametrize("literal", ['"1998"^^xsd:gYear', '"-0044"^^xsd:gYear', '"1998-05"^^xsd:gYearMonth',
                                     '"2001-10-26T21:32:52Z"^^xsd:dateTime', '"INF"^^xsd:double', '"1"^^xsd:boolean',
                                     '"0042"^^xsd:integer', '"http://e.se/a b"^^xsd:anyURI', '" x "^^xsd:string'])
def test_well_typed_literal_passes(mini_project: Path, literal: str) -> None:
    from vanort.literals import lexical_error
    from vanort.namespaces import XSD

    value, kind = literal.split('"')[1], literal.split(":")[-1]
    assert lexical_error(value, XSD + kind) is None


@pytest.mark.parametrize("command", ["validate", "build"])
@pytest.mark.parametrize("value", ["abcd", "1998-05-05"])
def test_cli_refuses_bad_gyear_naming_file_and_line(mini_project: Path, tmp_path: Path, command: str,
                                                    value: str) -> None:
    from click.testing import CliRunner

    from vanort.cli import main

    lines = (mini_project / "data" / "places.ttl").read_text().count("\n")
    _append(mini_project, f'{XSD_PREFIX}m:a vo:earliest "{value}"^^xsd:gYear .\n')
    extra = ["--release-dir", str(tmp_path / "rel")] if command == "build" else []
    result = CliRunner().invoke(main, ["--root", str(mini_project), command, *extra], catch_exceptions=False)
    assert result.exit_code == InputError.exit_code == 2, result.output
    assert f'data/places.ttl:{lines + 3}: "{value}" is not a valid xsd:gYear' in result.output
    assert not (tmp_path / "rel").exists() or not any((tmp_path / "rel").iterdir())


@pytest.mark.parametrize("content", ["", "@prefix vo: <https://w3id.org/vanort/def/> .\n# nothing yet\n"])
def test_emptied_data_file_is_an_error_naming_it(mini_project: Path, content: str) -> None:
    (mini_project / "data" / "places.ttl").write_text(content)
    error = _check(mini_project)
    assert "data/places.ttl: the file states nothing" in str(error)
