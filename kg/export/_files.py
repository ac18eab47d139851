"""Atomic file writing shared by every exporter: readers never see a half-written file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: bytes | str) -> Path:
    """Write ``data`` (``str`` is encoded as UTF-8) to ``path`` through a temporary file in the same
    folder and ``os.replace``, so the file is either the old one or the complete new one.

    >>> write_atomic("/tmp/kg-example.txt", "نص")
    PosixPath('/tmp/kg-example.txt')
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        # mkstemp creates 0600 files; exported files are meant to be shared like any other output.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
