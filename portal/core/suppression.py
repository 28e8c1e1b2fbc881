"""Small-group suppression for every figure shown to staff or exported.

The rule (issue 18), the same for the page, its fragment, the CSV file and the feedback report:

(a) A *leaf* is the smallest piece a figure is built from: one team, one calendar month and,
    for a breakdown, one row (one reason a job ended; for feedback, one employment specialist).
    A leaf resting on 1 to 4 people (or jobs, or answers) is hidden; 0 is shown, it is no one.
(b) A figure over several leaves (a quarter, a half-year, a year; "all teams"; a total over
    its breakdown rows) is printed only when every leaf it covers is printed. So "all teams" is
    hidden whenever one team's figure is, a quarter whenever one of its months is, a total of
    endings whenever one reason is. Its group size is hidden with it: no "n = 3".

Why this is safe, across any number of downloads by the same person: every printed count is
a sum of printed leaves, and every printed average a sum and a count over printed leaves. A
hidden figure covers at least one hidden leaf (if it is itself 1 to 4, one of its leaves is).
No printed figure contains a hidden leaf, so no sum or difference of printed figures, in one
file or across teams, periods and their nesting, gives a hidden one. Figures that count a
person once per period (participants served, in a job, medians) are not sums over months,
but the same rule on their group sizes covers their exact equalities (a quarter's
participants served are its last month's). The price is that a small team sees more hidden
figures over long periods; that is the point.

`suppress` below is the complementary rule for one total and its parts when the parts have
no further nesting (a team's caseloads in the CSV file): when the hidden parts hold fewer
than MIN_GROUP between them, the smallest shown parts are hidden too.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MIN_GROUP = 5


@dataclass
class Cell:
    """How many answered (or were counted) and the sum of their values; hidden when suppressed."""

    count: int = 0
    total: int = 0
    suppressed: bool = False

    @property
    def average(self) -> Decimal | None:
        if self.suppressed or not self.count:
            return None
        return (Decimal(self.total) / self.count).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def add(self, count: int, total: int) -> None:
        self.count += count
        self.total += total


def too_small(count: int) -> bool:
    return 0 < count < MIN_GROUP


def suppress(whole: Cell, parts: list[Cell]) -> None:
    """Hide groups under MIN_GROUP, then hide more until no hidden figure can be derived."""
    whole.suppressed = too_small(whole.count)
    for cell in parts:
        cell.suppressed = cell.count > 0 and (whole.suppressed or cell.count < MIN_GROUP)
    hidden = sum(cell.count for cell in parts if cell.suppressed)
    while not whole.suppressed and 0 < hidden < MIN_GROUP:
        smallest = min((cell for cell in parts if not cell.suppressed and cell.count), key=_size)
        smallest.suppressed = True
        hidden += smallest.count


def _size(cell: Cell) -> int:
    return cell.count
