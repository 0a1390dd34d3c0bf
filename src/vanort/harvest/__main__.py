"""``python -m vanort.harvest INPUTS OUT [--notes DIR] [--retrieved YYYY-MM-DD]``: regenerate the tables."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from .run import build_tables, write_tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m vanort.harvest", description=__doc__)
    parser.add_argument("inputs", type=Path, help="folder laid out as vanort.harvest.run describes")
    parser.add_argument("out", type=Path, help="folder for the CSV files and checks.txt")
    parser.add_argument("--notes", type=Path, default=None,
                        help="folder for unmatched.csv and checks.txt (default: OUT)")
    parser.add_argument("--retrieved", default=datetime.date.today().isoformat(),
                        help="the date the inputs were read (sources.csv 'retrieved')")
    args = parser.parse_args(argv)
    if not args.inputs.is_dir():  # before any optional import: a wrong path is the likelier mistake
        print(f"harvest: inputs folder {args.inputs} does not exist", file=sys.stderr)
        return 2
    try:
        tables, notes = build_tables(args.inputs, args.retrieved)
    except (OSError, ValueError, KeyError) as exc:
        print(f"harvest: {exc}", file=sys.stderr)
        return 2
    except ImportError as exc:
        print(f"harvest: {exc.name} is missing: pip install -e '.[harvest]' (or make harvest)", file=sys.stderr)
        return 2
    notes_dir = args.notes or args.out
    unmatched = {"unmatched": tables.pop("unmatched")}
    write_tables(tables, args.out)
    write_tables(unmatched, notes_dir)
    (notes_dir / "checks.txt").write_text("\n".join(notes) + "\n", encoding="utf-8")
    tables.update(unmatched)
    for name, rows in tables.items():
        print(f"{name}.csv: {len(rows)} rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
