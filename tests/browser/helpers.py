"""What the browser tests share: checking a page (axe, reflow, language), htmx and focus."""

import json
import uuid

import pytest
from flask_babel import force_locale, gettext
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.server import NARROW, PHONE

LANGUAGES = ("da", "sv", "en")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


# axe-core's run on the page, with the page's language: one round trip to the browser.
AXE_RUN = """
axe.run(document, {runOnly: {type: 'tag', values: TAGS}, resultTypes: ['violations']})
.then(result => ({
    lang: document.documentElement.getAttribute('lang'),
    violations: result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
    })),
}))""".replace("TAGS", json.dumps(AXE_TAGS))


def axe_check(page, axe_source: str) -> tuple[str | None, list[str]]:
    """Run axe-core on the page; return the page's <html lang> and the violations.

    axe is injected by evaluation (the CSP refuses added scripts), in the same call as the run
    unless this document already has it.
    """
    has_axe = page.evaluate("() => typeof window.axe === 'object'")
    result = page.evaluate(AXE_RUN if has_axe else axe_source + ";\n" + AXE_RUN)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {', '.join(v['targets'])}"
        for v in result["violations"]
    ]
    return result["lang"], violations


def axe_violations(page, axe_source: str) -> list[str]:
    """Run axe-core on the page and return its violations."""
    return axe_check(page, axe_source)[1]


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0 when it reflows)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def use_viewport(page, size: dict) -> None:
    """Resize the page's window unless it has that size already (each resize lays it out anew)."""
    if page.viewport_size != size:
        page.set_viewport_size(size)


def shown_page_problems(page, path: str, language: str, axe_source: str) -> list[str]:
    """Check the page now shown: its lang, axe, and reflow at 320 px (restores a phone width)."""
    problems = []
    lang, violations = axe_check(page, axe_source)
    if lang != language:
        problems.append(f"{path}: <html lang={lang}>, expected {language}")
    problems += [f"{path}: {violation}" for violation in violations]
    use_viewport(page, NARROW)
    if (extra := overflow(page)) > 0:
        problems.append(f"{path}: {extra} px wider than a 320 px screen")
    use_viewport(page, PHONE)
    return problems


def opened_page_problems(page, base_url: str, path: str, language: str, axe_source: str):
    """Open `path` on a phone and check it as shown_page_problems does; not 200 is a problem."""
    use_viewport(page, PHONE)
    response = page.goto(base_url + path)
    if response.status != 200:
        return [f"{path} answered {response.status}"]
    return shown_page_problems(page, path, language, axe_source)


def mark_page(page) -> None:
    page.evaluate("() => { window.stillTheSamePage = true; }")


def assert_same_page(page) -> None:
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded"


def post_with_htmx(page, button, status: int = 200) -> None:
    """Press a button whose form htmx sends, and wait until the answer is swapped in."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        button.click()
    assert answer.value.status == status
    assert answer.value.request.headers.get("hx-request") == "true"
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def focused(page) -> str:
    """Describe the focused element, for assertion messages."""
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            if (!e || e === document.body) return 'nothing (document.body)';
            return e.outerHTML.slice(0, 160);
        }"""
    )


def assert_focus_on(page, selector: str) -> None:
    """Focus must be on `selector` (never lost to <body>) once the swap has settled."""
    try:
        page.wait_for_function(
            "selector => document.activeElement !== document.body"
            " && document.activeElement.matches(selector)",
            arg=selector,
            timeout=2_000,
        )
    except PlaywrightTimeoutError:
        pytest.fail(f"focus should be on {selector}, is on {focused(page)}")


def assert_save_announced(page) -> None:
    notice = page.locator("#flash[role=status] .notice-success")
    notice.wait_for()
    assert notice.inner_text().strip(), "the status region is empty"


def unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:8]}"


def translated(live_server, language: str, text: str) -> str:
    with live_server.app.app_context(), force_locale(language):
        return gettext(text)


def browser_storage(page) -> str:
    """Everything the page keeps in localStorage and sessionStorage, as one text."""
    return page.evaluate(
        "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
    )


def checked_page_problems(page, base_url: str, path: str, language: str, axe_source: str):
    """opened_page_problems, or for "...!" the page's form sent empty (errors shown)."""
    if not path.endswith("!"):
        return opened_page_problems(page, base_url, path, language, axe_source)
    use_viewport(page, PHONE)
    page.goto(base_url + path.rstrip("!"))
    with page.expect_navigation() as navigation:
        page.locator("main form.stack button[type=submit]").first.click()
    if navigation.value.status != 422 or not page.locator(".error-summary").is_visible():
        return [f"{path}: sent empty, answered {navigation.value.status} without errors"]
    return shown_page_problems(page, f"{path} (sent empty)", language, axe_source)


def focused_id(page) -> str:
    return page.evaluate(
        """() => {
            const e = document.activeElement;
            if (!e || e === document.body) return 'body';
            if (e.id) return '#' + e.id;
            return e.tagName.toLowerCase() + (e.type ? '[type=' + e.type + ']' : '');
        }"""
    )


def checked(page, name: str) -> str | None:
    return page.evaluate(
        "name => document.querySelector(`input[name=${name}]:checked`)?.value ?? null", name
    )


def said(live_server, language: str, text: str, **values) -> str:
    """`text` as the portal says it in `language`."""
    with live_server.app.app_context(), force_locale(language):
        return gettext(text, **values)


def table_names(page) -> list[str]:
    return page.locator("#caseload table tbody th[scope=row]").evaluate_all(
        "cells => cells.map(cell => cell.firstChild.textContent.trim())"
    )


def bar_is_at_the_bottom(page, selector: str) -> bool:
    return page.evaluate(
        """selector => {
            const box = document.querySelector(selector).getBoundingClientRect();
            return Math.abs(box.bottom - window.innerHeight) < 1 && box.top > 0;
        }""",
        selector,
    )
