"""Generate a feed folder of hostile files: every case of issue 7, written fresh (no binaries).

    python tests/hostile_corpus.py DEST [--without-huge]

    from support.hostile_corpus import build_hostile_corpus
    expected = build_hostile_corpus(dest)          # {relative path: Expectation}

DEST becomes the feed. One case needs a file outside the feed (a symlink points at it): that file
is written beside DEST, in `DEST.outside/`. The 100 MB file is sparse (no 100 MB is written) and
can be left out with `include_huge=False`. Platform-dependent cases (symlinks, named pipes,
file names that are not UTF-8) are left out where the platform cannot make them.

The unreadable file is mode 000, which root can still read; `unreadable_enforced()` makes the
process refuse it anyway, so the same expectations hold for every user.
"""

from __future__ import annotations

import argparse
import codecs
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Outcome = Literal["article", "error", "ignored"]

HUGE_BYTES = 100 * 1024 * 1024
UNREADABLE = "unreadable.md"
OUTSIDE_LINK = "outside-link.md"

# Text that tries to take over a terminal or a Textual app, in every form issue 7 lists.
MARKUP = "[bold]Bold[/] [@click=app.quit]Quit[/] [link=https://evil.example]here[/link]"
ANSI = (
    "\x1b[31mred\x1b[0m \x1b[2J\x1b[H\x1b[10;10Hmoved \x1b]0;window title\x07"
    "\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"
)
C1 = "\x9b31mred \x9d0;title\x9c \x85next \x90dcs\x9c"
BIDI = "abc\u202edcba\u202c \u2066iso\u2069 \u200fmark\u200e zero\u200bwidth\u200djoin\ufeff"


@dataclass(frozen=True, slots=True)
class Expectation:
    """What loading the case must give.

    `detail` is a fragment of the error's reason (for errors) or of one of the article's
    warnings (for articles); `title` is the article's exact title when the case fixes it;
    `following` is the outcome when symlinks are followed, where that differs.
    """

    outcome: Outcome
    detail: str = ""
    title: str | None = None
    following: Outcome | None = None


def _front(title: str, extra: str = "") -> str:
    return f"```yaml\ntitle: {title}\npublish:\n  date: 10:00 01/02/2021\n{extra}```\n\n"


def _alias_bomb() -> str:
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(8):
        name, previous = chr(98 + level), chr(97 + level)
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "```yaml\n" + "\n".join(levels) + "\n```\n\nBody.\n"


def _text_cases() -> dict[str, tuple[bytes, Expectation]]:
    """Cases that are a name and some bytes."""
    crlf = _front("Windows line endings") + "One.\n\nTwo.\n"
    return {
        "invalid-yaml.md": (
            b"```yaml\ntitle: Broken\narea: [never closed\n```\n\nBody.\n",
            Expectation("error", "invalid YAML metadata"),
        ),
        "yaml-list.md": (
            b"```yaml\n- a\n- b\n```\n\n# Metadata was a list\n",
            Expectation("article", "metadata is a list", "Metadata was a list"),
        ),
        "yaml-scalar.md": (
            b"---\njust a sentence\n---\n\n# Metadata was a scalar\n",
            Expectation("article", "metadata is a str", "Metadata was a scalar"),
        ),
        "alias-bomb.md": (_alias_bomb().encode(), Expectation("error", "alias bomb")),
        "recursive-alias.md": (
            b"---\ntitle: Loop\nself: &x [*x]\n---\nBody.\n",
            Expectation("error", "recursive alias"),
        ),
        "deep-yaml.md": (
            b"---\ndeep: " + b"[" * 500 + b"]" * 500 + b"\n---\nBody.\n",
            Expectation("error", "nested over"),
        ),
        "unclosed-fence.md": (
            b"```yaml\ntitle: Never closed\n\n# Heading of an unclosed fence\n",
            Expectation("article", "never closed", "Heading of an unclosed fence"),
        ),
        "second-yaml-block.md": (
            (_front("First block wins") + "Text.\n\n```yaml\ntitle: Second\n```\n").encode(),
            Expectation("article", title="First block wins"),
        ),
        "empty.md": (b"", Expectation("error", "empty file")),
        "binary.md": (
            b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64,
            Expectation("error", "binary file"),
        ),
        "invalid-utf8.md": (
            _front("Bad bytes").encode() + b"Caf\xe9 \xff\xfe\xc3(\n",
            Expectation("article", "invalid UTF-8", "Bad bytes"),
        ),
        "utf16-bom.md": (
            codecs.BOM_UTF16_LE + _front("Sixteen bits").encode("utf-16-le"),
            Expectation("article", "UTF-16", "Sixteen bits"),
        ),
        "crlf.md": (
            crlf.replace("\n", "\r\n").encode(),
            Expectation("article", title="Windows line endings"),
        ),
        "lone-cr.md": (
            (_front("Old Mac line endings") + "One.\n").replace("\n", "\r").encode(),
            Expectation("article", title="Old Mac line endings"),
        ),
        "long-line.md": (
            (_front("One long line") + "word " * 20_000 + "\n").encode(),
            Expectation("article", "100,000 characters long", "One long line"),
        ),
        "nested-quotes.md": (
            (_front("Deep block quotes") + "> " * 10_000 + "bottom\n").encode(),
            Expectation("article", "nested 10,000 levels deep", "Deep block quotes"),
        ),
        "nested-lists.md": (
            (_front("Deep lists") + "- " * 10_000 + "bottom\n").encode(),
            Expectation("article", "nested 10,000 levels deep", "Deep lists"),
        ),
        "many-paragraphs.md": (
            (_front("Two hundred thousand paragraphs") + "Para.\n\n" * 200_000).encode(),
            Expectation("article", title="Two hundred thousand paragraphs"),
        ),
        "markup.md": (
            (_front(f"'{MARKUP}'") + f"{MARKUP}\n\n'{MARKUP},' said [b]Mr X[/b].\n").encode(),
            Expectation("article", title=MARKUP),
        ),
        "ansi.md": (
            (
                _front(f'"Title {ANSI}"') + f"Body {ANSI}\n\n'Quote {ANSI},' said Ann Bell.\n"
            ).encode(),
            Expectation("article", "control or escape characters", "Title red moved link"),
        ),
        "c1-controls.md": (
            (_front(f'"C1 {C1}"') + f"Body {C1}\n").encode(),
            Expectation("article", "control or escape characters", "C1 red next"),
        ),
        "bidi.md": (
            (_front(f'"Bidi {BIDI}"') + f"Body {BIDI}\n").encode(),
            Expectation("article", "control or escape characters"),
        ),
        UNREADABLE: (_front("Locked").encode(), Expectation("error", "permission denied")),
        ".hidden.md": (_front("Hidden").encode(), Expectation("ignored")),
        "notes.txt": (b"not markdown\n", Expectation("ignored")),
        "x.md/inside.md": (
            _front("Inside a folder named x.md").encode(),
            Expectation("article", title="Inside a folder named x.md"),
        ),
    }


