"""Maintainers' tool for the translation catalogue (outside the wheel; the
program only needs the compiled .mo it ships).

    python tools/catalogue.py

extracts every translatable message from the code into
``locale/doorstroom.pot``, merges it into each language's ``.po`` (new
messages arrive untranslated, vanished ones are dropped) and compiles the
``.mo`` files the package ships. A translator edits only the ``.po``.
It needs Babel, which the ``test`` extra installs; tests/cli/test_language.py
uses the same functions to check that the catalogue is complete.

Typer translates a few of its own words through gettext too; they are
listed in ``LIBRARY_MESSAGES`` and travel in the same catalogue.
"""

from __future__ import annotations

import io
from pathlib import Path

import doorstroom_cli
from doorstroom_cli.i18n import DOMAIN, LOCALEDIR

PACKAGE = Path(doorstroom_cli.__file__).parent

# The functions whose first argument (for ngettext: first two) is a
# message: our gettext helpers, and the exceptions, which carry an English
# template that the CLI translates (see core/errors.py).
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "Refused": None,
    "NotFound": None,
    "InvalidInput": None,
    "EnvironmentFailure": None,
    "Stopped": None,
}

# Typer's own words that it passes through gettext (typer/core.py); the
# rest of what Typer says is translated in cli/framework.py.
LIBRARY_MESSAGES = [
    "Options", "Arguments", "Commands", "default: {default}", "required", "env var: {var}",
    "(dynamic)", "Aborted!", "Missing command.", "No such command {name!r}.",
]


def extract():
    """Every message of ours and the libraries' listed ones, as a Babel catalogue."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="doorstroom", domain=DOMAIN, charset="utf-8")
    for filename, line, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        catalog.add(message, locations=[(filename, line)], auto_comments=comments, context=context)
    for filename, line, message in _inside_f_strings():
        if message not in catalog:
            catalog.add(message, locations=[(filename, line)])
    for message in LIBRARY_MESSAGES:
        catalog.add(message, locations=[("typer", 0)])
    return catalog


def _inside_f_strings():
    """The messages Babel's extractor cannot see: a ``_("...")`` inside an
    f-string is one string token to it (Python 3.11), so the Dutch report
    said "Key figures". The syntax tree sees them."""
    import ast

    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for f_string in (node for node in ast.walk(tree) if isinstance(node, ast.JoinedStr)):
            for call in (node for node in ast.walk(f_string) if isinstance(node, ast.Call)):
                name = getattr(call.func, "id", None)
                if name in KEYWORDS and name != "ngettext" and call.args:
                    first = call.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        yield str(path.relative_to(PACKAGE)), call.lineno, first.value


def read(language: str):
    from babel.messages.pofile import read_po

    with open(po_path(language), "rb") as stream:
        return read_po(stream, locale=language, domain=DOMAIN)


def po_path(language: str) -> Path:
    return LOCALEDIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(catalog) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update(languages=("nl",)) -> None:
    from babel.messages.pofile import write_po

    template = extract()
    with open(LOCALEDIR / f"{DOMAIN}.pot", "wb") as stream:
        write_po(stream, template, omit_header=False, sort_output=False, include_lineno=False)
    for language in languages:
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        catalog.fuzzy = False  # the header: a fuzzy one would drop Plural-Forms from the .mo
        with open(po_path(language), "wb") as stream:
            write_po(stream, catalog, include_lineno=False, width=100)
        po_path(language).with_suffix(".mo").write_bytes(compiled(read(language)))


if __name__ == "__main__":
    update()
