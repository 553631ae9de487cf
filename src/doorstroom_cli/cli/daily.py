"""The everyday commands: admit, extend, evaluate, move, release, status."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .. import service
from ..views import daily as views

from ..core import rules
from .shared import JsonOption, RefArgument, choices, complete_dwelling, perform, say
from ..core.errors import InvalidInput
from ..i18n import _
from .framework import App
from .registry import help_of

commands = App()


@commands.command(help=help_of("admit"))
def admit(
    ctx: typer.Context,
    name: Annotated[
        Optional[str],
        typer.Argument(metavar="NAME", help=_("The household's name, as you will recognise it; for a household that comes back also its id."), show_default=False),
    ] = None,
    urgency: Annotated[
        Optional[int],
        typer.Option(
            min=rules.URGENCY_LOWEST, max=rules.URGENCY_HIGHEST, metavar="1-5",
            help=_("How urgent: 5 is the most urgent."),
        ),
    ] = None,
    alternative: Annotated[
        Optional[rules.Alternative],
        typer.Option(
            metavar="KIND", case_sensitive=False,
            help=_("The more expensive option this stay avoids: {choices}.").format(choices=choices(rules.Alternative)),
        ),
    ] = None,
    adults: Annotated[Optional[int], typer.Option(min=1, metavar="N", help=_("Adults in the household (default 1)."))] = None,
    children: Annotated[
        Optional[int], typer.Option(min=0, metavar="N", help=_("Children in the household (default 0)."))
    ] = None,
    agreements: Annotated[
        Optional[str],
        typer.Option(metavar="TEXT", help=_("Agreements on the resident's own effort (tegenprestatie).")),
    ] = None,
    wijkcoach: Annotated[Optional[str], typer.Option(metavar="NAME", help=_("The wijkcoach who guides the household."))] = None,
    wijk: Annotated[
        Optional[str],
        typer.Option(metavar="NAME", help=_("The household's own wijk: placement prefers a free dwelling there.")),
    ] = None,
    referrer: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("Who referred the household."))] = None,
    wish: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("What do you want? (casework question 1)"))] = None,
    can_do: Annotated[
        Optional[str], typer.Option("--can-do", metavar="TEXT", help=_("What can you do yourself? (question 2)"))
    ] = None,
    needs: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("What do you need? (question 3)"))] = None,
    dwelling: Annotated[
        Optional[str], typer.Option(metavar="CODE", help=_("Ask for this free dwelling (its code)."))
    ] = None,
    reason: Annotated[
        Optional[str],
        typer.Option(
            metavar="TEXT",
            help=_("Why a household is placed out of order: ahead of one who ranks higher, or in the one "
                   "dwelling that a waiting household fits."),
        ),
    ] = None,
    new_household: Annotated[
        bool,
        typer.Option(
            "--new-household",
            help=_("A different household than the registered one with a similar name: register it as a new "
                   "household (the audit trail records which one it is not)."),
        ),
    ] = False,
    next_in_line: Annotated[
        bool,
        typer.Option("--next", help=_("Place the highest-ranked waiting household that fits a free dwelling.")),
    ] = False,
    household: Annotated[
        Optional[str],
        typer.Option(metavar="ID", help=_("With --next: place this waiting household (its id) instead.")),
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", help=_("Ask for each part of the intake, one at a time."))
    ] = False,
    json_output: JsonOption = False,
) -> None:
    if next_in_line and interactive:
        raise InvalidInput("--next places a household that already waits; it asks nothing.")
    if interactive:
        from ..interactive import intake as ask_intake

        answers = ask_intake({
            "name": name, "urgency": urgency, "alternative": alternative, "adults": adults,
            "children": children, "agreements": agreements, "wijk": wijk, "wijkcoach": wijkcoach,
            "referrer": referrer, "wish": wish, "can_do": can_do, "needs": needs,
        })
        name, urgency, alternative = answers["name"], answers["urgency"], answers["alternative"]
        adults, children, agreements = answers["adults"], answers["children"], answers["agreements"]
        wijk = answers["wijk"]
        wijkcoach, referrer, wish = answers["wijkcoach"], answers["referrer"], answers["wish"]
        can_do, needs = answers["can_do"], answers["needs"]
    if household is not None and not next_in_line:
        raise InvalidInput("--household goes with --next; a household that comes back is admitted by its id.")
    if next_in_line:
        given = [
            option
            for option, value in (
                ("NAME", name), ("--urgency", urgency), ("--alternative", alternative),
                ("--agreements", agreements), ("--wijk", wijk), ("--wijkcoach", wijkcoach),
                ("--referrer", referrer), ("--wish", wish), ("--can-do", can_do), ("--needs", needs),
                ("--adults", adults), ("--children", children),
                ("--new-household", new_household or None),
            )
            if value is not None
        ]
        if given:
            raise InvalidInput(
                "--next places a household that is already waiting; it takes no {given}.",
                given=', '.join(given),
            )
        chosen = None if household is None else _household_id(household)
        perform(
            ctx, lambda store, today: service.place_next(store, today, dwelling, household=chosen, reason=reason),
            json_output, views.placement, say(views.placed),
        )
        return
    if name is None:
        raise InvalidInput("Give the household's name, or use --next.")
    if urgency is None or alternative is None:
        raise InvalidInput("An intake needs --urgency (1-5) and --alternative.")
    if reason is not None and dwelling is None:
        raise InvalidInput("--reason goes with --dwelling.")
    intake = {"wijkcoach": wijkcoach, "referrer": referrer, "wish": wish, "own_effort": can_do, "needs": needs}
    perform(
        ctx,
        lambda store, today: service.admit(
            store, today, name, urgency=urgency, alternative=alternative, adults=adults or 1,
            children=children or 0, agreements=agreements, dwelling=dwelling, reason=reason,
            intake=intake, new_household=new_household, wijk=wijk,
        ),
        json_output, views.admission, say(views.admitted),
    )


def _household_id(given: str) -> int:
    """--household: a household id (digits), not a name or a dwelling code."""
    number = rules.household_number(given)
    if number is None:
        raise InvalidInput("--household takes a household id (the number admit printed), not '{given}'.",
                           given=given)
    return number


@commands.command(help=help_of("extend"))
def extend(
    ctx: typer.Context,
    ref: Annotated[
        Optional[str],
        typer.Argument(help=_("Household id or dwelling code."), show_default=False),
    ] = None,
    weeks: Annotated[
        Optional[int],
        typer.Option(
            min=1, max=rules.MOST_WEEKS_PER_EXTENSION, metavar="N",
            help=_("Weeks to add, at most {most} (default 1).").format(most=rules.MOST_WEEKS_PER_EXTENSION),
            show_default=False,
        ),
    ] = None,
    auto: Annotated[
        bool,
        typer.Option("--auto", help=_("The daily run: extend every stay that is due and still extendable.")),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help=_("With --auto: show what would be extended, change nothing."))
    ] = False,
    json_output: JsonOption = False,
) -> None:
    if auto:
        if ref is not None or weeks is not None:
            raise InvalidInput("--auto extends every stay that is due; it takes no REF or --weeks.")
        from .. import clock

        ran_at = clock.local_stamp(clock.utc_now())  # the moment, for a cron log of JSON Lines
        perform(
            ctx, lambda store, today: service.extend_auto(store, today, dry_run=dry_run),
            json_output, lambda plan: {**views.extension_plan(plan), "ran_at": ran_at},
            say(lambda plan: views.planned_extensions(plan, dry_run)),
        )
        return
    if dry_run:
        raise InvalidInput("--dry-run goes with --auto.")
    if ref is None:
        raise InvalidInput("Give a household id or dwelling code, or use --auto.")
    perform(
        ctx, lambda store, today: service.extend(store, today, ref, weeks or 1),
        json_output, views.extension, say(views.extended),
    )


@commands.command(help=help_of("evaluate"))
def evaluate(
    ctx: typer.Context,
    ref: RefArgument,
    cooperation: Annotated[
        Optional[rules.Cooperation],
        typer.Option(
            metavar="LEVEL", case_sensitive=False,
            help=_("Cooperation towards an own home: {choices}.").format(choices=choices(rules.Cooperation)),
        ),
    ] = None,
    note: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("What was discussed or agreed."))] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", help=_("Ask for the cooperation and the note."))
    ] = False,
    json_output: JsonOption = False,
) -> None:
    if interactive:
        from ..interactive import evaluation as ask_evaluation

        cooperation, note = ask_evaluation(cooperation, note)
    if cooperation is None:
        raise InvalidInput("An evaluation needs --cooperation (or --interactive).")
    perform(
        ctx, lambda store, today: service.evaluate(store, today, ref, cooperation, note),
        json_output, views.evaluation, say(views.evaluated),
    )


@commands.command(help=help_of("move"))
def move(
    ctx: typer.Context,
    ref: RefArgument,
    to: Annotated[
        str,
        typer.Option(
            "--to", metavar="CODE", help=_("The free dwelling the household moves to (its code)."),
            show_default=False, autocompletion=complete_dwelling,
        ),
    ],
    reason: Annotated[
        Optional[str], typer.Option(metavar="TEXT", help=_("Why the household moves (a repair, a larger household)."))
    ] = None,
    json_output: JsonOption = False,
) -> None:
    perform(
        ctx, lambda store, today: service.move(store, today, ref, to, reason),
        json_output, views.moved, say(views.moved_sentence),
    )


@commands.command(help=help_of("release"))
def release(
    ctx: typer.Context,
    ref: RefArgument,
    destination: Annotated[
        rules.Destination,
        typer.Option(
            metavar="DEST", case_sensitive=False,
            help=_("Where the household goes: {choices}.").format(choices=choices(rules.Destination)),
        ),
    ],
    note: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("Anything worth keeping about the departure."))] = None,
    json_output: JsonOption = False,
) -> None:
    perform(
        ctx, lambda store, today: service.release(store, today, ref, destination, note),
        json_output, views.departure, say(views.released),
    )


@commands.command(help=help_of("status"))
def status(ctx: typer.Context, json_output: JsonOption = False) -> None:
    perform(ctx, service.status, json_output, warned(views.overview), warned(show_overview))


def warned(render):
    """``render``, after a line on stderr while a purge is unfinished."""

    def rendered(view: service.Overview):
        if view.compaction_pending:
            typer.echo(_("Warning: names removed by purge may still be in the database file; "
                         "run the same purge command again to finish."), err=True)
        return render(view)

    return rendered


def show_overview(view: service.Overview) -> None:
    from ..views.status_screen import print_overview  # rich: only this screen needs it

    print_overview(view)
