"""Demo teams and accounts (listed in the README) so every page shows something real."""

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.services import (
    NewAccount,
    create_user,
    find_or_create_employer,
    link_employer_contact,
)
from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.identity import Country, Role, Team, User
from portal.demo.history import load_demo_history
from portal.demo.meetings import load_demo_meetings
from portal.goals.models import GoalKind, GoalStatus
from portal.goals.services import GoalData, add_goal_note, create_goal
from portal.messaging.models import Conversation
from portal.messaging.services import mark_read, save_availability, send_message, start_conversation
from portal.placements.models import Category, CheckIn, Disclosure, EmployerContact, Schedule
from portal.placements.services.checkins import Answer, answer_checkin, send_checkin
from portal.placements.services.consent import (
    get_consent,
    request_consent,
    set_disclosure,
    set_permission,
)
from portal.placements.services.employers import find_employer
from portal.placements.services.jobs import EducationData, JobData, record_education, record_job
from portal.placements.services.schedule import latest_due_date
from portal.plans.models import ItemKind, Responsible, StepStatus
from portal.plans.services import (
    StepData,
    add_item,
    add_step,
    set_step_status,
    tick_benefit_question,
)
from portal.profiles.models import Section
from portal.profiles.services import add_suggestion, get_profile, save_section

DEMO_PASSWORD = "blue-canoe-harbour-7"  # noqa: S105 - published in the README, demo only
# Staff sign in with a code as well: these authenticator secrets are published in the README
# (type one into an authenticator app, or use `oathtool --totp -b SECRET`). Demo only.
DEMO_TOTP_SECRETS = {
    "lead@demo.ips-portal.dk": "DEMOLEADHANNEK2PXPJBSWY3DPEHPK3P",
    "mette@demo.ips-portal.dk": "DEMOMETTEJENSENPXPJBSWY3DPEHPK3P",
    "jonas@demo.ips-portal.dk": "DEMOJONASHOLMK3PXPJBSWY3DPEHPK3P",
    "sara@demo.ips-portal.se": "DEMOSARALINDQVISTPJBSWY3DPEHPK3P",
    "lead@demo.ips-portal.se": "DEMOLEADKARINS2PXPJBSWY3DPEHPK3P",
}

# Two teams in two countries, each with its own lead, specialists, participants and employer
# records, so that both sides of every team boundary can be tried.
TEAMS = {"IPS Odense": Country.DENMARK, "IPS Botkyrka": Country.SWEDEN}

# (role, e-mail, name, team, specialist e-mail, workplace, language). Staff belong to their
# team (a lead leads it); an employer contact is linked to that team's record of the workplace.
ACCOUNTS = [
    (Role.ADMIN, "lead@demo.ips-portal.dk", "Hanne Kristensen", "IPS Odense", None, None, "da"),
    (Role.SPECIALIST, "mette@demo.ips-portal.dk", "Mette Jensen", "IPS Odense", None, None, "da"),
    (Role.SPECIALIST, "jonas@demo.ips-portal.dk", "Jonas Holm", "IPS Odense", None, None, "da"),
    (
        Role.SPECIALIST,
        "sara@demo.ips-portal.se",
        "Sara Lindqvist",
        "IPS Botkyrka",
        None,
        None,
        "sv",
    ),
    (
        Role.ADMIN,
        "lead@demo.ips-portal.se",
        "Karin Sjöberg",
        "IPS Botkyrka",
        None,
        None,
        "sv",
    ),
    (
        Role.CLIENT,
        "anna@demo.ips-portal.dk",
        "Anna Nielsen",
        None,
        "mette@demo.ips-portal.dk",
        None,
        "da",
    ),
    (
        Role.CLIENT,
        "peter@demo.ips-portal.dk",
        "Peter Madsen",
        None,
        "mette@demo.ips-portal.dk",
        None,
        "da",
    ),
    (
        Role.CLIENT,
        "yusuf@demo.ips-portal.dk",
        "Yusuf Demir",
        None,
        "jonas@demo.ips-portal.dk",
        None,
        "en",
    ),
    (
        Role.CLIENT,
        "lise@demo.ips-portal.dk",
        "Lise Andersen",
        None,
        "jonas@demo.ips-portal.dk",
        None,
        "da",
    ),
    (
        Role.CLIENT,
        "elin@demo.ips-portal.se",
        "Elin Karlsson",
        None,
        "sara@demo.ips-portal.se",
        None,
        "sv",
    ),
    (
        Role.CLIENT,
        "ahmed@demo.ips-portal.se",
        "Ahmed Hassan",
        None,
        "sara@demo.ips-portal.se",
        None,
        "sv",
    ),
    (
        Role.EMPLOYER,
        "butik@demo.ips-portal.dk",
        "Kim Larsen",
        "IPS Odense",
        None,
        "Brugsen Vollsmose",
        "da",
    ),
    (
        Role.EMPLOYER,
        "lager@demo.ips-portal.se",
        "Maria Berg",
        "IPS Botkyrka",
        None,
        "Lagerhuset i Tumba AB",
        "sv",
    ),
    (
        # One person, two teams: PostNord's recruiter works with IPS Botkyrka and with IPS
        # Odense, and each team keeps its own record of PostNord (see _shared_contact).
        Role.EMPLOYER,
        "postnord@demo.ips-portal.se",
        "Johan Lindberg",
        "IPS Botkyrka",
        None,
        "PostNord",
        "sv",
    ),
]


