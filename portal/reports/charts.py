"""Simple bar charts drawn on the server as SVG (see macros/charts.html): no script, read by
a screen reader through a title and a description, and always next to a table with the same
numbers. This module only works out the geometry."""

from dataclasses import dataclass
from decimal import Decimal

BAR_HEIGHT = 28
LABEL_WIDTH = 180
CHART_WIDTH = 560


@dataclass
class Bar:
    label: str
    value: Decimal | int | None  # None: suppressed, drawn as no bar with its text
    text: str  # what is written at the end of the bar


def bar_layout(bars: list[Bar], target: Decimal | int | None = None) -> dict:
    """Positions for a horizontal bar chart; `target` is a dashed line (a guideline)."""
    values = [bar.value for bar in bars if bar.value is not None]
    largest = max([*values, target or 0, 1])
    scale = (CHART_WIDTH - LABEL_WIDTH - 60) / float(largest)
    return {
        "rows": [
            {"y": index * BAR_HEIGHT, "width": round(float(bar.value or 0) * scale, 1), "bar": bar}
            for index, bar in enumerate(bars)
        ],
        "height": max(len(bars), 1) * BAR_HEIGHT + 8,
        "width": CHART_WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "target_x": None if target is None else LABEL_WIDTH + round(float(target) * scale, 1),
    }