def build_hostile_corpus(dest: Path, *, include_huge: bool = True) -> dict[str, Expectation]:
    """Write the corpus into `dest` (created if missing); map each case's path to its outcome."""
    dest.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expectation] = {}
    for name, (data, expectation) in _text_cases().items():
        path = dest / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = expectation
    (dest / UNREADABLE).chmod(0)
    if include_huge:
        with (dest / "huge.md").open("wb") as stream:
            stream.truncate(HUGE_BYTES)  # sparse: refused by its size, so never read
        expected["huge.md"] = Expectation("error", "100.0 MB, over the 5.0 MB cap")
    expected.update(_escaping_names(dest))
    expected.update(_special_files(dest))
    return expected


def _escaping_names(dest: Path) -> dict[str, Expectation]:
    """File names with escape sequences in them, and one that is not UTF-8 at all."""
    expected = {}
    name = "ansi-\x1b[31mname\x1b]0;title\x07.md"
    (dest / name).write_bytes(b"No heading, so the title comes from the name.\n")
    expected[name] = Expectation("article", title="ansi-name")
    undecodable = os.fsdecode(b"latin1-caf\xe9.md")  # holds a lone surrogate for the \xe9
    try:
        (dest / undecodable).write_bytes(b"# Undecodable file name\n")
    except (OSError, UnicodeError):  # macOS, Windows: names must be Unicode
        return expected
    expected[undecodable] = Expectation("article", title="Undecodable file name")
    return expected


def _special_files(dest: Path) -> dict[str, Expectation]:
    """Symlinks (a loop, a dangling one, one out of the feed) and a named pipe."""
    expected: dict[str, Expectation] = {}
    outside = dest.with_name(dest.name + ".outside")
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(_front("Secret outside the feed"), encoding="utf-8")
    links = {
        "loop.md": (dest / "loop.md", Expectation("error", "symlink loop")),
        "dangling.md": (dest / "missing-target.md", Expectation("error", "broken symlink")),
        "loop-folder": (dest, Expectation("ignored")),
        OUTSIDE_LINK: (
            outside / "secret.md",
            Expectation("error", "outside the feed", following="article"),
        ),
    }
    for name, (target, expectation) in links.items():
        try:
            (dest / name).symlink_to(target, target_is_directory=target.is_dir())
        except OSError:  # Windows without the symlink privilege
            continue
        expected[name] = expectation
    if hasattr(os, "mkfifo"):
        os.mkfifo(dest / "fifo.md")
        expected["fifo.md"] = Expectation("error", "not a regular file")
    return expected


@contextmanager
def unreadable_enforced(paths: Iterable[Path]) -> Iterator[None]:
    """Within the block, `os.open` refuses `paths` as it would for a user without permission.

    Root can read a mode 000 file; this makes the refusal happen for root too, so a test sees
    the same result whoever runs it. For any other user the OS refuses already.
    """
    refused = {os.path.abspath(path) for path in paths}
    real_open = os.open

    def guarded_open(
        target: str | bytes | os.PathLike[str], *args: object, **kwargs: object
    ) -> int:
        if os.path.abspath(os.fsdecode(target)) in refused:
            raise PermissionError(13, "Permission denied", os.fsdecode(target))
        return real_open(target, *args, **kwargs)  # type: ignore[arg-type]

    os.open = guarded_open  # type: ignore[assignment]
    try:
        yield
    finally:
        os.open = real_open


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="the folder to write the corpus into")
    parser.add_argument("--without-huge", action="store_true", help="leave out the 100 MB file")
    args = parser.parse_args()
    expected = build_hostile_corpus(args.dest, include_huge=not args.without_huge)
    width = max(map(len, map(repr, expected)))
    for name, expectation in sorted(expected.items()):
        print(f"{name!r:<{width}}  {expectation.outcome:<8} {expectation.detail}")


if __name__ == "__main__":
    main()