def load_demo_data() -> str:
    """Create the demo teams and accounts, all with the demo password, a plan in progress,
    and jobs; return the link of Kim Larsen's waiting check-in."""
    teams = {}
    for name, country in TEAMS.items():
        teams[name] = Team(name=name, country=country)
        db.add(teams[name])
    db.flush()
    users = {}
    for role, email, name, team, specialist, workplace, locale in ACCOUNTS:
        owner = users.get(specialist)
        account = NewAccount(
            role=role,
            email=email,
            name=name,
            locale=locale,
            team_id=owner.team_id if owner else (teams[team].id if team else None),
            specialist_id=owner.id if owner else None,
            workplace=workplace,
        )
        users[email] = create_user(account, password=DEMO_PASSWORD)
        if email in DEMO_TOTP_SECRETS:
            users[email].totp_secret = DEMO_TOTP_SECRETS[email]
            users[email].mfa_enabled_at = utcnow()
    _plan_in_progress(users["anna@demo.ips-portal.dk"], users["mette@demo.ips-portal.dk"])
    _plan_in_progress_sv(users["elin@demo.ips-portal.se"], users["sara@demo.ips-portal.se"])
    _conversations(users)
    _education_sv(users["elin@demo.ips-portal.se"], users["sara@demo.ips-portal.se"])
    _shared_contact(users, teams["IPS Odense"])
    load_demo_meetings(users)
    load_demo_history(users, DEMO_PASSWORD, local_today())
    _job_told_nothing(users)
    return _job_with_checkins(users)


def _job_with_checkins(users: dict) -> str:
    """Anna works at Brugsen with her consent: one check-in answered (with a call asked for),
    and one waiting for Kim Larsen, whose link is returned."""
    anna, mette = users["anna@demo.ips-portal.dk"], users["mette@demo.ips-portal.dk"]
    kim = users["butik@demo.ips-portal.dk"]
    kim.phone = "+45 66 12 34 56"
    brugsen = find_employer(mette.team_id, "Brugsen Vollsmose")
    job = record_job(
        mette,
        anna,
        JobData(
            employer_id=brugsen.id,
            contact_id=kim.id,
            title="Butiksmedhjælper",
            start_date=_days(-16),
            hours_per_week=Decimal("12"),
            hourly_wage=Decimal("142.50"),
            competitive=True,
            schedule=Schedule.STANDARD,
        ),
    )
    consent = get_consent(anna.id, brugsen.id)
    with force_locale("da"):
        set_permission(anna, consent, Category.CONTACT, True)
        set_permission(anna, consent, Category.NAME, True)
        set_disclosure(
            anna, consent, Disclosure.AGREED, "Mette må sige, at jeg har brug for faste pauser."
        )
    first = latest_due_date(job.start_date, job.schedule, _days(-7))
    send_checkin(job, first)
    answered = db.scalar(select(CheckIn).where(CheckIn.job_id == job.id))
    answer_checkin(
        answered,
        Answer(True, Decimal("12"), 4, True, "Anna er god ved kunderne. Ring gerne om vagtplanen."),
    )
    return send_checkin(job, latest_due_date(job.start_date, job.schedule, _days(0)))


