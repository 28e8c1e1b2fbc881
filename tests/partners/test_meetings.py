"""A contact takes part in a meeting (#21): the specialist invites the participant's contacts
who share with her now; an invited contact sees the meeting on their home and page of her
while she shares, gets an e-mail that names nothing, can add it to a calendar, and reads its
summary only once she has confirmed it; a cancellation shows, a withdrawal hides it all."""

from sqlalchemy import select

from portal.core.db import db
from portal.meetings.services import cancel_meeting, confirm_summary, dispute_summary
from portal.partners.meetings import invite_contacts
from portal.partners.models import LinkState, MeetingPartner, PartnerLink
from portal.partners.services import stop_sharing
from tests.factories import make_partner, make_partner_link
from tests.helpers import post_form
from tests.meetings.helpers import MEETING_PLACE, meeting_fields, planned_meeting, recorded_meeting

KAREN = "karen@psykiatrien.example.org"
LARS = "lars@jobcenter.example.org"


def _contact(app, people, email=KAREN, name="Karen Holm", client="client_a", **link):
    with app.app_context():
        partner = make_partner(email, name)
        make_partner_link(db.merge(people[client]), partner, **link)
        return partner


def _meeting(app, people, maker=planned_meeting, invite=(), **kwargs) -> int:
    """A meeting of Anna's with Sofie, with the contacts in `invite` invited."""
    with app.app_context():
        anna, sofie = db.merge(people["client_a"]), db.merge(people["specialist_a"])
        meeting = maker(sofie, anna, **kwargs)
        invite_contacts(sofie, meeting, [str(partner.id) for partner in invite])
        db.commit()
        return meeting.id


def _invited(app, meeting_id: int) -> set[int]:
    with app.app_context():
        rows = select(MeetingPartner.partner_id).where(MeetingPartner.meeting_id == meeting_id)
        return set(db.scalars(rows))


def _body(browser, url: str) -> str:
    return browser.get(url).get_data(as_text=True)


def test_the_form_offers_only_contacts_who_share_with_the_participant_now(app, login_as, people):
    _contact(app, people, shares=("goals",))
    _contact(app, people, LARS, "Lars Berg", state=LinkState.ASKED)
    _contact(app, people, "other@psyk.example.org", "Olga Other", client="client_b")
    page = _body(login_as("specialist_a"), f"/clients/{people['client_a'].id}/meetings")
    assert "Invite to the meeting" in page and "Karen Holm" in page
    assert "Lars Berg" not in page and "Olga Other" not in page


def test_planning_with_a_contact_ticked_invites_them_and_mails_nothing_but_the_portal(
    app, login_as, people, outbox
):
    karen = _contact(app, people)
    lars = _contact(app, people, LARS, "Lars Berg", state=LinkState.ASKED)
    olga = _contact(app, people, "other@psyk.example.org", "Olga Other", client="client_b")
    sofie = login_as("specialist_a")
    fields = meeting_fields(app, invite_partner=[str(karen.id), str(lars.id), str(olga.id)])
    response = post_form(sofie, f"/clients/{people['client_a'].id}/meetings", fields)
    assert response.status_code == 303
    meeting_id = int(response.headers["Location"].rsplit("/", 1)[1])
    # Only the one offered is invited: ids posted by hand for others are not.
    assert _invited(app, meeting_id) == {karen.id}
    [mail] = [mail for mail in outbox() if mail.recipient == KAREN]
    # In her language (Danish here): only that something waits in the portal, and its address.
    assert "portal" in mail.subject and mail.body.rstrip().endswith("/")
    for secret in ("Anna", "Klient", "Vestergade", "Sofie", "eeting", "øde", "IPS"):
        assert secret not in mail.subject + mail.body
    assert not [mail for mail in outbox() if mail.recipient in (LARS, olga.email)]

    # The meeting page says who is invited, to the specialist and to the participant.
    assert "Invited: Karen Holm" in _body(sofie, f"/meetings/{meeting_id}")
    assert "Invited: Karen Holm" in _body(login_as("client_a"), f"/meetings/{meeting_id}")


