"""What an employer may be told, decided by the participant's disclosure answer for them.

Being in IPS reveals a mental illness, and in IPS the decision to disclose is the
participant's alone: a careless sentence to an employer can cost a person their job. So every
word an employer or its contact persons receive from the portal (check-in e-mails, the
check-in page and its thank-you page, the employer's home page) follows one rule, the voice:

- SILENT: no answer yet (the safe default), "say nothing about the support", no consent to
  contact, or restricted records. Nothing is sent at all: no check-in, no e-mail. The link of
  an earlier check-in closes and the placement is left off the employer's pages, so nothing
  they receive names the team, IPS, the specialist or support.
- AGREED ("only what we agreed"): the participant's note is written for the specialist, who
  says by phone or in person what it allows; it is never shown to the employer. The portal's
  own words name the specialist as a person to contact, and only that: never "support",
  "employment specialist", the team's name, IPS, psychiatry or treatment.
- OPEN ("yes"): the texts may name the team and say that the employee gets support.

The participant's first name and job title follow their own consent (share_name) on top.

A change takes effect at once. Pages read the answer when they are opened; a check-in whose
e-mail is still waiting in the outbox is dropped with its e-mail in the same transaction as the
change (drop_unsent_checkins), and the next run of `flask checkins send` asks again in the new
voice, or not at all.
"""

import re
from enum import StrEnum

from sqlalchemy import delete, select

from portal.core.db import db
from portal.core.outbox import OutboxEmail
from portal.placements.models import CheckIn, Disclosure, EmployerConsent, Job


class Voice(StrEnum):
    SILENT = "silent"
    AGREED = "agreed"
    OPEN = "open"


def employer_voice(consent: EmployerConsent | None) -> Voice:
    """How much the portal may say to this consent's employer (see the module's rule)."""
    if consent is None or not consent.may_contact or consent.client.restricted_at is not None:
        return Voice.SILENT
    if consent.disclosure == Disclosure.YES:
        return Voice.OPEN
    if consent.disclosure == Disclosure.AGREED:
        return Voice.AGREED
    return Voice.SILENT  # "no", or not answered yet


def employer_words(job: Job, consent: EmployerConsent | None) -> dict:
    """The names an employer-facing text may use for this job, and the voice to use them in;
    what the rule does not allow is None, so a template cannot show it by mistake."""
    voice = employer_voice(consent)
    if voice == Voice.AGREED and job.client.specialist is None:
        voice = Voice.SILENT  # the agreed words are the specialist's to say: nobody to say them
    named = voice != Voice.SILENT and consent.share_name
    specialist = job.client.specialist if voice != Voice.SILENT else None
    team = specialist.team if specialist and voice == Voice.OPEN else None
    return {
        "voice": voice.value,
        "first_name": job.client.first_name if named else None,
        "job_title": job.title if named else None,
        "employer_name": job.employer.name if job.employer else "",
        "specialist_name": specialist.name if specialist else None,
        # An address or phone is only a way to reach the person; the team's name is not.
        "specialist_email": specialist.email if specialist and voice == Voice.OPEN else None,
        "specialist_phone": specialist.phone if specialist else None,
        "team_name": (team.name if team else "IPS") if voice == Voice.OPEN else None,
    }


# The path of a check-in link inside an e-mail body (see checkins.views.answer_by_link).
LINK_IN_BODY = re.compile(r"/check-in/([A-Za-z0-9_\-.]+)")


def drop_unsent_checkins(consent: EmployerConsent) -> int:
    """Delete the check-ins for this client and employer whose e-mail has not gone out yet,
    with the e-mail; return how many. Called in the transaction that changes the consent, so
    no e-mail written in the old words can be sent after the change."""
    from portal.placements.services.checkins import (
        checkin_id_in_link,
    )  # checkins.services imports us

    waiting = {
        checkin.id: checkin
        for checkin in db.scalars(
            select(CheckIn)
            .join(Job, Job.id == CheckIn.job_id)
            .where(
                Job.client_id == consent.client_id,
                Job.employer_id == consent.employer_id,
                CheckIn.answered_at.is_(None),
            )
        )
    }
    if not waiting:
        return 0
    recipients = {c.contact.email for c in waiting.values() if c.contact is not None}
    dropped = 0
    unsent = db.scalars(
        select(OutboxEmail).where(
            OutboxEmail.sent_at.is_(None), OutboxEmail.recipient.in_(recipients)
        )
    ).all()
    for email in unsent:
        for token in LINK_IN_BODY.findall(email.body):
            checkin = waiting.get(checkin_id_in_link(token))
            if checkin is None:
                continue
            # Only if still unsent when deleted: a worker may be sending it at this moment
            # (PostgreSQL: it holds the row lock, and this waits for its commit).
            gone = db.execute(
                delete(OutboxEmail).where(OutboxEmail.id == email.id, OutboxEmail.sent_at.is_(None))
            )
            if gone.rowcount == 1:
                db.delete(checkin)
                dropped += 1
            break
    db.flush()
    return dropped
