"""JSON as doorstroom writes it: readable UTF-8, and safe on any terminal."""

from __future__ import annotations

import re
import unicodedata


def dumps(document: dict, *, indented: bool = True) -> str:
    """The document as JSON text: indented for a person, or (``indented``
    False) on one line, so that documents appended to a log are JSON Lines;
    readable UTF-8 (ensure_ascii=False), with
    every control, format (bidi overrides, LRM/RLM, zero-width), surrogate
    and line-separator character written as a \\uXXXX escape: json.dumps
    escapes only U+0000-U+001F, so U+009B (CSI) or U+202E would reach a
    terminal raw. The escapes are inside strings (nothing else in JSON text
    is not ASCII), so a parser reads the stored text back unchanged."""
    import json  # only a --json run needs it

    text = json.dumps(document, ensure_ascii=False, indent=2 if indented else None)
    return _UNSAFE_IN_JSON.sub(_escaped, text)


def _escaped(match) -> str:
    char = match.group()
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    if ord(char) > 0xFFFF:  # a JSON escape is UTF-16: a surrogate pair
        high, low = divmod(ord(char) - 0x10000, 0x400)
        return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
    return f"\\u{ord(char):04x}"


_UNSAFE_IN_JSON = re.compile(r"[^\x20-\x7e\n]")  # the rare others are looked at one by one
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
