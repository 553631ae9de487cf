"""The four ways a command can fail, each with the exit code of the contract.

Every message is one sentence meant for the coordinator. The CLI turns any of
these into one line on stderr and the exit code below; nothing else in the
program decides exit codes.
"""


class DoorstroomError(Exception):
    """Base class: a failure that is explained to the user in one sentence."""

    exit_code = 1


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
