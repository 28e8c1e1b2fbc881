"""The 25 items of the IPS fidelity scale (IPS-25), written once: name, the anchors 1 to 5,
their source, and for the items the records show, what is measured and the bands that turn
it into a score (portal.fidelity.measures computes them).

The anchors are our own short wording of the published scale. `checked` says whether their
numbers were seen in the scale's text (the 2008 revision, the Centre for Mental Health's UK
version and the Japanese JiSEF agree on them); the others are the scale as its users know
it, still to be compared with the Supported Employment Fidelity Review Manual (4th edition,
2019), which was not within reach when they were written: the review page says so beside
each of them, and the reviewer sees the numbers behind every measured score.
"""

from portal.fidelity.organisation_items import STAFFING_AND_ORGANISATION
from portal.fidelity.scales import GROUPS, Item
from portal.fidelity.service_items import SERVICE_ITEMS

ITEMS: tuple[Item, ...] = (*STAFFING_AND_ORGANISATION, *SERVICE_ITEMS)
BY_KEY = {item.key: item for item in ITEMS}
MEASURED = tuple(item for item in ITEMS if item.measure)
ENTERED = tuple(item for item in ITEMS if not item.measure)

__all__ = ["BY_KEY", "ENTERED", "GROUPS", "ITEMS", "MEASURED", "Item"]
