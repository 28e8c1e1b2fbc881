"""Access for every route of the portal: a matrix of routes x people, derived from the routes.

Every rule of `app.url_map` (but the static files) has a row, and every row names a route
that exists: a new route fails here until someone decides who may use it. Each row holds what
each person gets, with the ids of Anna's records (tests/routes.py) in the address: a GET for
a route that has one, else a POST with only a CSRF token. Anna's records are seen only by her
and her specialist (and what she shares, by the treatment contact she said yes to, on that
contact's own page); everyone else gets 404, for every method, with and without htmx, and the
refusal is logged, so nobody learns that the thing exists. A role that may never use a route
gets 403.
"""

import logging

import pytest

from portal.partners.models import SHARES
from tests.factories import make_caseload, make_partner, make_partner_link
from tests.helpers import csrf_token_from, sign_in
from tests.routes import app_rules, fill, missing_ids, route_ids

# Nobody signed in; Anna (client_a) and her specialist; Bent (client_b) and his, of the same
# team; the contact person of Anna's workplace; the team's lead; a treatment contact Anna has
# said yes to, sharing everything (who still sees only her page of what Anna shares).
WHO = (
    "anonymous",
    "client_a",
    "specialist_a",
    "client_b",
    "specialist_b",
    "employer",
    "admin",
    "partner",
)
OUTSIDERS = ("client_b", "specialist_b", "employer", "admin", "partner")


def row(*statuses: int) -> dict[str, int]:
    return dict(zip(WHO, statuses, strict=True))


