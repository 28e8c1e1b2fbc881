"""How a number becomes a score of 1 to 5, and how a total becomes a level.

An item measured from the records has bands: the number needed for a 5, a 4, a 3 and a 2;
anything else scores 1. The bands are the scale's own where
it counts (caseloads, days, shares of jobs), and written next to each item in
portal.fidelity.items with their source.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.core.suppression import MIN_GROUP

# The levels of the IPS-25 total (25 to 125), highest first: (lowest total, key, name).
LEVELS = (
    (115, "exemplary", _l("Exemplary fidelity")),
    (100, "good", _l("Good fidelity")),
    (74, "fair", _l("Fair fidelity")),
    (25, "not_ips", _l("Not IPS")),
)


def level_of(total: int) -> tuple[str, str]:
    """The level a total gives: its key (for files) and its name."""
    for lowest, key, name in LEVELS:
        if total >= lowest:
            return key, str(name)
    return LEVELS[-1][1], str(LEVELS[-1][2])


@dataclass
class Measured:
    """What a measure finds: the number its bands score, the size of the group it rests on
    (participants, jobs or contacts) and the counts behind it."""

    value: Decimal | None
    n: int
    numbers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Bands:
    """The least (or, with `lower_is_better`, the most) a number may be for a 5, 4, 3 and 2."""

    five: float
    four: float
    three: float
    two: float
    lower_is_better: bool = False

    def score(self, value: Decimal | float) -> int:
        for score, edge in ((5, self.five), (4, self.four), (3, self.three), (2, self.two)):
            if (value <= edge) if self.lower_is_better else (value >= edge):
                return score
        return 1


# The scale's bands for shares of jobs (V8, V9) and a reading of "most, about half, few"
# as shares where an anchor describes practice in words (see each item's `reading`).
SHARE_OF_JOBS = Bands(85, 70, 60, 50)
SHARE_IN_WORDS = Bands(90, 75, 50, 25)


def too_few(n: int) -> bool:
    """An item resting on fewer than MIN_GROUP participants or jobs is not scored: a score
    would tell the range its few people fall in."""
    return n < MIN_GROUP


MANUAL = (
    "Becker, Swanson, Reese, Bond & McLeman: Supported Employment Fidelity Review Manual, "
    "4th edition, IPS Employment Center, 2019"
)
SCALE_TEXT = (
    "Supported Employment Fidelity Scale (IPS-25), 2008 revision, as printed in the Centre "
    "for Mental Health's UK version and the Japanese JiSEF"
)

STAFFING, ORGANISATION, SERVICES = "staffing", "organisation", "services"
GROUPS = {
    STAFFING: _l("Staffing"),
    ORGANISATION: _l("Organisation"),
    SERVICES: _l("Services"),
}


@dataclass(frozen=True)
class Item:
    key: str
    group: str
    name: object  # a lazy string
    anchors: tuple  # the words for a score of 1, 2, 3, 4 and 5
    checked: bool = False
    # Measured from the records: the number (portal.fidelity.measures) and its bands. None:
    # the reviewer scores the item, with a note.
    measure: str | None = None
    bands: Bands | None = None
    reading: object = None  # how the portal reads the records, where the anchors use words
    # Scored by the reviewer, but the records show part of it: the counts (EVIDENCE in
    # portal.fidelity.measures) are shown beside the reviewer's form and kept with the score.
    evidence: str | None = None

    @property
    def source(self) -> str:
        return SCALE_TEXT if self.checked else MANUAL
