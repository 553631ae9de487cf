"""The terms a gemeente might tune, the limits on what a person can type,
and the vocabulary (slugs that are part of the command-line contract)."""

from __future__ import annotations

from datetime import timedelta
from enum import Enum

from ..dates import LATEST

# -- Terms a gemeente might tune: each is named here and nowhere else. -------

STAY_DAYS = 42
"""R2: a stay lasts at most six weeks before the first extension."""

EXTENSION_DAYS = 7
"""R3: each tacit (or hand-made) extension adds one week."""

EVALUATION_INTERVAL_DAYS = 14
"""R4: an evaluation is due this many days after the start or the last one."""

ENDS_SOON_DAYS = 7
"""The daily overview warns this many days before a stay that will not be
extended ends."""

OUTAGE_AHEAD_DAYS = 14
"""The daily overview warns this many days before a dwelling with a
resident goes out of use."""

FOLLOWUP_MONTHS = (3, 6, 12)
"""Aftercare: every departure plans a follow-up this many months after the
departure day (the same day of the month, or the month's last day when it
is shorter, as dateutil's relativedelta counts months)."""

FOLLOWUP_DUE_DAYS = 30
"""``status`` says a follow-up is due for this many days from its due day,
and overdue after that, until the next one falls due."""

FOLLOWUP_LAST_OPEN_MONTHS = 18
"""The last follow-up (after 12 months) stays open until this many months
after the departure; a follow-up not recorded while open is missed."""

URGENCY_LOWEST = 1
URGENCY_HIGHEST = 5
"""R5: urgency runs from 1 to 5; 5 is the most urgent."""

# -- Limits: no value a person types can make the tool run away. -------------

MOST_WEEKS_PER_EXTENSION = 52
"""An extension by hand adds at most a year at a time (``extend --weeks``)."""

MOST_PERSONS = 20
"""A dwelling houses at most this many persons (``dwellings set --max-persons``)."""

MOST_LOG_ENTRIES = 100_000
"""``log --limit`` shows at most this many entries."""

AGENDA_DAYS = 28
"""``agenda`` looks this many days ahead unless ``--days`` says otherwise."""

MOST_AGENDA_DAYS = 366
"""``agenda --days`` looks at most a year ahead."""

HIGHEST_ID = 2**63 - 1
"""Household ids are SQLite row ids, which never exceed this: a larger
number names no household."""

LAST_PLANNED_DEPARTURE = LATEST + timedelta(days=STAY_DAYS)
"""The latest planned departure doorstroom keeps: that of a stay begun on
the last day of the date window (2099-12-31). Tacit extensions stay before
it by themselves (they end a week after today at most); an extension by
hand that would pass it is refused."""


# -- The vocabulary: slugs are part of the command-line contract. ------------


class Alternative(str, Enum):
    """R6: the more expensive option that would otherwise be the only one."""

    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke-opvang"
    PLEEGZORG = "pleegzorg"
    CRISISOPVANG = "crisisopvang"
    ANDERS = "anders"


class Cooperation(str, Enum):
    """R4: how an evaluation judged the cooperation towards an own home."""

    VOLLEDIG = "volledig"
    GEDEELTELIJK = "gedeeltelijk"
    ONVOLDOENDE = "onvoldoende"


class Category(str, Enum):
    """Destination groups as the US HMIS standard reports them."""

    PERMANENT = "permanent"
    TEMPORARY = "temporary"
    INSTITUTIONAL = "institutional"
    OTHER = "other"


class Destination(str, Enum):
    """Where a household went (or, for a withdrawn application, is going)."""

    EIGEN_WONING = "eigen-woning"
    OMKLAPWONING = "omklapwoning"
    TERUG_NAAR_HUIS = "terug-naar-huis"
    NETWERK = "netwerk"
    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke-opvang"
    BESCHERMD_WONEN = "beschermd-wonen"
    CRISISOPVANG = "crisisopvang"
    ANDERS = "anders"
    ONBEKEND = "onbekend"

    @property
    def category(self) -> Category:
        return _DESTINATION_CATEGORY[self]


_DESTINATION_CATEGORY = {
    Destination.EIGEN_WONING: Category.PERMANENT,
    Destination.OMKLAPWONING: Category.PERMANENT,
    Destination.TERUG_NAAR_HUIS: Category.TEMPORARY,
    Destination.NETWERK: Category.TEMPORARY,
    Destination.MAATSCHAPPELIJKE_OPVANG: Category.INSTITUTIONAL,
    Destination.BESCHERMD_WONEN: Category.INSTITUTIONAL,
    Destination.CRISISOPVANG: Category.INSTITUTIONAL,
    Destination.ANDERS: Category.OTHER,
    Destination.ONBEKEND: Category.OTHER,
}


class Outcome(str, Enum):
    """Aftercare: what a follow-up found (``followup --outcome``)."""

    ZELFDE_WONING = "zelfde-woning"
    ANDERE_WONING = "andere-woning"
    BIJ_NETWERK = "bij-netwerk"
    OPVANG = "opvang"
    DAKLOOS = "dakloos"
    NIET_BEREIKT = "niet-bereikt"

    @property
    def housed(self) -> bool:
        """Still housed: in the home it moved to, or in another home."""
        return self in (Outcome.ZELFDE_WONING, Outcome.ANDERE_WONING)

    @property
    def returned(self) -> bool:
        """Homeless again: in a shelter or without a roof (a return in ``returns``)."""
        return self in (Outcome.OPVANG, Outcome.DAKLOOS)


class Method(str, Enum):
    """Aftercare: how the follow-up was made (``followup --method``)."""

    TELEFOON = "telefoon"
    BEZOEK = "bezoek"
    WIJKCOACH = "wijkcoach"
