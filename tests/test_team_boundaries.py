"""Teams are the boundary of need-to-know (issue #18): a cross-team matrix.

Two teams, A in Denmark and B in Sweden, each with a lead, two specialists and a former one
(switched off), a client with one of every kind of record, an employer record with a contact
person, a treatment contact the client shares everything with, a pending invitation and a job
development log; and one contact person both teams work with, each through its own record of
the same company (B places its client there). The lead and the specialist of team A (and its
client, contact person and treatment contact) then try every guarded route of the portal
(every blueprint) with every id in its address filled with team B's ids, with every method,
with and without htmx: each answer is 404 (403 only where the answer does not depend on the
id, i.e. the role may never use the route), and no answer holds any of team B's names, e-mail
addresses or written words. Their own pages without ids (and the reports in every period and
team offered) hold none of them either, and every form on team A's pages, sent with one of
team B's ids in a field naming a record, is refused without showing anything of B's.
Afterwards no row in the database ties team A's people or records to team B's.

The positive controls: team B's own people open every one of these pages with the same ids,
and between them see every name and text looked for; every form tried is taken when filled
in with team A's own ids. So neither the ids nor the words are wrong, and the matrix fails
when a guard is removed (tried: the team check of `caseload.team` and of `employers.employer`
taken out, and the code before issue #18).
"""

import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Invitation, Passkey
from portal.accounts.services import (
    NewAccount,
    create_user,
    find_or_create_employer,
    link_employer_contact,
)
from portal.caseload.models import Handover
from portal.core.authz import PUBLIC
from portal.core.dates import local_today
from portal.core.db import Base, db, utcnow
from portal.core.identity import (
    Country,
    EmployerContactLink,
    EmployerOrganisation,
    Role,
    Team,
    User,
)
from portal.core.outbox import OutboxEmail
from portal.core.suppression import MIN_GROUP
from portal.feedback.services import give_feedback
from portal.fidelity.models import FidelityAction, FidelityItemScore, FidelityReview
from portal.intake.services import Reachable, refer_by_clinic, refer_oneself
from portal.meetings.services import confirm_summary, dispute_summary
from portal.messaging.models import Conversation
from portal.messaging.services import send_message
from portal.partners.models import SHARES, PartnerKind, PartnerNote
from portal.partners.services import NewContact, add_contact
from portal.placements.models import (
    Category,
    CheckIn,
    Disclosure,
    EmployerConsent,
    EmployerContact,
    Job,
)
from portal.placements.services.checkins import Answer, answer_checkin, send_checkin
from portal.placements.services.consent import get_consent, set_disclosure, set_permission
from portal.placements.services.jobs import EducationData, record_education, record_job
from portal.reports.models import SharedFigures
from portal.reports.periods import QUARTER, containing
from tests.factories import make_partner, make_partner_link, make_team, make_user
from tests.helpers import csrf_token_from, sign_in
from tests.jobs.helpers import checkin_id_of, job_data
from tests.meetings.helpers import recorded_meeting
from tests.things import ANNA_TEXTS, client_things

