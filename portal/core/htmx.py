"""htmx requests: tell fragment requests apart and answer them with one named block."""

from collections.abc import Callable

from flask import Flask, get_template_attribute, render_template, request
from jinja2_fragments.flask import render_block

from portal.core.navigation import see_other


def is_fragment_request() -> bool:
    """Return True for an htmx request that wants a piece of a page, not a whole one."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-Boosted") != "true"
        and headers.get("HX-History-Restore-Request") != "true"
    )


def render_page(template: str, block: str | None = None, with_flash: bool = True, **context):
    """Render the whole page, or only `block` of it when htmx asked for a fragment."""
    if block and is_fragment_request():
        fragment = render_block(template, block, **context)
        if not with_flash:  # background refreshes must not take or clear anyone's messages
            return fragment
        # The flash region rides along out of band, so saves are announced in the status region.
        flash_region = get_template_attribute("macros/forms.html", "flash_region")
        return fragment + str(flash_region(oob=True))
    return render_template(template, **context)


def after_save(page_url: str, template: str, block: str, context: Callable[[], dict]):
    """Answer a successful POST: htmx gets the updated block, a plain form a 303 to the page."""
    if is_fragment_request():
        return render_page(template, block, **context())
    return see_other(page_url)


def init_app(app: Flask) -> None:
    @app.after_request
    def _vary_on_htmx(response):
        # The same URL answers with a page or a fragment, so caches must keep them apart.
        response.vary.add("HX-Request")
        return response
