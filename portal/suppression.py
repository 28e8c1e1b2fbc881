"""Small-group suppression for every figure shown to staff or exported: a figure from fewer
than MIN_GROUP people is hidden, and when the hidden parts of a total hold fewer than
MIN_GROUP between them, the smallest shown parts are hidden too, so no hidden figure can be
worked out by subtracting the shown ones from the total."""

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
