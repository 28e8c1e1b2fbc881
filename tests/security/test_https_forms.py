"""Forms over HTTPS, as behind the reverse proxy: Flask-WTF wants a same-site Referer beside the
token, and the portal's Referrer-Policy lets browsers send one to this site and to no other.
(tests/production/test_deployment.py shows the same in Chromium through nginx.)"""

from tests.factories import TEST_PASSWORD
from tests.helpers import csrf_token_from

HTTPS = "https://job.example.dk"


def _login(client, email: str, referrer: str | None):
    html = client.get("/login", base_url=HTTPS).get_data(as_text=True)
    headers = {"Referer": referrer} if referrer else {}
    data = {"csrf_token": csrf_token_from(html), "email": email, "password": TEST_PASSWORD}
    return client.post("/login", data=data, base_url=HTTPS, headers=headers)


def test_pages_let_the_browser_tell_this_site_where_a_form_came_from(client):
    page = client.get("/login", base_url=HTTPS)
    # "same-origin": the address goes with requests to this site, and nowhere else.
    assert page.headers["Referrer-Policy"] == "same-origin"


def test_a_form_sent_from_a_page_of_this_site_signs_in_over_https(client, people):
    answer = _login(client, people["client_a"].email, f"{HTTPS}/login")
    assert answer.status_code == 303, answer.get_data(as_text=True)[:500]


def test_a_form_sent_from_another_site_or_without_a_referer_is_refused_over_https(
    make_client, people
):
    for referrer in (None, "https://evil.example/login", "http://job.example.dk/login"):
        browser = make_client()
        answer = _login(browser, people["client_a"].email, referrer)
        assert answer.status_code == 400, referrer
        assert browser.get("/", base_url=HTTPS).status_code == 302, "not signed in"
