"""Before sign-in nobody is known, and an employer contact may be reading: no page there names
IPS, whose name alone tells that someone at the workplace gets support for a mental illness
(the participant decides what their employer is told; see placements/services/disclosure.py)."""

import re

import pytest

ANONYMOUS_PAGES = (
    "/login",
    "/login/paper",
    "/accessibility",
    "/password/forgot",
    "/no-such-page",
    "/check-in/x",
)


@pytest.mark.parametrize("lang", ["da", "sv", "en"])
def test_no_page_before_sign_in_names_ips(make_client, lang):
    browser = make_client()
    browser.set_cookie("lang", lang)
    for page in ANONYMOUS_PAGES:
        body = browser.get(page).get_data(as_text=True)
        text = re.sub(r"<[^>]+>", " ", body)  # what a reader sees, not file names in tags
        assert not re.search(r"\bIPS", text), (lang, page, re.findall(r"(?s).{60}\bIPS.{60}", text))
