"""The team lead's fidelity review in a real browser: on a 390 px phone Hanne opens this
year's review from the menu, scores the one item left, and sees the total and its level; the
pages pass axe-core and reflow at 320 px in each language, and last year's finished review
offers nothing to change."""

import re

import pytest
from flask_babel import force_locale

from portal.fidelity.scales import LEVELS
from tests.browser.demo import LEAD
from tests.browser.helpers import LANGUAGES, opened_page_problems, said
from tests.browser.phone import assert_in_viewport, confirmation, sideways_boxes

pytestmark = pytest.mark.browser


def review_paths(page, base_url) -> list[str]:
    page.goto(f"{base_url}/fidelity")
    return [link.get_attribute("href") for link in page.locator("main ul a").all()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_fidelity_pages_pass_axe_and_reflow_at_320_px(
    signed_in_page, base_url, axe_source, language
):
    page = signed_in_page(LEAD, language=language)
    paths = ["/fidelity", *review_paths(page, base_url)]
    assert len(paths) == 3  # the list, this year's review and last year's
    problems = [
        problem
        for path in paths
        for problem in opened_page_problems(page, base_url, path, language, axe_source)
    ]
    assert not problems, "\n".join(problems)


def test_a_lead_scores_the_last_item_on_a_phone(live_server, signed_in_page, base_url):
    page = signed_in_page(LEAD, language="da")  # 390 px wide, in Hanne's own Danish
    page.goto(f"{base_url}/")
    page.locator("nav.main-nav a[href='/fidelity']").first.click()
    open_review, finished = review_paths(page, base_url)
    page.goto(base_url + open_review)
    waiting = said(live_server, "da", "The total comes when every item has a score.")
    assert waiting in page.locator("main").inner_text()
    form = page.locator("#item-V14 form")
    form.locator("label", has_text="4").first.click()
    form.locator("textarea").fill("Forsøg på kontakt noteres; fælles hjemmebesøg med behandler.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert_in_viewport(confirmation(page))
    saved = said(live_server, "da", "The score for %(item)s is saved.", item="V14")
    assert confirmation(page).inner_text() == saved
    total = page.locator("#total-heading + p").inner_text()
    with live_server.app.app_context(), force_locale("da"):
        levels = [str(name) for _lowest, _key, name in LEVELS]
    shape = said(live_server, "da", "%(total)d of 125: %(level)s", total=999, level="LEVEL")
    pattern = re.escape(shape).replace("999", r"\d+").replace("LEVEL", "(.+)")
    assert re.fullmatch(pattern, total).group(1) in levels, total
    assert sideways_boxes(page) == []
    page.goto(base_url + finished)
    finished_on = said(live_server, "da", "Finished on %(date)s and kept as it was then.", date="X")
    assert finished_on.split("X")[0] in page.locator("main").inner_text()
    assert page.locator("main form").count() == 0  # nothing in a finished review changes


def test_a_review_prints_without_its_forms(signed_in_page, base_url):
    page = signed_in_page(LEAD, language="da")
    open_review, _finished = review_paths(page, base_url)
    page.goto(base_url + open_review)
    assert page.locator("main form").first.is_visible()
    page.emulate_media(media="print")
    try:
        assert page.locator("#item-S1").is_visible()  # the scores and their numbers print
        assert page.locator("svg[aria-labelledby=items-chart-title]").is_visible()
        visible_forms = [form for form in page.locator("main form").all() if form.is_visible()]
        assert visible_forms == []
        assert not page.locator(".site-header").is_visible()
    finally:
        page.emulate_media(media="screen")
