"""Fault injection, end to end: the real `pressreader` CLI against a full disk, damaged files,
locks, read-only files and a broken output; prints, case by case, what held.

    uv run python benchmarks/faults.py [--articles 2000] [--only NAME …]

Every case runs `python -m reader` in a fresh process, with its own data and cache folders under
/tmp/pressreader-faults, and checks what the user sees: the exit status, the answer (the match
count, against the same query on a sound setup), and stderr (one line a problem, never
"internal error"). A case reads HELD when all of that is as promised, BROKE (with what was seen)
when not, and SKIPPED when this machine cannot stage it: the full and read-only disks are tmpfs
mounts (root only), and as root file modes bind only with util-linux's `setpriv`. The script
reports whatever the current behaviour is; it asserts nothing and exits 0 unless it crashes.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate_feed, kept_feed

REPO = Path(__file__).resolve().parents[1]
ROOT = Path("/tmp/pressreader-faults")
QUERY = "burglary"
INTERNAL = "internal error"


@dataclass(frozen=True, slots=True)
class Run:
    status: int
    out: str
    err: str
    seconds: float

    @property
    def count(self) -> int | None:
        """The match count of `search … --json` (None when the output is not that)."""

        try:
            return int(json.loads(self.out)["count"])
        except (ValueError, KeyError, TypeError):
            return None

    def first_error(self) -> str:
        lines = [line for line in self.err.splitlines() if line.strip()]
        return lines[0][:160] if lines else "(nothing on stderr)"


@dataclass(frozen=True, slots=True)
class Outcome:
    case: str
    verdict: str  # HELD, BROKE, SKIPPED
    detail: str


class Skip(Exception):
    """This machine cannot stage the case."""


class Setup:
    """A feed, the reference answers on a sound setup, and fresh folders per case."""

    def __init__(self, articles: int) -> None:
        self.feed = kept_feed(ROOT / f"feed-{articles}", articles)
        self.articles = articles
        home = self.home("reference")
        self.count = self.search(home, QUERY).count
        assert self.count, "the reference search found nothing"

    def home(self, case: str) -> Path:
        home = ROOT / "homes" / case
        if home.exists():
            unmount(home / "cache")
            for path in [home, *home.rglob("*")]:
                if not path.is_symlink():
                    path.chmod(0o755 if path.is_dir() else 0o644)
            shutil.rmtree(home)
        (home / "data").mkdir(parents=True)
        (home / "cache").mkdir()
        return home

    def cli(
        self,
        home: Path,
        *argv: str,
        stdout: int | object = subprocess.PIPE,
        wrap: list[str] | None = None,
    ) -> Run:
        environment = {
            # Python buffers its output as in a user's shell: PYTHONUNBUFFERED would hide a
            # write that fails only at the last flush.
            **{name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"},
            "PRESSREADER_DATA_DIR": str(home / "data"),
            "PRESSREADER_CACHE_DIR": str(home / "cache"),
        }
        command = [*(wrap or []), sys.executable, "-m", "reader", *argv]
        started = time.perf_counter()
        result = subprocess.run(
            command,
            cwd=REPO,
            env=environment,
            stdout=stdout,  # type: ignore[arg-type]
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
            check=False,
        )
        seconds = time.perf_counter() - started
        return Run(result.returncode, result.stdout or "", result.stderr, seconds)

    def search(self, home: Path, query: str, *, feed: Path | None = None) -> Run:
        where = str(feed or self.feed)
        return self.cli(home, "search", where, query, "--json", "--limit", "1")


# --- staging helpers ----------------------------------------------------------------------------


def mount_tmpfs(folder: Path, size: str) -> None:
    if os.geteuid() != 0:
        raise Skip("needs root to mount a small tmpfs")
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise Skip(f"cannot mount a tmpfs: {result.stderr.strip()}")


def remount(folder: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(folder)], check=True)


def unmount(folder: Path) -> None:
    if folder.is_mount():
        subprocess.run(["umount", str(folder)], check=False)


def binding_modes() -> list[str]:
    """A prefix that makes file modes bind for root too (nothing for anyone else)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        raise Skip("running as root without setpriv: file modes cannot be made to bind")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]


def index_file(home: Path) -> Path:
    found = sorted((home / "cache").glob("index-*.sqlite3"))
    if not found:
        raise AssertionError("no index file was made")
    return found[0]


