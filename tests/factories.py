"""Build the main objects of the portal straight through the services: teams and accounts
(with a cheap shared password hash), a client's goals, plan, profile, messages, meetings and
feedback, and work: employers, contacts, jobs, consent, check-ins and job development; treatment
and agency contacts with a participant's yes."""

from datetime import timedelta

from portal.accounts.mfa import mfa_required
from portal.accounts.passwords import FAST_HASHER
from portal.accounts.services import NewAccount, create_user
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Country, Role, Team, User
from portal.feedback.services import give_feedback
from portal.goals.models import GoalKind
from portal.goals.services import GoalData, create_goal
from portal.meetings.services import plan_meeting
from portal.messaging.services import send_message, start_conversation
from portal.partners.models import (
    ConsentWay,
    LinkState,
    PartnerKind,
    PartnerLink,
    PartnerLinkEvent,
)
from portal.placements.models import Category, EmployerContact
from portal.placements.services.checkins import send_checkin
from portal.placements.services.consent import (
    get_consent,
    request_consent,
    set_disclosure,
    set_permission,
)
from portal.placements.services.employers import add_contact, create_employer
from portal.placements.services.jobs import record_job
from portal.plans.models import ItemKind, Responsible
from portal.plans.services import StepData, add_item, add_step
from portal.profiles.models import Section
from portal.profiles.services import get_profile, save_section
from tests.jobs.helpers import job_data
from tests.meetings.helpers import meeting_data

TEST_PASSWORD = "quiet-harbour-lantern-42"
# Staff must use two-factor sign-in; test staff share this authenticator secret.
TEST_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Hashed once, as the test apps hash (FAST_PASSWORD_HASHING), so no sign-in rehashes it.
_TEST_HASH = FAST_HASHER.hash(TEST_PASSWORD)


def make_team(name: str = "IPS Testby", country: Country = Country.DENMARK) -> Team:
    team = Team(name=name, country=country)
    db.add(team)
    db.commit()
    return team


def make_user(role: Role, email: str, name: str | None = None, **fields) -> User:
    """Create an active account; clients need `specialist`, staff get a team when none is given."""
    specialist = fields.pop("specialist", None)
    team = fields.pop("team", None)
    account = NewAccount(
        role=role,
        email=email,
        name=name or email.split("@")[0].title() + " Testesen",
        locale=fields.pop("locale", None),
        team_id=team.id if team else (specialist.team_id if specialist else None),
        specialist_id=specialist.id if specialist else None,
        workplace=fields.pop("workplace", "Testfirma ApS" if role == Role.EMPLOYER else None),
    )
    if role in (Role.SPECIALIST, Role.EMPLOYER) and account.team_id is None:
        account.team_id = make_team(f"Team of {email}").id
    user = create_user(account)
    user.password_hash = _TEST_HASH
    if mfa_required(user):
        user.totp_secret, user.mfa_enabled_at = TEST_TOTP_SECRET, utcnow()
    for key, value in fields.items():
        setattr(user, key, value)
    db.commit()
    if role == Role.EMPLOYER:
        assert user.employers  # loaded now: tests read a contact's employer after the session
    return user


def make_caseload():
    """Two specialists in one team, each with one client, an employer contact and an admin."""
    team = make_team()
    specialist_a = make_user(Role.SPECIALIST, "spec.a@example.org", "Sofie Specialist", team=team)
    specialist_b = make_user(Role.SPECIALIST, "spec.b@example.org", "Bo Specialist", team=team)
    return {
        "team": team,
        "specialist_a": specialist_a,
        "specialist_b": specialist_b,
        "client_a": make_user(
            Role.CLIENT, "client.a@example.org", "Anna Klient", specialist=specialist_a
        ),
        "client_b": make_user(
            Role.CLIENT, "client.b@example.org", "Bent Klient", specialist=specialist_b
        ),
        "employer": make_user(Role.EMPLOYER, "boss@example.org", "Erik Arbejdsgiver", team=team),
        "admin": make_user(Role.ADMIN, "lead@example.org", "Lene Leder", team=team),
    }


# --- a client's own records, written through the services (call inside an app context) ------
# Each factory commits, as make_user does: the rows are there for the next request. `by` is
# who writes it (default: the client); the defaults are the plain texts the tests expect.


def make_goal(client, text="A goal", kind=None, target_date=None, by=None):
    goal = create_goal(by or client, client, GoalData(kind or GoalKind.JOB, text, target_date))
    db.commit()
    return goal


def make_step(client, text="A step", responsible=None, due_date=None, by=None):
    data = StepData(text, responsible or Responsible.ME, due_date)
    step = add_step(by or client, client, data)
    db.commit()
    return step


def make_item(client, text="A question", kind=None, response=None, by=None):
    """A plan item: a benefit question by default (an obstacle takes a `response`)."""
    item = add_item(by or client, client, kind or ItemKind.BENEFIT, text, response)
    db.commit()
    return item


