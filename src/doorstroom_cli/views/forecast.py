"""What ``forecast`` shows: the JSON document (no names), and the same in a
coordinator's words, with the names ``status`` shows beside the ids."""

from __future__ import annotations

import textwrap
from datetime import date

from ..core.dates import dutch
from ..core.errors import N_
from ..i18n import _, ngettext, number
from .figures import percent

from .words import MONTHS


# -- JSON ------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _spread(spread) -> dict:
    return {"p10": _iso(spread.p10), "median": _iso(spread.median), "p90": _iso(spread.p90)}


def pool_document(outcome) -> dict:
    return {
        "dwellings": outcome.dwellings,
        "mean_wait_days": outcome.mean_wait_days,
        "median_wait_days": outcome.median_wait_days,
        "share_waiting_over_14_days": outcome.share_waiting_over_14_days,
        "occupancy": outcome.occupancy,
    }


def document(outlook) -> dict:
    """The issue's shape exactly; households by id, never by name."""
    result = outlook.forecast
    return {
        "today": result.today.isoformat(),
        "runs": result.runs,
        "basis": {
            "completed_stays": result.completed_stays,
            "source": result.source,
            "arrivals_per_month": result.arrivals_per_month,
        },
        "waitlist": [
            {"household": p.household, "rank": p.rank, "placement": _spread(p.placement)} for p in result.waitlist
        ],
        "residents": [
            {"household": r.household, "dwelling": r.dwelling, "leaves": _spread(r.leaves),
             "still_there_at_six_weeks": r.still_there_at_six_weeks}
            for r in result.residents
        ],
        "pool": [pool_document(outcome) for outcome in outlook.pool],
    }


def backtest_document(result) -> dict:
    return {
        "from": result.first.isoformat(),
        "to": result.last.isoformat(),
        "runs": result.runs,
        "forecasts": result.forecasts,
        "households": result.households,
        "inside_interval": result.inside_interval,
        "median_error_days": result.median_error_days,
        "unresolved": result.unresolved,
    }


# -- Words -------------------------------------------------------------------------


def _month(day: date) -> str:
    return _(MONTHS[day.month - 1])


def day_words(day: date, today: date) -> str:
    """'12 March' (Dutch '12 maart'), with the year when it is not this year's."""
    text = _("{day} {month}").format(day=day.day, month=_month(day))
    text = text if day.year == today.year else f"{text} {day.year}"
    return text.replace(" ", KEEP)  # a date is never broken over two lines


def span_words(first: date, last: date, today: date) -> str:
    """'between 2 and 30 March', 'between 28 February and 30 March'."""
    if (first.year, first.month) == (last.year, last.month):
        return _("between {first} and {last}").format(first=f"{first.day}", last=day_words(last, today))
    return _("between {first} and {last}").format(first=day_words(first, today), last=day_words(last, today))


def expected(spread, today: date) -> str:
    """'expected around 12 March (between 2 and 30 March)'."""
    if spread.median is None:
        return _("not expected within a year")
    around = day_words(spread.median, today)
    if spread.p90 is None:
        return _("expected around {day} (from {first}; it may take more than a year)").format(
            day=around, first=day_words(spread.p10, today)
        )
    if spread.p10 == spread.p90:
        return _("expected on {day}").format(day=around)
    return _("expected around {day} ({span})").format(day=around, span=span_words(spread.p10, spread.p90, today))


def _who(household, names: dict) -> str:
    name = names.get(household)
    if name:
        return _("Household {household} ({name})").format(household=household, name=name)
    return _("Household {household}").format(household=household)


def basis_lines(result) -> list[str]:
    lines = [
        _("Forecast of {day}, from {runs} simulated runs.").format(
            day=dutch(result.today), runs=number(result.runs)
        )
    ]
    if result.source == "prior":
        lines.append(_(
            "Fewer than 10 stays have ended ({count}), so the lengths of stay follow the scheme's published "
            "shape: 10 to 136 days, about 70 on average."
        ).format(count=result.completed_stays))
    else:
        lines.append(ngettext("The lengths of stay are drawn from the {count} stay that has ended.",
                              "The lengths of stay are drawn from the {count} stays that have ended.",
                              result.completed_stays).format(count=result.completed_stays))
    if not result.arrivals_per_month:
        lines.append(_("Nobody registered in the last 12 months, so the forecast expects no newcomers."))
    else:
        lines.append(_(
            "The forecast includes newcomers: {rate} registrations a month, with the urgency and size of the "
            "last 12 months' registrations; a more urgent newcomer goes first."
        ).format(rate=number(result.arrivals_per_month, 1)))
    return lines


