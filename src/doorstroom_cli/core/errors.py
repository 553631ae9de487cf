"""The four ways a command can fail, each with the exit code of the contract.

Every message is one sentence meant for the coordinator. The CLI turns any of
these into one line on stderr and the exit code below; nothing else in the
program decides exit codes.

The sentence is raised in English as a template with named values,
``Refused("Dwelling {code} is out of use.", code="W3")``, so the core stays
free of the interface's language: the CLI translates the template through
the catalogue and only then fills in the values. ``str(error)`` is the
English sentence. Values that are words themselves are marked with
``N_`` and translated along with the sentence.
"""

from pathlib import PurePath


class Phrase(str):
    """English words used as a value in a sentence: translated with it."""


def N_(message: str) -> Phrase:
    """Mark words for the catalogue where they are written (gettext's
    ``gettext_noop``); they are translated where they are shown."""
    return Phrase(message)


class DoorstroomError(Exception):
    """Base class: a failure that is explained to the user in one sentence."""

    exit_code = 1

    def __init__(self, message: str, **values) -> None:
        self.message = message
        self.values = values
        super().__init__(message.format(**values) if values else message)

    def sentence(self, translate) -> str:
        """The sentence with its template passed through ``translate`` first.

        Every text value (a name from the database, a path, what was typed)
        is passed through ``texts.printable``: whatever a value holds, the
        sentence cannot move the cursor, recolour or reorder a terminal."""
        from .texts import printable  # texts imports this module

        template = translate(self.message)
        if not self.values:
            return template
        values = {}
        for key, value in self.values.items():
            if isinstance(value, Phrase):
                value = translate(value)
            if isinstance(value, (str, PurePath)):
                value = printable(str(value))
            values[key] = value
        return template.format(**values)


class Refused(DoorstroomError):
    """A rule forbids the change (the database stays as it was)."""

    exit_code = 1


class NotFound(DoorstroomError):
    """The household or dwelling referred to does not exist or is not open."""

    exit_code = 1


class InvalidInput(DoorstroomError):
    """A value given by the user cannot be used (usage error in the contract)."""

    exit_code = 2


class EnvironmentFailure(DoorstroomError):
    """The database or the machine failed; nothing was changed."""

    exit_code = 3


class Stopped(DoorstroomError):
    """The user stopped the command (Ctrl-C, the end of input) before
    anything was saved; the exit code is the shell's for an interrupt."""

    exit_code = 130
