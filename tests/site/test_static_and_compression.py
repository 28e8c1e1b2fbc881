"""A phone on a slow line downloads little: pages and files are compressed, and the style sheet
and scripts carry a fingerprint in their names, so they are kept for a year and a new
release still reaches everyone at once."""

import gzip
import re

import brotli

STATIC_LINK = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def static_links(client) -> list[str]:
    return STATIC_LINK.findall(client.get("/login").get_data(as_text=True))


def test_pages_link_fingerprinted_files_that_are_cached_for_a_year(client):
    links = static_links(client)
    assert {re.sub(r"\.[0-9a-f]{12}\.", ".", link) for link in links} >= {
        "/static/css/portal.css",
        "/static/js/portal.js",
        "/static/vendor/htmx.min.js",
    }
    for link in links:
        response = client.get(link)
        assert response.status_code == 200
        assert response.cache_control.max_age == 365 * 24 * 3600
        assert response.cache_control.immutable


def test_a_changed_file_gets_a_new_name_and_an_old_name_is_not_kept(app, client, tmp_path):
    from pathlib import Path

    css = Path(app.static_folder) / "css" / "portal.css"
    original = css.read_bytes()
    [before] = [link for link in static_links(client) if "/css/portal." in link]
    try:
        css.write_bytes(original + b"\n/* a new release */\n")
        [after] = [link for link in static_links(client) if "/css/portal." in link]
        assert after != before
        stale = client.get(before)  # a page from before the release asks for the old name
        assert stale.status_code == 200 and b"a new release" in stale.data
        assert stale.cache_control.no_cache and not stale.cache_control.immutable
    finally:
        css.write_bytes(original)


def test_pages_and_files_are_compressed_for_browsers_that_ask(client):
    page = client.get("/login", headers={"Accept-Encoding": "br"})
    assert page.headers["Content-Encoding"] == "br"
    assert "Accept-Encoding" in page.headers["Vary"]
    assert b"<html" in brotli.decompress(page.data)
    assert page.headers["Cache-Control"] == "no-store"  # compressed or not, never cached

    [css] = [link for link in static_links(client) if "/css/portal." in link]
    plain = client.get(css).data
    zipped = client.get(css, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain and len(zipped.data) < len(plain) / 2

    # A browser that asks for nothing gets plain text.
    assert "Content-Encoding" not in client.get("/login").headers
