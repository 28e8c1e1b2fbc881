"""The kept browser contexts and tabs are handed out as clean as new ones
(tests/browser/conftest.py): a test never starts signed in, with storage, with another size,
history, listener or route, or on a fake clock because an earlier one did."""

import pytest

from tests.browser.conftest import ContextPool
from tests.browser.server import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def pool(browser, base_url):
    """A pool of its own: the tests look at which context and tab come back."""
    pool = ContextPool(browser, base_url)
    yield pool
    pool.close()


def test_a_kept_context_comes_back_without_the_last_tests_cookies_storage_or_clock(
    pool, base_url, _signed_in_states
):
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
    assert clean.evaluate("() => history.length") == 2  # the empty tab, then this page


def test_contexts_are_kept_apart_by_their_options(pool, base_url):
    page = pool.page(PHONE, java_script_enabled=False)
    first = page.context
    pool.give_back(first)
    assert pool.page(PHONE).context is not first
    assert pool.page(PHONE, java_script_enabled=False).context is first


def test_a_kept_tab_comes_back_empty_at_the_contexts_size_with_one_entry_of_history(pool, base_url):
    page = pool.page(PHONE)
    page.goto(base_url + "/login")
    page.evaluate("() => sessionStorage.setItem('left', 'behind')")
    page.goto(base_url + "/accessibility")
    page.set_viewport_size(DESKTOP)
    pool.give_back(page.context)

    again = pool.page(PHONE)
    assert again is page, "the tab was not kept"
    assert again.url == "about:blank"
    assert again.viewport_size == PHONE
    again.goto(base_url + "/login")
    assert again.evaluate("() => sessionStorage.getItem('left')") is None
    assert again.evaluate("() => history.length") == 2  # as in a new tab
    assert again.evaluate("() => window.innerWidth") == PHONE["width"]


def test_a_tab_that_asks_before_it_is_left_is_left_all_the_same(pool, base_url):
    """Unsaved words on the page: the next test still starts on an empty page, at once."""
    page = pool.page(PHONE)
    page.goto(base_url + "/login")
    page.fill("#email", "half typed")  # the portal's guard asks before words are lost
    asks = "() => !dispatchEvent(new Event('beforeunload', {cancelable: true}))"
    assert page.evaluate(asks), "the page does not ask before it is left"
    pool.give_back(page.context)
    again = pool.page(PHONE)
    assert again.url == "about:blank"
    assert len(again.context.pages) == 1


def test_a_tab_with_a_tests_own_listener_or_route_is_closed_not_kept(pool, base_url):
    listened = pool.page(PHONE)
    listened.on("dialog", lambda dialog: dialog.accept())
    routed = pool.page(PHONE)
    routed.route("**/profile", lambda route: route.abort())
    for page in (listened, routed):
        page.goto(base_url + "/login")
        pool.give_back(page.context)
        assert page.is_closed()
