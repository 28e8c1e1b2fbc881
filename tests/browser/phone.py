"""What a person on a phone notices, as assertions for the browser journeys.

After every submit the confirmation (or the first error) must be where the person looks,
inside the window, and no part of a staff page may hide in a box that scrolls sideways.
"""

from playwright.sync_api import Locator, Page

# A confirmation counts as seen when this much of it is inside the window (a tall error
# summary may run past the bottom edge; its heading and first line are what is read first).
VISIBLE_PIXELS = 24

# Elements whose content scrolls sideways, with what they hold (their first words), as the
# browser lays them out: a table wider than its box, a wide pre, anything with overflow-x.
_SIDEWAYS = """
() => {
  const found = [];
  const pageWidth = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > pageWidth + 1) {
    const wide = document.documentElement.scrollWidth;
    found.push("the page itself: " + wide + " px wide in " + pageWidth);
  }
  for (const element of document.querySelectorAll("main *")) {
    // Visually hidden text (1 x 1 px, for screen readers) is never seen, so never scrolled.
    if (element.clientWidth <= 1 && element.clientHeight <= 1) continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      const style = getComputedStyle(element);
      if (["auto", "scroll", "hidden"].includes(style.overflowX) && style.display !== "inline") {
        const words = (element.innerText || "").trim().split(/\\s+/).slice(0, 6).join(" ");
        found.push(element.tagName.toLowerCase() + "." + element.className + ": " +
          element.scrollWidth + " px in " + element.clientWidth + " (" + words + ")");
      }
    }
  }
  return found;
}
"""


def in_viewport(locator: Locator) -> bool:
    """Whether enough of the element is inside the window to be seen without scrolling."""
    box = locator.bounding_box()
    if box is None:
        return False
    viewport = locator.page.viewport_size
    top = max(box["y"], 0)
    bottom = min(box["y"] + box["height"], viewport["height"])
    return bottom - top >= min(VISIBLE_PIXELS, box["height"])


def assert_in_viewport(locator: Locator, what: str = "the confirmation") -> None:
    """Fail unless the (first) element is visible inside the window, as the person stands."""
    first = locator.first
    first.wait_for(state="visible")
    box = first.bounding_box()
    scroll = first.page.evaluate("() => window.scrollY")
    assert in_viewport(first), (
        f"{what} is out of sight: its box is {box} with the page scrolled to {scroll} px "
        f"in a window of {first.page.viewport_size}"
    )


def confirmation(page: Page) -> Locator:
    """The status message the portal shows after a save (the flash region's notice)."""
    return page.locator("#flash .notice")


def first_error(page: Page) -> Locator:
    """The error summary a page shows when a form comes back with errors."""
    return page.locator("main .error-summary")


def sideways_boxes(page: Page) -> list[str]:
    """Every element of the main content that scrolls sideways (empty when the page reflows)."""
    return page.evaluate(_SIDEWAYS)
