"""Turn one article file into an `Article`, or a `LoadError` that names the file and the problem.

Nothing here raises for bad input: every failure is a value. No Textual imports.
"""

from __future__ import annotations

import codecs
import hashlib
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from reader.article import Article, LoadError, MetadataFormat
from reader.dates import parse_date
from reader.sanitize import clean_line, clean_text

try:  # libyaml's C loader is ~10x faster; the pure-Python one is the fallback.
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader  # type: ignore[assignment]

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
MAX_LINE_CHARS = 20_000
MAX_METADATA_CHARS = 64 * 1024
MAX_YAML_ALIASES = 64
_BINARY_SNIFF_BYTES = 8192

_FENCE_OPEN = re.compile(r"(?P<fence>`{3,}|~{3,})[ \t]*(?:yaml|yml)[ \t]*\n", re.IGNORECASE)
_FRONT_MATTER_OPEN = "---\n"
_FRONT_MATTER_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<text>.+?)[ \t#]*$", re.MULTILINE)
_PUNCTUATION_TOKEN = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")
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
    try:
        size = path.stat().st_size
        if size > max_bytes:
            reason = f"file is {_megabytes(size)}, over the {_megabytes(max_bytes)} cap"
            return LoadError(path, reason)
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except IsADirectoryError:
        return LoadError(path, "is a directory, not a file")
    except FileNotFoundError:
        return LoadError(path, "file no longer exists (deleted while loading?)")
    except PermissionError:
        return LoadError(path, "permission denied")
    except OSError as error:
        return LoadError(path, f"cannot read: {error.strerror or error}")
    if len(data) > max_bytes:  # it grew between stat and read
        return LoadError(path, f"file is over the {_megabytes(max_bytes)} cap")
    return parse_bytes(path, data)


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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
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
        warnings=(*warnings, *cut_warnings, *metadata.warnings, *date_warnings, *control_warnings),
    )


def _clean_body(body: str) -> tuple[str, tuple[str, ...]]:
    """Strip control and escape sequences once, so every offset downstream indexes safe text."""
    cleaned = clean_text(body)
    removed = len(body) - len(cleaned)
    if not removed:
        return body, ()
    return cleaned, (f"removed {removed:,} control or escape characters from the body",)


def count_words(markdown: str) -> int:
    """Whitespace-separated tokens, less markdown punctuation tokens (`-`, `##`, `|`)."""
    return len(markdown.split()) - len(_PUNCTUATION_TOKEN.findall(markdown))


# --- bytes to text ------------------------------------------------------------------------------

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _decode(path: Path, data: bytes) -> tuple[str, tuple[str, ...]] | LoadError:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), ("file is UTF-16; read it as such",)
        except UnicodeDecodeError as error:
            return LoadError(path, f"invalid UTF-16 at byte {error.start}")
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
    """Cut absurdly long lines so rendering and searching stay bounded."""
    if len(text) <= MAX_LINE_CHARS or max(map(len, text.split("\n"))) <= MAX_LINE_CHARS:
        return text, ()
    lines = text.split("\n")
    warnings = []
    for number, line in enumerate(lines, start=1):
        if len(line) > MAX_LINE_CHARS:
            warnings.append(
                f"line {number} is {len(line):,} characters long; cut to {MAX_LINE_CHARS:,}"
            )
            lines[number - 1] = line[:MAX_LINE_CHARS]
    return "\n".join(lines), tuple(warnings)


# --- metadata -----------------------------------------------------------------------------------


def _split_metadata(text: str) -> _Metadata:
    stripped = text.lstrip("\n")
    leading_lines = len(text) - len(stripped)
    if fence := _FENCE_OPEN.match(stripped):
        return _fenced_metadata(stripped, fence, leading_lines)
    if stripped.startswith(_FRONT_MATTER_OPEN):
        return _front_matter(stripped, leading_lines)
    return _Metadata({}, text, 1, "none", ())


def _fenced_metadata(text: str, fence: re.Match[str], leading_lines: int) -> _Metadata:
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
    fields, warnings = _load_yaml(block, first_line=opening_line + 1)
    return _body_after(text, end.end(), leading_lines, fields, "yaml-fence", warnings)


def _front_matter(text: str, leading_lines: int) -> _Metadata:
    end = _FRONT_MATTER_CLOSE.search(text, len(_FRONT_MATTER_OPEN))
    opening_line = leading_lines + 1
    if end is None:
        warning = (
            f"line {opening_line}: the --- front matter is never closed; "
            "the whole file is shown as the body"
        )
        return _Metadata({}, text, opening_line, "none", (warning,))
    block = text[len(_FRONT_MATTER_OPEN) : end.start()]
    fields, warnings = _load_yaml(block, first_line=opening_line + 1)
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
    _refuse_alias_bombs(block, first_line)
    try:
        value = yaml.load(block, Loader=SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + mark.line if mark else first_line
        raise _MetadataError(f"invalid YAML metadata: {error.problem or error}", line) from None
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as error:
        reason = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise _MetadataError(f"invalid YAML metadata: {reason}", first_line) from None
    if value is None:
        return {}, ()
    if not isinstance(value, Mapping):
        kind = type(value).__name__
        return {}, (f"line {first_line}: metadata is a {kind}, not a mapping of fields; ignored",)
    return {str(key): item for key, item in value.items()}, ()


def _refuse_alias_bombs(block: str, first_line: int) -> None:
    """Refuse blocks with many aliases: "billion laughs" YAML expands without bound when walked."""
    if "*" not in block or "&" not in block:
        return
    aliases = 0
    try:
        for event in yaml.parse(block, Loader=SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise _MetadataError(
                        f"YAML metadata uses over {MAX_YAML_ALIASES} aliases "
                        "(a possible alias bomb); refused",
                        first_line,
                    )
    except yaml.YAMLError:
        return  # the real load reports the error with its line


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
        title = clean_line(heading.group("text").strip("*_ "))
    return title or clean_line(path.stem) or path.name, site


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
            return raw, None, (f"unrecognised publish date {raw!r}; the article is undated",)
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
