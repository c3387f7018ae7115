"""Turn one article file into an `Article`, or a `LoadError` that names the file and the problem.

Nothing here raises for bad input: every failure is a value. No Textual imports.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from reader.articles.dates import parse_date
from reader.articles.model import DEFAULT_MAX_BYTES, Article, LoadError, MetadataFormat
from reader.articles.sanitize import clean_line, clean_text

if TYPE_CHECKING:
    import yaml

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


@cache
def _metadata_loader() -> type[yaml.SafeLoader]:
    """The safe loader, but a date-like value stays text: `parse_date` reads it, so that a
    mistyped date (2020-02-30) costs the article its date, with a warning, not its metadata.

    Made, and YAML imported (as this module's `yaml`), on the first metadata block:
    `parse_body` and the commands that answer from the index never load YAML."""
    global yaml
    import yaml

    try:  # libyaml's C loader is ~10x faster; the pure-Python one is the fallback.
        base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        base = yaml.SafeLoader

    class MetadataLoader(base):  # type: ignore[valid-type,misc]
        # An instance variable in the stubs, though PyYAML only ever reads it from the class.
        yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {  # noqa: RUF012
            first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP_TAG]
            for first, resolvers in base.yaml_implicit_resolvers.items()
        }

    MetadataLoader.add_constructor(_TIMESTAMP_TAG, _timestamp_as_text)
    return MetadataLoader


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    # An explicit `!!timestamp` stays text too: PyYAML's own constructor raises AttributeError on
    # a value that is not a timestamp (`title: !!timestamp`).
    return str(loader.construct_scalar(node))


MAX_LINE_CHARS = 20_000
MAX_METADATA_CHARS = 64 * 1024
# Metadata is a handful of fields: more values than this (counting each alias as the values it
# stands for) is an alias bomb, and deeper than this is no press release.
MAX_YAML_VALUES = 10_000
MAX_NESTING = 32
_BINARY_SNIFF_BYTES = 8192
_READ_CHUNK = 1 << 16
# Non-blocking, so opening a FIFO returns at once instead of waiting for a writer.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)

_FENCE_OPEN = re.compile(r"(?P<fence>`{3,}|~{3,})[ \t]*(?:yaml|yml)[ \t]*\n", re.IGNORECASE)
_FRONT_MATTER_OPEN = "---\n"
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>\S[^\n]*)", re.MULTILINE)
# A heading's optional closing run of `#`s; matched apart from the heading so no line of
# `# # # …` makes the search backtrack quadratically.
_HEADING_CLOSE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$|[ \t]+$")
_PUNCTUATION_TOKEN = re.compile(r"[^\w\s]+")
# A line's run of container markers: block quotes (`>`) and list bullets (`-`, `*`, `+`, `1.`).
_CONTAINER_PREFIX = re.compile(
    r"^(?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))+", re.MULTILINE
)
_CONTAINER_MARKER = re.compile(r">|[-+*]|\d{1,9}[.)]")
_PREFIX_CHARS = frozenset(" \t>-+*.)")  # with the digits, what a container prefix holds
# What `count_words` can delete before counting: neither a word character (`\w`) nor space.
_NOT_WORD_OR_SPACE = {
    ord(char): None
    for char in [*map(chr, range(128)), *"‘’‚‛“”„‟–—―…•·«»‹›′″€£§¶†‡©®™°±×÷"]
    if not (char.isalnum() or char == "_" or char.isspace())
}
# ASCII as `count_words` reads it: a space for what `str.split` splits on, a letter for the rest.
_LETTER_RUNS = bytes(ord(" ") if chr(code).isspace() else ord("a") for code in range(256))
_MAX_QUOTED = 60
_SITE_SEPARATOR = " | "

_KNOWN_KEYS = frozenset({"title", "url", "area", "publish", "published", "date", "og", "site"})
_DATE_KEYS = ("publish", "published", "date")
_OG_PREFIX = "og:"


@dataclass(frozen=True, slots=True)
class _Metadata:
    fields: dict[str, Any]
    body: str
    body_line: int
    format: MetadataFormat
    warnings: tuple[str, ...]


class _MetadataError(Exception):
    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def parse_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article | LoadError:
    """Read and parse one file; refuse files over `max_bytes` without reading them."""
    data = read_capped(path, max_bytes)
    if isinstance(data, LoadError):
        return data
    return parse_bytes(path, data)


def parse_body(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str | None:
    """The body `parse_file` gives the file (None if it cannot be read), without loading its
    metadata: what a search result's snippet is cut from, where the index keeps no bodies. No
    YAML is loaded, so a command answering from the index never imports it."""
    data = read_capped(path, max_bytes)
    decoded = data if isinstance(data, LoadError) else _decode(path, data)
    if isinstance(decoded, LoadError):
        return None
    text, _ = _cap_line_lengths(_unix_lines(decoded[0]))
    try:
        metadata = _split_metadata(text, load=_unloaded)
    except _MetadataError:
        return None
    return _clean_body(metadata.body)[0]


def read_capped(path: Path, max_bytes: int) -> bytes | LoadError:
    """The bytes of a regular file of at most `max_bytes`, or why they cannot be had.

    The file is opened non-blocking and checked before reading, so a pipe or device named `x.md`
    cannot hang the load, and a huge file is refused by its size alone.
    """
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        return LoadError(path, "file no longer exists (deleted while loading?)")
    except PermissionError:
        return LoadError(path, "permission denied")
    except OSError as error:
        return LoadError(path, f"cannot read: {error.strerror or error}")
    try:
        status = os.fstat(descriptor)
        refusal = _refuse_unreadable(path, status, max_bytes)
        data = b"" if refusal else _read_up_to(descriptor, max_bytes + 1, status.st_size)
    except OSError as error:
        return LoadError(path, f"cannot read: {error.strerror or error}")
    finally:
        os.close(descriptor)
    if refusal is not None:
        return refusal
    if len(data) > max_bytes:  # it grew between the size check and the read
        return LoadError(path, f"file is over the {_megabytes(max_bytes)} cap")
    return data


def _read_up_to(descriptor: int, limit: int, expected: int) -> bytes:
    """At most `limit` bytes, asked for in one read sized by what fstat said the file holds."""
    chunks = []
    want = min(limit, expected + 1)
    while want > 0 and (chunk := os.read(descriptor, want)):
        chunks.append(chunk)
        limit -= len(chunk)
        want = min(limit, _READ_CHUNK)
    return b"".join(chunks)


def _refuse_unreadable(path: Path, status: os.stat_result, max_bytes: int) -> LoadError | None:
    if stat.S_ISDIR(status.st_mode):
        return LoadError(path, "is a directory, not a file")
    if not stat.S_ISREG(status.st_mode):
        return LoadError(path, "not a regular file (a pipe, socket or device)")
    if status.st_size > max_bytes:
        reason = f"file is {_megabytes(status.st_size)}, over the {_megabytes(max_bytes)} cap"
        return LoadError(path, reason)
    return None


def parse_bytes(path: Path, data: bytes) -> Article | LoadError:
    """Parse the raw bytes of an article file."""
    text_or_error = _decode(path, data)
    if isinstance(text_or_error, LoadError):
        return text_or_error
    text, warnings = text_or_error
    return parse_text(path, text, warnings=warnings, identity_source=data)


def parse_text(
    path: Path,
    text: str,
    *,
    warnings: tuple[str, ...] = (),
    identity_source: bytes | None = None,
) -> Article | LoadError:
    """Parse decoded article text (any line endings)."""
    text = _unix_lines(text)
    if not text.strip():
        return LoadError(path, "empty file")
    text, cut_warnings = _cap_line_lengths(text)
    try:
        metadata = _split_metadata(text)
    except _MetadataError as error:
        return LoadError(path, error.reason, error.line)
    fields = metadata.fields
    og = _og_fields(fields)
    title, site = _title_and_site(fields, og, metadata.body, path)
    published_raw, published, date_warnings = _published(fields)
    body, control_warnings = _clean_body(metadata.body)
    nesting_warnings = _nesting_warnings(body, metadata.body_line)
    return Article(
        path=path,
        title=title,
        body=body,
        identity=_identity(fields, og, identity_source or text.encode("utf-8", "surrogatepass")),
        site=site,
        url=_text_field(fields.get("url")) or og.get("url"),
        area=_text_field(fields.get("area")),
        published=published,
        published_raw=published_raw,
        og=og,
        extra={
            key: value
            for key, value in fields.items()
            if key not in _KNOWN_KEYS and not key.startswith(_OG_PREFIX)
        },
        metadata_format=metadata.format,
        body_line=metadata.body_line,
        word_count=count_words(body),
        warnings=(
            *warnings,
            *cut_warnings,
            *metadata.warnings,
            *date_warnings,
            *control_warnings,
            *nesting_warnings,
        ),
    )


def _clean_body(body: str) -> tuple[str, tuple[str, ...]]:
    """Strip control and escape sequences once, so every offset downstream indexes safe text."""
    cleaned = clean_text(body)
    if cleaned == body:
        return body, ()
    # Line and paragraph separators are not removed but replaced, U+2029 by two newlines.
    removed = len(body) + body.count("\u2029") - len(cleaned)
    if not removed:
        return cleaned, ()
    return cleaned, (f"removed {removed:,} control or escape characters from the body",)


def _nesting_warnings(body: str, body_line: int) -> tuple[str, ...]:
    """Warn about block quotes or lists nested past the cap (renderers stop nesting there).

    A line's depth is its container markers plus one level per two columns of indentation
    before them (the least a nested list item needs).
    """
    if not any(map(_may_open_too_deep, body.split("\n"))):
        return ()  # the common case, settled without the regex's scan
    for match in _CONTAINER_PREFIX.finditer(body):
        prefix = match.group()
        if len(prefix) <= MAX_NESTING:  # every level takes at least one character
            continue
        indent = len(prefix) - len(prefix.lstrip(" \t"))
        depth = len(_CONTAINER_MARKER.findall(prefix)) + indent // 2
        if depth > MAX_NESTING:
            line = body_line + body.count("\n", 0, match.start())
            return (
                f"line {line}: block quotes or lists nested {depth:,} levels deep, "
                f"over the {MAX_NESTING}-level cap",
            )
    return ()


def _may_open_too_deep(line: str) -> bool:
    """Whether the line opens with more prefix characters than `MAX_NESTING` levels can hold
    (a prefix over the cap is longer than that, and made of them only)."""
    if len(line) <= MAX_NESTING or not (line[0] in _PREFIX_CHARS or line[0].isdecimal()):
        return False  # most lines: prose
    return all(char in _PREFIX_CHARS or char.isdecimal() for char in line[: MAX_NESTING + 1])


def count_words(markdown: str) -> int:
    """Whitespace-separated tokens, less markdown punctuation tokens (`-`, `##`, `|`): the
    tokens with a word character in them. With the punctuation taken out (the ASCII kind and
    the typographic kind), a token of punctuation alone is gone and every other is still one;
    a text left with other characters (é) is counted token by token."""
    kept = markdown.translate(_NOT_WORD_OR_SPACE)
    if kept.isascii():
        # Each token is then a run of letters after a space (or at the start), counted in C
        # without making a string of it: ~5 µs for 500 words, where `split` took ~20.
        runs = kept.encode("ascii").translate(_LETTER_RUNS)
        return runs.count(b" a") + runs.startswith(b"a")
    tokens = markdown.split()
    # Most tokens start with a letter or digit; only the rest need the slower full check.
    return len(tokens) - sum(
        1 for token in tokens if not token[0].isalnum() and _PUNCTUATION_TOKEN.fullmatch(token)
    )


# --- bytes to text ------------------------------------------------------------------------------

# UTF-32 first: its little-endian BOM begins with UTF-16's.
_WIDE_BOMS = (
    ((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "UTF-32"),
    ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "UTF-16"),
)


def _decode(path: Path, data: bytes) -> tuple[str, tuple[str, ...]] | LoadError:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for boms, encoding in _WIDE_BOMS:
        if data.startswith(boms):
            try:
                return data.decode(encoding), (f"file is {encoding}, not UTF-8; read it as such",)
            except UnicodeDecodeError as error:
                return LoadError(path, f"invalid {encoding} at byte {error.start}")
    if b"\x00" in data[:_BINARY_SNIFF_BYTES]:
        return LoadError(path, "binary file (contains NUL bytes), not markdown")
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        warning = (
            f"line {line}: invalid UTF-8 at byte {error.start}; undecodable bytes shown as \ufffd"
        )
        return data.decode("utf-8", errors="replace"), (warning,)


def _cap_line_lengths(text: str) -> tuple[str, tuple[str, ...]]:
    """Cut absurdly long lines so rendering and searching stay bounded; one warning says where."""
    if len(text) <= MAX_LINE_CHARS:
        return text, ()
    lines = text.split("\n")
    long_lines = [number for number, line in enumerate(lines) if len(line) > MAX_LINE_CHARS]
    if not long_lines:
        return text, ()
    first = long_lines[0]
    more = f" (and {len(long_lines) - 1:,} more)" if len(long_lines) > 1 else ""
    warning = (
        f"line {first + 1} is {len(lines[first]):,} characters long{more}; "
        f"cut to {MAX_LINE_CHARS:,}"
    )
    for number in long_lines:
        lines[number] = lines[number][:MAX_LINE_CHARS]
    return "\n".join(lines), (warning,)


# --- metadata -----------------------------------------------------------------------------------


def _unix_lines(text: str) -> str:
    if "\r" not in text:  # most files: one scan, not two
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


# What reads a metadata block: (block, first_line=…) -> its fields and warnings.
_Load = Callable[..., tuple[dict[str, Any], tuple[str, ...]]]


def _split_metadata(text: str, load: _Load | None = None) -> _Metadata:
    load = load or _load_yaml
    stripped = text.lstrip("\n")
    leading_lines = len(text) - len(stripped)
    if fence := _FENCE_OPEN.match(stripped):
        return _fenced_metadata(stripped, fence, leading_lines, load)
    if stripped.startswith(_FRONT_MATTER_OPEN):
        return _front_matter(stripped, leading_lines, load)
    return _Metadata({}, text, 1, "none", ())


def _fenced_metadata(text: str, fence: re.Match[str], leading_lines: int, load: _Load) -> _Metadata:
    marker = fence.group("fence")
    closing = re.compile(rf"^{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", re.MULTILINE)
    end = closing.search(text, fence.end())
    opening_line = leading_lines + 1
    if end is None:
        warning = (
            f"line {opening_line}: the ```yaml metadata block is never closed; "
            "the whole file is shown as the body"
        )
        return _Metadata({}, text, opening_line, "none", (warning,))
    block = text[fence.end() : end.start()]
    fields, warnings = load(block, first_line=opening_line + 1)
    return _body_after(text, end.end(), leading_lines, fields, "yaml-fence", warnings)


def _front_matter(text: str, leading_lines: int, load: _Load) -> _Metadata:
    end = _FRONT_MATTER_CLOSE.search(text, len(_FRONT_MATTER_OPEN))
    opening_line = leading_lines + 1
    if end is None:
        warning = (
            f"line {opening_line}: the --- front matter is never closed; "
            "the whole file is shown as the body"
        )
        return _Metadata({}, text, opening_line, "none", (warning,))
    block = text[len(_FRONT_MATTER_OPEN) : end.start()]
    fields, warnings = load(block, first_line=opening_line + 1)
    return _body_after(text, end.end(), leading_lines, fields, "front-matter", warnings)


def _body_after(
    text: str,
    offset: int,
    leading_lines: int,
    fields: dict[str, Any],
    fmt: MetadataFormat,
    warnings: tuple[str, ...],
) -> _Metadata:
    rest = text[offset:]
    body = rest.lstrip("\n")
    body_line = leading_lines + text.count("\n", 0, offset) + (len(rest) - len(body)) + 1
    return _Metadata(fields, body, body_line, fmt, warnings)


def _load_yaml(block: str, *, first_line: int) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Load a metadata block; a block that is not a mapping is ignored with a warning."""
    if len(block) > MAX_METADATA_CHARS:
        raise _MetadataError(
            f"metadata block is {len(block):,} characters, over the {MAX_METADATA_CHARS:,} cap",
            first_line,
        )
    # libyaml refuses control characters outright; dropping them (newlines stay, so line numbers
    # hold) lets a title with an escape sequence in it load, cleaned, instead of failing.
    cleaned = clean_text(block)
    warnings: tuple[str, ...] = ()
    if cleaned != block:
        warnings = (f"line {first_line}: removed control or escape characters from the metadata",)
    value = _parse_yaml(cleaned, first_line)
    if value is None:
        return {}, warnings
    if not isinstance(value, Mapping):
        kind = type(value).__name__
        ignored = f"line {first_line}: metadata is a {kind}, not a mapping of fields; ignored"
        return {}, (*warnings, ignored)
    _refuse_unbounded(value, first_line)
    return {str(key): item for key, item in value.items()}, warnings


def _unloaded(_block: str, *, first_line: int) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A metadata block left unread (`parse_body`)."""
    return {}, ()


def _parse_yaml(block: str, first_line: int) -> object:
    try:
        return _load(block)  # imports YAML first, whose errors are named below
    except yaml.MarkedYAMLError as error:
        raise _marked_error(error, first_line) from None
    except yaml.reader.ReaderError as error:
        line = first_line + block.count("\n", 0, error.position)
        reason = str(error).splitlines()[0]
        raise _MetadataError(f"invalid YAML metadata: {reason}", line) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise _MetadataError(f"invalid YAML metadata: {reason}", first_line) from None


def _load(block: str) -> object:
    """`yaml.load(block, Loader=_metadata_loader())`, with the common shape built here:
    PyYAML's constructor is Python, and half of loading a block (~50 µs of ~100) went to it.
    The commonest shape of all is read without libyaml (`_simple_mapping`)."""
    metadata_loader = _metadata_loader()
    simple = _simple_mapping(block, metadata_loader.yaml_implicit_resolvers)
    if simple is not None:
        return simple
    loader = metadata_loader(block)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            return _plain(loader, node, set(), 0)
        except Exception:  # anything unusual (or wrong): PyYAML's own constructor says what
            return loader.construct_document(node)
    finally:
        loader.dispose()


# A block as press offices write it is `key: value` lines, and `key:` lines over one level of
# such lines indented alike, each key and value a one-line plain scalar that YAML reads as text.
# `_simple_mapping` reads that shape itself with two regex passes, in about a third of libyaml's
# time (most of which went to calling PyYAML's Python resolver for every scalar); any other
# block, or one it is not sure of, goes to libyaml. A plain scalar here is made of characters
# YAML reads as printable and not as a space, a line break or a byte-order mark (no astral
# ones: libyaml checks them apart), single spaces between words, no indicator first, no word
# that ends with `:` (a `: ` or a `:` last is a key's) and none after the first that starts
# with `#` (a comment).
_PLAIN_CHARS = "!-~\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
_PLAIN_WORD = f"[{_PLAIN_CHARS}]*[{_PLAIN_CHARS.replace('!-~', '!-9;-~')}]"
_PLAIN_SCALAR = f"(?![-?:,\\[\\]{{}}#&*!|>'\"%@`]){_PLAIN_WORD}(?: (?!#){_PLAIN_WORD})*"
# YAML caps an implicit key at 1024 characters; metadata keys are short.
_SIMPLE_LINE = f"( *)((?=[^:\n]{{1,128}}:){_PLAIN_SCALAR}):(?: ({_PLAIN_SCALAR}))?\n"
_Resolvers = Mapping[Any, list[tuple[str, re.Pattern[str]]]]


@cache
def _simple_line() -> re.Pattern[str]:
    """A line of a simple block; compiled with the first metadata block, as YAML is loaded:
    its wide character classes take 15-25 ms of CPU to compile, nearly all of this module's
    import, which a command that reads no metadata (a warm search) paid for nothing, before
    its walk could start."""
    return re.compile(_SIMPLE_LINE)


def _simple_mapping(block: str, resolvers: _Resolvers) -> dict[str, Any] | None:
    """The fields of a block of the simple shape (see `_SIMPLE_LINE`), as PyYAML loads them;
    None when the block has any other shape, or a key or value YAML reads as more than text."""
    if not block:
        return None  # no document: libyaml says None
    simple_line = _simple_line()
    mapping: dict[str, Any] = {}
    nested: dict[str, Any] | None = None  # the mapping under the last `key:` line
    indent = ""  # its lines' indent, once one is read
    # One line at a time from where the last ended (a pass over the block, not a check of the
    # whole and then a second pass for the lines): a line of another shape ends it.
    end = 0
    while end < len(block):
        line = simple_line.match(block, end)
        if line is None:
            return None
        spaces, key, value = line.groups("")
        end = line.end()
        if _resolved(key, resolvers) or (value and _resolved(value, resolvers)):
            return None
        if spaces:
            if nested is None or not value or spaces != (indent or spaces):
                return None  # a deeper level, or a plain scalar going on over lines
            indent, nested[key] = spaces, value
        elif nested == {}:
            return None  # a `key:` with nothing under it (null)
        elif value:
            mapping[key], nested = value, None
        else:
            mapping[key] = nested = {}
            indent = ""
    return mapping if nested != {} else None


def _resolved(scalar: str, resolvers: _Resolvers) -> bool:
    """Whether YAML reads the plain scalar as something other than text (a number, a bool)."""
    candidates = resolvers.get(scalar[0])
    if candidates is None and None not in resolvers:
        return False  # most scalars: no resolver looks at their first character
    candidates = (candidates or []) + resolvers.get(None, [])
    return any(pattern.match(scalar) for _tag, pattern in candidates)


_YAML = "tag:yaml.org,2002:"
_STR_TAG, _MAP_TAG, _SEQ_TAG = f"{_YAML}str", f"{_YAML}map", f"{_YAML}seq"
# The scalar tags whose constructors return a value at once (no generator, no state).
_SCALAR_TAGS = frozenset(
    f"{_YAML}{name}" for name in ("null", "bool", "int", "float", "binary", "timestamp")
)
_PLAIN_DEPTH = 3  # metadata is a mapping of scalars and of small mappings and lists


class _NotPlain(Exception):
    """A node `_plain` leaves to PyYAML: an alias, a merge key, a set, a deep or odd shape."""


def _plain(loader: yaml.SafeLoader, node: yaml.Node, seen: set[int], depth: int) -> object:
    """What PyYAML's safe constructor makes of a tree of plain maps, lists and scalars: the
    same values, built without its per-node bookkeeping. A node met twice (an alias) is
    refused: PyYAML shares it, and `_refuse_unbounded` measures what is shared."""
    if id(node) in seen or depth > _PLAIN_DEPTH:
        raise _NotPlain
    seen.add(id(node))
    tag = node.tag
    if type(node) is yaml.ScalarNode:
        if tag == _STR_TAG:
            return node.value
        if tag in _SCALAR_TAGS:
            return loader.yaml_constructors[tag](loader, node)
    elif type(node) is yaml.MappingNode and tag == _MAP_TAG:
        mapping = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _NotPlain  # a merge key, or a key that may not hash
            key = _plain(loader, key_node, seen, depth + 1)
            mapping[key] = _plain(loader, value_node, seen, depth + 1)
        return mapping
    elif type(node) is yaml.SequenceNode and tag == _SEQ_TAG:
        return [_plain(loader, item, seen, depth + 1) for item in node.value]
    raise _NotPlain


def _marked_error(error: yaml.MarkedYAMLError, first_line: int) -> _MetadataError:
    """The problem and its line; and where the construct it broke began, when that is elsewhere."""
    mark = error.problem_mark or error.context_mark
    line = first_line + mark.line if mark else first_line
    reason = f"invalid YAML metadata: {error.problem or error}"
    context = error.context_mark
    if error.context and context and context is not mark and first_line + context.line != line:
        # Worded so that the two lines are not read as one that disagrees with the other: the
        # error's line is where the parser gave up, this one where the broken part begins.
        construct = re.sub(r"^while (parsing|scanning) ", "", error.context)
        reason += f" (in {construct} that begins at line {first_line + context.line})"
    return _MetadataError(reason, line)


def _refuse_unbounded(value: object, first_line: int) -> None:
    """Refuse metadata that would grow without bound when walked (shown, searched, dumped).

    Aliases make YAML a graph: a few lines can stand for billions of values ("billion laughs"),
    or for a list that contains itself. Loading such a graph is cheap; printing it is not. Each
    shared node is measured once, and the walk stops at the nesting cap, so this costs no more
    than the block is long.
    """
    if _shallow_and_small(value):
        return
    measured: dict[int, tuple[int, int]] = {}  # id(node) -> (values it stands for, its height)
    walking: set[int] = set()

    def refuse(reason: str) -> NoReturn:
        raise _MetadataError(f"YAML metadata {reason}; refused", first_line)

    def measure(node: object, level: int) -> tuple[int, int]:
        if not isinstance(node, dict | list | set):
            return 1, 0
        if level >= MAX_NESTING:
            refuse(f"is nested over {MAX_NESTING} levels deep")
        if id(node) in walking:
            refuse("contains itself (a recursive alias)")
        if id(node) not in measured:
            walking.add(id(node))
            items = node.values() if isinstance(node, dict) else node
            sizes = [measure(item, level + 1) for item in items]
            walking.discard(id(node))
            values = 1 + sum(size[0] for size in sizes)
            measured[id(node)] = (values, 1 + max((size[1] for size in sizes), default=0))
        values, height = measured[id(node)]
        if values > MAX_YAML_VALUES:
            refuse(f"stands for over {MAX_YAML_VALUES:,} values (an alias bomb?)")
        if level + height > MAX_NESTING:
            refuse(f"is nested over {MAX_NESTING} levels deep")
        return values, height

    measure(value, 0)


def _shallow_and_small(value: object) -> bool:
    """Metadata as press offices write it: a mapping of scalars and of flat collections
    (`og: {…}`), standing for few values. Nothing in it can contain itself (that needs a
    collection inside a collection), nor be nested deep; `_refuse_unbounded` need not walk it."""
    if not isinstance(value, dict):
        return False
    count = 1 + len(value)
    for item in value.values():
        if isinstance(item, dict | list | set):
            inner = item.values() if isinstance(item, dict) else item
            if any(isinstance(element, dict | list | set) for element in inner):
                return False
            count += len(item)
    return count <= MAX_YAML_VALUES


# --- fields -------------------------------------------------------------------------------------


def _text_field(value: object) -> str | None:
    """A one-line, control-free string for a scalar field; None for missing or structured values."""
    if value is None or isinstance(value, Mapping | list | tuple | set):
        return None
    text = clean_line(html.unescape(str(value)))
    return text or None


def _og_fields(fields: Mapping[str, Any]) -> dict[str, str]:
    """`og:` fields, nested (`og: {title: …}`) or flat (`og:title: …`), HTML entities unescaped."""
    nested = fields.get("og")
    pairs: list[tuple[str, object]] = list(nested.items()) if isinstance(nested, Mapping) else []
    pairs += [
        (key.removeprefix(_OG_PREFIX), value)
        for key, value in fields.items()
        if key.startswith(_OG_PREFIX)
    ]
    og: dict[str, str] = {}
    for key, value in pairs:
        if (text := _text_field(value)) is not None:
            og[str(key)] = text
    return og


def _title_and_site(
    fields: Mapping[str, Any], og: Mapping[str, str], body: str, path: Path
) -> tuple[str, str | None]:
    site = _text_field(fields.get("site")) or og.get("site_name")
    title = _text_field(fields.get("title")) or og.get("title")
    if title and _SITE_SEPARATOR in title:
        head, _, suffix = title.rpartition(_SITE_SEPARATOR)
        if head.strip() and suffix.strip():
            title, site = head.strip(), site or suffix.strip()
    if not title and (heading := _HEADING.search(body)):
        title = clean_line(_HEADING_CLOSE.sub("", heading.group("text")).strip("*_ "))
    return title or clean_line(path.stem) or clean_line(path.name), site


def _published(
    fields: Mapping[str, Any],
) -> tuple[str | None, datetime | None, tuple[str, ...]]:
    for key in _DATE_KEYS:
        value = fields.get(key)
        if isinstance(value, Mapping):
            value = value.get("date")
        if value is None:
            continue
        raw = clean_line(str(value))
        published = parse_date(value)
        if published is None:
            shown = raw if len(raw) <= _MAX_QUOTED else raw[:_MAX_QUOTED] + "…"
            return raw, None, (f"unrecognised publish date {shown!r}; the article is undated",)
        return raw, published, ()
    return None, None, ()


def _identity(fields: Mapping[str, Any], og: Mapping[str, str], content: bytes) -> str:
    """What reading state is keyed by: the URL when there is one, so moves and renames keep it."""
    url = _text_field(fields.get("url")) or og.get("url")
    if url:
        return f"url:{url}"
    return f"sha256:{hashlib.sha256(content).hexdigest()}"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
