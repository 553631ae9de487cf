"""The policy of the doorstroomwoningen, as pure functions.

A doorstroomwoning is an ordinary dwelling where a household without a home
may stay for six weeks, extended tacitly a week at a time while it cooperates
towards a home of its own. This package is that policy and nothing else:
dates and plain values in, decisions out. It reads no clock, no database and
no command line, so every rule can be tested with a few literals.

The rules (R1-R8 of the domain brief, docs/domain.md):

R1  A fixed pool of dwellings, some temporarily out of use; one household
    per dwelling at a time. A household may move to another free dwelling
    that fits it; its stay goes on.                 -> Pool, Dwelling, move
R2  A stay lasts six weeks: end = start + 42 days.  -> Stay.end
R3  When the end arrives and nobody objected, the stay is extended by one
    week, again and again.                          -> plan_extensions
R4  An evaluation that finds cooperation insufficient stops that; a later
    evaluation restores it; the coordinator may always extend by hand.
                                                    -> evaluate, extend_by_hand
R5  Highest urgency first, then who registered first; a household that does
    not fit a free dwelling does not block the next one that does; a
    dwelling that is the only one of the pool a waiting household fits is
    kept for it; placing out of order needs a recorded reason.
                            -> claimant, only_fit, admit, place_next, place_chosen
    Among the dwellings a household has the first claim on and fits, one in
    its own wijk comes first, then the smallest; the wijk never decides who
    is placed.                                      -> best_fit (wijk)
R6  Intake records the more expensive alternative the stay avoids.
                                                    -> Alternative
R7  Intake records the agreements on the resident's own effort (stored as
    text with the application; no rule acts on it).
R8  One open application or stay per household; a later re-admission is a
    new application. A household is found again by its name key, which
    folds case, width and diacritics.    -> returning_household (names), check_application

Refusals are raised as ``errors.Refused``/``NotFound``/``InvalidInput`` with
a sentence for the coordinator.

The policy is split by topic: ``terms`` (every tunable term and limit, the
vocabulary), ``pool`` (the state and R1-R2), ``names`` (the name key, R8),
``wijk`` (the household's own wijk), ``intake`` (R5-R8), ``stays`` (R3-R4, moves, departure, alerts), ``undo``
(which change undo takes back, and what stands on it), ``outflow`` (the
steps of the route to a home of one's own, issue 14) and ``aftercare``
(the follow-ups after a departure and their alerts). Callers use it as
one namespace, ``rules.X``.
"""

from .terms import *  # noqa: F401,F403
from .pool import *  # noqa: F401,F403
from .names import *  # noqa: F401,F403
from .wijk import *  # noqa: F401,F403
from .intake import *  # noqa: F401,F403
from .stays import *  # noqa: F401,F403
from .undo import *  # noqa: F401,F403
from .outflow import *  # noqa: F401,F403
from .aftercare import *  # noqa: F401,F403
