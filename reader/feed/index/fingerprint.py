"""The fingerprint of the code that shapes what the index stores: a digest of its source files.
An index whose fingerprint differs was made by other code, and is rebuilt (`schema.staleness`).

Hashing the 29 files (284 KB) cost every warm command ~1 ms of CPU, and 2–8 ms with them out
of the page cache (a warm command imports their bytecode, not them). So the digest is kept in
the cache folder beside each file's stat (size, mtime, ctime and inode, as git compares a work
tree), and the files are hashed again only when one of them differs. The ctime is in the key
because nothing can set it back: an edit that keeps a file's size and mtime (`cp -p`, `touch
-r`) still moves it. A digest made while a file was changed within the last `_SETTLED_NS` is
not kept, since a second edit within one tick of a coarse clock could leave every stat as it
was ("racy git").
"""

# Paths as text, through `os` (see `model_files`):
# ruff: noqa: PTH116, PTH118, PTH120, PTH208
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Sequence
from pathlib import Path

import reader.articles
import reader.quotes
import reader.search
from reader.store.paths import cache_dir

# What shapes the stored rows: a change to it rebuilds every index. The read side (the index's
# reads and ranking, the query's evaluation) is left out, so changing it keeps the index.
_MODEL_PACKAGES = (reader.articles, reader.quotes)
_MODEL_MODULES = ("schema", "rows", "writer")
_SEARCH_MODULES = ("text", "stem", "terms", "query", "sql")
_SETTLED_NS = 2_000_000_000  # FAT's 2 s mtime is the coarsest clock a file system keeps

_Stat = list[str | int]
_FINGERPRINT: list[str] = []


def model_files() -> list[str]:
    """The code that makes what the index stores: the article model and parser, the quote
    extractor, the query language's folding and ids, and the index's writing side. Paths as
    text, listed with `os`: pathlib's objects and a first `glob` cost more than the check."""
    here = os.path.dirname(__file__)
    search = os.path.dirname(reader.search.__file__ or "")
    files = [os.path.join(here, f"{name}.py") for name in _MODEL_MODULES]
    files += [os.path.join(search, f"{name}.py") for name in _SEARCH_MODULES]
    for module in _MODEL_PACKAGES:
        folder = os.path.dirname(module.__file__ or "")
        files += sorted(
            os.path.join(folder, name) for name in os.listdir(folder) if name.endswith(".py")
        )
    return files


def model_fingerprint() -> str:
    """The fingerprint of `model_files()`, worked out once a process."""
    if not _FINGERPRINT:
        _FINGERPRINT.append(fingerprint(model_files(), cache_dir()))
    return _FINGERPRINT[0]


def fingerprint(files: Sequence[str], cache: Path) -> str:
    """A digest of the contents of `files`: the one kept in the folder `cache` when every
    file's stat is as it was when that was made, else hashed (and kept)."""
    started = time.time_ns()
    stats = [_stat(file) for file in files]
    kept = cache / _kept_name(files)
    found = _read_kept(kept)
    if found is not None and found[0] == stats:
        return found[1]
    digest = _digest(files)
    if all(len(stat) == 1 or int(stat[3]) < started - _SETTLED_NS for stat in stats):
        _keep(kept, stats, digest)
    return digest


def _digest(files: Sequence[str]) -> str:
    digest = hashlib.sha256()
    for file in files:
        with contextlib.suppress(OSError):
            digest.update(Path(file).read_bytes())
    return digest.hexdigest()[:16]


def _stat(file: str) -> _Stat:
    """What changes when `file` does: [path, size, mtime, ctime, inode] ([path] if missing)."""
    try:
        found = os.stat(file)
    except OSError:
        return [file]
    return [file, found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino]


def _kept_name(files: Sequence[str]) -> str:
    """One kept digest for each installed copy of the code (two checkouts share a cache)."""
    where = os.path.dirname(files[0]) if files else ""
    return f"model-{hashlib.sha256(where.encode()).hexdigest()[:12]}.json"


def _read_kept(path: Path) -> tuple[list[_Stat], str] | None:
    """The stats and digest kept at `path`; None when there are none, or they are unreadable."""
    try:
        kept = json.loads(path.read_bytes())
        stats, digest = kept["stats"], kept["digest"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return (stats, digest) if isinstance(stats, list) and isinstance(digest, str) else None


def _keep(path: Path, stats: list[_Stat], digest: str) -> None:
    """Write the digest for the next process, whole or not at all (a cache: a failure is
    only a hash more next time)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps({"stats": stats, "digest": digest}))
        temporary.replace(path)
    with contextlib.suppress(OSError):
        temporary.unlink(missing_ok=True)