# endpoint: the status each of WHO gets (the columns in WHO's order). 302: to the sign-in page;
# 303 for a POST: done (or, signed out, to the sign-in page); 422: the empty form refused;
# 409: a form without the version it was made from.
MATRIX = {
    # Signing in and out, one's own account, invitations
    "accounts.login": row(200, 303, 303, 303, 303, 303, 303, 303),
    "accounts.logout": row(303, 303, 303, 303, 303, 303, 303, 303),
    "accounts.forgot_password": row(200, 200, 200, 200, 200, 200, 200, 200),
    "accounts.reset_password": row(200, 200, 200, 200, 200, 200, 200, 200),
    "accounts.accept_invitation": row(200, 200, 200, 200, 200, 200, 200, 200),
    "accounts.keep_alive": row(401, 204, 204, 204, 204, 204, 204, 204),
    "accounts.account": row(302, 200, 200, 200, 200, 200, 200, 200),
    "accounts.change_password_view": row(303, 422, 422, 422, 422, 422, 422, 422),
    "accounts.invitations": row(302, 403, 200, 403, 200, 403, 200, 403),
    "accounts.resend_invitation_view": row(303, 403, 303, 403, 404, 403, 404, 403),
    # Participants without e-mail: the specialist makes the account and its paper code (or a
    # new code for Anna, whose mailbox may be out of reach); the code's sign-in page is
    # public; reading what was kept instead of e-mailed is anyone's own.
    "accounts.paper_account": row(302, 403, 200, 403, 200, 403, 403, 403),
    "accounts.sign_in_code": row(302, 403, 200, 403, 404, 403, 403, 403),
    "accounts.new_sign_in_code": row(303, 403, 200, 403, 404, 403, 403, 403),
    "accounts.code_login": row(200, 200, 200, 200, 200, 200, 200, 200),
    # Passkeys: one's own list (Anna's passkey is hers alone to remove); signing in with one
    # is public, and an answer that proves nothing goes back to the sign-in page.
    "accounts.passkeys": row(302, 200, 200, 200, 200, 200, 200, 200),
    "accounts.passkey_options": row(303, 200, 200, 200, 200, 200, 200, 200),
    "accounts.add_passkey": row(303, 422, 422, 422, 422, 422, 422, 422),
    "accounts.remove_passkey_view": row(303, 303, 404, 404, 404, 404, 404, 404),
    "accounts.passkey_sign_in_options": row(200, 200, 200, 200, 200, 200, 200, 200),
    "accounts.passkey_sign_in": row(303, 303, 303, 303, 303, 303, 303, 303),
    # National eID (on here, against the test broker): anyone may start a sign-in or come
    # back from the broker (an answer without its state is refused: 303 to the sign-in
    # page); linking and unlinking are one's own, signed in.
    "accounts.eid_sign_in": row(302, 302, 302, 302, 302, 302, 302, 302),
    "accounts.eid_return": row(303, 303, 303, 303, 303, 303, 303, 303),
    "accounts.eid_with_code": row(200, 200, 200, 200, 200, 200, 200, 200),
    "accounts.start_eid_link": row(303, 302, 302, 302, 302, 302, 302, 302),
    "accounts.remove_eid_link": row(303, 303, 303, 303, 303, 303, 303, 303),
    "accounts.held_emails_read": row(303, 303, 303, 303, 303, 303, 303, 303),
    # Intake: the public page (the team has a public name, and is the only one: the list
    # leads straight to it); a treatment contact's referral; the team's waiting referrals,
    # for its specialists and lead (only a specialist accepts; the empty forms refused).
    "intake.teams": row(303, 303, 303, 303, 303, 303, 303, 303),
    "intake.ask": row(200, 200, 200, 200, 200, 200, 200, 200),
    "intake.thanks": row(200, 200, 200, 200, 200, 200, 200, 200),
    "intake.refer": row(302, 403, 403, 403, 403, 403, 403, 200),
    "intake.referrals": row(302, 403, 200, 403, 200, 403, 200, 403),
    "intake.referral": row(302, 403, 200, 403, 200, 403, 200, 403),
    "intake.note_a_try": row(303, 403, 303, 403, 303, 403, 303, 403),
    "intake.close": row(303, 403, 422, 403, 422, 403, 422, 403),
    "intake.accept": row(303, 403, 422, 403, 422, 403, 403, 403),
    "mfa.code": row(303, 303, 303, 303, 303, 303, 303, 303),
    "mfa.setup": row(303, 303, 303, 303, 303, 303, 303, 303),
    "mfa.settings": row(302, 200, 200, 200, 200, 200, 200, 200),
    "mfa.renew_codes": row(303, 303, 422, 303, 422, 303, 422, 422),
    "mfa.switch_off": row(303, 303, 303, 303, 303, 303, 303, 303),
    # The team lead's pages
    "accounts.team.accounts": row(302, 403, 403, 403, 403, 403, 200, 403),
    "accounts.team.deactivate": row(302, 403, 403, 403, 403, 403, 200, 403),
    "accounts.team.reactivate": row(302, 403, 403, 403, 403, 403, 303, 403),
    "accounts.team.reset_two_factor_view": row(302, 403, 403, 403, 403, 403, 200, 403),
    "accounts.team.working_hours": row(302, 403, 403, 403, 403, 403, 200, 403),
    "caseload.team": row(302, 403, 403, 403, 403, 403, 200, 403),
    "caseload.handover": row(302, 403, 403, 403, 403, 403, 200, 403),
    "benefits.questions": row(302, 403, 403, 403, 403, 403, 200, 403),
    "benefits.reword": row(303, 403, 403, 403, 403, 403, 422, 403),
    "benefits.remove": row(303, 403, 403, 403, 403, 403, 303, 403),
    "benefits.restore": row(303, 403, 403, 403, 403, 403, 303, 403),
    "reports.report": row(302, 403, 403, 403, 403, 403, 200, 403),
    "reports.report_file": row(302, 403, 403, 403, 403, 403, 200, 403),
    # The fidelity review of Anna's team: its lead's alone (an empty form is refused).
    "fidelity.reviews": row(302, 403, 403, 403, 403, 403, 200, 403),
    "fidelity.review": row(302, 403, 403, 403, 403, 403, 200, 403),
    "fidelity.review_file": row(302, 403, 403, 403, 403, 403, 200, 403),
    # A quarter's figures shared with the team: the lead's form names the team and quarter
    # (sent empty it names none: 404); the specialists read the copies of their own team.
    "reports.share": row(303, 403, 403, 403, 403, 403, 404, 403),
    "reports.shared": row(302, 403, 200, 403, 200, 403, 403, 403),
    "fidelity.score": row(303, 403, 403, 403, 403, 403, 422, 403),
    "fidelity.action": row(303, 403, 403, 403, 403, 403, 422, 403),
    "fidelity.finish": row(303, 403, 403, 403, 403, 403, 422, 403),
    "feedback.report": row(302, 403, 403, 403, 403, 403, 200, 403),
    "privacy.client_privacy": row(302, 403, 403, 403, 403, 403, 200, 403),
    "privacy.restrict": row(303, 403, 403, 403, 403, 403, 303, 403),
    "privacy.erase": row(303, 403, 403, 403, 403, 403, 422, 403),
    # A client's own data
    "privacy.my_data": row(302, 200, 403, 200, 403, 403, 403, 403),
    "privacy.export_html": row(302, 200, 403, 200, 403, 403, 403, 403),
    "privacy.export_json": row(302, 200, 403, 200, 403, 403, 403, 403),
    # Anna's records: her and her specialist only
    "goals.index": row(302, 200, 200, 404, 404, 404, 404, 404),
    "goals.detail": row(302, 200, 200, 404, 404, 404, 404, 404),
    "goals.edit": row(303, 422, 403, 404, 404, 404, 404, 404),
    "goals.add_note": row(303, 422, 422, 404, 404, 404, 404, 404),
    "goals.move": row(303, 303, 403, 404, 404, 404, 404, 404),
    "goals.archive": row(303, 303, 403, 404, 404, 404, 404, 404),
    "plans.plan": row(302, 200, 200, 404, 404, 404, 404, 404),
    "plans.step": row(302, 200, 200, 404, 404, 404, 404, 404),
    "plans.new_step": row(303, 422, 422, 404, 404, 404, 404, 404),
    "plans.step_status": row(303, 422, 422, 404, 404, 404, 404, 404),
    "plans.answer": row(303, 409, 403, 404, 404, 404, 404, 404),
    "plans.new_item": row(303, 422, 422, 404, 404, 404, 404, 404),
    "plans.tick": row(303, 303, 303, 404, 404, 404, 404, 404),
    "plans.remove": row(303, 303, 403, 404, 404, 404, 404, 404),
    "profiles.profile": row(302, 200, 200, 404, 404, 404, 404, 404),
    "profiles.suggest": row(303, 422, 422, 404, 404, 404, 404, 404),
    "messaging.conversation": row(302, 200, 200, 404, 404, 404, 404, 404),
    "messaging.poll": row(401, 200, 200, 404, 404, 404, 404, 404),
    "jobs.index": row(302, 200, 200, 404, 404, 404, 404, 404),
    "jobs.job": row(302, 200, 200, 404, 404, 404, 404, 404),
    "jobs.new_job": row(303, 422, 422, 404, 404, 404, 404, 404),
    "jobs.new_education": row(303, 422, 422, 404, 404, 404, 404, 404),
    "jobs.start": row(303, 422, 422, 404, 404, 404, 404, 404),
    "jobs.end": row(303, 422, 422, 404, 404, 404, 404, 404),
    "jobs.struggling": row(303, 303, 403, 404, 404, 404, 404, 404),
    "job_support.save": row(303, 403, 422, 404, 404, 404, 404, 404),
    # The job title's suggestions from the national list: for whoever records jobs (asked by
    # the page's script while typing: signed out, a bare 401, as the polls).
    "occupations.titles": row(401, 403, 200, 403, 200, 403, 403, 403),
    "meetings.outreach": row(303, 403, 422, 404, 404, 404, 404, 404),
    "own_checkins.answer": row(303, 303, 403, 404, 404, 404, 404, 404),
    "jobs.answers": row(303, 303, 403, 404, 404, 404, 404, 404),
    "jobs.signal_handled": row(303, 403, 303, 404, 404, 404, 404, 404),
    "consent.consents": row(302, 200, 200, 404, 404, 404, 404, 404),
    "consent.ask": row(303, 422, 422, 404, 404, 404, 404, 404),
    "consent.permission": row(303, 422, 422, 404, 404, 404, 404, 404),
    "consent.disclosure": row(303, 422, 422, 404, 404, 404, 404, 404),
    # Treatment and agency contacts: the specialist's tab, the participant's page
    "partners.contacts": row(302, 403, 200, 404, 404, 404, 404, 404),
    "partners.add": row(303, 403, 422, 404, 404, 404, 404, 404),
    "partners.record_stop": row(303, 403, 409, 404, 404, 404, 404, 404),
    "partners.sharing": row(302, 200, 403, 200, 403, 403, 403, 403),
    "partners.answer": row(303, 422, 403, 404, 404, 404, 404, 404),
    "partners.change": row(303, 409, 403, 404, 404, 404, 404, 404),
    "partners.stop": row(303, 409, 403, 404, 404, 404, 404, 404),
    "partners.seen": row(303, 303, 403, 404, 404, 404, 404, 404),
    # A contact writes to the team (the empty form refused); Anna asks to read a note
    "partner_notes.write": row(303, 403, 403, 403, 403, 403, 403, 422),
    "partner_notes.ask_to_read": row(303, 303, 403, 404, 403, 403, 403, 403),
    "checkins.call_handled": row(303, 403, 303, 404, 404, 404, 404, 404),
    "checkins.concern_followed_up": row(303, 403, 303, 404, 404, 404, 404, 404),
    "benefits.done": row(303, 303, 303, 404, 404, 404, 404, 404),
    "meetings.index": row(302, 200, 200, 404, 404, 404, 404, 404),
    "meetings.meeting": row(302, 200, 200, 404, 404, 404, 404, 404),
    "meetings.calendar": row(302, 200, 200, 404, 404, 404, 404, 404),
    "meetings.new_meeting": row(303, 422, 422, 404, 404, 404, 404, 404),
    "meetings.correction": row(303, 422, 422, 404, 404, 404, 404, 404),
    "meetings.confirm": row(303, 409, 403, 404, 404, 404, 404, 404),
    "meetings.cancel": row(303, 403, 303, 404, 404, 404, 404, 404),
    "meetings.notice_seen": row(303, 303, 403, 404, 404, 404, 404, 404),
    "feedback.meeting_feedback": row(302, 200, 403, 404, 404, 404, 404, 404),
    "feedback.no_thanks": row(303, 303, 403, 404, 404, 404, 404, 404),
    # A treatment or agency contact's page of what one participant shares with them
    "shared.participant": row(302, 403, 403, 403, 403, 403, 403, 200),
    # A meeting's calendar file for a contact invited to it (this one is not: 404)
    "partner_meetings.calendar": row(302, 403, 403, 403, 403, 403, 403, 404),
    # A contact proposes a plan step for Anna, who shares her plan (the empty form refused)
    "partner_proposals.propose": row(303, 403, 403, 403, 403, 403, 403, 422),
    # The employer contact's check-in (by page and by link)
    "checkins.answer": row(302, 404, 404, 404, 404, 200, 404, 404),
    "checkins.by_phone": row(302, 403, 200, 404, 404, 404, 404, 404),
    "checkins.answer_by_link": row(200, 200, 200, 200, 200, 200, 200, 200),
    # Messages and feedback, for clients and specialists
    "messaging.inbox": row(302, 200, 200, 200, 200, 403, 403, 403),
    "messaging.badge": row(401, 200, 200, 200, 200, 200, 200, 200),
    "messaging.availability": row(302, 403, 200, 403, 200, 403, 403, 403),
    "feedback.index": row(302, 200, 200, 200, 200, 403, 403, 403),
    "feedback.give": row(303, 422, 403, 422, 403, 403, 403, 403),
    # The specialists' employer work
    "employers.index": row(302, 403, 200, 403, 200, 403, 403, 403),
    "employers.employer": row(302, 403, 200, 403, 200, 403, 403, 403),
    "employers.invite": row(303, 403, 303, 403, 303, 403, 403, 403),
    "employers.job_development": row(302, 403, 200, 403, 200, 403, 403, 403),
    "employers.remove_log_entry": row(303, 403, 303, 403, 404, 403, 403, 403),
    # The site
    "site.home": row(302, 200, 200, 200, 200, 200, 200, 200),
    "site.accessibility": row(200, 200, 200, 200, 200, 200, 200, 200),
    "site.change_language": row(303, 303, 303, 303, 303, 303, 303, 303),
    "site.healthz": row(200, 200, 200, 200, 200, 200, 200, 200),
    "site.readyz": row(200, 200, 200, 200, 200, 200, 200, 200),
}
# What would change what later requests see (records gone or locked, signed out): tried last,
# in this order.
LAST = ("remove", "archive", "cancel", "restrict", "erase", "logout")


