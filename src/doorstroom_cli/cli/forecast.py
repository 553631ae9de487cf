"""forecast: when the waiting households will be placed, when the residents
will leave, whether the pool is large enough; --backtest: how good that was."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .. import service
from ..core.errors import InvalidInput
from ..i18n import _
from ..service.forecast import MOST_DWELLINGS, MOST_RUNS
from .framework import App
from .registry import help_of
from .shared import FromOption, JsonOption, ToOption, day_option, perform, say

commands = App()


@commands.command(help=help_of("forecast"))
def forecast(
    ctx: typer.Context,
    runs: Annotated[
        Optional[int],
        typer.Option(
            min=1, max=MOST_RUNS, metavar="N",
            help=_("Simulated runs (default 10,000; with --backtest 500 a day), at most {most}.").format(
                most=MOST_RUNS
            ),
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int,
        typer.Option(min=0, metavar="S", help=_("Seed of the draws: the same seed gives the same forecast.")),
    ] = 1,
    dwellings: Annotated[
        Optional[int],
        typer.Option(
            min=1, max=MOST_DWELLINGS, metavar="N",
            help=_("What-if: replay the last 12 months' registrations against a pool of N dwellings as well."),
            show_default=False,
        ),
    ] = None,
    backtest: Annotated[
        bool,
        typer.Option("--backtest", help=_("Forecast each past day from what was known then and compare with what happened.")),
    ] = False,
    from_: FromOption = None,
    to: ToOption = None,
    json_output: JsonOption = False,
) -> None:
    from ..views import forecast as views

    if backtest:
        if dwellings is not None:
            raise InvalidInput("--dwellings is a what-if of the forecast; leave it out with --backtest.")
        first, last = day_option(from_, "--from"), day_option(to, "--to")
        perform(
            ctx,
            lambda store, today: service.backtest(
                store, today, first, last, runs=runs or _backtest_runs(), seed=seed
            ),
            json_output, views.backtest_document, say(views.backtest_lines),
        )
        return
    if from_ is not None or to is not None:
        raise InvalidInput("--from and --to give the period of a backtest; add --backtest.")
    perform(
        ctx,
        lambda store, today: service.forecast(store, today, runs=runs or _runs(), seed=seed, dwellings=dwellings),
        json_output, views.document, say(views.lines),
    )


def _runs() -> int:
    from ..core.forecast import RUNS

    return RUNS


def _backtest_runs() -> int:
    from ..core.backtest import RUNS

    return RUNS
