"""Demo work: jobs with their check-ins and consent, an education start, an employer two
teams share, and conversations."""

from datetime import timedelta
from decimal import Decimal

from flask_babel import force_locale
from sqlalchemy import select

from portal.accounts.services import (
    find_or_create_employer,
    link_employer_contact,
)
from portal.core.db import db, utcnow
from portal.core.identity import Team, User
from portal.demo.plans import days
from portal.messaging.availability import save_availability
from portal.messaging.models import Conversation
from portal.messaging.services import mark_read, send_message, start_conversation
from portal.placements.models import (
    BenefitsReview,
    Category,
    CheckIn,
    Disclosure,
    EmployerContact,
    Schedule,
)
from portal.placements.services.benefits import mark_gone_through
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


def job_with_checkins(users: dict) -> str:
    """Anna works at Brugsen with her consent: one check-in answered (with a call asked for),
    and one waiting for Kim Larsen, whose link is returned. She and Mette went through the
    benefits questions her job start opened."""
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
            start_date=days(-16),
            hours_per_week=Decimal("12"),
            hourly_wage=Decimal("142.50"),
            competitive=True,
            schedule=Schedule.STANDARD,
        ),
    )
    review = db.scalar(select(BenefitsReview).where(BenefitsReview.job_id == job.id))
    mark_gone_through(mette, review)
    consent = get_consent(anna.id, brugsen.id)
    with force_locale("da"):
        set_permission(anna, consent, Category.CONTACT, True)
        set_permission(anna, consent, Category.NAME, True)
        set_disclosure(
            anna, consent, Disclosure.AGREED, "Mette må sige, at jeg har brug for faste pauser."
        )
    first = latest_due_date(job.start_date, job.schedule, days(-7))
    send_checkin(job, first)
    answered = db.scalar(select(CheckIn).where(CheckIn.job_id == job.id))
    answer_checkin(
        answered,
        Answer(True, Decimal("12"), 4, True, "Anna er god ved kunderne. Ring gerne om vagtplanen."),
    )
    return send_checkin(job, latest_due_date(job.start_date, job.schedule, days(0)))


def job_told_nothing(users: dict) -> None:
    """Ahmed works at Lagerhuset and has chosen not to tell them about the support: Sara's job
    page and Ahmed's consent page say why no check-ins go to Maria Berg, and her home page
    shows nothing of him (portal/placements/services/disclosure.py). The benefits questions
    his job start opened are still to be gone through: both his and Sara's pages say so."""
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
            start_date=days(-20),
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


def education_sv(elin: User, sara: User) -> None:
    record_education(
        sara,
        elin,
        EducationData("Botkyrka Truckskola", "Truckkort A och B", days(-10), days(20), None),
    )
    lager = find_employer(sara.team_id, "Lagerhuset i Tumba AB")
    request_consent(sara, elin, lager)  # Elin has not decided yet: no check-ins are sent


def shared_contact(users: dict, odense: Team) -> None:
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
            contact_on=days(-6),
            in_person=True,
            note="Besök på terminalen i Tumba. Johan tar gärna emot två praktikanter i vår.",
        )
    )
    db.flush()


def conversations(users: dict) -> None:
    """A few conversations in Danish and Swedish, one of them waiting for an answer."""
    anna, mette = users["anna@demo.ips-portal.dk"], users["mette@demo.ips-portal.dk"]
    lise, jonas = users["lise@demo.ips-portal.dk"], users["jonas@demo.ips-portal.dk"]
    elin, sara = users["elin@demo.ips-portal.se"], users["sara@demo.ips-portal.se"]
    save_availability(mette, 1, None, None, None)
    save_availability(jonas, 2, days(-2), days(5), mette.id)  # Mette answers for Jonas
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
