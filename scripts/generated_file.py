"""The command line of a script that generates a file shipped in ontology/: write it, or ``--check`` that the
shipped file is what its source gives now (exit 1 if not)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path


def write_or_check(description: str, path: Path, render: Callable[[], str], source: str, rows: str) -> int:
    """Parse ``--check``, render the file and write it (saying how many ``rows`` below its two header lines)
    or compare it with ``path``; the exit status."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="compare with the shipped file instead of writing")
    args = parser.parse_args()
    text = render()
    if args.check:
        same = path.read_text(encoding="utf-8") == text
        print(f"{path.name} is up to date" if same else f"{path.name} differs from {source}")
        return 0 if same else 1
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({text.count(chr(10)) - 2} {rows})")
    return 0