HTMX = {"HX-Request": "true"}
# Team A's people who try team B's routes: the lead and the specialist above all, and the
# client and the employer contact too, whose roles may not use most of them.
EVERYONE = ["lead", "specialist", "client", "contact", "partner"]
MISSING = 987654321  # an id nobody has (within every database's integer range)
# What each team's people are called. First names are looked for on their own too (pages
# greet people and name employees by first name), so they are unusual enough to be unique.
PEOPLE = {
    "A": {
        "team": "IPS Alfastad",
        "domain": "alfa.example.org",
        "lead": "Alfhild Ledersen",
        "specialist": "Aurelius Hjelpersen",
        "colleague": "Aksel Kollegasen",
        "former": "Adelgunde Tidligere",
        "client": "Amalthea Deltagersen",
        "contact": "Ambrosius Chefsen",
        "invitee": "Anselma Inviteret",
        "invited": "Aldebrand Ventersen",
        "employer": "Alfa Bageri ApS",
        "partner": "Aurelius Behandlersen",
        "referred": "Alvilda Henvistsen",
        "asking": "Asbjørn Spørgesen",
    },
    "B": {
        "team": "IPS Bravostad",
        "domain": "bravo.example.se",
        "lead": "Brynhildur Ledarsson",
        "specialist": "Bartholomeus Hjälparsson",
        "colleague": "Botvid Kollegsson",
        "former": "Benedikta Tidigare",
        "client": "Bathsheba Deltagarsson",
        "contact": "Bonifatius Chefsson",
        "invitee": "Brunhilde Inbjuden",
        "invited": "Balthasar Väntarsson",
        "employer": "Bravo Lager AB",
        "partner": "Bengta Vårdkontaktsson",
        "referred": "Birger Remitteradsson",
        "asking": "Bodil Frågarsson",
    },
}
# What each team writes beyond `client_things`: a job title, a check-in's answer, a disclosure
# note, an education, a reply, meeting summaries, a correction, feedback, log and hand-over notes.
EXTRA_TEXTS = (
    "wish",
    "fidelity",
    "action",
    "job",
    "checkin",
    "disclosure",
    "school",
    "course",
    "reply",
    "confirmed",
    "feedback",
    "disputed",
    "correction",
    "anonymous",
    "log",
    "note_to_client",
    "note_to_specialist",
)
# Endpoints whose use, were a guard missing, would change what later requests can show:
# tried last, so that one leak does not hide the others.
LAST = ("erase", "restrict", "deactivate", "handover")


@dataclass
class Side:
    key: str
    team_id: int
    emails: dict[str, str]  # by person: lead, specialist, client, contact
    ids: dict[str, list]  # candidate values of each route parameter, the first the main one
    markers: list[str]  # every name, e-mail address and written text of the team


def _texts(key: str) -> dict[str, str]:
    word = "Alfa" if key == "A" else "Bravo"
    return {kind: f"{word} {kind} {key}7Q" for kind in (*ANNA_TEXTS, *EXTRA_TEXTS)}


