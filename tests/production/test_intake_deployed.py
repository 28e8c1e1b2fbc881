"""Intake, passkeys and national eID as deployed (deploy/nginx.conf with TLS in front of two
production app servers, PostgreSQL, Redis, and the test eID broker over https://): a person
asks "I would like to work", a specialist accepts her with a code on paper, and she signs in
with it; Anna's passkey and her MitID sign her in again and again while nginx spreads the
requests over both app servers (the challenge, state and nonce travel in the signed session
cookie, never in one server's memory). No log line holds the person's name, phone number,
wish, user name or code, nor the broker's code, subject or CPR number."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from portal.demo.seed import DEMO_PASSWORD
from tests.accounts.soft_authenticator import SoftPasskey
from tests.browser.server import demo_code
from tests.eid_broker import CPR_IN_TOKEN, NAME_IN_TOKEN
from tests.helpers import csrf_token_from
from tests.production.deployment import https_session

pytestmark = pytest.mark.production

NAME, PHONE_NUMBER, WISH = "Vibeke Testperson", "20 30 40 51", "Noget med heste"
ANNA, JONAS = "anna@demo.ips-portal.dk", "jonas@demo.ips-portal.dk"
NEW_PASSWORD = "green-kettle-morning-19"


def _post(session, url: str, data: dict, page: str | None = None, **headers):
    """A form post as a browser sends it over https:// (the page it came from as Referer)."""
    token = csrf_token_from(session.get(page or url, timeout=10).text)
    return session.post(
        url,
        data={"csrf_token": token, **data},
        headers={"Referer": page or url, **headers},
        allow_redirects=False,
        timeout=10,
    )


def _sign_in(session, url: str, email: str) -> None:
    answer = _post(session, f"{url}/login", {"email": email, "password": DEMO_PASSWORD})
    if answer.headers["Location"].endswith("/login/code"):
        answer = _post(session, f"{url}/login/code", {"code": demo_code(email)})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/"), email


def test_a_person_asks_is_accepted_on_paper_and_signs_in_over_https(deployment):
    url = deployment.url
    person = https_session(deployment)
    assert 'href="/i-would-like-to-work"' in person.get(f"{url}/login", timeout=10).text
    teams = person.get(f"{url}/i-would-like-to-work", timeout=10).text
    ask = url + re.search(r'href="(/i-would-like-to-work/\d+)">Jobstøtte Odense', teams).group(1)
    fields = {"name": NAME, "phone": PHONE_NUMBER, "email": "", "work_wish": WISH, "website": ""}
    sent = _post(person, ask, fields)
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/thanks")

    jonas = https_session(deployment)
    _sign_in(jonas, url, JONAS)
    listed = jonas.get(f"{url}/referrals", timeout=10).text
    referral = url + re.search(rf'href="(/referrals/\d+)"><strong>{NAME}', listed).group(1)
    accepted = _post(jonas, f"{referral}/accept", {"way": "paper"}, page=referral)
    assert accepted.status_code == 200 and accepted.headers["Cache-Control"] == "no-store"
    username = re.search(r'id="paper-username">([^<]+)<', accepted.text).group(1).strip()
    code = re.search(r'id="paper-code">([^<]+)<', accepted.text).group(1).strip()
    assert f"{url}/login/paper" in accepted.text  # the address on the paper is the portal's

    person = https_session(deployment)
    data = {"email": username, "code": code, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    signed_in = _post(person, f"{url}/login/paper", data)
    assert signed_in.status_code == 303, signed_in.text[:500]
    assert "Vibeke" in person.get(f"{url}/", timeout=10).text

    for path in deployment.logs:
        text = path.read_text()
        for private in (NAME, NAME.split()[0], PHONE_NUMBER, WISH, username, code):
            assert private not in text, f"{path.name} holds {private!r}"


def test_a_passkey_signs_in_on_either_app_server(deployment):
    url = deployment.url
    anna = https_session(deployment)
    _sign_in(anna, url, ANNA)
    origin = url.replace("127.0.0.1", "localhost")  # passkeys are made for a name
    soft = SoftPasskey("localhost", origin)
    page = f"{url}/account/passkeys"
    options = _post(anna, f"{url}/account/passkeys/options", {}, page=page)
    assert options.headers["Cache-Control"] == "no-store"
    credential = soft.register(options.text)
    saved = _post(anna, page, {"name": "Annas telefon", "credential": credential})
    assert saved.status_code == 303, saved.text[:500]
    for _ in range(4):  # nginx takes turns between the two app servers
        browser = https_session(deployment)
        token = csrf_token_from(browser.get(f"{url}/login", timeout=10).text)
        asked = browser.post(
            f"{url}/login/passkey/options",
            headers={"X-CSRFToken": token, "Referer": f"{url}/login"},
            timeout=10,
        )
        data = {"credential": soft.sign_in(asked.text), "next": ""}
        answer = _post(browser, f"{url}/login/passkey", data, page=f"{url}/login")
        assert answer.headers["Location"] == "/", answer.headers["Location"]
        assert ANNA in browser.get(f"{url}/account", timeout=10).text


def _through_broker(deployment, session, started, subject: str):
    """At the test broker (over https://), say who you are; bring its answer back through
    nginx: the portal's response and the code the broker sent."""
    assert started.status_code == 302, started.text[:500]
    answer = requests.post(
        started.headers["Location"],
        data={"subject": subject, "choice": "sign-in"},
        allow_redirects=False,
        verify=str(deployment.eid_ca),
        timeout=10,
    )
    back = answer.headers["Location"]
    assert back.startswith(f"{deployment.url}/login/eid/return?"), back
    return session.get(back, allow_redirects=False, timeout=10), parse_qs(urlsplit(back).query)


def test_mitid_is_linked_and_signs_in_on_either_app_server(deployment):
    """The state, nonce and PKCE verifier travel in the signed session cookie: whichever app
    server nginx sends the answer to checks it. No log line holds the broker's code, the
    subject, or what else the token says (a CPR number, a name)."""
    url = deployment.url
    anna = https_session(deployment)
    _sign_in(anna, url, ANNA)
    started = _post(anna, f"{url}/account/eid", {}, page=f"{url}/account")
    linked, answer = _through_broker(deployment, anna, started, "anna-mitid-pseudonym")
    assert linked.headers["Location"] == "/account", linked.text[:500]
    codes = answer["code"]
    for _ in range(4):  # nginx takes turns between the two app servers
        browser = https_session(deployment)
        started = _post(browser, f"{url}/login/eid", {"next": ""}, page=f"{url}/login")
        signed_in, answer = _through_broker(deployment, browser, started, "anna-mitid-pseudonym")
        assert signed_in.headers["Location"] == "/", signed_in.text[:500]
        assert ANNA in browser.get(f"{url}/account", timeout=10).text
        codes += answer["code"]

    logs = [path.read_text() for path in deployment.logs]
    logs.append(deployment.nginx.log("portal-access.log"))
    for text in logs:
        for private in ("anna-mitid-pseudonym", CPR_IN_TOKEN, NAME_IN_TOKEN, *codes):
            assert private not in text, f"a log holds {private!r}"
