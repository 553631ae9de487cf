"""What log, backup, restore and purge say."""

from __future__ import annotations

from datetime import date

from .. import service
from ..core.dates import dutch
from ..i18n import _, ngettext


def purge_sentences(result: service.Purge, day, *, dry_run: bool, backups: bool) -> list[str]:
    """What purge did (or would do) to the database and to its copies."""
    households = result.households
    count = len(households)
    if not households:
        lines = [_("No household that left before {day} still has personal text.").format(day=dutch(day))]
    else:
        if dry_run:
            template = ngettext(
                "Would remove the names and notes of {count} household that left before {day}: {households}.",
                "Would remove the names and notes of {count} households that left before {day}: {households}.",
                count,
            )
        else:
            template = ngettext(
                "Removed the names and notes of {count} household that left before {day}: {households}.",
                "Removed the names and notes of {count} households that left before {day}: {households}.",
                count,
            )
        lines = [template.format(count=count, day=dutch(day), households=", ".join(map(str, households)))]
    if result.compacted and not households:
        lines.append(_("The text removed by an earlier purge is now gone from the file too."))
    if result.compaction_pending:
        lines.append(_("Text removed by an earlier purge can still be found in the file; "
                       "run purge without --dry-run to finish removing it."))
    copies = len(result.copies)
    if copies:
        if backups and dry_run:
            template = ngettext(
                "Would delete {count} backup or kept file that still holds names of households that left before {day}:",
                "Would delete {count} backups or kept files that still hold names of households that left before {day}:",
                copies,
            )
        elif backups:
            template = ngettext(
                "Deleted {count} backup or kept file that still held names of households that left before {day}:",
                "Deleted {count} backups or kept files that still held names of households that left before {day}:",
                copies,
            )
        else:
            template = ngettext(
                "{count} backup or kept file still holds names of households that left before {day} "
                "(add --backups to delete it):",
                "{count} backups or kept files still hold names of households that left before {day} "
                "(add --backups to delete them):",
                copies,
            )
        lines.append(template.format(count=copies, day=dutch(day)))
        lines += [
            "  " + _("{path} (households {households})").format(
                path=copy.path, households=", ".join(map(str, copy.households))
            )
            for copy in result.copies
        ]
    if result.unreadable:
        lines.append(ngettext(
            "{count} file beside the database could not be read; check yourself whether it holds names:",
            "{count} files beside the database could not be read; check yourself whether they hold names:",
            len(result.unreadable),
        ).format(count=len(result.unreadable)))
        lines += [f"  {path}" for path in result.unreadable]
    return lines


def backup_document(result: service.Backup) -> dict:
    return {"backup": str(result.path), "bytes": result.size}


def backup_sentence(result: service.Backup) -> str:
    return _("Backup written and checked: {path}.").format(path=result.path)


def restore_document(result: service.Restoration) -> dict:
    return {"restored": str(result.restored), "previous": str(result.kept)}


def restore_sentence(result: service.Restoration) -> str:
    return _("Restored from {backup}; the replaced database is kept as {previous}.").format(
        backup=result.restored, previous=result.kept
    )