def pool_line(outcome) -> str:
    if outcome.mean_wait_days is None:
        return ngettext("{dwellings} dwelling: no registrations in the last 12 months to replay.",
                        "{dwellings} dwellings: no registrations in the last 12 months to replay.",
                        outcome.dwellings).format(dwellings=outcome.dwellings)
    return ngettext(
        "{dwellings} dwelling: mean wait {mean} days, median {median}; {long} wait more than 14 days; "
        "occupancy {occupancy}.",
        "{dwellings} dwellings: mean wait {mean} days, median {median}; {long} wait more than 14 days; "
        "occupancy {occupancy}.",
        outcome.dwellings,
    ).format(
        dwellings=outcome.dwellings, mean=number(outcome.mean_wait_days, 1),
        median=number(outcome.median_wait_days, 0 if float(outcome.median_wait_days).is_integer() else 1),
        long=percent(outcome.share_waiting_over_14_days), occupancy=percent(outcome.occupancy),
    )


WIDTH = 80
KEEP = "\u00a0"
"""Joins the words of a date while lines are wrapped; a space once wrapped."""


def _wrapped(text: str, indent: str = "", hanging: int = 0) -> list[str]:
    """A sentence in lines of at most WIDTH characters; the lines after the
    first are indented ``hanging`` more."""
    wrapped = textwrap.wrap(text, WIDTH, initial_indent=indent, subsequent_indent=indent + " " * hanging,
                            break_on_hyphens=False)
    return [line.replace(KEEP, " ") for line in wrapped] or [""]


def lines(outlook) -> list[str]:
    """The forecast in a coordinator's words, at most WIDTH characters a line."""
    result, names = outlook.forecast, outlook.names
    today = result.today
    out = [line for sentence in basis_lines(result) for line in _wrapped(sentence)]
    out += ["", _("Waitlist (in rank order): when each household is placed")]
    if not result.waitlist:
        out.append("  " + _("Nobody is waiting."))
    for placement in result.waitlist:
        text = f"{placement.rank}. " + _("{who}: {expected}").format(
            who=_who(placement.household, names), expected=expected(placement.placement, today)
        )
        out += _wrapped(text, "  ", len(str(placement.rank)) + 2)
    out += ["", _("Residents: when each leaves")]
    if not result.residents:
        out.append("  " + _("Nobody lives in the dwellings."))
    for resident in result.residents:
        text = f"{resident.dwelling} " + _(
            "{who}: {expected}; chance of still being there at six weeks: {chance}"
        ).format(
            who=_who(resident.household, names), expected=expected(resident.leaves, today),
            chance=percent(resident.still_there_at_six_weeks),
        )
        out += _wrapped(text, "  ", len(resident.dwelling) + 1)
    out += ["", _("The pool: the last 12 months' registrations replayed")]
    for outcome in outlook.pool:
        out += _wrapped(pool_line(outcome), "  ", 2)
    return out


def backtest_lines(result) -> list[str]:
    period = _("{first} to {last}").format(first=dutch(result.first), last=dutch(result.last))
    if not result.forecasts:
        sentences = [_("Backtest {period}: nobody who waited then has been placed since; nothing to compare.").format(
            period=period
        )]
    else:
        sentences = [
            ngettext("Backtest {period}: {forecasts} forecast (a household on a day) of {households} households that "
                     "were placed later, each from only what was known that day ({runs} runs a day).",
                     "Backtest {period}: {forecasts} forecasts (a household on a day) of {households} households that "
                     "were placed later, each from only what was known that day ({runs} runs a day).",
                     result.forecasts).format(
                period=period, forecasts=number(result.forecasts), households=result.households,
                runs=number(result.runs),
            ),
            _("{share} of the actual placements fell inside the 80% interval; the median error was {error} "
              "days.").format(
                share=percent(result.inside_interval),
                error=number(result.median_error_days, 0 if float(result.median_error_days).is_integer() else 1),
            ),
        ]
    if result.unresolved:
        sentences.append(ngettext("{count} forecast of a household that was withdrawn or still waits is not counted.",
                                  "{count} forecasts of households that were withdrawn or still wait are not counted.",
                                  result.unresolved).format(count=number(result.unresolved)))
    return [line for sentence in sentences for line in _wrapped(sentence)]
