"""One place that makes untrusted article text safe to show in a terminal.

Article text comes from scrapers and strangers. Before any of it leaves the model for a
terminal (the app, the CLI's text output), it passes through `clean_text` or `clean_line`:
escape sequences (CSI, OSC, DCS, …) are removed whole, other C0/C1 controls are dropped, and
bidi overrides/isolates that could reorder what the user sees are dropped too. The Unicode line
and paragraph separators (U+2028, U+2029), which some terminals and editors break lines on and
others show as nothing, become newlines, so the text breaks where it says it does, visibly.

JSON leaves the model through `json_escaped` (and `json_members`, a flat record's text as the CLI
prints it): the quote records stored ready to print in the index are escaped by the very code
that escapes what the CLI prints.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import IO

# ESC-introduced sequences: CSI (ESC [ … final), OSC/DCS/SOS/PM/APC (ESC ] … BEL or ST),
# and two-character escapes (ESC + one byte). Their 8-bit C1 forms are covered as well.
# A string sequence with no terminator is cut at the end of its line, not the end of the text:
# a stray OSC byte must not swallow the rest of an article.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?             # CSI
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])       # OSC, DCS, SOS, PM, APC …
      [^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?     # … up to BEL or ST (or the end of the line)
  | \x1b[ -/]*[0-~]?                              # other ESC sequences
    """,
    re.VERBOSE,
)
# C0 controls except tab and newline (ESC among them, so a search for this class also finds every
# escape sequence), DEL, C1 controls, and the bidi embedding/override/isolate
# characters (U+202A–U+202E, U+2066–U+2069) plus the lone marks that can flip runs.
_UNSAFE_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)
# Lone surrogates come from undecodable file names (surrogateescape); no terminal or UTF-8
# stream can take them, so they are shown as the replacement character.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n"})
_NEEDS_CLEANING = re.compile(f"{_UNSAFE_CHARS.pattern}|{_SURROGATE.pattern}|[\u2028\u2029]")
_WHITESPACE_RUN = re.compile(r"\s+")
_ASCII_UNSAFE = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])  # `_UNSAFE_CHARS` in ASCII


def clean_text(text: str) -> str:
    """Remove escape sequences and unsafe control characters; keep tabs and newlines.

    A carriage return is dropped rather than kept, so it cannot overwrite a line on screen. A
    line separator (U+2028) becomes a newline, a paragraph separator (U+2029) a blank line.
    """
    if text.isprintable() or _safe_ascii(text) or not _NEEDS_CLEANING.search(text):
        return text
    text = _UNSAFE_CHARS.sub("", _ESCAPE_SEQUENCE.sub("", text))
    return _SURROGATE.sub("\ufffd", text).translate(_SEPARATORS)


def _safe_ascii(text: str) -> bool:
    """Whether `text` is ASCII with nothing `_NEEDS_CLEANING` finds in it (no C0 control but tab
    and newline, no DEL): a body's lines make it unprintable, and this answers for a 3,000-char
    ASCII body in ~1 µs, where the search took ~10."""
    if not text.isascii():
        return False
    encoded = text.encode("ascii")
    return len(encoded.translate(None, _ASCII_UNSAFE)) == len(encoded)


def clean_line(text: str) -> str:
    """`clean_text` for one-line fields (titles, areas): all whitespace runs become one space."""
    if text.isprintable() and "  " not in text:
        # The common field: nothing to clean, and its only whitespace is single spaces (every
        # other whitespace character is unprintable). A fifth of the time of the full path.
        return text.strip()
    return _WHITESPACE_RUN.sub(" ", clean_text(text)).strip()


# json.dumps escapes C0 controls itself; these it would pass through with ensure_ascii=False.
# Lone surrogates (from undecodable file names) are escaped too: a UTF-8 stream cannot carry them,
# and `\udcff` in JSON reads back as the same file name. The line and paragraph separators are
# valid JSON but end a line in JavaScript and in some terminals and editors.
_JSON_UNSAFE = re.compile(
    "[\x7f-\x9f\u200e\u200f\u061c\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def json_escaped(text: str) -> str:
    """JSON text (from `json.dumps(..., ensure_ascii=False)`) with what a terminal or a UTF-8
    stream must not get as it is written as `\\u` escapes."""
    # Nearly every record is ASCII with no DEL: ~20x faster than the scan (500 characters).
    if text.isascii() and "\x7f" not in text:
        return text
    return _JSON_UNSAFE.sub(_json_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_default(value: object) -> str:
    """What JSON has no form for, as text: dates (and datetimes) in ISO 8601, the rest by str."""
    if isinstance(value, date):  # datetimes too
        return value.isoformat()
    return str(value)


_MEMBERS = json.JSONEncoder(
    ensure_ascii=False, default=json_default, separators=(",\n    ", ": ")
).encode


def json_members(record: Mapping[str, object]) -> str:
    """The members of a record whose values are scalars, as `json.dumps(..., indent=2)` shows
    them inside an array (one a line, indented by four), escaped (`json_escaped`): the C
    encoder with the indent as its separator, several times faster than the indenting one."""
    return json_escaped(_MEMBERS(record)[1:-1])


def write_json_array(texts: Iterable[str], stream: IO[str]) -> None:
    """A JSON array of the records whose texts (each as `json.dumps(..., indent=2)` shows it
    inside an array; or several, joined by ",\n") `texts` gives, written to `stream` as they
    come, so a feed's records are never all held at once; "" stands for none."""
    opening = "[\n"
    for text in texts:
        if text:
            stream.write(opening + text)
            opening = ",\n"
    stream.write("[]\n" if opening == "[\n" else "\n]\n")
