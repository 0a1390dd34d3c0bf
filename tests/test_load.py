from __future__ import annotations

from pathlib import Path

import pytest

from vanort import build, config
from vanort.errors import InputError
from vanort.load import read_folder


def _settings(project: Path) -> config.Settings:
    return config.load(project, {"release_dir": str(project / "release")}, environ={})


def test_syntax_error_names_file_line_and_column(mini_project: Path) -> None:
    target = mini_project / "data" / "places.ttl"
    lines = target.read_text().splitlines()
    lines.append('<https://w3id.org/vanort/id/municipality/c> <http://e/p> "unterminated .')
    target.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as caught:
        build.check(_settings(mini_project))
    assert caught.value.extensions["file"] == "data/places.ttl"
    assert caught.value.extensions["line"] == len(lines)
    assert caught.value.extensions["column"] is not None
    assert str(caught.value).startswith(f"data/places.ttl:{len(lines)}:")


def test_unknown_prefix_is_named_with_its_position(mini_project: Path) -> None:
    target = mini_project / "data" / "places.ttl"
    target.write_text(target.read_text() + "\nfoo:x a vo:Municipality .\n")
    with pytest.raises(InputError, match=r"data/places\.ttl:\d+:\d+: .*foo: has not been declared"):
        build.check(_settings(mini_project))


def test_invalid_utf8_names_file_and_line(mini_project: Path) -> None:
    target = mini_project / "data" / "places.ttl"
    target.write_bytes(target.read_bytes() + b'\n<https://w3id.org/vanort/id/x/y> <http://e/p> "V\xe4nn\xe4s" .\n')
    with pytest.raises(InputError, match=r"data/places\.ttl:\d+: the file is not valid UTF-8"):
        build.check(_settings(mini_project))


def test_missing_folder_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="data_dir"):
        read_folder(tmp_path / "nowhere", "data", "https://w3id.org/vanort/")


def test_one_named_graph_per_file(mini_project: Path) -> None:
    sources = build.read(_settings(mini_project))
    graphs = {f.graph for f in sources.files}
    assert "https://w3id.org/vanort/graph/data/places" in graphs
    assert "https://w3id.org/vanort/graph/data/partnerships" in graphs
    assert len(graphs) == len(sources.files)


def test_configured_base_rewrites_default_base(mini_project: Path) -> None:
    s = config.load(mini_project, {"base_iri": "https://data.example.se/"}, environ={})
    subjects = {q.subject.value for q in build.read(s).quads("data")}
    assert "https://data.example.se/id/municipality/a" in subjects
    assert not any(x.startswith("https://w3id.org/vanort/") for x in subjects)


def test_blank_nodes_get_stable_labels(tmp_path: Path) -> None:
    (tmp_path / "s.ttl").write_text(
        "<https://w3id.org/vanort/shapes/S> <http://www.w3.org/ns/shacl#property> [ "
        "<http://www.w3.org/ns/shacl#path> <http://e/p> ; <http://www.w3.org/ns/shacl#in> ( 1 2 ) ] .")
    first = sorted(str(q) for q in read_folder(tmp_path, "shapes", "https://w3id.org/vanort/")[0].quads)
    second = sorted(str(q) for q in read_folder(tmp_path, "shapes", "https://w3id.org/vanort/")[0].quads)
    assert first == second and sum("_:b" in q for q in first) == 7


def test_blank_node_in_a_data_file_is_refused_with_its_line(mini_project: Path) -> None:
    target = mini_project / "data" / "places.ttl"
    lines = target.read_text().splitlines()
    lines.append('<https://w3id.org/vanort/id/municipality/a> <http://e/p> [ <http://e/q> "x" ] .')
    target.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError, match=rf"data/places\.ttl:{len(lines)}: blank nodes are not allowed"):
        build.check(_settings(mini_project))