def build_team(key: str, country: Country) -> Side:
    """One team with one of everything (inside an app context; committed)."""
    names, texts = PEOPLE[key], _texts(key)
    domain, today = names["domain"], local_today()
    team = make_team(names["team"], country)
    lead = make_user(Role.ADMIN, f"lead@{domain}", names["lead"], team=team)
    specialist = make_user(Role.SPECIALIST, f"specialist@{domain}", names["specialist"], team=team)
    colleague = make_user(Role.SPECIALIST, f"colleague@{domain}", names["colleague"], team=team)
    former = make_user(
        Role.SPECIALIST, f"former@{domain}", names["former"], team=team, deactivated_at=utcnow()
    )
    client = make_user(Role.CLIENT, f"client@{domain}", names["client"], specialist=specialist)
    contact = make_user(
        Role.EMPLOYER,
        f"contact@{domain}",
        names["contact"],
        team=team,
        workplace=names["employer"],
        phone="+46 70 174 06 99" if key == "B" else "+45 66 00 00 99",
    )
    employer = contact.employers[0]
    # Someone the specialist invited who has not chosen a password, and an invitation kept.
    invitee = create_user(
        NewAccount(
            Role.CLIENT, f"invitee@{domain}", names["invitee"], None, team.id, specialist.id
        ),
        invited_by=specialist,
    )
    invitation = Invitation(
        invited_by_id=specialist.id,
        email=f"invited@{domain}",
        name=names["invited"],
        role=Role.CLIENT,
        expires_at=utcnow() + timedelta(days=7),
    )
    db.add(invitation)

    ids = client_things(client, specialist, contact, texts)
    job = db.get(Job, ids["job_id"])
    job.title = texts["job"]
    first = db.get(CheckIn, ids["checkin_id"])
    answer_checkin(first, Answer(True, Decimal("15"), 4, True, texts["checkin"]))
    consent = db.get(EmployerConsent, ids["consent_id"])
    set_disclosure(client, consent, Disclosure.AGREED, texts["disclosure"])
    waiting = send_checkin(job, job.start_date + timedelta(days=14))
    assert waiting is not None
    waiting_id = db.scalar(
        select(CheckIn.id).where(CheckIn.job_id == job.id, CheckIn.answered_at.is_(None))
    )
    education = record_education(
        specialist,
        client,
        EducationData(texts["school"], texts["course"], today - timedelta(days=5), None, None),
    )
    send_message(specialist, db.get(Conversation, ids["conversation_id"]), texts["reply"])
    confirmed = recorded_meeting(specialist, client, texts["confirmed"])
    confirm_summary(client, confirmed, confirmed.version)
    give_feedback(client, 4, texts["feedback"], True, confirmed)
    disputed = recorded_meeting(specialist, client, texts["disputed"])
    dispute_summary(client, disputed, texts["correction"], disputed.version)
    for _ in range(MIN_GROUP):  # enough answers without a name for the lead to read them
        give_feedback(client, 5, texts["anonymous"], False)
    entry = EmployerContact(
        specialist_id=specialist.id,
        employer_id=employer.id,
        client_id=client.id,
        contact_on=today,
        in_person=True,
        note=texts["log"],
    )
    db.add(entry)
    # A treatment contact the specialist has asked the participant about.
    asked = NewContact(f"Pia {key} Partner", f"partner@{domain}", "Psykiatrien", PartnerKind.GP)
    link = add_contact(specialist, client, asked)
    # A treatment contact the participant has said yes to, sharing everything.
    partner = make_partner(f"behandler@{domain}", names["partner"])
    shared = make_partner_link(client, partner, shares=SHARES)
    # Invited to the participant's meeting, whose calendar file they may then have.
    from portal.partners.models import MeetingPartner

    db.add(MeetingPartner(meeting_id=ids["meeting_id"], partner_id=partner.id))
    # Their note to the team, about treatment only (its words name the participant).
    note = PartnerNote(
        link=shared,
        client_id=client.id,
        author_id=partner.id,
        text=f"{names['client']} sleeps better",
        treatment_only=True,
    )
    db.add(note)
    db.add(
        Handover(
            client_id=client.id,
            from_specialist_id=former.id,
            to_specialist_id=specialist.id,
            by_id=lead.id,
            note_to_client=texts["note_to_client"],
            note_to_specialist=texts["note_to_specialist"],
        )
    )
    # Waiting referrals: one the person sent on the public page, one from the treatment
    # contact above; the team is on the public page under a name of its own.
    team.public_name = f"Jobstøtte {names['team']}"
    asking = Reachable(names["asking"], f"asking@{domain}", "20 30 40 50", texts["wish"], "da")
    asked_for = refer_oneself(team, asking)
    referred = Reachable(names["referred"], None, "+46 8 123 45", None, "sv")
    by_clinic = refer_by_clinic(partner, team.id, referred)
    passkey = Passkey(user_id=client.id, credential_id=f"key-{key}", public_key=b"k", name="Phone")
    db.add(passkey)
    # An open fidelity review, with the lead's score and note for an item and a step planned.
    review = FidelityReview(
        team_id=team.id,
        period=str(today.year - 1),  # a new review of this year is one of the forms tried
        period_start=date(today.year - 1, 1, 1),
        period_end=date(today.year - 1, 12, 31),
        created_by_id=lead.id,
    )
    review.items.append(FidelityItemScore(item="S2", score=4, note=texts["fidelity"]))
    review.actions.append(FidelityAction(item="S2", text=texts["action"]))
    db.add(review)
    # Last quarter's figures, shared with the team by its lead (whose name the copy shows).
    quarter = containing(containing(today, QUARTER).start - timedelta(days=1), QUARTER)
    db.add(
        SharedFigures(
            team_id=team.id,
            period=quarter.code,
            period_start=quarter.start,
            period_end=quarter.end,
            figures={},
            shared_by_id=lead.id,
        )
    )
    db.commit()

    people = (lead, specialist, colleague, former, client, contact, invitee, partner)
    people_names = [person.name for person in people]
    people_names += [names["invited"], names["referred"], names["asking"]]
    return Side(
        key=key,
        team_id=team.id,
        emails={
            "lead": lead.email,
            "specialist": specialist.email,
            "client": client.email,
            "contact": contact.email,
            "partner": partner.email,
        },
        ids={
            **{name: [value] for name, value in ids.items()},
            "step_id": [ids["step_id"], ids["proposal_id"]],
            "job_id": [job.id, education.id],
            "checkin_id": [waiting_id, first.id],
            "meeting_id": [ids["meeting_id"], confirmed.id, disputed.id],
            "employer_id": [employer.id],
            "contact_id": [contact.id],
            "entry_id": [entry.id],
            "link_id": [link.id],
            "note_id": [note.id],
            "team_id": [team.id],
            "user_id": [
                specialist.id,
                colleague.id,
                former.id,
                lead.id,
                client.id,
                contact.id,
                invitee.id,
            ],
            "invitation_id": [invitation.id],
            "referral_id": [asked_for.id, by_clinic.id],
            "passkey_id": [passkey.id],
            "fidelity_review_id": [review.id],
            "item_key": ["S2"],
        },
        markers=[
            names["team"],
            names["employer"],
            *people_names,
            *{name.split()[0] for name in people_names},
            *(person.email for person in people),
            f"invited@{domain}",
            f"asking@{domain}",
            *texts.values(),
        ],
    )