def scribble(path: Path, count: int = 35, *, seed: int = 7) -> None:
    """`dd … seek=middle conv=notrunc`: `count` random bytes into the middle of the file."""
    rng = random.Random(seed)
    with path.open("r+b") as file:
        file.seek(path.stat().st_size // 2)
        file.write(bytes(rng.randrange(256) for _ in range(count)))


def fill(folder: Path) -> Path | None:
    """Fill the file system under `folder` to the last byte; the filler, to free it later
    (None when it was full already)."""
    filler = folder / "filler"
    try:
        with filler.open("wb", buffering=0) as file:
            for chunk in (b"\0" * 65536, b"\0"):
                try:
                    while file.write(chunk):
                        pass
                except OSError:
                    pass
    except OSError:
        return filler if filler.exists() else None
    return filler


@contextmanager
def holding(path: Path, statement: str) -> Iterator[None]:
    """Another process's transaction on the SQLite file `path`, held while the block runs."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute(sys.argv[2])\n"
            "c.execute('CREATE TABLE IF NOT EXISTS fault_probe (x)')\n"
            "c.execute('INSERT INTO fault_probe VALUES (1)')\n"
            "print('held', flush=True)\n"
            "sys.stdin.read()\n",
            str(path),
            statement,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        if holder.stdout.readline().strip() != "held":
            raise Skip("the lock holder could not take its lock")
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def mark_state(setup: Setup, home: Path, read: int, starred: int) -> None:
    """`read` articles of the feed marked read, `starred` starred, as the app would."""
    os.environ["PRESSREADER_DATA_DIR"] = str(home / "data")
    from reader.articles.parse import parse_file
    from reader.store.state import ReadingState, state_path

    identities = []
    for path in sorted(setup.feed.rglob("*.md"))[: max(read, starred)]:
        article = parse_file(path)
        identities.append(getattr(article, "identity", ""))
    with ReadingState(state_path()) as state:
        state.mark_all_read(identities[:read])
        for identity in identities[:starred]:
            state.set_starred(identity, True)


def worded(run: Run) -> bool:
    """stderr holds no traceback and no "internal error"."""
    return INTERNAL not in run.err and "Traceback" not in run.err


def verdict(held: bool, detail: str) -> tuple[str, str]:
    return ("HELD" if held else "BROKE"), detail


def answer(setup: Setup, run: Run) -> str:
    return (
        f"exit {run.status}, {run.count} of {setup.count} matches, {run.seconds:.1f} s; "
        f"stderr: {run.first_error()}"
    )


# --- the cases ----------------------------------------------------------------------------------


def index_damaged(setup: Setup) -> tuple[str, str]:
    """35 random bytes in the middle of a built index: search and quotes still answer, rebuilt."""
    return _damaged_index(setup, "index-damaged", scribble)


def index_page_damaged(setup: Setup) -> tuple[str, str]:
    """The header of the page in the middle of a built index overwritten: a page in use for
    sure (random bytes may land on free space), so the damage must be noticed and mended."""
    return _damaged_index(setup, "index-page-damaged", _stamp_middle_page)


def _stamp_middle_page(path: Path) -> None:
    with path.open("r+b") as file:
        file.seek(16)
        size = int.from_bytes(file.read(2), "big")
        page_size = 65536 if size == 1 else size
        file.seek(path.stat().st_size // 2 // page_size * page_size)
        file.write(b"\xff" * 12)


def _damaged_index(setup: Setup, case: str, damage: Callable[[Path], None]) -> tuple[str, str]:
    home = setup.home(case)
    setup.search(home, QUERY)
    path = index_file(home)
    _checkpoint(path)
    damage(path)
    found = _check(path)
    first = setup.search(home, QUERY)
    quotes = setup.cli(home, "quotes", str(setup.feed), "--query", QUERY, "--json")
    again = setup.search(home, QUERY)
    left = _check(index_file(home))
    held = (
        (first.status, first.count, again.status, again.count, quotes.status)
        == (0, setup.count, 0, setup.count, 0)
        and worded(first)
        and worded(quotes)
        and again.err == ""
    )
    return verdict(
        held,
        f"quick_check after the damage: {found} | search: {answer(setup, first)} | quotes: "
        f"exit {quotes.status}, {quotes.first_error()} | next run: {answer(setup, again)} | "
        f"quick_check at the end: {left}",
    )


def index_full_at_start(setup: Setup) -> tuple[str, str]:
    """The cache on a 200 kB disk: the search answers from a temporary index, with a notice."""
    home = setup.home("index-full-at-start")
    mount_tmpfs(home / "cache", "200k")
    try:
        run = setup.search(home, QUERY)
    finally:
        unmount(home / "cache")
    held = run.status == 0 and run.count == setup.count and worded(run) and run.err != ""
    return verdict(held, answer(setup, run))


def index_full_while_in_use(setup: Setup) -> tuple[str, str]:
    """The disk fills after the index is built, then new articles arrive; then space returns."""
    home = setup.home("index-full-in-use")
    feed = home / "feed"
    shutil.copytree(setup.feed, feed)
    size = _index_size(setup)
    mount_tmpfs(home / "cache", str(int(size * 1.3) + 1_000_000))
    try:
        setup.search(home, QUERY, feed=feed)
        filler = fill(home / "cache")
        generate_feed(feed / "extra", 50, seed=99)
        want = setup.search(setup.home("index-full-reference"), QUERY, feed=feed).count
        full = setup.search(home, QUERY, feed=feed)
        if filler is not None:
            filler.unlink()
        remount(home / "cache", f"size={size * 3}")  # room again, whatever filled the disk
        freed = setup.search(home, QUERY, feed=feed)
    finally:
        unmount(home / "cache")
    held = (
        (full.status, full.count, freed.status, freed.count) == (0, want, 0, want)
        and worded(full)
        and freed.err == ""
    )
    return verdict(
        held,
        f"disk full: exit {full.status}, {full.count} of {want}, {full.first_error()} | space "
        f"back: exit {freed.status}, {freed.count} of {want}, {freed.first_error()}",
    )


def _index_size(setup: Setup) -> int:
    home = setup.home("index-size")
    setup.search(home, QUERY)
    path = index_file(home)
    return sum(
        candidate.stat().st_size for candidate in path.parent.iterdir() if candidate.is_file()
    )


def index_read_only_disk(setup: Setup) -> tuple[str, str]:
    """The cache disk is mounted read-only after the index was built: searches still answer."""
    home = setup.home("index-read-only-disk")
    mount_tmpfs(home / "cache", "200m")
    try:
        setup.search(home, QUERY)
        remount(home / "cache", "ro")
        run = setup.search(home, QUERY)
    finally:
        unmount(home / "cache")
    held = run.status == 0 and run.count == setup.count and worded(run)
    return verdict(held, answer(setup, run))


def index_locked(setup: Setup) -> tuple[str, str]:
    """Another process holds a write transaction on the index: an answer or one clear line,
    within the state's 10 s lock wait and a few seconds more; never an internal error."""
    home = setup.home("index-locked")
    setup.search(home, QUERY)
    with holding(index_file(home), "BEGIN EXCLUSIVE"):
        run = setup.search(home, QUERY)
    answered = run.status == 0 and run.count == setup.count
    told = run.status == 1 and run.err.count("\n") == 1
    soon = run.seconds < 15
    return verdict((answered or told) and soon and worded(run), answer(setup, run))


def state_damaged(setup: Setup) -> tuple[str, str]:
    """35 random bytes in a state file of 1,500 read marks and 300 stars: every command says
    where the old file went, and `state --recover` brings back what can be read."""
    home = setup.home("state-damaged")
    mark_state(setup, home, 1500, 300)
    read_before = setup.search(home, "is:read").count
    state = home / "data" / "state.sqlite3"
    _checkpoint(state)
    scribble(state)
    first = setup.search(home, "is:read")
    second = setup.cli(home, "quotes", str(setup.feed), "--query", "is:read", "--json")
    recover = setup.cli(home, "state", "--recover")
    after = setup.search(home, "is:read")
    aside = sorted(path.name for path in state.parent.glob("state.sqlite3.corrupt-*"))
    told = bool(aside) and aside[0] in first.err and aside[0] in second.err
    if not aside:  # the damage went unnoticed: the marks must all be there still
        return verdict(
            first.count == read_before and worded(first),
            f"the damage hit no page in use: {first.count} of {read_before} read",
        )
    held = told and recover.status == 0 and after.err == "" and worded(first) and worded(second)
    return verdict(
        held,
        f"read before: {read_before}; first command: {first.first_error()[:90]}… | second: "
        f"{'told again' if aside[0] in second.err else 'silent'} | recover: "
        f"{' '.join(recover.out.split())[:160]} | after: {after.count} read, stderr "
        f"{after.first_error()[:60]}",
    )


def _check(path: Path) -> str:
    """SQLite's own verdict on the file: "ok", or its first complaint."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            found = [row[0] for row in connection.execute("PRAGMA quick_check")]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        return str(error)
    return "ok" if found == ["ok"] else " ".join(" ".join(found).split())[:70]


def _checkpoint(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def state_write_locked(setup: Setup) -> tuple[str, str]:
    """Another process holds a write transaction on the state: `search is:read` answers at
    once (WAL readers need not wait)."""
    home = setup.home("state-locked")
    mark_state(setup, home, 100, 0)
    setup.search(home, "is:read")  # builds the index, so the next runs are only the query
    free = setup.search(home, "is:read")
    with holding(home / "data" / "state.sqlite3", "BEGIN IMMEDIATE"):
        run = setup.search(home, "is:read")
    held = (run.status, run.count) == (0, 100) and run.seconds < free.seconds + 2 and worded(run)
    return verdict(
        held,
        f"exit {run.status}, {run.count} of 100 read, {run.seconds:.1f} s "
        f"({free.seconds:.1f} s unlocked)",
    )


def state_read_only(setup: Setup) -> tuple[str, str]:
    """A state file and folder the user may not write: `search is:read` still answers."""
    home = setup.home("state-read-only")
    mark_state(setup, home, 100, 0)
    _checkpoint(home / "data" / "state.sqlite3")
    for path in (home / "data").iterdir():
        path.chmod(0o444)
    (home / "data").chmod(0o555)
    run = setup.cli(
        home, "search", str(setup.feed), "is:read", "--json", "--limit", "1", wrap=binding_modes()
    )
    held = (run.status, run.count) == (0, 100) and worded(run)
    return verdict(held, f"exit {run.status}, {run.count} of 100 read; {run.first_error()}")


def output_full(setup: Setup) -> tuple[str, str]:
    """stdout on a full disk (/dev/full): one worded line, exit 1."""
    home = setup.home("output-full")
    with open("/dev/full", "w") as full:
        run = setup.cli(home, "list", str(setup.feed), stdout=full)
    held = run.status == 1 and run.err.count("\n") == 1 and "disk is full" in run.err
    return verdict(held and worded(run), f"exit {run.status}; {run.first_error()}")


def output_closed(setup: Setup) -> tuple[str, str]:
    """stdout closed (`>&-`): one worded line, exit 1; a reader that leaves (`| head -1`): quiet."""
    home = setup.home("output-closed")
    closed = setup.cli(home, "list", str(setup.feed), wrap=["sh", "-c", 'exec "$@" >&-', "sh"])
    piped = subprocess.run(
        f"{sys.executable} -m reader list {setup.feed} | head -1",
        shell=True,
        cwd=REPO,
        env={**os.environ, "PRESSREADER_CACHE_DIR": str(home / "cache")},
        capture_output=True,
        text=True,
        check=False,
    )
    held = (closed.status, piped.stderr) == (1, "") and worded(closed) and "closed" in closed.err
    return verdict(
        held,
        f"closed: exit {closed.status}, {closed.first_error()} | head -1: quiet={not piped.stderr}",
    )


def deep_query(setup: Setup) -> tuple[str, str]:
    """400 balanced nested brackets: a one-line usage error, exit 2."""
    home = setup.home("deep-query")
    run = setup.search(home, "(" * 400 + QUERY + ")" * 400)
    held = run.status == 2 and run.err.count("\n") == 1 and worded(run)
    return verdict(held, f"exit {run.status}; {run.first_error()}")


CASES: dict[str, Callable[[Setup], tuple[str, str]]] = {
    "index-damaged": index_damaged,
    "index-page-damaged": index_page_damaged,
    "index-full-at-start": index_full_at_start,
    "index-full-while-in-use": index_full_while_in_use,
    "index-read-only-disk": index_read_only_disk,
    "index-locked": index_locked,
    "state-damaged": state_damaged,
    "state-write-locked": state_write_locked,
    "state-read-only": state_read_only,
    "output-full": output_full,
    "output-closed": output_closed,
    "deep-query": deep_query,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="feed size (default 2000)")
    parser.add_argument("--only", nargs="+", choices=CASES, help="run only these cases")
    args = parser.parse_args()
    setup = Setup(args.articles)
    print(f"feed: {setup.articles:,} articles; '{QUERY}' matches {setup.count:,} of them\n")
    outcomes = []
    for name in args.only or CASES:
        try:
            found, detail = CASES[name](setup)
        except Skip as why:
            found, detail = "SKIPPED", str(why)
        outcomes.append(Outcome(name, found, detail))
        print(f"{found:<8} {name:<24} {detail}", flush=True)
    tally = {
        word: sum(o.verdict == word for o in outcomes) for word in ("HELD", "BROKE", "SKIPPED")
    }
    print(f"\n{tally['HELD']} held, {tally['BROKE']} broke, {tally['SKIPPED']} skipped")


if __name__ == "__main__":
    main()
