"""What log, backup, restore and purge say."""

from __future__ import annotations

from datetime import date

from .. import service
from ..core.dates import dutch
from ..i18n import _, ngettext


def log_document(entries: list[service.AuditEntry]) -> dict:
    """``log --json``: the raw fields; an unreadable detail is null, marked
    ``detail_unreadable``."""
    return {"entries": [
        {**entry._asdict(), **({} if entry.detail is not None else {"detail_unreadable": True})}
        for entry in entries
    ]}


def log_entries(entries: list[service.AuditEntry]) -> list[str]:
    if not entries:
        return [_("The audit trail has no entries for this.")]
    lines = []
    for entry in entries:
        who = "" if entry.household is None else " " + _("household {household}").format(
            household=entry.household
        )
        if entry.detail is None:  # not what the tool writes
            detail = _("the details of this entry cannot be read")
        else:
            detail = ", ".join(f"{key} {value}" for key, value in entry.detail.items() if value is not None)
        recorded = entry.recorded_at.replace("T", " ").replace("+00:00", " UTC")
        undone = "" if entry.undone_by is None else " " + _("[undone by log entry {undo}]").format(
            undo=entry.undone_by
        )
        lines.append(
            f"{dutch(date.fromisoformat(entry.date))}  {entry.action}{who}"
            + (f" ({detail})" if detail else "")
            + "; "
            + _("by {actor}, recorded {recorded}").format(actor=entry.actor, recorded=recorded)
            + undone
        )
    return lines


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