# A contact person both teams work with, each through its own record of the same company.
SHARED = {"email": "shared@delta.example.org", "name": "Sigrun Deltasdottir"}
SHARED_COMPANY = "Delta Logistik"


def share_a_contact(first: Side, second: Side) -> None:
    """Link one contact person to each team's own record of the same company; the second
    team places its client there and logs a visit. The first team sees the person (theirs
    too), never the second team's record, placement, check-ins or notes."""
    contact = make_user(
        Role.EMPLOYER,
        SHARED["email"],
        SHARED["name"],
        team=db.get(Team, first.team_id),
        workplace=SHARED_COMPANY,
    )
    record = find_or_create_employer(second.team_id, SHARED_COMPANY)
    link_employer_contact(contact, record)
    client = db.get(User, second.ids["client_id"][0])
    texts = {kind: f"{text} at {SHARED_COMPANY}" for kind, text in _texts(second.key).items()}
    job = record_job(
        client.specialist,
        client,
        job_data(contact, employer_id=record.id, title=texts["job"]),
    )
    consent = get_consent(client.id, record.id)
    set_permission(client, consent, Category.CONTACT, True)
    set_disclosure(client, consent, Disclosure.YES, None)
    link = send_checkin(job, job.start_date + timedelta(days=7))
    visit = EmployerContact(
        specialist_id=client.specialist_id,
        employer_id=record.id,
        contact_on=local_today(),
        in_person=True,
        note=texts["log"],
    )
    db.add(visit)
    db.commit()
    second.ids["employer_id"].append(record.id)
    second.ids["job_id"].append(job.id)
    second.ids["consent_id"].append(consent.id)
    second.ids["checkin_id"].append(checkin_id_of(link))
    second.ids["entry_id"].append(visit.id)
    second.markers += [texts["job"], texts["log"]]


@pytest.fixture
def teams(app):
    with app.app_context():
        first, second = build_team("A", Country.DENMARK), build_team("B", Country.SWEDEN)
        share_a_contact(first, second)
        return first, second