def make_profile_section(client, section=None, values=None, shared=True, by=None):
    """Save one section of the client's career profile; return the profile."""
    section = section or Section.STRENGTHS
    save_section(by or client, client, section, values or {section.value: "Calm"}, shared, None)
    db.commit()
    return get_profile(client.id)


def make_conversation(client, subject="A subject", body="A message", by=None):
    conversation = start_conversation(by or client, client, subject, body)
    db.commit()
    return conversation


def make_message(conversation, by, body="A reply"):
    message = send_message(by, conversation, body)
    db.commit()
    return message


def make_meeting(specialist, client, days_from_today=3, summary=None, **changes):
    """A meeting planned `days_from_today` (negative: held, and with `summary` recorded)."""
    meeting = plan_meeting(specialist, client, meeting_data(days_from_today, summary, **changes))
    db.commit()
    return meeting


def make_feedback(client, rating=4, comment=None, named=False, meeting=None):
    feedback = give_feedback(client, rating, comment, named, meeting)
    db.commit()
    return feedback


# --- work: employers, contacts, jobs, consent, check-ins -------------------------------------


def make_employer(specialist, name="Brugsen Testby"):
    """An employer in the specialist's team."""
    employer = create_employer(specialist, name)
    db.commit()
    return employer


def make_employer_contact(specialist, employer, email, name=None, invite=False):
    """A contact person (an employer account) at `employer`, added by `specialist`."""
    name = name or email.split("@")[0].title() + " Kontakt"
    contact = add_contact(specialist, employer, name, email, None, "da", invite)
    db.commit()
    return contact


def make_job(specialist, client, contact, **overrides):
    """A job for `client` at `contact`'s (first) workplace; `overrides` change its JobData."""
    job = record_job(specialist, client, job_data(contact, **overrides))
    db.commit()
    return job


def make_consent(client, employer, specialist=None, contact=True, name=True, disclosure=None):
    """The client's consent for `employer` (asked for by `specialist` when no job did it yet):
    to contact it, to show their name, and (when given) the disclosure answer."""
    consent = get_consent(client.id, employer.id) or request_consent(specialist, client, employer)
    set_permission(client, consent, Category.CONTACT, contact)
    set_permission(client, consent, Category.NAME, name)
    if disclosure is not None:
        set_disclosure(client, consent, disclosure, None)
    db.commit()
    return consent


def make_checkin(job, due=None):
    """Send a check-in for `job` (due a week after its start); return its link."""
    link = send_checkin(job, due or job.start_date + timedelta(days=7))
    db.commit()
    return link


def make_job_development_contact(specialist, employer, contact_on, in_person=True, client=None):
    """One entry of the specialist's job-development log (a contact with an employer)."""
    entry = EmployerContact(
        specialist_id=specialist.id,
        employer_id=employer.id,
        client_id=client.id if client else None,
        contact_on=contact_on,
        in_person=in_person,
    )
    db.add(entry)
    db.commit()
    return entry


# --- treatment and agency contacts ------------------------------------------------------------


def make_partner(email: str, name: str | None = None, **fields) -> User:
    """A treatment or agency contact's account (two-factor sign-in on, as staff)."""
    return make_user(
        Role.PARTNER, email, name or email.split("@")[0].title() + " Behandler", **fields
    )


def make_partner_link(
    client,
    partner,
    kind=PartnerKind.PSYCHIATRY,
    organisation="Psykiatrien Testby",
    shares=("goals", "plan"),
    state=LinkState.ACTIVE,
    way=ConsentWay.PORTAL,
    recorded_by=None,
) -> PartnerLink:
    """`client`'s link to `partner` in `state` (a yes given in the portal by default), with
    `shares` ticked, and the event of the yes; made on the models, without the consent pages."""
    answered = state != LinkState.ASKED
    link = PartnerLink(
        client_id=client.id,
        partner_id=partner.id,
        team_id=client.team_id,
        kind=kind,
        organisation=organisation,
        state=state,
        consent_way=way if state in (LinkState.ACTIVE, LinkState.WITHDRAWN) else None,
        consent_on=local_today() if answered else None,
        recorded_by_id=recorded_by.id if recorded_by else None,
        answered_at=utcnow() if answered else None,
        withdrawn_at=utcnow() if state == LinkState.WITHDRAWN else None,
        **{f"share_{name}": True for name in shares},
    )
    db.add(link)
    db.flush()
    what = {LinkState.ASKED: "asked", LinkState.DECLINED: "declined"}.get(
        state, "paper" if way == ConsentWay.PAPER else "given"
    )
    db.add(
        PartnerLinkEvent(
            link_id=link.id,
            client_id=client.id,
            actor_id=(recorded_by or client).id,
            what=what,
            shares=",".join(sorted(shares)),
            wording="A test's yes",
            locale="en",
        )
    )
    db.commit()
    return link
