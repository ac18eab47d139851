"""Atomic file writes: a reader, or a build killed midway, never sees a half-written output, nor a mix of
old and new outputs (:class:`FolderSet`)."""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import KgError

# Read once at import: os.umask can only be read by setting it, which is not thread-safe later on.
_UMASK = os.umask(0o022)
os.umask(_UMASK)


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` in one rename.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_path(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    tmp = Path(name)
    # mkstemp creates 0600 files; outputs get the permissions of any other file the user writes.
    os.chmod(tmp, 0o666 & ~_UMASK)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` atomically.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.json"
    >>> atomic_write_text(target, "{}")
    >>> target.read_text()
    '{}'
    """
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


class OutputError(KgError):
    """An output folder that cannot be written."""


_STAGING = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.(?:\w+\.)?(?:part|old)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FolderSet:
    """A set of files published into the folder ``path`` as a whole, or not at all.

    Creating it checks that ``path`` can be written (so a build fails before its analysis, not after) and
    makes an empty staging folder beside it, ``.NAME.PID.part``. :meth:`publish` swaps the staging folder
    in for ``path`` in one atomic exchange (Linux ``renameat2``; elsewhere two renames, which a later run
    completes if it is killed between them): readers see the old set or the new one, never a mix. Entries
    of ``path`` the new set does not hold (a ``.gitignore``) are copied over first. :meth:`discard` (or
    leaving a ``with`` block on an error) removes the staging folder and leaves ``path`` untouched. Staging
    folders that a killed process left are removed when the next set for the same ``path`` is created.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "out"
    >>> with FolderSet(out) as staging:
    ...     _ = (staging / "a.txt").write_text("new")
    >>> sorted(p.name for p in out.parent.iterdir()), (out / "a.txt").read_text()
    (['out'], 'new')
    """

    def __init__(self, path: str | Path):
        self.path = Path(path).absolute()
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(f"{path} is not a folder")
        if Path.cwd().is_relative_to(self.path.resolve()):
            raise OutputError(f"{path} holds the current folder, which a build cannot replace: name a "
                              "folder of its own")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._remove_stale()
            self.staging = Path(tempfile.mkdtemp(dir=self.path.parent,
                                                 prefix=f".{self.path.name}.{os.getpid()}.", suffix=".part"))
            os.chmod(self.staging, 0o777 & ~_UMASK)
        except OSError as error:
            raise OutputError(f"cannot write into {path}: {error.strerror or error}") from None

    def __enter__(self) -> Path:
        return self.staging

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.publish()
        else:
            self.discard()

    def publish(self) -> None:
        """Put the staging folder's content in place of ``path``'s, as one set."""
        try:
            if self.path.is_dir():
                for entry in sorted(os.scandir(self.path), key=lambda e: e.name):
                    if not (self.staging / entry.name).exists() and not _STAGING.fullmatch(entry.name) \
                            and not entry.name.endswith(".part"):
                        _copy(Path(entry.path), self.staging / entry.name)
                _exchange(self.staging, self.path)
            else:
                os.rename(self.staging, self.path)
        except OSError as error:
            raise OutputError(f"cannot write into {self.path}: {error.strerror or error}") from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the staging folder (after :meth:`publish`, the old set it holds)."""
        shutil.rmtree(self.staging, ignore_errors=True)

    def _remove_stale(self) -> None:
        for entry in os.scandir(self.path.parent):
            match = _STAGING.fullmatch(entry.name)
            if match and match["name"] == self.path.name and not _alive(int(match["pid"])):
                if entry.name.endswith(".old") and not self.path.exists():
                    os.rename(entry.path, self.path)  # killed between the two renames of _exchange
                else:
                    shutil.rmtree(entry.path, ignore_errors=True)


def _copy(source: Path, target: Path) -> None:
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True)
    else:
        shutil.copy2(source, target, follow_symlinks=False)


_RENAME_EXCHANGE = 2
_libc = ctypes.CDLL(None, use_errno=True)


def _exchange(new: Path, old: Path) -> None:
    """Swap the folders ``new`` and ``old``: ``old``'s content ends up in ``new``."""
    renameat2 = getattr(_libc, "renameat2", None)
    if renameat2 is not None:
        at_cwd = -100
        if renameat2(at_cwd, os.fsencode(new), at_cwd, os.fsencode(old), _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (errno.EINVAL, errno.ENOSYS):  # other than "not supported here"
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    aside = old.with_name(f".{old.name}.{os.getpid()}.old")
    os.rename(old, aside)
    os.rename(new, old)
    os.rename(aside, new)