def guarded_rules(app, with_arguments: bool):
    """Every route but the static files and the public pages (they have no guard to test)."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static" or getattr(view, "access", None) == PUBLIC:
            continue
        if bool(rule.arguments) == with_arguments:
            yield rule


def urls(rule, ids: dict[str, list]) -> list[str]:
    """The rule's address with every combination of the candidate ids of its parameters."""
    unknown = rule.arguments - ids.keys()
    assert not unknown, f"{rule.rule}: add team B's {unknown} to build_team's ids"
    names = sorted(rule.arguments)
    found = []
    for values in itertools.product(*(ids[name] for name in names)):
        chosen = dict(zip(names, values, strict=True))
        found.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m, c=chosen: str(c[m.group(1)]), rule.rule))
    return found


def missing_url(rule) -> str:
    return urls(rule, {name: [MISSING] for name in rule.arguments} | {"section_name": ["x"]})[0]


def browser_of(make_client, email: str):
    browser = make_client()
    browser.set_cookie("lang", "en")
    sign_in(browser, email)
    return browser


def leaked(team: Side, body: str) -> list[str]:
    text = unescape(body)
    return [marker for marker in team.markers if marker in text or marker in body]


def ordered(rules):
    """GET first, then the other methods; what would destroy evidence, last."""

    def key(item):
        rule, method = item
        return (method != "GET", any(word in rule.endpoint for word in LAST), rule.rule)

    pairs = [(rule, m) for rule in rules for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(pairs, key=key)


@pytest.mark.parametrize("who", EVERYONE)
def test_team_a_gets_404_for_every_route_with_team_bs_ids(app, make_client, teams, who):
    own, other = teams
    browser = browser_of(make_client, own.emails[who])
    token = csrf_token_from(browser.get("/account").get_data(as_text=True))
    problems, tried, mail_before = [], 0, last_mail_id(app)

    def request(url, method, headers):
        return browser.open(
            url,
            method=method,
            data={"csrf_token": token},
            headers={"X-CSRFToken": token, **headers},
        )

    for rule, method in ordered(guarded_rules(app, with_arguments=True)):
        for url in urls(rule, other.ids):
            for headers in ({}, HTMX):
                tried += 1
                response = request(url, method, headers)
                status, body = response.status_code, response.get_data(as_text=True)
                where = f"{who} A: {method} {url} {'htmx' if headers else ''}"
                if found := leaked(other, body):
                    problems.append(f"{where} -> {status} shows {found}")
                if status == 404:
                    continue
                # 403 (and 400/405) only when the answer does not depend on the id: the same
                # request for an id nobody has gets the same answer.
                same = request(missing_url(rule), method, headers).status_code
                if status not in (400, 403, 405) or same != status:
                    problems.append(f"{where} -> {status} (an id nobody has: {same})")
    assert tried > 150
    problems += mail_since(app, mail_before, other)
    problems += cross_team_rows(app)[:20]  # one leak can tie many rows; the first tell
    assert not problems, "\n".join(problems)


def _selects(html: str) -> dict[str, list[str]]:
    """The options of each <select> of a page's GET forms, by the select's name."""
    found = {}
    for form in re.findall(r"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", html, re.S | re.I):
        for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
            found[name] = [unescape(v) for v in re.findall(r'<option[^>]*value="([^"]*)"', body)]
    return found


def page_addresses(browser, path: str, other: Side) -> list[str]:
    """The page, the page with each choice its GET forms offer (every combination when
    there are few), the same for its CSV download, and the page asked for team B's ids."""
    html = browser.get(path).get_data(as_text=True)
    selects = _selects(html)
    queries = []
    if selects:
        names = sorted(selects)
        combinations = list(itertools.product(*(selects[name] for name in names)))
        if len(combinations) <= 200:
            queries += [dict(zip(names, values, strict=True)) for values in combinations]
        else:
            queries += [{name: value} for name in names for value in selects[name]]
    # Ids in the query string too: another team's, asked for by its address.
    probe = {
        "team": other.team_id,
        "team_id": other.team_id,
        "client_id": other.ids["client_id"][0],
    }
    queries += [probe, *({**query, "team": other.team_id} for query in queries[:1])]
    addresses = [path, *(f"{path}?{urlencode(query)}" for query in queries)]
    if path == "/reports":
        addresses += [a.replace("/reports", "/reports.csv", 1) for a in addresses]
    return addresses


@pytest.mark.parametrize("who", EVERYONE)
def test_team_as_own_pages_show_nothing_of_team_b(app, make_client, teams, who):
    own, other = teams
    browser = browser_of(make_client, own.emails[who])
    problems, tried = [], 0
    for rule in guarded_rules(app, with_arguments=False):
        if "GET" not in rule.methods:
            continue
        for address in page_addresses(browser, rule.rule, other):
            for headers in ({}, HTMX):
                tried += 1
                response = browser.get(address, headers=headers)
                if found := leaked(other, response.get_data(as_text=True)):
                    problems.append(f"{who} A: GET {address} -> {response.status_code} {found}")
    assert tried > 40
    assert not problems, "\n".join(problems)


def test_team_bs_own_people_open_every_page_and_see_every_name(app, make_client, teams):
    """The positive control: the ids are right, and every word looked for can be seen."""
    _, own = teams
    browsers = {who: browser_of(make_client, email) for who, email in own.emails.items()}
    seen, refused = set(), []
    for rule in guarded_rules(app, with_arguments=True):
        if "GET" not in rule.methods:
            continue
        opened = False
        for url in urls(rule, own.ids):
            for browser in browsers.values():
                response = browser.get(url)
                if response.status_code == 200:
                    opened = True
                    seen.update(leaked(own, response.get_data(as_text=True)))
        if not opened:
            refused.append(rule.rule)
    for browser in browsers.values():
        for rule in guarded_rules(app, with_arguments=False):
            if "GET" in rule.methods:
                for address in page_addresses(browser, rule.rule, own):
                    seen.update(leaked(own, browser.get(address).get_data(as_text=True)))
    assert not refused, f"team B's own people could not open {refused}"
    # Only these addresses are shown on no page (the lists name these people instead).
    shown_nowhere = {f"{who}@{PEOPLE['B']['domain']}" for who in ("colleague", "former", "invitee")}
    unseen = [marker for marker in own.markers if marker not in seen | shown_nowhere]
    assert not unseen, f"never shown to team B's own people, so not a test: {unseen}"


def last_mail_id(app) -> int:
    with app.app_context():
        return db.scalar(select(func.max(OutboxEmail.id))) or 0


def mail_since(app, after_id: int, other: Side) -> list[str]:
    """E-mails queued by what team A did: none may go to team B's people or tell of them."""
    with app.app_context():
        mails = db.scalars(select(OutboxEmail).where(OutboxEmail.id > after_id))
        return [
            f"e-mail to {mail.recipient}: {mail.subject}"
            for mail in mails
            if mail.recipient in other.markers or leaked(other, f"{mail.subject}\n{mail.body}")
        ]


def cross_team_rows(app) -> list[str]:
    """Rows that tie one team's people or records to the other's: a job of A's client at B's
    employer, a hand-over to B's specialist, a substitute from B, an audit entry of A's lead
    on B's client, an account made in B by A's lead..."""
    with app.app_context():
        team_key = {
            team_id: "A" if name == PEOPLE["A"]["team"] else "B"
            for team_id, name in db.execute(select(Team.id, Team.name))
        }
        employer_key = {
            employer_id: team_key[team_id]
            for employer_id, team_id in db.execute(
                select(EmployerOrganisation.id, EmployerOrganisation.team_id)
            )
        }
        user_key = {
            user_id: team_key[team_id]
            for user_id, team_id in db.execute(select(User.id, User.team_id))
            if team_id is not None
        }
        contact_keys = {}
        for user_id, employer_id in db.execute(
            select(EmployerContactLink.user_id, EmployerContactLink.employer_id)
        ):
            contact_keys.setdefault(user_id, set()).add(employer_key[employer_id])
        # A contact person linked to both teams' records belongs to both: not a tie.
        user_key |= {user: keys.pop() for user, keys in contact_keys.items() if len(keys) == 1}
        keys = {"teams": team_key, "employer_organisations": employer_key, "users": user_key}
        found = []
        for table in Base.metadata.sorted_tables:
            references = [
                (column.name, next(iter(column.foreign_keys)).column.table.name)
                for column in table.columns
                if column.foreign_keys
            ]
            references = [(name, target) for name, target in references if target in keys]
            if len(references) < 1:
                continue
            for row in db.execute(select(table)).mappings():
                teams_named = {
                    keys[target].get(row[name])
                    for name, target in references
                    if row[name] is not None
                }
                if table.name == "users":
                    teams_named.add(user_key.get(row["id"]))
                if table.name == "employer_organisations":
                    teams_named.add(employer_key.get(row["id"]))
                if {"A", "B"} <= teams_named:
                    found.append(f"{table.name}: {dict(row)}")
        return found


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
FIELD = re.compile(r"<(input|select|textarea|button)\b([^>]*)>(?:(.*?)</\1>)?", re.S | re.I)
ATTRIBUTE = re.compile(r'([\w:-]+)(?:\s*=\s*"([^"]*)")?')
# Forms on team A's pages that are not sent. None has a field naming a record (their ids are
# A's own, in the address, and the route matrix above tries those with B's), and sending them
# would end the test's session or A's records for the forms after them:
NOT_TRIED = re.compile(
    "|".join(
        (
            r"^/logout$",  # signs the browser out
            r"^/language$",  # the reader's language: the pages after it would not be English
            r"^/session/keep-alive$",  # the session's idle clock
            r"^/account(/.*)?$",  # one's own name, password and two-factor sign-in
            r"/(erase|restrict)$",  # ends the use of A's client's records
            r"/deactivate$",  # switches off an account of team A
        )
    )
)
# Which of team B's ids a form field naming a record gets, by a word in its name.
FIELD_IDS = (
    ("employer", "employer_id"),
    ("contact", "contact_id"),
    ("substitute", "user_id"),
    ("specialist", "user_id"),
    ("team", "team_id"),
    ("client", "client_id"),
    ("meeting", "meeting_id"),
    ("job", "job_id"),
    ("goal", "goal_id"),
    ("step", "step_id"),
    ("conversation", "conversation_id"),
    ("consent", "consent_id"),
)


def names_a_record(field_name: str) -> bool:
    name = field_name.lower()
    return name.endswith("_id") or any(word in name for word, _ in FIELD_IDS)


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): unescape(value) for name, value in ATTRIBUTE.findall(text)}