def _job_told_nothing(users: dict) -> None:
    """Ahmed works at Lagerhuset and has chosen not to tell them about the support: Sara's job
    page and Ahmed's consent page say why no check-ins go to Maria Berg, and her home page
    shows nothing of him (portal/placements/services/disclosure.py)."""
    ahmed, sara = users["ahmed@demo.ips-portal.se"], users["sara@demo.ips-portal.se"]
    maria = users["lager@demo.ips-portal.se"]
    lager = find_employer(sara.team_id, "Lagerhuset i Tumba AB")
    record_job(
        sara,
        ahmed,
        JobData(
            employer_id=lager.id,
            contact_id=maria.id,
            title="Lagerarbetare",
            start_date=_days(-20),
            hours_per_week=Decimal("20"),
            hourly_wage=None,
            competitive=True,
            schedule=Schedule.STANDARD,
        ),
    )
    consent = get_consent(ahmed.id, lager.id)
    with force_locale("sv"):
        set_permission(ahmed, consent, Category.CONTACT, True)
        set_disclosure(ahmed, consent, Disclosure.NO, None)


def _education_sv(elin: User, sara: User) -> None:
    record_education(
        sara,
        elin,
        EducationData("Botkyrka Truckskola", "Truckkort A och B", _days(-10), _days(20), None),
    )
    lager = find_employer(sara.team_id, "Lagerhuset i Tumba AB")
    request_consent(sara, elin, lager)  # Elin has not decided yet: no check-ins are sent


def _shared_contact(users: dict, odense: Team) -> None:
    """Johan Lindberg recruits for PostNord in both countries: his one account is linked to
    IPS Botkyrka's record of PostNord and to IPS Odense's. Each team sees only its own record,
    and its own log of contacts with him (Sara visited last week)."""
    johan, sara = users["postnord@demo.ips-portal.se"], users["sara@demo.ips-portal.se"]
    johan.phone = "+46 70 174 06 42"
    link_employer_contact(johan, find_or_create_employer(odense.id, "PostNord"))
    db.add(
        EmployerContact(
            specialist_id=sara.id,
            employer_id=find_employer(sara.team_id, "PostNord").id,
            contact_on=_days(-6),
            in_person=True,
            note="Besök på terminalen i Tumba. Johan tar gärna emot två praktikanter i vår.",
        )
    )
    db.flush()


def _conversations(users: dict) -> None:
    """A few conversations in Danish and Swedish, one of them waiting for an answer."""
    anna, mette = users["anna@demo.ips-portal.dk"], users["mette@demo.ips-portal.dk"]
    lise, jonas = users["lise@demo.ips-portal.dk"], users["jonas@demo.ips-portal.dk"]
    elin, sara = users["elin@demo.ips-portal.se"], users["sara@demo.ips-portal.se"]
    save_availability(mette, 1, None, None, None)
    save_availability(jonas, 2, _days(-2), _days(5), mette.id)  # Mette answers for Jonas
    save_availability(sara, 1, None, None, None)
    cv = start_conversation(
        anna,
        anna,
        "Mit CV",
        "Hej Mette. Jeg har skrevet lidt mere på mit CV. Vil du kigge på det inden tirsdag?",
    )
    send_message(
        mette,
        cv,
        "Hej Anna. Ja, det gør jeg gerne. Send det bare, eller tag det med "
        "på tirsdag, så ser vi på det sammen.",
    )
    mark_read(anna, cv)
    send_message(anna, cv, "Tak! Jeg tager det med.")
    start_conversation(
        mette,
        anna,
        "Planteskolen",
        "Hej Anna. Planteskolen vil gerne møde dig. Passer torsdag kl. 10?",
    )
    start_conversation(
        lise,
        lise,
        "Spørgsmål om arbejdstider",
        "Hej. Må jeg sige nej til weekendvagter, hvis jeg får job?",
    )
    question = start_conversation(
        elin, elin, "Truckkortet", "Hej Sara! Vet du när nästa truckkortskurs börjar?"
    )
    send_message(
        sara, question, "Hej Elin! Nästa kurs börjar den 12:e. Vill du att jag anmäler dig?"
    )
    mark_read(elin, question)
    for conversation in db.scalars(select(Conversation)):
        # Spread the demo messages over the past days, so reply times and markers show.
        for age, message in enumerate(reversed(conversation.messages)):
            message.created_at = utcnow() - timedelta(days=3 + age, hours=2)
        conversation.last_message_at = max(m.created_at for m in conversation.messages)


def _days(n: int) -> date:
    return date.today() + timedelta(days=n)