def test_unticking_a_contact_when_editing_the_meeting_uninvites_them(app, login_as, people):
    karen = _contact(app, people)
    meeting_id = _meeting(app, people, invite=[karen])
    sofie = login_as("specialist_a")
    ticked = f'value="{karen.id}" id="edit-invite-{karen.id}" checked'
    assert ticked in _body(sofie, f"/meetings/{meeting_id}")
    response = post_form(sofie, f"/meetings/{meeting_id}", meeting_fields(app, version="1"))
    assert response.status_code == 303
    assert _invited(app, meeting_id) == set()


def test_an_invited_contact_sees_the_meeting_on_their_home_and_page(app, login_as, people):
    # Anna shares only her goals: the invitation is what shows the meeting.
    karen = _contact(app, people, shares=("goals",))
    lars = _contact(app, people, LARS, "Lars Berg", shares=("goals",))
    meeting_id = _meeting(app, people, invite=[karen])
    anna_id = people["client_a"].id
    browser = login_as(karen)
    for url in ("/", f"/shared/{anna_id}"):
        body = _body(browser, url)
        assert "Meetings you are invited to" in body, url
        assert MEETING_PLACE in body and "Sofie Specialist" in body and "10:00" in body, url
    ics = browser.get(f"/shared/{anna_id}/meetings/{meeting_id}/calendar.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    assert b"Vestergade" in ics.data

    # Another contact of hers who is not invited sees none of it, nor its calendar file.
    other = login_as(lars)
    for url in ("/", f"/shared/{anna_id}"):
        assert MEETING_PLACE not in _body(other, url), url
    assert other.get(f"/shared/{anna_id}/meetings/{meeting_id}/calendar.ics").status_code == 404


def test_the_home_look_is_in_the_participants_access_log(app, login_as, people):
    karen = _contact(app, people, shares=("goals",))
    _meeting(app, people, invite=[karen])
    login_as(karen).get("/")
    export = login_as("client_a").get("/my-data/export.json").get_json()
    assert [row for row in export["audit_entries"] if row["actor_id"] == karen.id]


def test_the_summary_shows_only_once_the_participant_has_confirmed_it(app, login_as, people):
    karen = _contact(app, people, shares=("goals",))  # not her meeting summaries
    waiting = _meeting(app, people, recorded_meeting, [karen], summary="We agreed on a bakery")
    corrected = _meeting(app, people, recorded_meeting, [karen], summary="We agreed on nights")
    confirmed = _meeting(app, people, recorded_meeting, [karen], summary="We agreed on a CV")
    with app.app_context():
        anna = db.merge(people["client_a"])
        from portal.meetings.models import Meeting

        meeting = db.get(Meeting, corrected)
        dispute_summary(anna, meeting, "Days, not nights", meeting.version)
        meeting = db.get(Meeting, confirmed)
        confirm_summary(anna, meeting, meeting.version)
        db.commit()
    body = _body(login_as(karen), f"/shared/{people['client_a'].id}")
    assert "We agreed on a CV" in body and "summary confirmed" in body
    assert "We agreed on a bakery" not in body and "summary waiting for the participant" in body
    assert "We agreed on nights" not in body
    assert "summary corrected by the participant" in body and "Days, not nights" in body
    assert waiting  # the three meetings are all listed, each by its state


def test_a_cancelled_meeting_says_so_on_the_contacts_page(app, login_as, people):
    karen = _contact(app, people, shares=("goals",))
    meeting_id = _meeting(app, people, invite=[karen])
    with app.app_context():
        from portal.meetings.models import Meeting

        cancel_meeting(db.merge(people["specialist_a"]), db.get(Meeting, meeting_id))
        db.commit()
    browser = login_as(karen)
    assert "This meeting is cancelled." in _body(browser, f"/shared/{people['client_a'].id}")
    assert MEETING_PLACE not in _body(browser, "/")


def test_after_withdrawal_the_contact_sees_nothing_of_the_meeting(app, login_as, people):
    karen = _contact(app, people, shares=("goals",))
    meeting_id = _meeting(app, people, invite=[karen])
    with app.app_context():
        anna = db.merge(people["client_a"])
        link = db.scalar(select(PartnerLink).where(PartnerLink.partner_id == karen.id))
        stop_sharing(anna, link, link.version)
        db.commit()
    browser = login_as(karen)
    anna_id = people["client_a"].id
    assert MEETING_PLACE not in _body(browser, "/")
    assert browser.get(f"/shared/{anna_id}").status_code == 404
    assert browser.get(f"/shared/{anna_id}/meetings/{meeting_id}/calendar.ics").status_code == 404
    # Nor is a contact who no longer shares offered in the form.
    assert "Karen Holm" not in _body(login_as("specialist_a"), f"/meetings/{meeting_id}")


def test_the_calendar_file_is_refused_to_everyone_else(app, login_as, people):
    karen = _contact(app, people, shares=("goals",))
    meeting_id = _meeting(app, people, invite=[karen])
    url = f"/shared/{people['client_a'].id}/meetings/{meeting_id}/calendar.ics"
    for who in ("client_a", "specialist_a", "admin"):
        assert login_as(who).get(url).status_code in (403, 404), who
    # A contact of another participant, with that participant's id in the address.
    olga = _contact(app, people, "other@psyk.example.org", "Olga Other", client="client_b")
    url = f"/shared/{people['client_b'].id}/meetings/{meeting_id}/calendar.ics"
    assert login_as(olga).get(url).status_code == 404


def test_a_new_yes_after_a_withdrawal_does_not_bring_back_old_invitations(app, login_as, people):
    karen = _contact(app, people, shares=("goals",))
    meeting_id = _meeting(app, people, invite=[karen])
    with app.app_context():
        from portal.core.db import utcnow

        anna = db.merge(people["client_a"])
        link = db.scalar(select(PartnerLink).where(PartnerLink.partner_id == karen.id))
        stop_sharing(anna, link, link.version)
        db.commit()
        # Her new yes, as the consent pages record it: active from now.
        link.state, link.answered_at = LinkState.ACTIVE, utcnow()
        db.commit()
    assert MEETING_PLACE not in _body(login_as(karen), f"/shared/{people['client_a'].id}")
    sofie = login_as("specialist_a")
    assert "Invited: Karen Holm" not in _body(sofie, f"/meetings/{meeting_id}")
    # Invited again, she sees it again.
    fields = meeting_fields(app, version="1", invite_partner=[str(karen.id)])
    assert post_form(sofie, f"/meetings/{meeting_id}", fields).status_code == 303
    assert MEETING_PLACE in _body(login_as(karen), f"/shared/{people['client_a'].id}")


def test_a_form_sent_back_with_an_error_keeps_the_ticked_contacts(app, login_as, people):
    karen = _contact(app, people)
    sofie = login_as("specialist_a")
    fields = meeting_fields(app, at="25:99", invite_partner=[str(karen.id)])
    response = post_form(sofie, f"/clients/{people['client_a'].id}/meetings", fields)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert f'value="{karen.id}" id="new-invite-{karen.id}" checked' in body


def test_a_restricted_participant_shows_no_meeting_and_offers_no_contact(app, login_as, people):
    karen = _contact(app, people, shares=("goals",))
    meeting_id = _meeting(app, people, invite=[karen])
    with app.app_context():
        from portal.core.db import utcnow

        db.merge(people["client_a"]).restricted_at = utcnow()
        db.commit()
    assert MEETING_PLACE not in _body(login_as(karen), "/")
    with app.app_context():
        from portal.core.identity import User
        from portal.meetings.models import Meeting
        from portal.partners.meetings import invitable_links

        assert invitable_links(db.get(Meeting, meeting_id).client) == []
        assert db.get(User, karen.id) is not None
