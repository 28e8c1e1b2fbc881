"""Simple bar charts drawn on the server as SVG (see macros/charts.html): no script, read by
a screen reader through a title and a description, and always next to a table with the same
numbers. This module only works out the geometry.

Each bar has its label written in full above it (wrapped over lines, never cut off), so the
chart is as narrow as a phone and its words stay the size of the page's text there."""

import textwrap
from dataclasses import dataclass
from decimal import Decimal

CHART_WIDTH = 320  # drawn at most this wide (portal.css), so the text is about 15 px
FONT_SIZE = 15
LINE_HEIGHT = 19
LABEL_CHARS = 34  # what fits on a line of CHART_WIDTH at FONT_SIZE, with room to spare
BAR_HEIGHT = 18
ROW_GAP = 12
VALUE_ROOM = 56  # after the longest bar, for its number


@dataclass
class Bar:
    label: str
    value: Decimal | int | None  # None: suppressed, drawn as no bar with its text
    text: str  # what is written at the end of the bar


def label_lines(label: str) -> list[str]:
    """The label over as many lines as it needs (a word longer than a line is broken)."""
    return textwrap.wrap(label, LABEL_CHARS) or [""]


def bar_layout(bars: list[Bar], target: Decimal | int | None = None) -> dict:
    """Positions for a horizontal bar chart; `target` is a dashed line (a guideline)."""
    values = [bar.value for bar in bars if bar.value is not None]
    largest = max([*values, target or 0, 1])
    scale = (CHART_WIDTH - VALUE_ROOM) / float(largest)
    rows, y = [], 0
    for bar in bars:
        lines = label_lines(bar.label)
        bar_y = y + len(lines) * LINE_HEIGHT + 4
        rows.append(
            {
                "lines": [
                    (line, y + (index + 1) * LINE_HEIGHT - 4) for index, line in enumerate(lines)
                ],
                "bar_y": bar_y,
                "width": round(float(bar.value or 0) * scale, 1),
                "bar": bar,
            }
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    return {
        "rows": rows,
        "height": max(y - ROW_GAP + 2, BAR_HEIGHT),
        "width": CHART_WIDTH,
        "font_size": FONT_SIZE,
        "bar_height": BAR_HEIGHT,
        "target_x": None if target is None else round(float(target) * scale, 1),
    }
