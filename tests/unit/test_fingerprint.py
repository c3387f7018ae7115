"""The index's model fingerprint: a digest of the code that shapes its rows, kept beside the
files' stats so a warm command hashes nothing, and never kept past a change to a file."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from reader.feed.index import fingerprint as module
from reader.feed.index.fingerprint import fingerprint, model_files, model_fingerprint


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    code = tmp_path / "code"
    code.mkdir()
    made = [code / name for name in ("rows.py", "parse.py", "extract.py")]
    for number, path in enumerate(made):
        path.write_text(f"STAGE = {number}\n")
    return [str(path) for path in made]


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as they are written (by default a digest made within 2 s
    of a change is not kept)."""
    monkeypatch.setattr(module, "_SETTLED_NS", 0)


def digest_of(files: list[str]) -> str:
    """The digest as hashing every file gives it."""
    contents = b"".join(Path(file).read_bytes() for file in files)
    return hashlib.sha256(contents).hexdigest()[:16]


def count_reads(monkeypatch: pytest.MonkeyPatch, files: list[str]) -> list[str]:
    """The names of `files` read from now on."""
    reads: list[str] = []
    real_read = Path.read_bytes

    def counting(path: Path) -> bytes:
        if str(path) in files:
            reads.append(path.name)
        return real_read(path)

    monkeypatch.setattr(Path, "read_bytes", counting)
    return reads


def test_the_model_fingerprint_reads_every_file_it_names() -> None:
    # A renamed module would otherwise drop out of the digest unnoticed.
    files = [Path(file) for file in model_files()]
    assert all(file.is_file() for file in files)
    names = {file.name for file in files}
    assert {"rows.py", "writer.py", "parse.py", "extract.py", "terms.py"} <= names
    assert "reads.py" not in names and "ranking.py" not in names


def test_the_model_fingerprint_is_the_digest_of_the_model_files() -> None:
    assert model_fingerprint() == digest_of(model_files())


@pytest.mark.usefixtures("settled")
def test_an_unchanged_set_is_not_read_again(
    files: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = fingerprint(files, tmp_path / "cache")
    reads = count_reads(monkeypatch, files)
    assert (fingerprint(files, tmp_path / "cache"), reads) == (first, [])
    assert first == digest_of(files)


@pytest.mark.usefixtures("settled")
def test_an_edit_that_keeps_the_size_and_mtime_changes_the_fingerprint(
    files: list[str], tmp_path: Path
) -> None:
    before = fingerprint(files, tmp_path / "cache")
    kept = os.stat(files[1])
    Path(files[1]).write_text("STAGE = 9\n")  # same size
    os.utime(files[1], ns=(kept.st_atime_ns, kept.st_mtime_ns))  # as `cp -p` leaves it
    after = fingerprint(files, tmp_path / "cache")
    assert after != before
    assert after == digest_of(files)


@pytest.mark.usefixtures("settled")
def test_a_file_added_or_gone_changes_the_fingerprint(files: list[str], tmp_path: Path) -> None:
    whole = fingerprint(files, tmp_path / "cache")
    assert fingerprint(files[:2], tmp_path / "cache") == digest_of(files[:2]) != whole
    Path(files[2]).unlink()
    assert fingerprint(files, tmp_path / "cache") == digest_of(files[:2])


def test_a_digest_made_just_after_a_change_is_not_kept(files: list[str], tmp_path: Path) -> None:
    """A second edit within one tick of a coarse clock could leave every stat as it was."""
    assert fingerprint(files, tmp_path / "cache") == digest_of(files)
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize(
    "kept",
    [b"", b"{", b"\xff", b"[]", b'{"stats": 1, "digest": "x"}', b'{"digest": "x"}', b"null"],
)
@pytest.mark.usefixtures("settled")
def test_a_damaged_kept_digest_is_hashed_again(
    files: list[str], tmp_path: Path, kept: bytes
) -> None:
    fingerprint(files, tmp_path / "cache")
    (written,) = (tmp_path / "cache").iterdir()
    written.write_bytes(kept)
    assert fingerprint(files, tmp_path / "cache") == digest_of(files)
    assert fingerprint(files, tmp_path / "cache") == digest_of(files)  # and kept anew


@pytest.mark.usefixtures("settled")
def test_an_unwritable_cache_still_gives_the_digest(files: list[str], tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the folder would go")
    assert fingerprint(files, tmp_path / "cache") == digest_of(files)
