"""The simulation's numbers for one seed are pinned, so a change made for
speed shows whether it changed what is computed; and the pieces the fast
loop rests on are checked on their own: runs in blocks with seeds of their
own (the same output however the blocks are run), places in the queue as
small integers in rank order, and a spread over runs that did not all
record a day.

The numbers were renewed once on purpose, when the runs came in blocks of
their own seed (so that they can run on several cores, docs/performance.md):
block 0 draws from Random(seed x 2**20), which the loop before it gave for
that seed; the 1,200 runs here are three blocks."""

from __future__ import annotations

import random
from datetime import date, timedelta

from doorstroom_cli.core import simulation, whatif
from doorstroom_cli.core.forecast import (
    Arrival, Resident, Situation, Spread, Unit, Waiting, forecast, spread,
)
from doorstroom_cli.core.simulation import queue_places
from doorstroom_cli.parallel import share_out

TODAY = date(2026, 11, 23)


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def busy_pool() -> Situation:
    """Six dwellings (one out of use for two weeks), six residents (one no
    longer extended), twelve waiting, 31 completed stays, 50 registrations."""
    rng = random.Random(16)
    units = (Unit("W1", 2), Unit("W2", 4), Unit("W3", 4, ((day(30), day(44)),)), Unit("W4", 5), Unit("W5", 6),
             Unit("W6", 3))
    residents = tuple(Resident(n, f"W{n}", day(-9 * n), day(-9 * n + 42 + 7 * ((9 * n) // 42)), n != 4)
                      for n in range(1, 7))
    waiting = tuple(Waiting(10 + n, 5 - n // 3, 1 + n % 4) for n in range(12))
    completed = tuple(rng.randint(20, 110) for _ in range(31))
    arrivals = tuple(Arrival(day(-7 * n), 1 + n % 5, 1 + n % 4) for n in range(50))
    return Situation(TODAY, units, residents, waiting, completed, arrivals)


def iso(spread_: Spread) -> tuple:
    return tuple(None if d is None else d.isoformat() for d in (spread_.p10, spread_.median, spread_.p90))


def test_the_forecast_of_a_busy_pool_under_seed_11_is_the_one_its_blocks_give():
    result = forecast(busy_pool(), runs=1200, seed=11)
    assert [iso(p.placement) for p in result.waitlist] == [
        ("2026-11-25", "2026-11-29", "2026-11-29"), ("2026-11-28", "2026-12-01", "2026-12-20"),
        ("2026-12-01", "2026-12-19", "2027-01-07"), ("2026-12-20", "2027-01-17", "2027-03-07"),
        ("2026-12-19", "2027-01-12", "2027-02-21"), ("2027-01-08", "2027-02-04", "2027-03-15"),
        ("2027-02-09", "2027-04-23", "2027-09-24"), ("2027-03-07", "2027-06-13", None),
        ("2027-02-19", "2027-04-26", "2027-09-30"), ("2027-05-21", None, None),
        ("2027-08-12", None, None), ("2027-10-22", None, None),
    ]
    assert [(iso(r.leaves), r.still_there_at_six_weeks) for r in result.residents] == [
        (("2026-12-06", "2027-01-12", "2027-02-23"), 0.8), (("2026-11-27", "2027-01-03", "2027-02-17"), 0.8183333333333334),
        (("2026-12-14", "2027-01-01", "2027-02-08"), 0.9308333333333333), (("2026-11-29", "2026-11-29", "2026-11-29"), 0.0),
        (("2026-11-27", "2026-12-20", "2027-01-21"), 1.0), (("2026-11-26", "2026-12-19", "2027-01-13"), 1.0),
    ]


def test_the_what_if_of_a_busy_pool_under_seed_11_is_the_one_its_blocks_give():
    situation = busy_pool()
    lengths = tuple(sorted(situation.completed))
    six, eight = (whatif.replay(situation.arrivals, TODAY, lengths, whatif.sizes_like([2, 4, 4, 5, 6, 3], size),
                                runs=30, seed=11) for size in (6, 8))  # two blocks: 25 and 5
    assert six == whatif.PoolOutcome(6, 289.41333333333336, 46.0, 0.6986666666666667, 1.0)
    assert eight == whatif.PoolOutcome(8, 81.28066666666666, 14.0, 0.492, 0.9979794520547945)


def test_runs_come_in_blocks_each_with_a_seed_of_its_own():
    assert simulation.blocks(1200, 500, 11) == [(500, 11 << 20), (500, (11 << 20) + 1), (200, (11 << 20) + 2)]
    assert simulation.blocks(500, 500, 0) == [(500, 0)]
    # No two seeds share a generator, however many blocks (runs are at most 100,000).
    seeds = [seed for s in range(4) for _runs, seed in simulation.blocks(100_000, 25, s)]
    assert len(set(seeds)) == len(seeds)


def backwards(function, items):
    """Blocks run last to first (as cores may finish them), the results put back in order."""
    return [function(item) for item in items[::-1]][::-1]


def test_the_same_seed_gives_the_same_forecast_however_its_blocks_are_run():
    situation = busy_pool()
    lengths = tuple(sorted(situation.completed))
    assert forecast(situation, 1200, 5, backwards) == forecast(situation, 1200, 5) == forecast(
        situation, 1200, 5, share_out)
    replays = [whatif.replay(situation.arrivals, TODAY, lengths, [2, 4, 4, 5, 6, 3], 60, 5, way)
               for way in (simulation.in_turn, backwards, share_out)]
    assert replays[0] == replays[1] == replays[2]


def test_places_in_the_queue_are_small_integers_in_rank_order():
    waiting = [Waiting(1, 5, 2), Waiting(2, 5, 9), Waiting(3, 3, 1), Waiting(4, 1, 4)]
    mix = [(5, 1), (3, 6), (2, 2)]
    places, kinds, (persons_bits, order_bits) = queue_places(waiting, mix, [2, 4, 6], len(mix))
    persons = (1 << persons_bits) - 1
    assert [place & persons for place in places] == [2, 7, 1, 4]  # 9 persons fit nowhere: one more than 6
    assert places == sorted(places)  # the waitlist is in rank order already
    # A newcomer (its order after everyone waiting today) ranks after those of its urgency, before the less urgent.
    newcomer = kinds[0] | (len(waiting) << persons_bits)
    assert sorted(places + [newcomer]) == places[:2] + [newcomer] + places[2:]
    assert max(places + kinds) < 2**30 and order_bits >= 20


def test_a_spread_over_runs_that_did_not_all_place_counts_the_missing_ones_as_later_than_the_horizon():
    never = day(366).toordinal()
    days = [day(9).toordinal(), day(3).toordinal()]
    assert spread(list(days), never, runs=2) == Spread(day(3), day(3), day(9))
    # Ten runs, two placed: p10 is the second placement, the median and p90 lie beyond the horizon.
    assert spread(list(days), never, runs=10) == Spread(day(9), None, None)
    assert spread(list(days), never, runs=20) == Spread(None, None, None)