def post_forms(html: str, page: str) -> list[tuple[str, dict, list[str]]]:
    """Each POST form of a page: its action, its fields filled in as a person would (what is
    there, or something plausible where an answer is required), and the names of its fields
    that name a record by id."""
    filler = {
        "date": date.today().isoformat(),
        "time": "10:00",
        "number": "10",
        "email": "probe@alfa.example.org",
    }
    found = []
    for form_attributes, body in FORM.findall(html):
        attributes = _attributes(form_attributes)
        if attributes.get("method", "get").lower() != "post":
            continue
        action = attributes.get("action") or page
        fields, id_fields = {}, []
        for tag, text, inner in FIELD.findall(body):
            field = _attributes(text)
            name, kind = field.get("name"), field.get("type", "text").lower()
            if not name or name in fields:
                continue
            if tag.lower() == "select":
                options = [_attributes(o) for o in re.findall(r"<option\b([^>]*)>", inner)]
                values = [o.get("value", "") for o in options]
                chosen = [o.get("value", "") for o in options if "selected" in o]
                # A placeholder option ("Choose...") has an empty value or 0.
                fields[name] = (chosen or [v for v in values if v not in ("", "0")] or [""])[0]
                if any(value.isdigit() for value in values) and names_a_record(name):
                    id_fields.append(name)
            elif tag.lower() == "textarea":
                text = unescape(inner).strip()
                fields[name] = text or ("Probe" if "required" in field else "")
            elif tag.lower() == "button" or kind == "submit":
                fields.setdefault(name, field.get("value", ""))
            elif kind in ("checkbox", "radio"):
                if "checked" in field or kind == "radio":
                    fields[name] = field.get("value", "y")
            else:
                plausible = "10" if field.get("inputmode") in ("decimal", "numeric") else "Probe"
                plausible = filler.get(kind, plausible)
                fields[name] = field.get("value") or (plausible if "required" in field else "")
                if fields[name].isdigit() and names_a_record(name):
                    id_fields.append(name)
        found.append((action, fields, id_fields))
    return found


