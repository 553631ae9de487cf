"""Words several views share."""

from __future__ import annotations

from ..i18n import ngettext


def persons(count: int) -> str:
    return ngettext("{count} person", "{count} persons", count).format(count=count)
