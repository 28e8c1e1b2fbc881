"""A year of IPS Odense's history for the demo: ten more participants with employer contacts,
jobs, hours and endings, and the specialists' job development log, so that the outcome and
fidelity report shows real figures (and hides the groups that are too small). The workplaces
are IPS Odense's own employer records."""

from datetime import date, timedelta
from decimal import Decimal

from flask_babel import force_locale

from portal.accounts.services import NewAccount, create_user, find_or_create_employer
from portal.core.db import db
from portal.core.identity import EmployerOrganisation, Role, User
from portal.placements.models import Category, EmployerContact, EndReason, Schedule
from portal.placements.services.consent import request_consent, set_permission
from portal.placements.services.jobs import (
    EducationData,
    JobData,
    end_job,
    record_education,
    record_job,
)

WORKPLACES = ("Netto Bolbro", "Odense Zoo", "Fyens Stiftstidende", "Kolding Gartneri", "Bog & Ide")
# The type of work at each (ISCO-08 sub-major groups): sales, personal service, newspaper
# delivery, garden labour, sales.
WORK_TYPES = ("52", "51", "96", "92", "52")

# (e-mail, name, specialist, days since enrolment, days to the first employer contact,
#  then the job: days from enrolment to its start, workplace, hours, and how it ended)
HISTORY = [
    ("mads@demo.ips-portal.dk", "Mads Poulsen", "mette", 380, 12, (40, 0, "15"), (140, "resigned")),
    ("sofie@demo.ips-portal.dk", "Sofie Larsen", "mette", 300, 20, (75, 1, "22"), None),
    ("camilla@demo.ips-portal.dk", "Camilla Berg", "mette", 260, 9, (60, 2, "10"), None),
    (
        "jens@demo.ips-portal.dk",
        "Jens Thomsen",
        "mette",
        200,
        35,
        (90, 0, "25"),
        (60, "contract_ended"),
    ),
    ("nadia@demo.ips-portal.dk", "Nadia Ali", "mette", 45, 14, None, None),
    ("rasmus@demo.ips-portal.dk", "Rasmus Kjær", "jonas", 340, 25, (70, 3, "18"), None),
    ("ida@demo.ips-portal.dk", "Ida Frost", "jonas", 280, 18, (50, 4, "30"), (120, "better_job")),
    ("oliver@demo.ips-portal.dk", "Oliver Nissen", "jonas", 220, 40, (110, 1, "12"), None),
    ("karim@demo.ips-portal.dk", "Karim Haddad", "jonas", 150, 28, (80, 0, "20"), None),
    ("maja@demo.ips-portal.dk", "Maja Winther", "jonas", 70, 45, None, None),
]
# Face-to-face and other employer contacts per week, for the last eight weeks (newest first).
WEEKLY_CONTACTS = {
    "mette": [(6, 2), (5, 1), (7, 3), (4, 2), (6, 0), (3, 2), (6, 1), (5, 2)],
    "jonas": [(3, 1), (4, 2), (2, 3), (5, 1), (3, 0), (4, 4), (2, 1), (3, 2)],
}


def load_demo_history(users: dict[str, User], password: str, today: date) -> None:
    specialists = {
        "mette": users["mette@demo.ips-portal.dk"],
        "jonas": users["jonas@demo.ips-portal.dk"],
    }
    team_id = specialists["mette"].team_id  # Mette and Jonas both work in IPS Odense
    places = [find_or_create_employer(team_id, name) for name in WORKPLACES]
    for email, name, who, enrolled_ago, first_contact, job, ending in HISTORY:
        specialist = specialists[who]
        client = create_user(
            NewAccount(Role.CLIENT, email, name, "da", specialist.team_id, specialist.id, None),
            password=password,
        )
        client.enrolled_on = today - timedelta(days=enrolled_ago)
        users[email] = client
        place = places[job[1] if job else 0]
        _consent_to_contact(client, place)
        _contact(specialist, place, client, client.enrolled_on + timedelta(days=first_contact))
        if job:
            _job(
                specialist,
                client,
                place,
                client.enrolled_on + timedelta(days=job[0]),
                job[2],
                ending,
                WORK_TYPES[job[1]],
            )
    record_education(
        specialists["mette"],
        users["nadia@demo.ips-portal.dk"],
        EducationData(
            "Social- og Sundhedsskolen Fyn",
            "SOSU-hjælper",
            today - timedelta(days=10),
            None,
            Decimal("30"),
        ),
    )
    for who, weeks in WEEKLY_CONTACTS.items():
        for back, (in_person, other) in enumerate(weeks):
            monday = today - timedelta(days=today.weekday(), weeks=back)
            for index in range(in_person + other):
                day = min(monday + timedelta(days=index % 5), today)
                db.add(
                    EmployerContact(
                        specialist_id=specialists[who].id,
                        employer_id=places[index % len(places)].id,
                        contact_on=day,
                        in_person=index < in_person,
                    )
                )
    db.flush()


def _consent_to_contact(client: User, place: EmployerOrganisation) -> None:
    consent = request_consent(db.get(User, client.specialist_id), client, place)
    with force_locale("da"):
        set_permission(client, consent, Category.CONTACT, True)


def _contact(specialist: User, place, client: User, day: date) -> None:
    db.add(
        EmployerContact(
            specialist_id=specialist.id,
            employer_id=place.id,
            client_id=client.id,
            contact_on=day,
            in_person=True,
        )
    )


def _job(specialist, client, place, start: date, hours: str, ending, work_type: str) -> None:
    data = JobData(
        place.id, None, "Medhjælper", start, Decimal(hours), None, True, Schedule.NONE, work_type
    )
    job = record_job(specialist, client, data)
    if ending:
        end_job(specialist, job, start + timedelta(days=ending[0]), EndReason(ending[1]))
