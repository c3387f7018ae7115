"""A check any test can run on captured output: nothing in it can drive or fool a terminal.

    from support.terminal_safety import assert_terminal_safe
    assert_terminal_safe(capsys.readouterr().out)

Output may hold tabs and newlines; it may not hold ESC or any other C0 control, DEL, a C1
control (8-bit CSI/OSC among them), a bidi embedding/override/isolate or direction mark (which
reorder what the user sees), a line or paragraph separator (U+2028, U+2029: some terminals
break lines on them, others show nothing), or a lone surrogate. JSON output passes because JSON
escapes such characters as `\\u001b` text.
"""

from __future__ import annotations

import re
import unicodedata

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]"
)


def terminal_unsafe(output: str) -> list[tuple[int, str]]:
    """Each unsafe character in `output`: its offset and its name (or code point)."""
    return [
        (match.start(), unicodedata.name(match.group(), f"U+{ord(match.group()):04X}"))
        for match in _UNSAFE.finditer(output)
    ]


def assert_terminal_safe(output: str) -> None:
    """Fail, showing where, if `output` holds a character that could control a terminal."""
    found = terminal_unsafe(output)
    if found:
        offset, name = found[0]
        context = output[max(0, offset - 30) : offset + 30]
        raise AssertionError(
            f"{len(found)} unsafe character(s) in the output; the first is {name} "
            f"at offset {offset}, in {context!r}"
        )