@pytest.fixture
def people(app):
    """The usual people (tests/conftest.py), and Karen, a treatment contact Anna has said yes
    to, sharing everything."""
    with app.app_context():
        people = make_caseload()
        karen = make_partner("karen@psykiatrien.example.org", "Karen Holm")
        make_partner_link(people["client_a"], karen, shares=SHARES)
        return people | {"partner": karen}


@pytest.fixture
def ids(app, people, anna_things):
    with app.app_context():
        return route_ids(people, anna_things)


def in_order(app) -> list:
    """GET routes first, then POST-only ones; what changes later answers, last."""

    def key(rule):
        last = [n for n, word in enumerate(LAST, 1) if word in rule.endpoint]
        return ("GET" not in rule.methods, last[0] if last else 0)

    return sorted(app_rules(app), key=key)


def browser_of(make_client, people, who: str):
    browser = make_client()
    browser.set_cookie("lang", "en")
    if who != "anonymous":
        sign_in(browser, people[who].email)
    page = "/login" if who == "anonymous" else "/account"
    return browser, csrf_token_from(browser.get(page).get_data(as_text=True))


def test_every_route_has_a_row_and_every_row_a_route(app):
    endpoints = {rule.endpoint for rule in app_rules(app)}
    missing = sorted(endpoints - MATRIX.keys())
    stale = sorted(MATRIX.keys() - endpoints)
    assert not missing and not stale, (
        f"routes without a row in MATRIX (who may use them?): {missing}; "
        f"rows in MATRIX for routes that no longer exist: {stale}"
    )


