"""The conversation page's faster helpers write exactly what Jinja's and Babel's would:
`quick_urlize` against Jinja's `urlize`, `moment_formatter` against the `moment` filter."""

from datetime import UTC, datetime, timedelta

import pytest
from flask_babel import force_locale
from jinja2 import Environment
from markupsafe import Markup

from portal.core.dates import moment, moment_formatter
from portal.core.templating import MAY_HOLD_LINK, quick_urlize

TEXTS = [
    "",
    "Can we meet at 10? I'll bring my CV.",
    "Line one\nLine two\n\n  indented  and\ttabbed",
    "Hej. Jeg har skrevet lidt mere på mit CV, så vi kan se på det på tirsdag.",
    "Kl. 10.30 den 31.07 passer fint (ca. 1,5 time).",
    "<script>alert(\"x\")</script> & 'quotes' <b>bold</b>",
    "see https://example.com/path?a=1&b=2.",
    "see http://localhost:8000 and HTTP://EXAMPLE.DK",
    "(www.jobnet.dk) or WWW.Jobnet.dk, maybe jobnet.com",
    "bare domains: example.org example.info example.gov",
    "mail me: anna@example.dk or mailto:anna@example.dk",
    "@anna said hi @ noon",
    "an IP: http://192.168.1.1/x and [http://[::1]:80]",
    "a long one https://example.com/" + "a" * 80,
    '<a href="https://evil.example">x</a>',
    "javascript:alert(1) and data:text/html,<b>x</b>",
    Markup("<em>already safe</em> www.example.com"),
    "3.14 and 1.5 hours; e.g. this",
]


def jinja(**policies) -> Environment:
    env = Environment(autoescape=True)
    env.filters["quick_urlize"] = quick_urlize
    env.policies["urlize.rel"] = "nofollow noopener noreferrer"
    env.policies.update(policies)
    return env


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(
    "arguments", ["", "50", "50, true", "none, false, '_blank'", "10, rel='external'"]
)
def test_quick_urlize_writes_what_urlize_writes(text, arguments):
    env = jinja()
    ours = env.from_string(f"{{{{ text | quick_urlize({arguments}) }}}}").render(text=text)
    theirs = env.from_string(f"{{{{ text | urlize({arguments}) }}}}").render(text=text)
    assert ours == theirs


def test_quick_urlize_keeps_user_text_escaped_and_links_guarded():
    env = jinja()
    render = env.from_string("{{ text | quick_urlize(50) }}").render
    assert MAY_HOLD_LINK.search("<b>hi</b> & bye") is None  # the quick way, without urlize
    assert render(text="<b>hi</b> & bye") == "&lt;b&gt;hi&lt;/b&gt; &amp; bye"
    linked = render(text='<img src=x> see https://example.com/"onmouseover=x')
    assert "<img" not in linked and "&lt;img src=x&gt;" in linked
    assert 'rel="nofollow noopener noreferrer"' in linked
    assert '"onmouseover' not in linked


def test_quick_urlize_follows_the_extra_schemes_policy():
    env = jinja(**{"urlize.extra_schemes": ["tel:"]})
    for text in ["call tel:+4512345678", "no links here"]:
        ours = env.from_string("{{ text | quick_urlize }}").render(text=text)
        assert ours == env.from_string("{{ text | urlize }}").render(text=text)
    linked = env.from_string("{{ 'tel:+4512345678' | quick_urlize }}").render()
    assert 'href="tel:+4512345678"' in linked


MOMENTS = [
    datetime(2026, 3, 29, 0, 59, 59, tzinfo=UTC),  # the last second of winter time
    datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # summer time begins
    datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
    datetime(2026, 10, 25, 1, 30, tzinfo=UTC),  # the hour that happens twice
    datetime(2026, 12, 31, 23, 30, tzinfo=UTC),  # a new year in Copenhagen, not in UTC
    datetime(2026, 7, 31, 2, 6, 12, 152165),  # naive: read as UTC, as Babel does
] + [datetime(2026, 1, 1, 5, 7, tzinfo=UTC) + timedelta(hours=14.4 * n) for n in range(40)]


@pytest.mark.parametrize("locale", ["da", "sv", "en"])
def test_moment_formatter_writes_what_the_moment_filter_writes(app, locale):
    with app.test_request_context("/"), force_locale(locale):
        formatted = moment_formatter()
        for value in MOMENTS:
            assert formatted(value) == moment(value)
