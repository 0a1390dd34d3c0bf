"""Run the RML mapping with morph-kgc, in its own virtual environment.

morph-kgc (PyPI) is the maintained RML engine the design names, but its releases pin
pyoxigraph < 0.4 and rdflib < 7.3, while vanort needs pyoxigraph 0.5 and pySHACL needs
rdflib >= 7.3: the two cannot share one environment. So `make install` puts morph-kgc into
``.venv-rml`` and the build runs it as a program (as one would run the Java RMLMapper), then
reads its N-Quads with pyoxigraph. Measured in README ("Tables"): about 5 s of CPU for
300 municipalities and 1,000 pairs, most of it the engine's start and mapping parse.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError

MAPPINGS = ("mapping.yml", "source-text.rml")
TIMEOUT_S = 600

CONFIG = """[CONFIGURATION]
output_format=N-QUADS
output_file={output}
na_values=
logging_level=ERROR
number_of_processes=1

[DataSource]
mappings={mappings}
"""


def run(python: Path, folder: Path, display: str) -> list[ox.Quad]:
    """Map the tables in ``folder``; return the quads (IRIs under the default base)."""
    if not python.is_file():
        raise InputError(f"{display}: the RML engine is not installed ({python} is missing); run `make install`, "
                         "which puts morph-kgc into .venv-rml (README, 'Tables')", file=display)
    with tempfile.TemporaryDirectory(prefix="vanort-rml-") as scratch:
        output = Path(scratch) / "tables.nq"
        config = Path(scratch) / "config.ini"
        config.write_text(CONFIG.format(output=output, mappings=",".join(str(folder / m) for m in MAPPINGS)))
        try:
            done = subprocess.run([str(python), "-m", "morph_kgc", str(config)], cwd=folder, capture_output=True,
                                  text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as exc:
            raise InputError(f"{display}: the mapping did not finish within {TIMEOUT_S} s", file=display) from exc
        if done.returncode != 0 or not output.is_file():
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise InputError(f"{display}/mapping.yml: the RML engine failed: {last}", file=display)
        return list(ox.parse(output.read_bytes(), format=ox.RdfFormat.N_QUADS))
