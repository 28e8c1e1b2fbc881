"""Build a placement with consent and a sent check-in straight through the services."""

from datetime import date, timedelta
from decimal import Decimal

from itsdangerous import URLSafeSerializer
from sqlalchemy import update

from portal.core.dates import local_today
from portal.core.db import db, utcnow
from portal.core.outbox import OutboxEmail
from portal.placements.models import Category, Disclosure, Schedule
from portal.placements.services.checkins import send_checkin
from portal.placements.services.consent import get_consent, set_disclosure, set_permission
from portal.placements.services.jobs import JobData, record_job

JOB_TITLE = "Shelf stacker"


def job_data(contact, **overrides) -> JobData:
    values = {
        "employer_id": contact.employers[0].id,
        "contact_id": contact.id,
        "title": JOB_TITLE,
        "start_date": local_today() - timedelta(days=10),
        "hours_per_week": Decimal("15"),
        "hourly_wage": None,
        "competitive": True,
        "schedule": Schedule.STANDARD,
    }
    values.update(overrides)
    return JobData(**values)


def placement(
    client, specialist, contact, name=True, due: date | None = None, disclosure=Disclosure.YES
):
    """A job for `client` at `contact`'s workplace, consent to contact (and to show the name),
    the disclosure answer (the employer may be told; see tests/jobs/test_disclosure.py for the
    others), and one check-in sent; return (job, consent, the check-in's link)."""
    job = record_job(specialist, client, job_data(contact))
    consent = get_consent(client.id, contact.employers[0].id)
    set_permission(client, consent, Category.CONTACT, True)
    if name:
        set_permission(client, consent, Category.NAME, True)
    if disclosure is not None:
        set_disclosure(client, consent, disclosure, None)
    link = send_checkin(job, due or job.start_date + timedelta(days=7))
    return job, consent, link


def deliver_outbox(app) -> None:
    """Mark every waiting e-mail as sent, as if the outbox worker had delivered it."""
    with app.app_context():
        db.execute(
            update(OutboxEmail).where(OutboxEmail.sent_at.is_(None)).values(sent_at=utcnow())
        )
        db.commit()


def checkin_id_of(link: str) -> int:
    """Read the check-in id from a link without checking its signature."""
    token = link.rsplit("/", 1)[1]
    payload = token.split(".")[0]
    return URLSafeSerializer("unused").load_payload(payload.encode())[0]


def link_path(link: str) -> str:
    return "/check-in/" + link.rsplit("/", 1)[1]


def job_fields(people, **overrides):
    employer = people["employer"]
    fields = {
        "employer": str(employer.employers[0].id),
        "contact": str(employer.id),
        "title": "Warehouse assistant",
        "start_date": "2027-02-01",
        "hours_per_week": "7,5",
        "hourly_wage": "150.25",
        "competitive": "y",
        "schedule": "standard",
    }
    fields.update(overrides)
    return fields