def ids_for_field(name: str, other: Side) -> list:
    for word, key in FIELD_IDS:
        if word in name.lower():
            return other.ids[key]
    return sorted({v for values in other.ids.values() for v in values if isinstance(v, int)})


@pytest.mark.parametrize("who", ["lead", "specialist"])
def test_team_as_forms_take_no_id_of_team_b(app, make_client, teams, who):
    """Every form on team A's own pages, sent with one of team B's ids in a field that names
    a record (an employer, a contact, the new specialist, a substitute, a team...): nothing of
    B's is shown, and no record ties A's people to B's afterwards."""
    own, other = teams
    browser = browser_of(make_client, own.emails[who])
    pages = [rule.rule for rule in guarded_rules(app, with_arguments=False)]
    for rule in guarded_rules(app, with_arguments=True):
        pages += urls(rule, own.ids) if "GET" in rule.methods else []
    # Team B's ids in the query string too (a page that fills a form in from its address).
    asked = urlencode({name: ids_for_field(name, other)[0] for name, _ in FIELD_IDS})
    forms, problems, tried, mail_before = {}, [], 0, last_mail_id(app)
    for page in pages:
        if found := leaked(other, browser.get(f"{page}?{asked}").get_data(as_text=True)):
            problems.append(f"{who} A: GET {page}?{asked} shows {found}")
        response = browser.get(page)
        if response.status_code == 200 and "html" in response.content_type:
            for action, fields, id_fields in post_forms(response.get_data(as_text=True), page):
                forms.setdefault((action, tuple(sorted(fields))), (action, fields, id_fields))
    for action, fields, id_fields in forms.values():
        if NOT_TRIED.search(action.split("?")[0]):
            continue
        for name in id_fields:
            for value in ids_for_field(name, other):
                tried += 1
                response = browser.post(action, data={**fields, name: str(value)})
                where = f"{who} A: POST {action} {name}={value}"
                if response.status_code >= 500:
                    problems.append(f"{where} -> {response.status_code}")
                if found := leaked(other, response.get_data(as_text=True)):
                    problems.append(f"{where} -> {response.status_code} shows {found}")
        # The control: the same form with team A's own ids is taken, so B's ids above were
        # refused for being B's, not for something else missing in the form.
        if id_fields:
            response = browser.post(action, data=fields)
            if response.status_code >= 400:
                problems.append(f"{who} A: POST {action} as filled in -> {response.status_code}")
    assert len(forms) > 5 and tried > 5, (len(forms), tried)
    problems += mail_since(app, mail_before, other)
    problems += cross_team_rows(app)[:20]  # one leak can tie many rows; the first tell
    assert not problems, "\n".join(problems)