def _save_profile(client: User, section: Section, values: dict, shared: bool = True) -> None:
    profile = get_profile(client.id)
    save_section(client, client, section, values, shared, profile.version if profile else None)
    db.flush()


def _plan_in_progress(anna: User, mette: User) -> None:
    """Anna leads her own plan; Mette has commented, suggested and proposed a step."""
    shop = create_goal(
        anna,
        anna,
        GoalData(
            GoalKind.JOB,
            "Arbejde i en butik med planter eller blomster, 15 timer om ugen",
            _days(120),
        ),
    )
    create_goal(anna, anna, GoalData(GoalKind.EDUCATION, "Tage et kursus i kundeservice", None))
    create_goal(
        anna,
        anna,
        GoalData(GoalKind.JOB, "Prøve et par timer i en genbrugsbutik", None, GoalStatus.ACHIEVED),
    )
    add_goal_note(anna, shop, "Jeg har talt med min søster om, hvilke butikker der ligger tæt på.")
    add_goal_note(mette, shop, "Godt tænkt! Planteskolen i Vollsmose søger ofte folk til foråret.")
    _save_profile(
        anna,
        Section.HISTORY,
        {"history": "Kassemedarbejder i Netto 2015-2017.\nFrivillig i en genbrugsbutik 2022."},
    )
    _save_profile(
        anna,
        Section.STRENGTHS,
        {"strengths": "Jeg er god til at hjælpe kunder og holde orden. Jeg er rolig og pålidelig."},
    )
    _save_profile(
        anna,
        Section.PREFERENCES,
        {
            "preferred_work": "Butik, gartneri eller lager",
            "hours_per_week": 15,
            "preferred_place": "Odense, højst 30 minutter med bus",
            "what_matters": "Faste tider om formiddagen og søde kolleger.",
        },
    )
    _save_profile(
        anna,
        Section.SUPPORTS,
        {"supports": "Det hjælper at vide på forhånd, hvad dagen byder på."},
        shared=False,
    )
    add_suggestion(
        mette,
        anna,
        Section.STRENGTHS,
        "Du fortalte, at du lærte nye kolleger op i Netto. Det er værd at skrive med.",
    )
    add_step(
        anna, anna, StepData("Skrive mit CV færdigt sammen med Mette", Responsible.ME, _days(7))
    )
    add_step(
        anna, anna, StepData("Besøge to butikker og spørge efter job", Responsible.ME, _days(14))
    )
    add_step(
        anna,
        anna,
        StepData("Tale med min læge om arbejdstider", Responsible.TREATMENT_TEAM, _days(21)),
    )
    done = add_step(anna, anna, StepData("Melde mig i jobcentret", Responsible.JOB_CENTRE, None))
    set_step_status(anna, done, anna, StepStatus.DONE)
    add_step(
        mette,
        anna,
        StepData("Kontakte planteskolen om en prøveperiode", Responsible.SPECIALIST, _days(10)),
    )
    add_item(anna, anna, ItemKind.ACCOMMODATION, "Et roligt sted at holde pause", None)
    add_item(
        anna,
        anna,
        ItemKind.OBSTACLE,
        "Hvis jeg sover dårligt i flere nætter",
        "Jeg skriver til Mette, og vi aftaler kortere dage i en periode.",
    )
    benefit = add_item(
        mette,
        anna,
        ItemKind.BENEFIT,
        "Hvad sker der med min ydelse, hvis jeg arbejder 15 timer om ugen?",
        None,
    )
    tick_benefit_question(mette, benefit, anna)


def _plan_in_progress_sv(elin: User, sara: User) -> None:
    create_goal(elin, elin, GoalData(GoalKind.JOB, "Jobba på ett lager, gärna dagtid", _days(90)))
    create_goal(elin, elin, GoalData(GoalKind.EDUCATION, "Ta truckkort", _days(60)))
    add_step(
        elin,
        elin,
        StepData("Boka ett möte med Arbetsförmedlingen", Responsible.JOB_CENTRE, _days(5)),
    )
    add_step(
        sara,
        elin,
        StepData("Besöka Lagerhuset i Tumba tillsammans", Responsible.SPECIALIST, _days(12)),
    )
    add_item(
        sara,
        elin,
        ItemKind.BENEFIT,
        "Hur påverkas min sjukersättning om jag börjar jobba 20 timmar?",
        None,
    )