@pytest.mark.parametrize("who", WHO)
def test_each_person_gets_what_the_matrix_says(app, make_client, people, ids, eid, who):
    browser, token = browser_of(make_client, people, who)
    wrong = []
    for rule in in_order(app):
        url = fill(rule, ids)
        if "GET" in rule.methods:
            status = browser.get(url).status_code
        else:
            status = browser.post(url, data={"csrf_token": token}).status_code
        if status != MATRIX[rule.endpoint][who]:
            wrong.append(
                f"{rule.endpoint} {url}: {status}, the matrix says {MATRIX[rule.endpoint][who]}"
            )
    assert not wrong, f"{who}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_refusals_hold_for_every_method_with_and_without_htmx(
    app, make_client, people, ids, who, caplog
):
    browser, token = browser_of(make_client, people, who)
    refused = [rule for rule in in_order(app) if MATRIX[rule.endpoint][who] in (403, 404)]
    assert len(refused) > 40
    for rule in refused:
        expected, url = MATRIX[rule.endpoint][who], fill(rule, ids)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            for headers in ({}, {"HX-Request": "true"}):
                caplog.clear()
                with caplog.at_level(logging.WARNING, logger="portal.core.authz"):
                    response = browser.open(
                        url,
                        method=method,
                        data={"csrf_token": token},
                        headers={"X-CSRFToken": token, **headers},
                    )
                assert response.status_code == expected, (who, method, url, headers)
                assert "A goal" not in response.get_data(as_text=True)
                if expected != 404:
                    continue
                # Each refusal is in the log, with the route, not the id or anything of Anna's.
                denials = [
                    r.getMessage() for r in caplog.records if "Access denied" in r.getMessage()
                ]
                assert len(denials) == 1, (who, method, url)
                assert "A goal" not in denials[0] and str(people[who].id) in denials[0]


@pytest.mark.parametrize("who", WHO)
def test_ids_that_do_not_exist_answer_404(app, make_client, people, ids, who):
    browser, _token = browser_of(make_client, people, who)
    nothing = missing_ids(ids)
    for rule in app_rules(app):
        # A link's token that is not one is a link no longer valid (410): the matrix has it.
        if "token" in rule.arguments or not rule.arguments or "GET" not in rule.methods:
            continue
        if MATRIX[rule.endpoint][who] == 200:
            assert browser.get(fill(rule, nothing)).status_code == 404, (who, rule.rule)
