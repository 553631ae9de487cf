"""The forecast with plain values: known answers for degenerate histories,
determinism, the prior, newcomers, periods out of use, and the pool what-if."""

from __future__ import annotations

import random
from datetime import date, timedelta
from statistics import mean

import pytest

from doorstroom_cli.core import backtest, whatif
from doorstroom_cli.core.forecast import (
    PRIOR_STAYS, Arrival, Resident, Situation, Spread, Unit, Waiting, forecast,
)

TODAY = date(2026, 11, 23)
FIFTY = (50,) * 12  # every completed stay lasted exactly 50 days


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def resident(household: int, dwelling: str, stayed: int, extendable: bool = True) -> Resident:
    start = day(-stayed)
    return Resident(household, dwelling, start, start + timedelta(days=42 + 7 * max(0, (stayed - 42) // 7 + 1)),
                    extendable)


def exactly(offset: int) -> Spread:
    return Spread(day(offset), day(offset), day(offset))


def test_every_stay_fifty_days_a_resident_of_ten_days_leaves_on_day_fifty_and_the_first_that_fits_moves_in():
    situation = Situation(
        TODAY,
        (Unit("W1", 2), Unit("W2", 6)),
        (resident(1, "W1", 10), resident(2, "W2", 30)),
        (Waiting(3, 5, 4), Waiting(4, 3, 2)),  # 3 ranks first but fits W2 only
        FIFTY,
        (),
    )
    result = forecast(situation, runs=200, seed=7)
    assert result.source == "history" and result.completed_stays == 12
    leaves = {r.household: r for r in result.residents}
    assert leaves[1].leaves == exactly(40)  # day 50 of the stay
    assert leaves[2].leaves == exactly(20)
    assert leaves[1].still_there_at_six_weeks == leaves[2].still_there_at_six_weeks == 1.0
    # W2 frees first (in 20 days): household 3 fits it and ranks first.
    # W1 frees in 40 days: household 4 fits it.
    assert [(p.household, p.rank, p.placement) for p in result.waitlist] == [
        (3, 1, exactly(20)), (4, 2, exactly(40)),
    ]


def test_the_first_waiting_household_that_fits_is_placed_and_a_larger_one_waits_for_its_dwelling():
    situation = Situation(
        TODAY, (Unit("W1", 2), Unit("W2", 6)),
        (resident(1, "W1", 10), resident(2, "W2", 30)),
        (Waiting(3, 5, 6), Waiting(4, 1, 2)),
        FIFTY, (),
    )
    placed = {p.household: p.placement for p in forecast(situation, runs=50).waitlist}
    assert placed == {3: exactly(20), 4: exactly(40)}  # 6 persons fit W2 only; 4 does not wait for W2


def test_a_resident_who_reached_the_length_of_every_stay_leaves_today_and_a_free_dwelling_is_taken_today():
    situation = Situation(
        TODAY, (Unit("W1", 4), Unit("W2", 4)), (resident(1, "W1", 50),),
        (Waiting(2, 3, 1), Waiting(3, 3, 1)), FIFTY, (),
    )
    result = forecast(situation, runs=20)
    assert result.residents[0].leaves == exactly(0)
    assert [p.placement for p in result.waitlist] == [exactly(0), exactly(0)]


def test_a_stay_no_longer_extended_ends_by_its_planned_departure():
    stayed = resident(1, "W1", 10, extendable=False)  # planned departure on day 42 of the stay
    situation = Situation(TODAY, (Unit("W1", 4),), (stayed,), (Waiting(2, 3, 1),), FIFTY, ())
    result = forecast(situation, runs=20)
    assert result.residents[0].leaves == exactly(32)
    assert result.residents[0].still_there_at_six_weeks == 0.0
    assert result.waitlist[0].placement == exactly(32)


def test_a_dwelling_is_not_offered_in_its_period_out_of_use():
    closed = Unit("W1", 4, ((day(35), day(60)),))
    situation = Situation(TODAY, (closed,), (resident(1, "W1", 10),), (Waiting(2, 3, 1),), FIFTY, ())
    assert forecast(situation, runs=20).waitlist[0].placement == exactly(61)
    for_good = Unit("W1", 4, ((day(35), None),))
    situation = Situation(TODAY, (for_good,), (resident(1, "W1", 10),), (Waiting(2, 3, 1),), FIFTY, ())
    assert forecast(situation, runs=20).waitlist[0].placement == Spread(None, None, None)


def test_a_household_larger_than_every_dwelling_gets_no_date():
    situation = Situation(TODAY, (Unit("W1", 2),), (), (Waiting(1, 5, 3), Waiting(2, 1, 2)), FIFTY, ())
    result = forecast(situation, runs=20)
    assert [p.placement for p in result.waitlist] == [Spread(None, None, None), exactly(0)]


def test_more_urgent_newcomers_delay_a_waiting_household_and_less_urgent_ones_do_not():
    base = dict(today=TODAY, dwellings=(Unit("W1", 4),), residents=(resident(1, "W1", 10),),
                waiting=(Waiting(2, 3, 1),), completed=FIFTY)
    calm = forecast(Situation(**base, arrivals=()), runs=300, seed=3)
    urgent = tuple(Arrival(day(-45 * n), 5, 1) for n in range(8))
    later = tuple(Arrival(day(-45 * n), 3, 1) for n in range(8))  # as urgent: they rank after
    assert forecast(Situation(**base, arrivals=later), runs=300, seed=3).waitlist == calm.waitlist
    delayed = forecast(Situation(**base, arrivals=urgent), runs=300, seed=3)
    assert calm.waitlist[0].placement == exactly(40)
    assert delayed.waitlist[0].placement.median > day(40)
    assert delayed.waitlist[0].placement.p10 == day(40)  # in some runs nobody came first
    assert delayed.arrivals_per_month == pytest.approx(8 / 12)


def test_the_same_seed_gives_the_same_forecast():
    rng = random.Random(5)
    situation = Situation(
        TODAY, tuple(Unit(f"W{n}", c) for n, c in enumerate([3, 4, 5, 6, 4, 3], 1)),
        tuple(resident(n, f"W{n}", 7 * n) for n in range(1, 7)),
        tuple(Waiting(10 + n, 5 - n % 5, 1 + n % 4) for n in range(6)),
        tuple(rng.randint(10, 136) for _ in range(40)),
        tuple(Arrival(day(-9 * n), 1 + n % 5, 1 + n % 3) for n in range(40)),
    )
    first, again = forecast(situation, runs=500, seed=11), forecast(situation, runs=500, seed=11)
    assert first == again
    assert forecast(situation, runs=500, seed=12) != first
    never = date.max  # a date beyond the horizon (None) comes after every date
    for placement in first.waitlist:
        spread = placement.placement
        assert (spread.p10 or never) <= (spread.median or never) <= (spread.p90 or never)
    assert first.waitlist[0].placement.p90 is not None


def test_too_little_history_uses_the_published_shape():
    assert min(PRIOR_STAYS) == 10 and max(PRIOR_STAYS) == 136
    assert mean(PRIOR_STAYS) == pytest.approx(70, abs=1)
    situation = Situation(TODAY, (Unit("W1", 4),), (resident(1, "W1", 10),), (), (50,) * 9, ())
    result = forecast(situation, runs=2000)
    assert result.source == "prior" and result.completed_stays == 9
    leaves = result.residents[0].leaves
    assert day(0) <= leaves.p10 < leaves.median < leaves.p90 <= day(126)


# -- The pool what-if --------------------------------------------------------------


def test_pool_sizes_are_like_todays_pool():
    assert whatif.sizes_like([3, 4, 5, 6, 4, 3], 6) == [3, 4, 5, 6, 4, 3]
    assert whatif.sizes_like([3, 4, 5, 6, 4, 3], 8) == [3, 4, 5, 6, 4, 3, 3, 4]
    assert whatif.sizes_like([3, 4, 5, 6, 4, 3], 3) == [3, 4, 5]
    assert whatif.sizes_like([], 4) == []


def test_the_what_if_replays_a_known_year():
    # One dwelling, stays of exactly 50 days, an arrival every 25 days: every
    # second household waits 25 days, and the dwelling is always occupied.
    arrivals = [Arrival(TODAY - timedelta(days=364 - 25 * n), 3, 1) for n in range(15)]
    outcome = whatif.replay(arrivals, TODAY, (50,), [4], runs=3)
    assert outcome.dwellings == 1
    assert outcome.occupancy == pytest.approx(1.0)
    assert outcome.share_waiting_over_14_days > 0.5
    roomy = whatif.replay(arrivals, TODAY, (50,), [4, 4, 4], runs=3)
    assert (roomy.mean_wait_days, roomy.median_wait_days, roomy.share_waiting_over_14_days) == (0.0, 0.0, 0.0)
    assert roomy.occupancy == pytest.approx(15 * 50 / (3 * 365), abs=0.03)
    assert whatif.replay([], TODAY, (50,), [4], runs=3).mean_wait_days is None


@pytest.mark.parametrize("seed", range(12))
def test_a_larger_pool_never_gives_a_longer_mean_wait_under_the_same_seed(seed):
    rng = random.Random(seed)
    lengths = tuple(sorted(rng.randint(10, 136) for _ in range(40)))
    arrivals = [
        Arrival(TODAY - timedelta(days=rng.randint(0, 364)), rng.randint(1, 5), rng.randint(1, 4))
        for _ in range(rng.randint(20, 60))
    ]
    capacities = [rng.choice([3, 4, 5, 6]) for _ in range(6)]
    waits = [
        whatif.replay(arrivals, TODAY, lengths, whatif.sizes_like(capacities, size), runs=40, seed=seed).mean_wait_days
        for size in range(4, 13)
    ]
    assert waits == sorted(waits, reverse=True), waits


# -- The backtest -----------------------------------------------------------------


def test_the_backtest_scores_a_known_history():
    # One dwelling, stays of 50 days: the forecast is exact once 10 stays are known.
    records, start = [], date(2024, 1, 1)
    for number in range(14):
        begun = start + timedelta(days=50 * number)
        records.append(backtest.Record(number + 1, number + 1, begun - timedelta(days=30), 3, 1, "W1", begun,
                                       begun + timedelta(days=50)))
    units = (Unit("W1", 4),)
    last_known = start + timedelta(days=50 * 10)  # the tenth stay ended
    result = backtest.backtest(records, units, last_known, last_known + timedelta(days=60), runs=20)
    assert result.inside_interval == 1.0 and result.median_error_days == 0
    # Household 12 registered on day 520 and waited until day 550: 30 forecasts.
    assert (result.forecasts, result.households, result.unresolved) == (30, 1, 0)
