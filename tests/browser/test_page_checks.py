"""The page checks themselves (tests/browser/helpers.py) find what they are there to find: a
check that passed every page because it never ran would hide every later mistake."""

import pytest

from tests.browser.helpers import axe_check, shown_page_problems

pytestmark = pytest.mark.browser

BROKEN_PAGE = """<!doctype html><html lang="sv"><head><title>Broken</title></head><body>
<main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><button></button>
<div style="width: 360px">A box wider than a 320 px screen</div></main></body></html>"""


def test_axe_reports_the_language_and_the_violations_of_a_broken_page(page, axe_source):
    page.set_content(BROKEN_PAGE)
    lang, violations = axe_check(page, axe_source)
    assert lang == "sv"
    found = {violation.split(" ")[0] for violation in violations}
    assert {"image-alt", "button-name"} <= found
    # Run again on the same document: axe is already there and still runs.
    assert axe_check(page, axe_source)[1] == violations


def test_a_page_check_names_the_wrong_language_violations_and_overflow(page, axe_source):
    page.set_content(BROKEN_PAGE)
    problems = shown_page_problems(page, "/broken", "da", axe_source)
    assert "/broken: <html lang=sv>, expected da" in problems
    assert any(problem.startswith("/broken: image-alt") for problem in problems)
    assert "/broken: 48 px wider than a 320 px screen" in problems  # 360 px and body's margin
