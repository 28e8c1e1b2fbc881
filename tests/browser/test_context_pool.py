"""The kept browser contexts are handed out as clean as new ones (tests/browser/conftest.py):
a test never starts signed in, with storage, or on a fake clock because an earlier one was."""

import pytest

from tests.browser.conftest import ContextPool
from tests.browser.server import PHONE

pytestmark = pytest.mark.browser


def test_a_kept_context_comes_back_without_the_last_tests_cookies_storage_or_clock(
    browser, base_url, _signed_in_states
):
    pool = ContextPool(browser, base_url)
    try:
        page = pool.page(PHONE)
        page.goto(base_url + "/login")
        page.context.add_cookies([{"name": "left", "value": "behind", "url": base_url}])
        page.evaluate("() => localStorage.setItem('left', 'behind')")
        page.clock.install()
        first = page.context
        pool.give_back(first)

        # The fake clock makes the context unusable: the pool starts a new one.
        again = pool.page(PHONE)
        assert again.context is not first
        again.goto(base_url + "/login")
        again.evaluate("() => localStorage.setItem('left', 'behind')")
        again.context.add_cookies(
            [
                {"name": "left", "value": "behind", "url": base_url},
                {"name": "left", "value": "behind", "url": "http://elsewhere.test/"},
            ]
        )
        kept = again.context
        pool.give_back(kept)

        state = _signed_in_states("anna@demo.ips-portal.dk")
        clean = pool.page(PHONE, storage_state=state)
        assert clean.context is kept, "the context was not kept"
        assert [c["name"] for c in clean.context.cookies()] == [c["name"] for c in state["cookies"]]
        clean.goto(base_url + "/")
        assert clean.url == base_url + "/", "the new test's own sign-in did not hold"
        assert clean.evaluate("() => localStorage.length") == 0
        assert clean.evaluate("() => history.length") == 2  # the new tab, then this page
    finally:
        pool.close()


def test_contexts_are_kept_apart_by_their_options(browser, base_url):
    pool = ContextPool(browser, base_url)
    try:
        page = pool.page(PHONE, java_script_enabled=False)
        first = page.context
        pool.give_back(first)
        assert pool.page(PHONE).context is not first
        assert pool.page(PHONE, java_script_enabled=False).context is first
    finally:
        pool.close()
