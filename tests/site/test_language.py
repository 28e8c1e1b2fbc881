"""Language: user setting, then cookie, then Accept-Language, then Danish; locale formats."""

from datetime import UTC, datetime

from flask_babel import force_locale
from sqlalchemy import select

from portal.core.dates import date_text, moment_text
from portal.core.db import db
from portal.core.identity import User
from portal.core.numbers import number_text
from tests.helpers import post_form, sign_in


def html_lang(response) -> str:
    html = response.get_data(as_text=True)
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


def test_danish_is_the_default(client):
    response = client.get("/login")
    assert html_lang(response) == "da"
    assert "Log ind" in response.get_data(as_text=True)


def test_accept_language_is_used_when_nothing_else_is_known(client):
    response = client.get("/login", headers={"Accept-Language": "sv-SE,sv;q=0.9,en;q=0.5"})
    assert html_lang(response) == "sv"
    assert "Logga in" in response.get_data(as_text=True)
    english = client.get("/login", headers={"Accept-Language": "en-GB"})
    assert html_lang(english) == "en"
    assert "Sign in" in english.get_data(as_text=True)
    unknown = client.get("/login", headers={"Accept-Language": "fr"})
    assert html_lang(unknown) == "da"


def test_the_switcher_sets_a_cookie_that_beats_accept_language(client):
    response = post_form(
        client, "/language", {"lang": "sv", "next": "/accessibility"}, page="/login"
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/accessibility"
    page = client.get("/accessibility", headers={"Accept-Language": "en"})
    assert html_lang(page) == "sv"
    assert "Tillgänglighetsredogörelse" in page.get_data(as_text=True)


def test_the_switcher_never_redirects_off_site_and_ignores_unknown_languages(client):
    response = post_form(
        client, "/language", {"lang": "xx", "next": "https://evil.example"}, page="/login"
    )
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    assert client.get_cookie("lang") is None


def test_a_signed_in_users_choice_is_remembered_on_every_device(app, client, make_client, people):
    sign_in(client, people["client_a"].email)
    post_form(client, "/language", {"lang": "en", "next": "/"}, page="/")
    with app.app_context():
        assert db.scalar(select(User.locale).where(User.id == people["client_a"].id)) == "en"
    phone = make_client()
    phone.set_cookie("lang", "sv")  # an older choice on another device
    sign_in(phone, people["client_a"].email)
    assert html_lang(phone.get("/")) == "en"


def test_every_page_of_the_shell_has_a_switcher_and_the_accessibility_link(client, people):
    sign_in(client, people["specialist_a"].email)
    for url in ["/", "/account", "/invitations", "/accessibility", "/no-such-page"]:
        html = client.get(url).get_data(as_text=True)
        assert 'action="/language"' in html, url
        assert 'href="/accessibility"' in html, url
        assert 'class="skip-link" href="#main"' in html, url


def test_dates_and_numbers_follow_the_locale(app):
    day = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)  # 13:00 in Copenhagen
    with app.test_request_context():
        with force_locale("da"):
            assert date_text(day) == "5. marts 2026"
            assert number_text(1234.5) == "1.234,5"
        with force_locale("sv"):
            assert date_text(day) == "5 mars 2026"
            assert number_text(1234.5) == "1\xa0234,5"
        with force_locale("en"):  # British: day month year, the 24-hour clock
            assert date_text(day) == "5 March 2026"
            assert moment_text(day) == "5 March 2026, 13:00"
            assert number_text(1234.5) == "1,234.5"


def test_the_invitation_list_shows_dates_in_the_users_language(client, people):
    sign_in(client, people["specialist_a"].email)
    post_form(
        client,
        "/invitations",
        {"role": "client", "name": "Nina Ny", "email": "nina@example.org", "language": "da"},
    )
    for lang, word in [("en", "invited"), ("da", "inviteret"), ("sv", "inbjuden")]:
        post_form(client, "/language", {"lang": lang, "next": "/"}, page="/")
        html = client.get("/invitations").get_data(as_text=True)
        assert word in html, lang


def test_a_template_speaks_the_language_its_rendering_began_in(app):
    """Templates translate with the catalog taken when their rendering begins
    (portal.core.translations): an e-mail in the recipient's language inside a Danish page's
    request is Swedish throughout, and the page's next template Danish again."""
    from flask import render_template_string
    from flask_babel import force_locale

    words = "{{ _('Sign in') }} / {% trans %}Sign in{% endtrans %}"
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        page = render_template_string(words)
        with force_locale("sv"):
            mail = render_template_string(words)
        again = render_template_string(words)
    assert (page, mail, again) == (
        "Log ind / Log ind",
        "Logga in / Logga in",
        "Log ind / Log ind",
    )


def test_template_translations_escape_what_is_put_in_them(app):
    """The portal's own gettext for templates does what Jinja's does: a value put into a
    translation is escaped, "%%" is one "%", and a plural takes its number."""
    from flask import render_template_string

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        text = render_template_string(
            "{{ _('Participant: %(name)s', name='<script>') }} | {{ _('100%% sure') }} | "
            "{{ ngettext('%(num)d unread message', '%(num)d unread messages', 2) }}"
        )
    assert text == "Participant: &lt;script&gt; | 100% sure | 2 unread messages"
