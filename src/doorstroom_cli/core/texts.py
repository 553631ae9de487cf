"""Free text from the user: accepted only when it is plain, shown only as text.

Names, notes, agreements and reasons end up on a coordinator's screen and
in files. Control characters (an escape sequence can clear or recolour a
terminal), bidirectional overrides (which reorder what is shown) and bytes
that are not UTF-8 are refused at the door; what is accepted is kept in
Unicode's composed form (NFC), so that "ë" is one character however the
keyboard or the clipboard produced it. Names and codes also refuse the
invisible format characters (zero-width space, LRM/RLM, ...): two names
that look the same must be the same text. Whatever is already stored is
shown with such characters replaced, never interpreted (``printable``).
Stored JSON (an audit row's detail) is read back the same way: what the
tool does not write there is None, never an exception (``json_object``).
"""

from __future__ import annotations

import unicodedata

from .errors import InvalidInput

REPLACEMENT = "\ufffd"
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
_LINE_BREAKS = {"\n", "\t"}


def refused_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character that makes ``text`` not plain (a control
    character, a bidirectional override, half of a surrogate pair: bytes
    that were not UTF-8), or None. Newline and tab are plain in multi-line
    text. The one rule: ``check`` refuses by it, restore checks stored rows by it."""
    for char in text:
        if multiline and char in _LINE_BREAKS:
            continue
        if unicodedata.category(char) in {"Cc", "Cs"} or char in _BIDI_CONTROLS:
            return char
    return None


def invisible_character(text: str) -> str | None:
    """The first invisible format character (Unicode category Cf) in ``text``, or None."""
    return next((char for char in text if unicodedata.category(char) == "Cf"), None)


def check(text: str, what: str, *, multiline: bool = False) -> str:
    """Return ``text`` in NFC when it is plain; else refuse with a sentence
    naming ``what``."""
    char = refused_character(text, multiline=multiline)
    if char is not None and "\ud800" <= char <= "\udfff":
        raise InvalidInput(
            "{what} contains bytes that are not UTF-8 text.",
            what=what,
        )
    if char is not None:
        raise InvalidInput(
            "{what} contains a control character (U+{code:04X}); type it as plain "
            "text.",
            what=what,
            code=ord(char),
        )
    return unicodedata.normalize("NFC", text)


def check_visible(text: str, what: str) -> str:
    """A name or a code: ``check``, and no invisible format character
    (Unicode category Cf), which would make two texts that look the same
    differ. Returned in NFC."""
    checked = check(text, what)
    char = invisible_character(checked)
    if char is not None:
        raise InvalidInput(
            "{what} contains an invisible character (U+{code:04X}); type it without it.",
            what=what,
            code=ord(char),
        )
    return checked


def optional_text(value: str | None, what: str) -> str | None:
    """An optional free text (a note, agreements, an intake answer), checked
    and trimmed; given but empty is refused (leave it out instead)."""
    if value is None:
        return None
    cleaned = check(value, what, multiline=True).strip()
    if not cleaned:
        raise InvalidInput(
            "{what} cannot be empty; leave the option out instead.",
            what=what,
        )
    return cleaned


def one_line(text: str, what: str) -> str:
    """A short text (a reason, a label) checked, with white space folded; it
    may not be empty."""
    cleaned = " ".join(check(text, what).split())
    if not cleaned:
        raise InvalidInput(
            "{what} cannot be empty.",
            what=what,
        )
    return cleaned


_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def printable(text: str) -> str:
    """``text`` with every control (C0, DEL, C1), format (bidi overrides and
    isolates, LRM/RLM, zero-width), unpaired surrogate and line or
    paragraph separator character replaced by U+FFFD, so that showing it
    cannot change the screen. The one sanitiser: every stored text that is
    shown passes through it (see cli.say, errors.DoorstroomError.sentence,
    cli.framework.say_error, screens)."""
    return "".join(REPLACEMENT if unicodedata.category(char) in _UNPRINTABLE else char for char in text)


def safe_for_stream(text: str) -> str:
    """A message that can be written to any UTF-8 stream (surrogates escaped)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def json_object(text: object) -> dict | None:
    """A stored JSON object (an audit row's detail), or None for anything
    the tool does not write there: invalid JSON, another JSON value, bytes
    that are not UTF-8, nesting too deep to read."""
    import json

    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def extension_detail(text: object) -> dict | None:
    """The detail of an ``extend`` audit row (``Store.add_extension``), or
    None where it lacks what ``show`` tells of an extension."""
    from datetime import date

    detail = json_object(text) or {}
    try:
        for key in ("old_end", "new_end"):
            date.fromisoformat(detail[key])
        readable = type(detail["stay"]) is type(detail["weeks"]) is int and isinstance(detail["tacit"], int)
    except (KeyError, TypeError, ValueError):
        return None
    return detail if readable else None
